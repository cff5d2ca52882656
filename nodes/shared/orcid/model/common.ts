/** Pieces shared by the builders: flat editor fields -> ORCID v3.0 JSON fragments. */
import { ModelValidationError, showValue } from './errors';
import { normalizeExternalIdType } from './externalIds';
import { parsePutCode } from './itemTypes';
import { JsonObject, clean, compact, isObject, wrap } from './json';
import { FieldRule } from './validate';

export interface BuildOptions {
	/**
	 * Record host for contributor iD URIs: 'https://orcid.org' (default) or
	 * 'https://sandbox.orcid.org' (the environment's recordBaseUrl).
	 */
	recordBaseUrl?: string;
}

export interface ExternalIdInput {
	type: string;
	value: string;
	url?: string;
	/** self (default), part-of, version-of, funded-by */
	relationship?: string;
}

export interface OrganizationInput {
	name: string;
	city?: string;
	region?: string;
	/** ISO 3166-1 alpha-2, e.g. US */
	country?: string;
	/** ROR (https://ror.org/... or the bare 9-character id), Ringgold, Crossref Funder or GRID id */
	disambiguatedId?: string;
	/** ROR, RINGGOLD, FUNDREF or GRID */
	disambiguationSource?: string;
}

export interface ContributorInput {
	name?: string;
	/** bare iD or iD URI */
	orcid?: string;
	email?: string;
	role?: string;
	/** works only: first or additional */
	sequence?: string;
}

/** The fields every item may carry. */
export interface ItemFieldsBase {
	/** For updates: ORCID's put code of the item (also sent in the body). */
	putCode?: number | string;
	/** Only to repeat the current visibility; ORCID refuses to change it (9035). */
	visibility?: string;
}

export function fieldsObject(fields: unknown, what: string): Record<string, unknown> {
	if (!isObject(fields)) {
		throw new ModelValidationError(
			'(item)',
			`the ${what} fields must be an object, got ${showValue(fields)}`,
			fields,
		);
	}
	return fields;
}

export function putCodeOf(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return parsePutCode(value, 'putCode');
}

/** A list field from the editor: an array, a single object, or nothing. */
export function listOf(value: unknown, field: string, shape: string): Record<string, unknown>[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : [value];
	return list.map((entry, i) => {
		if (!isObject(entry)) {
			throw new ModelValidationError(
				`${field}[${i}]`,
				`must be an object like ${shape}, got ${showValue(entry)}`,
				entry,
			);
		}
		return entry;
	});
}

/** One external identifier; activity types are ORCID's lowercase names, so 'DOI' becomes 'doi'. */
export function buildExternalId(
	entry: Record<string, unknown>,
	lowercaseType: boolean,
): JsonObject {
	const type = clean(entry.type);
	return compact({
		'external-id-type': lowercaseType && type ? normalizeExternalIdType(type) : type,
		'external-id-value': clean(entry.value),
		'external-id-url': wrap(clean(entry.url)),
		'external-id-relationship': token(entry.relationship) ?? 'self',
	});
}

export function buildExternalIds(
	value: unknown,
	field: string,
	extra: JsonObject[] = [],
): { 'external-id': JsonObject[] } | undefined {
	const list = listOf(value, field, '{type, value, url, relationship}').map((e) =>
		buildExternalId(e, true),
	);
	const all = [...list, ...extra];
	return all.length ? { 'external-id': all } : undefined;
}

export function externalIdRules(jsonBase: string, fieldBase: string): FieldRule[] {
	return [
		[jsonBase, fieldBase],
		[`${jsonBase}.external-id[]`, `${fieldBase}[]`],
		[`${jsonBase}.external-id[].external-id-type`, `${fieldBase}[].type`],
		[`${jsonBase}.external-id[].external-id-value`, `${fieldBase}[].value`],
		[`${jsonBase}.external-id[].external-id-url`, `${fieldBase}[].url`],
		[`${jsonBase}.external-id[].external-id-relationship`, `${fieldBase}[].relationship`],
	];
}

const BARE_ROR = /^0[a-z0-9]{6}[0-9]{2}$/;

export function buildOrganization(value: unknown, field: string): JsonObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (!isObject(value)) {
		throw new ModelValidationError(
			field,
			`must be an object like {name, city, region, country, disambiguatedId, disambiguationSource}, got ${showValue(value)}`,
			value,
		);
	}
	const source = clean(value.disambiguationSource)?.toUpperCase();
	let id = clean(value.disambiguatedId);
	// ORCID stores ROR ids as URLs; accept the bare id people copy from ror.org
	if (source === 'ROR' && id && BARE_ROR.test(id)) id = `https://ror.org/${id}`;
	const country = clean(value.country)?.toUpperCase();
	return compact({
		name: clean(value.name),
		// the XSD requires the address element, even when it only holds a country
		address: compact({ city: clean(value.city), region: clean(value.region), country }),
		// a source without an id (the editor's default source) says nothing: the professional
		// activities may have no organization id at all (ORCID 9062)
		'disambiguated-organization':
			id !== undefined
				? compact({ 'disambiguated-organization-identifier': id, 'disambiguation-source': source })
				: undefined,
	});
}

export function organizationRules(jsonBase: string, fieldBase: string): FieldRule[] {
	return [
		[jsonBase, fieldBase],
		[`${jsonBase}.name`, `${fieldBase}.name`],
		[`${jsonBase}.address`, `${fieldBase}.country`],
		[`${jsonBase}.address.city`, `${fieldBase}.city`],
		[`${jsonBase}.address.region`, `${fieldBase}.region`],
		[`${jsonBase}.address.country`, `${fieldBase}.country`],
		[`${jsonBase}.disambiguated-organization`, `${fieldBase}.disambiguatedId`],
		[
			`${jsonBase}.disambiguated-organization.disambiguated-organization-identifier`,
			`${fieldBase}.disambiguatedId`,
		],
		[
			`${jsonBase}.disambiguated-organization.disambiguation-source`,
			`${fieldBase}.disambiguationSource`,
		],
	];
}

const ORCID_IN_TEXT = /(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])\/?$/;

function contributorOrcid(value: unknown, recordBaseUrl: string): JsonObject | undefined {
	const raw = clean(value);
	if (raw === undefined) return undefined;
	const m = ORCID_IN_TEXT.exec(raw);
	if (!m || (raw !== m[1] && !/^https?:\/\/(sandbox\.)?orcid\.org\//.test(raw))) {
		// leave the bad value where the validator will name it
		return { path: raw };
	}
	const id = m[1].toUpperCase();
	const base = recordBaseUrl.replace(/\/+$/, '');
	const host = base.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
	return { uri: `${base}/${id}`, path: id, host };
}

export function buildContributors(
	value: unknown,
	field: string,
	kind: 'work' | 'funding',
	options: BuildOptions,
): { contributor: JsonObject[] } | undefined {
	const list = listOf(value, field, '{name, orcid, email, role, sequence}');
	if (!list.length) return undefined;
	const recordBaseUrl = options.recordBaseUrl ?? 'https://orcid.org';
	return {
		contributor: list.map((c) => {
			const attrs = compact({
				'contributor-sequence': token(c.sequence),
				'contributor-role': normaliseRole(clean(c.role)),
			});
			return compact({
				'contributor-orcid': contributorOrcid(c.orcid, recordBaseUrl),
				'credit-name': wrap(clean(c.name)),
				'contributor-email': wrap(clean(c.email)),
				'contributor-attributes': Object.keys(attrs).length ? attrs : undefined,
			});
		}),
	};
}

/** Legacy roles are lowercase with dashes; CRediT URIs are kept as given. */
function normaliseRole(role: string | undefined): string | undefined {
	if (role === undefined || /^https?:\/\//.test(role)) return role;
	return token(role);
}

/**
 * An enumerated value as ORCID v3.0 spells it: lowercase with dashes, so 'Journal Article'
 * and v2-style 'JOURNAL_ARTICLE' both become 'journal-article'. Blank -> undefined.
 */
export function token(value: unknown): string | undefined {
	const v = clean(value);
	return v === undefined ? undefined : v.toLowerCase().replace(/[\s_]+/g, '-');
}

export function contributorRules(jsonBase: string, fieldBase: string): FieldRule[] {
	return [
		[jsonBase, fieldBase],
		[`${jsonBase}.contributor[]`, `${fieldBase}[]`],
		[`${jsonBase}.contributor[].contributor-orcid`, `${fieldBase}[].orcid`],
		[`${jsonBase}.contributor[].credit-name`, `${fieldBase}[].name`],
		[`${jsonBase}.contributor[].contributor-email`, `${fieldBase}[].email`],
		[`${jsonBase}.contributor[].contributor-attributes.contributor-role`, `${fieldBase}[].role`],
		[
			`${jsonBase}.contributor[].contributor-attributes.contributor-sequence`,
			`${fieldBase}[].sequence`,
		],
	];
}

/** {title, subtitle?, translated-title?} as works, fundings and proposals carry it. */
export function buildTitle(
	title: unknown,
	subtitle: unknown,
	translated: unknown,
	language: unknown,
): JsonObject {
	const tt = clean(translated);
	const lang = clean(language);
	return compact({
		title: wrap(clean(title)),
		subtitle: wrap(clean(subtitle)),
		'translated-title':
			tt !== undefined || lang !== undefined
				? compact({ value: tt, 'language-code': lang })
				: undefined,
	});
}

export function titleRules(
	jsonBase: string,
	fields: { title: string; subtitle?: string; translated: string; language: string },
): FieldRule[] {
	const rules: FieldRule[] = [
		[jsonBase, fields.title],
		[`${jsonBase}.title`, fields.title],
		[`${jsonBase}.translated-title`, fields.translated],
		[`${jsonBase}.translated-title.language-code`, fields.language],
	];
	if (fields.subtitle) rules.push([`${jsonBase}.subtitle`, fields.subtitle]);
	return rules;
}

export const COMMON_RULES: FieldRule[] = [
	['put-code', 'putCode'],
	['visibility', 'visibility'],
];

/**
 * The ONE set of rules an item must pass before it is sent to ORCID. Builders build JSON
 * and run it through here (and translate the JSON paths back to editor field names); raw
 * JSON from an expression goes through the same function. The rules follow ORCID's own
 * validation (ActivityValidator, ExternalIDValidator, error codes 9022-9061) and the v3.0
 * XSDs (required elements, lengths, the group-id pattern).
 */
import { checkFuzzyDate, compareFuzzyDates } from './dates';
import {
	CITATION_TYPES,
	DISAMBIGUATION_SOURCES,
	FUNDING_TYPES,
	PEER_REVIEW_ROLES,
	PEER_REVIEW_SUBJECT_TYPES,
	PEER_REVIEW_TYPES,
	RELATIONSHIPS,
	RESOURCE_TYPES,
	SEQUENCES,
	VISIBILITIES,
	WORK_TYPES,
	isCountryCode,
	isCurrencyCode,
	isFundingContributorRole,
	isLanguageCode,
	isOneOf,
	isWorkContributorRole,
} from './enums';
import { ModelValidationError, ValidationIssue, showValue } from './errors';
import { doiProblem, normalizeExternalIdType } from './externalIds';
import { ItemType, isAffiliationType, itemTypeInfo } from './itemTypes';
import { JsonObject, asArray, isObject, text } from './json';

export type JsonPath = Array<string | number>;

export function pathToString(path: JsonPath): string {
	let out = '';
	for (const seg of path) {
		if (typeof seg === 'number') out += `[${seg}]`;
		else out += out === '' ? seg : `.${seg}`;
	}
	return out;
}

interface RawIssue {
	path: JsonPath;
	problem: string;
	value?: unknown;
}

class Checker {
	readonly issues: RawIssue[] = [];

	add(path: JsonPath, problem: string, value?: unknown): void {
		this.issues.push({ path, problem, value });
	}
}

function oneOfText(list: readonly string[], max = 12): string {
	return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')}, ...`;
}

/** ORCID's non-empty-string: at least one character that is not whitespace. */
function isBlank(value: string | null): boolean {
	return value === null || value.trim() === '';
}

/**
 * The first character XML 1.0 forbids (ORCID keeps and serves every item as XML too):
 * control characters other than tab, newline and carriage return, U+FFFE/U+FFFF and
 * unpaired surrogates. Null when the text is fine.
 */
function forbiddenChar(value: string): number | null {
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
		if (c === 0xfffe || c === 0xffff) return c;
		if (c >= 0xd800 && c <= 0xdbff) {
			const next = value.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				i++;
				continue;
			}
			return c;
		}
		if (c >= 0xdc00 && c <= 0xdfff) return c;
	}
	return null;
}

interface StringRule {
	required?: boolean;
	max?: number;
	why?: string;
}

/** A string, bare or wrapped as {"value": ...}. Returns the text (or null). */
function checkText(c: Checker, path: JsonPath, raw: unknown, rule: StringRule = {}): string | null {
	if (raw === undefined || raw === null) {
		if (rule.required) c.add(path, `is required${rule.why ? ` (${rule.why})` : ''}`, raw);
		return null;
	}
	const value = text(raw);
	if (value === null) {
		c.add(path, `must be text, got ${showValue(raw)}`, raw);
		return null;
	}
	if (isBlank(value)) {
		if (rule.required)
			c.add(path, `is required${rule.why ? ` (${rule.why})` : ''}, got ${showValue(raw)}`, raw);
		else c.add(path, `is empty; leave it out instead`, raw);
		return null;
	}
	const bad = forbiddenChar(value);
	if (bad !== null) {
		const code = bad.toString(16).toUpperCase().padStart(4, '0');
		c.add(
			path,
			`contains the character U+${code}, which ORCID cannot store (not allowed in XML)`,
			raw,
		);
	}
	if (rule.max !== undefined && value.length > rule.max) {
		c.add(path, `is ${value.length} characters long; ORCID allows at most ${rule.max}`, raw);
	}
	return value;
}

function checkEnum(
	c: Checker,
	path: JsonPath,
	raw: unknown,
	list: readonly string[],
	label: string,
	required: boolean,
): void {
	if (raw === undefined || raw === null || raw === '') {
		if (required) c.add(path, `is required: one of ${oneOfText(list)}`, raw);
		return;
	}
	if (!isOneOf(list, raw)) {
		c.add(path, `unknown ${label} ${showValue(raw)}; expected one of ${oneOfText(list)}`, raw);
	}
}

const URL_SHAPE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/;

function checkUrl(c: Checker, path: JsonPath, raw: unknown, required = false): void {
	const value = checkText(c, path, raw, { required, max: 2084 });
	if (value !== null && !URL_SHAPE.test(value.trim())) {
		c.add(path, `${showValue(value)} is not a full URL (e.g. https://example.org/page)`, raw);
	}
}

const EMAIL_SHAPE = /^[^@\s]+@[^@\s.]+\.[^@\s]+$/;

/** ISO 7064 MOD 11-2, as ORCID computes it over the first 15 digits. */
function isOrcidId(value: string): boolean {
	if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(value)) return false;
	const digits = value.replace(/-/g, '');
	let total = 0;
	for (let i = 0; i < 15; i++) total = (total + Number(digits[i])) * 2;
	const result = (12 - (total % 11)) % 11;
	return digits[15] === (result === 10 ? 'X' : String(result));
}

function checkPutCodeAttr(
	c: Checker,
	json: JsonObject,
	operation: ValidateOptions['operation'],
): void {
	const raw = json['put-code'];
	if (raw === undefined || raw === null) {
		if (operation === 'update') {
			c.add(['put-code'], 'is required to update an item (ORCID answers 9019 without it)', raw);
		}
		return;
	}
	const ok =
		(typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) ||
		(typeof raw === 'string' && /^[1-9][0-9]{0,15}$/.test(raw.trim()));
	if (!ok) {
		c.add(['put-code'], `put code must be a positive whole number, got ${showValue(raw)}`, raw);
		return;
	}
	if (operation === 'create') {
		c.add(['put-code'], 'must not be sent when creating an item (ORCID answers 9024)', raw);
	}
}

function checkCommon(c: Checker, json: JsonObject, options: ValidateOptions): void {
	checkPutCodeAttr(c, json, options.operation);
	if (json.visibility !== undefined && json.visibility !== null) {
		checkEnum(c, ['visibility'], json.visibility, VISIBILITIES, 'visibility', false);
	}
}

// Keys ORCID returns on reads and accepts back on writes (so a read item can be re-sent).
const READ_ONLY_KEYS = [
	'put-code',
	'visibility',
	'path',
	'display-index',
	'created-date',
	'last-modified-date',
	'source',
];

const KNOWN_KEYS: Record<string, string[]> = {
	work: [
		'title',
		'journal-title',
		'short-description',
		'citation',
		'type',
		'publication-date',
		'external-ids',
		'url',
		'contributors',
		'language-code',
		'country',
	],
	funding: [
		'type',
		'organization-defined-type',
		'title',
		'short-description',
		'amount',
		'url',
		'start-date',
		'end-date',
		'external-ids',
		'contributors',
		'organization',
	],
	affiliation: [
		'department-name',
		'role-title',
		'start-date',
		'end-date',
		'organization',
		'url',
		'external-ids',
	],
	'peer-review': [
		'reviewer-role',
		'review-identifiers',
		'review-url',
		'review-type',
		'review-completion-date',
		'review-group-id',
		'subject-external-identifier',
		'subject-container-name',
		'subject-type',
		'subject-name',
		'subject-url',
		'convening-organization',
	],
	'research-resource': ['proposal', 'resource-item'],
	keyword: ['content'],
	'other-name': ['content'],
	'researcher-url': ['url-name', 'url'],
	'external-identifier': [
		'external-id-type',
		'external-id-value',
		'external-id-normalized',
		'external-id-normalized-error',
		'external-id-url',
		'external-id-relationship',
	],
};

function checkKnownKeys(c: Checker, itemType: ItemType, json: JsonObject): void {
	const group = isAffiliationType(itemType) ? 'affiliation' : itemType;
	const known = new Set([...KNOWN_KEYS[group], ...READ_ONLY_KEYS]);
	for (const key of Object.keys(json)) {
		if (known.has(key)) continue;
		let hint = '';
		if (key === itemType)
			hint = `; send the ${itemType} object itself, not wrapped in {"${key}": ...}`;
		else if (key === 'resource-items') hint = '; in JSON the list is "resource-item": [...]';
		c.add([key], `is not a field of an ORCID ${itemType}${hint}`, json[key]);
	}
}

const ACTIVITY_ID_TYPE = /^[a-z0-9][a-z0-9_.-]*$/;

interface ExternalIdRule {
	/** Activities use ORCID's identifier type names; person identifiers are free text. */
	orcidTypeNames: boolean;
	requireRelationship?: boolean;
}

function checkExternalId(
	c: Checker,
	path: JsonPath,
	ext: unknown,
	rule: ExternalIdRule,
): string | null {
	if (!isObject(ext)) {
		c.add(path, `must be an external identifier object, got ${showValue(ext)}`, ext);
		return null;
	}
	const type = checkText(c, [...path, 'external-id-type'], ext['external-id-type'], {
		required: true,
		why: 'e.g. doi, isbn, grant_number',
	});
	if (type !== null && rule.orcidTypeNames && !ACTIVITY_ID_TYPE.test(type)) {
		c.add(
			[...path, 'external-id-type'],
			`${showValue(type)} is not an ORCID identifier type name; use the lowercase names ORCID lists at /v3.0/identifiers (doi, isbn, pmid, grant_number, source-work-id ...)`,
			type,
		);
	}
	const value = checkText(c, [...path, 'external-id-value'], ext['external-id-value'], {
		required: true,
	});
	const doi = value !== null && type !== null && normalizeExternalIdType(type) === 'doi';
	const notADoi = doi ? doiProblem(value) : null;
	if (notADoi !== null)
		c.add([...path, 'external-id-value'], `${showValue(value)} ${notADoi}`, value);
	if (ext['external-id-url'] !== undefined && ext['external-id-url'] !== null) {
		checkUrl(c, [...path, 'external-id-url'], ext['external-id-url']);
	}
	const rel = ext['external-id-relationship'];
	checkEnum(
		c,
		[...path, 'external-id-relationship'],
		rel,
		RELATIONSHIPS,
		'relationship',
		!!rule.requireRelationship,
	);
	return typeof rel === 'string' ? rel : null;
}

interface ExternalIdsRule extends ExternalIdRule {
	required: boolean;
	requiredWhy?: string;
	needSelf?: boolean;
	/** A version-of identifier needs a self one beside it (peer review, research resource). */
	versionOfNeedsSelf?: boolean;
}

function checkExternalIds(c: Checker, path: JsonPath, raw: unknown, rule: ExternalIdsRule): void {
	if (raw === undefined || raw === null) {
		if (rule.required)
			c.add(path, `are required${rule.requiredWhy ? ` (${rule.requiredWhy})` : ''}`, raw);
		return;
	}
	if (
		!isObject(raw) ||
		(raw['external-id'] !== undefined &&
			raw['external-id'] !== null &&
			!Array.isArray(raw['external-id']))
	) {
		c.add(path, `must look like {"external-id": [ ... ]}, got ${showValue(raw)}`, raw);
		return;
	}
	const list = asArray(raw['external-id']);
	if (list.length === 0) {
		if (rule.required)
			c.add(
				path,
				`need at least one identifier${rule.requiredWhy ? ` (${rule.requiredWhy})` : ''}`,
				raw,
			);
		return;
	}
	const relationships = list.map((ext, i) =>
		checkExternalId(c, [...path, 'external-id', i], ext, rule),
	);
	if (rule.needSelf && !relationships.includes('self')) {
		c.add(
			path,
			`need at least one identifier with relationship 'self' (ORCID answers 9023 otherwise)`,
			raw,
		);
	} else if (
		rule.versionOfNeedsSelf &&
		relationships.includes('version-of') &&
		!relationships.includes('self')
	) {
		c.add(path, `a 'version-of' identifier needs a 'self' identifier beside it`, raw);
	}
}

const ROR_ID = /^https:\/\/ror\.org\/0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$/;
const FUNDREF_ID = /^((https?:\/\/(dx\.)?doi\.org\/)?10\.13039\/)?[0-9]+$/;
const GRID_ID = /^grid\.[0-9]+\.[0-9a-f]+$/;
const RINGGOLD_ID = /^[0-9]+$/;

function checkDisambiguatedId(c: Checker, path: JsonPath, source: string, id: string): void {
	const shapes: Record<string, [RegExp, string]> = {
		ROR: [
			ROR_ID,
			'https://ror.org/ followed by the 9-character ROR id, e.g. https://ror.org/05qwgg493',
		],
		FUNDREF: [FUNDREF_ID, 'a Crossref Funder ID such as http://dx.doi.org/10.13039/100000001'],
		GRID: [GRID_ID, 'a GRID id such as grid.455335.1'],
		RINGGOLD: [RINGGOLD_ID, 'the numeric Ringgold id, e.g. 385488'],
	};
	const shape = shapes[source];
	if (shape && !shape[0].test(id)) {
		c.add(path, `${showValue(id)} is not a ${source} identifier; expected ${shape[1]}`, id);
	}
}

interface OrgRule {
	requireDisambiguated: boolean;
	requireCityCountry: boolean;
	label: string;
}

function checkOrganization(c: Checker, path: JsonPath, org: unknown, rule: OrgRule): void {
	if (org === undefined || org === null) {
		const parts = rule.requireDisambiguated ? 'name, country and disambiguated id' : 'name';
		c.add(path, `is required: the ${rule.label} with its ${parts}`, org);
		return;
	}
	if (!isObject(org)) {
		c.add(path, `must be an organization object, got ${showValue(org)}`, org);
		return;
	}
	checkText(c, [...path, 'name'], org.name, { required: true, max: 4000 });
	const address = org.address;
	let city: string | null = null;
	let region: string | null = null;
	let country: unknown = null;
	if (address !== undefined && address !== null) {
		if (!isObject(address)) {
			c.add(
				[...path, 'address'],
				`must be an object with city, region, country, got ${showValue(address)}`,
				address,
			);
		} else {
			city = checkText(c, [...path, 'address', 'city'], address.city, { max: 4000 });
			region = checkText(c, [...path, 'address', 'region'], address.region, { max: 4000 });
			country = address.country;
			if (country !== undefined && country !== null) {
				const code = text(country);
				if (!isCountryCode(code)) {
					c.add(
						[...path, 'address', 'country'],
						`${showValue(code ?? country)} is not an ISO 3166-1 alpha-2 country code (e.g. US, GB, DE)`,
						country,
					);
				}
			}
		}
	}
	const hasCountry = country !== undefined && country !== null;
	if (rule.requireCityCountry) {
		if (city === null) {
			c.add(
				[...path, 'address', 'city'],
				'is required for employment and education (ORCID answers 9060)',
				city,
			);
		}
		if (!hasCountry) {
			c.add(
				[...path, 'address', 'country'],
				'is required for employment and education (ORCID answers 9060)',
				country,
			);
		}
	} else if ((city !== null || region !== null) && !hasCountry) {
		c.add(
			[...path, 'address', 'country'],
			'is required when a city or region is given (ORCID answers 9061)',
			country,
		);
	}
	const dis = org['disambiguated-organization'];
	if (dis === undefined || dis === null) {
		if (rule.requireDisambiguated) {
			c.add(
				[...path, 'disambiguated-organization'],
				`is required: ORCID needs a RINGGOLD, FUNDREF, ROR or GRID id for the ${rule.label} (9045)`,
				dis,
			);
		}
		return;
	}
	if (!isObject(dis)) {
		c.add([...path, 'disambiguated-organization'], `must be an object, got ${showValue(dis)}`, dis);
		return;
	}
	const id = checkText(
		c,
		[...path, 'disambiguated-organization', 'disambiguated-organization-identifier'],
		dis['disambiguated-organization-identifier'],
		{ required: true, max: 500, why: 'the ROR, Ringgold, Crossref Funder or GRID id' },
	);
	const source = dis['disambiguation-source'];
	checkEnum(
		c,
		[...path, 'disambiguated-organization', 'disambiguation-source'],
		source,
		DISAMBIGUATION_SOURCES,
		'disambiguation source',
		true,
	);
	if (id !== null && isOneOf(DISAMBIGUATION_SOURCES, source)) {
		checkDisambiguatedId(
			c,
			[...path, 'disambiguated-organization', 'disambiguated-organization-identifier'],
			source,
			id,
		);
	}
}

function checkDate(c: Checker, path: JsonPath, raw: unknown, required = false): boolean {
	if (raw === undefined || raw === null) {
		if (required) c.add(path, 'is required (YYYY, YYYY-MM or YYYY-MM-DD)', raw);
		return false;
	}
	const problem = checkFuzzyDate(raw);
	if (problem) {
		c.add(path, problem, raw);
		return false;
	}
	return true;
}

function checkStartEnd(c: Checker, base: JsonPath, json: JsonObject): void {
	const hasStart = checkDate(c, [...base, 'start-date'], json['start-date']);
	const endGiven = json['end-date'] !== undefined && json['end-date'] !== null;
	const hasEnd = checkDate(c, [...base, 'end-date'], json['end-date']);
	const startGiven = json['start-date'] !== undefined && json['start-date'] !== null;
	if (endGiven && !startGiven) {
		c.add(
			[...base, 'start-date'],
			'is required when an end date is given (ORCID answers 9050)',
			json['start-date'],
		);
	}
	if (hasStart && hasEnd && compareFuzzyDates(json['start-date'], json['end-date']) > 0) {
		c.add(
			[...base, 'start-date'],
			`start date is after the end date (ORCID answers 9055)`,
			json['start-date'],
		);
	}
}

function checkTitleBlock(
	c: Checker,
	path: JsonPath,
	raw: unknown,
	opts: { subtitle: boolean; what: string },
): void {
	if (raw === undefined || raw === null) {
		c.add(
			[...path, 'title'],
			`is required (ORCID rejects a ${opts.what} without a title, 9022)`,
			raw,
		);
		return;
	}
	if (!isObject(raw)) {
		c.add(path, `must look like {"title": {"value": ...}}, got ${showValue(raw)}`, raw);
		return;
	}
	checkText(c, [...path, 'title'], raw.title, {
		required: true,
		max: 1000,
		why: `ORCID rejects a ${opts.what} without a title, 9022`,
	});
	if (opts.subtitle && raw.subtitle !== undefined && raw.subtitle !== null) {
		checkText(c, [...path, 'subtitle'], raw.subtitle, { max: 1000 });
	}
	const tt = raw['translated-title'];
	if (tt !== undefined && tt !== null) {
		const value = text(tt);
		const lang = isObject(tt) ? tt['language-code'] : undefined;
		if (value === null || isBlank(value)) {
			if (lang !== undefined && lang !== null) {
				c.add([...path, 'translated-title'], 'has a language code but no translated title', tt);
			}
		} else {
			if (value.length > 1000) {
				c.add(
					[...path, 'translated-title'],
					`is ${value.length} characters long; ORCID allows at most 1000`,
					tt,
				);
			}
			if (lang === undefined || lang === null || lang === '') {
				c.add(
					[...path, 'translated-title', 'language-code'],
					'is required with a translated title (e.g. en, fr, zh_CN)',
					lang,
				);
			} else if (!isLanguageCode(lang)) {
				c.add(
					[...path, 'translated-title', 'language-code'],
					`unknown language code ${showValue(lang)} (e.g. en, fr, de, zh_CN)`,
					lang,
				);
			}
		}
	}
}

function checkContributors(
	c: Checker,
	path: JsonPath,
	raw: unknown,
	kind: 'work' | 'funding',
): void {
	if (raw === undefined || raw === null) return;
	if (
		!isObject(raw) ||
		(raw.contributor !== undefined && raw.contributor !== null && !Array.isArray(raw.contributor))
	) {
		c.add(path, `must look like {"contributor": [ ... ]}, got ${showValue(raw)}`, raw);
		return;
	}
	asArray(raw.contributor).forEach((con, i) => {
		const p: JsonPath = [...path, 'contributor', i];
		if (!isObject(con)) {
			c.add(p, `must be a contributor object, got ${showValue(con)}`, con);
			return;
		}
		const orcid = con['contributor-orcid'];
		if (orcid !== undefined && orcid !== null) {
			if (!isObject(orcid)) {
				c.add(
					[...p, 'contributor-orcid'],
					`must be {"path": "0000-..."}, got ${showValue(orcid)}`,
					orcid,
				);
			} else {
				const id = orcid.path;
				if (id !== undefined && id !== null && !(typeof id === 'string' && isOrcidId(id))) {
					c.add(
						[...p, 'contributor-orcid', 'path'],
						`${showValue(id)} is not a valid ORCID iD (0000-0000-0000-000X with a correct check digit)`,
						id,
					);
				}
				const uri = orcid.uri;
				if (uri !== undefined && uri !== null) {
					const m =
						typeof uri === 'string'
							? /^https?:\/\/(?:sandbox\.)?orcid\.org\/(.+)$/.exec(uri)
							: null;
					if (!m || !isOrcidId(m[1])) {
						c.add(
							[...p, 'contributor-orcid', 'uri'],
							`${showValue(uri)} is not an ORCID iD URI`,
							uri,
						);
					}
				}
			}
		}
		if (con['credit-name'] !== undefined && con['credit-name'] !== null) {
			checkText(c, [...p, 'credit-name'], con['credit-name'], { max: 150 });
		}
		const email = con['contributor-email'];
		if (email !== undefined && email !== null) {
			const value = checkText(c, [...p, 'contributor-email'], email, { max: 350 });
			if (value !== null && !EMAIL_SHAPE.test(value)) {
				c.add([...p, 'contributor-email'], `${showValue(value)} is not an email address`, email);
			}
		}
		const attrs = con['contributor-attributes'];
		if (attrs !== undefined && attrs !== null) {
			if (!isObject(attrs)) {
				c.add(
					[...p, 'contributor-attributes'],
					`must be an object, got ${showValue(attrs)}`,
					attrs,
				);
				return;
			}
			const role = attrs['contributor-role'];
			if (role !== undefined && role !== null) {
				const ok = kind === 'work' ? isWorkContributorRole(role) : isFundingContributorRole(role);
				if (!ok) {
					const list =
						kind === 'work'
							? 'author, editor, assignee, co-investigator, principal-investigator ... or a CRediT role URI'
							: 'lead, co-lead, supported-by, other-contribution or a CRediT role URI';
					c.add(
						[...p, 'contributor-attributes', 'contributor-role'],
						`unknown contributor role ${showValue(role)}; expected ${list}`,
						role,
					);
				}
			}
			if (kind === 'work') {
				const seq = attrs['contributor-sequence'];
				if (seq !== undefined && seq !== null) {
					checkEnum(
						c,
						[...p, 'contributor-attributes', 'contributor-sequence'],
						seq,
						SEQUENCES,
						'sequence',
						false,
					);
				}
			} else if (
				attrs['contributor-sequence'] !== undefined &&
				attrs['contributor-sequence'] !== null
			) {
				c.add(
					[...p, 'contributor-attributes', 'contributor-sequence'],
					'funding contributors have no sequence',
					attrs['contributor-sequence'],
				);
			}
		}
	});
}

function mustBeObject(c: Checker, itemType: string, json: unknown): json is JsonObject {
	if (!isObject(json)) {
		c.add([], `an ORCID ${itemType} must be a JSON object, got ${showValue(json)}`, json);
		return false;
	}
	return true;
}

function checkWork(c: Checker, w: JsonObject): void {
	checkTitleBlock(c, ['title'], w.title, { subtitle: true, what: 'work' });
	checkEnum(c, ['type'], w.type, WORK_TYPES, 'work type', true);
	checkText(c, ['journal-title'], w['journal-title'], { max: 1000 });
	checkText(c, ['short-description'], w['short-description'], { max: 5000 });
	const citation = w.citation;
	if (citation !== undefined && citation !== null) {
		if (!isObject(citation)) {
			c.add(
				['citation'],
				`must be {"citation-type", "citation-value"}, got ${showValue(citation)}`,
				citation,
			);
		} else {
			checkEnum(
				c,
				['citation', 'citation-type'],
				citation['citation-type'],
				CITATION_TYPES,
				'citation type',
				true,
			);
			checkText(c, ['citation', 'citation-value'], citation['citation-value'], { required: true });
		}
	}
	checkDate(c, ['publication-date'], w['publication-date']);
	checkExternalIds(c, ['external-ids'], w['external-ids'], {
		orcidTypeNames: true,
		required: true,
		requiredWhy: `a work needs at least one identifier with relationship 'self', ORCID answers 9023 otherwise`,
		needSelf: true,
	});
	if (w.url !== undefined && w.url !== null) checkUrl(c, ['url'], w.url);
	checkContributors(c, ['contributors'], w.contributors, 'work');
	const lang = w['language-code'];
	if (lang !== undefined && lang !== null && !isLanguageCode(lang)) {
		c.add(
			['language-code'],
			`unknown language code ${showValue(lang)} (e.g. en, fr, de, zh_CN)`,
			lang,
		);
	}
	const country = w.country;
	if (country !== undefined && country !== null && !isCountryCode(text(country))) {
		c.add(
			['country'],
			`${showValue(text(country) ?? country)} is not an ISO 3166-1 alpha-2 country code`,
			country,
		);
	}
}

function checkFunding(c: Checker, f: JsonObject): void {
	checkEnum(c, ['type'], f.type, FUNDING_TYPES, 'funding type', true);
	checkText(c, ['organization-defined-type'], f['organization-defined-type'], { max: 255 });
	checkTitleBlock(c, ['title'], f.title, { subtitle: false, what: 'funding' });
	checkText(c, ['short-description'], f['short-description'], { max: 5000 });
	const amount = f.amount;
	if (amount !== undefined && amount !== null) {
		if (!isObject(amount)) {
			c.add(
				['amount'],
				`must be {"value": "1000", "currency-code": "EUR"}, got ${showValue(amount)}`,
				amount,
			);
		} else {
			const value = text(amount.value);
			if (value === null || isBlank(value)) {
				c.add(['amount', 'value'], 'is required when an amount is given', amount.value);
			} else if (!/^\d+(\.\d+)?$/.test(value.trim())) {
				c.add(
					['amount', 'value'],
					`${showValue(value)} is not an amount; use digits with an optional decimal point, e.g. 25000 or 1000.50 (ORCID answers 9054)`,
					amount.value,
				);
			}
			const currency = amount['currency-code'];
			if (currency === undefined || currency === null || currency === '') {
				c.add(
					['amount', 'currency-code'],
					'is required with an amount (ISO 4217, e.g. USD, EUR)',
					currency,
				);
			} else if (!isCurrencyCode(currency)) {
				c.add(
					['amount', 'currency-code'],
					`${showValue(currency)} is not an ISO 4217 currency code (e.g. USD, EUR, GBP)`,
					currency,
				);
			}
		}
	}
	if (f.url !== undefined && f.url !== null) checkUrl(c, ['url'], f.url);
	checkStartEnd(c, [], f);
	checkExternalIds(c, ['external-ids'], f['external-ids'], {
		orcidTypeNames: true,
		required: true,
		requiredWhy: 'ORCID needs at least one identifier for a funding, e.g. the grant number',
	});
	checkContributors(c, ['contributors'], f.contributors, 'funding');
	checkOrganization(c, ['organization'], f.organization, {
		requireDisambiguated: true,
		requireCityCountry: false,
		label: 'funding organization',
	});
}

function hasDisambiguatedId(org: unknown): boolean {
	if (!isObject(org)) return false;
	const dis = org['disambiguated-organization'];
	return isObject(dis) && text(dis['disambiguated-organization-identifier']) !== null;
}

function hasExternalId(ids: unknown): boolean {
	return isObject(ids) && Array.isArray(ids['external-id']) && ids['external-id'].length > 0;
}

/**
 * Since 2025 only education and employment need a disambiguated organization with city and
 * country (9045, 9060); the professional activities need a disambiguated organization OR an
 * external identifier (9062). ORCID-Source: orcid-core/.../v3/validator/ActivityValidator.java
 * (validateAffiliation, validateDisambiguatedOrgAndExternalIdentifiersForProfessionalActivities).
 */
function checkAffiliation(c: Checker, itemType: ItemType, a: JsonObject): void {
	checkText(c, ['department-name'], a['department-name'], { max: 4000 });
	checkText(c, ['role-title'], a['role-title'], { max: 4000 });
	checkStartEnd(c, [], a);
	const educationOrEmployment = itemType === 'employment' || itemType === 'education';
	checkOrganization(c, ['organization'], a.organization, {
		requireDisambiguated: educationOrEmployment,
		requireCityCountry: educationOrEmployment,
		label: 'organization',
	});
	if (a.url !== undefined && a.url !== null) checkUrl(c, ['url'], a.url);
	checkExternalIds(c, ['external-ids'], a['external-ids'], {
		orcidTypeNames: true,
		required: false,
	});
	if (
		!educationOrEmployment &&
		isObject(a.organization) &&
		!hasDisambiguatedId(a.organization) &&
		!hasExternalId(a['external-ids'])
	) {
		c.add(
			['organization', 'disambiguated-organization'],
			`is required unless the ${itemType} has an external identifier: ORCID needs a RINGGOLD, FUNDREF, ROR or GRID id or an external identifier (9062)`,
			undefined,
		);
	}
}

const GROUP_ID =
	/^(ringgold:|issn:|orcid-generated:|fundref:|publons:)([0-9a-zA-Z^._~:/?#[\]@!$&'()*+,;=-]){2,}$/;

function checkPeerReview(c: Checker, p: JsonObject): void {
	checkEnum(c, ['reviewer-role'], p['reviewer-role'], PEER_REVIEW_ROLES, 'reviewer role', true);
	checkExternalIds(c, ['review-identifiers'], p['review-identifiers'], {
		orcidTypeNames: true,
		required: true,
		requiredWhy: 'ORCID needs an identifier for the review, e.g. source-work-id',
		versionOfNeedsSelf: true,
	});
	if (p['review-url'] !== undefined && p['review-url'] !== null)
		checkUrl(c, ['review-url'], p['review-url']);
	checkEnum(c, ['review-type'], p['review-type'], PEER_REVIEW_TYPES, 'review type', true);
	checkDate(c, ['review-completion-date'], p['review-completion-date'], true);
	const group = checkText(c, ['review-group-id'], p['review-group-id'], {
		required: true,
		max: 1000,
		why: 'the group the review belongs to, e.g. issn:1741-4857',
	});
	if (group !== null && !GROUP_ID.test(group)) {
		c.add(
			['review-group-id'],
			`${showValue(group)} is not a group id; it starts with issn:, ringgold:, orcid-generated:, fundref: or publons:`,
			group,
		);
	}
	const subject = p['subject-external-identifier'];
	if (subject !== undefined && subject !== null) {
		checkExternalId(c, ['subject-external-identifier'], subject, { orcidTypeNames: true });
	}
	checkText(c, ['subject-container-name'], p['subject-container-name'], { max: 1000 });
	if (p['subject-type'] !== undefined && p['subject-type'] !== null) {
		checkEnum(
			c,
			['subject-type'],
			p['subject-type'],
			PEER_REVIEW_SUBJECT_TYPES,
			'subject type',
			false,
		);
	}
	if (p['subject-name'] !== undefined && p['subject-name'] !== null) {
		checkTitleBlock(c, ['subject-name'], p['subject-name'], {
			subtitle: true,
			what: 'review subject name',
		});
	}
	if (p['subject-url'] !== undefined && p['subject-url'] !== null)
		checkUrl(c, ['subject-url'], p['subject-url']);
	checkOrganization(c, ['convening-organization'], p['convening-organization'], {
		requireDisambiguated: true,
		requireCityCountry: false,
		label: 'convening organization',
	});
}

function checkHosts(c: Checker, path: JsonPath, raw: unknown): void {
	if (raw === undefined || raw === null) {
		c.add(path, 'are required: at least one host organization with a disambiguated id', raw);
		return;
	}
	if (!isObject(raw) || !Array.isArray(raw.organization)) {
		c.add(path, `must look like {"organization": [ ... ]}, got ${showValue(raw)}`, raw);
		return;
	}
	const orgs = raw.organization;
	if (orgs.length === 0) c.add(path, 'need at least one host organization', raw);
	if (orgs.length > 10)
		c.add(path, `has ${orgs.length} organizations; ORCID allows at most 10`, raw);
	orgs.forEach((org, i) =>
		checkOrganization(c, [...path, 'organization', i], org, {
			requireDisambiguated: true,
			requireCityCountry: false,
			label: 'host organization',
		}),
	);
}

function checkResearchResource(c: Checker, r: JsonObject): void {
	const proposal = r.proposal;
	if (!isObject(proposal)) {
		c.add(
			['proposal'],
			`is required: the proposal with title, hosts and identifiers, got ${showValue(proposal)}`,
			proposal,
		);
	} else {
		checkTitleBlock(c, ['proposal', 'title'], proposal.title, {
			subtitle: false,
			what: 'research resource proposal',
		});
		checkHosts(c, ['proposal', 'hosts'], proposal.hosts);
		checkExternalIds(c, ['proposal', 'external-ids'], proposal['external-ids'], {
			orcidTypeNames: true,
			required: true,
			requiredWhy: 'ORCID needs an identifier for the proposal',
			versionOfNeedsSelf: true,
		});
		checkStartEnd(c, ['proposal'], proposal);
		if (proposal.url !== undefined && proposal.url !== null)
			checkUrl(c, ['proposal', 'url'], proposal.url);
	}
	const items = r['resource-item'];
	if (!Array.isArray(items) || items.length === 0) {
		c.add(
			['resource-item'],
			'needs at least one resource item (name, type, hosts, identifiers)',
			items,
		);
		return;
	}
	items.forEach((item, i) => {
		const p: JsonPath = ['resource-item', i];
		if (!isObject(item)) {
			c.add(p, `must be a resource item object, got ${showValue(item)}`, item);
			return;
		}
		checkText(c, [...p, 'resource-name'], item['resource-name'], { required: true, max: 1000 });
		checkEnum(
			c,
			[...p, 'resource-type'],
			item['resource-type'],
			RESOURCE_TYPES,
			'resource type',
			true,
		);
		checkHosts(c, [...p, 'hosts'], item.hosts);
		checkExternalIds(c, [...p, 'external-ids'], item['external-ids'], {
			orcidTypeNames: true,
			required: true,
			requiredWhy: 'ORCID needs an identifier for each resource item',
			versionOfNeedsSelf: true,
		});
		if (item.url !== undefined && item.url !== null) checkUrl(c, [...p, 'url'], item.url);
	});
}

function checkPersonItem(c: Checker, itemType: ItemType, json: JsonObject): void {
	switch (itemType) {
		case 'keyword':
			checkText(c, ['content'], json.content, { required: true, max: 255, why: 'the keyword' });
			break;
		case 'other-name':
			checkText(c, ['content'], json.content, { required: true, max: 255, why: 'the other name' });
			break;
		case 'researcher-url':
			checkText(c, ['url-name'], json['url-name'], { max: 350 });
			checkUrl(c, ['url'], json.url, true);
			break;
		case 'external-identifier':
			checkExternalId(c, [], json, { orcidTypeNames: false, requireRelationship: false });
			break;
	}
}

export interface ValidateOptions {
	/** 'create': a put code is an error (9024); 'update': a put code is required (9019). */
	operation?: 'create' | 'update';
}

/**
 * Every problem in an item's ORCID v3.0 JSON, with JSON paths ('external-ids.external-id[0].external-id-type').
 * Empty when ORCID should accept it. Does not throw (except for an unknown item type).
 */
export function findItemProblems(
	itemType: ItemType,
	json: unknown,
	options: ValidateOptions = {},
): ValidationIssue[] {
	const info = itemTypeInfo(itemType);
	const c = new Checker();
	if (mustBeObject(c, info.itemType, json)) {
		checkKnownKeys(c, info.itemType, json);
		checkCommon(c, json, options);
		switch (info.kind) {
			case 'work':
				checkWork(c, json);
				break;
			case 'funding':
				checkFunding(c, json);
				break;
			case 'affiliation':
				checkAffiliation(c, info.itemType, json);
				break;
			case 'peer-review':
				checkPeerReview(c, json);
				break;
			case 'research-resource':
				checkResearchResource(c, json);
				break;
			case 'person':
				checkPersonItem(c, info.itemType, json);
				break;
		}
	}
	return c.issues.map((i) => ({
		field: pathToString(i.path) || '(item)',
		problem: i.problem,
		value: i.value,
	}));
}

/** Raw-JSON mode: throws ModelValidationError naming the JSON path of the first problem. */
export function validateRawItem(
	itemType: ItemType,
	json: unknown,
	options: ValidateOptions = {},
): JsonObject {
	const issues = findItemProblems(itemType, json, options);
	if (issues.length) throw ModelValidationError.fromIssues(issues);
	return json as JsonObject;
}

// ---- mapping JSON paths back to editor fields (used by the builders) ----

/** [JSON path pattern, editor field]; '[]' matches any index and is filled in order. */
export type FieldRule = [string, string];

function normalise(path: string): { key: string; indices: string[] } {
	const indices: string[] = [];
	const key = path.replace(/\[(\d+)\]/g, (_m, n: string) => {
		indices.push(n);
		return '[]';
	});
	return { key, indices };
}

/** Maps 'external-ids.external-id[2].external-id-type' to 'externalIds[2].type' by the longest matching rule. */
export function mapField(jsonPath: string, rules: FieldRule[]): string {
	const { key, indices } = normalise(jsonPath);
	let best: FieldRule | undefined;
	for (const rule of rules) {
		const pattern = rule[0];
		const matches =
			key === pattern ||
			key.startsWith(`${pattern}.`) ||
			key.startsWith(`${pattern}[`) ||
			pattern === '';
		if (matches && (!best || pattern.length > best[0].length)) best = rule;
	}
	if (!best) return jsonPath;
	let i = 0;
	return best[1].replace(/\[\]/g, () => `[${indices[i++] ?? ''}]`);
}

/**
 * Builders: validate the built JSON and report problems under the editor's field names.
 * `remap` may rename a mapped field (a builder that adds identifiers of its own).
 */
export function assertValidBuilt(
	itemType: ItemType,
	json: JsonObject,
	rules: FieldRule[],
	remap: (field: string) => string = (f) => f,
): JsonObject {
	const issues = findItemProblems(itemType, json);
	if (issues.length) {
		throw ModelValidationError.fromIssues(
			issues.map((i) => ({
				...i,
				field: remap(mapField(i.field === '(item)' ? '' : i.field, rules) || '(item)'),
			})),
		);
	}
	return json;
}

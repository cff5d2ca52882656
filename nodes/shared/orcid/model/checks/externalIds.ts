/**
 * External identifiers: ORCID's type names, DOIs that are DOIs, relationships, and the
 * self/version-of rules (ORCID answers 9023 without a self identifier on a work).
 */
import { RELATIONSHIPS } from '../enums';
import { showValue } from '../errors';
import { doiProblem, normalizeExternalIdType } from '../externalIds';
import { asArray, isObject } from '../json';
import { Checker, JsonPath, checkEnum, checkText, checkUrl } from './checker';

const ACTIVITY_ID_TYPE = /^[a-z0-9][a-z0-9_.-]*$/;

export interface ExternalIdRule {
	/** Activities use ORCID's identifier type names; person identifiers are free text. */
	orcidTypeNames: boolean;
	requireRelationship?: boolean;
}

export function checkExternalId(
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

export function checkExternalIds(
	c: Checker,
	path: JsonPath,
	raw: unknown,
	rule: ExternalIdsRule,
): void {
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

/**
 * What every item must get right whatever its kind: its put code for the operation (ORCID
 * answers 9019 / 9024), its visibility, and no keys ORCID does not know.
 */
import { VISIBILITIES } from '../enums';
import { showValue } from '../errors';
import { ItemType, isAffiliationType } from '../itemTypes';
import { JsonObject } from '../json';
import { Checker, checkEnum } from './checker';

export interface ValidateOptions {
	/** 'create': a put code is an error (9024); 'update': a put code is required (9019). */
	operation?: 'create' | 'update';
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

export function checkCommon(c: Checker, json: JsonObject, options: ValidateOptions): void {
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

export function checkKnownKeys(c: Checker, itemType: ItemType, json: JsonObject): void {
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

import { ModelValidationError, showValue } from './errors';

export const AFFILIATION_TYPES = [
	'employment',
	'education',
	'distinction',
	'invited-position',
	'membership',
	'qualification',
	'service',
] as const;
export type AffiliationType = (typeof AFFILIATION_TYPES)[number];

export const ACTIVITY_TYPES = [
	'work',
	'funding',
	...AFFILIATION_TYPES,
	'peer-review',
	'research-resource',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const PERSON_ITEM_TYPES = [
	'keyword',
	'other-name',
	'researcher-url',
	'external-identifier',
] as const;
export type PersonItemType = (typeof PERSON_ITEM_TYPES)[number];

export const ITEM_TYPES = [...ACTIVITY_TYPES, ...PERSON_ITEM_TYPES] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export type ItemScope = '/activities/update' | '/person/update';

export interface ItemTypeInfo {
	itemType: ItemType;
	displayName: string;
	kind: 'work' | 'funding' | 'affiliation' | 'peer-review' | 'research-resource' | 'person';
	/** POST path after the iD: '/work', '/employment', '/keywords'. */
	createPath: string;
	/** GET/PUT/DELETE path after the iD; '{putCode}' is replaced. */
	singlePath: string;
	/** The section list after the iD: '/works', '/employments', '/keywords'. */
	listPath: string;
	/** The item's name in JSON (bulk entries, the XML root's local name). */
	jsonRoot: string;
	/** Section key in an activities summary / person ('works', 'employments', 'keywords'). */
	sectionKey: string;
	/** XSD file in record_3.0/ that validates the item as XML. */
	xsdFile: string;
	xmlRoot: { prefix: string; name: string; namespace: string };
	scope: ItemScope;
	/** Key of one item's summary inside a list group ('work-summary', 'employment-summary'). */
	summaryKey?: string;
}

const ORCID_NS = 'http://www.orcid.org/ns/';

function activity(
	itemType: ActivityType,
	displayName: string,
	kind: ItemTypeInfo['kind'],
	plural: string,
): ItemTypeInfo {
	return {
		itemType,
		displayName,
		kind,
		createPath: `/${itemType}`,
		singlePath: `/${itemType}/{putCode}`,
		listPath: `/${plural}`,
		jsonRoot: itemType,
		sectionKey: plural,
		xsdFile: `${itemType}-3.0.xsd`,
		xmlRoot: { prefix: itemType, name: itemType, namespace: ORCID_NS + itemType },
		scope: '/activities/update',
		summaryKey: `${itemType}-summary`,
	};
}

function person(
	itemType: PersonItemType,
	displayName: string,
	section: string,
	xsdFile: string,
): ItemTypeInfo {
	return {
		itemType,
		displayName,
		kind: 'person',
		createPath: `/${section}`,
		singlePath: `/${section}/{putCode}`,
		listPath: `/${section}`,
		jsonRoot: itemType,
		sectionKey: section,
		xsdFile,
		xmlRoot: { prefix: itemType, name: itemType, namespace: ORCID_NS + itemType },
		scope: '/person/update',
	};
}

const REGISTRY: Record<ItemType, ItemTypeInfo> = {
	work: activity('work', 'Work', 'work', 'works'),
	funding: activity('funding', 'Funding', 'funding', 'fundings'),
	employment: activity('employment', 'Employment', 'affiliation', 'employments'),
	education: activity('education', 'Education', 'affiliation', 'educations'),
	distinction: activity('distinction', 'Distinction', 'affiliation', 'distinctions'),
	'invited-position': activity(
		'invited-position',
		'Invited Position',
		'affiliation',
		'invited-positions',
	),
	membership: activity('membership', 'Membership', 'affiliation', 'memberships'),
	qualification: activity('qualification', 'Qualification', 'affiliation', 'qualifications'),
	service: activity('service', 'Service', 'affiliation', 'services'),
	'peer-review': activity('peer-review', 'Peer Review', 'peer-review', 'peer-reviews'),
	'research-resource': activity(
		'research-resource',
		'Research Resource',
		'research-resource',
		'research-resources',
	),
	keyword: person('keyword', 'Keyword', 'keywords', 'keyword-3.0.xsd'),
	'other-name': person('other-name', 'Other Name', 'other-names', 'other-name-3.0.xsd'),
	'researcher-url': person(
		'researcher-url',
		'Researcher URL',
		'researcher-urls',
		'researcher-url-3.0.xsd',
	),
	'external-identifier': person(
		'external-identifier',
		'External Identifier',
		'external-identifiers',
		'person-external-identifier-3.0.xsd',
	),
};

export function isItemType(value: unknown): value is ItemType {
	return typeof value === 'string' && (ITEM_TYPES as readonly string[]).includes(value);
}

/**
 * An activity type as people write it: `Work`, `peer_review`, `peerReview` and `works` are
 * all the ORCID name (`work`, `peer-review`); null for anything else.
 */
export function parseActivityType(value: unknown): ActivityType | null {
	if (typeof value !== 'string') return null;
	const s = value
		.trim()
		.replace(/([a-z])([A-Z])/g, '$1-$2')
		.replace(/[_\s]+/g, '-')
		.toLowerCase();
	const types = ACTIVITY_TYPES as readonly string[];
	if (types.includes(s)) return s as ActivityType;
	const singular = s.endsWith('s') ? s.slice(0, -1) : s;
	return types.includes(singular) ? (singular as ActivityType) : null;
}

export function isAffiliationType(value: unknown): value is AffiliationType {
	return typeof value === 'string' && (AFFILIATION_TYPES as readonly string[]).includes(value);
}

export function isPersonItemType(value: unknown): value is PersonItemType {
	return typeof value === 'string' && (PERSON_ITEM_TYPES as readonly string[]).includes(value);
}

/** The registry entry; throws ModelValidationError (field 'itemType') for anything else. */
export function itemTypeInfo(itemType: unknown): ItemTypeInfo {
	if (!isItemType(itemType)) {
		throw new ModelValidationError(
			'itemType',
			`unknown item type ${showValue(itemType)}; expected one of ${ITEM_TYPES.join(', ')}`,
			itemType,
		);
	}
	return REGISTRY[itemType];
}

/** All entries, in the order of ITEM_TYPES. */
export function allItemTypes(): ItemTypeInfo[] {
	return ITEM_TYPES.map((t) => REGISTRY[t]);
}

/** A put code as ORCID wants it: a positive integer. Accepts 123 or '123'. */
export function parsePutCode(value: unknown, field = 'putCode'): number {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^[1-9][0-9]{0,17}$/.test(text) || !Number.isSafeInteger(Number(text))) {
		throw new ModelValidationError(
			field,
			`put code must be a positive whole number, got ${showValue(value)}`,
			value,
		);
	}
	return Number(text);
}

/** '/0000-0002-1825-0097/work' */
export function createPath(itemType: ItemType, orcid: string): string {
	return `/${orcid}${itemTypeInfo(itemType).createPath}`;
}

/** '/0000-0002-1825-0097/work/1234' */
export function itemPath(itemType: ItemType, orcid: string, putCode: unknown): string {
	const code = parsePutCode(putCode);
	return `/${orcid}${itemTypeInfo(itemType).singlePath.replace('{putCode}', String(code))}`;
}

/** '/0000-0002-1825-0097/works' */
export function listPath(itemType: ItemType, orcid: string): string {
	return `/${orcid}${itemTypeInfo(itemType).listPath}`;
}

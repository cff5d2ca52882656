/**
 * The activity types a sync knows, and how to read what matching needs (identifiers, title,
 * subtype, year) from either the full item we send or the summary ORCID returns in
 * /activities. The two shapes differ for peer reviews (`review-identifiers` vs `external-ids`,
 * `review-completion-date` vs `completion-date`). No n8n imports.
 */

export const ITEM_TYPES = [
	'work',
	'funding',
	'education',
	'employment',
	'distinction',
	'invited-position',
	'membership',
	'qualification',
	'service',
	'peer-review',
	'research-resource',
] as const;

export type ItemType = (typeof ITEM_TYPES)[number];

export const AFFILIATION_TYPES: ReadonlySet<ItemType> = new Set<ItemType>([
	'education',
	'employment',
	'distinction',
	'invited-position',
	'membership',
	'qualification',
	'service',
]);

const ITEM_TYPE_SET: ReadonlySet<string> = new Set(ITEM_TYPES);

/** `Work`, `peer_review`, `peerReview`, `works` -> the ORCID singular section name, or null. */
export function parseItemType(value: unknown): ItemType | null {
	if (typeof value !== 'string') return null;
	let s = value
		.trim()
		.replace(/([a-z])([A-Z])/g, '$1-$2')
		.replace(/[_\s]+/g, '-')
		.toLowerCase();
	if (ITEM_TYPE_SET.has(s)) return s as ItemType;
	if (s.endsWith('s') && ITEM_TYPE_SET.has(s.slice(0, -1))) s = s.slice(0, -1);
	return ITEM_TYPE_SET.has(s) ? (s as ItemType) : null;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
	return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}

/** `{ value: x }` wrappers, or a plain string. */
function text(v: unknown): string {
	if (typeof v === 'string') return v;
	const o = obj(v);
	if (o && typeof o.value === 'string') return o.value;
	return '';
}

function yearOf(date: unknown): string {
	const d = obj(date);
	if (!d) return '';
	const y = d.year;
	if (typeof y === 'string' || typeof y === 'number') return String(y).trim();
	return text(y).trim();
}

/** The external identifiers container of an item (full JSON or summary). */
export function externalIdsOf(itemType: ItemType, json: Json): unknown {
	if (itemType === 'research-resource') {
		const proposal = obj(json.proposal);
		return proposal ? proposal['external-ids'] : json['external-ids'];
	}
	if (itemType === 'peer-review') {
		return json['review-identifiers'] ?? json['external-ids'];
	}
	return json['external-ids'];
}

export interface TitleParts {
	title: string;
	subtype: string;
	year: string;
}

/**
 * What title matching compares. Peer reviews have no title of their own (the summary lacks the
 * reviewed paper's name), so they are never matched by title.
 */
export function titlePartsOf(itemType: ItemType, json: Json): TitleParts | null {
	let title = '';
	let subtype = '';
	let year = '';
	if (itemType === 'work' || itemType === 'funding') {
		title = text(obj(json.title)?.title);
		subtype = typeof json.type === 'string' ? json.type : '';
		year = yearOf(itemType === 'work' ? json['publication-date'] : json['start-date']);
	} else if (itemType === 'research-resource') {
		const proposal = obj(json.proposal) ?? {};
		title = text(obj(proposal.title)?.title);
		year = yearOf(proposal['start-date']);
	} else if (AFFILIATION_TYPES.has(itemType)) {
		const org = obj(json.organization);
		const orgName = org ? text(org.name) : '';
		const role = text(json['role-title']);
		const department = text(json['department-name']);
		title = [orgName, department, role].filter((s) => s !== '').join(' | ');
		year = yearOf(json['start-date']);
	} else {
		return null;
	}
	if (title.trim() === '') return null;
	return { title, subtype, year };
}

/** Case, accents, punctuation and spacing do not make two titles different. */
export function normalizeTitle(title: string): string {
	return title
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** `itemType|subtype|year|normalised title`, or null when the item has no title. */
export function titleKeyOf(itemType: ItemType, json: Json): string | null {
	const parts = titlePartsOf(itemType, json);
	if (!parts) return null;
	const t = normalizeTitle(parts.title);
	if (t === '') return null;
	return `${itemType}|${parts.subtype.trim().toLowerCase()}|${parts.year}|${t}`;
}

/** The summary list key inside a group: `work-summary`, `funding-summary`, ... */
export function summaryKey(itemType: ItemType): string {
	return `${itemType}-summary`;
}

/** The plural section name in /activities: `works`, `peer-reviews`, `research-resources`. */
export function sectionKey(itemType: ItemType): string {
	return `${itemType}s`;
}

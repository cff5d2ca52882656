/**
 * How two ORCID items are told apart, in one place: who wrote an item (its source client),
 * its put code, the identifiers ORCID compares for duplicates (self / version-of, normalised
 * per type in model/externalIds.ts), the key of a person item, the title signatures of items
 * without identifiers, the put code ORCID names in a 409 duplicate (error 9021), and following
 * a merged record to its primary iD. Write Item's 409 handling and Sync Diff's matching both
 * read items through here. No n8n imports.
 */
import { matchingExternalIdKeys, externalIdKey } from './model/externalIds';
import { isAffiliationType, type ActivityType, type ItemType } from './model/itemTypes';

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
	return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}

/** `{ value: x }` wrappers, or a plain string. */
function text(v: unknown): string {
	if (typeof v === 'string') return v;
	const o = obj(v);
	return o && typeof o.value === 'string' ? o.value : '';
}

// ---- source and put code --------------------------------------------------------------------

/** A put code as ORCID gives it (123 or '123'); null for anything else. */
export function putCodeOf(v: unknown): number | null {
	if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : null;
	if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) {
		const n = Number(v);
		return Number.isSafeInteger(n) && n > 0 ? n : null;
	}
	return null;
}

/** The client that wrote an item (`source.source-client-id`); null when a person is the source. */
export function sourceClientIdOf(item: Json): string | null {
	const source = obj(item.source);
	if (!source) return null;
	const client = source['source-client-id'];
	if (typeof client === 'string') return client;
	const c = obj(client);
	if (!c) return null;
	if (typeof c.path === 'string' && c.path !== '') return c.path;
	if (typeof c.uri === 'string') {
		const i = c.uri.lastIndexOf('/');
		return i >= 0 ? c.uri.slice(i + 1) : c.uri;
	}
	return null;
}

/**
 * The put code ORCID names in its 9021 developer message ("... please see element with
 * put-code 1234 ..."); a hint to check, never trusted alone.
 */
export function putCodeNamedIn(message: string | undefined): number | undefined {
	const match = message ? /put-code\s*(\d+)/i.exec(message) : null;
	return match ? Number(match[1]) : undefined;
}

// ---- identifiers ----------------------------------------------------------------------------

/**
 * The external identifiers container of an item, full JSON or summary: the two shapes differ
 * for peer reviews (`review-identifiers` vs `external-ids`) and research resources keep theirs
 * in the proposal.
 */
export function externalIdsOf(itemType: ItemType, json: Json): unknown {
	if (itemType === 'peer-review') return json['review-identifiers'] ?? json['external-ids'];
	if (itemType === 'research-resource') {
		return obj(json.proposal)?.['external-ids'] ?? json['external-ids'];
	}
	return json['external-ids'];
}

/** Keys (`doi:10.1/abc`) of the identifiers ORCID compares for duplicates (self, version-of). */
export function matchKeysOf(itemType: ItemType, json: Json): string[] {
	return matchingExternalIdKeys(externalIdsOf(itemType, json));
}

/** What makes two person items of one source the same: content, URL, or type:value. */
export function personKeyOf(itemType: ItemType, json: Json): string | undefined {
	const lower = (v: unknown) => text(v).trim().toLowerCase();
	switch (itemType) {
		case 'keyword':
		case 'other-name':
			return lower(json.content) || undefined;
		case 'researcher-url':
			return lower(json.url) || undefined;
		case 'external-identifier':
			return externalIdKey(json['external-id-type'], json['external-id-value'])?.toLowerCase();
		default:
			return undefined;
	}
}

// ---- items without identifiers --------------------------------------------------------------

function yearOf(date: unknown): string {
	const d = obj(date);
	if (!d) return '';
	const y = d.year;
	if (typeof y === 'string' || typeof y === 'number') return String(y).trim();
	return text(y).trim();
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
export function titlePartsOf(itemType: ActivityType, json: Json): TitleParts | null {
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
	} else if (isAffiliationType(itemType)) {
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

/**
 * Sync Diff's title match: `itemType|subtype|year|normalised title`, or null when the item has
 * no title.
 */
export function titleKeyOf(itemType: ActivityType, json: Json): string | null {
	const parts = titlePartsOf(itemType, json);
	if (!parts) return null;
	const t = normalizeTitle(parts.title);
	if (t === '') return null;
	return `${itemType}|${parts.subtype.trim().toLowerCase()}|${parts.year}|${t}`;
}

/**
 * Write Item's fingerprint of an item it wrote without identifiers (an affiliation with none),
 * to find it again after an unclear write: what its summary shows (title, organization, role,
 * department, start year, group id). Looser than titleKeyOf: no year for works.
 */
export function signatureOf(itemType: ItemType, item: Json): string {
	const lower = (v: unknown): string => text(v).trim().toLowerCase();
	const title = obj(item.title) ?? obj(obj(item.proposal)?.title);
	const org = obj(item.organization) ?? obj(item['convening-organization']);
	const start = obj(item['start-date']) ?? obj(item['review-completion-date']);
	return [
		lower(title?.title),
		lower(item.type),
		lower(org?.name),
		lower(item['role-title']),
		lower(item['department-name']),
		lower(start?.year),
		lower(item['review-group-id']),
	].join('|');
}

// ---- finding an item of ours ----------------------------------------------------------------

/** What the item we look for is known by: identifiers, a person key, or else a signature. */
export interface MatchTarget {
	matchKeys: string[];
	personKey?: string;
	/** Used only when the item has no identifier: a few fields compared instead. */
	signature?: string;
}

/** The put codes of our own items (this client's) that are the target item, best first. */
export function findOwnMatches(
	itemType: ItemType,
	summaries: Json[],
	clientId: string,
	target: MatchTarget,
): number[] {
	const keys = new Set(target.matchKeys);
	const found: number[] = [];
	for (const summary of summaries) {
		if (sourceClientIdOf(summary) !== clientId) continue;
		const putCode = putCodeOf(summary['put-code']);
		if (putCode === null) continue;
		let same = false;
		if (target.personKey !== undefined) {
			same = personKeyOf(itemType, summary) === target.personKey;
		} else if (keys.size > 0) {
			same = matchKeysOf(itemType, summary).some((k) => keys.has(k));
		} else if (target.signature !== undefined) {
			same = signatureOf(itemType, summary) === target.signature;
		}
		if (same) found.push(putCode);
	}
	return found;
}

// ---- merged records -------------------------------------------------------------------------

/** How many merges are followed (a record merged into one that was merged again, ...). */
export const MAX_MERGE_HOPS = 3;

/** Following merged records: where the primary iD is read from, and the error to give up with. */
export interface MergeFollowing {
	/** The primary iD an error names (a 301's Location, a 9007 message), or null. */
	movedTo(error: unknown): string | null;
	/** The error thrown when the call failed otherwise, on `orcid` (the iD tried last). */
	giveUp(error: unknown, orcid: string): Error;
	/** Learns each hop. */
	onMove?(to: string): void;
}

/**
 * Runs `call` on the iD and, while ORCID answers that the record was merged into another
 * (301, error 9007), again on the primary iD, at most MAX_MERGE_HOPS times.
 */
export async function followingMerges<T>(
	orcid: string,
	call: (orcid: string) => Promise<T>,
	following: MergeFollowing,
): Promise<{ value: T; orcid: string }> {
	let current = orcid;
	for (let hop = 0; ; hop++) {
		try {
			return { value: await call(current), orcid: current };
		} catch (error) {
			const to = following.movedTo(error);
			if (!to || to === current || hop >= MAX_MERGE_HOPS) throw following.giveUp(error, current);
			current = to;
			following.onMove?.(to);
		}
	}
}

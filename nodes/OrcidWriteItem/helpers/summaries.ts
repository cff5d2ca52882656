/**
 * Finding an item already on the record: who a summary's source is, and whether one of them is
 * the item we tried to write (the summaries come from flattenSection). No n8n imports.
 */
import { externalIdKey, matchingExternalIdKeys } from '../../shared/orcid/model/externalIds';
import type { ItemType } from '../../shared/orcid/model/itemTypes';

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function putCodeOfSummary(summary: Obj): number | undefined {
	const value = summary['put-code'];
	const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
	return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The client id that wrote the item (source-client-id), if a client did. */
export function sourceClientId(item: Obj): string | undefined {
	const source = obj(item.source);
	const client = obj(source?.['source-client-id']);
	const path = client?.path;
	return typeof path === 'string' ? path : undefined;
}

/** Keys of the identifiers ORCID compares for duplicates, from a summary or a full item. */
export function summaryMatchKeys(itemType: ItemType, item: Obj): string[] {
	if (itemType === 'peer-review') {
		return matchingExternalIdKeys(item['review-identifiers'] ?? item['external-ids']);
	}
	if (itemType === 'research-resource') {
		return matchingExternalIdKeys(obj(item.proposal)?.['external-ids'] ?? item['external-ids']);
	}
	return matchingExternalIdKeys(item['external-ids']);
}

export function summaryPersonKey(itemType: ItemType, item: Obj): string | undefined {
	const text = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : '');
	switch (itemType) {
		case 'keyword':
		case 'other-name':
			return text(item.content) || undefined;
		case 'researcher-url':
			return text(obj(item.url)?.value ?? item.url) || undefined;
		case 'external-identifier':
			return externalIdKey(item['external-id-type'], item['external-id-value'])?.toLowerCase();
		default:
			return undefined;
	}
}

export interface MatchTarget {
	matchKeys: string[];
	personKey?: string;
	/** Used only when the item has no identifier: a few fields compared instead. */
	signature?: string;
}

/**
 * A rough fingerprint of an item for items without identifiers (an affiliation with none):
 * what its summary shows (title, organization, role, department, start year, group id).
 */
export function signatureOf(itemType: ItemType, item: Obj): string {
	const text = (v: unknown): string => {
		if (typeof v === 'string') return v.trim().toLowerCase();
		const o = obj(v);
		return o && 'value' in o ? text(o.value) : '';
	};
	const title = obj(item.title) ?? obj(obj(item.proposal)?.title);
	const org = obj(item.organization) ?? obj(item['convening-organization']);
	const start = obj(item['start-date']) ?? obj(item['review-completion-date']);
	return [
		text(title?.title),
		text(item.type),
		text(org?.name),
		text(item['role-title']),
		text(item['department-name']),
		text(start?.year),
		text(item['review-group-id']),
	].join('|');
}

/** The put codes of our own items (this client's) that are the target item, best first. */
export function findOwnMatches(
	itemType: ItemType,
	summaries: Obj[],
	clientId: string,
	target: MatchTarget,
): number[] {
	const keys = new Set(target.matchKeys);
	const found: number[] = [];
	for (const summary of summaries) {
		if (sourceClientId(summary) !== clientId) continue;
		const putCode = putCodeOfSummary(summary);
		if (putCode === undefined) continue;
		let same = false;
		if (target.personKey !== undefined) {
			same = summaryPersonKey(itemType, summary) === target.personKey;
		} else if (keys.size > 0) {
			same = summaryMatchKeys(itemType, summary).some((k) => keys.has(k));
		} else if (target.signature !== undefined) {
			same = signatureOf(itemType, summary) === target.signature;
		}
		if (same) found.push(putCode);
	}
	return found;
}

/**
 * ORCID's grouping of a section's items, as the record page shows it: items that share an
 * external identifier form one group, and the page lists one preferred version per group.
 * The API answers a section as groups already (works: group -> work-summary; peer reviews:
 * review group -> peer-review-group of duplicates -> summaries); this walks them and says,
 * for each summary, its group's key and size and whether it is the preferred version.
 */
import { ItemType, isAffiliationType, itemTypeInfo } from './itemTypes';
import { JsonObject, asArray, get, isObject, text } from './json';

export interface GroupInfo {
	/** the group's shared identifiers, 'type:value' sorted and joined by ' | '; 'put-code:N' when it has none */
	groupKey: string | null;
	/** how many versions (sources) the group holds */
	groupSize: number | null;
	/** the version ORCID's record page shows for the group */
	preferred: boolean | null;
}

/** For items read outside a section (one item, a bulk read): no group is known. */
export const NO_GROUP: GroupInfo = { groupKey: null, groupSize: null, preferred: null };

export interface GroupedSummary {
	summary: unknown;
	group: GroupInfo;
}

export interface GroupedSection {
	summaries: GroupedSummary[];
	/** the number of groups, i.e. of entries the researcher sees on their record */
	groupCount: number;
}

function displayIndex(summary: unknown): number {
	const n = Number(text(get(summary, 'display-index')) ?? 0);
	return Number.isFinite(n) ? n : 0;
}

function createdAt(summary: unknown): number {
	const ms = get(summary, 'created-date', 'value');
	return typeof ms === 'number' && Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
}

/**
 * The preferred version: the highest display index (the researcher's choice; ORCID-Source
 * WorkManagerImpl gives the researcher's own version the higher index), then the earliest
 * created, then ORCID's order (WorkComparators.WORKS_WITHIN_GROUP sorts a group that way).
 */
function preferredIndex(summaries: unknown[]): number {
	let best = 0;
	for (let i = 1; i < summaries.length; i++) {
		const a = summaries[i];
		const b = summaries[best];
		const byIndex = displayIndex(a) - displayIndex(b);
		if (byIndex > 0 || (byIndex === 0 && createdAt(a) < createdAt(b))) best = i;
	}
	return best;
}

function groupKey(group: unknown, summaries: unknown[]): string | null {
	const ids = asArray(get(group, 'external-ids', 'external-id'))
		.filter(isObject)
		.map(
			(e: JsonObject) =>
				`${text(e['external-id-type']) ?? ''}:${text(e['external-id-value']) ?? ''}`,
		)
		.sort();
	if (ids.length > 0) return ids.join(' | ');
	const putCode = text(get(summaries[0], 'put-code'));
	return putCode === null ? null : `put-code:${putCode}`;
}

function versionGroups(itemType: ItemType, section: unknown): Array<[unknown, unknown[]]> {
	const info = itemTypeInfo(itemType);
	const summaryKey = info.summaryKey ?? '';
	const out: Array<[unknown, unknown[]]> = [];
	if (isAffiliationType(info.itemType)) {
		for (const group of asArray(get(section, 'affiliation-group'))) {
			out.push([group, asArray(get(group, 'summaries')).map((s) => get(s, summaryKey))]);
		}
	} else if (info.itemType === 'peer-review') {
		// a review group (the journal) holds groups of duplicates of one review: those are the versions
		for (const group of asArray(get(section, 'group'))) {
			for (const dup of asArray(get(group, 'peer-review-group'))) {
				out.push([dup, asArray(get(dup, summaryKey))]);
			}
		}
	} else {
		for (const group of asArray(get(section, 'group'))) {
			out.push([group, asArray(get(group, summaryKey))]);
		}
	}
	return out;
}

/** A section list's summaries in ORCID's order, each with its group. */
export function groupedSection(itemType: ItemType, section: unknown): GroupedSection {
	const summaries: GroupedSummary[] = [];
	let groupCount = 0;
	for (const [group, items] of versionGroups(itemType, section)) {
		const present = items.filter(isObject);
		if (present.length === 0) continue;
		groupCount += 1;
		const key = groupKey(group, present);
		const best = preferredIndex(present);
		present.forEach((summary, i) =>
			summaries.push({
				summary,
				group: { groupKey: key, groupSize: present.length, preferred: i === best },
			}),
		);
	}
	return { summaries, groupCount };
}

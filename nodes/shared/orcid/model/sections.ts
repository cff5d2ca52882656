/**
 * ORCID's section lists flattened into item summaries. ORCID groups activity summaries:
 * works.group[].work-summary[] (fundings, research resources alike),
 * affiliation-group[].summaries[].<type>-summary for the seven affiliation types, and three
 * levels for peer reviews (group[].peer-review-group[].peer-review-summary[]); person lists
 * are flat (keywords.keyword[], emails.email[], addresses.address[] ...). A single object where
 * a list is expected (as JSON converted from XML may have) counts as a list of one.
 * Pure, no n8n imports.
 */
import { ACTIVITY_TYPES, isAffiliationType, itemTypeInfo, type ActivityType } from './itemTypes';

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/**
 * Every item summary of one section list answer (GET /{orcid}/works, /employments,
 * /peer-reviews, /keywords, /email ...). `itemType` is ORCID's name of one entry: an item type
 * ('work', 'invited-position', 'keyword') or a person entry that is not written ('email',
 * 'address').
 */
export function flattenSection(itemType: string, section: unknown): Obj[] {
	const root = obj(section);
	if (!root) return [];
	const summaryKey = `${itemType}-summary`;
	const out: Obj[] = [];
	const push = (v: unknown) => {
		const o = obj(v);
		if (o) out.push(o);
	};
	if (isAffiliationType(itemType)) {
		for (const group of list(root['affiliation-group'])) {
			for (const summary of list(obj(group)?.summaries)) push(obj(summary)?.[summaryKey]);
		}
	} else if (itemType === 'peer-review') {
		for (const group of list(root.group)) {
			for (const inner of list(obj(group)?.['peer-review-group'])) {
				for (const summary of list(obj(inner)?.['peer-review-summary'])) push(summary);
			}
		}
	} else if ((ACTIVITY_TYPES as readonly string[]).includes(itemType)) {
		for (const group of list(root.group)) {
			for (const summary of list(obj(group)?.[summaryKey])) push(summary);
		}
	} else {
		for (const entry of list(root[itemType])) push(entry);
	}
	return out;
}

export interface ActivitySummary {
	itemType: ActivityType;
	summary: Obj;
}

/**
 * Every activity summary of an /activities answer (a record's activities-summary), section by
 * section in the order of ACTIVITY_TYPES (works, fundings, the affiliations, peer reviews,
 * research resources).
 */
export function flattenActivities(activities: unknown): ActivitySummary[] {
	const root = obj(activities);
	if (!root) return [];
	return ACTIVITY_TYPES.flatMap((itemType) =>
		flattenSection(itemType, root[itemTypeInfo(itemType).sectionKey]).map((summary) => ({
			itemType,
			summary,
		})),
	);
}

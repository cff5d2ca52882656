/** Activities (works, fundings, affiliations, peer reviews, research resources) as flat entries. */
import { fuzzyDateToString } from '../dates';
import { groupedSection } from '../groups';
import {
	AFFILIATION_TYPES,
	AffiliationType,
	ItemType,
	isAffiliationType,
	itemTypeInfo,
} from '../itemTypes';
import { JsonObject, asArray, get, isObject } from '../json';
import { activityBase, extId, extIds, idText, organizationOf, str } from './readers';
import {
	SimpleActivities,
	SimpleActivity,
	SimpleAffiliation,
	SimpleFunding,
	SimplePeerReview,
	SimpleResearchResource,
	SimpleWork,
} from './types';

export function simplifyAffiliation(
	affiliationType: AffiliationType,
	item: JsonObject,
): SimpleAffiliation {
	return {
		entryType: affiliationType,
		...activityBase(item),
		...organizationOf(item.organization),
		department: str(item['department-name']),
		roleTitle: str(item['role-title']),
		startDate: fuzzyDateToString(item['start-date']),
		endDate: fuzzyDateToString(item['end-date']),
		url: str(item.url),
		externalIds: extIds(item['external-ids']).map(idText),
	};
}

export function simplifyWork(item: JsonObject): SimpleWork {
	const ids = extIds(item['external-ids']);
	// the work's own DOI: self first, then version-of (a part-of DOI is the container's)
	const own =
		ids.find((e) => e.type === 'doi' && (e.relationship === 'self' || e.relationship === null)) ??
		ids.find((e) => e.type === 'doi' && e.relationship === 'version-of');
	const date = item['publication-date'];
	return {
		entryType: 'work',
		...activityBase(item),
		title: str(get(item, 'title', 'title')),
		subtitle: str(get(item, 'title', 'subtitle')),
		translatedTitle: str(get(item, 'title', 'translated-title')),
		type: str(item.type),
		publicationDate: fuzzyDateToString(date),
		year: str(get(date, 'year')),
		journalTitle: str(item['journal-title']),
		doi: own ? own.value : null,
		otherIds: ids.filter((e) => e !== own).map(idText),
		url: str(item.url),
		shortDescription: str(item['short-description']),
		contributors: asArray(get(item, 'contributors', 'contributor'))
			.map((c) => str(get(c, 'credit-name')))
			.filter((n): n is string => n !== null),
		languageCode: str(item['language-code']),
		country: str(item.country),
	};
}

export function simplifyFunding(item: JsonObject): SimpleFunding {
	const ids = extIds(item['external-ids']);
	return {
		entryType: 'funding',
		...activityBase(item),
		...organizationOf(item.organization),
		title: str(get(item, 'title', 'title')),
		translatedTitle: str(get(item, 'title', 'translated-title')),
		type: str(item.type),
		organizationDefinedType: str(item['organization-defined-type']),
		amount: str(get(item, 'amount', 'value')),
		currency: str(get(item, 'amount', 'currency-code')),
		shortDescription: str(item['short-description']),
		startDate: fuzzyDateToString(item['start-date']),
		endDate: fuzzyDateToString(item['end-date']),
		grantNumbers: ids
			.filter((e) => e.type === 'grant_number' && e.value !== null)
			.map((e) => e.value as string),
		otherIds: ids.filter((e) => e.type !== 'grant_number').map(idText),
		url: str(item.url),
	};
}

export function simplifyPeerReview(item: JsonObject): SimplePeerReview {
	// summaries say external-ids and completion-date, full items review-identifiers and review-completion-date
	const ids = extIds(item['review-identifiers'] ?? item['external-ids']);
	const subject = item['subject-external-identifier'];
	return {
		entryType: 'peer-review',
		...activityBase(item),
		...organizationOf(item['convening-organization']),
		groupId: str(item['review-group-id']),
		reviewerRole: str(item['reviewer-role']),
		reviewType: str(item['review-type']),
		completionDate: fuzzyDateToString(item['review-completion-date'] ?? item['completion-date']),
		reviewUrl: str(item['review-url']),
		reviewIds: ids.map(idText),
		subjectExternalId: isObject(subject) ? idText(extId(subject)) : null,
		subjectType: str(item['subject-type']),
		subjectName: str(get(item, 'subject-name', 'title')),
		subjectContainerName: str(item['subject-container-name']),
		subjectUrl: str(item['subject-url']),
	};
}

export function simplifyResearchResource(item: JsonObject): SimpleResearchResource {
	const proposal = item.proposal;
	const hosts = asArray(get(proposal, 'hosts', 'organization')).map(organizationOf);
	return {
		entryType: 'research-resource',
		...activityBase(item),
		title: str(get(proposal, 'title', 'title')),
		hosts: hosts.map((h) => h.organization).filter((n): n is string => n !== null),
		hostIds: hosts
			.filter((h) => h.organizationId !== null)
			.map((h) => `${h.organizationIdSource ?? ''}:${h.organizationId}`),
		startDate: fuzzyDateToString(get(proposal, 'start-date')),
		endDate: fuzzyDateToString(get(proposal, 'end-date')),
		externalIds: extIds(get(proposal, 'external-ids')).map(idText),
		url: str(get(proposal, 'url')),
		resourceItems: asArray(item['resource-item'] ?? get(item, 'resource-items', 'resource-item'))
			.filter(isObject)
			.map((r) => `${str(r['resource-type']) ?? ''}: ${str(r['resource-name']) ?? ''}`),
	};
}

/** One activity (summary or full item) of a known type. */
export function simplifyActivity(itemType: ItemType, item: unknown): SimpleActivity | null {
	if (!isObject(item)) return null;
	if (isAffiliationType(itemType)) return simplifyAffiliation(itemType, item);
	switch (itemType) {
		case 'work':
			return simplifyWork(item);
		case 'funding':
			return simplifyFunding(item);
		case 'peer-review':
			return simplifyPeerReview(item);
		case 'research-resource':
			return simplifyResearchResource(item);
		default:
			return null;
	}
}

/**
 * The items of one section list (works, fundings, employments, peer-reviews...), in ORCID's
 * order, each with its group (groupKey, groupSize, preferred); `preferredOnly` keeps one per group.
 */
export function simplifySection(
	itemType: ItemType,
	section: unknown,
	preferredOnly = false,
): SimpleActivity[] {
	return simplifyGroupedSection(itemType, section, preferredOnly).entries;
}

export function simplifyGroupedSection(
	itemType: ItemType,
	section: unknown,
	preferredOnly: boolean,
): { entries: SimpleActivity[]; groupCount: number } {
	const { summaries, groupCount } = groupedSection(itemType, section);
	const entries: SimpleActivity[] = [];
	for (const { summary, group } of summaries) {
		if (preferredOnly && !group.preferred) continue;
		const entry = simplifyActivity(itemTypeInfo(itemType).itemType, summary);
		if (entry) entries.push(Object.assign(entry, group));
	}
	return { entries, groupCount };
}

/** An activities summary -> every activity, affiliations in ORCID's section order. */
export function simplifyActivities(activities: unknown, preferredOnly = false): SimpleActivities {
	const read = (t: ItemType, key: string) =>
		simplifyGroupedSection(t, get(activities, key), preferredOnly);
	const affiliations: SimpleAffiliation[] = [];
	let affiliationGroups = 0;
	for (const t of AFFILIATION_TYPES) {
		const part = read(t, itemTypeInfo(t).sectionKey);
		affiliations.push(...(part.entries as SimpleAffiliation[]));
		affiliationGroups += part.groupCount;
	}
	const works = read('work', 'works');
	const fundings = read('funding', 'fundings');
	const peerReviews = read('peer-review', 'peer-reviews');
	const researchResources = read('research-resource', 'research-resources');
	return {
		affiliations,
		works: works.entries as SimpleWork[],
		fundings: fundings.entries as SimpleFunding[],
		peerReviews: peerReviews.entries as SimplePeerReview[],
		researchResources: researchResources.entries as SimpleResearchResource[],
		groupCounts: {
			affiliations: affiliationGroups,
			works: works.groupCount,
			fundings: fundings.groupCount,
			peerReviews: peerReviews.groupCount,
			researchResources: researchResources.groupCount,
		},
	};
}

/** A bulk works read ({"bulk": [{"work": ...} | {"error": ...}]}): the works, errors left out. */
export function simplifyBulkWorks(bulk: unknown): SimpleWork[] {
	return asArray(get(bulk, 'bulk'))
		.map((entry) => get(entry, 'work'))
		.filter(isObject)
		.map(simplifyWork);
}

/**
 * ORCID read JSON -> flat fields for prefilling forms and spreadsheets. Every entry of a
 * kind has the same keys (null or [] when ORCID has nothing), dates are 'YYYY', 'YYYY-MM'
 * or 'YYYY-MM-DD', identifiers 'type:value'. Works with summaries (record, activities,
 * section lists) and with full items (a single work, a bulk read).
 */
import { fuzzyDateToString } from './dates';
import { ModelValidationError, showValue } from './errors';
import { GroupInfo, NO_GROUP, groupedSection } from './groups';
import {
	AFFILIATION_TYPES,
	AffiliationType,
	ItemType,
	isAffiliationType,
	itemTypeInfo,
} from './itemTypes';
import { JsonObject, asArray, get, isObject, text } from './json';

type Str = string | null;

export interface SimpleSource {
	/** client id of the system that added the item (APP-...), null when the researcher did */
	sourceClientId: Str;
	/** the researcher's iD when they added the item themselves */
	sourceOrcid: Str;
	sourceName: Str;
}

interface EntryBase extends SimpleSource {
	putCode: number | null;
	visibility: Str;
	path: Str;
	/** ISO instant of ORCID's last-modified-date */
	lastModified: Str;
}

/** An activity read in a section also says which group of versions it belongs to. */
type ActivityBase = EntryBase & GroupInfo;

export interface SimpleOrganization {
	organization: Str;
	organizationId: Str;
	/** ROR, RINGGOLD, FUNDREF, GRID */
	organizationIdSource: Str;
	city: Str;
	region: Str;
	country: Str;
}

export interface SimpleAffiliation extends ActivityBase, SimpleOrganization {
	entryType: AffiliationType;
	department: Str;
	roleTitle: Str;
	startDate: Str;
	endDate: Str;
	url: Str;
	externalIds: string[];
}

export interface SimpleWork extends ActivityBase {
	entryType: 'work';
	title: Str;
	subtitle: Str;
	translatedTitle: Str;
	type: Str;
	publicationDate: Str;
	year: Str;
	journalTitle: Str;
	/** the work's own DOI (relationship self or version-of) */
	doi: Str;
	/** every other identifier as 'type:value' */
	otherIds: string[];
	url: Str;
	/** full items only */
	shortDescription: Str;
	/** credit names, full items only */
	contributors: string[];
	languageCode: Str;
	country: Str;
}

export interface SimpleFunding extends ActivityBase, SimpleOrganization {
	entryType: 'funding';
	title: Str;
	translatedTitle: Str;
	type: Str;
	organizationDefinedType: Str;
	/** full items only */
	amount: Str;
	currency: Str;
	shortDescription: Str;
	startDate: Str;
	endDate: Str;
	/** values of the grant_number identifiers */
	grantNumbers: string[];
	/** the other identifiers as 'type:value' */
	otherIds: string[];
	url: Str;
}

export interface SimplePeerReview extends ActivityBase, SimpleOrganization {
	entryType: 'peer-review';
	groupId: Str;
	reviewerRole: Str;
	reviewType: Str;
	completionDate: Str;
	reviewUrl: Str;
	reviewIds: string[];
	/** full items only */
	subjectExternalId: Str;
	subjectType: Str;
	subjectName: Str;
	subjectContainerName: Str;
	subjectUrl: Str;
}

export interface SimpleResearchResource extends ActivityBase {
	entryType: 'research-resource';
	title: Str;
	hosts: string[];
	/** 'SOURCE:id' of each host */
	hostIds: string[];
	startDate: Str;
	endDate: Str;
	externalIds: string[];
	url: Str;
	/** 'type: name' of each resource item, full items only */
	resourceItems: string[];
}

export interface SimplePersonItem extends EntryBase {
	entryType:
		| 'keyword'
		| 'other-name'
		| 'researcher-url'
		| 'external-identifier'
		| 'email'
		| 'address';
	/** keyword, other name, URL, email address, identifier value or country */
	value: Str;
	/** URL name, identifier type */
	name: Str;
	url: Str;
	primary: boolean | null;
	verified: boolean | null;
}

export type SimpleActivity =
	| SimpleAffiliation
	| SimpleWork
	| SimpleFunding
	| SimplePeerReview
	| SimpleResearchResource;

export interface SimplePerson {
	orcid: Str;
	/** credit name, else given and family names */
	name: Str;
	givenNames: Str;
	familyName: Str;
	creditName: Str;
	biography: Str;
	emails: string[];
	primaryEmail: Str;
	keywords: string[];
	otherNames: string[];
	researcherUrls: Array<{ name: Str; url: Str }>;
	externalIds: Array<{ type: Str; value: Str; url: Str }>;
	countries: string[];
}

export interface SimpleActivities {
	affiliations: SimpleAffiliation[];
	works: SimpleWork[];
	fundings: SimpleFunding[];
	peerReviews: SimplePeerReview[];
	researchResources: SimpleResearchResource[];
	/** groups per section: the entries the researcher sees on their record */
	groupCounts: GroupCounts;
}

export interface GroupCounts {
	affiliations: number;
	works: number;
	fundings: number;
	peerReviews: number;
	researchResources: number;
}

export interface SimpleRecord extends SimplePerson, SimpleActivities {
	orcidUri: Str;
	lastModified: Str;
}

// ---- small readers ----

function str(value: unknown): Str {
	const t = text(value);
	if (t === null) return null;
	const trimmed = t.trim();
	return trimmed === '' ? null : trimmed;
}

function instant(value: unknown): Str {
	const ms = isObject(value) ? value.value : value;
	if (typeof ms !== 'number' || !Number.isFinite(ms)) return null;
	return new Date(ms).toISOString();
}

function putCodeOf(item: JsonObject): number | null {
	const pc = item['put-code'];
	if (typeof pc === 'number' && Number.isSafeInteger(pc)) return pc;
	if (typeof pc === 'string' && /^\d+$/.test(pc)) return Number(pc);
	return null;
}

function sourceOf(item: JsonObject): SimpleSource {
	return {
		sourceClientId: str(get(item, 'source', 'source-client-id', 'path')),
		sourceOrcid: str(get(item, 'source', 'source-orcid', 'path')),
		sourceName: str(get(item, 'source', 'source-name')),
	};
}

function base(item: JsonObject): EntryBase {
	return {
		putCode: putCodeOf(item),
		...sourceOf(item),
		visibility: str(item.visibility),
		path: str(item.path),
		lastModified: instant(item['last-modified-date']),
	};
}

function activityBase(item: JsonObject): ActivityBase {
	return { ...base(item), ...NO_GROUP };
}

interface ExtId {
	type: Str;
	value: Str;
	url: Str;
	relationship: Str;
}

function extIds(value: unknown): ExtId[] {
	return asArray(get(value, 'external-id'))
		.filter(isObject)
		.map((e) => extId(e));
}

function extId(e: JsonObject): ExtId {
	return {
		type: str(e['external-id-type']),
		value: str(e['external-id-value']),
		url: str(e['external-id-url']),
		relationship: str(e['external-id-relationship']),
	};
}

function idText(e: ExtId): string {
	return `${e.type ?? ''}:${e.value ?? ''}`;
}

function organizationOf(org: unknown): SimpleOrganization {
	return {
		organization: str(get(org, 'name')),
		organizationId: str(
			get(org, 'disambiguated-organization', 'disambiguated-organization-identifier'),
		),
		organizationIdSource: str(get(org, 'disambiguated-organization', 'disambiguation-source')),
		city: str(get(org, 'address', 'city')),
		region: str(get(org, 'address', 'region')),
		country: str(get(org, 'address', 'country')),
	};
}

// ---- activities ----

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

function simplifyGroupedSection(
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

// ---- person ----

function personList(section: unknown, key: string): JsonObject[] {
	return asArray(get(section, key)).filter(isObject);
}

function personItem(entryType: SimplePersonItem['entryType'], item: JsonObject): SimplePersonItem {
	const entry: SimplePersonItem = {
		entryType,
		...base(item),
		value: null,
		name: null,
		url: null,
		primary: null,
		verified: null,
	};
	switch (entryType) {
		case 'keyword':
		case 'other-name':
			entry.value = str(item.content);
			break;
		case 'researcher-url':
			entry.value = str(item.url);
			entry.url = entry.value;
			entry.name = str(item['url-name']);
			break;
		case 'external-identifier': {
			const id = extId(item);
			entry.value = id.value;
			entry.name = id.type;
			entry.url = id.url;
			break;
		}
		case 'email':
			entry.value = str(item.email);
			entry.primary = typeof item.primary === 'boolean' ? item.primary : null;
			entry.verified = typeof item.verified === 'boolean' ? item.verified : null;
			break;
		case 'address':
			entry.value = str(item.country);
			break;
	}
	return entry;
}

const PERSON_SECTIONS: Array<[SimplePersonItem['entryType'], string, string]> = [
	['keyword', 'keywords', 'keyword'],
	['other-name', 'other-names', 'other-name'],
	['researcher-url', 'researcher-urls', 'researcher-url'],
	['external-identifier', 'external-identifiers', 'external-identifier'],
	['email', 'emails', 'email'],
	['address', 'addresses', 'address'],
];

/** Every person item (keywords, other names, URLs, identifiers, emails, countries) with put codes. */
export function simplifyPersonItems(person: unknown): SimplePersonItem[] {
	const out: SimplePersonItem[] = [];
	for (const [entryType, section, key] of PERSON_SECTIONS) {
		for (const item of personList(get(person, section), key)) out.push(personItem(entryType, item));
	}
	return out;
}

/** One person section read on its own (GET /{orcid}/keywords ...). */
export function simplifyPersonSection(itemType: ItemType, section: unknown): SimplePersonItem[] {
	const found = PERSON_SECTIONS.find(([t]) => t === itemType);
	if (!found) return [];
	return personList(section, found[2]).map((i) => personItem(found[0], i));
}

function orcidOfPath(path: unknown): Str {
	const m = typeof path === 'string' ? /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/.exec(path) : null;
	return m ? m[1] : null;
}

export function simplifyPerson(person: unknown): SimplePerson {
	const items = simplifyPersonItems(person);
	const values = (t: SimplePersonItem['entryType']) =>
		items.filter((i) => i.entryType === t && i.value !== null).map((i) => i.value as string);
	const given = str(get(person, 'name', 'given-names'));
	const family = str(get(person, 'name', 'family-name'));
	const credit = str(get(person, 'name', 'credit-name'));
	const emails = items.filter((i) => i.entryType === 'email' && i.value !== null);
	const joined = [given, family].filter((n) => n !== null).join(' ');
	return {
		orcid: orcidOfPath(get(person, 'name', 'path')) ?? orcidOfPath(get(person, 'path')),
		name: credit ?? (joined === '' ? null : joined),
		givenNames: given,
		familyName: family,
		creditName: credit,
		biography: str(get(person, 'biography', 'content')),
		emails: emails.map((e) => e.value as string),
		primaryEmail: emails.find((e) => e.primary === true)?.value ?? null,
		keywords: values('keyword'),
		otherNames: values('other-name'),
		researcherUrls: items
			.filter((i) => i.entryType === 'researcher-url')
			.map((i) => ({ name: i.name, url: i.url })),
		externalIds: items
			.filter((i) => i.entryType === 'external-identifier')
			.map((i) => ({ type: i.name, value: i.value, url: i.url })),
		countries: values('address'),
	};
}

/** A full record (GET /{orcid}/record): person, activities and the iD. */
export function simplifyRecord(record: unknown, preferredOnly = false): SimpleRecord {
	const person = simplifyPerson(get(record, 'person'));
	const orcid =
		str(get(record, 'orcid-identifier', 'path')) ??
		person.orcid ??
		orcidOfPath(get(record, 'path'));
	return {
		...person,
		orcid,
		orcidUri: str(get(record, 'orcid-identifier', 'uri')),
		lastModified: instant(get(record, 'history', 'last-modified-date')),
		...simplifyActivities(get(record, 'activities-summary'), preferredOnly),
	};
}

// ---- one call for the node ----

export type SimplifyMode = 'record' | 'entries';

export type SimplifyKind = 'record' | 'person' | 'activities' | 'section' | 'item' | 'bulk-works';

export interface SimplifyOptions {
	/** what the JSON is; the Read Record operation knows it */
	kind: SimplifyKind;
	/** for 'section' and 'item' */
	itemType?: ItemType;
	/** 'record': one output for the whole response; 'entries': one per person item / activity */
	mode: SimplifyMode;
	/** the iD read, put on every entry (else taken from the JSON) */
	orcid?: string;
	/** one entry per group of versions: the one ORCID's record page shows */
	preferredOnly?: boolean;
}

function withOrcid(orcid: Str, entries: object[]): JsonObject[] {
	// orcid first (stable columns), and it wins over a person's own (maybe null) orcid
	return entries.map((e) => Object.assign({ orcid }, e, { orcid }) as JsonObject);
}

/**
 * Simplify any Read Record response. 'record' mode gives one object: the record, person or
 * activities flattened, or { orcid, entries } for a list; 'entries' mode gives one object
 * per entry (person item or activity), each with `orcid` and `entryType`. A single item
 * always gives one entry.
 */
export function simplify(json: unknown, options: SimplifyOptions): JsonObject[] {
	const fromJson =
		orcidOfPath(get(json, 'orcid-identifier', 'path')) ?? orcidOfPath(get(json, 'path'));
	let orcid: Str = options.orcid ?? fromJson;
	let entries: object[];
	switch (options.kind) {
		case 'record': {
			const rec = simplifyRecord(json, options.preferredOnly);
			orcid = options.orcid ?? rec.orcid;
			if (options.mode === 'record') return withOrcid(orcid, [rec]);
			const person = get(json, 'person');
			entries = [
				{ entryType: 'person', ...simplifyPerson(person) },
				...simplifyPersonItems(person),
				...rec.affiliations,
				...rec.works,
				...rec.fundings,
				...rec.peerReviews,
				...rec.researchResources,
			];
			return withOrcid(orcid, entries);
		}
		case 'person': {
			const person = simplifyPerson(json);
			orcid = options.orcid ?? person.orcid;
			if (options.mode === 'record') return withOrcid(orcid, [person]);
			return withOrcid(orcid, [{ entryType: 'person', ...person }, ...simplifyPersonItems(json)]);
		}
		case 'activities': {
			const acts = simplifyActivities(json, options.preferredOnly);
			if (options.mode === 'record') return withOrcid(orcid, [acts]);
			entries = [
				...acts.affiliations,
				...acts.works,
				...acts.fundings,
				...acts.peerReviews,
				...acts.researchResources,
			];
			break;
		}
		case 'section': {
			const info = itemTypeInfo(options.itemType);
			if (info.kind === 'person') {
				entries = simplifyPersonSection(info.itemType, json);
				break;
			}
			const section = simplifyGroupedSection(info.itemType, json, options.preferredOnly === true);
			if (options.mode === 'entries') return withOrcid(orcid, section.entries);
			return [{ orcid, entries: section.entries, groupCount: section.groupCount } as JsonObject];
		}
		case 'item': {
			const info = itemTypeInfo(options.itemType);
			const one =
				info.kind === 'person'
					? isObject(json)
						? personItem(info.itemType as SimplePersonItem['entryType'], json)
						: null
					: simplifyActivity(info.itemType, json);
			return withOrcid(orcid, one ? [one] : []);
		}
		case 'bulk-works':
			entries = simplifyBulkWorks(json);
			break;
		default:
			throw new ModelValidationError(
				'kind',
				`unknown kind ${showValue(options.kind)}; expected record, person, activities, section, item or bulk-works`,
				options.kind,
			);
	}
	if (options.mode === 'entries') return withOrcid(orcid, entries);
	return [{ orcid, entries } as unknown as JsonObject];
}

/** The flat shapes simplify() gives: one interface per kind of entry, and the whole record. */
import { GroupInfo } from '../groups';
import { AffiliationType } from '../itemTypes';

export type Str = string | null;

export interface SimpleSource {
	/** client id of the system that added the item (APP-...), null when the researcher did */
	sourceClientId: Str;
	/** the researcher's iD when they added the item themselves */
	sourceOrcid: Str;
	sourceName: Str;
}

export interface EntryBase extends SimpleSource {
	putCode: number | null;
	visibility: Str;
	path: Str;
	/** ISO instant of ORCID's last-modified-date */
	lastModified: Str;
}

/** An activity read in a section also says which group of versions it belongs to. */
export type ActivityBase = EntryBase & GroupInfo;

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

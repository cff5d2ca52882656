/**
 * ORCID's read sample record-full-3.0.json (a real sandbox capture) and what Simplify gives
 * for it, checked by hand against the file (e.g. the work summary put-code 178602 with journal
 * title "Jounral Title" sic, last-modified 1559917017189 ms = 2019-06-07T14:16:57.189Z). The
 * unit test of Simplify and the Read Record engine test both expect these values
 * (`import * as sample from ...`: sample.ID, sample.WORK...).
 */
import * as fs from 'fs';
import * as path from 'path';

import { READ_SAMPLES_DIR } from './xsd';

export const ID = '0000-0002-7319-2192';

/** A fresh parse of the sample (tests may change it). */
export function read() {
	return JSON.parse(fs.readFileSync(path.join(READ_SAMPLES_DIR, 'record-full-3.0.json'), 'utf8'));
}

export const DEMO_CLIENT = {
	sourceClientId: 'APP-OQYKBIN9CXD9U3SH',
	sourceOrcid: null,
	sourceName: 'Demo Org Sandbox',
};

/** The source of what the researcher added themselves. */
export const RESEARCHER_SOURCE = {
	sourceClientId: null,
	sourceOrcid: ID,
	sourceName: 'Three releasecandidate1',
};

/** The group of an entry read in a section: its group's identifiers, size and the preferred version. */
export function group(groupKey: string, groupSize = 1, preferred = true) {
	return { groupKey, groupSize, preferred };
}

/** The affiliation group of most of the sample's affiliations (one identifier pair). */
export const AFFILIATION_GROUP_KEY =
	'grant_number:external-identifier-value | grant_number:external-identifier-value2';

/** The fields every simplified activity starts with, for an entry of the sample's sections. */
export function entry(
	entryType: string,
	putCode: number,
	lastModified: string,
	source: object = DEMO_CLIENT,
	inGroup: ReturnType<typeof group> = group(`put-code:${putCode}`),
) {
	return {
		entryType,
		putCode,
		...source,
		visibility: 'public',
		path: `/${ID}/${entryType}/${putCode}`,
		lastModified,
		...inGroup,
	};
}

export const FUNDREF_ORG = (id: string) => ({
	organization: 'common:name',
	organizationId: `http://dx.doi.org/10.13039/${id}`,
	organizationIdSource: 'FUNDREF',
	city: 'common:city',
	region: 'common:region',
	country: 'AF',
});

export const DATES = { startDate: '1948-02-02', endDate: '1948-02-02' };

export const GRANT_IDS = [
	'grant_number:external-identifier-value',
	'grant_number:external-identifier-value2',
];

/** The person's fields, lists in the sample's order. */
export const PERSON = {
	orcid: ID,
	orcidUri: `https://sandbox.orcid.org/${ID}`,
	// history.last-modified-date 1559917016886
	lastModified: '2019-06-07T14:16:56.886Z',
	name: 'Three releasecandidate1',
	givenNames: 'Three',
	familyName: 'releasecandidate1',
	creditName: null,
	biography: null,
	emails: [],
	primaryEmail: null,
	keywords: ['{{{}}}}{}{{}}}{{{{}}{}{}{}{}{}{}{', 'keyword1'],
	otherNames: ['Other Name', '{}', '{yo}', 'dreamofaredbird', 'Other Name'],
	researcherUrls: [
		{ name: 'Site # 1', url: 'https://site1.com/' },
		{ name: '{{}}{}', url: 'http://www.fjksbl.com' },
	],
	externalIds: [{ type: 'My ID System', value: 'A-0003', url: 'https://myid.com/A-0003' }],
	countries: ['US', 'US', 'US'],
};

/** The sample's one work. */
export const WORK = {
	...entry(
		'work',
		178602,
		'2019-06-07T14:16:57.189Z',
		DEMO_CLIENT,
		group('doi:10.1087/20120404 | doi:work:doi'),
	),
	title: 'Work Title',
	subtitle: null,
	translatedTitle: 'Translated-title',
	type: 'journal-article',
	publicationDate: '2012-10-01',
	year: '2012',
	journalTitle: 'Jounral Title',
	// the self DOI is the work's own; the version-of DOI is listed with the others
	doi: 'work:doi',
	otherIds: ['doi:10.1087/20120404'],
	url: 'http://alt-uri.org',
	shortDescription: null,
	contributors: [],
	languageCode: null,
	country: null,
};

/** The sample's employment, put code 9266. */
export const EMPLOYMENT = {
	...entry(
		'employment',
		9266,
		'2019-06-07T14:05:58.839Z',
		DEMO_CLIENT,
		group(AFFILIATION_GROUP_KEY),
	),
	...FUNDREF_ORG('100000001'),
	department: 'department-name',
	roleTitle: 'role-title',
	...DATES,
	url: 'http://tempuri.org',
	externalIds: GRANT_IDS,
};

/** What the sample's two fundings (5132, 5909) share: all but source, path and dates. */
export const GRANT = {
	title: 'Grant title',
	translatedTitle: 'Translated title',
	type: 'grant',
	organization: 'Wellcome Trust',
	organizationId: 'http://dx.doi.org/10.13039/100000001',
	organizationIdSource: 'FUNDREF',
	city: 'London',
	region: null,
	country: 'GB',
	startDate: '2000-02-02',
	endDate: '2020-02-02',
	grantNumbers: ['1234'],
	url: 'https://alt-url.org',
};

/** What the sample's two peer reviews (1961, 2389) share. */
export const REVIEW = {
	organization: 'ORCID',
	organizationId: '385488',
	organizationIdSource: 'RINGGOLD',
	groupId: 'issn:1741-4857',
	reviewerRole: 'reviewer',
	reviewType: 'review',
	completionDate: '2012-08-01',
	reviewUrl: 'https://alt-url.com',
	reviewIds: ['source-work-id:1234'],
};

/** The sample's one research resource. */
export const RESEARCH_RESOURCE = {
	...entry(
		'research-resource',
		1498,
		'2019-06-07T14:10:41.301Z',
		DEMO_CLIENT,
		group('handle:https://grants.net/123456 | source-work-id:123456'),
	),
	title: 'Giant Rocket Award',
	hosts: ['NASA'],
	hostIds: ['GRID:grid.238252.c'],
	startDate: '1999-02-02',
	endDate: '2012-02-02',
	externalIds: ['source-work-id:123456', 'handle:https://grants.net/123456'],
	url: 'http://xsede.org/GiantLaserAward',
	resourceItems: [],
};

/**
 * Builders: flat editor fields -> the exact ORCID v3.0 JSON, which (converted to XML by the
 * test-side converter) ORCID's XSD accepts, for every item type.
 */
import {
	AFFILIATION_TYPES,
	ITEM_TYPES,
	ItemType,
	buildAffiliation,
	buildFunding,
	buildItem,
	buildKeyword,
	buildOtherName,
	buildPeerReview,
	buildPersonExternalIdentifier,
	buildResearchResource,
	buildResearcherUrl,
	buildWork,
	findItemProblems,
	itemTypeInfo,
	validateRawItem,
} from '../../../nodes/shared/orcid/model';
import { externalId, organization } from '../../support/orcidJson';
import { orcidJsonToXml } from '../../support/orcidXml';
import { validateAgainstXsd } from '../../support/xsd';
import {
	GRID_HOST,
	MINIMAL_PERSON_ITEMS,
	MINIMAL_PROPOSAL,
	RINGGOLD_ORG,
	ROR_ORG,
} from './editorFields';

const ORCID_ORG = {
	name: 'ORCID',
	city: 'Bethesda',
	region: 'MD',
	country: 'US',
	disambiguatedId: '385488',
	disambiguationSource: 'RINGGOLD',
};

/** The richest fields each item type takes (every optional field filled). */
const FULL: Record<ItemType, Record<string, unknown>> = {
	work: {
		title: 'Persistent identifiers in practice',
		subtitle: 'A field report',
		translatedTitle: 'Identifiants pérennes en pratique',
		translatedTitleLanguage: 'fr',
		type: 'journal-article',
		publicationDate: '2023-04-07',
		externalIds: [
			{
				type: 'doi',
				value: '10.1234/abc.2023',
				url: 'https://doi.org/10.1234/abc.2023',
				relationship: 'self',
			},
			{ type: 'issn', value: '1741-4857', relationship: 'part-of' },
		],
		url: 'https://example.org/articles/42',
		journalTitle: 'Learned Publishing',
		shortDescription: 'How identifiers are used.',
		citation: { type: 'bibtex', value: '@article{k, title={P}}' },
		contributors: [
			{ name: 'Josiah Carberry', orcid: '0000-0002-1825-0097', role: 'author', sequence: 'first' },
			{ name: 'A. N. Other', email: 'another@example.org', role: 'editor', sequence: 'additional' },
		],
		languageCode: 'en',
		country: 'us',
		visibility: 'public',
	},
	funding: {
		title: 'Open infrastructure grant',
		translatedTitle: 'Subvención',
		translatedTitleLanguage: 'es',
		type: 'grant',
		organizationDefinedType: 'Seed award',
		shortDescription: 'Two years of funding.',
		amount: 25000,
		currency: 'eur',
		url: 'https://funder.example.org/g/42',
		startDate: '2021-01',
		endDate: '2022-12',
		externalIds: [{ type: 'proposal-id', value: 'P-42', relationship: 'self' }],
		grantNumber: 'G-2021-42',
		grantUrl: 'https://funder.example.org/grants/G-2021-42',
		contributors: [
			{ name: 'Josiah Carberry', orcid: 'https://orcid.org/0000-0002-1825-0097', role: 'lead' },
		],
		organization: {
			name: 'Wellcome Trust',
			city: 'London',
			country: 'GB',
			disambiguatedId: 'http://dx.doi.org/10.13039/100004440',
			disambiguationSource: 'FUNDREF',
		},
	},
	employment: {
		organization: ROR_ORG,
		department: 'Library',
		roleTitle: 'Research data manager',
		startDate: '2019-09-01',
		endDate: '2023',
		url: 'https://example.org/staff/jc',
		externalIds: [{ type: 'other-id', value: 'EMP-7', relationship: 'self' }],
	},
	education: {
		organization: ROR_ORG,
		department: 'Physics',
		roleTitle: 'PhD',
		startDate: '2010',
		endDate: '2014',
	},
	distinction: {
		organization: { ...ROR_ORG, city: undefined, region: undefined },
		roleTitle: 'Fellow',
		startDate: '2020',
	},
	'invited-position': {
		organization: ROR_ORG,
		roleTitle: 'Visiting scholar',
		startDate: '2018-03',
		endDate: '2018-06',
	},
	membership: {
		organization: {
			name: 'Research Data Alliance',
			country: 'IE',
			disambiguatedId: '05dc6w374',
			disambiguationSource: 'ror',
		},
		roleTitle: 'Member',
		startDate: '2017',
	},
	qualification: {
		organization: ROR_ORG,
		roleTitle: 'Certified archivist',
		startDate: '2016-05-20',
	},
	service: {
		organization: ORCID_ORG,
		roleTitle: 'Board member',
		startDate: '2015',
		endDate: '2018',
	},
	'peer-review': {
		reviewerRole: 'reviewer',
		reviewType: 'review',
		reviewUrl: 'https://reviews.example.org/r/9',
		reviewDate: '2022-11',
		reviewIdentifiers: [
			{ type: 'source-work-id', value: 'R-9', url: 'https://reviews.example.org/r/9' },
		],
		groupId: 'issn:1741-4857',
		subjectExternalId: {
			type: 'doi',
			value: '10.1087/20120404',
			url: 'https://doi.org/10.1087/20120404',
		},
		subjectType: 'journal-article',
		subjectName: 'The paper reviewed',
		subjectSubtitle: 'Its subtitle',
		subjectTranslatedName: 'Le papier',
		subjectTranslatedNameLanguage: 'fr',
		subjectContainerName: 'Learned Publishing',
		subjectUrl: 'https://example.org/paper',
		organization: ORCID_ORG,
	},
	'research-resource': {
		proposal: {
			title: 'Giant Laser Award',
			translatedTitle: 'Prix du laser géant',
			translatedTitleLanguage: 'fr',
			hosts: [
				{
					name: 'ORCID',
					city: 'Bethesda',
					region: 'Maryland',
					country: 'US',
					disambiguatedId: 'grid.455335.1',
					disambiguationSource: 'GRID',
				},
			],
			externalIds: [{ type: 'proposal-id', value: 'GL-1' }],
			startDate: '1999-02-02',
			endDate: '2012-02-02',
			url: 'http://xsede.org/GiantLaserAward',
		},
		resourceItems: [
			{
				name: 'Giant Laser 1',
				type: 'infrastructures',
				hosts: [
					{
						name: 'Lasers-R-US',
						country: 'US',
						disambiguatedId: 'grid.455335.1',
						disambiguationSource: 'GRID',
					},
				],
				externalIds: [{ type: 'rrid', value: 'rrid:giantLASER' }],
				url: 'https://example.com/laser',
			},
			{
				name: 'Moon Targets',
				type: 'collections',
				hosts: [
					{
						name: 'Moon Holdings Ltd',
						country: 'US',
						disambiguatedId: 'https://ror.org/027ka1x80',
						disambiguationSource: 'ROR',
					},
				],
				externalIds: [{ type: 'uri', value: 'https://moon.org/targets', relationship: 'part-of' }],
			},
		],
	},
	keyword: { content: 'research data management' },
	'other-name': { content: 'J. Carberry' },
	'researcher-url': { name: 'Lab page', url: 'https://lab.example.org/jc' },
	'external-identifier': {
		type: 'Scopus Author ID',
		value: '7004212771',
		url: 'https://www.scopus.com/authid/detail.uri?authorId=7004212771',
		relationship: 'self',
	},
};

/** The least each item type needs. */
const MINIMAL: Record<ItemType, Record<string, unknown>> = {
	work: { title: 'T', type: 'other', externalIds: [{ type: 'source-work-id', value: 'w-1' }] },
	funding: {
		title: 'F',
		type: 'award',
		grantNumber: 'G1',
		organization: {
			name: 'Org',
			country: 'US',
			disambiguatedId: '100000001',
			disambiguationSource: 'FUNDREF',
		},
	},
	employment: { organization: ROR_ORG },
	education: { organization: ROR_ORG },
	distinction: {
		organization: RINGGOLD_ORG,
	},
	'invited-position': {
		organization: RINGGOLD_ORG,
	},
	membership: {
		organization: RINGGOLD_ORG,
	},
	qualification: {
		organization: RINGGOLD_ORG,
	},
	service: {
		organization: RINGGOLD_ORG,
	},
	'peer-review': {
		reviewerRole: 'editor',
		reviewType: 'evaluation',
		reviewDate: '2020',
		reviewIdentifiers: [{ type: 'source-work-id', value: 'r1' }],
		groupId: 'orcid-generated:abc',
		organization: RINGGOLD_ORG,
	},
	'research-resource': {
		proposal: MINIMAL_PROPOSAL,
		resourceItems: [
			{
				name: 'R',
				type: 'equipment',
				hosts: [GRID_HOST],
				externalIds: [{ type: 'uri', value: 'https://x.org/r' }],
			},
		],
	},
	...MINIMAL_PERSON_ITEMS,
};

function xmlFor(itemType: ItemType, json: unknown): string {
	const info = itemTypeInfo(itemType);
	return orcidJsonToXml(json, `${info.xmlRoot.prefix}:${info.xmlRoot.name}`);
}

async function expectXsdValid(built: Array<[ItemType, unknown, string]>): Promise<void> {
	const byXsd = new Map<string, Array<{ name: string; xml: string }>>();
	for (const [itemType, json, label] of built) {
		const xsd = itemTypeInfo(itemType).xsdFile;
		byXsd.set(xsd, [...(byXsd.get(xsd) ?? []), { name: label, xml: xmlFor(itemType, json) }]);
	}
	const results = (
		await Promise.all([...byXsd].map(([xsd, docs]) => validateAgainstXsd(docs, xsd)))
	).flat();
	expect(results.filter((r) => !r.valid)).toEqual([]);
	expect(results).toHaveLength(built.length);
}

describe('every item type builds XSD-valid JSON', () => {
	test("full, minimal and update (put code) variants validate against ORCID's XSD", async () => {
		const built: Array<[ItemType, unknown, string]> = [];
		for (const t of ITEM_TYPES) {
			built.push([t, buildItem(t, FULL[t]), `${t}-full`]);
			built.push([t, buildItem(t, MINIMAL[t]), `${t}-minimal`]);
			const update = buildItem(t, { ...FULL[t], putCode: '1234' });
			expect(update['put-code']).toBe(1234);
			built.push([t, update, `${t}-update`]);
		}
		expect(built).toHaveLength(ITEM_TYPES.length * 3);
		await expectXsdValid(built);
	});

	test('built JSON passes the raw-JSON validator too (one set of rules)', () => {
		for (const t of ITEM_TYPES) {
			expect(findItemProblems(t, buildItem(t, FULL[t]))).toEqual([]);
			expect(() =>
				validateRawItem(t, buildItem(t, MINIMAL[t]), { operation: 'create' }),
			).not.toThrow();
			expect(() =>
				validateRawItem(t, buildItem(t, { ...MINIMAL[t], putCode: 7 }), { operation: 'update' }),
			).not.toThrow();
		}
	});
});

describe('exact JSON', () => {
	test('work', () => {
		expect(buildWork(FULL.work as never, { recordBaseUrl: 'https://sandbox.orcid.org' })).toEqual({
			title: {
				title: { value: 'Persistent identifiers in practice' },
				subtitle: { value: 'A field report' },
				'translated-title': { value: 'Identifiants pérennes en pratique', 'language-code': 'fr' },
			},
			'journal-title': { value: 'Learned Publishing' },
			'short-description': 'How identifiers are used.',
			citation: { 'citation-type': 'bibtex', 'citation-value': '@article{k, title={P}}' },
			type: 'journal-article',
			'publication-date': { year: { value: '2023' }, month: { value: '04' }, day: { value: '07' } },
			'external-ids': {
				'external-id': [
					externalId('doi', '10.1234/abc.2023', 'self', 'https://doi.org/10.1234/abc.2023'),
					externalId('issn', '1741-4857', 'part-of'),
				],
			},
			url: { value: 'https://example.org/articles/42' },
			contributors: {
				contributor: [
					{
						'contributor-orcid': {
							uri: 'https://sandbox.orcid.org/0000-0002-1825-0097',
							path: '0000-0002-1825-0097',
							host: 'sandbox.orcid.org',
						},
						'credit-name': { value: 'Josiah Carberry' },
						'contributor-attributes': {
							'contributor-sequence': 'first',
							'contributor-role': 'author',
						},
					},
					{
						'credit-name': { value: 'A. N. Other' },
						'contributor-email': { value: 'another@example.org' },
						'contributor-attributes': {
							'contributor-sequence': 'additional',
							'contributor-role': 'editor',
						},
					},
				],
			},
			'language-code': 'en',
			country: { value: 'US' },
			visibility: 'public',
		});
	});

	test('work: editor spellings become ORCID spellings', () => {
		const w = buildWork({
			title: '  Spaced title  ',
			type: 'Journal Article',
			publicationDate: '2021-3',
			externalIds: [{ type: ' DOI ', value: '10.5555/x', relationship: 'SELF' }],
			contributors: [
				{
					orcid: 'https://orcid.org/0000-0002-1694-233x',
					role: 'Principal Investigator',
					sequence: 'First',
				},
			],
		});
		expect(w.title).toEqual({ title: { value: 'Spaced title' } });
		expect(w.type).toBe('journal-article');
		expect(w['publication-date']).toEqual({ year: { value: '2021' }, month: { value: '03' } });
		expect(w['external-ids']).toEqual({
			'external-id': [externalId('doi', '10.5555/x', 'self')],
		});
		expect(w.contributors).toEqual({
			contributor: [
				{
					'contributor-orcid': {
						uri: 'https://orcid.org/0000-0002-1694-233X',
						path: '0000-0002-1694-233X',
						host: 'orcid.org',
					},
					'contributor-attributes': {
						'contributor-sequence': 'first',
						'contributor-role': 'principal-investigator',
					},
				},
			],
		});
		// an n8n date field gives a date-time; only the date is kept
		expect(
			buildWork({ ...MINIMAL.work, publicationDate: '2024-01-15T00:00:00.000+01:00' } as never)[
				'publication-date'
			],
		).toEqual({
			year: { value: '2024' },
			month: { value: '01' },
			day: { value: '15' },
		});
	});

	test('funding: amount, currency, grant number after the listed identifiers', () => {
		expect(buildFunding(FULL.funding as never)).toEqual({
			type: 'grant',
			'organization-defined-type': { value: 'Seed award' },
			title: {
				title: { value: 'Open infrastructure grant' },
				'translated-title': { value: 'Subvención', 'language-code': 'es' },
			},
			'short-description': 'Two years of funding.',
			amount: { value: '25000', 'currency-code': 'EUR' },
			url: { value: 'https://funder.example.org/g/42' },
			'start-date': { year: { value: '2021' }, month: { value: '01' } },
			'end-date': { year: { value: '2022' }, month: { value: '12' } },
			'external-ids': {
				'external-id': [
					externalId('proposal-id', 'P-42', 'self'),
					externalId(
						'grant_number',
						'G-2021-42',
						'self',
						'https://funder.example.org/grants/G-2021-42',
					),
				],
			},
			contributors: {
				contributor: [
					{
						'contributor-orcid': {
							uri: 'https://orcid.org/0000-0002-1825-0097',
							path: '0000-0002-1825-0097',
							host: 'orcid.org',
						},
						'credit-name': { value: 'Josiah Carberry' },
						'contributor-attributes': { 'contributor-role': 'lead' },
					},
				],
			},
			organization: organization(
				'Wellcome Trust',
				{ city: 'London', country: 'GB' },
				'http://dx.doi.org/10.13039/100004440',
				'FUNDREF',
			),
		});
	});

	test('all seven affiliation types share one shape', () => {
		const expected = {
			'department-name': 'Library',
			'role-title': 'Research data manager',
			'start-date': { year: { value: '2019' }, month: { value: '09' }, day: { value: '01' } },
			'end-date': { year: { value: '2023' } },
			organization: organization(
				'Boston University',
				{ city: 'Boston', region: 'MA', country: 'US' },
				'https://ror.org/05qwgg493',
				'ROR',
			),
			url: { value: 'https://example.org/staff/jc' },
			'external-ids': {
				'external-id': [externalId('other-id', 'EMP-7', 'self')],
			},
		};
		for (const t of AFFILIATION_TYPES) {
			expect(buildAffiliation(t, FULL.employment as never)).toEqual(expected);
		}
		// a bare ROR id and a lowercase source are written the way ORCID stores them
		expect(buildAffiliation('membership', FULL.membership as never).organization).toEqual(
			organization('Research Data Alliance', { country: 'IE' }, 'https://ror.org/05dc6w374', 'ROR'),
		);
	});

	test('peer review', () => {
		expect(buildPeerReview({ ...FULL['peer-review'], putCode: 99 } as never)).toEqual({
			'put-code': 99,
			'reviewer-role': 'reviewer',
			'review-identifiers': {
				'external-id': [
					externalId('source-work-id', 'R-9', 'self', 'https://reviews.example.org/r/9'),
				],
			},
			'review-url': { value: 'https://reviews.example.org/r/9' },
			'review-type': 'review',
			'review-completion-date': { year: { value: '2022' }, month: { value: '11' } },
			'review-group-id': 'issn:1741-4857',
			'subject-external-identifier': externalId(
				'doi',
				'10.1087/20120404',
				'self',
				'https://doi.org/10.1087/20120404',
			),
			'subject-container-name': { value: 'Learned Publishing' },
			'subject-type': 'journal-article',
			'subject-name': {
				title: { value: 'The paper reviewed' },
				subtitle: { value: 'Its subtitle' },
				'translated-title': { value: 'Le papier', 'language-code': 'fr' },
			},
			'subject-url': { value: 'https://example.org/paper' },
			'convening-organization': organization(
				'ORCID',
				{ city: 'Bethesda', region: 'MD', country: 'US' },
				'385488',
				'RINGGOLD',
			),
		});
	});

	test('research resource: the item list is "resource-item" in JSON', () => {
		const rr = buildResearchResource(MINIMAL['research-resource'] as never);
		// the proposal and its item have the same host
		const hosts = {
			organization: [organization('H', {}, 'grid.455335.1', 'GRID')],
		};
		expect(rr).toEqual({
			proposal: {
				title: { title: { value: 'P' } },
				hosts,
				'external-ids': {
					'external-id': [externalId('proposal-id', 'p', 'self')],
				},
			},
			'resource-item': [
				{
					'resource-name': 'R',
					'resource-type': 'equipment',
					hosts,
					'external-ids': {
						'external-id': [externalId('uri', 'https://x.org/r', 'self')],
					},
				},
			],
		});
		expect(xmlFor('research-resource', rr)).toContain('<research-resource:resource-items>');
	});

	test('person items', () => {
		expect(buildKeyword({ content: ' open science ', putCode: 5 })).toEqual({
			'put-code': 5,
			content: 'open science',
		});
		expect(buildOtherName({ content: 'J. Carberry' })).toEqual({ content: 'J. Carberry' });
		expect(buildResearcherUrl({ name: 'Lab', url: 'https://lab.example.org' })).toEqual({
			'url-name': 'Lab',
			url: { value: 'https://lab.example.org' },
		});
		// person identifier types are free text: kept as given
		expect(
			buildPersonExternalIdentifier({ type: 'Scopus Author ID', value: '7004212771' }),
		).toEqual(externalId('Scopus Author ID', '7004212771', 'self'));
	});
});

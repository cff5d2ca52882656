/**
 * Validation before anything is sent: every bad input is a ModelValidationError naming the
 * field (editor name for builders, JSON path for raw JSON) and showing the bad value.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
	ItemType,
	ModelValidationError,
	buildAffiliation,
	buildItem,
	buildWork,
	checkFuzzyDate,
	compareFuzzyDates,
	findItemProblems,
	fuzzyDateToString,
	itemPath,
	itemTypeInfo,
	parseFuzzyDate,
	parsePutCode,
	validateRawItem,
} from '../../../nodes/shared/orcid/model';
import { WRITE_SAMPLES_DIR } from '../../support/xsd';
import { GRID_HOST, MINIMAL_PERSON_ITEMS, MINIMAL_PROPOSAL, RINGGOLD_ORG } from './editorFields';

const ORG = {
	name: 'Boston University',
	city: 'Boston',
	country: 'US',
	disambiguatedId: 'https://ror.org/05qwgg493',
	disambiguationSource: 'ROR',
};
const R1 = {
	name: 'R1',
	type: 'equipment',
	hosts: [GRID_HOST],
	externalIds: [{ type: 'uri', value: 'https://x.org/1' }],
};

const VALID: Record<string, Record<string, unknown>> = {
	work: { title: 'T', type: 'book', externalIds: [{ type: 'isbn', value: '9780000000002' }] },
	funding: {
		title: 'F',
		type: 'grant',
		grantNumber: 'G1',
		organization: { ...RINGGOLD_ORG, country: 'US' },
	},
	employment: { organization: ORG, startDate: '2019', endDate: '2020' },
	distinction: { organization: RINGGOLD_ORG },
	service: { organization: RINGGOLD_ORG },
	'peer-review': {
		reviewerRole: 'reviewer',
		reviewType: 'review',
		reviewDate: '2020',
		reviewIdentifiers: [{ type: 'source-work-id', value: 'r1' }],
		groupId: 'issn:1741-4857',
		organization: RINGGOLD_ORG,
	},
	'research-resource': {
		proposal: MINIMAL_PROPOSAL,
		resourceItems: [
			R1,
			{
				name: 'R2',
				type: 'services',
				hosts: [GRID_HOST],
				externalIds: [{ type: 'uri', value: 'https://x.org/2' }],
			},
		],
	},
	...MINIMAL_PERSON_ITEMS,
};

function errorOf(fn: () => unknown): ModelValidationError {
	try {
		fn();
	} catch (e) {
		if (e instanceof ModelValidationError) return e;
		throw e;
	}
	throw new Error('expected a ModelValidationError, nothing was thrown');
}

type Case = [
	label: string,
	itemType: ItemType,
	change: Record<string, unknown>,
	field: string,
	message: RegExp,
];

const BUILDER_CASES: Case[] = [
	[
		'unknown work type',
		'work',
		{ type: 'journal-articel' },
		'type',
		/unknown work type 'journal-articel'; expected one of annotation/,
	],
	['missing work type', 'work', { type: undefined }, 'type', /is required: one of annotation/],
	[
		'missing title',
		'work',
		{ title: '  ' },
		'title',
		/is required \(ORCID rejects a work without a title, 9022\)/,
	],
	[
		'title too long',
		'work',
		{ title: 'x'.repeat(1001) },
		'title',
		/1001 characters long; ORCID allows at most 1000/,
	],
	[
		'malformed date',
		'work',
		{ publicationDate: '2020-13-01' },
		'publicationDate',
		/'2020-13-01': month '13' must be two digits, 01-12/,
	],
	[
		'date that does not exist',
		'work',
		{ publicationDate: '2021-02-29' },
		'publicationDate',
		/2021-02-29 does not exist/,
	],
	[
		'date in words',
		'work',
		{ publicationDate: 'last May' },
		'publicationDate',
		/'last May' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD/,
	],
	[
		'year outside the XSD range',
		'work',
		{ publicationDate: '1850' },
		'publicationDate',
		/year 1850 is outside 1900-2100/,
	],
	[
		'no identifiers',
		'work',
		{ externalIds: [] },
		'externalIds',
		/a work needs at least one identifier with relationship 'self'/,
	],
	[
		'no self identifier',
		'work',
		{ externalIds: [{ type: 'issn', value: '1741-4857', relationship: 'part-of' }] },
		'externalIds',
		/need at least one identifier with relationship 'self' \(ORCID answers 9023/,
	],
	[
		'identifier without type',
		'work',
		{ externalIds: [{ value: '10.1/x' }] },
		'externalIds[0].type',
		/is required \(e\.g\. doi, isbn, grant_number\)/,
	],
	[
		'identifier without value',
		'work',
		{ externalIds: [{ type: 'doi', value: '', relationship: 'self' }] },
		'externalIds[0].value',
		/is required/,
	],
	[
		'identifier type not an ORCID name',
		'work',
		{ externalIds: [{ type: 'my id', value: '1' }] },
		'externalIds[0].type',
		/'my id' is not an ORCID identifier type name/,
	],
	[
		'unknown relationship',
		'work',
		{
			externalIds: [
				{ type: 'doi', value: '10.1/x' },
				{ type: 'isbn', value: '1', relationship: 'sibling' },
			],
		},
		'externalIds[1].relationship',
		/unknown relationship 'sibling'; expected one of self, part-of, version-of, funded-by/,
	],
	[
		'identifier URL not a URL',
		'work',
		{ externalIds: [{ type: 'doi', value: '10.1/x', url: 'doi.org/10.1/x' }] },
		'externalIds[0].url',
		/'doi.org\/10.1\/x' is not a full URL/,
	],
	[
		'identifiers not a list of objects',
		'work',
		{ externalIds: ['10.1/x'] },
		'externalIds[0]',
		/must be an object like \{type, value, url, relationship\}, got '10.1\/x'/,
	],
	[
		'put code not a number',
		'work',
		{ putCode: 'abc' },
		'putCode',
		/put code must be a positive whole number, got 'abc'/,
	],
	['negative put code', 'work', { putCode: -5 }, 'putCode', /got -5/],
	['fractional put code', 'work', { putCode: 1.5 }, 'putCode', /got 1.5/],
	[
		'contributor iD with a bad check digit',
		'work',
		{ contributors: [{ name: 'A' }, { orcid: '0000-0002-1825-0098' }] },
		'contributors[1].orcid',
		/'0000-0002-1825-0098' is not a valid ORCID iD/,
	],
	[
		'contributor role',
		'work',
		{ contributors: [{ name: 'A', role: 'writer' }] },
		'contributors[0].role',
		/unknown contributor role 'writer'/,
	],
	[
		'contributor sequence',
		'work',
		{ contributors: [{ name: 'A', sequence: 'second' }] },
		'contributors[0].sequence',
		/unknown sequence 'second'; expected one of first, additional/,
	],
	[
		'contributor email',
		'work',
		{ contributors: [{ name: 'A', email: 'a-at-example.org' }] },
		'contributors[0].email',
		/'a-at-example.org' is not an email address/,
	],
	[
		'translated title without language',
		'work',
		{ translatedTitle: 'Titre' },
		'translatedTitleLanguage',
		/is required with a translated title/,
	],
	[
		'unknown language',
		'work',
		{ translatedTitle: 'Titre', translatedTitleLanguage: 'french' },
		'translatedTitleLanguage',
		/unknown language code 'french'/,
	],
	[
		'country not ISO 3166',
		'work',
		{ country: 'USA' },
		'country',
		/'USA' is not an ISO 3166-1 alpha-2 country code/,
	],
	[
		"work language not ORCID's list",
		'work',
		{ languageCode: 'eng' },
		'languageCode',
		/unknown language code 'eng'/,
	],
	[
		'citation type',
		'work',
		{ citation: { type: 'harvard', value: 'x' } },
		'citation.type',
		/unknown citation type 'harvard'/,
	],
	[
		'citation without text',
		'work',
		{ citation: { type: 'bibtex' } },
		'citation.value',
		/is required/,
	],
	['work URL', 'work', { url: 'example.com' }, 'url', /'example.com' is not a full URL/],
	['visibility', 'work', { visibility: 'secret' }, 'visibility', /unknown visibility 'secret'/],
	[
		'employment without organization',
		'employment',
		{ organization: undefined },
		'organization',
		/is required: the organization with its name, country and disambiguated id/,
	],
	[
		'organization without disambiguated id',
		'employment',
		{ organization: { ...ORG, disambiguatedId: undefined, disambiguationSource: undefined } },
		'organization.disambiguatedId',
		/ORCID needs a RINGGOLD, FUNDREF, ROR or GRID id for the organization \(9045\)/,
	],
	[
		'unknown disambiguation source',
		'employment',
		{ organization: { ...ORG, disambiguationSource: 'ISNI' } },
		'organization.disambiguationSource',
		/unknown disambiguation source 'ISNI'/,
	],
	[
		'malformed ROR id',
		'employment',
		{ organization: { ...ORG, disambiguatedId: 'https://ror.org/xyz' } },
		'organization.disambiguatedId',
		/'https:\/\/ror.org\/xyz' is not a ROR identifier/,
	],
	[
		'Ringgold id with letters',
		'distinction',
		{ organization: { ...RINGGOLD_ORG, disambiguatedId: 'R385488' } },
		'organization.disambiguatedId',
		/'R385488' is not a RINGGOLD identifier/,
	],
	[
		'employment without city',
		'employment',
		{ organization: { ...ORG, city: undefined } },
		'organization.city',
		/is required for employment and education \(ORCID answers 9060\)/,
	],
	[
		'employment without country',
		'employment',
		{ organization: { ...ORG, country: undefined } },
		'organization.country',
		/is required for employment and education/,
	],
	[
		// ORCID-Source: orcid-core/src/main/java/org/orcid/core/manager/v3/validator/ActivityValidator.java
		'distinction with neither an organization id nor an external identifier (9062)',
		'distinction',
		{ organization: { name: 'Org' } },
		'organization.disambiguatedId',
		/is required unless the distinction has an external identifier: .* \(9062\)/,
	],
	[
		'service with neither an organization id nor an external identifier (9062)',
		'service',
		{ organization: { name: 'Org', city: 'Paris', country: 'FR' } },
		'organization.disambiguatedId',
		/\(9062\)/,
	],
	[
		'city without country',
		'distinction',
		{ organization: { ...RINGGOLD_ORG, city: 'Bethesda' } },
		'organization.country',
		/is required when a city or region is given \(ORCID answers 9061\)/,
	],
	[
		'start after end',
		'employment',
		{ startDate: '2021-05', endDate: '2021-04-30' },
		'startDate',
		/start date is after the end date \(ORCID answers 9055\)/,
	],
	[
		'end without start',
		'employment',
		{ startDate: undefined, endDate: '2020' },
		'startDate',
		/is required when an end date is given \(ORCID answers 9050\)/,
	],
	[
		'malformed end date',
		'employment',
		{ endDate: '20-01-2020' },
		'endDate',
		/'20-01-2020' is not a date/,
	],
	[
		'unknown funding type',
		'funding',
		{ type: 'loan' },
		'type',
		/unknown funding type 'loan'; expected one of grant, contract, award, salary-award/,
	],
	[
		'amount not a number',
		'funding',
		{ amount: '1,000', currency: 'USD' },
		'amount',
		/'1,000' is not an amount/,
	],
	[
		'amount without currency',
		'funding',
		{ amount: 1000 },
		'currency',
		/is required with an amount/,
	],
	[
		'currency not ISO 4217',
		'funding',
		{ amount: 1000, currency: 'euros' },
		'currency',
		/'EUROS' is not an ISO 4217 currency code/,
	],
	[
		'funding without any identifier',
		'funding',
		{ grantNumber: undefined },
		'externalIds',
		/ORCID needs at least one identifier for a funding/,
	],
	['grant URL', 'funding', { grantUrl: 'not a url' }, 'grantUrl', /'not a url' is not a full URL/],
	[
		'funding contributor with a work role',
		'funding',
		{ contributors: [{ name: 'A', role: 'author' }] },
		'contributors[0].role',
		/unknown contributor role 'author'; expected lead, co-lead, supported-by, other-contribution/,
	],
	[
		'funding organization',
		'funding',
		{ organization: { name: 'NIH', country: 'US' } },
		'organization.disambiguatedId',
		/funding organization \(9045\)/,
	],
	[
		'reviewer role',
		'peer-review',
		{ reviewerRole: 'referee' },
		'reviewerRole',
		/unknown reviewer role 'referee'; expected one of reviewer, editor, member, chair, organizer/,
	],
	[
		'review type',
		'peer-review',
		{ reviewType: 'opinion' },
		'reviewType',
		/unknown review type 'opinion'/,
	],
	[
		'review without group id',
		'peer-review',
		{ groupId: '' },
		'groupId',
		/is required \(the group the review belongs to/,
	],
	[
		'malformed group id',
		'peer-review',
		{ groupId: 'journal:1234' },
		'groupId',
		/'journal:1234' is not a group id; it starts with issn:/,
	],
	['review without date', 'peer-review', { reviewDate: undefined }, 'reviewDate', /is required/],
	[
		'review without identifiers',
		'peer-review',
		{ reviewIdentifiers: [] },
		'reviewIdentifiers',
		/ORCID needs an identifier for the review/,
	],
	[
		'subject type',
		'peer-review',
		{ subjectType: 'tweet' },
		'subjectType',
		/unknown subject type 'tweet'/,
	],
	[
		'subject identifier without value',
		'peer-review',
		{ subjectExternalId: { type: 'doi' } },
		'subjectExternalId.value',
		/is required/,
	],
	[
		'convening organization',
		'peer-review',
		{ organization: { name: 'Journal' } },
		'organization.disambiguatedId',
		/convening organization/,
	],
	[
		'research resource without proposal',
		'research-resource',
		{ proposal: undefined },
		'proposal',
		/is required: the proposal with title, hosts and identifiers/,
	],
	[
		'host without disambiguated id',
		'research-resource',
		{
			proposal: {
				title: 'P',
				hosts: [{ name: 'H' }],
				externalIds: [{ type: 'proposal-id', value: 'p' }],
			},
		},
		'proposal.hosts[0].disambiguatedId',
		/host organization \(9045\)/,
	],
	[
		'resource type',
		'research-resource',
		{
			resourceItems: [
				{
					name: 'R',
					type: 'gadgets',
					hosts: [GRID_HOST],
					externalIds: [{ type: 'uri', value: 'https://x.org' }],
				},
			],
		},
		'resourceItems[0].type',
		/unknown resource type 'gadgets'; expected one of infrastructures, collections, equipment, services/,
	],
	[
		'resource item without identifiers',
		'research-resource',
		{ resourceItems: [R1, { name: 'R2', type: 'services', hosts: [GRID_HOST] }] },
		'resourceItems[1].externalIds',
		/ORCID needs an identifier for each resource item/,
	],
	[
		'no resource items',
		'research-resource',
		{ resourceItems: [] },
		'resourceItems',
		/needs at least one resource item/,
	],
	['blank keyword', 'keyword', { content: ' ' }, 'content', /is required \(the keyword\)/],
	[
		'keyword too long',
		'keyword',
		{ content: 'k'.repeat(256) },
		'content',
		/256 characters long; ORCID allows at most 255/,
	],
	['researcher URL missing', 'researcher-url', { url: undefined }, 'url', /is required/],
	[
		'researcher URL not a URL',
		'researcher-url',
		{ url: 'lab page' },
		'url',
		/'lab page' is not a full URL/,
	],
	[
		'person identifier without value',
		'external-identifier',
		{ value: undefined },
		'value',
		/is required/,
	],
];

describe('builders name the field and the bad value', () => {
	test.each(BUILDER_CASES)('%s', (_label, itemType, change, field, message) => {
		const base = VALID[itemType];
		expect(() => buildItem(itemType, base)).not.toThrow();
		const e = errorOf(() => buildItem(itemType, { ...base, ...change }));
		expect(e.field).toBe(field);
		expect(e.message.startsWith(`${field}: `)).toBe(true);
		expect(e.message).toMatch(message);
	});

	test('professional activities: an external identifier stands in for the organization id; no city or country needed (2025 rules)', () => {
		// ORCID-Source: orcid-core/src/main/java/org/orcid/core/manager/v3/validator/ActivityValidator.java
		const withId = {
			organization: { name: 'Org' },
			externalIds: [{ type: 'grant_number', value: 'G-1', relationship: 'self' }],
		};
		for (const type of [
			'distinction',
			'invited-position',
			'membership',
			'qualification',
			'service',
		] as ItemType[]) {
			expect(() => buildItem(type, withId)).not.toThrow();
			expect(() => buildItem(type, { organization: RINGGOLD_ORG })).not.toThrow();
			expect(errorOf(() => buildItem(type, { organization: { name: 'Org' } })).field).toBe(
				'organization.disambiguatedId',
			);
		}
		for (const type of ['education', 'employment'] as ItemType[]) {
			expect(errorOf(() => buildItem(type, withId)).field).toBe('organization.city');
		}
	});

	test('all problems are collected; the first one is the message', () => {
		const e = errorOf(() => buildWork({ title: '', type: 'paper', externalIds: [] } as never));
		expect(e.issues.map((i) => i.field)).toEqual(['title', 'type', 'externalIds']);
		expect(e.message).toMatch(/^title: is required .*\(and 2 more problems\)$/);
		expect(e.issues[1]).toEqual({
			field: 'type',
			problem: expect.stringContaining("unknown work type 'paper'"),
			value: 'paper',
		});
	});

	test('item types and field shapes', () => {
		expect(errorOf(() => buildItem('book' as ItemType, {})).field).toBe('itemType');
		expect(errorOf(() => itemTypeInfo('employments')).message).toMatch(
			/^itemType: unknown item type 'employments'; expected one of work, funding, employment/,
		);
		expect(errorOf(() => buildAffiliation('job' as never, { organization: ORG })).message).toMatch(
			/'job' is not an affiliation type/,
		);
		expect(errorOf(() => buildItem('work', 'title=x')).field).toBe('(item)');
		expect(
			errorOf(() => buildItem('employment', { organization: 'Boston University' })).field,
		).toBe('organization');
	});
});

describe('raw JSON: the same rules, fields named by JSON path', () => {
	const work = () => buildWork(VALID.work as never);

	test('the rules are the same as for the builders', () => {
		const raw = { ...work(), type: 'paper' };
		const fromRaw = errorOf(() => validateRawItem('work', raw));
		const fromFields = errorOf(() => buildWork({ ...VALID.work, type: 'paper' } as never));
		expect(fromRaw.field).toBe('type');
		expect(fromRaw.issues[0].problem).toBe(fromFields.issues[0].problem);
	});

	test.each([
		[
			'external-ids.external-id[0].external-id-type',
			{
				'external-ids': {
					'external-id': [{ 'external-id-value': '1', 'external-id-relationship': 'self' }],
				},
			},
		],
		['publication-date', { 'publication-date': { year: { value: '2020' }, day: { value: '01' } } }],
		['title.title', { title: { subtitle: { value: 'only a subtitle' } } }],
		[
			'title.translated-title.language-code',
			{ title: { title: { value: 'T' }, 'translated-title': { value: 'TT' } } },
		],
		[
			'contributors.contributor[0].contributor-orcid.path',
			{ contributors: { contributor: [{ 'contributor-orcid': { path: '1234' } }] } },
		],
		['country', { country: { value: 'XX' } }],
		['colour', { colour: 'red' }],
	])('%s', (field, change) => {
		const e = errorOf(() => validateRawItem('work', { ...work(), ...change }));
		expect(e.field).toBe(field);
	});

	test('helpful hints for common mistakes', () => {
		expect(errorOf(() => validateRawItem('work', { work: work() })).message).toMatch(
			/^work: is not a field of an ORCID work; send the work object itself, not wrapped in \{"work": \.\.\.\}/,
		);
		const rr = buildItem('research-resource', VALID['research-resource']);
		const { 'resource-item': items, ...rest } = rr;
		expect(
			errorOf(() =>
				validateRawItem('research-resource', {
					...rest,
					'resource-items': { 'resource-item': items },
				}),
			).message,
		).toMatch(
			/resource-items: is not a field of an ORCID research-resource; in JSON the list is "resource-item": \[\.\.\.\]/,
		);
		expect(errorOf(() => validateRawItem('work', [work()])).message).toMatch(
			/^\(item\): an ORCID work must be a JSON object/,
		);
	});

	test('put codes: none on create (9024), required and numeric on update (9019)', () => {
		expect(
			errorOf(() => validateRawItem('work', { ...work(), 'put-code': 12 }, { operation: 'create' }))
				.message,
		).toBe('put-code: must not be sent when creating an item (ORCID answers 9024)');
		expect(errorOf(() => validateRawItem('work', work(), { operation: 'update' })).field).toBe(
			'put-code',
		);
		expect(
			errorOf(() => validateRawItem('work', { ...work(), 'put-code': '12a' })).message,
		).toMatch(/got '12a'/);
		expect(
			validateRawItem('work', { ...work(), 'put-code': 12 }, { operation: 'update' })['put-code'],
		).toBe(12);
	});

	test('a read item can be sent back: read-only keys are accepted', () => {
		const read = {
			...work(),
			'created-date': { value: 1559916641301 },
			'last-modified-date': { value: 1559916641301 },
			source: { 'source-client-id': { path: 'APP-1' } },
			path: '/0000-0002-1825-0097/work/5',
			'put-code': 5,
			visibility: 'public',
		};
		expect(findItemProblems('work', read)).toEqual([]);
	});

	test("ORCID's own write samples pass, except the one ORCID itself would refuse", () => {
		const typeOf: Array<[RegExp, ItemType]> = [
			[/^work-/, 'work'],
			[/^funding-/, 'funding'],
			[
				/^(distinction|education|employment|invited-position|membership|qualification|service)-/,
				'employment',
			],
			[/^peer-review-(full|simple)/, 'peer-review'],
			[/^research-resource-/, 'research-resource'],
			[/^keywords-/, 'keyword'],
			[/^other-names-/, 'other-name'],
			[/^researcher-url-/, 'researcher-url'],
			[/^external-identifier-/, 'external-identifier'],
		];
		const problems: Record<string, string[]> = {};
		let checked = 0;
		for (const file of fs.readdirSync(WRITE_SAMPLES_DIR).filter((f) => f.endsWith('.json'))) {
			const json = JSON.parse(fs.readFileSync(path.join(WRITE_SAMPLES_DIR, file), 'utf8'));
			const entries: Array<[string, ItemType, unknown]> = [];
			if (file.startsWith('bulk-')) {
				json.bulk.forEach((e: { work: unknown }, i: number) =>
					entries.push([`${file}#${i}`, 'work', e.work]),
				);
			} else {
				const match = typeOf.find(([re]) => re.test(file));
				if (!match) continue;
				const t = match[1] === 'employment' ? (file.replace(/-3\.0.*$/, '') as ItemType) : match[1];
				entries.push([file, t, json]);
			}
			for (const [label, t, item] of entries) {
				checked++;
				const found = findItemProblems(t, item);
				if (found.length) problems[label] = found.map((p) => `${p.field}: ${p.problem}`);
			}
		}
		// 22 single items (not the address and the group-id record) + the 2, 3 and 100 bulk works
		expect(checked).toBe(22 + 2 + 3 + 100);
		// the second work in bulk-work-3.0.json has only a part-of ISBN: ORCID answers 9023 for it
		expect(problems).toEqual({
			'bulk-work-3.0.json#1': [
				"external-ids: need at least one identifier with relationship 'self' (ORCID answers 9023 otherwise)",
			],
		});
	});
});

describe('dates and put codes', () => {
	test('fuzzy dates', () => {
		expect(parseFuzzyDate('2020', 'd')).toEqual({ year: { value: '2020' } });
		expect(parseFuzzyDate('2020-2-3', 'd')).toEqual({
			year: { value: '2020' },
			month: { value: '02' },
			day: { value: '03' },
		});
		expect(parseFuzzyDate(2020, 'd')).toEqual({ year: { value: '2020' } });
		expect(parseFuzzyDate('', 'd')).toBeUndefined();
		expect(parseFuzzyDate(null, 'd')).toBeUndefined();
		expect(parseFuzzyDate('2024-02-29', 'd')).toEqual({
			year: { value: '2024' },
			month: { value: '02' },
			day: { value: '29' },
		});
		expect(errorOf(() => parseFuzzyDate('2023-02-29', 'startDate')).message).toBe(
			"startDate: '2023-02-29': 2023-02-29 does not exist",
		);
		expect(checkFuzzyDate({ year: { value: '2020' }, day: { value: '01' } })).toBe(
			'has a day but no month',
		);
		expect(checkFuzzyDate({ year: { value: '20' } })).toBe("year '20' must be four digits");
		expect(checkFuzzyDate({ month: { value: '01' } })).toBe('needs a year');
		expect(checkFuzzyDate({ year: { value: '2020' }, month: null, day: null })).toBeNull();
		expect(fuzzyDateToString({ year: { value: '2018' }, month: { value: '01' }, day: null })).toBe(
			'2018-01',
		);
		expect(compareFuzzyDates(parseFuzzyDate('2020', 'a'), parseFuzzyDate('2020-05', 'b'))).toBe(0);
		expect(
			compareFuzzyDates(parseFuzzyDate('2020-06', 'a'), parseFuzzyDate('2020-05-31', 'b')),
		).toBeGreaterThan(0);
		expect(
			compareFuzzyDates(parseFuzzyDate('2019-12-31', 'a'), parseFuzzyDate('2020', 'b')),
		).toBeLessThan(0);
	});

	test('put codes and item paths', () => {
		expect(parsePutCode('  42 ')).toBe(42);
		expect(parsePutCode(178602)).toBe(178602);
		for (const bad of ['', '0', '12a', 'abc', -1, 0, 1.5, null, undefined, {}, '1e3']) {
			expect(errorOf(() => parsePutCode(bad)).field).toBe('putCode');
		}
		expect(itemPath('invited-position', '0000-0002-1825-0097', '7')).toBe(
			'/0000-0002-1825-0097/invited-position/7',
		);
		expect(errorOf(() => itemPath('work', '0000-0002-1825-0097', 'x')).message).toBe(
			"putCode: put code must be a positive whole number, got 'x'",
		);
	});
});

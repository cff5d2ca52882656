/**
 * Simplify on ORCID's read samples (record-full-3.0.json, a real sandbox capture) and on
 * ORCID's write samples read back as single items. Expected values were checked by hand
 * against the sample files (e.g. the work summary put-code 178602 with journal title
 * "Jounral Title" sic, last-modified 1559917017189 ms = 2019-06-07T14:16:57.189Z).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
	SimpleAffiliation,
	type ItemType,
	simplify,
	simplifyActivity,
	simplifyBulkWorks,
	simplifyPerson,
	simplifyPersonSection,
	simplifyRecord,
	simplifySection,
} from '../../../nodes/shared/orcid/model';
import * as sample from '../../support/recordFullSample';
import { WRITE_SAMPLES_DIR } from '../../support/xsd';

const record = sample.read;
const writeSample = (name: string) =>
	JSON.parse(fs.readFileSync(path.join(WRITE_SAMPLES_DIR, name), 'utf8'));

describe('record-full-3.0.json', () => {
	test('person', () => {
		const r = simplifyRecord(record());
		expect({
			orcid: r.orcid,
			orcidUri: r.orcidUri,
			lastModified: r.lastModified,
			name: r.name,
			givenNames: r.givenNames,
			familyName: r.familyName,
			creditName: r.creditName,
			biography: r.biography,
			emails: r.emails,
			primaryEmail: r.primaryEmail,
			keywords: r.keywords,
			otherNames: r.otherNames,
			researcherUrls: r.researcherUrls,
			externalIds: r.externalIds,
			countries: r.countries,
		}).toEqual(sample.PERSON);
	});

	test('works', () => {
		expect(simplifyRecord(record()).works).toEqual([sample.WORK]);
	});

	test('affiliations: all seven sections, in order, with org ids and dates', () => {
		const affs = simplifyRecord(record()).affiliations;
		expect(affs.map((a) => [a.entryType, a.putCode])).toEqual([
			['employment', 9266],
			['education', 6455],
			['education', 9265],
			['education', 8718],
			['distinction', 9264],
			['invited-position', 9267],
			['membership', 9268],
			['qualification', 9269],
			['service', 7093],
			['service', 9270],
		]);
		expect(affs[0]).toEqual(sample.EMPLOYMENT);
		// an education without external ids (JSON null) and another FundRef id
		expect(affs[2]).toMatchObject({
			putCode: 9265,
			department: '!GAllows!',
			organizationId: 'http://dx.doi.org/10.13039/100000003',
			externalIds: [],
		});
		// a service the researcher added: source is their iD; other dates
		const service = affs.find((a) => a.putCode === 7093) as SimpleAffiliation;
		expect(service).toMatchObject({
			...sample.RESEARCHER_SOURCE,
			startDate: '1949-02-02',
			endDate: '1951-02-02',
			organizationId: 'http://dx.doi.org/10.13039/100011942',
		});
	});

	test('fundings, peer reviews, research resources', () => {
		const r = simplifyRecord(record());
		expect(r.fundings).toEqual([
			{
				...sample.entry(
					'funding',
					5132,
					'2018-12-14T16:21:46.866Z',
					sample.RESEARCHER_SOURCE,
					sample.group('grant_number:1234', 2, true),
				),
				...sample.GRANT,
				organizationDefinedType: null,
				amount: null,
				currency: null,
				shortDescription: null,
				otherIds: [],
			},
			expect.objectContaining({
				putCode: 5909,
				...sample.DEMO_CLIENT,
				...sample.GRANT,
				...sample.group('grant_number:1234', 2, false),
			}),
		]);
		expect(r.peerReviews).toEqual([
			{
				...sample.entry(
					'peer-review',
					1961,
					'2018-10-30T11:28:37.872Z',
					sample.DEMO_CLIENT,
					sample.group('source-work-id:1234', 2, true),
				),
				...sample.REVIEW,
				city: 'Bethesda',
				region: 'MD',
				country: 'US',
				subjectExternalId: null,
				subjectType: null,
				subjectName: null,
				subjectContainerName: null,
				subjectUrl: null,
			},
			expect.objectContaining({
				putCode: 2389,
				...sample.REVIEW,
				...sample.group('source-work-id:1234', 2, false),
			}),
		]);
		expect(r.researchResources).toEqual([sample.RESEARCH_RESOURCE]);
	});

	test('one item per record vs one item per entry', () => {
		const json = record();
		const one = simplify(json, { kind: 'record', mode: 'record' });
		expect(one).toHaveLength(1);
		expect(one[0]).toEqual(simplifyRecord(json));
		const entries = simplify(json, { kind: 'record', mode: 'entries' });
		const counts: Record<string, number> = {};
		for (const e of entries)
			counts[e.entryType as string] = (counts[e.entryType as string] ?? 0) + 1;
		expect(counts).toEqual({
			person: 1,
			keyword: 2,
			'other-name': 5,
			'researcher-url': 2,
			'external-identifier': 1,
			address: 3,
			employment: 1,
			education: 3,
			distinction: 1,
			'invited-position': 1,
			membership: 1,
			qualification: 1,
			service: 2,
			work: 1,
			funding: 2,
			'peer-review': 2,
			'research-resource': 1,
		});
		expect(entries.every((e) => e.orcid === '0000-0002-7319-2192')).toBe(true);
		expect(Object.keys(entries[0])[0]).toBe('orcid');
		expect(entries.find((e) => e.entryType === 'keyword' && e.putCode === 5097)).toEqual({
			orcid: '0000-0002-7319-2192',
			entryType: 'keyword',
			putCode: 5097,
			...sample.DEMO_CLIENT,
			visibility: 'public',
			path: '/0000-0002-7319-2192/keywords/5097',
			lastModified: '2019-06-07T14:08:11.061Z',
			value: 'keyword1',
			name: null,
			url: null,
			primary: null,
			verified: null,
		});
		expect(
			entries.find((e) => e.entryType === 'researcher-url' && e.putCode === 9401),
		).toMatchObject({
			value: 'https://site1.com/',
			url: 'https://site1.com/',
			name: 'Site # 1',
		});
		expect(entries.find((e) => e.entryType === 'external-identifier')).toMatchObject({
			putCode: 3995,
			name: 'My ID System',
			value: 'A-0003',
			url: 'https://myid.com/A-0003',
		});
	});

	test('sections, activities and person read on their own give the same entries', () => {
		const json = record();
		const full = simplifyRecord(json);
		const acts = json['activities-summary'];
		expect(simplifySection('work', acts.works)).toEqual(full.works);
		expect(simplifySection('education', acts.educations).map((e) => e.putCode)).toEqual([
			6455, 9265, 8718,
		]);
		expect(simplifySection('peer-review', acts['peer-reviews'])).toEqual(full.peerReviews);
		expect(simplify(acts, { kind: 'activities', mode: 'entries' })).toHaveLength(16);
		expect(
			simplify(acts.fundings, { kind: 'section', itemType: 'funding', mode: 'record' }),
		).toEqual([{ orcid: '0000-0002-7319-2192', entries: full.fundings, groupCount: 1 }]);
		expect(simplifyPersonSection('keyword', json.person.keywords).map((k) => k.value)).toEqual(
			full.keywords,
		);
		expect(simplify(json.person, { kind: 'person', mode: 'record' })[0]).toMatchObject({
			orcid: '0000-0002-7319-2192',
			name: 'Three releasecandidate1',
		});
	});

	test('deterministic: same input, same output, same key order', () => {
		const a = simplify(record(), { kind: 'record', mode: 'entries' });
		const b = simplify(record(), { kind: 'record', mode: 'entries' });
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
	});
});

describe("ORCID's grouping of versions (record-full-3.0.json)", () => {
	test("a funding group with two sources: the researcher's own version (display index 1) is preferred", () => {
		const r = simplifyRecord(record());
		expect(
			r.fundings.map((f) => [f.putCode, f.sourceName, f.groupKey, f.groupSize, f.preferred]),
		).toEqual([
			[5132, 'Three releasecandidate1', 'grant_number:1234', 2, true],
			[5909, 'Demo Org Sandbox', 'grant_number:1234', 2, false],
		]);
		// a work group with a single version is its own preferred version
		expect(r.works.map((w) => [w.putCode, w.groupKey, w.groupSize, w.preferred])).toEqual([
			[178602, 'doi:10.1087/20120404 | doi:work:doi', 1, true],
		]);
		expect(r.groupCounts).toEqual({
			affiliations: 9,
			works: 1,
			fundings: 1,
			peerReviews: 1,
			researchResources: 1,
		});
	});

	test('one entry per group: the preferred version, in record, activities, section and entries output', () => {
		const json = record();
		const one = simplifyRecord(json, true);
		expect(one.fundings.map((f) => f.putCode)).toEqual([5132]);
		expect(one.peerReviews.map((p) => p.putCode)).toEqual([1961]);
		expect(one.works.map((w) => w.putCode)).toEqual([178602]);
		// the two services share a group: one is left
		expect(one.affiliations).toHaveLength(9);
		expect(one.groupCounts).toEqual(simplifyRecord(json).groupCounts);
		const entries = simplify(json, { kind: 'record', mode: 'entries', preferredOnly: true });
		expect(entries.filter((e) => e.entryType === 'funding').map((e) => e.putCode)).toEqual([5132]);
		const acts = json['activities-summary'];
		expect(
			simplify(acts.fundings, {
				kind: 'section',
				itemType: 'funding',
				mode: 'record',
				preferredOnly: true,
			}),
		).toEqual([{ orcid: '0000-0002-7319-2192', entries: [one.fundings[0]], groupCount: 1 }]);
		expect(
			simplify(acts, { kind: 'activities', mode: 'record', preferredOnly: true })[0],
		).toMatchObject({ groupCounts: one.groupCounts, fundings: one.fundings });
	});

	test('the preferred version follows the display index wherever it sits in the group, then the oldest', () => {
		const json = record();
		const group = json['activities-summary'].fundings.group[0];
		const [researchers, clients] = group['funding-summary'];
		// the client's version first, and now the one with the higher display index
		researchers['display-index'] = '0';
		clients['display-index'] = '7';
		group['funding-summary'] = [researchers, clients];
		expect(
			simplifySection('funding', json['activities-summary'].fundings, true).map((f) => f.putCode),
		).toEqual([5909]);
		// equal display indexes: the version created first (5132, 2018) wins, wherever it is
		clients['display-index'] = '0';
		group['funding-summary'] = [clients, researchers];
		expect(
			simplifySection('funding', json['activities-summary'].fundings).map((f) => [
				f.putCode,
				f.preferred,
			]),
		).toEqual([
			[5909, false],
			[5132, true],
		]);
	});

	test('a group without identifiers is keyed by its put code; an empty section counts no group', () => {
		const json = record();
		const works = json['activities-summary'].works;
		works.group[0]['external-ids'] = { 'external-id': [] };
		expect(simplifySection('work', works)[0]).toMatchObject({
			groupKey: 'put-code:178602',
			groupSize: 1,
			preferred: true,
		});
		expect(simplify({ group: [] }, { kind: 'section', itemType: 'work', mode: 'record' })).toEqual([
			{ orcid: null, entries: [], groupCount: 0 },
		]);
	});
});

describe('full items (ORCID write samples read back)', () => {
	test('work with contributors, citation language and country', () => {
		const item = {
			...writeSample('work-full-3.0.json'),
			'put-code': 77,
			path: '/0000-0002-1825-0097/work/77',
		};
		expect(simplify(item, { kind: 'item', itemType: 'work', mode: 'record' })).toEqual([
			{
				orcid: '0000-0002-1825-0097',
				entryType: 'work',
				putCode: 77,
				sourceClientId: null,
				sourceOrcid: null,
				sourceName: null,
				visibility: null,
				path: '/0000-0002-1825-0097/work/77',
				lastModified: null,
				// one item read on its own: no group is known
				groupKey: null,
				groupSize: null,
				preferred: null,
				title: 'Work Title',
				subtitle: 'Work subtitle',
				translatedTitle: 'Translated-title English',
				type: 'journal-article',
				publicationDate: '2022-05-24',
				year: '2022',
				journalTitle: 'Journal title',
				doi: 'work:doi',
				otherIds: ['doi:10.1187/20120402'],
				url: 'https://example.com',
				shortDescription: 'This is a short description of the work.',
				contributors: ['Jordan', 'Fran'],
				languageCode: 'en',
				country: 'CA',
			},
		]);
	});

	test.each<[string, ItemType, string, object]>([
		[
			'funding with amount and grant numbers',
			'funding',
			'funding-3.0-with-NISO-roles.json',
			{
				title: 'Grant title',
				type: 'grant',
				organizationDefinedType: 'Funding sub-type',
				amount: '1000.0',
				currency: 'ADP',
				shortDescription: 'Short description for the funding.',
				grantNumbers: ['1234567', 'PTDC/NEU'],
				otherIds: [],
				organization: 'Wellcome Trust',
				organizationId: 'https://ror.org/033jnv181',
				organizationIdSource: 'ROR',
				city: 'London',
				region: null,
				country: 'GB',
				startDate: '2000-02-02',
				endDate: '2020-02-02',
			},
		],
		[
			'peer review with its subject',
			'peer-review',
			'peer-review-full-3.0.json',
			{
				reviewerRole: 'reviewer',
				reviewType: 'review',
				completionDate: '2012-04-14',
				reviewUrl: 'https://example.com',
				reviewIds: ['source-work-id:98765', 'source-work-id:123456'],
				groupId: 'issn:1741-4857',
				subjectExternalId: 'doi:10.1087/20120404',
				subjectType: 'journal-article',
				subjectName: 'Name of the paper reviewed',
				subjectContainerName: 'Journal title',
				subjectUrl: 'https://example.com/review-item',
				organizationId: 'https://ror.org/04fa4r544',
			},
		],
		[
			'research resource with its resource items',
			'research-resource',
			'research-resource-3.0.json',
			{
				title: 'Proposal title',
				hosts: ['ORCID', 'NASA'],
				hostIds: ['GRID:grid.455335.1', 'ROR:https://ror.org/027ka1x80'],
				externalIds: [
					'source-work-id:123456',
					'handle:https://grants.net/123456',
					'other-id:TG001JH',
				],
				startDate: '1999-02-02',
				endDate: '2012-02-02',
				resourceItems: [
					'infrastructures: Giant Laser 1',
					'infrastructures: Moon Targets',
					'collections: Rare Book Collection on Lasers',
					'equipment: Giant Computer for Laser',
					'services: Legal advice regarding giant lasers',
				],
			},
		],
		[
			'an affiliation item',
			'membership',
			'membership-3.0.json',
			{
				entryType: 'membership',
				organization: 'Research Data Alliance',
				organizationId: 'https://ror.org/05dc6w374',
				city: 'Dublin',
				region: 'Province of Leinster',
				country: 'IE',
				startDate: '2021-02-02',
				endDate: '2023-01-02',
			},
		],
	])('%s', (_name, itemType, file, expected) => {
		expect(simplifyActivity(itemType, writeSample(file))).toMatchObject(expected);
	});

	test('bulk works read: works kept in order, errors left out', () => {
		const bulk = writeSample('bulk-works-3-works-3.0.json');
		bulk.bulk.splice(1, 0, { error: { 'response-code': 404, 'error-code': 9016 } });
		const works = simplifyBulkWorks(bulk);
		expect(works.map((w) => w.title)).toEqual(['Work Title 1', 'Work Title 2', 'Work Title 3']);
		expect(works[0]).toMatchObject({
			doi: '10.1026/j.crvasa.2015.05.007',
			year: '2015',
			subtitle: 'Work 1 subtitle',
		});
	});

	test('person with credit name, biography and emails (values of person-3.0.xml and emails-3.0.xml)', () => {
		const person = {
			name: {
				'given-names': { value: 'give-names' },
				'family-name': { value: 'family-name' },
				'credit-name': { value: 'credit-name' },
				path: '8888-8888-8888-8880',
			},
			biography: { content: 'biography', visibility: 'public' },
			emails: {
				email: [
					{ email: 'user1@email.com', primary: false, verified: true, 'put-code': 1 },
					{ email: 'user2@email.com', primary: true, verified: false, 'put-code': 2 },
				],
			},
			addresses: { address: [{ country: { value: 'US' }, 'put-code': 1 }] },
		};
		expect(simplifyPerson(person)).toEqual({
			orcid: '8888-8888-8888-8880',
			name: 'credit-name',
			givenNames: 'give-names',
			familyName: 'family-name',
			creditName: 'credit-name',
			biography: 'biography',
			emails: ['user1@email.com', 'user2@email.com'],
			primaryEmail: 'user2@email.com',
			keywords: [],
			otherNames: [],
			researcherUrls: [],
			externalIds: [],
			countries: ['US'],
		});
		expect(
			simplify(person, { kind: 'person', mode: 'entries' }).map((e) => [
				e.entryType,
				e.value ?? null,
			]),
		).toEqual([
			['person', null],
			['email', 'user1@email.com'],
			['email', 'user2@email.com'],
			['address', 'US'],
		]);
	});

	test('empty or odd input gives empty fields, never a crash', () => {
		expect(simplifyRecord({})).toMatchObject({
			orcid: null,
			name: null,
			keywords: [],
			works: [],
			affiliations: [],
		});
		expect(simplifySection('work', 'nonsense')).toEqual([]);
		expect(simplifySection('employment', { 'affiliation-group': [{ summaries: [{}] }] })).toEqual(
			[],
		);
		expect(simplify(null, { kind: 'item', itemType: 'work', mode: 'record' })).toEqual([]);
		expect(() => simplify({}, { kind: 'nope' as never, mode: 'record' })).toThrow(
			/kind: unknown kind 'nope'/,
		);
	});
});

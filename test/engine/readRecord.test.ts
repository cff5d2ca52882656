/**
 * Read Record through the real n8n engine against the emulator: ORCID's full read sample
 * seeded and read back simplified (exact values), raw, per entry and as XML; public vs
 * member (read-limited) reads; items by put code; many works in calls of 100; expanded
 * search with paging; merged records, revoked tokens and bad input.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import { READ_SAMPLES_DIR } from '../support/xsd';
import {
	READ_NODE,
	WRITE_NODE,
	calls,
	lastCallId,
	newResearcher,
	researcherToken,
	runRead,
	runWrite,
	emulatorForSuite,
} from './writeItem.support';

const SAMPLE_ID = '0000-0002-7319-2192';
const SAMPLE = JSON.parse(
	fs.readFileSync(path.join(READ_SAMPLES_DIR, 'record-full-3.0.json'), 'utf8'),
) as IDataObject;

const emu = emulatorForSuite();
beforeAll(async () => {
	await emu.control('PUT', `/_emulator/records/${SAMPLE_ID}`, SAMPLE);
});

const publicRead = (parameters: IDataObject, input: IDataObject[] = [{ orcid: SAMPLE_ID }]) =>
	runRead(emu, { apiType: 'public', ...parameters }, { apiType: 'public', input });

function sorted(list: unknown): unknown[] {
	return [...(list as string[])].sort();
}

describe("ORCID's record-full read sample, simplified", () => {
	it('gives the person and every activity as flat fields with the sample’s values', async () => {
		const run = await publicRead({ resource: 'record', operation: 'get', output: 'simplify' });
		expect(run.status).toBe('success');
		const out = run.output(READ_NODE);
		expect(out).toHaveLength(1);
		const record = out[0];
		expect(record).toMatchObject({
			orcid: SAMPLE_ID,
			orcidUri: `https://sandbox.orcid.org/${SAMPLE_ID}`,
			name: 'Three releasecandidate1',
			givenNames: 'Three',
			familyName: 'releasecandidate1',
			creditName: null,
			biography: null,
			emails: [],
			primaryEmail: null,
			externalIds: [{ type: 'My ID System', value: 'A-0003', url: 'https://myid.com/A-0003' }],
			countries: ['US', 'US', 'US'],
		});
		expect(sorted(record.keywords)).toEqual(['keyword1', '{{{}}}}{}{{}}}{{{{}}{}{}{}{}{}{}{']);
		expect(sorted(record.otherNames)).toEqual([
			'Other Name',
			'Other Name',
			'dreamofaredbird',
			'{yo}',
			'{}',
		]);
		expect(record.researcherUrls).toEqual(
			expect.arrayContaining([
				{ name: 'Site # 1', url: 'https://site1.com/' },
				{ name: '{{}}{}', url: 'http://www.fjksbl.com' },
			]),
		);
		expect(record.works).toEqual([
			{
				entryType: 'work',
				putCode: 178602,
				sourceClientId: 'APP-OQYKBIN9CXD9U3SH',
				sourceOrcid: null,
				sourceName: 'Demo Org Sandbox',
				visibility: 'public',
				path: `/${SAMPLE_ID}/work/178602`,
				lastModified: '2019-06-07T14:16:57.189Z',
				title: 'Work Title',
				subtitle: null,
				translatedTitle: 'Translated-title',
				type: 'journal-article',
				publicationDate: '2012-10-01',
				year: '2012',
				journalTitle: 'Jounral Title',
				doi: 'work:doi',
				otherIds: ['doi:10.1087/20120404'],
				url: 'http://alt-uri.org',
				shortDescription: null,
				contributors: [],
				languageCode: null,
				country: null,
			},
		]);
		const affiliations = record.affiliations as IDataObject[];
		expect(affiliations.map((a) => `${a.entryType}:${a.putCode}`).sort()).toEqual(
			[
				'distinction:9264',
				'education:6455',
				'education:8718',
				'education:9265',
				'employment:9266',
				'invited-position:9267',
				'membership:9268',
				'qualification:9269',
				'service:7093',
				'service:9270',
			].sort(),
		);
		expect(affiliations.find((a) => a.putCode === 9266)).toEqual({
			entryType: 'employment',
			putCode: 9266,
			sourceClientId: 'APP-OQYKBIN9CXD9U3SH',
			sourceOrcid: null,
			sourceName: 'Demo Org Sandbox',
			visibility: 'public',
			path: `/${SAMPLE_ID}/employment/9266`,
			lastModified: '2019-06-07T14:05:58.839Z',
			organization: 'common:name',
			organizationId: 'http://dx.doi.org/10.13039/100000001',
			organizationIdSource: 'FUNDREF',
			city: 'common:city',
			region: 'common:region',
			country: 'AF',
			department: 'department-name',
			roleTitle: 'role-title',
			startDate: '1948-02-02',
			endDate: '1948-02-02',
			url: 'http://tempuri.org',
			externalIds: [
				'grant_number:external-identifier-value',
				'grant_number:external-identifier-value2',
			],
		});
		const funding = (record.fundings as IDataObject[]).find((f) => f.putCode === 5909);
		expect(funding).toMatchObject({
			title: 'Grant title',
			translatedTitle: 'Translated title',
			type: 'grant',
			organization: 'Wellcome Trust',
			organizationId: 'http://dx.doi.org/10.13039/100000001',
			organizationIdSource: 'FUNDREF',
			city: 'London',
			country: 'GB',
			startDate: '2000-02-02',
			endDate: '2020-02-02',
			grantNumbers: ['1234'],
			url: 'https://alt-url.org',
		});
		const review = (record.peerReviews as IDataObject[]).find((r) => r.putCode === 2389);
		expect(review).toMatchObject({
			groupId: 'issn:1741-4857',
			reviewerRole: 'reviewer',
			reviewType: 'review',
			completionDate: '2012-08-01',
			reviewUrl: 'https://alt-url.com',
			reviewIds: ['source-work-id:1234'],
			organization: 'ORCID',
			organizationId: '385488',
			organizationIdSource: 'RINGGOLD',
		});
		expect(record.researchResources).toEqual([
			expect.objectContaining({
				putCode: 1498,
				title: 'Giant Rocket Award',
				hosts: ['NASA'],
				hostIds: ['GRID:grid.238252.c'],
				startDate: '1999-02-02',
				endDate: '2012-02-02',
				url: 'http://xsede.org/GiantLaserAward',
			}),
		]);
		expect(run.nodes[READ_NODE].pairedItems[0]).toEqual([{ item: 0 }]);
	});

	it('gives one item per entry, each carrying the iD and its type', async () => {
		const run = await publicRead({
			resource: 'record',
			operation: 'get',
			output: 'simplify',
			split: 'entries',
		});
		const out = run.output(READ_NODE);
		const count = (t: string) => out.filter((e) => e.entryType === t).length;
		expect(out.every((e) => e.orcid === SAMPLE_ID)).toBe(true);
		expect(count('person')).toBe(1);
		expect(count('keyword')).toBe(2);
		expect(count('other-name')).toBe(5);
		expect(count('researcher-url')).toBe(2);
		expect(count('external-identifier')).toBe(1);
		expect(count('work')).toBe(1);
		expect(count('education')).toBe(3);
		expect(count('service')).toBe(2);
		expect(out.find((e) => e.entryType === 'work')).toMatchObject({
			putCode: 178602,
			doi: 'work:doi',
		});
		expect(
			run.nodes[READ_NODE].pairedItems[0].every((p) => JSON.stringify(p) === '{"item":0}'),
		).toBe(true);
	});

	it('reads one section, per entry', async () => {
		const run = await publicRead({
			resource: 'section',
			operation: 'get',
			section: 'educations',
			output: 'simplify',
			split: 'entries',
		});
		const out = run.output(READ_NODE);
		expect(out.map((e) => e.putCode).sort()).toEqual([6455, 8718, 9265]);
		expect(out.every((e) => e.entryType === 'education' && e.orcid === SAMPLE_ID)).toBe(true);
	});
});

describe('raw and XML output', () => {
	it('gives ORCID’s JSON unchanged, or split into the section’s summaries', async () => {
		const raw = await publicRead({ resource: 'record', operation: 'get', output: 'raw' });
		const record = raw.output(READ_NODE)[0];
		expect((record['orcid-identifier'] as IDataObject).path).toBe(SAMPLE_ID);
		expect(((record.person as IDataObject).name as IDataObject)['given-names']).toEqual({
			value: 'Three',
		});
		const split = await publicRead({
			resource: 'section',
			operation: 'get',
			section: 'works',
			output: 'raw',
			split: 'entries',
		});
		const works = split.output(READ_NODE);
		expect(works).toHaveLength(1);
		expect(works[0]).toMatchObject({
			orcid: SAMPLE_ID,
			entryType: 'work',
			'put-code': 178602,
			type: 'journal-article',
			'journal-title': { value: 'Jounral Title' },
		});
	});

	it('gives ORCID’s XML as text', async () => {
		const run = await publicRead({ resource: 'record', operation: 'getPerson', output: 'xml' });
		const out = run.output(READ_NODE)[0];
		expect(out.orcid).toBe(SAMPLE_ID);
		expect(String(out.xml)).toMatch(/^<\?xml/);
		expect(String(out.xml)).toMatch(/<person:person[\s>]/);
		expect(String(out.xml)).toContain('releasecandidate1');
		// one record per call: the client's /read-public token, then the read
		const traffic = run.output(READ_NODE, 1);
		expect(traffic.map((t) => `${t.method} ${t.url} ${t.status}`)).toEqual([
			`POST ${emu.url}/oauth/token 200`,
			`GET ${emu.publicApi}/v3.0/${SAMPLE_ID}/person 200`,
		]);
		expect(traffic[1].responseBody).toBe(out.xml);
	});
});

describe('public and member (read-limited) reads', () => {
	it('shows items the researcher limited to trusted parties only with their token', async () => {
		const orcid = await newResearcher(emu);
		await emu.control('POST', `/_emulator/records/${orcid}/items`, {
			type: 'keyword',
			visibility: 'limited',
			data: { content: 'for trusted parties' },
		});
		await emu.control('POST', `/_emulator/records/${orcid}/items`, {
			type: 'keyword',
			visibility: 'public',
			data: { content: 'for everyone' },
		});
		const params = {
			resource: 'section',
			operation: 'get',
			section: 'keywords',
			output: 'simplify',
		};
		const pub = await publicRead({ ...params, split: 'entries' }, [{ orcid }]);
		expect(pub.output(READ_NODE).map((k) => k.value)).toEqual(['for everyone']);

		const token = await researcherToken(emu, orcid, '/read-limited');
		const member = await runRead(
			emu,
			{ ...params, apiType: 'member', readAs: 'researcher', split: 'entries' },
			{ input: [{ orcid, accessToken: token }] },
		);
		expect(
			member
				.output(READ_NODE)
				.map((k) => k.value)
				.sort(),
		).toEqual(['for everyone', 'for trusted parties']);
		const asClient = await runRead(
			emu,
			{ ...params, apiType: 'member', readAs: 'client', split: 'entries' },
			{ input: [{ orcid }] },
		);
		expect(asClient.output(READ_NODE).map((k) => k.value)).toEqual(['for everyone']);
		// the researcher's token is not in the traffic records
		expect(JSON.stringify(member.output(READ_NODE, 1))).not.toContain(token);
	});
});

describe('items by put code', () => {
	it('reads one item, simplified or raw', async () => {
		const simple = await publicRead({
			resource: 'item',
			operation: 'get',
			itemType: 'work',
			putCode: '178602',
			output: 'simplify',
		});
		expect(simple.output(READ_NODE)).toEqual([
			expect.objectContaining({
				orcid: SAMPLE_ID,
				entryType: 'work',
				putCode: 178602,
				title: 'Work Title',
			}),
		]);
		const raw = await publicRead({
			resource: 'item',
			operation: 'get',
			itemType: 'employment',
			putCode: '9266',
			output: 'raw',
		});
		expect(raw.output(READ_NODE)[0]).toMatchObject({
			'put-code': 9266,
			'role-title': 'role-title',
		});
	});

	it('reads 150 works by put code in two calls, in order, and reports a missing one on its entry', async () => {
		const orcid = await newResearcher(emu);
		const token = await researcherToken(emu, orcid);
		const works = Array.from({ length: 150 }, (_, i) => ({
			orcid,
			accessToken: token,
			title: `Read-back work ${i}`,
			doi: `10.6666/read.${i}`,
		}));
		const written = await runWrite(
			emu,
			{
				resource: 'work',
				operation: 'createMany',
				workTitle: '={{ $json.title }}',
				workType: 'book',
				externalIds: {
					externalId: [{ type: 'doi', value: '={{ $json.doi }}', relationship: 'self' }],
				},
			},
			{ input: works },
		);
		const putCodes = written.output(WRITE_NODE).map((o) => o.putCode as number);
		expect(putCodes).toHaveLength(150);
		const missing = 99999999;
		const asked = [...putCodes.slice(0, 120), missing, ...putCodes.slice(120)];
		const since = await lastCallId(emu);
		const run = await runRead(
			emu,
			{
				resource: 'item',
				operation: 'getManyWorks',
				putCodes: '={{ $json.putCodes.join(",") }}',
				output: 'simplify',
			},
			{ input: [{ orcid, accessToken: token, putCodes: asked }] },
		);
		const out = run.output(READ_NODE);
		expect(out).toHaveLength(151);
		const reads = (await calls(emu, { since, method: 'GET' })).filter((c) =>
			c.path.startsWith(`/api/v3.0/${orcid}/works/`),
		);
		expect(reads).toHaveLength(2);
		out.forEach((entry, k) => {
			if (k === 120) {
				expect(entry).toMatchObject({ putCode: missing });
				expect(entry.error).toBeDefined();
				return;
			}
			const i = k < 120 ? k : k - 1;
			expect(entry).toMatchObject({
				putCode: putCodes[i],
				title: `Read-back work ${i}`,
				doi: `10.6666/read.${i}`,
			});
		});
	});
});

describe('search', () => {
	it('finds researchers by name, email and affiliation, flat or raw', async () => {
		const orcid = await newResearcher(emu, {
			givenNames: 'Zebulon',
			familyName: 'Quixotic',
			email: 'zq@example.org',
			emailVisibility: 'public',
			affiliation: 'Unseen University',
		});
		const byName = await runRead(emu, {
			resource: 'researcher',
			operation: 'search',
			givenNames: 'Zebulon',
			familyName: 'Quixotic',
		});
		expect(byName.output(READ_NODE)).toEqual([
			{
				orcid,
				orcidUri: `https://sandbox.orcid.org/${orcid}`,
				name: 'Zebulon Quixotic',
				givenNames: 'Zebulon',
				familyName: 'Quixotic',
				creditName: null,
				otherNames: [],
				emails: ['zq@example.org'],
				institutions: ['Unseen University'],
			},
		]);
		const byEmail = await runRead(emu, {
			resource: 'researcher',
			operation: 'search',
			email: 'zq@example.org',
			output: 'raw',
		});
		expect(byEmail.output(READ_NODE)).toEqual([expect.objectContaining({ 'orcid-id': orcid })]);
		const byAffiliation = await runRead(emu, {
			resource: 'researcher',
			operation: 'search',
			affiliation: 'Unseen University',
		});
		expect(byAffiliation.output(READ_NODE).map((r) => r.orcid)).toEqual([orcid]);
	});

	it('pages through more results than one call returns (Return All), or stops at the limit', async () => {
		const family = 'Pagetestson';
		for (let i = 0; i < 1003; i++) {
			await emu.control('POST', '/_emulator/researchers', {
				givenNames: `P${i}`,
				familyName: family,
			});
		}
		let since = await lastCallId(emu);
		const all = await runRead(emu, {
			resource: 'researcher',
			operation: 'search',
			familyName: family,
			returnAll: true,
		});
		expect(all.status).toBe('success');
		const found = all.output(READ_NODE);
		expect(found).toHaveLength(1003);
		expect(new Set(found.map((r) => r.orcid)).size).toBe(1003);
		const searches = (await calls(emu, { since })).filter((c) =>
			c.path.includes('/expanded-search'),
		);
		expect(searches).toHaveLength(2);

		since = await lastCallId(emu);
		const some = await runRead(emu, {
			resource: 'researcher',
			operation: 'search',
			familyName: family,
			limit: 7,
		});
		expect(some.output(READ_NODE)).toHaveLength(7);
		expect(
			(await calls(emu, { since })).filter((c) => c.path.includes('/expanded-search')),
		).toHaveLength(1);
	});
});

describe('problems', () => {
	it('follows a merged record to its primary iD', async () => {
		const primary = await newResearcher(emu, { givenNames: 'Primary' });
		const old = await newResearcher(emu, { deprecatedTo: primary });
		const run = await publicRead(
			{ resource: 'record', operation: 'getPerson', output: 'simplify' },
			[{ orcid: old }],
		);
		expect(run.output(READ_NODE)[0]).toMatchObject({
			orcid: primary,
			givenNames: 'Primary',
			newOrcid: primary,
			previousOrcid: old,
		});
	});

	it('reports a revoked token and a bad iD on their items (Continue On Fail); fails without', async () => {
		const orcid = await newResearcher(emu);
		const token = await researcherToken(emu, orcid, '/read-limited');
		const revoked = await researcherToken(emu, orcid, '/read-limited');
		await emu.control('POST', '/_emulator/revoke', { token: revoked });
		const input = [
			{ orcid, accessToken: token },
			{ orcid, accessToken: revoked },
			{ orcid: '0000-0002-1825-009X', accessToken: token },
		];
		const params = {
			resource: 'record',
			operation: 'getPerson',
			apiType: 'member',
			readAs: 'researcher',
		};
		const soft = await runRead(emu, params, { input, continueOnFail: true });
		const out = soft.output(READ_NODE);
		expect(out[0].orcid).toBe(orcid);
		expect(out[1]).toMatchObject({ tokenRevoked: true, httpStatus: 401, itemIndex: 1 });
		expect(out[2]).toMatchObject({ field: 'orcid', itemIndex: 2 });
		expect(soft.nodes[READ_NODE].pairedItems[0]).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		const hard = await runRead(emu, params, { input: [input[2]] });
		expect(hard.status).toBe('error');
		expect(hard.nodes[READ_NODE].error?.message).toContain('Item 0, field "orcid"');
	});
});

/**
 * Read Record through the real n8n engine against the emulator: ORCID's full read sample
 * seeded and read back simplified (exact values), raw, per entry and as XML; public vs
 * member (read-limited) reads; items by put code; many works in calls of 100; expanded
 * search with paging; merged records, revoked tokens and bad input.
 */
import type { IDataObject } from 'n8n-workflow';

import * as sample from '../support/recordFullSample';
import {
	READ_NODE,
	WRITE_NODE,
	calls,
	lastCallId,
	mergedRecord,
	newResearcher,
	researcherToken,
	runRead,
	runWrite,
	emulatorForSuite,
} from './writeItem.support';

const SAMPLE = sample.read() as IDataObject;

const emu = emulatorForSuite();
beforeAll(async () => {
	await emu.control('PUT', `/_emulator/records/${sample.ID}`, SAMPLE);
});

const publicRead = (parameters: IDataObject, input: IDataObject[] = [{ orcid: sample.ID }]) =>
	runRead(emu, { apiType: 'public', ...parameters }, { apiType: 'public', input });

/** A public `get` of a resource of the sample, in an output mode. */
const publicGet = (resource: string, output: string, more: IDataObject = {}) =>
	publicRead({ resource, operation: 'get', output, ...more });

function sorted(list: unknown): unknown[] {
	return [...(list as string[])].sort();
}

describe("ORCID's record-full read sample, simplified", () => {
	it('gives the person and every activity as flat fields with the sample’s values', async () => {
		const run = await publicGet('record', 'simplify');
		expect(run.status).toBe('success');
		const out = run.output(READ_NODE);
		expect(out).toHaveLength(1);
		const record = out[0];
		// the emulator may list keywords, other names and researcher URLs in another order, and
		// the record was last modified when it was seeded
		const { keywords, otherNames, researcherUrls, ...person } = sample.PERSON;
		expect(record).toMatchObject({
			...person,
			lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
		});
		expect(sorted(record.keywords)).toEqual(sorted(keywords));
		expect(sorted(record.otherNames)).toEqual(sorted(otherNames));
		expect(record.researcherUrls).toEqual(expect.arrayContaining(researcherUrls));
		expect(record.works).toEqual([sample.WORK]);
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
		expect(affiliations.find((a) => a.putCode === 9266)).toEqual(sample.EMPLOYMENT);
		const funding = (record.fundings as IDataObject[]).find((f) => f.putCode === 5909);
		expect(funding).toMatchObject(sample.GRANT);
		const review = (record.peerReviews as IDataObject[]).find((r) => r.putCode === 2389);
		expect(review).toMatchObject(sample.REVIEW);
		expect(record.researchResources).toEqual([sample.RESEARCH_RESOURCE]);
		expect(run.nodes[READ_NODE].pairedItems[0]).toEqual([{ item: 0 }]);
	});

	it("keeps ORCID's grouping: group key and size on each entry, groups counted, one per group on request", async () => {
		const every = (await publicGet('record', 'simplify')).output(READ_NODE)[0];
		const fundings = every.fundings as IDataObject[];
		expect(fundings.map((f) => [f.putCode, f.groupKey, f.groupSize, f.preferred]).sort()).toEqual([
			[5132, 'grant_number:1234', 2, true],
			[5909, 'grant_number:1234', 2, false],
		]);
		expect(every.groupCounts).toEqual({
			affiliations: 9,
			works: 1,
			fundings: 1,
			peerReviews: 1,
			researchResources: 1,
		});

		const seen = (await publicGet('record', 'simplify', { versions: 'preferred' })).output(
			READ_NODE,
		)[0];
		expect((seen.fundings as IDataObject[]).map((f) => f.putCode)).toEqual([5132]);
		expect(seen.works).toEqual([sample.WORK]);
		expect((seen.peerReviews as IDataObject[]).map((r) => r.putCode)).toEqual([1961]);
		expect(seen.groupCounts).toEqual(every.groupCounts);

		const section = await publicGet('section', 'simplify', {
			section: 'fundings',
			versions: 'preferred',
			split: 'entries',
		});
		expect(section.output(READ_NODE).map((f) => [f.putCode, f.groupSize, f.preferred])).toEqual([
			[5132, 2, true],
		]);
		const bad = await publicGet('section', 'simplify', { section: 'fundings', versions: 'some' });
		expect(bad.nodes[READ_NODE].error?.message).toBe(
			'Item 0, field "versions": must be all or preferred, got "some"',
		);
	});

	it('gives one item per entry, each carrying the iD and its type', async () => {
		const run = await publicGet('record', 'simplify', { split: 'entries' });
		const out = run.output(READ_NODE);
		const count = (t: string) => out.filter((e) => e.entryType === t).length;
		expect(out.every((e) => e.orcid === sample.ID)).toBe(true);
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
		const run = await publicGet('section', 'simplify', { section: 'educations', split: 'entries' });
		const out = run.output(READ_NODE);
		expect(out.map((e) => e.putCode).sort()).toEqual([6455, 8718, 9265]);
		expect(out.every((e) => e.entryType === 'education' && e.orcid === sample.ID)).toBe(true);
	});
});

describe('raw and XML output', () => {
	it('gives ORCID’s JSON unchanged, or split into the section’s summaries', async () => {
		const raw = await publicGet('record', 'raw');
		const record = raw.output(READ_NODE)[0];
		expect((record['orcid-identifier'] as IDataObject).path).toBe(sample.ID);
		expect(((record.person as IDataObject).name as IDataObject)['given-names']).toEqual({
			value: 'Three',
		});
		const split = await publicGet('section', 'raw', { section: 'works', split: 'entries' });
		const works = split.output(READ_NODE);
		expect(works).toHaveLength(1);
		expect(works[0]).toMatchObject({
			orcid: sample.ID,
			entryType: 'work',
			'put-code': 178602,
			type: 'journal-article',
			'journal-title': { value: 'Jounral Title' },
		});
	});

	it('gives ORCID’s XML as text', async () => {
		const run = await publicRead({ resource: 'record', operation: 'getPerson', output: 'xml' });
		const out = run.output(READ_NODE)[0];
		expect(out.orcid).toBe(sample.ID);
		expect(String(out.xml)).toMatch(/^<\?xml/);
		expect(String(out.xml)).toMatch(/<person:person[\s>]/);
		expect(String(out.xml)).toContain('releasecandidate1');
		// one record per call: the client's /read-public token, then the read
		const traffic = run.output(READ_NODE, 1);
		expect(traffic.map((t) => `${t.method} ${t.url} ${t.status}`)).toEqual([
			`POST ${emu.url}/oauth/token 200`,
			`GET ${emu.publicApi}/v3.0/${sample.ID}/person 200`,
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
		const simple = await publicGet('item', 'simplify', { itemType: 'work', putCode: '178602' });
		expect(simple.output(READ_NODE)).toEqual([
			expect.objectContaining({
				orcid: sample.ID,
				entryType: 'work',
				putCode: 178602,
				title: 'Work Title',
			}),
		]);
		const raw = await publicGet('item', 'raw', { itemType: 'employment', putCode: '9266' });
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
		const { old, primary } = await mergedRecord(emu, { givenNames: 'Primary' });
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

// checks Write Item made and Read Record lacked (shared/auth/researcherToken)
describe("the researcher's token is checked before any call", () => {
	const params = {
		resource: 'record',
		operation: 'getPerson',
		apiType: 'member',
		readAs: 'researcher',
	};

	it('refuses a stored token record of another iD, naming the item and accessToken', async () => {
		const orcid = await newResearcher(emu);
		const other = await newResearcher(emu);
		const record = (owner: string, token: string) => ({
			orcid: `https://sandbox.orcid.org/${owner}`,
			accessToken: token,
			status: 'connected',
		});
		const input = [
			{ orcid, accessToken: record(orcid, await researcherToken(emu, orcid, '/read-limited')) },
			{ orcid, accessToken: record(other, await researcherToken(emu, other, '/read-limited')) },
		];
		const since = await lastCallId(emu);
		const hard = await runRead(emu, params, { input });
		expect(hard.status).toBe('error');
		expect(hard.nodes[READ_NODE].error?.message).toBe(
			`Item 1, field "accessToken": the token record belongs to ${other}, not to ${orcid}`,
		);
		// item 0 was read; item 1 stopped before its call
		const api = (await calls(emu, { since })).filter((c) => c.path.startsWith('/api/'));
		expect(api.map((c) => c.path)).toEqual([`/api/v3.0/${orcid}/person`]);

		const soft = await runRead(emu, params, { input, continueOnFail: true });
		const out = soft.output(READ_NODE);
		expect(out[0].orcid).toBe(orcid);
		expect(out[1]).toMatchObject({
			field: 'accessToken',
			itemIndex: 1,
			description: expect.stringMatching(/token record of this item's researcher/),
		});
	});

	it('refuses a token marked "expired" (as an export may hold it) without calling ORCID', async () => {
		const orcid = await newResearcher(emu);
		const since = await lastCallId(emu);
		const run = await runRead(emu, params, { input: [{ orcid, accessToken: ' expired ' }] });
		expect(run.status).toBe('error');
		expect(run.nodes[READ_NODE].error?.message).toBe(
			'Item 0, field "accessToken": the token is marked expired',
		);
		expect((await calls(emu, { since })).filter((c) => c.path.startsWith('/api/'))).toEqual([]);
	});
});

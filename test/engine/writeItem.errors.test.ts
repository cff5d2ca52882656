/**
 * Write Item when things go wrong: duplicates (409) in each mode, revoked tokens (401), items
 * of another source (403), items already gone (404), merged and deactivated records, bad
 * input caught before any call, and Continue On Fail.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	WRITE_NODE,
	calls,
	lastCallId,
	loseAnswerOfNextPost,
	mergedRecord,
	newResearcher,
	recordItems,
	researcherToken,
	researcherWithToken,
	runWrite,
	emulatorForSuite,
} from './writeItem.support';

const emu = emulatorForSuite();

function workParams(doi: string, title = `Work ${doi}`): IDataObject {
	return {
		resource: 'work',
		operation: 'create',
		workTitle: title,
		workType: 'journal-article',
		externalIds: { externalId: [{ type: 'doi', value: doi, relationship: 'self' }] },
	};
}

async function researcher(): Promise<{ orcid: string; token: string; input: IDataObject[] }> {
	const { orcid, token } = await researcherWithToken(emu);
	return { orcid, token, input: [{ orcid, accessToken: token }] };
}

describe('already on the record (409, error 9021)', () => {
	it('Fail: the duplicate is an error on its item, nothing is written', async () => {
		const { orcid, input } = await researcher();
		expect((await runWrite(emu, workParams('10.7777/dup.1'), { input })).status).toBe('success');
		const run = await runWrite(
			emu,
			{ ...workParams('10.7777/dup.1'), onDuplicate: 'fail' },
			{ input },
		);
		expect(run.status).toBe('error');
		expect(run.nodes[WRITE_NODE].error?.message).toContain('9021');
		const soft = await runWrite(
			emu,
			{ ...workParams('10.7777/dup.1'), onDuplicate: 'fail' },
			{ input, continueOnFail: true },
		);
		expect(soft.output(WRITE_NODE)[0]).toMatchObject({
			status: 'failed',
			orcidErrorCode: '9021',
			httpStatus: 409,
			itemIndex: 0,
		});
		expect(await recordItems(emu, orcid)).toHaveLength(1);
	});

	it('Return Existing Put Code: finds our item by its normalised DOI and returns its put code', async () => {
		const { orcid, input } = await researcher();
		const first = await runWrite(emu, workParams('10.7777/Dup.2'), { input });
		const putCode = first.output(WRITE_NODE)[0].putCode;
		// the same DOI written as a URL, in another case
		const run = await runWrite(
			emu,
			{ ...workParams('https://doi.org/10.7777/DUP.2'), onDuplicate: 'returnExisting' },
			{ input },
		);
		expect(run.output(WRITE_NODE)[0]).toMatchObject({ status: 'existing', putCode, orcid });
		expect(await recordItems(emu, orcid)).toHaveLength(1);
	});

	it('Update Existing: replaces our item with the new fields under its put code', async () => {
		const { orcid, input } = await researcher();
		const first = await runWrite(emu, workParams('10.7777/dup.3', 'Old title'), { input });
		const putCode = first.output(WRITE_NODE)[0].putCode;
		const run = await runWrite(
			emu,
			{ ...workParams('10.7777/dup.3', 'New title'), onDuplicate: 'updateExisting' },
			{ input },
		);
		const out = run.output(WRITE_NODE)[0];
		expect(out).toMatchObject({ status: 'updated', putCode });
		expect((out.body as IDataObject)['put-code']).toBe(putCode);
		const items = await recordItems(emu, orcid);
		expect(items).toHaveLength(1);
		expect(((items[0].data.title as IDataObject).title as IDataObject).value).toBe('New title');
		expect(
			await calls(emu, { method: 'PUT', path: `/api/v3.0/${orcid}/work/${putCode}` }),
		).toHaveLength(1);
	});

	it('does not take over an item of another source with the same DOI', async () => {
		const { orcid, input } = await researcher();
		// the researcher added the DOI themselves: ORCID has no duplicate for our client
		await emu.control('POST', `/_emulator/records/${orcid}/items`, {
			type: 'work',
			data: {
				title: { title: { value: 'Their copy' } },
				type: 'journal-article',
				'external-ids': {
					'external-id': [
						{
							'external-id-type': 'doi',
							'external-id-value': '10.7777/dup.4',
							'external-id-relationship': 'self',
						},
					],
				},
			},
		});
		const run = await runWrite(
			emu,
			{ ...workParams('10.7777/dup.4'), onDuplicate: 'returnExisting' },
			{ input },
		);
		expect(run.output(WRITE_NODE)[0].status).toBe('created');
		expect(await recordItems(emu, orcid)).toHaveLength(2);
	});
});

it('reports a revoked token (401 invalid_token) on its item', async () => {
	const { orcid, token, input } = await researcher();
	await emu.control('POST', '/_emulator/revoke', { token });
	const soft = await runWrite(emu, workParams('10.7777/rev.1'), { input, continueOnFail: true });
	expect(soft.output(WRITE_NODE)[0]).toMatchObject({
		status: 'token-revoked',
		tokenRevoked: true,
		httpStatus: 401,
		orcidErrorCode: 'invalid_token',
		itemIndex: 0,
	});
	const hard = await runWrite(emu, workParams('10.7777/rev.1'), { input });
	expect(hard.status).toBe('error');
	expect(hard.nodes[WRITE_NODE].error?.message).toMatch(/revoked|expired/i);
	expect(await recordItems(emu, orcid)).toHaveLength(0);
	// the token is nowhere in what the node put out (main and traffic outputs)
	expect(JSON.stringify(soft.nodes[WRITE_NODE].items)).not.toContain(token);
});

it('refuses to change an item of another source (403, error 9010)', async () => {
	const { orcid, input } = await researcher();
	const theirs = await emu.control('POST', `/_emulator/records/${orcid}/items`, {
		type: 'work',
		sourceClientId: 'APP-EMUMEMBERPROD001',
		data: {
			title: { title: { value: 'Not ours' } },
			type: 'journal-article',
			'external-ids': {
				'external-id': [
					{
						'external-id-type': 'doi',
						'external-id-value': '10.7777/src.1',
						'external-id-relationship': 'self',
					},
				],
			},
		},
	});
	const update = await runWrite(
		emu,
		{
			...workParams('10.7777/src.1', 'Hijacked'),
			operation: 'update',
			putCode: String(theirs.putCode),
		},
		{ input, continueOnFail: true },
	);
	expect(update.output(WRITE_NODE)[0]).toMatchObject({ httpStatus: 403, orcidErrorCode: '9010' });
	const del = await runWrite(
		emu,
		{ resource: 'work', operation: 'delete', putCode: String(theirs.putCode) },
		{ input, continueOnFail: true },
	);
	expect(del.output(WRITE_NODE)[0]).toMatchObject({ httpStatus: 403, orcidErrorCode: '9010' });
	const items = await recordItems(emu, orcid);
	expect(items).toHaveLength(1);
	expect(((items[0].data.title as IDataObject).title as IDataObject).value).toBe('Not ours');
});

it('reports an item already deleted on ORCID as already-gone, and an update of it on the put code', async () => {
	const { input } = await researcher();
	const del = await runWrite(
		emu,
		{ resource: 'keyword', operation: 'delete', putCode: '987654' },
		{ input },
	);
	expect(del.output(WRITE_NODE)[0]).toMatchObject({
		status: 'already-gone',
		putCode: 987654,
		deleted: true,
	});
	const update = await runWrite(
		emu,
		{ ...workParams('10.7777/gone.1'), operation: 'update', putCode: '987654' },
		{ input, continueOnFail: true },
	);
	expect(update.output(WRITE_NODE)[0]).toMatchObject({ httpStatus: 404, field: 'putCode' });
	expect(String(update.output(WRITE_NODE)[0].error)).toContain('put code 987654');
});

describe('merged and deactivated records', () => {
	it('follows a merged record to its primary iD and reports the new iD', async () => {
		const { old, primary } = await mergedRecord(emu);
		const token = await researcherToken(emu, primary);
		const run = await runWrite(emu, workParams('10.7777/moved.1'), {
			input: [{ orcid: old, accessToken: token }],
		});
		const out = run.output(WRITE_NODE)[0];
		expect(out).toMatchObject({
			status: 'created',
			orcid: primary,
			newOrcid: primary,
			previousOrcid: old,
		});
		expect(out.path).toBe(`/${primary}/work/${out.putCode}`);
		expect(await recordItems(emu, primary)).toHaveLength(1);
	});

	it('says so when the token is for the merged iD', async () => {
		const { old, primary } = await mergedRecord(emu);
		const token = await researcherToken(emu, old);
		const run = await runWrite(emu, workParams('10.7777/moved.2'), {
			input: [{ orcid: old, accessToken: token }],
			continueOnFail: true,
		});
		expect(run.output(WRITE_NODE)[0]).toMatchObject({
			status: 'failed',
			newOrcid: primary,
			field: 'orcid',
		});
		expect(await recordItems(emu, primary)).toHaveLength(0);
	});

	it('reports a deactivated record (409, error 9044) on its item without retrying', async () => {
		const orcid = await newResearcher(emu, { deactivated: true });
		const token = await researcherToken(emu, orcid);
		const since = await lastCallId(emu);
		const run = await runWrite(emu, workParams('10.7777/deact.1'), {
			input: [{ orcid, accessToken: token }],
			continueOnFail: true,
		});
		expect(run.output(WRITE_NODE)[0]).toMatchObject({
			status: 'deactivated',
			orcidErrorCode: '9044',
			httpStatus: 409,
		});
		const api = (await calls(emu, { since })).filter((c) => c.path.startsWith('/api/'));
		expect(api).toHaveLength(1);
	});
});

describe('bad input is caught before any call', () => {
	// every field comes from the item, so that item 0 is good and item 1 is bad
	const params: IDataObject = {
		resource: 'work',
		putCode: '={{ $json.putCode }}',
		workTitle: '={{ $json.title }}',
		workType: '={{ $json.type }}',
		externalIds: { externalId: [{ type: 'doi', value: '={{ $json.doi }}', relationship: 'self' }] },
		workFields: { publicationDate: '={{ $json.date }}' },
	};
	const cases: Array<[string, IDataObject, string, RegExp]> = [
		['a bad iD', { orcid: '0000-0002-1825-0098' }, 'orcid', /0000-0002-1825-0098/],
		['a missing token', { accessToken: '' }, 'accessToken', /no access token/],
		['a token record marked revoked', { tokenRecord: 'revoked' }, 'accessToken', /revoked/],
		['an unknown work type', { type: 'journal-articel' }, 'type', /journal-articel/],
		['a malformed date', { date: '2020-13-45' }, 'publicationDate', /2020-13-45/],
		['a missing title', { title: '' }, 'title', /title/i],
		['a missing self identifier', { doi: '' }, 'externalIds', /identifier|value/i],
		['a put code that is not a number', { putCode: '12a' }, 'putCode', /12a/],
	];

	it.each(cases)('%s', async (_name, patch, field, problem) => {
		const { orcid, token } = await researcher();
		const good: IDataObject = {
			orcid,
			accessToken: token,
			putCode: '',
			title: 'Good work',
			type: 'journal-article',
			doi: '10.7777/bad.0',
			date: '2020-01',
		};
		const bad: IDataObject = { ...good, doi: '10.7777/bad.1', ...patch };
		if (patch.putCode !== undefined) good.putCode = '1';
		if (patch.tokenRecord) {
			bad.accessToken = { accessToken: token, orcid, status: patch.tokenRecord };
		}
		const since = await lastCallId(emu);
		const operation = patch.putCode === undefined ? 'create' : 'update';
		const run = await runWrite(emu, { ...params, operation }, { input: [good, bad] });
		expect(run.status).toBe('error');
		const error = run.nodes[WRITE_NODE].error!;
		expect(error.message).toContain(`Item 1, field "${field}`);
		expect(error.message).toMatch(problem);
		// nothing reached ORCID, not even item 0
		expect((await calls(emu, { since })).filter((c) => !c.path.startsWith('/_emulator'))).toEqual(
			[],
		);
		expect(await recordItems(emu, orcid)).toHaveLength(0);
	});

	it('a distinction with neither an organization id nor an external identifier (ORCID 9062)', async () => {
		// ORCID-Source: orcid-core/src/main/java/org/orcid/core/manager/v3/validator/ActivityValidator.java
		const { orcid, input } = await researcher();
		const distinction: IDataObject = {
			resource: 'distinction',
			operation: 'create',
			organizationName: 'Psychoceramics Society',
			roleTitle: 'Fellow',
			startDate: '2021',
		};
		const since = await lastCallId(emu);
		const run = await runWrite(emu, distinction, { input });
		expect(run.status).toBe('error');
		const error = run.nodes[WRITE_NODE].error!;
		expect(error.message).toContain('Item 0, field "organization.disambiguatedId"');
		expect(error.message).toMatch(/external identifier.*9062/);
		expect((await calls(emu, { since })).filter((c) => !c.path.startsWith('/_emulator'))).toEqual(
			[],
		);
		// with an external identifier instead, ORCID (and the emulator) take it
		const withId = await runWrite(
			emu,
			{
				...distinction,
				externalIds: {
					externalId: [{ type: 'grant_number', value: 'PSY-1', relationship: 'self' }],
				},
			},
			{ input },
		);
		expect(withId.output(WRITE_NODE)[0]).toMatchObject({ status: 'created' });
		expect(await recordItems(emu, orcid)).toHaveLength(1);
	});

	it('with Continue On Fail, each bad item gets its error and the good ones are written', async () => {
		const { orcid, token } = await researcher();
		const params = {
			...workParams('={{ $json.doi }}'),
			workType: '={{ $json.type }}',
			workFields: { publicationDate: '={{ $json.date }}' },
		};
		const input = [
			{ orcid, accessToken: token, doi: '10.7777/cof.0', type: 'journal-article', date: '2020' },
			{
				orcid: 'nobody',
				accessToken: token,
				doi: '10.7777/cof.1',
				type: 'journal-article',
				date: '2020',
			},
			{ orcid, accessToken: token, doi: '10.7777/cof.2', type: 'poem', date: '2020' },
			{ orcid, accessToken: token, doi: '10.7777/cof.3', type: 'book', date: '2020-02-30' },
			{ orcid, accessToken: token, doi: '10.7777/cof.4', type: 'book', date: '2021-02' },
		];
		const run = await runWrite(emu, params, { input, continueOnFail: true });
		expect(run.status).toBe('success');
		const out = run.output(WRITE_NODE);
		expect(out.map((o) => o.status)).toEqual(['created', 'failed', 'failed', 'failed', 'created']);
		expect(out.map((o) => o.field ?? null)).toEqual([
			null,
			'orcid',
			'type',
			'publicationDate',
			null,
		]);
		expect(run.nodes[WRITE_NODE].pairedItems[0]).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect((await recordItems(emu, orcid)).length).toBe(2);
	});
});

it('refuses the public API: only member clients write', async () => {
	const { input } = await researcher();
	const run = await runWrite(
		emu,
		{ ...workParams('10.7777/pub.1'), apiType: 'public' },
		{ input, apiType: 'public' },
	);
	expect(run.status).toBe('error');
	expect(run.nodes[WRITE_NODE].error?.message).toContain('member');
});

describe('a POST whose answer was lost', () => {
	it('is settled by looking the item up by its identifiers, never posted twice', async () => {
		const { orcid, input } = await researcher();
		await loseAnswerOfNextPost(emu, orcid, '/employment');
		const run = await runWrite(
			emu,
			{
				resource: 'employment',
				operation: 'create',
				organizationName: 'Boston University',
				organizationDisambiguationSource: 'ROR',
				organizationDisambiguatedId: 'https://ror.org/05qwgg493',
				organizationCity: 'Boston',
				organizationCountry: 'US',
				roleTitle: 'Librarian',
				startDate: '2020',
			},
			{ input },
		);
		expect(run.status).toBe('success');
		const items = await recordItems(emu, orcid);
		expect(items).toHaveLength(1);
		expect(run.output(WRITE_NODE)[0]).toMatchObject({
			status: 'created',
			putCode: items[0].putCode,
		});
		expect(
			await calls(emu, { method: 'POST', path: `/api/v3.0/${orcid}/employment` }),
		).toHaveLength(1);
	});
});

describe('peer-review groups', () => {
	const review = (groupId: string, id: string): IDataObject => ({
		resource: 'peerReview',
		operation: 'create',
		reviewerRole: 'reviewer',
		reviewType: 'review',
		reviewDate: '2021-03',
		groupId,
		reviewIdentifiers: {
			externalId: [{ type: 'source-work-id', value: id, relationship: 'self' }],
		},
		conveningName: 'ORCID',
		conveningDisambiguationSource: 'RINGGOLD',
		conveningDisambiguatedId: '385488',
		conveningCity: 'Bethesda',
		conveningCountry: 'US',
		peerReviewFields: { groupName: 'Proceedings of Psychoceramics', groupType: 'conference' },
	});

	it('creates the group-id record once with the client token, then finds it', async () => {
		const { orcid, token } = await researcher();
		const groupId = `orcid-generated:group-${orcid}`;
		const input = [
			{ orcid, accessToken: token },
			{ orcid, accessToken: token },
		];
		const params = review(groupId, '={{ "review-" + $itemIndex }}');
		const run = await runWrite(emu, params, { input });
		const out = run.output(WRITE_NODE);
		expect(out.map((o) => o.status)).toEqual(['created', 'created']);
		expect(out[0].groupId).toBe(groupId);
		expect(out[1].groupIdPutCode).toBe(out[0].groupIdPutCode);
		const groups = (await emu.control('GET', '/_emulator/group-ids')) as IDataObject[];
		const mine = groups.filter((g) => JSON.stringify(g).includes(groupId));
		expect(mine).toHaveLength(1);
		expect(JSON.stringify(mine[0])).toContain('Proceedings of Psychoceramics');
		expect(await calls(emu, { method: 'POST', path: '/api/v3.0/group-id-record' })).toHaveLength(1);

		// a later run finds the record instead of creating another one
		const again = await runWrite(emu, review(groupId, 'review-9'), { input: [input[0]] });
		expect(again.output(WRITE_NODE)[0].groupIdPutCode).toBe(out[0].groupIdPutCode);
		expect(await calls(emu, { method: 'POST', path: '/api/v3.0/group-id-record' })).toHaveLength(1);
		// the client's token, not the researcher's, asked for it
		const traffic = again.output(WRITE_NODE, 1);
		expect(traffic.map((t) => `${t.method} ${String(t.url).replace(/\?.*/, '')}`)).toContain(
			`GET ${emu.memberApi}/v3.0/group-id-record`,
		);
	});
});

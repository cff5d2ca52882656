/**
 * Write Item's Data Mode "Auto-Map Input Data to Fields": every value read from the input
 * item's field of the documented name (no expression), in the three input formats, with a bad
 * or unknown field failing its item by name, and Continue On Fail keeping the others.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	WRITE_NODE,
	emulatorForSuite,
	recordItems,
	researcherWithToken,
	runWrite,
	workJson,
} from './writeItem.support';

const emu = emulatorForSuite();

const AUTO = { dataMode: 'autoMapInputData' };

function work(doi: string, rest: IDataObject = {}): IDataObject {
	return {
		title: `Work ${doi}`,
		type: 'journal-article',
		externalIds: [{ type: 'doi', value: doi, relationship: 'self' }],
		...rest,
	};
}

/** Frozen all the way down: changing any part of it throws (these modules run in strict mode). */
function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object') {
		for (const entry of Object.values(value)) deepFreeze(entry);
		Object.freeze(value);
	}
	return value;
}

function titleOf(data: IDataObject): unknown {
	return ((data.title as IDataObject).title as IDataObject).value;
}

describe('auto-map, item fields', () => {
	it('creates each item from its own fields; a blank field is left out', async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const input = [
			{ orcid, accessToken: token, ...work('10.7777/am.1', { journalTitle: 'Cor et Vasa' }) },
			{ orcid, accessToken: token, ...work('10.7777/am.2', { journalTitle: null, url: '' }) },
		];
		const run = await runWrite(emu, { resource: 'work', operation: 'create', ...AUTO }, { input });
		expect(run.status).toBe('success');
		expect(run.output(WRITE_NODE).map((i) => i.status)).toEqual(['created', 'created']);
		const items = await recordItems(emu, orcid);
		expect(items.map((i) => titleOf(i.data)).sort()).toEqual([
			'Work 10.7777/am.1',
			'Work 10.7777/am.2',
		]);
		const first = items.find((i) => titleOf(i.data) === 'Work 10.7777/am.1');
		expect((first?.data['journal-title'] as IDataObject).value).toBe('Cor et Vasa');
	});

	it('updates the put code the item gives', async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const created = await runWrite(
			emu,
			{ resource: 'work', operation: 'create', ...AUTO },
			{ input: [{ orcid, accessToken: token, ...work('10.7777/am.3') }] },
		);
		const putCode = created.output(WRITE_NODE)[0].putCode;
		const run = await runWrite(
			emu,
			{ resource: 'work', operation: 'update', ...AUTO },
			{
				input: [
					{ orcid, accessToken: token, putCode, ...work('10.7777/am.3', { title: 'Renamed' }) },
				],
			},
		);
		expect(run.output(WRITE_NODE)[0]).toMatchObject({ status: 'updated', putCode });
		expect((await recordItems(emu, orcid)).map((i) => titleOf(i.data))).toEqual(['Renamed']);
	});

	it('an unknown or misspelt field fails its item by name; Continue On Fail keeps the others', async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const input = [
			{ orcid, accessToken: token, ...work('10.7777/am.4') },
			{ orcid, accessToken: token, ...work('10.7777/am.5'), jounalTitle: 'Misspelt' },
		];
		const params = { resource: 'work', operation: 'create', ...AUTO };
		const stopped = await runWrite(emu, params, { input });
		expect(stopped.status).toBe('error');
		expect(stopped.nodes[WRITE_NODE].error?.message).toBe(
			'Item 1, field "jounalTitle": is not a field of a work',
		);
		expect(await recordItems(emu, orcid)).toHaveLength(0);

		const soft = await runWrite(emu, params, { input, continueOnFail: true });
		const out = soft.output(WRITE_NODE);
		expect(out[0].status).toBe('created');
		expect(out[1]).toMatchObject({ status: 'failed', itemIndex: 1, field: 'jounalTitle' });
		expect(await recordItems(emu, orcid)).toHaveLength(1);
	});

	it('a field of the wrong kind fails its item, named as the item names it', async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const run = await runWrite(
			emu,
			{ resource: 'work', operation: 'create', ...AUTO },
			{
				input: [
					{ orcid, accessToken: token, ...work('10.7777/am.6', { type: 'not-a-work-type' }) },
				],
				continueOnFail: true,
			},
		);
		expect(run.output(WRITE_NODE)[0]).toMatchObject({ status: 'failed', field: 'type' });
		const missing = await runWrite(
			emu,
			{ resource: 'work', operation: 'update', ...AUTO },
			{ input: [{ orcid, accessToken: token, ...work('10.7777/am.6') }], continueOnFail: true },
		);
		expect(missing.output(WRITE_NODE)[0]).toMatchObject({ status: 'failed', field: 'putCode' });
	});

	it("names from Object.prototype are never read from an item; as the item's own fields they are refused", async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const input = [
			{ orcid, accessToken: token, ...work('10.7777/am.7'), constructor: 'x' },
			// an own "__proto__" field, as JSON.parse makes it
			{
				orcid,
				accessToken: token,
				...work('10.7777/am.77'),
				...(JSON.parse('{"__proto__": {"title": "inherited"}}') as IDataObject),
			},
		];
		const params = { resource: 'work', operation: 'create', ...AUTO };
		const run = await runWrite(emu, params, { input, continueOnFail: true });
		expect(run.output(WRITE_NODE).map((i) => [i.status, i.field])).toEqual([
			['failed', 'constructor'],
			['failed', '__proto__'],
		]);
		expect(run.output(WRITE_NODE)[0].error).toBe(
			'Item 0, field "constructor": is not a field of a work',
		);

		const ignoring = await runWrite(emu, { ...params, ignoreOtherFields: true }, { input });
		expect(ignoring.output(WRITE_NODE).map((i) => i.status)).toEqual(['created', 'created']);
		expect((await recordItems(emu, orcid)).map((i) => titleOf(i.data)).sort()).toEqual([
			'Work 10.7777/am.7',
			'Work 10.7777/am.77',
		]);
		// nothing leaked onto Object.prototype
		expect(({} as IDataObject).title).toBeUndefined();
	});
});

describe('auto-map, ORCID JSON and XML', () => {
	it("writes Sync Diff's output items as they are: orcidJson, other fields left alone", async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const orcidJson = {
			title: { title: { value: 'From Sync Diff' } },
			type: 'journal-article',
			'external-ids': {
				'external-id': [
					{
						'external-id-type': 'doi',
						'external-id-value': '10.7777/am.8',
						'external-id-relationship': 'self',
					},
				],
			},
		};
		const run = await runWrite(
			emu,
			{ resource: 'work', operation: 'create', inputMode: 'json', ...AUTO },
			{
				input: [
					{
						orcid,
						accessToken: token,
						orcidJson,
						action: 'create',
						localKey: 'pub-8',
						putCode: null,
					},
				],
			},
		);
		expect(run.output(WRITE_NODE)[0].status).toBe('created');
		expect((await recordItems(emu, orcid)).map((i) => titleOf(i.data))).toEqual(['From Sync Diff']);
	});

	it("sends and outputs each item's orcidJson as it is: never changed, not copied, once in the Traffic", async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const orcidJsonOf = (doi: string): IDataObject => workJson(doi, `Shared ${doi.trim()}`);
		// a value with spaces around it is trimmed: that item's body is a copy
		const input = ['10.7777/sh.1', '10.7777/sh.2', ' 10.7777/sh.3 '].map((doi) =>
			deepFreeze({ orcid, accessToken: token, orcidJson: orcidJsonOf(doi), action: 'create' }),
		);
		const before = structuredClone(input);
		const run = await runWrite(
			emu,
			{ resource: 'work', operation: 'createMany', inputMode: 'json', ...AUTO },
			{ input },
		);
		expect(run.status).toBe('success');
		// frozen: any change to an input item would have failed the run
		expect(input).toEqual(before);
		const out = run.nodes[WRITE_NODE].items[0].map((item) => item.json);
		expect(out.map((o) => o.status)).toEqual(['created', 'created', 'created']);
		expect(out[0].body).toBe(input[0].orcidJson);
		expect(out[1].body).toBe(input[1].orcidJson);
		expect(out[2].body).not.toBe(input[2].orcidJson);
		expect(out[2].body).toEqual(orcidJsonOf('10.7777/sh.3'));
		// the Traffic record holds the very bodies the output holds, with the same values as sent
		const [post] = run.nodes[WRITE_NODE].items[1]
			.map((item) => item.json)
			.filter((t) => t.method === 'POST');
		const sent = post.requestBody as { bulk: Array<{ work: IDataObject }> };
		expect(sent.bulk.map((entry) => entry.work)).toEqual(out.map((o) => o.body));
		sent.bulk.forEach((entry, i) => expect(entry.work).toBe(out[i].body));
		expect(post.requestText).toBe(JSON.stringify(sent));
		expect(JSON.stringify(run.output(WRITE_NODE, 1))).not.toContain(token);
		expect((await recordItems(emu, orcid)).map((i) => titleOf(i.data)).sort()).toEqual([
			'Shared 10.7777/sh.1',
			'Shared 10.7777/sh.2',
			'Shared 10.7777/sh.3',
		]);
	});

	it('a missing orcidJson or orcidXml fails its item by that name', async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const input = [{ orcid, accessToken: token, itemJson: '{}' }];
		for (const [inputMode, field] of [
			['json', 'orcidJson'],
			['xml', 'orcidXml'],
		]) {
			const run = await runWrite(
				emu,
				{ resource: 'work', operation: 'create', inputMode, ...AUTO },
				{ input, continueOnFail: true },
			);
			expect(run.output(WRITE_NODE)[0]).toMatchObject({ status: 'failed', field });
		}
	});

	it('deletes the put code the item gives', async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const created = await runWrite(
			emu,
			{ resource: 'work', operation: 'create', ...AUTO },
			{ input: [{ orcid, accessToken: token, ...work('10.7777/am.9') }] },
		);
		const putCode = created.output(WRITE_NODE)[0].putCode;
		const run = await runWrite(
			emu,
			{ resource: 'work', operation: 'delete', ...AUTO },
			{ input: [{ orcid, accessToken: token, putCode, title: 'left alone' }] },
		);
		expect(run.output(WRITE_NODE)[0]).toMatchObject({ status: 'deleted', putCode });
		expect(await recordItems(emu, orcid)).toHaveLength(0);
	});
});

/**
 * ORCID Sync Diff inside the real n8n engine, ORCID side passed in (as from Read Record):
 * routing to the six outputs, pairing, content hash round trip, builder fields, bad input
 * with and without Continue On Fail.
 */
import type { IDataObject } from 'n8n-workflow';

import { OrcidSyncDiff } from '../../nodes/OrcidSyncDiff/OrcidSyncDiff.node';
import { contentHash } from '../../nodes/shared/orcid/model/contentHash';
import { activities, employment, ORCID, OUR_CLIENT, summary, work } from '../unit/sync/helpers';
import { byOutput, NODE, run } from './syncDiff.support';

const OTHER_ORCID = '0000-0001-5109-3700';

const doi = (v: string) => ({ type: 'doi', value: v });
const w1 = work('Kept', [doi('10.5555/kept')]);
const w2 = work('Changed', [doi('10.5555/changed')]);
const w3 = work('New', [doi('10.5555/new')]);
const gone = work('Removed locally', [doi('10.5555/removed')]);
const theirs = work('Theirs', [doi('10.5555/theirs')]);

const remote = activities([
	{ itemType: 'work', summary: summary('work', w1, 11) },
	{ itemType: 'work', summary: summary('work', w2, 12) },
	{ itemType: 'work', summary: summary('work', gone, 13) },
	{ itemType: 'work', summary: summary('work', theirs, 14, { clientId: null, orcid: ORCID }) },
]);

const localItems = (): IDataObject[] => [
	{
		orcid: ORCID,
		localKey: 'k1',
		itemType: 'work',
		orcidJson: w1,
		putCode: 11,
		contentHash: contentHash(w1),
		remote,
		accessToken: 'tok-1',
	},
	{
		orcid: `https://orcid.org/${ORCID}`,
		localKey: 'k2',
		itemType: 'work',
		orcidJson: { ...w2, type: 'preprint' },
		putCode: '12',
		contentHash: contentHash(w2),
	},
	{ orcid: ORCID, localKey: 'k3', itemType: 'work', orcidJson: w3 },
	{
		orcid: ORCID,
		localKey: 'k4',
		itemType: 'work',
		orcidJson: work('Lost', [doi('10.5555/lost')]),
		putCode: 99,
		contentHash: 'x',
	},
];

describe('ORCID Sync Diff in the engine (ORCID side passed in)', () => {
	it("names the resource in its action, as n8n's UX rules ask", () => {
		const description = new OrcidSyncDiff().description;
		const resources = description.properties.find((p) => p.name === 'resource');
		const resource = (resources?.options as Array<{ name: string }>)[0].name.toLowerCase();
		const operation = description.properties.find((p) => p.name === 'operation');
		const actions = (operation?.options as Array<{ action?: string }>).map((o) => o.action);
		expect(actions.length).toBeGreaterThan(0);
		for (const action of actions) {
			expect(action).toMatch(/^[A-Z][a-z]/);
			expect(action?.toLowerCase()).toContain(resource);
		}
	});

	it('leaves the ORCID summary off Unchanged items when asked, and only off them', async () => {
		const options = { deleteRemovedLocally: true, localSetComplete: true };
		const full = byOutput(await run(localItems(), { options }));
		const lean = byOutput(
			await run(localItems(), { options: { ...options, unchangedRemote: false } }),
		);
		// by default an Unchanged item carries the summary it matched
		expect(full.unchanged[0].remote).toMatchObject({ 'put-code': 11 });
		expect(lean.unchanged.map((j) => j.remote)).toEqual([null, null]);
		expect(lean.unchanged.map((j) => ({ ...j, remote: null }))).toEqual(
			full.unchanged.map((j) => ({ ...j, remote: null })),
		);
		// the other outputs are as they were, summaries included
		for (const name of ['create', 'update', 'delete', 'remoteOnly', 'conflict'])
			expect(lean[name]).toEqual(full[name]);
		expect(lean.delete[0].remote).not.toBeNull();
	});

	it('routes every item to its output, paired to its input item', async () => {
		const result = await run(localItems(), {
			options: { deleteRemovedLocally: true, localSetComplete: true },
		});
		expect(result.status).toBe('success');
		const out = byOutput(result);
		expect(out.create.map((j) => [j.localKey, j.reason])).toEqual([['k3', 'new']]);
		expect(out.create[0].orcidJson).toEqual(w3);
		expect(out.create[0].contentHash).toBe(contentHash(w3));
		expect(out.update.map((j) => [j.localKey, j.reason, j.putCode])).toEqual([
			['k2', 'changed', 12],
		]);
		expect((out.update[0].orcidJson as IDataObject)['put-code']).toBe(12);
		// k4's put code is gone: by default the researcher's deletion goes into the do-not-send
		// ledger (action do-not-send), nothing is written
		expect(out.unchanged.map((j) => [j.localKey, j.action, j.reason])).toEqual([
			['k1', 'unchanged', 'same-hash'],
			['k4', 'do-not-send', 'researcher-deleted'],
		]);
		expect(out.unchanged[1].previousPutCode).toBe(99);
		expect(out.delete.map((j) => [j.putCode, j.reason, j.localKey])).toEqual([
			[13, 'removed-locally', null],
		]);
		expect(out.remoteOnly.map((j) => [j.putCode, j.reason, j.sourceClientId])).toEqual([
			[14, 'other-source', null],
		]);
		expect(out.conflict).toEqual([]);
		expect(out.traffic).toEqual([]);
		// every result is paired to its input item; delete and remote only to the researcher's first item
		const paired = result.nodes[NODE].pairedItems;
		expect(paired[0]).toEqual([{ item: 2 }]);
		expect(paired[1]).toEqual([{ item: 1 }]);
		expect(paired[2]).toEqual([{ item: 0 }]);
		expect(paired[3]).toEqual([{ item: 0 }, { item: 3 }]);
		// the researcher's token goes along for Write Item
		expect(out.create[0].accessToken).toBe('tok-1');
		expect(out.delete[0].accessToken).toBe('tok-1');
		expect(out.create[0].orcid).toBe(ORCID);
		// each names the credential's ORCID environment, as Write Item's results do (a put-code
		// ledger's key); the emulator's custom credential stands for the sandbox
		const all = ['create', 'update', 'unchanged', 'delete', 'remoteOnly'].flatMap((o) => out[o]);
		expect(all).toHaveLength(6);
		expect(new Set(all.map((j) => j.environment))).toEqual(new Set(['sandbox']));
	});

	it("a rerun that stored the outputs' put codes and hashes writes nothing", async () => {
		const afterWrites = activities([
			{ itemType: 'work', summary: summary('work', w1, 11) },
			{ itemType: 'work', summary: summary('work', { ...w2, type: 'preprint' }, 12) },
			{ itemType: 'work', summary: summary('work', w3, 15) },
		]);
		const first = byOutput(await run(localItems().slice(0, 3), { options: {} }));
		const stored = (key: string) =>
			[...first.update, ...first.unchanged].find((j) => j.localKey === key);
		const input: IDataObject[] = [
			{
				orcid: ORCID,
				localKey: 'k1',
				itemType: 'work',
				orcidJson: w1,
				putCode: 11,
				contentHash: stored('k1')!.contentHash,
				remote: afterWrites,
			},
			{
				orcid: ORCID,
				localKey: 'k2',
				itemType: 'work',
				orcidJson: { ...w2, type: 'preprint' },
				putCode: 12,
				contentHash: stored('k2')!.contentHash,
			},
			// k3's put code was not stored (a crash): found again by its DOI
			{ orcid: ORCID, localKey: 'k3', itemType: 'work', orcidJson: w3 },
		];
		const second = byOutput(await run(input));
		expect(second.create).toEqual([]);
		expect(second.update.map((j) => [j.localKey, j.reason, j.recoveredPutCode])).toEqual([
			['k3', 'put-code-recovered', 15],
		]);
		expect(second.unchanged.map((j) => j.localKey)).toEqual(['k1', 'k2']);
	});

	it('builder fields are built into ORCID JSON (same hash as the JSON itself)', async () => {
		const fields = {
			title: 'Built',
			type: 'journal-article',
			publicationDate: '2020',
			externalIds: [{ type: 'doi', value: '10.5555/built', relationship: 'self' }],
		};
		const out = byOutput(
			await run(
				[{ orcid: ORCID, localKey: 'b1', itemType: 'work', fields, remote: activities([]) }],
				{
					contentMode: 'fields',
				},
			),
		);
		expect(out.create).toHaveLength(1);
		const built = out.create[0].orcidJson as IDataObject;
		expect(built.title).toEqual({ title: { value: 'Built' } });
		expect(out.create[0].contentHash).toBe(contentHash(built));
	});

	it('affiliations without identifiers are found again by title, type and year when enabled', async () => {
		const e = employment('ORCID', 'Engineer');
		const data = activities([{ itemType: 'employment', summary: summary('employment', e, 21) }]);
		const input = [
			{ orcid: ORCID, localKey: 'e1', itemType: 'employment', orcidJson: e, remote: data },
		];
		expect(byOutput(await run(input)).create.map((j) => j.localKey)).toEqual(['e1']);
		const out = byOutput(await run(input, { options: { matchByTitle: true } }));
		expect(out.update.map((j) => [j.localKey, j.recoveredPutCode, j.matchedBy])).toEqual([
			['e1', 21, 'title'],
		]);
	});

	it('researchers are diffed separately; an item naming only a researcher lets their items be deleted', async () => {
		const data = activities([{ itemType: 'work', summary: summary('work', w1, 11) }], OTHER_ORCID);
		const out = byOutput(
			await run(
				[
					{ orcid: ORCID, localKey: 'k3', itemType: 'work', orcidJson: w3, remote: activities([]) },
					{ orcid: OTHER_ORCID, remote: data },
				],
				{ options: { deleteRemovedLocally: true } },
			),
		);
		expect(out.create.map((j) => [j.orcid, j.localKey])).toEqual([[ORCID, 'k3']]);
		expect(out.delete.map((j) => [j.orcid, j.putCode])).toEqual([[OTHER_ORCID, 11]]);
		expect(result0Paired(out)).toBe(true);
	});

	it("Local Set Is Complete per item: one item saying no keeps the researcher's items from deletion", async () => {
		const mine = activities([{ itemType: 'work', summary: summary('work', gone, 13) }]);
		const theirs = activities(
			[{ itemType: 'work', summary: summary('work', gone, 13) }],
			OTHER_ORCID,
		);
		const out = byOutput(
			await run(
				[
					{
						orcid: ORCID,
						localKey: 'k3',
						itemType: 'work',
						orcidJson: w3,
						remote: mine,
						complete: true,
					},
					{
						orcid: OTHER_ORCID,
						localKey: 'k3',
						itemType: 'work',
						orcidJson: w3,
						remote: theirs,
						complete: true,
					},
					{ orcid: OTHER_ORCID, localKey: 'k1', itemType: 'work', orcidJson: w1, complete: false },
				],
				{ options: { deleteRemovedLocally: true, localSetComplete: '={{ $json.complete }}' } },
			),
		);
		expect(out.delete.map((j) => [j.orcid, j.putCode])).toEqual([[ORCID, 13]]);
		expect(out.remoteOnly.map((j) => [j.orcid, j.putCode, j.reason])).toEqual([
			[OTHER_ORCID, 13, 'not-claimed'],
		]);
	});

	it('"Our Client ID" decides which items are ours', async () => {
		const input = [
			{
				orcid: ORCID,
				localKey: 'k1',
				itemType: 'work',
				orcidJson: w1,
				putCode: 11,
				contentHash: contentHash(w1),
				remote,
			},
		];
		const out = byOutput(await run(input, { options: { clientId: 'APP-SOMEONEELSE0001' } }));
		expect(out.conflict.map((j) => [j.localKey, j.reason])).toEqual([['k1', 'put-code-not-ours']]);
		expect(out.update).toEqual([]);
		expect(out.delete).toEqual([]);
		expect(OUR_CLIENT).toBe('APP-EMUMEMBER0000001');
	});

	describe('bad input', () => {
		const cases: Array<[string, IDataObject, RegExp]> = [
			[
				'a bad iD',
				{ orcid: '0000-0002-1825-0098', localKey: 'k', itemType: 'work', orcidJson: w1 },
				/^Item 1, field "orcid": .*/,
			],
			[
				'no iD',
				{ localKey: 'k', itemType: 'work', orcidJson: w1 },
				/^Item 1, field "orcid": is empty$/,
			],
			[
				'an unknown item type',
				{ orcid: ORCID, localKey: 'k', itemType: 'book', orcidJson: w1 },
				/^Item 1, field "itemType": unknown item type 'book'$/,
			],
			[
				'a person item',
				{ orcid: ORCID, localKey: 'k', itemType: 'keyword', orcidJson: w1 },
				/^Item 1, field "itemType": 'keyword' is a person item/,
			],
			[
				'no local key',
				{ orcid: ORCID, itemType: 'work', orcidJson: w1 },
				/^Item 1, field "localKey": is empty$/,
			],
			[
				'a bad put code',
				{ orcid: ORCID, localKey: 'k', itemType: 'work', orcidJson: w1, putCode: 'abc' },
				/^Item 1, field "putCode": must be a positive whole number/,
			],
			[
				'no content',
				{ orcid: ORCID, localKey: 'k', itemType: 'work' },
				/^Item 1, field "itemJson": is empty$/,
			],
			[
				'a work without a title',
				{ orcid: ORCID, localKey: 'k', itemType: 'work', orcidJson: { type: 'book' } },
				/^Item 1, field "itemJson": .*title/,
			],
		];
		it.each(cases)(
			'%s fails the node naming the field and the item',
			async (_name, bad, message) => {
				const good = {
					orcid: ORCID,
					localKey: 'g',
					itemType: 'work',
					orcidJson: w3,
					remote: activities([]),
				};
				const result = await run([good, bad]);
				expect(result.status).toBe('error');
				const error = result.nodes[NODE].error as
					| { message: string; context?: IDataObject }
					| undefined;
				expect(error?.message).toMatch(message);
			},
		);

		it('with Continue On Fail: the bad item goes to Conflict with its error, the others go on, nothing of that researcher is deleted', async () => {
			const data = activities([{ itemType: 'work', summary: summary('work', gone, 13) }]);
			const result = await run(
				[
					{ orcid: ORCID, localKey: 'g', itemType: 'work', orcidJson: w3, remote: data },
					{ orcid: ORCID, localKey: 'bad', itemType: 'book', orcidJson: w1 },
				],
				{ options: { deleteRemovedLocally: true, localSetComplete: true } },
				{ onError: 'continueRegularOutput' },
			);
			expect(result.status).toBe('success');
			const out = byOutput(result);
			expect(out.create.map((j) => j.localKey)).toEqual(['g']);
			expect(out.conflict).toHaveLength(1);
			expect(out.conflict[0]).toMatchObject({
				action: 'error',
				itemIndex: 1,
				field: 'itemType',
				environment: 'sandbox',
			});
			// the parameter's name, as Write Item and Read Record give it; no second name for it
			expect(out.conflict[0]).not.toHaveProperty('parameter');
			expect(String(out.conflict[0].error)).toMatch(
				/^Item 1, field "itemType": unknown item type 'book'$/,
			);
			expect(result.nodes[NODE].pairedItems[5]).toEqual([{ item: 1 }]);
			// the researcher had a broken item, so their local set is not complete: no delete
			expect(out.delete).toEqual([]);
			expect(out.remoteOnly.map((j) => [j.putCode, j.reason])).toEqual([[13, 'not-claimed']]);
		});

		it('with Continue (using error output): the bad item goes to the error output', async () => {
			const result = await run(
				[
					{ orcid: ORCID, localKey: 'g', itemType: 'work', orcidJson: w3, remote: activities([]) },
					{ orcid: ORCID, localKey: 'bad', itemType: 'work', orcidJson: w1, putCode: -3 },
				],
				{},
				{ onError: 'continueErrorOutput' },
			);
			expect(result.status).toBe('success');
			const outputs = result.nodes[NODE].outputs;
			expect(outputs[0].map((j) => j.localKey)).toEqual(['g']);
			expect(outputs[5]).toEqual([]);
			expect(outputs[7]).toHaveLength(1);
			expect(result.nodes[NODE].pairedItems[7]).toEqual([{ item: 1 }]);
			expect(String(outputs[7][0].error)).toMatch(
				/^Item 1, field "putCode": must be a positive whole number, got -3$/,
			);
		});

		it('ORCID data that is not ORCID JSON (e.g. simplified) stops the node rather than look empty', async () => {
			const result = await run([
				{
					orcid: ORCID,
					localKey: 'k',
					itemType: 'work',
					orcidJson: w1,
					putCode: 11,
					remote: { works: [{ entryType: 'work', putCode: 11, title: 'Kept' }] },
				},
			]);
			expect(result.status).toBe('error');
			expect(result.nodes[NODE].error?.message).toMatch(
				/^Item 0, field "remoteData": .*simplified output/,
			);
		});

		// review: only the first token of a researcher was used, so a later bad one went unseen
		const undecryptable = 'orcidenc:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
		const withTokens = (second: string | IDataObject): IDataObject[] => [
			{
				orcid: ORCID,
				localKey: 'g',
				itemType: 'work',
				orcidJson: w3,
				remote: activities([]),
				accessToken: 'tok-1',
			},
			{ orcid: ORCID, localKey: 'h', itemType: 'work', orcidJson: w1, accessToken: second },
		];

		it("every item's token is checked: a later item's undecryptable token fails the node on that item", async () => {
			const result = await run(withTokens(undecryptable));
			expect(result.status).toBe('error');
			const error = result.nodes[NODE].error as { message: string } | undefined;
			expect(error?.message).toMatch(
				/^Item 1, field "accessToken": The token is encrypted \(orcidenc:v1:\.\.\.\) but the credential has no token encryption key/,
			);
			expect(error?.message).not.toContain(undecryptable);
		});

		it("with Continue On Fail: a later item's bad token sends that item to Conflict naming accessToken, the first goes on", async () => {
			const result = await run(withTokens(undecryptable), {}, { onError: 'continueRegularOutput' });
			expect(result.status).toBe('success');
			const out = byOutput(result);
			expect(out.create.map((j) => [j.localKey, j.accessToken])).toEqual([['g', 'tok-1']]);
			expect(out.conflict).toHaveLength(1);
			expect(out.conflict[0]).toMatchObject({
				action: 'error',
				itemIndex: 1,
				field: 'accessToken',
			});
			expect(JSON.stringify(out.conflict[0])).not.toContain(undecryptable);
			expect(result.nodes[NODE].pairedItems[5]).toEqual([{ item: 1 }]);
		});

		it('with Continue (using error output): a bad token goes to the error output on its item', async () => {
			const result = await run(withTokens(undecryptable), {}, { onError: 'continueErrorOutput' });
			expect(result.status).toBe('success');
			const outputs = result.nodes[NODE].outputs;
			expect(outputs[0].map((j) => j.localKey)).toEqual(['g']);
			expect(outputs[7]).toHaveLength(1);
			expect(result.nodes[NODE].pairedItems[7]).toEqual([{ item: 1 }]);
			expect(String(outputs[7][0].error)).toMatch(/^Item 1, field "accessToken": /);
		});

		// the checks Write Item made and Sync Diff lacked (shared/auth/researcherToken)
		it('a stored token record past its expiresAt stops the node on that item', async () => {
			const record = {
				accessToken: 'tok-2',
				orcid: ORCID,
				status: 'connected',
				expiresAt: '2020-01-01T00:00:00.000Z',
			};
			const result = await run(withTokens(record));
			expect(result.status).toBe('error');
			expect(result.nodes[NODE].error?.message).toBe(
				'Item 1, field "accessToken": the stored token record says the token is expired',
			);
		});

		it('with Continue On Fail: a token marked "revoked" goes to Conflict naming accessToken', async () => {
			const result = await run(withTokens('Revoked'), {}, { onError: 'continueRegularOutput' });
			expect(result.status).toBe('success');
			const out = byOutput(result);
			expect(out.create.map((j) => j.localKey)).toEqual(['g']);
			expect(out.conflict).toEqual([
				expect.objectContaining({
					action: 'error',
					itemIndex: 1,
					field: 'accessToken',
					error: expect.stringMatching(
						/^Item 1, field "accessToken": the token is marked revoked$/,
					),
					description: expect.stringMatching(/connect again/),
				}),
			]);
		});

		it('a token mapped to the put code is not quoted back in the error', async () => {
			const token = '1d7b5c3e-8f4a-4b2c-9d6e-0a1b2c3d4e5f';
			const result = await run(
				[{ orcid: ORCID, localKey: 'k', itemType: 'work', orcidJson: w1, putCode: token }],
				{},
				{ onError: 'continueRegularOutput' },
			);
			const out = byOutput(result);
			expect(out.conflict).toHaveLength(1);
			expect(out.conflict[0]).toMatchObject({ itemIndex: 0, field: 'putCode' });
			expect(String(out.conflict[0].error)).toMatch(
				/^Item 0, field "putCode": must be a positive whole number/,
			);
			expect(JSON.stringify(out.conflict[0])).not.toContain(token);
		});

		it('ORCID data missing for a researcher names the field', async () => {
			const result = await run([{ orcid: ORCID, localKey: 'k', itemType: 'work', orcidJson: w1 }]);
			expect(result.status).toBe('error');
			expect(result.nodes[NODE].error?.message).toMatch(
				/^Item 0, field "remoteData": no item of researcher 0000-0002-1825-0097 carries it$/,
			);
		});
	});
});

function result0Paired(out: Record<string, IDataObject[]>): boolean {
	return out.delete.length === 1;
}

/**
 * Sync Diff's Data Mode "Auto-Map Input Data" in the real n8n engine: the same results as the
 * mapped parameters, builder fields read from the item's own fields by Write Item's names, a
 * bad or unknown field failing its item by name, Continue On Fail honoured.
 */
import type { IDataObject } from 'n8n-workflow';

import { contentHash } from '../../nodes/shared/orcid/model/contentHash';
import { activities, ORCID, summary, work } from '../unit/sync/helpers';
import { byOutput, NODE, run } from './syncDiff.support';

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

const AUTO = { dataMode: 'autoMapInputData' };

const fields = (title: string, doiValue: string): IDataObject => ({
	title,
	type: 'journal-article',
	publicationDate: '2020',
	journalTitle: null,
	externalIds: [{ type: 'doi', value: doiValue, relationship: 'self' }],
});

describe('Sync Diff, auto-mapped input', () => {
	it('ORCID JSON: the same results as mapping each field with {{ $json.field }}', async () => {
		const options = { options: { deleteRemovedLocally: true, localSetComplete: true } };
		const mapped = byOutput(await run(localItems(), options));
		const auto = byOutput(await run(localItems(), { ...options, ...AUTO }));
		expect(auto).toEqual(mapped);
		expect(auto.create.map((j) => j.localKey)).toEqual(['k3']);
		expect(auto.update.map((j) => j.localKey)).toEqual(['k2']);
	});

	it("item fields: built from the item's own fields, as from an Item Fields object", async () => {
		const item = { orcid: ORCID, localKey: 'b1', itemType: 'work', remote: activities([]) };
		const auto = byOutput(
			await run([{ ...item, ...fields('Built', '10.5555/built') }], {
				...AUTO,
				contentMode: 'fields',
			}),
		);
		const mapped = byOutput(
			await run([{ ...item, fields: fields('Built', '10.5555/built') }], {
				contentMode: 'fields',
			}),
		);
		expect(auto.create).toHaveLength(1);
		expect((auto.create[0].orcidJson as IDataObject).title).toEqual({ title: { value: 'Built' } });
		expect(auto.create[0].contentHash).toBe(mapped.create[0].contentHash);
	});

	it("a work's doi joins its identifiers as a Self DOI, as the field list's DOI does", async () => {
		const item = { orcid: ORCID, localKey: 'd1', itemType: 'work', remote: activities([]) };
		const given = { title: 'With a DOI', type: 'journal-article', url: 'https://example.org/d1' };
		const auto = byOutput(
			await run([{ ...item, ...given, doi: 'https://doi.org/10.5555/D1' }], {
				...AUTO,
				contentMode: 'fields',
			}),
		);
		const listed = byOutput(
			await run(
				[item],
				{
					contentMode: 'fields',
					workFields: { ...given, doi: 'doi:10.5555/D1' },
				},
				{ typeVersion: 2 },
			),
		);
		expect(auto.create).toHaveLength(1);
		expect((auto.create[0].orcidJson as IDataObject)['external-ids']).toEqual({
			'external-id': [
				{
					'external-id-type': 'doi',
					'external-id-value': '10.5555/D1',
					'external-id-url': { value: 'https://doi.org/10.5555/D1' },
					'external-id-relationship': 'self',
				},
			],
		});
		expect(auto.create[0].contentHash).toBe(listed.create[0].contentHash);
	});

	it('the ledger state and the opt-outs come from the fields syncState and optOuts', async () => {
		const items = localItems().map((json, i) => ({
			...json,
			syncState: json.localKey === 'k4' ? 'researcher-deleted' : null,
			optOuts: i === 0 ? 'funding' : '',
		}));
		const options = { deleteRemovedLocally: true, localSetComplete: true };
		const auto = byOutput(await run(items, { ...AUTO, options }));
		const mapped = byOutput(
			await run(items, {
				options: {
					...options,
					syncState: '={{ $json.syncState }}',
					optOuts: '={{ $json.optOuts }}',
				},
			}),
		);
		expect(auto).toEqual(mapped);
		expect(auto.unchanged.find((j) => j.localKey === 'k4')?.reason).toBe('researcher-deleted');

		const optedOut = byOutput(
			await run(
				items.map((json) => ({ ...json, optOuts: 'work' })),
				{ ...AUTO, options },
			),
		);
		expect(optedOut.create).toEqual([]);
		expect(optedOut.unchanged.find((j) => j.localKey === 'k3')?.reason).toBe(
			'researcher-opted-out',
		);

		const bad = byOutput(
			await run([{ ...items[2], syncState: 'gone?' }], AUTO, { onError: 'continueRegularOutput' }),
		);
		expect(bad.conflict.map((j) => j.field)).toEqual(['syncState']);
	});

	it('an item with no localKey and no itemType only names a researcher: their removed item is deleted', async () => {
		const gone = work('Removed locally', [doi('10.5555/gone')]);
		const remote = activities([{ itemType: 'work', summary: summary('work', gone, 31) }]);
		const out = byOutput(
			await run([{ orcid: ORCID, accessToken: 'tok', localKey: null, itemType: '', remote }], {
				...AUTO,
				contentMode: 'fields',
				options: { deleteRemovedLocally: true, localSetComplete: true },
			}),
		);
		expect(out.conflict).toEqual([]);
		expect(out.delete.map((j) => j.putCode)).toEqual([31]);
	});

	it('a misspelt or wrong field fails its item by name; Continue On Fail keeps the others', async () => {
		const base = { orcid: ORCID, itemType: 'work', remote: activities([]) };
		const input = [
			{ ...base, localKey: 'ok', ...fields('Fine', '10.5555/fine') },
			{ ...base, localKey: 'typo', ...fields('Typo', '10.5555/typo'), jounalTitle: 'x' },
			{ ...base, localKey: 'date', ...fields('Date', '10.5555/date'), publicationDate: '2020-13' },
			{ ...base, localKey: 'ctor', ...fields('Ctor', '10.5555/ctor'), constructor: 'x' },
			{
				...base,
				localKey: 'proto',
				...fields('Proto', '10.5555/proto'),
				...(JSON.parse('{"__proto__": {"title": "inherited"}}') as IDataObject),
			},
		];
		const params = { ...AUTO, contentMode: 'fields' };
		const stopped = await run(input, params);
		expect(stopped.status).toBe('error');
		expect(stopped.nodes[NODE].error?.message).toBe(
			'Item 1, field "jounalTitle": is not a field of a work',
		);

		const soft = byOutput(await run(input, params, { onError: 'continueRegularOutput' }));
		expect(soft.create.map((j) => j.localKey)).toEqual(['ok']);
		expect(soft.conflict.map((j) => [j.itemIndex, j.field])).toEqual([
			[1, 'jounalTitle'],
			[2, 'publicationDate'],
			[3, 'constructor'],
			[4, '__proto__'],
		]);
		// a failed item names its researcher and local key as given, so a workflow records it
		// from the error item alone (template 04's Record conflict), never from the input row
		expect(soft.conflict.map((j) => [j.action, j.reason, j.orcid, j.localKey])).toEqual([
			['error', 'invalid-input', ORCID, 'typo'],
			['error', 'invalid-input', ORCID, 'date'],
			['error', 'invalid-input', ORCID, 'ctor'],
			['error', 'invalid-input', ORCID, 'proto'],
		]);

		const ignoring = byOutput(
			await run(
				input,
				{ ...params, ignoreOtherFields: true },
				{ onError: 'continueRegularOutput' },
			),
		);
		expect(ignoring.create.map((j) => j.localKey)).toEqual(['ok', 'typo', 'ctor', 'proto']);
		expect(ignoring.conflict.map((j) => j.field)).toEqual(['publicationDate']);
		expect(({} as IDataObject).title).toBeUndefined();
	});

	it('names the item field in errors: orcidJson, remote', async () => {
		const out = byOutput(
			await run(
				[
					{ orcid: ORCID, localKey: 'j', itemType: 'work', orcidJson: '{not json' },
					{ orcid: ORCID, remote: '{not json' },
				],
				AUTO,
				{ onError: 'continueRegularOutput' },
			),
		);
		expect(out.conflict.map((j) => j.field)).toEqual(['orcidJson', 'remote']);
	});

	it('a failed item with a bad iD names the iD as given, and never the token', async () => {
		const out = byOutput(
			await run(
				[
					{
						orcid: 'not-an-id',
						localKey: 7,
						itemType: 'work',
						orcidJson: w1,
						accessToken: 'tok-9',
					},
				],
				AUTO,
				{ onError: 'continueRegularOutput' },
			),
		);
		expect(out.conflict).toHaveLength(1);
		expect(out.conflict[0]).toMatchObject({ field: 'orcid', orcid: 'not-an-id', localKey: '7' });
		expect(JSON.stringify(out.conflict[0])).not.toContain('tok-9');
	});
});

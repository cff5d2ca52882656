/**
 * Sync Diff 2 without code: no Resource/Operation, plain labels, the local item's fields mapped
 * one by one with {{ $json.column }} under Write Item's names (the mapper), in the real n8n
 * engine. Version 1 workflows keep running (test/engine/syncDiff.test.ts runs version 1).
 */
import { OrcidSyncDiff } from '../../nodes/OrcidSyncDiff/OrcidSyncDiff.node';
import type { IDataObject, INode } from 'n8n-workflow';

import { activities, ORCID, summary, work } from '../unit/sync/helpers';
import { byOutput, run as runSyncDiff } from './syncDiff.support';

/** Sync Diff version 2 (the panel without code). */
async function run(input: IDataObject[], parameters: IDataObject = {}, extra: Partial<INode> = {}) {
	return await runSyncDiff(input, parameters, { typeVersion: 2, ...extra });
}

const doi = (v: string) => ({ type: 'doi', value: v });
/** A row as a database query returns it, mapped column by column. */
const WORK_MAPPING = {
	localKey: '={{ $json.local_key }}',
	itemType: 'work',
	workFields: {
		title: '={{ $json.title }}',
		type: '={{ $json.work_type }}',
		doi: '={{ $json.doi }}',
		publicationDate: '={{ $json.publication_date }}',
		journalTitle: '={{ $json.journal }}',
	},
	putCode: '={{ $json.put_code }}',
	contentHash: '={{ $json.content_hash }}',
};

const row = (key: string | null, title: string | null, doiValue: string | null) => ({
	orcid: ORCID,
	accessToken: 'tok',
	local_key: key,
	title,
	work_type: title === null ? null : 'journal-article',
	doi: doiValue,
	publication_date: title === null ? null : '2021-05',
	journal: null,
	put_code: null,
	content_hash: null,
});

describe('Sync Diff 2 in the editor', () => {
	const description = new OrcidSyncDiff().description;

	it('is version 2 by default and keeps version 1', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('shows Resource and Operation (one choice each) only to version 1 workflows', () => {
		for (const name of ['resource', 'operation']) {
			const p = description.properties.find((q) => q.name === name);
			expect(p?.displayOptions?.show?.['@version']).toEqual([1]);
		}
	});

	it('says where the ORCID data comes from in plain words, with a hint on every mapped field', () => {
		const source = description.properties.find((p) => p.name === 'remoteSource');
		expect(source?.displayName).toBe('Where the ORCID Data Comes From');
		expect((source?.options as Array<{ name: string }>).map((o) => o.name)).toEqual([
			'Read It Now',
			'From an Input Field',
		]);
		const work = description.properties.find((p) => p.name === 'workFields');
		const names = (work?.options as Array<{ name: string }>).map((o) => o.name);
		expect(names).toEqual(expect.arrayContaining(['title', 'type', 'doi', 'publicationDate']));
		for (const name of ['remoteData', 'localKey', 'putCode', 'contentHash']) {
			expect([name, typeof description.properties.find((p) => p.name === name)?.hint]).toEqual([
				name,
				'string',
			]);
		}
	});
});

describe('Sync Diff 2, fields mapped one by one', () => {
	it('builds the work from the mapped columns: DOI as a Self identifier with its URL', async () => {
		const remote = activities([]);
		const out = byOutput(
			await run(
				[{ ...row('p1', 'Mapped', 'https://doi.org/10.5555/Mapped'), remote }],
				WORK_MAPPING,
			),
		);
		expect(out.conflict).toEqual([]);
		expect(out.create.map((j) => j.localKey)).toEqual(['p1']);
		const json = out.create[0].orcidJson as IDataObject;
		expect(json.title).toEqual({ title: { value: 'Mapped' } });
		expect(json['external-ids']).toEqual({
			'external-id': [
				expect.objectContaining({
					'external-id-type': 'doi',
					'external-id-value': '10.5555/Mapped',
					'external-id-url': { value: 'https://doi.org/10.5555/Mapped' },
					'external-id-relationship': 'self',
				}),
			],
		});
		// the same work given as builder fields has the same content hash
		const same = byOutput(
			await run(
				[
					{
						orcid: ORCID,
						localKey: 'p1',
						itemType: 'work',
						title: 'Mapped',
						type: 'journal-article',
						publicationDate: '2021-05',
						externalIds: [
							{
								type: 'doi',
								value: '10.5555/Mapped',
								url: 'https://doi.org/10.5555/Mapped',
								relationship: 'self',
							},
						],
						remote,
					},
				],
				{ dataMode: 'autoMapInputData' },
			),
		);
		expect(same.create[0].contentHash).toBe(out.create[0].contentHash);
	});

	it('a row with no key and no fields only names a researcher: their removed work is deleted', async () => {
		const gone = work('Removed locally', [doi('10.5555/gone2')]);
		const remote = activities([{ itemType: 'work', summary: summary('work', gone, 41) }]);
		const out = byOutput(
			await run([{ ...row(null, null, null), remote }], {
				...WORK_MAPPING,
				options: { deleteRemovedLocally: true, localSetComplete: true },
			}),
		);
		expect(out.conflict).toEqual([]);
		expect(out.delete.map((j) => j.putCode)).toEqual([41]);
	});

	it('a bad value fails its item under the mapped field; Continue On Fail keeps the others', async () => {
		const remote = activities([]);
		const input = [
			{ ...row('ok', 'Fine', '10.5555/fine'), remote },
			{ ...row('bad', 'Bad date', '10.5555/bad'), publication_date: '2021-13' },
			{ ...row('nokey', 'No key', '10.5555/nokey'), local_key: '' },
		];
		const out = byOutput(await run(input, WORK_MAPPING, { onError: 'continueRegularOutput' }));
		expect(out.create.map((j) => j.localKey)).toEqual(['ok']);
		expect(out.conflict.map((j) => [j.itemIndex, j.field])).toEqual([
			[1, 'publicationDate'],
			[2, 'localKey'],
		]);
	});

	it("affiliations: organization fields under Write Item's names", async () => {
		const out = byOutput(
			await run(
				[
					{
						orcid: ORCID,
						id: 'e1',
						org: 'Wesleyan University',
						city: 'Middletown',
						country: 'US',
						ror: 'https://ror.org/05h7xva58',
						role: 'Professor',
						start: '2019',
						remote: activities([]),
					},
				],
				{
					localKey: '={{ $json.id }}',
					itemType: 'employment',
					affiliationFields: {
						organizationName: '={{ $json.org }}',
						organizationCity: '={{ $json.city }}',
						organizationCountry: '={{ $json.country }}',
						organizationDisambiguatedId: '={{ $json.ror }}',
						organizationDisambiguationSource: 'ROR',
						roleTitle: '={{ $json.role }}',
						startDate: '={{ $json.start }}',
					},
					putCode: '',
					contentHash: '',
				},
			),
		);
		expect(out.conflict).toEqual([]);
		const json = out.create[0].orcidJson as IDataObject;
		expect(json['role-title']).toBe('Professor');
		expect((json.organization as IDataObject).name).toBe('Wesleyan University');
	});

	it('funding: funder fields and contributors as JSON text from a column', async () => {
		const out = byOutput(
			await run(
				[
					{
						orcid: ORCID,
						id: 'g1',
						title: 'Grant',
						funder: 'National Science Foundation',
						people: '[{"name": "Josiah Carberry", "role": "lead"}]',
						grant: 'NSF-1',
						remote: activities([]),
					},
				],
				{
					localKey: '={{ $json.id }}',
					itemType: 'funding',
					fundingFields: {
						title: '={{ $json.title }}',
						type: 'grant',
						funderName: '={{ $json.funder }}',
						funderCity: 'Alexandria',
						funderCountry: 'US',
						funderDisambiguatedId: 'https://ror.org/021nxhr62',
						funderDisambiguationSource: 'ROR',
						grantNumber: '={{ $json.grant }}',
						contributors: '={{ $json.people }}',
					},
					putCode: '',
					contentHash: '',
				},
			),
		);
		expect(out.conflict).toEqual([]);
		const json = out.create[0].orcidJson as IDataObject;
		expect((json.organization as IDataObject).name).toBe('National Science Foundation');
		expect(JSON.stringify(json.contributors)).toContain('Josiah Carberry');
	});

	it('a peer review has no field list: said on the item, pointing to ORCID JSON', async () => {
		const out = byOutput(
			await run(
				[{ orcid: ORCID, id: 'r1', remote: activities([]) }],
				{
					localKey: '={{ $json.id }}',
					itemType: 'peer-review',
					putCode: '',
					contentHash: '',
				},
				{ onError: 'continueRegularOutput' },
			),
		);
		expect(out.conflict.map((j) => j.field)).toEqual(['contentMode']);
	});
});

/**
 * The other two input modes: raw ORCID v3.0 JSON from an expression, and a raw ORCID XML
 * string sent as XML (single items, updates with the put code added, bulk, duplicates).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import { WRITE_SAMPLES_DIR } from '../support/xsd';
import {
	WRITE_NODE,
	calls,
	recordItems,
	researcherWithToken,
	runWrite,
	emulatorForSuite,
	workJson,
} from './writeItem.support';

const emu = emulatorForSuite();

const researcher = () => researcherWithToken(emu);

/** ORCID's own work-simple write sample, with its DOI and title replaced. */
function workXml(doi: string, title = `XML work ${doi}`): string {
	return fs
		.readFileSync(path.join(WRITE_SAMPLES_DIR, 'work-simple-3.0.xml'), 'utf8')
		.replace('10.1087/20120404', doi)
		.replace('https://doi.org/10.1087/20120404', `https://doi.org/${doi}`)
		.replace('<common:title>Work Title</common:title>', `<common:title>${title}</common:title>`);
}

function titleOf(data: IDataObject): unknown {
	return ((data.title as IDataObject).title as IDataObject).value;
}

/** Creates one work with `params` from an input item of `orcid`, `token` and the rest. */
async function createWork(params: IDataObject, item: IDataObject) {
	const { orcid, token, ...rest } = item;
	const created = await runWrite(
		emu,
		{ ...params, operation: 'create' },
		{ input: [{ orcid, accessToken: token, ...rest }] },
	);
	const out = created.output(WRITE_NODE)[0];
	expect(out).toMatchObject({ status: 'created', itemType: 'work' });
	return { created, out };
}

describe('ORCID JSON from an expression', () => {
	const params = { resource: 'work', inputMode: 'json', itemJson: '={{ $json.work }}' };

	it('creates and updates a work; the put code goes into the body', async () => {
		const { orcid, token } = await researcher();
		const { out } = await createWork(params, { orcid, token, work: workJson('10.8888/json.1') });
		expect(out.body).toEqual(workJson('10.8888/json.1'));

		const updated = await runWrite(
			emu,
			{ ...params, operation: 'update', putCode: '={{ $json.putCode }}' },
			{
				input: [
					{
						orcid,
						accessToken: token,
						putCode: out.putCode,
						work: workJson('10.8888/json.1', 'Renamed'),
					},
				],
			},
		);
		expect(updated.output(WRITE_NODE)[0]).toMatchObject({
			status: 'updated',
			putCode: out.putCode,
		});
		expect((updated.output(WRITE_NODE)[0].body as IDataObject)['put-code']).toBe(out.putCode);
		const items = await recordItems(emu, orcid);
		expect(items.map((i) => titleOf(i.data))).toEqual(['Renamed']);
	});

	it('accepts the JSON as text too, and names the JSON path of a problem', async () => {
		const { orcid, token } = await researcher();
		const bad = { ...workJson('10.8888/json.2'), type: 'poem' };
		const run = await runWrite(
			emu,
			{ ...params, operation: 'create', itemJson: '={{ JSON.stringify($json.work) }}' },
			{
				input: [
					{ orcid, accessToken: token, work: workJson('10.8888/json.3') },
					{ orcid, accessToken: token, work: bad },
				],
				continueOnFail: true,
			},
		);
		const out = run.output(WRITE_NODE);
		expect(out[0].status).toBe('created');
		expect(out[1]).toMatchObject({ status: 'failed', field: 'type', itemIndex: 1 });
		expect(String(out[1].error)).toContain('poem');
		expect(await recordItems(emu, orcid)).toHaveLength(1);
	});

	it('refuses a body whose put code differs from the one to update', async () => {
		const { orcid, token } = await researcher();
		const run = await runWrite(
			emu,
			{ ...params, operation: 'update', putCode: '5' },
			{
				input: [
					{ orcid, accessToken: token, work: { ...workJson('10.8888/json.4'), 'put-code': 6 } },
				],
			},
		);
		expect(run.status).toBe('error');
		expect(run.nodes[WRITE_NODE].error?.message).toContain('Item 0, field "putCode"');
	});

	it('writes a person item (keyword) from JSON', async () => {
		const { orcid, token } = await researcher();
		const run = await runWrite(
			emu,
			{
				resource: 'keyword',
				operation: 'create',
				inputMode: 'json',
				itemJson: '={{ $json.keyword }}',
			},
			{ input: [{ orcid, accessToken: token, keyword: { content: 'psychoceramics' } }] },
		);
		expect(run.output(WRITE_NODE)[0]).toMatchObject({ status: 'created', itemType: 'keyword' });
		expect((await recordItems(emu, orcid))[0].data).toMatchObject({ content: 'psychoceramics' });
	});
});

describe('ORCID XML', () => {
	const params = { resource: 'work', inputMode: 'xml', itemXml: '={{ $json.xml }}' };

	it('sends the XML as XML, creates and updates (put code added to the root element)', async () => {
		const { orcid, token } = await researcher();
		const { created, out } = await createWork(params, {
			orcid,
			token,
			xml: workXml('10.8888/xml.1'),
		});
		expect(out.body).toBe(workXml('10.8888/xml.1').trim());
		const traffic = created.output(WRITE_NODE, 1);
		expect(traffic[0].requestBody).toBe(workXml('10.8888/xml.1').trim());

		const updated = await runWrite(
			emu,
			{ ...params, operation: 'update', putCode: String(out.putCode) },
			{
				input: [{ orcid, accessToken: token, xml: workXml('10.8888/xml.1', 'XML renamed') }],
			},
		);
		const body = String(updated.output(WRITE_NODE)[0].body);
		expect(body).toContain(`<work:work put-code="${out.putCode}"`);
		const items = await recordItems(emu, orcid);
		expect(items.map((i) => titleOf(i.data))).toEqual(['XML renamed']);
	});

	it('finds the existing item by the identifiers in the XML (Return Existing Put Code)', async () => {
		const { orcid, token } = await researcher();
		const input = [{ orcid, accessToken: token, xml: workXml('10.8888/xml.2') }];
		const first = await runWrite(emu, { ...params, operation: 'create' }, { input });
		const again = await runWrite(
			emu,
			{ ...params, operation: 'create', onDuplicate: 'returnExisting' },
			{ input },
		);
		expect(again.output(WRITE_NODE)[0]).toMatchObject({
			status: 'existing',
			putCode: first.output(WRITE_NODE)[0].putCode,
		});
		expect(await recordItems(emu, orcid)).toHaveLength(1);
	});

	it('refuses XML of another item type, or a new item with a put code', async () => {
		const { orcid, token } = await researcher();
		const keyword = fs.readFileSync(path.join(WRITE_SAMPLES_DIR, 'keyword-3.0.xml'), 'utf8');
		const run = await runWrite(
			emu,
			{ ...params, operation: 'create' },
			{
				input: [
					{ orcid, accessToken: token, xml: keyword },
					{
						orcid,
						accessToken: token,
						xml: workXml('10.8888/xml.3').replace('<work:work', '<work:work put-code="12"'),
					},
				],
				continueOnFail: true,
			},
		);
		const out = run.output(WRITE_NODE);
		expect(out[0]).toMatchObject({ status: 'failed', field: 'itemXml' });
		expect(String(out[0].error)).toContain('keyword:keyword');
		expect(out[1]).toMatchObject({ status: 'failed', field: 'itemXml' });
		expect(await recordItems(emu, orcid)).toHaveLength(0);
	});

	it('bulk-creates works given as XML in one XML bulk call', async () => {
		const { orcid, token } = await researcher();
		const input = [1, 2, 3].map((i) => ({
			orcid,
			accessToken: token,
			xml: workXml(`10.8888/xmlbulk.${i}`),
		}));
		const run = await runWrite(emu, { ...params, operation: 'createMany' }, { input });
		const out = run.output(WRITE_NODE);
		expect(out.map((o) => o.status)).toEqual(['created', 'created', 'created']);
		const bulk = await calls(emu, { method: 'POST', path: `/api/v3.0/${orcid}/works` });
		expect(bulk).toHaveLength(1);
		const stored = new Map((await recordItems(emu, orcid)).map((i) => [i.putCode, i]));
		out.forEach((o, i) => {
			expect(titleOf(stored.get(o.putCode as number)!.data)).toBe(
				`XML work 10.8888/xmlbulk.${i + 1}`,
			);
		});
	});

	it('writes a peer review from ORCID’s own XML sample, finding its review group', async () => {
		const { orcid, token } = await researcher();
		const xml = fs.readFileSync(path.join(WRITE_SAMPLES_DIR, 'peer-review-simple-3.0.xml'), 'utf8');
		const run = await runWrite(
			emu,
			{
				resource: 'peerReview',
				operation: 'create',
				inputMode: 'xml',
				itemXml: '={{ $json.xml }}',
			},
			{ input: [{ orcid, accessToken: token, xml }] },
		);
		const out = run.output(WRITE_NODE)[0];
		expect(out).toMatchObject({ status: 'created', itemType: 'peer-review' });
		expect(out.groupId).toMatch(/^issn:/);
		expect(await recordItems(emu, orcid)).toHaveLength(1);
	});
});

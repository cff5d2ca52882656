/**
 * Bulk create of works: calls of at most 100, every put code back on its own input item, a bad
 * work reported on its own item, and a bulk call whose answer was lost settled by reading the
 * works back instead of posting again.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	WRITE_NODE,
	WORKS_FROM_INPUT,
	doiOf,
	calls,
	loseAnswerOfNextPost,
	newResearcher,
	recordItems,
	researcherToken,
	runWrite,
	emulatorForSuite,
} from './writeItem.support';

const emu = emulatorForSuite();

const BULK = { ...WORKS_FROM_INPUT, operation: 'createMany', workType: '={{ $json.type }}' };

/** The status of each output item, in order. */
const statuses = (out: IDataObject[]) => out.map((o) => o.status).join(' ');

function works(orcid: string, token: string, n: number, tag: string): IDataObject[] {
	return Array.from({ length: n }, (_, i) => ({
		orcid,
		accessToken: token,
		title: `Bulk work ${tag} ${i}`,
		type: 'journal-article',
		doi: `10.5555/${tag}.${i}`,
	}));
}

async function setUp(): Promise<{ orcid: string; token: string }> {
	const orcid = await newResearcher(emu);
	return { orcid, token: await researcherToken(emu, orcid) };
}

async function bulkCalls(orcid: string): Promise<number> {
	return (await calls(emu, { method: 'POST', path: `/api/v3.0/${orcid}/works` })).length;
}

it('writes 250 works in exactly 3 bulk calls, each put code on the right input item', async () => {
	const { orcid, token } = await setUp();
	const input = works(orcid, token, 250, 'a');
	const run = await runWrite(emu, BULK, { input });
	expect(run.status).toBe('success');
	const out = run.output(WRITE_NODE);
	expect(out).toHaveLength(250);
	expect(await bulkCalls(orcid)).toBe(3);
	expect((await calls(emu, { method: 'POST', path: `/api/v3.0/${orcid}/work` })).length).toBe(3);

	const stored = new Map((await recordItems(emu, orcid)).map((i) => [i.putCode, i]));
	expect(stored.size).toBe(250);
	const paired = run.nodes[WRITE_NODE].pairedItems[0];
	out.forEach((item, i) => {
		expect(paired[i]).toEqual({ item: i });
		expect(item).toMatchObject({ status: 'created', itemType: 'work', orcid });
		const work = stored.get(item.putCode as number);
		expect(work).toBeDefined();
		// the put code on item i is the work made from input item i
		expect(doiOf(work!.data)).toBe(input[i].doi);
		expect(doiOf(item.body as IDataObject)).toBe(input[i].doi);
	});
	expect(new Set(out.map((o) => o.putCode)).size).toBe(250);
	// one traffic record per call, each on the first item of its bulk
	const traffic = run.output(WRITE_NODE, 1);
	expect(traffic.filter((t) => String(t.url).endsWith('/works')).map((t) => t.itemIndex)).toEqual([
		0, 100, 200,
	]);
});

it('reports a work that fails validation on its own item and writes the others (Continue On Fail)', async () => {
	const { orcid, token } = await setUp();
	const input = works(orcid, token, 120, 'b');
	input[7].type = 'journal-articel';
	input[111].doi = '';
	const run = await runWrite(emu, BULK, { input, continueOnFail: true });
	expect(run.status).toBe('success');
	const out = run.output(WRITE_NODE);
	expect(out).toHaveLength(120);
	expect(out[7]).toMatchObject({ status: 'failed', itemIndex: 7, field: 'type' });
	expect(String(out[7].error)).toContain('Item 7');
	expect(String(out[7].error)).toContain('journal-articel');
	expect(out[111]).toMatchObject({ status: 'failed', itemIndex: 111 });
	expect(String(out[111].field)).toMatch(/^externalIds/);
	const created = out.filter((o) => o.status === 'created');
	expect(created).toHaveLength(118);
	expect(await bulkCalls(orcid)).toBe(2);
	expect((await recordItems(emu, orcid)).length).toBe(118);
	expect(run.nodes[WRITE_NODE].pairedItems[0][7]).toEqual({ item: 7 });
});

it('stops before any call when a work is invalid and Continue On Fail is off', async () => {
	const { orcid, token } = await setUp();
	const input = works(orcid, token, 30, 'c');
	input[12].type = 'not-a-type';
	const run = await runWrite(emu, BULK, { input });
	expect(run.status).toBe('error');
	const error = run.nodes[WRITE_NODE].error!;
	expect(error.message).toContain('Item 12, field "type"');
	expect(await bulkCalls(orcid)).toBe(0);
	expect(await recordItems(emu, orcid)).toEqual([]);
});

it('reports a work ORCID refuses inside a bulk on its own item; the rest of the bulk is written', async () => {
	const { orcid, token } = await setUp();
	// this client already added 10.5555/d.3
	const first = await runWrite(emu, BULK, {
		input: works(orcid, token, 1, 'd').map((w) => ({ ...w, doi: '10.5555/d.3' })),
	});
	expect(first.status).toBe('success');
	const input = works(orcid, token, 6, 'd');
	const run = await runWrite(
		emu,
		{ ...BULK, onDuplicate: 'fail' },
		{ input, continueOnFail: true },
	);
	const out = run.output(WRITE_NODE);
	expect(statuses(out)).toBe('created created created failed created created');
	expect(out[3]).toMatchObject({ orcidErrorCode: '9021', itemIndex: 3 });
	expect(String(out[3].error)).toContain('item 3');
	expect((await recordItems(emu, orcid)).length).toBe(6);
});

it('without Continue On Fail, a refused work fails the node and names what was written', async () => {
	const { orcid, token } = await setUp();
	await runWrite(emu, BULK, {
		input: works(orcid, token, 1, 'e').map((w) => ({ ...w, doi: '10.5555/e.2' })),
	});
	const run = await runWrite(
		emu,
		{ ...BULK, onDuplicate: 'fail' },
		{ input: works(orcid, token, 4, 'e') },
	);
	expect(run.status).toBe('error');
	const error = run.nodes[WRITE_NODE].error!;
	expect(error.message).toContain('item 2');
	const written = (await recordItems(emu, orcid)).filter((i) => doiOf(i.data) !== '10.5555/e.2');
	expect(written).toHaveLength(3);
	for (const w of written) expect(error.description).toContain(`created ${w.putCode}`);
});

it('returns the put codes of works already on the record (Return Existing Put Code)', async () => {
	const { orcid, token } = await setUp();
	const before = await runWrite(emu, BULK, { input: works(orcid, token, 3, 'f') });
	const firstCodes = before.output(WRITE_NODE).map((o) => o.putCode);
	const run = await runWrite(
		emu,
		{ ...BULK, onDuplicate: 'returnExisting' },
		{ input: works(orcid, token, 5, 'f') },
	);
	const out = run.output(WRITE_NODE);
	expect(statuses(out)).toBe('existing existing existing created created');
	expect(out.slice(0, 3).map((o) => o.putCode)).toEqual(firstCodes);
	expect((await recordItems(emu, orcid)).length).toBe(5);
});

it('settles a bulk call whose answer was lost by reading the works back, without posting again', async () => {
	const { orcid, token } = await setUp();
	await loseAnswerOfNextPost(emu, orcid, '/works');
	const input = works(orcid, token, 40, 'g');
	const run = await runWrite(emu, BULK, { input });
	expect(run.status).toBe('success');
	const out = run.output(WRITE_NODE);
	expect(await bulkCalls(orcid)).toBe(1);
	const stored = new Map((await recordItems(emu, orcid)).map((i) => [i.putCode, i]));
	expect(stored.size).toBe(40);
	out.forEach((item, i) => {
		expect(item.status).toBe('created');
		expect(doiOf(stored.get(item.putCode as number)!.data)).toBe(input[i].doi);
	});
	// the lookup that settled it is in the traffic
	const traffic = run.output(WRITE_NODE, 1);
	expect(traffic.some((t) => t.method === 'GET' && String(t.url).endsWith(`/${orcid}/works`))).toBe(
		true,
	);
});

it('keeps every result on its own item when several researchers are written to at once', async () => {
	const people = await Promise.all([setUp(), setUp(), setUp(), setUp(), setUp()]);
	// interleaved: researcher 0, 1, 2, 3, 4, 0, 1, ...
	const input = Array.from({ length: 40 }, (_, i) => {
		const { orcid, token } = people[i % people.length];
		return {
			orcid,
			accessToken: token,
			title: `Mixed ${i}`,
			type: 'book',
			doi: `10.5555/mix.${i}`,
		};
	});
	for (const operation of ['create', 'createMany']) {
		const tagged = input.map((w) => ({ ...w, doi: `${w.doi}.${operation}` }));
		const run = await runWrite(emu, { ...BULK, operation }, { input: tagged });
		expect(run.status).toBe('success');
		const out = run.output(WRITE_NODE);
		expect(out).toHaveLength(40);
		expect(run.nodes[WRITE_NODE].pairedItems[0]).toEqual(tagged.map((_, item) => ({ item })));
		for (const [i, item] of out.entries()) {
			expect(item.orcid).toBe(tagged[i].orcid);
			const stored = (await recordItems(emu, tagged[i].orcid)).find(
				(w) => w.putCode === item.putCode,
			);
			expect(doiOf(stored!.data)).toBe(tagged[i].doi);
		}
	}
	for (const { orcid } of people) {
		expect(await recordItems(emu, orcid)).toHaveLength(16);
		expect(await bulkCalls(orcid)).toBe(1);
	}
});

it('replaces works already on the record under their put codes (Update Existing)', async () => {
	const { orcid, token } = await setUp();
	const before = await runWrite(emu, BULK, { input: works(orcid, token, 2, 'h') });
	const codes = before.output(WRITE_NODE).map((o) => o.putCode);
	const renamed = works(orcid, token, 3, 'h').map((w) => ({ ...w, title: `${w.title} (revised)` }));
	const run = await runWrite(emu, { ...BULK, onDuplicate: 'updateExisting' }, { input: renamed });
	const out = run.output(WRITE_NODE);
	expect(statuses(out)).toBe('updated updated created');
	expect(out.slice(0, 2).map((o) => o.putCode)).toEqual(codes);
	expect((out[0].body as IDataObject)['put-code']).toBe(codes[0]);
	const stored = await recordItems(emu, orcid);
	expect(stored).toHaveLength(3);
	const titles = stored
		.map((i) => ((i.data.title as IDataObject).title as IDataObject).value)
		.sort();
	expect(titles).toEqual([
		'Bulk work h 0 (revised)',
		'Bulk work h 1 (revised)',
		'Bulk work h 2 (revised)',
	]);
});

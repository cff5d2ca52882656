/**
 * Writes under injected faults, against the emulator: answers lost after ORCID applied a POST,
 * 500s after and before applying, 502s, and 500s on the lookups that settle them, each on a
 * seeded tenth of the calls. Every work ends on its record exactly once and every put code comes
 * back on its own item; none that was written is reported as failed. Only when ORCID cannot be
 * asked at all is an item "unconfirmed", and a rerun then finds it.
 */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, runWorkflow, type WorkflowResult } from '../harness';
import {
	WRITE_NODE,
	WORKS_FROM_INPUT,
	doiOf,
	emulatorForSuite,
	newResearcher,
	recordItems,
	researcherToken,
	workflowWith,
	type Emulator,
} from './writeItem.support';

jest.setTimeout(300_000);

const emu = emulatorForSuite();

const WORKS = WORKS_FROM_INPUT;

afterEach(async () => {
	await emu.control('DELETE', '/_emulator/faults');
});

async function run(parameters: IDataObject, input: IDataObject[]): Promise<WorkflowResult> {
	return await runWorkflow(workflowWith(WRITE_NODE, 'orcidWriteItem', parameters), {
		// the emulator's limits are off: no need to pace 1,000 calls at ORCID's 24 a second
		credentials: credentialsFor(emu, 'member', { requestsPerSecond: 500, burst: 500 }),
		input,
	});
}

/** `perResearcher` works for each of `researchers` new records, with their tokens. */
async function works(researchers: number, perResearcher: number, tag: string) {
	const input: IDataObject[] = [];
	for (let r = 0; r < researchers; r++) {
		const orcid = await newResearcher(emu);
		const token = await researcherToken(emu, orcid);
		for (let i = 0; i < perResearcher; i++) {
			input.push({
				orcid,
				accessToken: token,
				title: `${tag} ${r}.${i}`,
				doi: `10.5555/${tag}.${r}.${i}`,
			});
		}
	}
	return input;
}

/** A tenth of the calls to `path` (a regular expression) fails in each way, from a fixed seed. */
async function faultsOn(e: Emulator, postPath: string) {
	const faults: IDataObject[] = [
		{ type: 'reset-after-write', method: 'POST', pathRegex: postPath },
		{ type: 'status-after-write', status: 500, method: 'POST', pathRegex: postPath },
		{ type: 'status', status: 500, method: 'POST', pathRegex: postPath },
		{ type: 'status', status: 502, method: 'POST', pathRegex: postPath },
		{ type: 'status', status: 500, method: 'GET', pathRegex: '^/api/v3\\.0/[^/]+/works$' },
	];
	for (const [i, fault] of faults.entries()) {
		await e.control('POST', '/_emulator/faults', { ...fault, rate: 0.1, seed: 17 + i, times: 0 });
	}
}

/** Every input work on its record exactly once, under the put code its output item names. */
async function expectEachWrittenOnce(input: IDataObject[], out: IDataObject[]) {
	expect(out).toHaveLength(input.length);
	expect(out.filter((o) => o.status !== 'created')).toEqual([]);
	const records = new Map<string, IDataObject[]>();
	for (const orcid of new Set(input.map((w) => w.orcid as string))) {
		records.set(orcid, (await recordItems(emu, orcid)) as unknown as IDataObject[]);
	}
	for (const [i, work] of input.entries()) {
		const items = records.get(work.orcid as string)!;
		const copies = items.filter((item) => doiOf(item.data as IDataObject) === work.doi);
		expect(copies.map((c) => c.putCode)).toEqual([out[i].putCode]);
	}
	const total = [...records.values()].reduce((n, items) => n + items.length, 0);
	expect(total).toBe(input.length);
}

async function faultCount(method: string): Promise<number> {
	const calls = (await emu.control('GET', `/_emulator/calls?method=${method}`)) as IDataObject[];
	return calls.filter((c) => c.fault).length;
}

describe('a tenth of the calls failing in each way', () => {
	it('Create: 500 works, each written once, every put code returned', async () => {
		const input = await works(10, 50, 'single');
		await faultsOn(emu, '^/api/v3\\.0/[^/]+/work$');
		const result = await run({ ...WORKS, operation: 'create' }, input);
		expect(result.status).toBe('success');
		await expectEachWrittenOnce(input, result.output(WRITE_NODE));
		// the faults did fire: lost answers, 500s and 502s, and failing lookups
		expect(await faultCount('POST')).toBeGreaterThan(100);
		expect(await faultCount('GET')).toBeGreaterThan(5);
	});

	it('Create Many: 500 works in bulk calls, each written once, every put code returned', async () => {
		const input = await works(50, 10, 'bulk');
		await faultsOn(emu, '^/api/v3\\.0/[^/]+/works$');
		const result = await run({ ...WORKS, operation: 'createMany' }, input);
		expect(result.status).toBe('success');
		await expectEachWrittenOnce(input, result.output(WRITE_NODE));
		expect(await faultCount('POST')).toBeGreaterThan(5);
	});
});

describe('ORCID unreachable past the retry budget after an unclear POST', () => {
	/** The answer to the next POST to `path` is lost, and every lookup of works fails. */
	async function unreachable(orcid: string, path: string) {
		await emu.control('POST', '/_emulator/faults', {
			type: 'reset-after-write',
			method: 'POST',
			path: `/api/v3.0/${orcid}${path}`,
		});
		await emu.control('POST', '/_emulator/faults', {
			type: 'status',
			status: 500,
			method: 'GET',
			path: `/api/v3.0/${orcid}/works`,
			times: 0,
		});
	}

	for (const operation of ['create', 'createMany']) {
		it(`${operation}: the item is unconfirmed (not failed), names its identifiers, and a rerun finds it`, async () => {
			const input = await works(1, 2, `unreachable-${operation.toLowerCase()}`);
			const orcid = input[0].orcid as string;
			await unreachable(orcid, operation === 'create' ? '/work' : '/works');
			const result = await run({ ...WORKS, operation }, input);
			expect(result.status).toBe('success');
			const out = result.output(WRITE_NODE);
			const first = out[0];
			expect(first).toMatchObject({
				status: 'unconfirmed',
				putCode: null,
				orcid,
				identifiers: [`doi:${input[0].doi}`],
			});
			expect(first.message).toContain('a sync or a rerun');
			expect(first.error).toBeUndefined();
			// it is on the record, once
			const stored = await recordItems(emu, orcid);
			expect(stored.filter((w) => doiOf(w.data) === input[0].doi)).toHaveLength(1);

			await emu.control('DELETE', '/_emulator/faults');
			const again = await run({ ...WORKS, operation, onDuplicate: 'returnExisting' }, input);
			const found = again.output(WRITE_NODE);
			const putCode = stored.find((w) => doiOf(w.data) === input[0].doi)!.putCode;
			expect(found[0]).toMatchObject({ status: 'existing', putCode });
			expect(await recordItems(emu, orcid)).toHaveLength(2);
		});
	}
});

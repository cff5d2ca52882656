/**
 * One budget per ORCID client in the process: two Write Item runs at once, with the emulator's
 * latency profile and ORCID's limits on, together stay within ORCID's 24 requests in every 1 s
 * window (counted on the send times in the runs' Traffic records) and ORCID (the emulator, with
 * its limits on) refuses none of them, while each keeps
 * several researchers busy. Each run's results come back in input order on their own input
 * items, and one researcher's writes reach ORCID one after the other, in input order.
 * Assertions are on the emulator's records (counts, order, arrival times), never on wall time.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	calls,
	doiOf,
	emulatorForSuite,
	lastCallId,
	MEMBER_CLIENT,
	recordItems,
	researcherWithToken,
	runWrite,
	WORKS_FROM_INPUT,
	WRITE_NODE,
	type EmulatorCall,
} from './writeItem.support';
import { maxInAnySecond } from '../support/rateWindows';

const emu = emulatorForSuite({ limits: { enabled: true }, latency: { enabled: true, seed: 11 } });

const RESEARCHERS = 40;
const WORKS_EACH = 2;
/** ORCID's rate for a member client (the credential's default). */
const ORCID_RATE = 24;

/** Works of `RESEARCHERS` fresh researchers, interleaved: every first work, then every second. */
async function input(run: string): Promise<IDataObject[]> {
	const researchers = [];
	for (let r = 0; r < RESEARCHERS; r++) researchers.push(await researcherWithToken(emu));
	const items: IDataObject[] = [];
	for (let w = 0; w < WORKS_EACH; w++) {
		researchers.forEach(({ orcid, token }, r) =>
			items.push({
				orcid,
				accessToken: token,
				title: `Budget ${run} ${r}.${w}`,
				doi: `10.5555/budget-${run}-${r}-${w}`,
			}),
		);
	}
	return items;
}

const at = (c: EmulatorCall) => Date.parse(String(c.time));

it('two runs at once share the client’s 24 requests per second, each researcher written one work after the other', async () => {
	const inputs = [await input('a'), await input('b')];
	const since = await lastCallId(emu);
	await emu.control('PUT', '/_emulator/limits', { resetCounters: true });
	const runs = await Promise.all(
		inputs.map((items) => runWrite(emu, WORKS_FROM_INPUT, { input: items })),
	);

	const writes = (await calls(emu, { method: 'POST', since })).filter((c) =>
		/\/work$/.test(c.path),
	);
	expect(writes).toHaveLength(2 * RESEARCHERS * WORKS_EACH);
	expect(writes.every((c) => c.status === 201)).toBe(true);
	// the pace as the shared budget set it: both runs' Traffic records hold each call's send time
	// (the emulator's arrival stamps are taken in this same process and bunch when it is starved of
	// CPU, so they say more about the machine's load than about the budget)
	const sent = runs
		.flatMap((run) => run.output(WRITE_NODE, 1))
		.filter((r) => r.method === 'POST' && /\/work$/.test(String(r.url)))
		.map((r) => Date.parse(String(r.time)));
	expect(sent).toHaveLength(2 * RESEARCHERS * WORKS_EACH);
	expect(maxInAnySecond(sent)).toBeLessThanOrEqual(ORCID_RATE);
	const counters = await emu.control('GET', '/_emulator/limits/counters');
	expect(counters[`client:${MEMBER_CLIENT}`]).toMatchObject({ refused: 0 });

	// several researchers in flight: calls that reached ORCID before the first one was answered
	const first = writes[0];
	expect(writes.filter((c) => at(c) < at(first) + Number(first.durationMs)).length).toBeGreaterThan(
		4,
	);

	// one researcher's works one after the other, in input order
	const byResearcher = new Map<string, EmulatorCall[]>();
	for (const c of writes)
		byResearcher.set(String(c.orcid), [...(byResearcher.get(String(c.orcid)) ?? []), c]);
	expect(byResearcher.size).toBe(2 * RESEARCHERS);
	for (const list of byResearcher.values()) {
		for (let i = 1; i < list.length; i++) {
			expect(at(list[i])).toBeGreaterThanOrEqual(at(list[i - 1]) + Number(list[i - 1].durationMs));
		}
	}

	for (const [n, run] of runs.entries()) {
		expect(run.status).toBe('success');
		const out = run.output(WRITE_NODE);
		const items = inputs[n];
		expect(out).toHaveLength(items.length);
		expect(run.nodes[WRITE_NODE].pairedItems[0]).toEqual(items.map((_, i) => ({ item: i })));
		for (const [i, item] of out.entries()) {
			expect(item).toMatchObject({ status: 'created', orcid: items[i].orcid });
			expect(doiOf(item.body as IDataObject)).toBe(items[i].doi);
		}
	}
	// on ORCID: each researcher's works stored in input order (put codes ascending), none twice
	for (const items of inputs) {
		for (const orcid of new Set(items.map((i) => String(i.orcid)))) {
			const stored = (await recordItems(emu, orcid)).sort((x, y) => x.putCode - y.putCode);
			expect(stored.map((s) => doiOf(s.data))).toEqual(
				items.filter((i) => i.orcid === orcid).map((i) => i.doi),
			);
		}
	}
});

/**
 * ORCID Sync Diff (fetch) keeps several researcher reads in flight, with the emulator's latency
 * profile and ORCID's limits on: one read per researcher, several reaching ORCID before the
 * first is answered, never more than ORCID's 24 in any 1 s window, and the outputs (results and
 * traffic records) in the same order whichever read came back first. Assertions are on the
 * emulator's records and the outputs, never on wall time.
 */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, runWorkflow } from '../harness';
import { work } from '../unit/sync/helpers';
import {
	calls,
	emulatorForSuite,
	lastCallId,
	MEMBER_CLIENT,
	researcherWithToken,
	type EmulatorCall,
} from './writeItem.support';
import { maxInAnySecond } from '../support/rateWindows';
import { NODE, workflow } from './syncDiff.support';

const emu = emulatorForSuite({ limits: { enabled: true }, latency: { enabled: true, seed: 17 } });

const RESEARCHERS = 30;
const WORKS_EACH = 3;

const at = (c: EmulatorCall) => Date.parse(String(c.time));

it('reads several researchers at once, diffs them all, outputs in input order', async () => {
	const researchers = [];
	for (let r = 0; r < RESEARCHERS; r++) researchers.push(await researcherWithToken(emu));
	const input: IDataObject[] = researchers.flatMap(({ orcid, token }, r) =>
		Array.from({ length: WORKS_EACH }, (_, w) => ({
			orcid,
			accessToken: token,
			localKey: `k-${r}-${w}`,
			itemType: 'work',
			orcidJson: work(`In flight ${r}.${w}`, [
				{ type: 'doi', value: `10.5555/in-flight-${r}-${w}` },
			]),
		})),
	);
	const since = await lastCallId(emu);
	await emu.control('PUT', '/_emulator/limits', { resetCounters: true });
	const result = await runWorkflow(workflow({ remoteSource: 'fetch', apiType: 'member' }), {
		credentials: credentialsFor(emu, 'member'),
		input: input.map((json) => ({ json })),
	});
	expect(result.status).toBe('success');

	const reads = (await calls(emu, { method: 'GET', since })).filter((c) =>
		/\/activities$/.test(c.path),
	);
	// one read per researcher
	expect(reads.map((c) => c.orcid).sort()).toEqual(researchers.map((r) => r.orcid).sort());
	expect(reads.every((c) => c.status === 200)).toBe(true);
	// several in flight: reads that reached ORCID before the first one was answered
	const first = reads[0];
	expect(reads.filter((c) => at(c) < at(first) + Number(first.durationMs)).length).toBeGreaterThan(
		1,
	);
	// the pace on the reads' send times (their Traffic records): the emulator's arrival stamps are
	// taken in this same process and bunch when it is starved of CPU (25 seen at load ~8)
	const sent = result.nodes[NODE].outputs[6]
		.filter((t) => t.method === 'GET' && /\/activities$/.test(String(t.url)))
		.map((t) => Date.parse(String(t.time)));
	expect(sent).toHaveLength(RESEARCHERS);
	expect(maxInAnySecond(sent)).toBeLessThanOrEqual(24);
	const counters = await emu.control('GET', '/_emulator/limits/counters');
	expect(counters[`client:${MEMBER_CLIENT}`]).toMatchObject({ refused: 0 });

	// every local work to Create, in input order, each on its own input item
	const create = result.nodes[NODE].outputs[0];
	expect(create.map((j) => j.localKey)).toEqual(input.map((i) => i.localKey));
	expect(result.nodes[NODE].pairedItems[0]).toEqual(input.map((_, i) => ({ item: i })));
	// traffic records in the order the reads went out (the researchers' order)
	const traffic = result.nodes[NODE].outputs[6];
	expect(traffic.map((t) => /\/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\//.exec(String(t.url))?.[1])).toEqual(
		researchers.map((r) => r.orcid),
	);
});

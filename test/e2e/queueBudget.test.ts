/**
 * Queue mode splits ORCID's budget across workers: each worker process has its own limiter, so
 * the admin gives the ORCID credential each worker's share (README, "Queue mode": 24 ÷ 2
 * workers = 12 requests per second). Two executions at once, one on each worker, each a Sync
 * Diff reading 80 researchers for the same client with the emulator's latency profile on
 * (several reads in flight per worker): together they never send more than ORCID's 24
 * requests in any 1 s window (counted on the send times in the executions' Traffic records) and
 * ORCID (the emulator, limits on) refuses nothing.
 */
import * as demo from '../../scripts/demo';
import { MEMBER, startTemplateEnv, type Row, type TemplateEnv } from './templates.support';
import { maxInAnySecond } from '../support/rateWindows';

jest.setTimeout(300_000);

const RESEARCHERS_PER_RUN = 80;
/** ORCID's rate for a member client; each of the two workers gets half. */
const ORCID_RATE = 24;
const WORKERS = 2;

function writerWorkflow() {
	return {
		name: 'Sync researchers (queue budget test)',
		nodes: [
			{
				id: 'qb1',
				name: 'When called by another workflow',
				type: 'n8n-nodes-base.executeWorkflowTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				parameters: { inputSource: 'passthrough' },
			},
			{
				id: 'qb2',
				name: 'One item per work',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: 'return $input.first().json.body.works.map((json) => ({ json }));' },
			},
			{
				id: 'qb3',
				name: 'ORCID Sync Diff',
				type: 'n8n-nodes-orcid.orcidSyncDiff',
				typeVersion: 1,
				position: [440, 0],
				parameters: { remoteSource: 'fetch', apiType: 'member' },
			},
		],
		connections: {
			'When called by another workflow': {
				main: [[{ node: 'One item per work', type: 'main', index: 0 }]],
			},
			'One item per work': { main: [[{ node: 'ORCID Sync Diff', type: 'main', index: 0 }]] },
		},
	};
}

/** Fresh researchers with read tokens, one local work each. */
async function itemsFor(env: TemplateEnv, run: string): Promise<Row[]> {
	const items: Row[] = [];
	for (let r = 0; r < RESEARCHERS_PER_RUN; r++) {
		const { orcid } = await env.emu.control('POST', '/_emulator/researchers', {
			givenNames: 'Queue',
			familyName: `Budget ${run} ${r}`,
		});
		const token = await env.emu.control('POST', '/_emulator/tokens', {
			clientId: MEMBER.clientId,
			orcid,
			scope: '/read-limited /activities/update',
		});
		items.push({
			orcid,
			accessToken: token.access_token,
			localKey: `budget-${run}-${r}`,
			itemType: 'work',
			orcidJson: {
				title: { title: { value: `Budget work ${run} ${r}` } },
				type: 'journal-article',
				'external-ids': {
					'external-id': [
						{
							'external-id-type': 'doi',
							'external-id-value': `10.5555/budget-${run}-${r}`,
							'external-id-relationship': 'self',
						},
					],
				},
			},
		});
	}
	return items;
}

/** Arrivals per whole second (for the failure message). */
function perSecond(times: number[]): string {
	const t0 = Math.min(...times);
	const counts = new Map<number, number>();
	for (const t of times)
		counts.set(Math.floor((t - t0) / 1000), (counts.get(Math.floor((t - t0) / 1000)) ?? 0) + 1);
	return [...counts.entries()].map(([s, n]) => `${s}s:${n}`).join(' ');
}

describe('queue mode: two workers share one ORCID client', () => {
	let env: TemplateEnv;

	beforeAll(async () => {
		// one execution per worker at a time: two executions at once run on both workers
		env = await startTemplateEnv({
			queue: { workers: WORKERS, webhookProcesses: 1, concurrency: 1 },
		});
	}, 300_000);

	afterAll(async () => {
		await env?.stop();
	}, 120_000);

	it('two executions at once, one per worker, stay within 24 requests in every 1 s window at ORCID', async () => {
		// the admin's setting for two workers (README, Queue mode): each worker's share
		const share = await env.n8n.createCredential({
			name: 'ORCID member (share of 2 workers)',
			type: demo.MEMBER_CREDENTIAL,
			data: demo.orcidCredentialData({
				emulator: env.emu,
				extra: { requestsPerSecond: ORCID_RATE / WORKERS, burst: 40 / WORKERS },
			}),
		});
		const wf = await env.n8n.importWorkflow(writerWorkflow(), {
			credentials: { [demo.MEMBER_CREDENTIAL]: { id: share.id, name: share.name } },
		});
		await demo.activateAndWait(env.n8n, wf.id);
		const [a, b] = [await itemsFor(env, 'a'), await itemsFor(env, 'b')];
		await env.emu.control('PUT', '/_emulator/latency', { enabled: true, seed: 13 });
		await env.emu.control('PUT', '/_emulator/limits', { enabled: true, resetCounters: true });
		const before = ((await env.emu.control('GET', '/_emulator/calls')) as Row[]).at(-1)?.id ?? 0;
		const runs = await Promise.all([
			env.runner.run(wf.id, { works: a }),
			env.runner.run(wf.id, { works: b }),
		]);
		await env.emu.control('PUT', '/_emulator/latency', { enabled: false });

		for (const [n, run] of runs.entries()) {
			expect(run.describe()).toMatch(/ success/);
			// every researcher read and diffed: each local work to Create, in input order
			const create = run.output('ORCID Sync Diff');
			expect(create.map((o) => o.localKey)).toEqual([a, b][n].map((i) => i.localKey));
		}
		// each worker ran one of the two executions (their logs name the runner's executions)
		const runnerIds = (await env.n8n.executions(env.runner.workflowId)).map((e: Row) =>
			String(e.id),
		);
		const ranOn = (worker: string) =>
			runnerIds.filter((id: string) =>
				new RegExp(`execution "?${id}\\b`).test(env.n8n.logs(worker)),
			);
		expect(ranOn('worker1')).toHaveLength(1);
		expect(ranOn('worker2')).toHaveLength(1);

		const arrived = (
			(await env.emu.control('GET', `/_emulator/calls?since=${before}`)) as Row[]
		).filter((c) => c.method === 'GET' && /\/activities$/.test(c.path));
		expect(arrived).toHaveLength(2 * RESEARCHERS_PER_RUN);
		// the pace as the two workers' budgets set it: the send times in both executions' Traffic
		// records (one clock, one machine). The emulator's arrival stamps are taken in the test's
		// own process and bunch when the machine is starved of CPU; ORCID's answer to the pace is
		// the emulator's limiter below, which refuses nothing.
		const reads = runs
			.flatMap((run) => run.outputs('ORCID Sync Diff'))
			.filter((r) => r.method === 'GET' && /\/activities$/.test(String(r.url)))
			.map((r) => Date.parse(String(r.time)));
		expect(reads).toHaveLength(2 * RESEARCHERS_PER_RUN);
		const peak = maxInAnySecond(reads);
		const detail = `peak ${peak}; calls sent per second: ${perSecond(reads)}`;
		expect(peak <= ORCID_RATE ? 'within the rate' : detail).toBe('within the rate');
		// both workers read at the same time (one worker's share alone is 12)
		expect(peak > ORCID_RATE / WORKERS ? 'both workers at once' : detail).toBe(
			'both workers at once',
		);
		const counters = await env.emu.control('GET', '/_emulator/limits/counters');
		expect(counters[`client:${MEMBER.clientId}`]).toMatchObject({ refused: 0 });
	});
});

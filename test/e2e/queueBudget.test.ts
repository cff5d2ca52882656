/**
 * Queue mode splits ORCID's budget across workers: each worker process has its own limiter, so
 * the admin gives the ORCID credential each worker's share (README, "Queue mode": 24 ÷ 2
 * workers = 12 requests per second). Two executions at once, one on each worker, writing for
 * the same client with the emulator's latency profile on: ORCID never sees more than its 24
 * requests in any 1 s window, refuses nothing, and each researcher's writes still arrive one
 * after the other. Windows are counted on the emulator's own arrival times, not on wall time.
 */
import * as demo from '../../scripts/demo';
import { MEMBER, startTemplateEnv, type Row, type TemplateEnv } from './templates.support';

jest.setTimeout(300_000);

const RESEARCHERS_PER_RUN = 40;
const WORKS_PER_RESEARCHER = 2;
/** ORCID's rate for a member client; each of the two workers gets half. */
const ORCID_RATE = 24;
const WORKERS = 2;

/** The most calls whose arrival falls in one half-open 1 s window. */
function maxInAnySecond(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let max = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= 1000) start++;
		max = Math.max(max, end - start + 1);
	}
	return max;
}

function writerWorkflow() {
	return {
		name: 'Write works (queue budget test)',
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
				name: 'ORCID Write Item',
				type: 'n8n-nodes-orcid.orcidWriteItem',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'work',
					inputMode: 'fields',
					workTitle: '={{ $json.title }}',
					workType: 'journal-article',
					externalIds: {
						externalId: [{ type: 'doi', value: '={{ $json.doi }}', relationship: 'self' }],
					},
				},
			},
		],
		connections: {
			'When called by another workflow': {
				main: [[{ node: 'One item per work', type: 'main', index: 0 }]],
			},
			'One item per work': { main: [[{ node: 'ORCID Write Item', type: 'main', index: 0 }]] },
		},
	};
}

/** Fresh researchers with write tokens, and two works for each (researcher by researcher). */
async function worksFor(env: TemplateEnv, run: string): Promise<Row[]> {
	const works: Row[] = [];
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
		for (let w = 0; w < WORKS_PER_RESEARCHER; w++) {
			works.push({
				orcid,
				accessToken: token.access_token,
				title: `Budget work ${run} ${r}.${w}`,
				doi: `10.5555/budget-${run}-${r}-${w}`,
			});
		}
	}
	return works;
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
		const [a, b] = [await worksFor(env, 'a'), await worksFor(env, 'b')];
		await env.emu.control('PUT', '/_emulator/latency', { enabled: true, seed: 13 });
		await env.emu.control('PUT', '/_emulator/limits', { enabled: true, resetCounters: true });
		const before = ((await env.emu.control('GET', '/_emulator/calls')) as Row[]).at(-1)?.id ?? 0;
		const runs = await Promise.all([
			env.runner.run(wf.id, { works: a }),
			env.runner.run(wf.id, { works: b }),
		]);
		await env.emu.control('PUT', '/_emulator/latency', { enabled: false });

		for (const run of runs) {
			expect(run.describe()).toMatch(/ success/);
			const out = run.output('ORCID Write Item');
			expect(out).toHaveLength(RESEARCHERS_PER_RUN * WORKS_PER_RESEARCHER);
			expect(out.every((o) => o.status === 'created')).toBe(true);
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

		const writes = ((await env.emu.control('GET', `/_emulator/calls?since=${before}`)) as Row[])
			.filter((c) => c.method === 'POST' && /\/work$/.test(c.path))
			.map((c): Row => ({ ...c, at: Date.parse(c.time) }));
		expect(writes).toHaveLength(2 * RESEARCHERS_PER_RUN * WORKS_PER_RESEARCHER);
		expect(writes.every((c) => c.status === 201)).toBe(true);
		const peak = maxInAnySecond(writes.map((c) => c.at));
		expect(peak).toBeLessThanOrEqual(ORCID_RATE);
		// both workers wrote at the same time (one worker's share alone is 12)
		expect(peak).toBeGreaterThan(ORCID_RATE / WORKERS);
		const counters = await env.emu.control('GET', '/_emulator/limits/counters');
		expect(counters[`client:${MEMBER.clientId}`]).toMatchObject({ refused: 0 });
		// one researcher's writes one after the other: each starts after the previous was answered
		const byResearcher = new Map<string, Row[]>();
		for (const c of writes) byResearcher.set(c.orcid, [...(byResearcher.get(c.orcid) ?? []), c]);
		expect(byResearcher.size).toBe(2 * RESEARCHERS_PER_RUN);
		for (const list of byResearcher.values()) {
			list.sort((x, y) => x.id - y.id);
			for (let i = 1; i < list.length; i++) {
				expect(list[i].at).toBeGreaterThanOrEqual(list[i - 1].at + list[i - 1].durationMs);
			}
		}
	});
});

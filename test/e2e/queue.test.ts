/**
 * Queue mode, the engine a vendor uses when one machine is not enough: PostgreSQL + Redis +
 * main + two workers + a webhook process (scripts/n8n-server.js; a database and a Redis key
 * prefix of its own per run). The connect and sync templates give the same results there as on
 * one process, and killing the worker that runs a sync half way, then running the sync again,
 * leaves ORCID and the database consistent: no duplicates, no lost put codes.
 */
import * as demo from '../../scripts/demo';
import {
	addPublications,
	doiOf,
	emulatorItems,
	followStartLink,
	importTemplate,
	JOSIAH,
	LAURE,
	MEMBER,
	SOFIA,
	startTemplateEnv,
	tableRows,
	titleOf,
	byReference,
	waitForExecutions,
	type Row,
	type TemplateEnv,
} from './templates.support';

jest.setTimeout(300_000);

const RESEARCHERS: Array<[string, string]> = [
	[JOSIAH, 'q-josiah'],
	[LAURE, 'q-laure'],
	[SOFIA, 'q-sofia'],
];

function publicationsOf(orcid: string, n: number, from = 1) {
	return Array.from({ length: n }, (_, i) => ({
		local_key: `q-${orcid.slice(-4)}-${from + i}`,
		orcid,
		title: `Queue work ${from + i} of ${orcid}`,
		doi: `10.5555/q-${orcid.slice(-4)}-${from + i}`,
		publication_date: String(2000 + ((from + i) % 20)),
	}));
}

interface Outcome {
	researchers: Row[];
	putCodes: Row[];
	orcid: Record<string, Row[]>;
	issues: Row[];
	log: string[];
}

/**
 * What a user would look at after connecting three researchers through the connect template
 * and running the sync twice (the second time after changing one work and removing another),
 * with the run-specific parts (tokens, put code numbers, times) left out.
 */
async function connectAndSync(env: TemplateEnv): Promise<Outcome> {
	const connect = await importTemplate(env, '01-connect-researchers-datatable.json');
	await demo.activateAndWait(env.n8n, connect.id);
	const startUrl = await demo.webhookUrlOf(env.n8n, connect, 'ORCID Auth Trigger', 'setup');
	for (const [orcid, ref] of RESEARCHERS) {
		const page = await followStartLink(demo.startLink(startUrl, ref, MEMBER.clientSecret), {
			orcid,
		});
		expect(page.status).toBe(200);
	}
	await waitForExecutions(env.n8n, connect.id, byReference(...RESEARCHERS.map(([, ref]) => ref)), {
		count: RESEARCHERS.length,
	});

	for (const [orcid] of RESEARCHERS) await addPublications(env, publicationsOf(orcid, 4));
	const sync = await importTemplate(env, '04-scheduled-sync.json');
	await demo.activateAndWait(env.n8n, sync.id);
	const first = await env.runner.run(sync.id);
	expect(first.describe()).toMatch(/ success/);
	await env.db.query("UPDATE publications SET title = 'Queue work, revised' WHERE local_key = $1", [
		`q-${JOSIAH.slice(-4)}-1`,
	]);
	await env.db.query('DELETE FROM publications WHERE local_key = $1', [`q-${LAURE.slice(-4)}-2`]);
	const second = await env.runner.run(sync.id);
	expect(second.describe()).toMatch(/ success/);
	return await outcome(env);
}

async function outcome(env: TemplateEnv): Promise<Outcome> {
	const researchers = (await tableRows(env, 'orcid_researchers'))
		.map((r) => [
			r.reference,
			r.orcid,
			r.orcidUri,
			r.name,
			r.environment,
			r.apiType,
			r.tokenType,
			r.scopes,
			r.status,
		])
		.sort()
		.map((r) => ({ row: r }));
	const orcid: Record<string, Row[]> = {};
	const doiByPutCode = new Map<number, string | undefined>();
	for (const [id] of RESEARCHERS) {
		const works = (await emulatorItems(env.emu, id, 'work')).filter(
			(w) => w.source.clientId === MEMBER.clientId,
		);
		for (const w of works) doiByPutCode.set(w.putCode, doiOf(w));
		orcid[id] = works
			.map((w) => ({ doi: doiOf(w), title: titleOf(w), type: w.data.type }))
			.sort((a, b) => String(a.doi).localeCompare(String(b.doi)));
	}
	const putCodes = (
		await env.db.query(
			'SELECT orcid, item_type, local_key, put_code::int AS put_code, content_hash, status FROM orcid_put_codes ORDER BY local_key',
		)
	).map((r) => ({ ...r, put_code: undefined, doiOnOrcid: doiByPutCode.get(r.put_code) ?? null }));
	const issues = await env.db.query(
		'SELECT orcid, item_type, local_key, reason FROM orcid_sync_issues ORDER BY id',
	);
	const log = (await tableRows(env, 'orcid_api_log'))
		.map(
			(r: Row) =>
				`${r.method} ${r.url.replace(env.emu.url, '').replace(/\/\d+$/, '/{put-code}')} ${r.status}`,
		)
		.sort();
	return { researchers, putCodes, orcid, issues, log };
}

/** Every local work has one work of ours on ORCID, and its stored put code names that work. */
async function assertConsistent(env: TemplateEnv, orcid: string): Promise<void> {
	const pubs = await env.db.query(
		'SELECT local_key, doi FROM publications WHERE orcid = $1 ORDER BY local_key',
		[orcid],
	);
	const works = (await emulatorItems(env.emu, orcid, 'work')).filter(
		(w) => w.source.clientId === MEMBER.clientId,
	);
	expect(works.map(doiOf).sort()).toEqual(pubs.map((p) => p.doi).sort()); // none missing, no duplicate
	const codes = await env.db.query(
		"SELECT local_key, put_code::int AS put_code FROM orcid_put_codes WHERE orcid = $1 AND item_type = 'work' ORDER BY local_key",
		[orcid],
	);
	expect(codes.map((c) => c.local_key)).toEqual(pubs.map((p) => p.local_key)); // no lost put code
	for (const c of codes) {
		const work = works.find((w) => w.putCode === c.put_code);
		expect(work && doiOf(work)).toBe(pubs.find((p) => p.local_key === c.local_key)?.doi);
	}
}

describe('queue mode: main + two workers + a webhook process on PostgreSQL and Redis', () => {
	let env: TemplateEnv;
	let queueOutcome: Outcome;

	beforeAll(async () => {
		env = await startTemplateEnv({ queue: { workers: 2, webhookProcesses: 1, concurrency: 5 } });
	}, 300_000);

	afterAll(async () => {
		await env?.stop();
	}, 120_000);

	it('runs on separate processes: webhooks on the webhook process, executions on the workers', async () => {
		expect(env.n8n.processes.map((p: Row) => p.name).sort()).toEqual([
			'main',
			'webhook1',
			'worker1',
			'worker2',
		]);
		expect(env.n8n.webhookUrl).not.toBe(env.n8n.baseUrl);
	});

	it('connects researchers and syncs their works (connect and sync templates)', async () => {
		queueOutcome = await connectAndSync(env);
		for (const [orcid] of RESEARCHERS) await assertConsistent(env, orcid);
		expect(queueOutcome.issues).toEqual([]);
		// the executions ran on the workers, not on main
		const workerLogs = env.n8n.logs('worker1') + env.n8n.logs('worker2');
		expect(workerLogs).toMatch(/[Ee]xecution/);
	});

	it('gives the same results as n8n on one process', async () => {
		const single = await startTemplateEnv();
		let singleOutcome: Outcome;
		try {
			singleOutcome = await connectAndSync(single);
		} finally {
			await single.stop();
		}
		expect(queueOutcome).toEqual(singleOutcome);
	});

	it('killing the worker that runs a sync half way, then syncing again, loses nothing and duplicates nothing', async () => {
		const sync = Object.values(env.workflows).find(
			(w) => w.name === '04 · Scheduled two-way ORCID sync',
		)!;
		for (const [orcid] of RESEARCHERS) await addPublications(env, publicationsOf(orcid, 15, 100));
		// the sync adds each researcher's 15 works in one bulk call, the researchers of a batch side
		// by side. The lanes split the researchers by their row's number, odd and even: of three,
		// one lane's batch holds two. The second one's call is held, then dropped unanswered and
		// unapplied, so the kill lands when the first one's works are on ORCID and their put codes
		// are not stored yet (Write Item still waits for the held call)
		const connected = (await tableRows(env, 'orcid_researchers')).filter(
			(r) => r.status === 'connected',
		);
		expect(connected).toHaveLength(RESEARCHERS.length);
		const lanes = [1, 0].map((odd) => connected.filter((r) => Number(r.id) % 2 === odd));
		const [written, held] = lanes.find((lane) => lane.length === 2)!.map((r) => r.orcid as string);
		const heldBulk = { method: 'POST', pathRegex: `/${held}/works$`, times: 1 };
		await env.emu.control('POST', '/_emulator/faults', {
			...heldBulk,
			type: 'latency',
			latencyMs: 30_000,
		});
		await env.emu.control('POST', '/_emulator/faults', { ...heldBulk, type: 'reset' });
		const postCalls = async () =>
			((await env.emu.control('GET', '/_emulator/calls?method=POST')) as Row[]).filter((c) =>
				/\/works$/.test(c.path ?? ''),
			);
		const posts = async () => (await postCalls()).length;
		const before = await posts();
		const allRuns = async () =>
			(await env.n8n.allExecutions(undefined)).map((e: Row) => String(e.id));
		const earlier = new Set(await allRuns());

		const abort = new AbortController();
		const running = fetch(env.runner.url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ workflowId: sync.id }),
			signal: abort.signal,
		}).catch(() => undefined);
		const deadline = Date.now() + 120_000;
		while ((await posts()) < before + 2) {
			if (Date.now() > deadline) throw new Error('the sync never started writing');
			await new Promise((r) => setTimeout(r, 100));
		}
		// the worker whose log names the call's execution: the sync's runs (the template's, its
		// lanes and their batches) are sub-executions, run in that worker's process
		const callIds = (await allRuns()).filter((id) => !earlier.has(id));
		const victim = ['worker1', 'worker2'].find((w) =>
			callIds.some((id: string) => new RegExp(`execution "?${id}\\b`).test(env.n8n.logs(w))),
		);
		expect(victim).toBeDefined();
		const proc = env.n8n.processes.find((p: Row) => p.name === victim)!;
		process.kill(-proc.child.pid, 'SIGKILL');
		await new Promise((r) => proc.child.once('exit', r));
		abort.abort();
		await running;
		const writtenBeforeKill = (await posts()) - before;
		await env.emu.control('DELETE', '/_emulator/faults');

		// half done: works on ORCID whose put codes were never stored
		const isNew = (w: Row) => /^10\.5555\/q-.{4}-1\d\d$/.test(doiOf(w) ?? '');
		let onOrcid = 0;
		for (const [orcid] of RESEARCHERS)
			onOrcid += (await emulatorItems(env.emu, orcid, 'work')).filter(isNew).length;
		const stored = await env.db.query(
			"SELECT count(*)::int AS n FROM orcid_put_codes WHERE local_key ~ '^q-.{4}-1[0-9][0-9]$'",
		);
		expect(writtenBeforeKill).toBeGreaterThan(0);
		expect(onOrcid).toBeGreaterThan(0);
		expect(onOrcid).toBeLessThan(45);
		expect(stored[0].n).toBeLessThan(onOrcid);

		// the researchers whose new works all arrived before the kill (lane A's first, at least)
		const arrived: string[] = [];
		for (const [orcid] of RESEARCHERS)
			if ((await emulatorItems(env.emu, orcid, 'work')).filter(isNew).length === 15)
				arrived.push(orcid);
		expect(arrived).toContain(written);
		expect(arrived).not.toContain(held);

		// the sync again, on the worker that is left: only the missing works are added
		const postsBefore = await posts();
		const again = await env.runner.run(sync.id);
		expect(again.describe()).toMatch(/ success/);
		// only researchers whose works never arrived get a bulk call (each new work once:
		// assertConsistent); the others' works are found by their DOIs
		const rerunPaths = (await postCalls()).slice(postsBefore).map((c) => c.path);
		expect(rerunPaths).toContainEqual(expect.stringContaining(`/${held}/works`));
		for (const path of rerunPaths)
			for (const orcid of arrived) expect(path).not.toContain(`/${orcid}/works`);
		for (const [orcid] of RESEARCHERS) await assertConsistent(env, orcid);
		expect(await env.db.query('SELECT * FROM orcid_sync_issues')).toEqual([]);
	});
});

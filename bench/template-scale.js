#!/usr/bin/env node
'use strict';
/**
 * B5: template 04 (scheduled two-way sync) as a user installs it, in a real n8n 2.41.1 (SQLite,
 * regular mode), against the emulator with its latency profile and ORCID's member limits, with
 * its PostgreSQL tables (schema.sql) and the orcid_researchers Data table; 200 and 2,000
 * researchers × 50 works, a first run from empty records. Started the way another workflow
 * starts it (Webhook -> Execute Workflow), timed until the template's lanes and every batch they
 * ran have finished, after one small warm-up run of the template in the same n8n (as a
 * long-running n8n has run it before).
 *
 * Figures: wall time ÷ the least time ORCID allows (as B1 counts it: 2 requests per researcher,
 * one read and one bulk POST of 50 works, the last going in (N - 1)/24 s after the first and
 * answered in 1 s at the soonest), n8n's peak RSS (its process tree, sampled every 200 ms
 * from /proc), the size of the saved executions (the template's own, each lane's and batch's), and
 * correctness (put codes stored, works on ORCID, duplicates, sync issues).
 *
 *   node bench/template-scale.js [--sizes 200,2000] [--works 50] [--runs 1] [--quick] [--out FILE]
 */

const fs = require('fs');
const c = require('./lib/common');
const templates = require('../scripts/templates.js');

const QUIET = { rule: { interval: [{ field: 'cronExpression', expression: '0 0 1 1 *' }] } };

// ---- n8n's memory ---------------------------------------------------------------------------

function rssKb(pid) {
	try {
		const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

/** The pids of a process and all its descendants (task runners included). */
function tree(root) {
	const parents = new Map();
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parents.set(Number(d), ppid);
		} catch {
			// gone
		}
	}
	const out = [root];
	for (let i = 0; i < out.length; i++)
		for (const [pid, ppid] of parents) if (ppid === out[i]) out.push(pid);
	return out;
}

/** CPU seconds (user + system) a process has used so far (0 when gone). */
function cpuSeconds(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime (fields 14 and 15 of /proc/PID/stat), in clock ticks of 1/100 s
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return 0;
	}
}

/** Samples the RSS of n8n's process tree until stopped; returns the peak (MB). */
function sampleRss(pid) {
	let peakKb = 0;
	let pids = tree(pid);
	let ticks = 0;
	const timer = setInterval(() => {
		if (++ticks % 25 === 0) pids = tree(pid);
		peakKb = Math.max(
			peakKb,
			pids.reduce((s, p) => s + rssKb(p), 0),
		);
	}, 200);
	return () => {
		clearInterval(timer);
		return peakKb / 1024;
	};
}

// ---- setup ----------------------------------------------------------------------------------

/** n researchers with m works each: emulator records and tokens, Data table rows, publications. */
async function seed(emu, n8n, tables, db, n, m, offset) {
	const researchers = await c.seedResearchers(emu, n);
	const now = new Date().toISOString();
	const rows = researchers.map((r, i) => ({
		reference: `bench-${offset + i + 1}`,
		orcid: r.orcid,
		orcidUri: `https://sandbox.orcid.org/${r.orcid}`,
		environment: 'custom',
		apiType: 'member',
		accessToken: r.accessToken,
		tokenType: 'bearer',
		scopes: '/read-limited /activities/update',
		status: 'connected',
		obtainedAt: now,
		checkedAt: now,
	}));
	for (let i = 0; i < rows.length; i += 500) {
		await n8n.api('POST', `/data-tables/${tables.orcid_researchers}/rows`, {
			data: rows.slice(i, i + 500),
			returnType: 'count',
		});
	}
	const pubs = researchers.flatMap((r, i) =>
		Array.from({ length: m }, (_, w) => [
			`s${offset + i + 1}-${w + 1}`,
			r.orcid,
			`Scale work ${w + 1} of researcher ${offset + i + 1}`,
			'journal-article',
			`10.5555/scale.${offset + i + 1}.${w + 1}`,
			'Journal of Benchmarks',
			String(2000 + (w % 25)),
		]),
	);
	for (let i = 0; i < pubs.length; i += 1000) {
		const chunk = pubs.slice(i, i + 1000);
		const values = chunk.map(
			(_, k) => `(${[1, 2, 3, 4, 5, 6, 7].map((j) => `$${k * 7 + j}`).join(',')})`,
		);
		await db.query(
			`INSERT INTO publications (local_key, orcid, title, work_type, doi, journal, publication_date) VALUES ${values.join(',')}`,
			chunk.flat(),
		);
	}
	return researchers;
}

/** Webhook -> Execute Workflow (the template, waiting for it), as another workflow calls it. */
function runnerWorkflow(hookPath) {
	return {
		name: 'bench B5: runner (starts template 04)',
		nodes: [
			{
				id: 'b5-webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `b5-${hookPath}`,
				parameters: {
					httpMethod: 'POST',
					path: hookPath,
					responseMode: 'lastNode',
					responseData: 'noData',
					options: {},
				},
			},
			{
				id: 'b5-run',
				name: 'Run template',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				position: [260, 0],
				parameters: {
					source: 'database',
					workflowId: { __rl: true, mode: 'id', value: '={{ $json.body.workflowId }}' },
					mode: 'once',
					options: { waitForSubWorkflow: true },
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Run template', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Saved executions of the template after a run: count, the largest, the total (bytes of JSON). */
async function savedSizes(n8n, workflowId, knownIds) {
	const list = await n8n.executions(workflowId, { includeData: false, limit: 250 });
	const mine = list.filter((e) => !knownIds.has(String(e.id)));
	const sizes = [];
	const nodeMs = {};
	const nodeMB = {};
	const durations = [];
	let failed = 0;
	for (const e of mine) {
		const full = await n8n.execution(e.id);
		sizes.push(Buffer.byteLength(JSON.stringify(full.data ?? {})));
		if (full.status !== 'success') failed++;
		if (full.startedAt && full.stoppedAt)
			durations.push(Date.parse(full.stoppedAt) - Date.parse(full.startedAt));
		for (const [name, ms] of Object.entries(c.nodeTimes(full)))
			nodeMs[name] = (nodeMs[name] ?? 0) + ms;
		for (const [name, tasks] of Object.entries(full.data?.resultData?.runData ?? {}))
			nodeMB[name] = (nodeMB[name] ?? 0) + Buffer.byteLength(JSON.stringify(tasks)) / 2 ** 20;
		knownIds.add(String(e.id));
	}
	return {
		nodeMs,
		nodeMB,
		executionSeconds: durations.map((ms) => Math.round(ms / 100) / 10),
		executions: mine.length,
		failedExecutions: failed,
		largestExecutionMB: Math.max(0, ...sizes) / 2 ** 20,
		totalExecutionsMB: sizes.reduce((s, x) => s + x, 0) / 2 ** 20,
	};
}

/**
 * One small run of the template before the timed one: a long-running n8n has loaded its node
 * modules and compiled its code paths before the nightly sync; a fresh one does that during
 * its first execution (about 1-2 s here). Its researchers, rows and records are removed after.
 */
async function warmUp(ctx, m) {
	const { emu, n8n, db, tables, runner, workflowId } = ctx;
	await emu.control('POST', '/_emulator/reset', { seed: true });
	// with ORCID's latency too: the nodes' shared budget learns how long ORCID takes to answer
	// from the calls it makes, and a long-running n8n has made many
	await c.networkLikeOrcid(emu, 499);
	const few = await seed(emu, n8n, tables, db, 2, Math.min(m, 5), 9_000_000);
	const known = new Set(
		(await n8n.executions(workflowId, { includeData: false, limit: 250 })).map((e) => String(e.id)),
	);
	const { status, text } = await c.postJson(runner.url, JSON.stringify({ workflowId }), 600_000);
	if (status !== 200)
		throw new Error(`B5 warm-up: runner answered ${status}: ${text.slice(0, 300)}`);
	await n8n.settled(workflowId, known, { timeoutMs: 600_000, pollMs: 100 });
	for (const r of few) {
		const filter = JSON.stringify({
			type: 'and',
			filters: [{ columnName: 'orcid', condition: 'eq', value: r.orcid }],
		});
		await n8n.api(
			'DELETE',
			`/data-tables/${tables.orcid_researchers}/rows/delete?filter=${encodeURIComponent(filter)}`,
		);
	}
	await db.query(
		'TRUNCATE publications, orcid_put_codes, orcid_sync_log, orcid_collected_items, orcid_sync_issues',
	);
}

async function oneSize(ctx, n, m, rep) {
	const { emu, n8n, db, tables, runner, workflowId, pid } = ctx;
	await warmUp(ctx, m);
	await emu.control('POST', '/_emulator/reset', { seed: true });
	await c.networkLikeOrcid(emu, 500 + rep);
	await seed(emu, n8n, tables, db, n, m, 0);
	await emu.control('DELETE', '/_emulator/calls');
	const known = new Set(
		(await n8n.executions(workflowId, { includeData: false, limit: 250 })).map((e) => String(e.id)),
	);

	const stop = sampleRss(pid);
	const cpu0 = cpuSeconds(pid);
	const t0Epoch = Date.now();
	const t0 = performance.now();
	const { status, text } = await c.postJson(runner.url, JSON.stringify({ workflowId }), 3_600_000);
	// the template's run ends once its lanes have started; the sync ends when the last of the
	// lanes and their batches has finished (n8n writes the final status when it saves the run)
	if (status === 200) await n8n.settled(workflowId, known, { timeoutMs: 3_600_000, pollMs: 100 });
	const wallMs = performance.now() - t0;
	// how busy n8n's main process was: its one event loop runs every execution's nodes
	const n8nCpuS = cpuSeconds(pid) - cpu0;
	const peakRssMB = stop();
	if (status !== 200) {
		// say which node failed: the batch executions' errors
		const failed = (await n8n.executions(workflowId, { includeData: false, limit: 250 })).filter(
			(e) => !known.has(String(e.id)) && e.status !== 'success',
		);
		const errors = [];
		for (const e of failed.slice(0, 3)) errors.push(c.executionError(await n8n.execution(e.id)));
		throw new Error(`B5 runner answered ${status}: ${text.slice(0, 300)} ${errors.join('; ')}`);
	}

	const calls = await c.callsSince(emu, 0);
	const t = c.trafficStats(calls);
	// ORCID calls per second of the run (reads/writes), to see where the budget went unused
	const first = Math.min(...calls.map((x) => Date.parse(x.time)));
	const perSecond = [];
	for (const x of calls) {
		const k = Math.floor((Date.parse(x.time) - first) / 1000);
		perSecond[k] = perSecond[k] ?? [0, 0];
		perSecond[k][x.method === 'GET' ? 0 : 1]++;
	}
	c.log(
		`B5 ${n}x${m} #${rep} calls per second (reads/writes), from ${((first - t0Epoch) / 1000).toFixed(1)} s: ` +
			Array.from(perSecond, (v) => (v ? `${v[0]}/${v[1]}` : '0')).join(' '),
	);
	const needed = 2 * n * Math.ceil(m / 100);
	// as B1 counts it: the last call is a bulk POST, answered in 1 s at the soonest
	const floorMs = c.leastTimeMs({ requests: needed, lastMs: c.FASTEST_ANSWER_MS.bulk });
	const stored = (
		await db.query('SELECT count(*)::int AS n FROM orcid_put_codes WHERE put_code IS NOT NULL')
	).rows[0].n;
	const issues = (await db.query('SELECT count(*)::int AS n FROM orcid_sync_issues')).rows[0].n;
	const sizes = await savedSizes(n8n, workflowId, known);
	const out = {
		researchers: n,
		works: n * m,
		wallMs,
		floorMs,
		wallToFloor: wallMs / floorMs,
		requests: t.requests,
		needed,
		status503: t.status503,
		peakRssMB,
		n8nCpuS,
		n8nBusy: n8nCpuS / (wallMs / 1000),
		putCodesStored: stored,
		notStored: n * m - stored,
		syncIssues: issues,
		...sizes,
	};
	c.log(
		`B5 ${n}x${m} #${rep} node time (ms, all executions): ${Object.entries(sizes.nodeMs)
			.sort((a, b) => b[1] - a[1])
			.map(([k, v]) => `${k} ${Math.round(v)}`)
			.join(', ')}; executions (s, start to stop): ${sizes.executionSeconds.join(', ')}`,
	);
	c.log(
		`B5 ${n}x${m} #${rep} saved data per node (MB, all executions): ${Object.entries(sizes.nodeMB)
			.sort((a, b) => b[1] - a[1])
			.map(([k, v]) => `${k} ${v.toFixed(1)}`)
			.join(', ')}`,
	);
	c.log(
		`B5 ${n}x${m} #${rep}: ${(wallMs / 1000).toFixed(1)} s = ${out.wallToFloor.toFixed(2)}x floor, n8n CPU ${n8nCpuS.toFixed(1)} s (${(100 * out.n8nBusy).toFixed(0)} % of the wall), peak RSS ${peakRssMB.toFixed(0)} MB, ` +
			`${sizes.executions} executions (largest ${sizes.largestExecutionMB.toFixed(1)} MB), ${stored}/${n * m} put codes, ${t.status503} x 503`,
	);
	return out;
}

async function run(args) {
	const quick = args.quick === true;
	const sizes = String(args.sizes ?? (quick ? '20,200' : '200,2000'))
		.split(',')
		.map(Number);
	const m = c.intArg(args, 'works', 50);
	const runs = c.intArg(args, 'runs', 1);
	const started = Date.now();
	const emu = await c.startBenchEmulator();
	try {
		const bySize = Object.fromEntries(sizes.map((n) => [n, []]));
		// a fresh n8n and database per run: both sizes start from the same state
		for (let rep = 1; rep <= runs; rep++)
			for (const n of sizes)
				bySize[n].push(await withFreshN8n(args, emu, (ctx) => oneSize(ctx, n, m, rep)));
		const med = Object.fromEntries(sizes.map((n) => [n, c.medians(bySize[n])]));
		const [small, large] = [med[sizes[0]], med[sizes[sizes.length - 1]]];
		const all = Object.values(bySize).flat();
		const targets = [
			...sizes.map((n) =>
				c.target(
					`wall ÷ least time ORCID allows at ${n} researchers`,
					med[n].wallToFloor,
					'<=',
					1.3,
				),
			),
			c.target(
				`n8n peak RSS at ${sizes[sizes.length - 1]} ÷ at ${sizes[0]} researchers`,
				large.peakRssMB / small.peakRssMB,
				'<=',
				1.5,
			),
			c.target(
				'works without a stored put code + sync issues + failed executions (worst run)',
				Math.max(...all.map((r) => r.notStored + r.syncIssues + r.failedExecutions)),
				'==',
				0,
			),
		];
		const result = {
			name: 'B5',
			title:
				'Template 04 at scale in the real n8n 2.41.1 (latency profile, 24 req/s, PostgreSQL, batches of researchers)',
			config: {
				sizes,
				worksPerResearcher: m,
				runs,
				seconds: Math.round((Date.now() - started) / 1000),
			},
			metrics: { bySize: med },
			table: {
				columns: ['', ...sizes.map((n) => `${n} researchers × ${m} works`)],
				rows: [
					['wall time (s)', ...sizes.map((n) => Number((med[n].wallMs / 1000).toFixed(1)))],
					[
						'least time ORCID allows (s)',
						...sizes.map((n) => Number((med[n].floorMs / 1000).toFixed(1))),
					],
					['wall ÷ least time', ...sizes.map((n) => `${med[n].wallToFloor.toFixed(2)} ×`)],
					['requests (needed)', ...sizes.map((n) => `${med[n].requests} (${med[n].needed})`)],
					['n8n peak RSS (MB, process tree)', ...sizes.map((n) => Math.round(med[n].peakRssMB))],
					['saved executions (template + lanes + batches)', ...sizes.map((n) => med[n].executions)],
					[
						'largest saved execution (MB)',
						...sizes.map((n) => Number(med[n].largestExecutionMB.toFixed(1))),
					],
					[
						'all saved executions (MB)',
						...sizes.map((n) => Number(med[n].totalExecutionsMB.toFixed(1))),
					],
					['put codes stored', ...sizes.map((n) => `${med[n].putCodesStored} / ${med[n].works}`)],
					['503s seen', ...sizes.map((n) => med[n].status503)],
				],
			},
			chart: {
				title: 'B5: template 04 in n8n, 200 vs 2,000 researchers',
				groups: [
					{
						label: 'wall ÷ least time ORCID allows',
						unit: '×',
						bars: sizes.map((n) => ({ name: `${n} researchers`, value: med[n].wallToFloor })),
					},
					{
						label: 'n8n peak RSS',
						unit: 'MB',
						bars: sizes.map((n) => ({ name: `${n} researchers`, value: med[n].peakRssMB })),
					},
				],
			},
			runs: bySize,
			targets,
			notes: [
				"Template 04 as shipped (workflows-templates/04-scheduled-sync.json): researchers from the orcid_researchers Data table in two lanes (by the row's number, odd and even) that run at once, lane B half a batch later, 50 researchers per batch, each lane and each batch an execution of the same workflow; its Postgres nodes store put codes in a database of its own (schema.sql).",
				"Least time, as B1 counts it: N = 2 requests per researcher (one GET /activities, one bulk POST of 50 works); (N - 1) ÷ 24 req/s + 1 s, the shortest answer of the bulk POST that comes last. Wall = from the caller's Execute Workflow call until the bench sees no execution of the template new or running (polled every 100 ms): the template's run returns once its lanes have started.",
				"Peak RSS: the n8n process and its children (task runners), sampled every 200 ms during the run. Saved execution size = the JSON of each saved execution's data as the public API returns it.",
				runs === 1
					? 'One run per size (each 2,000-researcher run takes minutes); every other figure in this file is a median.'
					: `Medians of ${runs} runs.`,
			],
		};
		c.emitResult(args, result);
		return result;
	} finally {
		await emu.stop();
	}
}

/** n8n (SQLite, regular mode), a database with schema.sql, the Data tables, template 04 active. */
async function withFreshN8n(args, emu, fn) {
	const database = await c.createDatabase();
	let n8n;
	try {
		// executions are saved as a user's n8n saves them (the default: all)
		// --cpu-prof DIR: V8 CPU profiles of n8n's processes, written when n8n stops
		n8n = await c.startBenchN8n(
			args,
			typeof args['cpu-prof'] === 'string'
				? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${require('path').resolve(args['cpu-prof'])}` }
				: {},
		);
		const tables = await templates.createDataTables(n8n);
		const orcid = await n8n.createCredential({
			name: 'ORCID member (bench)',
			type: templates.MEMBER_CREDENTIAL,
			data: c.memberCredentialData(emu),
		});
		const postgres = await n8n.createCredential({
			name: 'Postgres (bench)',
			type: 'postgres',
			data: database.credentialData,
		});
		const credentials = {
			[templates.MEMBER_CREDENTIAL]: { id: orcid.id, name: orcid.name },
			postgres: { id: postgres.id, name: postgres.name },
		};
		const wf = await templates.importTemplate(n8n, '04-scheduled-sync.json', {
			credentials,
			settings: { 'Every night': QUIET },
		});
		await templates.activateAndWait(n8n, wf.id);
		const runner = await c.deployWorkflow(n8n, runnerWorkflow('bench-b5-runner'), {});
		const pid = n8n.processes[0].child.pid;
		return await fn({ emu, n8n, db: database.db, tables, runner, workflowId: wf.id, pid });
	} finally {
		await n8n?.stop();
		await database.drop();
	}
}

module.exports = { run };

if (require.main === module) c.main(run);

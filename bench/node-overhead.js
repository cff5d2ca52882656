#!/usr/bin/env node
'use strict';
/**
 * B3: per-item overhead of ORCID Write Item against n8n's HTTP Request node, both in a real
 * n8n 2.41.1, writing the same works one per call to the same emulator endpoint
 * (POST /v3.0/{orcid}/work), the emulator's limiter off.
 *
 * Same concurrency on all sides: one call at a time, checked at the emulator (the most calls
 * in flight at once, per side and run, must be 1).
 * - Write Item: one run with the K works of one record, which it writes one after the other
 *   (ORCID wants one write at a time per record). Configured as template 08's "Add to ORCID"
 *   (Create, Data Mode Auto-Map Input Data, Input JSON); also measured with the three
 *   expressions the HTTP Request node needs (iD, token, body), for comparison.
 * - HTTP Request node: within one run it sends all its items at once (its batching option only
 *   spaces the starts: it never waits for an answer), so it runs in a Loop Over Items of one
 *   item per batch, the way n8n offers to send one call at a time; its node time is the sum of
 *   its K runs. n8n's own cost of a node run is in that sum: a No Operation node in the same
 *   loop measures it, and the second ratio takes it out of the HTTP Request node's time.
 * - Bare request: the same POSTs from this process, one after the other on one keep-alive
 *   socket.
 * Per item: a node's execution time as n8n saved it ÷ K. Every side runs on fresh records,
 * in a rotating order, after a warm-up run each; ratios per run, then the median.
 *
 *   node bench/node-overhead.js [--items 500] [--runs 5] [--quick] [--package DIR] [--out FILE]
 */

const { fork } = require('child_process');
const http = require('http');
const os = require('os');
const c = require('./lib/common');

/** One record: Write Item writes its works one after the other. */
const RESEARCHERS = 1;

const SIDES = {
	writeItem: { file: 'overhead-write-item.json', node: 'Write', label: 'ORCID Write Item' },
	writeItemExpressions: {
		file: 'overhead-write-item-expressions.json',
		node: 'Write',
		label: 'Write Item, three expressions',
	},
	httpRequest: { file: 'overhead-http-request.json', node: 'Write', label: 'HTTP Request node' },
	engine: { file: 'overhead-engine-noop.json', node: 'Write', label: 'No Operation node' },
};

async function freshRecords(emu, itemCount) {
	await emu.control('POST', '/_emulator/reset', { seed: true });
	await emu.control('PUT', '/_emulator/limits', { enabled: false, resetCounters: true });
	const researchers = await c.seedResearchers(emu, RESEARCHERS);
	return c.localItems(researchers, Math.ceil(itemCount / RESEARCHERS)).slice(0, itemCount);
}

/** The most calls the emulator was handling at once (call start and duration, in ms). */
function maxInFlight(calls) {
	const events = [];
	for (const call of calls) {
		const start = Date.parse(call.time);
		events.push([start, 1], [start + (call.durationMs ?? 0), -1]);
	}
	// an end and a start in the same ms: the call had ended
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let now = 0;
	let most = 0;
	for (const [, step] of events) {
		now += step;
		most = Math.max(most, now);
	}
	return most;
}

/**
 * The bare client: the same POSTs without n8n, one after the other on one keep-alive socket,
 * from a process of its own (as n8n is one), kept for the whole benchmark so that it is warm.
 * Answers each { url, items } message with the ms they took.
 */
function bareClientProcess() {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const post = (memberApi, item) =>
		new Promise((resolve, reject) => {
			const body = JSON.stringify(item.orcidJson);
			const req = http.request(
				`${memberApi}/v3.0/${item.orcid}/work`,
				{
					method: 'POST',
					agent,
					headers: {
						Authorization: `Bearer ${item.accessToken}`,
						Accept: 'application/json',
						'Content-Type': 'application/json',
						'Content-Length': Buffer.byteLength(body),
					},
				},
				(res) => {
					res.resume();
					res.on('end', () =>
						res.statusCode === 201
							? resolve()
							: reject(new Error(`bare POST answered ${res.statusCode}`)),
					);
				},
			);
			req.on('error', reject);
			req.end(body);
		});
	process.on('message', async ({ memberApi, items }) => {
		try {
			const t0 = performance.now();
			for (const item of items) await post(memberApi, item);
			process.send({ ms: performance.now() - t0 });
		} catch (error) {
			process.send({ error: String(error) });
		}
	});
	process.on('disconnect', () => agent.destroy());
}

function startBareClient() {
	const child = fork(__filename, ['--bare-client'], { stdio: 'inherit' });
	const forget = c.onInterrupt(() => child.kill());
	return {
		send: (memberApi, items) =>
			new Promise((resolve, reject) => {
				child.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m.ms)));
				child.send({ memberApi, items });
			}),
		stop: () => {
			forget();
			child.disconnect();
		},
	};
}

/** The bare side: ms per item, and what the emulator saw. */
async function bareRequests(emu, client, items) {
	await emu.control('DELETE', '/_emulator/calls');
	const ms = await client.send(emu.memberApi, items);
	const calls = await c.callsSince(emu, 0);
	return {
		msPerItem: ms / items.length,
		failed: 0,
		created: calls.filter((x) => x.method === 'POST' && x.status === 201).length,
		inFlight: maxInFlight(calls),
	};
}

/** Every run of a node in a saved execution: node time summed, main output items. */
function allRuns(execution, nodeName) {
	const tasks = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return {
		ms: tasks.reduce((sum, task) => sum + (task.executionTime ?? 0), 0),
		runs: tasks.length,
		out: tasks.flatMap((task) => (task.data?.main?.[0] ?? []).map((item) => item.json)),
	};
}

/** One node side: ms per item (node time), failed items, calls the emulator saw. */
async function nodeRun(emu, n8n, deployed, items) {
	await emu.control('DELETE', '/_emulator/calls');
	const run = await c.runWorkflowOnce(n8n, deployed, { items });
	const node = allRuns(run.execution, deployed.node);
	const calls = await c.callsSince(emu, 0);
	return {
		msPerItem: node.ms / items.length,
		wallMsPerItem: run.wallMs / items.length,
		nodeRuns: node.runs,
		failed: node.out.filter((o) => o.error).length + (items.length - node.out.length),
		requests: calls.length,
		created: calls.filter((x) => x.method === 'POST' && x.status === 201).length,
		inFlight: maxInFlight(calls),
	};
}

/** The sides of rep `rep`, rotated so that each takes every place in the order. */
function rotation(names, rep) {
	const shift = rep % names.length;
	return [...names.slice(shift), ...names.slice(0, shift)];
}

/** What one rep gives: per-item times, overheads and ratios, checks. */
function repFigures(r, k) {
	const bare = r.bare.msPerItem;
	const w = r.writeItem.msPerItem;
	const we = r.writeItemExpressions.msPerItem;
	const h = r.httpRequest.msPerItem;
	const engine = r.engine.msPerItem;
	const writers = ['writeItem', 'writeItemExpressions', 'httpRequest', 'bare'];
	return {
		writeItemMsPerItem: w,
		writeItemExpressionsMsPerItem: we,
		httpRequestMsPerItem: h,
		engineMsPerRun: engine,
		bareRequestMsPerItem: bare,
		writeItemWallMsPerItem: r.writeItem.wallMsPerItem,
		httpRequestWallMsPerItem: r.httpRequest.wallMsPerItem,
		writeItemOverheadMs: w - bare,
		writeItemExpressionsOverheadMs: we - bare,
		httpRequestOverheadMs: h - bare,
		overheadRatio: (w - bare) / (h - bare),
		overheadRatioWithoutRuns: (w - bare) / (h - engine - bare),
		expressionsOverheadRatio: (we - bare) / (h - bare),
		perItemRatio: w / h,
		failed: Math.max(...writers.map((s) => r[s].failed)),
		notCreatedOnce: writers.filter((s) => r[s].created !== k).length,
		mostInFlight: Math.max(...writers.map((s) => r[s].inFlight)),
		httpRequestNodeRuns: r.httpRequest.nodeRuns,
	};
}

async function deployAll(emu, n8n) {
	const credential = await n8n.createCredential({
		name: 'ORCID member (bench, emulator)',
		type: 'orcidMemberOAuth2Api',
		// our own budget must not pace either: the emulator's limiter is off too
		data: c.memberCredentialData(emu, { requestsPerSecond: 100000, burst: 100000 }),
	});
	const creds = { orcidMemberOAuth2Api: credential };
	const deployed = {};
	for (const [name, side] of Object.entries(SIDES)) {
		const workflow = c.loadWorkflow(side.file, { MEMBER_API: emu.memberApi });
		deployed[name] = { ...(await c.deployWorkflow(n8n, workflow, creds)), node: side.node };
	}
	return deployed;
}

async function measure(emu, n8n, bare, k, runs) {
	const deployed = await deployAll(emu, n8n);
	// warm-up: first executions compile and load code
	for (const d of Object.values(deployed)) {
		await nodeRun(emu, n8n, d, await freshRecords(emu, Math.min(50, k)));
	}
	await bareRequests(emu, bare, await freshRecords(emu, Math.min(50, k)));
	const reps = [];
	for (let rep = 1; rep <= runs; rep++) {
		const r = {};
		for (const side of rotation([...Object.keys(SIDES), 'bare'], rep)) {
			const items = await freshRecords(emu, k);
			r[side] =
				side === 'bare'
					? await bareRequests(emu, bare, items)
					: await nodeRun(emu, n8n, deployed[side], items);
		}
		const f = repFigures(r, k);
		reps.push(f);
		c.log(
			`B3 #${rep}: per item Write Item ${f.writeItemMsPerItem.toFixed(2)} ms ` +
				`(expressions ${f.writeItemExpressionsMsPerItem.toFixed(2)}), HTTP Request ${f.httpRequestMsPerItem.toFixed(2)}, ` +
				`bare ${f.bareRequestMsPerItem.toFixed(2)}, node run ${f.engineMsPerRun.toFixed(2)}; ` +
				`overhead ratio ${f.overheadRatio.toFixed(3)}; failed ${f.failed}, most in flight ${f.mostInFlight}`,
		);
	}
	return reps;
}

function report(k, runs, reps, seconds, loadAverage) {
	const m = c.medians(reps);
	const worst = (key) => Math.max(...reps.map((r) => r[key]));
	return {
		name: 'B3',
		title:
			'Per-item overhead: ORCID Write Item vs HTTP Request node, one call at a time (real n8n 2.41.1, limiter off)',
		config: {
			items: k,
			runs,
			researchers: RESEARCHERS,
			call: 'POST /v3.0/{orcid}/work, one work per call',
			seconds: Math.round(seconds),
			loadAverage,
		},
		metrics: m,
		table: {
			columns: [
				'',
				'ORCID Write Item (Auto-Map)',
				'Write Item (3 expressions)',
				'HTTP Request node',
				'bare request',
			],
			rows: [
				[
					'ms per item (node time)',
					m.writeItemMsPerItem,
					m.writeItemExpressionsMsPerItem,
					m.httpRequestMsPerItem,
					m.bareRequestMsPerItem,
				],
				[
					'overhead over the bare request (ms)',
					m.writeItemOverheadMs,
					m.writeItemExpressionsOverheadMs,
					m.httpRequestOverheadMs,
					0,
				],
				[
					'overhead ratio (… − bare) ÷ (HTTP Request − bare)',
					m.overheadRatio,
					m.expressionsOverheadRatio,
					1,
					null,
				],
				[
					"overhead ratio, n8n's cost of a node run taken out of HTTP Request's time",
					m.overheadRatioWithoutRuns,
					null,
					1,
					null,
				],
				["n8n's own cost of a node run (No Operation node, ms)", null, null, m.engineMsPerRun, null],
			],
		},
		chart: {
			title: `one work per call, one call at a time, ${k} works, limiter off`,
			groups: [
				{
					label: 'ms per item',
					unit: 'ms',
					bars: [
						{ name: 'ORCID Write Item (Auto-Map)', value: m.writeItemMsPerItem },
						{ name: 'Write Item (3 expressions)', value: m.writeItemExpressionsMsPerItem },
						{ name: 'HTTP Request', value: m.httpRequestMsPerItem },
						{ name: 'bare request', value: m.bareRequestMsPerItem },
					],
				},
			],
		},
		runs: reps,
		targets: [
			c.target(
				'overhead ratio (Write Item − bare) ÷ (HTTP Request − bare)',
				m.overheadRatio,
				'<=',
				1.0,
			),
			c.target(
				"the same, n8n's cost of a node run taken out of the HTTP Request node's time",
				m.overheadRatioWithoutRuns,
				'<=',
				1.0,
			),
			c.target(
				'items not written once per call (worst run)',
				worst('failed') + worst('notCreatedOnce'),
				'==',
				0,
			),
			c.target('calls in flight at once, any side (worst run)', worst('mostInFlight'), '==', 1),
		],
		notes: [
			"Per item = the node's execution time as n8n saved it ÷ K (the HTTP Request node: the sum of its K runs); ratios per run, then the median.",
			'One call at a time on every side, checked at the emulator: Write Item writes the works of one record one after the other; the HTTP Request node, which sends all its items at once within a run, runs in a Loop Over Items of 1 item per batch; the bare client is sequential on one keep-alive socket.',
			"Write Item is configured as template 08's \"Add to ORCID\" (Auto-Map Input Data, Input JSON); the second column evaluates the same three expressions as the HTTP Request node (iD, token, body), each of which costs n8n's expression engine about as much as the rest of the node's work.",
			"n8n's own cost of a node run: a No Operation node in the same loop, per run; the second ratio takes it out of the HTTP Request node's time (Write Item runs once for all K items).",
		],
	};
}

async function run(args) {
	const quick = args.quick === true;
	const k = c.intArg(args, 'items', quick ? 100 : 500);
	const runs = c.intArg(args, 'runs', quick ? 3 : 5);
	const t0 = performance.now();
	const loadAtStart = os.loadavg()[0];

	const emu = await c.startBenchEmulator();
	const bare = startBareClient();
	let n8n;
	try {
		c.log('B3: starting n8n');
		n8n = await c.startBenchN8n(args);
		const reps = await measure(emu, n8n, bare, k, runs);
		// the machine's 1-minute load average at the start and the end (2 cores: above 2 is contention)
		const loadAverage = [loadAtStart, os.loadavg()[0]].map((x) => Math.round(x * 10) / 10);
		const result = report(k, runs, reps, (performance.now() - t0) / 1000, loadAverage);
		c.emitResult(args, result);
		return result;
	} finally {
		await n8n?.stop();
		bare.stop();
		await emu.stop();
	}
}

module.exports = { run };

if (require.main === module) {
	if (process.argv.includes('--bare-client')) bareClientProcess();
	else c.main(run);
}

#!/usr/bin/env node
'use strict';
/**
 * B3: per-item overhead of ORCID Write Item against n8n's HTTP Request node, both in a real
 * n8n 2.41.1, writing the same works one per call to the same emulator endpoint
 * (POST /v3.0/{orcid}/work), the emulator's limiter off.
 *
 * Per item: the node's own execution time (as n8n records it) / items. The bare request is
 * the same POST sent by this process, one after the other on a keep-alive connection. Same
 * concurrency on all sides: one call at a time (all works go to one record, which Write Item
 * writes one after the other; the HTTP Request node batches 1 item, no interval). The two
 * nodes run alternately, each on fresh records, after a warm-up run each.
 *
 *   node bench/node-overhead.js [--items 500] [--runs 3] [--quick] [--package DIR] [--out FILE]
 */

const http = require('http');
const c = require('./lib/common');

const RESEARCHERS = 1;

async function freshRecords(emu, itemCount) {
	await emu.control('POST', '/_emulator/reset', { seed: true });
	await emu.control('PUT', '/_emulator/limits', { enabled: false, resetCounters: true });
	const researchers = await c.seedResearchers(emu, RESEARCHERS);
	return c.localItems(researchers, Math.ceil(itemCount / RESEARCHERS)).slice(0, itemCount);
}

/** The same POSTs without n8n: sequential, keep-alive. Returns ms per item. */
async function bareRequests(emu, items) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const post = (item) =>
		new Promise((resolve, reject) => {
			const body = JSON.stringify(item.orcidJson);
			const req = http.request(
				`${emu.memberApi}/v3.0/${item.orcid}/work`,
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
	const t0 = performance.now();
	for (const item of items) await post(item);
	const ms = performance.now() - t0;
	agent.destroy();
	return ms / items.length;
}

/** One node run: ms per item (node time), failed items, requests the emulator saw. */
async function nodeRun(emu, n8n, deployed, items) {
	await emu.control('DELETE', '/_emulator/calls');
	const run = await c.runWorkflowOnce(n8n, deployed, { items });
	const out = c.nodeOutput(run.execution, 'Write');
	const calls = await c.callsSince(emu, 0);
	const created = calls.filter((x) => x.method === 'POST' && x.status === 201).length;
	return {
		msPerItem: c.nodeTimeMs(run.execution, 'Write') / items.length,
		wallMsPerItem: run.wallMs / items.length,
		failed: out.filter((o) => o.error).length + (items.length - out.length),
		requests: calls.length,
		created,
	};
}

async function run(args) {
	const quick = args.quick === true;
	const k = c.intArg(args, 'items', quick ? 100 : 500);
	const runs = c.intArg(args, 'runs', 3);

	const emu = await c.startBenchEmulator();
	let n8n;
	try {
		c.log('B3: starting n8n');
		n8n = await c.startBenchN8n(args);
		const credential = await n8n.createCredential({
			name: 'ORCID member (bench, emulator)',
			type: 'orcidMemberOAuth2Api',
			// our own budget must not pace either: the emulator's limiter is off too
			data: c.memberCredentialData(emu, { requestsPerSecond: 100000, burst: 100000 }),
		});
		const creds = { orcidMemberOAuth2Api: credential };
		const writeItem = await c.deployWorkflow(
			n8n,
			c.loadWorkflow('overhead-write-item.json', {}),
			creds,
		);
		const httpRequest = await c.deployWorkflow(
			n8n,
			c.loadWorkflow('overhead-http-request.json', { MEMBER_API: emu.memberApi }),
			creds,
		);

		// warm-up: first executions compile and load code
		for (const d of [writeItem, httpRequest]) {
			await nodeRun(emu, n8n, d, await freshRecords(emu, Math.min(50, k)));
		}

		const reps = [];
		for (let rep = 1; rep <= runs; rep++) {
			const order = rep % 2 ? [writeItem, httpRequest] : [httpRequest, writeItem];
			const r = {};
			for (const d of order) {
				const res = await nodeRun(emu, n8n, d, await freshRecords(emu, k));
				r[d === writeItem ? 'writeItem' : 'httpRequest'] = res;
			}
			const bare = await bareRequests(emu, await freshRecords(emu, k));
			const w = r.writeItem;
			const h = r.httpRequest;
			reps.push({
				writeItemMsPerItem: w.msPerItem,
				httpRequestMsPerItem: h.msPerItem,
				bareRequestMsPerItem: bare,
				writeItemWallMsPerItem: w.wallMsPerItem,
				httpRequestWallMsPerItem: h.wallMsPerItem,
				perItemRatio: w.msPerItem / h.msPerItem,
				writeItemOverheadMs: w.msPerItem - bare,
				httpRequestOverheadMs: h.msPerItem - bare,
				overheadRatio: (w.msPerItem - bare) / (h.msPerItem - bare),
				writeItemFailed: w.failed,
				httpRequestFailed: h.failed,
				writeItemRequests: w.requests,
				httpRequestRequests: h.requests,
				writeItemCreated: w.created,
				httpRequestCreated: h.created,
			});
			c.log(
				`B3 #${rep}: Write Item ${w.msPerItem.toFixed(2)} ms/item, HTTP Request ${h.msPerItem.toFixed(2)} ms/item, ` +
					`bare ${bare.toFixed(2)} ms/item; failed ${w.failed}/${h.failed}`,
			);
		}
		const m = c.medians(reps);
		const worstFailed = Math.max(...reps.map((r) => r.writeItemFailed + r.httpRequestFailed));
		const allCreated = reps.every((r) => r.writeItemCreated === k && r.httpRequestCreated === k);
		const result = {
			name: 'B3',
			title:
				'Per-item overhead: ORCID Write Item vs HTTP Request node (real n8n 2.41.1, limiter off)',
			config: {
				items: k,
				runs,
				researchers: RESEARCHERS,
				call: 'POST /v3.0/{orcid}/work, one work per call',
			},
			metrics: m,
			table: {
				columns: ['', 'ORCID Write Item', 'HTTP Request node', 'bare request'],
				rows: [
					[
						'ms per item (node time)',
						m.writeItemMsPerItem,
						m.httpRequestMsPerItem,
						m.bareRequestMsPerItem,
					],
					[
						'ms per item (webhook round trip)',
						m.writeItemWallMsPerItem,
						m.httpRequestWallMsPerItem,
						null,
					],
					[
						'overhead over the bare request (ms)',
						m.writeItemOverheadMs,
						m.httpRequestOverheadMs,
						0,
					],
					['Write Item ÷ HTTP Request', m.perItemRatio, 1, null],
					['overhead ratio (Write Item − bare) ÷ (HTTP Request − bare)', m.overheadRatio, 1, null],
				],
			},
			chart: {
				title: `one work per call, ${k} works, limiter off`,
				groups: [
					{
						label: 'ms per item',
						unit: 'ms',
						bars: [
							{ name: 'ORCID Write Item', value: m.writeItemMsPerItem },
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
					'items not written once per call (worst run)',
					worstFailed + (allCreated ? 0 : 1),
					'==',
					0,
				),
			],
			notes: [
				"Per item = the node's execution time as n8n saved it / items; ratios per run, then the median.",
				'Same concurrency on all sides: one call at a time (one record; the HTTP Request node batching 1 item per batch, no interval; the bare client sequential on one keep-alive socket).',
				'overheadRatio = (Write Item − bare) / (HTTP Request − bare), per run, then the median.',
			],
		};
		c.emitResult(args, result);
		return result;
	} finally {
		await n8n?.stop();
		await emu.stop();
	}
}

module.exports = { run };

if (require.main === module) c.main(run);

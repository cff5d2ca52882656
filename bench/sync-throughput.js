#!/usr/bin/env node
'use strict';
/**
 * B1: sync throughput in a real n8n 2.41.1 against the ORCID emulator with its latency profile
 * on (reads 150-300 ms, single writes 300-600 ms, bulk POSTs 1-2 s, seeded jitter) and ORCID's
 * member limits (24 requests/s, burst 40, then 503).
 *
 * Ours: the ORCID nodes of template 04 exactly as the template configures them (Sync Diff, and
 * the Write Items on its Create / Update / Delete outputs), copied from
 * workflows-templates/04-scheduled-sync.json at run time, fed by a webhook with rows shaped as
 * the template's SQL returns them. After one small warm-up run (not counted), per repetition:
 * a first run (empty records), a changes run (5 % of the works changed, 5 % new, 2 % removed
 * locally) and an unchanged rerun, each timed
 * against the least time ORCID's limit allows for the requests that run needs. A sweep over
 * works per researcher (1, 5, 50, 200) times the first run. Two executions at once on one
 * client: the most requests ORCID saw in any 1 s window.
 *
 * Baselines in the same run, same emulator: the per-work HTTP Request workflow
 * (sync-baseline-http.json) and the best bulk workflow with HTTP Request + Code nodes
 * (sync-baseline-bulk.json: 100 works per POST, PUT / DELETE per work from the vendor's own
 * change list); each also gets the changes run, and what it achieved is checked on ORCID.
 *
 *   node bench/sync-throughput.js [--researchers 200] [--works 50] [--runs 3] [--sweep 1,5,50,200]
 *     [--baseline-researchers 20] [--no-baseline] [--quick] [--package DIR] [--out FILE]
 *     [--cpu-prof DIR] [--timeline]
 */

const path = require('path');
const c = require('./lib/common');
const templates = require('../scripts/templates.js');

const LIMIT = c.ORCID_MEMBER_LIMITS.requestsPerSecond;
const FASTEST = c.FASTEST_ANSWER_MS;
const BULK_MAX = 100;
const TEMPLATE = '04-scheduled-sync.json';
const ENVIRONMENT = 'bench';
/** --timeline: print where each run's wall time went (set in main). */
let TIMELINE = false;

// ---- the emulator ---------------------------------------------------------------------------

async function resetEmulator(emu, seed) {
	await emu.control('POST', '/_emulator/reset', { seed: true });
	await c.networkLikeOrcid(emu, seed);
}

/** Our client's works on each record, by DOI: {doi: [{putCode, title}]}. */
async function worksOnOrcid(emu, researchers) {
	const out = new Map();
	for (const r of researchers) {
		const rec = await emu.control('GET', `/_emulator/records/${r.orcid}`);
		for (const i of rec.items) {
			if (i.type !== 'work' || i.source.clientId !== c.MEMBER_CLIENT.clientId) continue;
			const doi = i.data['external-ids']?.['external-id']?.[0]?.['external-id-value'];
			const list = out.get(doi) ?? [];
			list.push({ putCode: i.putCode, title: i.data.title?.title?.value });
			out.set(doi, list);
		}
	}
	return out;
}

// ---- the vendor's side: local rows, as template 04's SQL returns them ----------------------

/** A researcher's local works: {index: version}; version > 0 means changed that many times. */
class Vendor {
	constructor(researchers, worksEach, offset = 0) {
		this.researchers = researchers.map((r, i) => ({
			...r,
			index: offset + i + 1,
			works: new Map(),
		}));
		for (const r of this.researchers) for (let w = 1; w <= worksEach; w++) r.works.set(w, 0);
		this.next = worksEach + 1;
		this.store = new Map(); // localKey -> {putCode, contentHash}
	}

	row(r, w) {
		const v = r.works.get(w);
		const key = `w-${r.index}-${w}`;
		const s = this.store.get(key);
		return {
			orcid: r.orcid,
			local_key: key,
			item_type: 'work',
			title: `Benchmark work ${w} of researcher ${r.index}${v ? ` (revision ${v})` : ''}`,
			work_type: 'journal-article',
			doi: doiOf(r.index, w),
			journal: 'Journal of Benchmarks',
			publication_date: String(2000 + (w % 25)),
			url: `https://example.org/works/${r.index}/${w}`,
			put_code: s?.putCode ?? null,
			content_hash: s?.contentHash ?? null,
		};
	}

	/** The webhook body of our workflow: the researchers, as template 04's Data table has them. */
	body() {
		return {
			researchers: this.researchers.map((r) => ({
				orcid: r.orcid,
				accessToken: r.accessToken,
				environment: ENVIRONMENT,
			})),
		};
	}

	/** The vendor's tables as template 04 reads them: publications and orcid_put_codes. */
	tableRows() {
		const pubs = [];
		const codes = [];
		for (const r of this.researchers) {
			for (const w of r.works.keys()) {
				const x = this.row(r, w);
				pubs.push([
					x.local_key,
					x.orcid,
					x.title,
					x.work_type,
					x.doi,
					x.journal,
					x.publication_date,
					x.url,
				]);
			}
		}
		for (const [key, v] of this.store) {
			codes.push([ENVIRONMENT, v.orcid, 'work', key, v.putCode, v.contentHash ?? null]);
		}
		return { pubs, codes };
	}

	/** 5 % changed, 5 % new, 2 % removed, spread evenly; returns what ORCID must do at least. */
	change() {
		const all = this.researchers.flatMap((r) => [...r.works.keys()].map((w) => [r, w]));
		const changed = [];
		const removed = [];
		all.forEach(([r, w], k) => {
			if (k % 20 === 0) changed.push([r, w]);
			else if (k % 50 === 7) removed.push([r, w]);
		});
		for (const [r, w] of changed) r.works.set(w, r.works.get(w) + 1);
		for (const [r, w] of removed) r.works.delete(w);
		const added = Math.round(all.length * 0.05);
		const newPer = new Map();
		for (let j = 0; j < added; j++) {
			const r = this.researchers[j % this.researchers.length];
			r.works.set(this.next + Math.floor(j / this.researchers.length), 0);
			newPer.set(r, (newPer.get(r) ?? 0) + 1);
		}
		this.next += Math.ceil(added / this.researchers.length);
		const bulkCalls = [...newPer.values()].reduce((s, k) => s + Math.ceil(k / BULK_MAX), 0);
		// the run ends with some researcher's last call: a single write where one has any, a
		// bulk POST where one has only new works, their read where one has nothing to write
		const single = new Set([...changed, ...removed].map(([r]) => r));
		const lastMs = Math.min(
			...this.researchers.map((r) =>
				single.has(r) ? FASTEST.write : newPer.has(r) ? FASTEST.bulk : FASTEST.read,
			),
		);
		return {
			changed,
			removed,
			added,
			need: {
				requests: this.researchers.length + bulkCalls + changed.length + removed.length,
				lastMs,
			},
		};
	}

	/**
	 * What a first run needs at least: one read and ceil(works/100) bulk calls each; it ends with
	 * a bulk POST (every researcher's comes after their read).
	 */
	firstRunNeed() {
		return {
			requests: this.researchers.reduce((s, r) => s + 1 + Math.ceil(r.works.size / BULK_MAX), 0),
			lastMs: FASTEST.bulk,
		};
	}

	/** Everything the local side holds, as ORCID should hold it: {doi: title}. */
	expected() {
		const out = new Map();
		for (const r of this.researchers)
			for (const w of r.works.keys()) out.set(doiOf(r.index, w), this.row(r, w).title);
		return out;
	}

	/** Stores put codes and content hashes from our run (paired back, as template 04 does). */
	storeFrom(execution, names) {
		const diffOut = (i) => c.nodeOutput(execution, names.diff, i);
		const back = (writer, out) =>
			c.nodeItems(execution, writer, 0).map((item) => ({
				item: item.json,
				from: diffOut(out)[c.pairedIndex(item)] ?? {},
			}));
		for (const { item, from } of back(names.add, 0)) {
			if (!item.error && item.putCode != null)
				this.store.set(from.localKey, {
					orcid: from.orcid,
					putCode: item.putCode,
					contentHash: from.contentHash,
				});
		}
		for (const { item, from } of back(names.update, 1)) {
			if (!item.error)
				this.store.set(from.localKey, {
					...this.store.get(from.localKey),
					contentHash: from.contentHash,
				});
		}
		for (const { item, from } of back(names.delete, 2))
			if (!item.error) this.store.delete(from.localKey);
		// recovered put codes (Unchanged, put-code-recovered) are stored too
		for (const u of diffOut(3)) {
			if (u.reason !== 'same-hash' && u.putCode != null && u.localKey)
				this.store.set(u.localKey, {
					orcid: u.orcid,
					putCode: u.putCode,
					contentHash: u.contentHash,
				});
		}
	}
}

/** Writes the vendors' publications and put codes into the database template 04 reads. */
async function saveTables(db, ...vendors) {
	await db.query('TRUNCATE publications, orcid_put_codes');
	for (const v of vendors) {
		const { pubs, codes } = v.tableRows();
		await c.insertRows(
			db,
			'publications',
			['local_key', 'orcid', 'title', 'work_type', 'doi', 'journal', 'publication_date', 'url'],
			pubs,
		);
		await c.insertRows(
			db,
			'orcid_put_codes',
			['environment', 'orcid', 'item_type', 'local_key', 'put_code', 'content_hash'],
			codes,
		);
	}
}

function doiOf(r, w) {
	return `10.5555/bench.${r}.${w}`;
}

/** ORCID against the local side: missing, extra, duplicate and out-of-date works. */
async function check(emu, vendor) {
	const onOrcid = await worksOnOrcid(emu, vendor.researchers);
	const expected = vendor.expected();
	let missing = 0;
	let stale = 0;
	let duplicates = 0;
	for (const [doi, title] of expected) {
		const list = onOrcid.get(doi) ?? [];
		if (!list.length) missing++;
		else if (list[0].title !== title) stale++;
		duplicates += Math.max(0, list.length - 1);
	}
	let extra = 0;
	for (const doi of onOrcid.keys()) if (!expected.has(doi)) extra++;
	return { missing, stale, extra, duplicates, mismatches: missing + stale + extra + duplicates };
}

// ---- our workflow, built from template 04 ---------------------------------------------------

/** Template 04's ORCID nodes behind a webhook; the names the run is read back by. */
function oursFromTemplate(hookPath) {
	const t = templates.loadTemplate(TEMPLATE);
	const diff = t.nodes.find((n) => n.type === 'n8n-nodes-orcid.orcidSyncDiff');
	const outs = t.connections[diff.name].main;
	const node = (name) => t.nodes.find((n) => n.name === name);
	const [add, update, del] = [0, 1, 2].map((i) => node(outs[i][0].node));
	const researchers = 'Batch of researchers';
	// the template's nodes from the batch of researchers to Sync Diff: the list of researchers
	// and the publications query
	const chain = [];
	for (let at = researchers; ; ) {
		const next = t.connections[at]?.main?.[0]?.[0]?.node;
		if (!next) throw new Error(`${TEMPLATE}: no path from ${researchers} to ${diff.name}`);
		if (next === diff.name) break;
		chain.push(next);
		at = next;
	}
	// the researchers as the template's batch node hands them on; the rest is the template's
	const split = (name, field, x) => ({
		id: `b1-${x}`,
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [x, 0],
		parameters: { fieldToSplitOut: field, include: 'noOtherFields', options: {} },
	});
	const copy = (n, x, y) => ({ ...n, id: `b1-${n.id}`, position: [x, y], credentials: undefined });
	const link = (to) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });
	return {
		names: { diff: diff.name, add: add.name, update: update.name, delete: del.name },
		workflow: {
			name: `bench B1: template 04's ORCID nodes (${hookPath})`,
			nodes: [
				{
					id: 'b1-webhook',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: `b1-${hookPath}`,
					parameters: {
						httpMethod: 'POST',
						path: hookPath,
						responseMode: 'lastNode',
						responseData: 'noData',
						options: {},
					},
				},
				split(researchers, 'body.researchers', 220),
				...chain.map((name, k) => copy(node(name), 440 + 220 * k, 0)),
				copy(diff, 440 + 220 * chain.length, 0),
				...[add, update, del].map((n, k) => copy(n, 680 + 220 * chain.length, 200 * (k - 1))),
			],
			connections: {
				Webhook: link(researchers),
				...Object.fromEntries(
					[researchers, ...chain].map((name, k) => [name, link(chain[k] ?? diff.name)]),
				),
				[diff.name]: {
					main: [
						[{ node: add.name, type: 'main', index: 0 }],
						[{ node: update.name, type: 'main', index: 0 }],
						[{ node: del.name, type: 'main', index: 0 }],
					],
				},
			},
			settings: { executionOrder: 'v1' },
		},
	};
}

// ---- runs -----------------------------------------------------------------------------------

/** One timed run; the ORCID traffic it caused (read from the emulator). */
async function timedRun(emu, n8n, deployed, body) {
	await emu.control('DELETE', '/_emulator/calls');
	const run = await c.runWorkflowOnce(n8n, deployed, body);
	if (TIMELINE) c.log(`B1 timeline of ${deployed.name}:\n${c.formatTimeline(run.timeline)}`);
	const calls = await c.callsSince(emu, 0);
	return { ...run, calls, traffic: c.trafficStats(calls) };
}

/** The most of these times (ms) in any 1 s window: what a rate limit counts. */
function maxInAnySecond(times) {
	const t = [...times].sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; j < t.length; j++) {
		while (t[j] - t[i] >= 1000) i++;
		best = Math.max(best, j - i + 1);
	}
	return best;
}

/**
 * The most requests ORCID's front end saw arrive in any 1 s window, as the emulator stamped
 * them (its limiter counts them then; the latency profile is the answer's time, after it).
 * The stamps are taken in this process: on a busy machine it can be descheduled and stamp
 * requests that came apart together, so this is reported, the target is on the send times.
 */
function maxPerSecond(calls) {
	return maxInAnySecond(calls.map((x) => Date.parse(x.time)));
}

/**
 * The most requests n8n sent in any 1 s window: the send times of every ORCID call of the
 * execution(s), from the ORCID nodes' Traffic outputs (the time each call was handed to the
 * HTTP client, after the shared limiter let it go).
 */
function maxPerSecondSent(executions, names) {
	const times = [];
	for (const execution of executions) {
		for (const [node, output] of [
			[names.diff, 6],
			[names.add, 1],
			[names.update, 1],
			[names.delete, 1],
		]) {
			for (const record of c.nodeOutput(execution, node, output))
				times.push(Date.parse(record.time));
		}
	}
	return maxInAnySecond(times);
}

function failedItems(execution, names) {
	const errors = (node) => c.nodeOutput(execution, node, 0).filter((x) => x.error).length;
	return (
		errors(names.add) +
		errors(names.update) +
		errors(names.delete) +
		c.nodeOutput(execution, names.diff, 5).length
	);
}

function nodeMsOf(execution, names) {
	const t = c.nodeTimes(execution);
	return {
		syncDiffNodeMs: t[names.diff] ?? 0,
		writeNodesMs: (t[names.add] ?? 0) + (t[names.update] ?? 0) + (t[names.delete] ?? 0),
		otherNodesMs: Object.entries(t)
			.filter(([k]) => ![names.diff, names.add, names.update, names.delete].includes(k))
			.reduce((sum, [, v]) => sum + v, 0),
	};
}

const floorMsOf = c.leastTimeMs;

/**
 * Per kind of call (read, single write, bulk POST): how long the emulator took to answer beyond
 * the drawn latency and its limiter's queue (its own processing, and the machine's load), mean
 * ms. Bulk POSTs that take longer than the profile keep Write Item's 40 slots busy longer.
 */
function emulatorExtraMs(calls) {
	const { kindOf } = require('../test/emulator/lib/latency');
	const sums = {};
	for (const x of calls) {
		const kind = kindOf(x.method, x.path);
		const extra = (x.durationMs ?? 0) - (x.latencyMs ?? 0) - (x.delayedMs ?? 0);
		const s = (sums[kind] ??= { n: 0, ms: 0 });
		s.n++;
		s.ms += extra;
	}
	return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Math.round(v.ms / v.n)]));
}

function metricsOf(run, need, names, checked) {
	const t = run.traffic;
	const needed = need.requests;
	const floorMs = floorMsOf(need);
	return {
		wallMs: run.wallMs,
		requests: t.requests,
		reads: t.reads,
		writes: t.writes,
		needed,
		floorMs,
		wallToFloor: run.wallMs / floorMs,
		status503: t.status503,
		failedItems: names ? failedItems(run.execution, names) : 0,
		maxPerSecond: maxPerSecond(run.calls),
		emulatorExtraMs: emulatorExtraMs(run.calls),
		...(names ? { maxPerSecondSent: maxPerSecondSent([run.execution], names) } : {}),
		// each node's own time as n8n saved it: where the wall time goes
		...(names ? nodeMsOf(run.execution, names) : {}),
		...checked,
		executionError: c.executionError(run.execution) ? 1 : 0,
	};
}

async function oursRep(emu, n8n, ours, n, m, rep) {
	await resetEmulator(emu, rep);
	const vendor = new Vendor(await c.seedResearchers(emu, n), m);
	await saveTables(ours.db, vendor);
	const first = await timedRun(emu, n8n, ours, vendor.body());
	vendor.storeFrom(first.execution, ours.names);
	const firstM = metricsOf(first, vendor.firstRunNeed(), ours.names, await check(emu, vendor));
	firstM.requestsPerNewWork = first.traffic.requests / (n * m);

	const change = vendor.change();
	await saveTables(ours.db, vendor);
	const changes = await timedRun(emu, n8n, ours, vendor.body());
	vendor.storeFrom(changes.execution, ours.names);
	const changesM = metricsOf(changes, change.need, ours.names, await check(emu, vendor));

	await saveTables(ours.db, vendor);
	const rerun = await timedRun(emu, n8n, ours, vendor.body());
	const rerunM = metricsOf(
		rerun,
		{ requests: n, lastMs: FASTEST.read },
		ours.names,
		await check(emu, vendor),
	);
	rerunM.readsPerResearcher = rerun.traffic.reads / n;
	c.log(
		`B1 ours ${n}x${m} #${rep}: first ${(first.wallMs / 1000).toFixed(1)} s (${firstM.wallToFloor.toFixed(2)}x floor, ${firstM.requests} req), ` +
			`changes ${(changes.wallMs / 1000).toFixed(1)} s (${changesM.wallToFloor.toFixed(2)}x, ${changesM.requests}/${change.need.requests} req), ` +
			`rerun ${(rerun.wallMs / 1000).toFixed(1)} s (${rerunM.wallToFloor.toFixed(2)}x); mismatches ${firstM.mismatches}/${changesM.mismatches}/${rerunM.mismatches}, failed ${firstM.failedItems}/${changesM.failedItems}/${rerunM.failedItems}; ` +
			`first run: Sync Diff ${firstM.syncDiffNodeMs} ms, writes ${firstM.writeNodesMs} ms, other nodes ${firstM.otherNodesMs} ms, emulator beyond the profile ${JSON.stringify(firstM.emulatorExtraMs)} ms`,
	);
	return { first: firstM, changes: changesM, rerun: rerunM };
}

async function sweepRep(emu, n8n, ours, n, m, rep) {
	await resetEmulator(emu, 100 + rep);
	const vendor = new Vendor(await c.seedResearchers(emu, n), m);
	await saveTables(ours.db, vendor);
	const first = await timedRun(emu, n8n, ours, vendor.body());
	vendor.storeFrom(first.execution, ours.names);
	const out = metricsOf(first, vendor.firstRunNeed(), ours.names, await check(emu, vendor));
	out.requestsPerNewWork = first.traffic.requests / (n * m);
	c.log(
		`B1 sweep ${n}x${m} #${rep}: ${(first.wallMs / 1000).toFixed(1)} s, ${out.wallToFloor.toFixed(2)}x floor`,
	);
	return out;
}

/**
 * One small first run (2 researchers × 2 works) before the timed ones, as B5 does: a
 * long-running n8n has loaded its node modules and compiled its code paths before the nightly
 * sync; a fresh one does that during its first run (repetition 1's first run came out about
 * 5 % slower than the others without it). The next repetition resets everything it left.
 */
async function warmUp(emu, n8n, ours) {
	c.log('B1 warm-up: one first run of 2 researchers × 2 works, not counted');
	await sweepRep(emu, n8n, ours, 2, 2, 0);
}

/** Two executions at once on one client (half the researchers each): ORCID's view per second. */
async function concurrentRep(emu, n8n, ours, n, m, rep) {
	await resetEmulator(emu, 200 + rep);
	const researchers = await c.seedResearchers(emu, n);
	const a = new Vendor(researchers.slice(0, Math.ceil(n / 2)), m);
	const b = new Vendor(researchers.slice(Math.ceil(n / 2)), m, Math.ceil(n / 2));
	await saveTables(ours.db, a, b);
	await emu.control('DELETE', '/_emulator/calls');
	const t0 = performance.now();
	const [ra, rb] = await Promise.all([
		c.runWorkflowOnce(n8n, ours, a.body()),
		c.runWorkflowOnce(n8n, ours.twin, b.body()),
	]);
	const wallMs = performance.now() - t0;
	const calls = await c.callsSince(emu, 0);
	a.storeFrom(ra.execution, ours.names);
	b.storeFrom(rb.execution, ours.names);
	const ca = await check(emu, a);
	const cb = await check(emu, b);
	const need = {
		requests: a.firstRunNeed().requests + b.firstRunNeed().requests,
		lastMs: FASTEST.bulk,
	};
	const out = {
		wallMs,
		requests: calls.length,
		needed: need.requests,
		wallToFloor: wallMs / floorMsOf(need),
		maxPerSecond: maxPerSecond(calls),
		maxPerSecondSent: maxPerSecondSent([ra.execution, rb.execution], ours.names),
		status503: calls.filter((x) => x.status === 503).length,
		failedItems: failedItems(ra.execution, ours.names) + failedItems(rb.execution, ours.names),
		mismatches: ca.mismatches + cb.mismatches,
		duplicates: ca.duplicates + cb.duplicates,
	};
	c.log(
		`B1 two executions #${rep}: ${(wallMs / 1000).toFixed(1)} s, at most ${out.maxPerSecondSent} requests sent in a 1 s window (${out.maxPerSecond} as the emulator stamped their arrival), ${out.status503} x 503`,
	);
	return out;
}

/** A baseline: first run (all works), then the changes run with what the vendor can give it. */
async function baselineRep(emu, n8n, deployed, kind, n, m, rep) {
	await resetEmulator(emu, 300 + rep);
	const vendor = new Vendor(await c.seedResearchers(emu, n), m);
	const items = (rows) =>
		rows.map(({ r, row }) => ({
			orcid: r.orcid,
			accessToken: r.accessToken,
			localKey: row.local_key,
			itemType: 'work',
			putCode: row.put_code,
			orcidJson: workJsonOf(row),
		}));
	const rowsOf = (pred) =>
		vendor.researchers.flatMap((r) =>
			[...r.works.keys()].map((w) => ({ r, row: vendor.row(r, w) })).filter(pred),
		);
	const bodyFor = (newRows, changed, removed) =>
		kind === 'bulk'
			? { new: items(newRows), changed: items(changed), removed }
			: {
					researchers: vendor.researchers.map(({ orcid, accessToken }) => ({ orcid, accessToken })),
					items: items(newRows),
				};
	const first = await timedRun(
		emu,
		n8n,
		deployed,
		bodyFor(
			rowsOf(() => true),
			[],
			[],
		),
	);
	storeBaseline(vendor, first.execution, kind);
	const firstM = metricsOf(first, vendor.firstRunNeed(), null, await check(emu, vendor));
	firstM.requestsPerNewWork = first.traffic.requests / (n * m);
	firstM.failedItems = baselineFailures(first.execution, kind);

	// the vendor's change list: what its own database can tell (hashes it keeps, rows it lost)
	const before = new Map(rowsOf(() => true).map(({ row }) => [row.local_key, row.title]));
	const stored = new Map(vendor.store);
	const change = vendor.change();
	const after = rowsOf(() => true);
	const newRows = after.filter(({ row }) => !stored.has(row.local_key));
	const changedRows = after.filter(
		({ row }) => stored.has(row.local_key) && before.get(row.local_key) !== row.title,
	);
	const keep = new Set(after.map(({ row }) => row.local_key));
	const removed = [...stored]
		.filter(([k]) => !keep.has(k))
		.map(([k, s]) => {
			const r = vendor.researchers[Number(k.split('-')[1]) - 1];
			return { orcid: r.orcid, accessToken: r.accessToken, putCode: s.putCode, localKey: k };
		});
	const changes = await timedRun(
		emu,
		n8n,
		deployed,
		bodyFor(newRows, kind === 'bulk' ? changedRows : [], kind === 'bulk' ? removed : []),
	);
	storeBaseline(vendor, changes.execution, kind);
	const checked = await check(emu, vendor);
	const changesM = metricsOf(changes, change.need, null, checked);
	changesM.failedItems = baselineFailures(changes.execution, kind);
	changesM.newWritten = change.added - checked.missing;
	changesM.newToWrite = change.added;
	changesM.updatesDone = change.changed.length - checked.stale;
	changesM.updatesToDo = change.changed.length;
	changesM.removalsDone = change.removed.length - checked.extra;
	changesM.removalsToDo = change.removed.length;
	c.log(
		`B1 baseline ${kind} ${n}x${m} #${rep}: first ${(first.wallMs / 1000).toFixed(1)} s (${firstM.requests} req), changes ${(changes.wallMs / 1000).toFixed(1)} s (${changesM.requests} req): ` +
			`new ${changesM.newWritten}/${change.added}, updates ${changesM.updatesDone}/${change.changed.length}, removals ${changesM.removalsDone}/${change.removed.length}`,
	);
	return { first: firstM, changes: changesM };
}

function workJsonOf(row) {
	return {
		title: { title: { value: row.title } },
		'journal-title': { value: row.journal },
		type: row.work_type,
		'publication-date': { year: { value: row.publication_date } },
		'external-ids': {
			'external-id': [
				{
					'external-id-type': 'doi',
					'external-id-value': row.doi,
					'external-id-url': { value: `https://doi.org/${row.doi}` },
					'external-id-relationship': 'self',
				},
			],
		},
		url: { value: row.url },
	};
}

/** The baselines' put codes: the Location header (per work) or the bulk answer (bulk). */
function storeBaseline(vendor, execution, kind) {
	if (kind === 'bulk') {
		for (const x of c.nodeOutput(execution, 'Put Codes', 0))
			if (x.putCode != null) vendor.store.set(x.localKey, { putCode: x.putCode });
		return;
	}
	const sent = c.nodeOutput(execution, 'Local Items', 0);
	for (const item of c.nodeItems(execution, 'POST Work', 0)) {
		const from = sent[c.pairedIndex(item)] ?? {};
		const m = /\/(\d+)$/.exec(item.json.headers?.location ?? '');
		if (m) vendor.store.set(from.localKey, { putCode: Number(m[1]) });
	}
}

function baselineFailures(execution, kind) {
	const errors = (node) => c.nodeOutput(execution, node, 0).filter((x) => x.error).length;
	return kind === 'bulk'
		? errors('Put Codes') + errors('PUT Work') + errors('DELETE Work')
		: errors('POST Work') + errors('GET Activities');
}

// ---- the report -----------------------------------------------------------------------------

const worst = (runs, key) => Math.max(...runs.map((r) => r[key] ?? 0));
const s1 = (ms) => (typeof ms === 'number' ? Number((ms / 1000).toFixed(1)) : null);
const x2 = (v) => (typeof v === 'number' ? `${v.toFixed(2)} ×` : null);

function b1Table(n, m, nb, med, base) {
	const col = (r) => [
		s1(r?.wallMs),
		s1(r?.floorMs),
		x2(r?.wallToFloor),
		r ? `${r.requests} (${r.needed} needed)` : null,
		r?.status503 ?? null,
		r?.failedItems ?? null,
		r?.mismatches ?? null,
	];
	const cols = [
		['ours: first run', col(med.first)],
		['ours: changes run', col(med.changes)],
		['ours: unchanged rerun', col(med.rerun)],
	];
	if (base.http)
		cols.push([`per-work HTTP Request (${nb} researchers): changes run`, col(base.http.changes)]);
	if (base.bulk)
		cols.push([
			`bulk HTTP Request + Code (${nb} researchers): changes run`,
			col(base.bulk.changes),
		]);
	const labels = [
		'wall time (s)',
		'least time ORCID allows (s)',
		'wall ÷ least time',
		'requests sent',
		'503s seen',
		'failed items',
		'ORCID ≠ local afterwards (works)',
	];
	const rows = labels.map((label, i) => [label, ...cols.map(([, v]) => v[i])]);
	const achieved = (b) =>
		b
			? `new ${b.changes.newWritten}/${b.changes.newToWrite}, updated ${b.changes.updatesDone}/${b.changes.updatesToDo}, removed ${b.changes.removalsDone}/${b.changes.removalsToDo}`
			: null;
	rows.push([
		'changes run achieved',
		null,
		`all (${med.changes.mismatches} works differ)`,
		null,
		...(base.http ? [achieved(base.http)] : []),
		...(base.bulk ? [achieved(base.bulk)] : []),
	]);
	return { columns: ['', ...cols.map(([h]) => h)], rows };
}

async function deployAll(n8n, emu, db, withBaseline) {
	const credential = await n8n.createCredential({
		name: 'ORCID member (bench, emulator)',
		type: 'orcidMemberOAuth2Api',
		data: c.memberCredentialData(emu),
	});
	const postgres = await n8n.createCredential({
		name: 'Postgres (bench)',
		type: 'postgres',
		data: db.credentialData,
	});
	const creds = { orcidMemberOAuth2Api: credential, postgres };
	const deploy = async (hook) => {
		const built = oursFromTemplate(hook);
		return { ...(await c.deployWorkflow(n8n, built.workflow, creds)), names: built.names };
	};
	const ours = await deploy('bench-b1-ours');
	ours.twin = await deploy('bench-b1-ours-twin');
	ours.db = db.db;
	const vars = { MEMBER_API: emu.memberApi };
	return {
		ours,
		http: withBaseline
			? await c.deployWorkflow(n8n, c.loadWorkflow('sync-baseline-http.json', vars), creds)
			: null,
		bulk: withBaseline
			? await c.deployWorkflow(n8n, c.loadWorkflow('sync-baseline-bulk.json', vars), creds)
			: null,
	};
}

async function run(args) {
	const quick = args.quick === true;
	const n = c.intArg(args, 'researchers', quick ? 20 : 200);
	const m = c.intArg(args, 'works', 50);
	const runs = c.intArg(args, 'runs', 3);
	const nb = Math.min(n, c.intArg(args, 'baseline-researchers', quick ? 4 : 20));
	const sweep = String(args.sweep ?? '1,5,50,200')
		.split(',')
		.map(Number)
		.filter((x) => x !== m);
	const withBaseline = args['no-baseline'] !== true;
	TIMELINE = args.timeline === true;
	const started = Date.now();

	const emu = await c.startBenchEmulator();
	const database = await c.createDatabase();
	let n8n;
	try {
		// --cpu-prof DIR: V8 CPU profiles of n8n's processes, written when n8n stops
		n8n = await c.startBenchN8n(
			args,
			typeof args['cpu-prof'] === 'string'
				? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(args['cpu-prof'])}` }
				: {},
		);
		const wf = await deployAll(n8n, emu, database, withBaseline);
		const reps = [];
		const sweeps = Object.fromEntries(sweep.map((k) => [k, []]));
		const twos = [];
		const base = { http: [], bulk: [] };
		await warmUp(emu, n8n, wf.ours);
		for (let rep = 1; rep <= runs; rep++) {
			reps.push(await oursRep(emu, n8n, wf.ours, n, m, rep));
			for (const k of sweep) sweeps[k].push(await sweepRep(emu, n8n, wf.ours, n, k, rep));
			twos.push(await concurrentRep(emu, n8n, wf.ours, n, m, rep));
			if (wf.http) base.http.push(await baselineRep(emu, n8n, wf.http, 'http', nb, m, rep));
			if (wf.bulk) base.bulk.push(await baselineRep(emu, n8n, wf.bulk, 'bulk', nb, m, rep));
		}
		const med = {
			first: c.medians(reps.map((r) => r.first)),
			changes: c.medians(reps.map((r) => r.changes)),
			rerun: c.medians(reps.map((r) => r.rerun)),
		};
		const baseMed = {};
		for (const k of ['http', 'bulk'])
			if (base[k].length)
				baseMed[k] = {
					first: c.medians(base[k].map((r) => r.first)),
					changes: c.medians(base[k].map((r) => r.changes)),
				};
		const sweepMed = Object.fromEntries(Object.entries(sweeps).map(([k, v]) => [k, c.medians(v)]));
		sweepMed[m] = med.first;
		const two = c.medians(twos);
		const all = reps.flatMap((r) => [r.first, r.changes, r.rerun]);
		const targets = [
			c.target(
				`first run ÷ least time ORCID allows (${m} works per researcher)`,
				med.first.wallToFloor,
				'<=',
				1.2,
			),
			c.target('unchanged rerun ÷ least time', med.rerun.wallToFloor, '<=', 1.2),
			c.target('changes run ÷ least time', med.changes.wallToFloor, '<=', 1.3),
			c.target(
				'rerun: reads per researcher (worst run)',
				worst(
					reps.map((r) => r.rerun),
					'readsPerResearcher',
				),
				'==',
				1,
			),
			c.target(
				'rerun: writes (worst run)',
				worst(
					reps.map((r) => r.rerun),
					'writes',
				),
				'==',
				0,
			),
			c.target('failed items, every run (worst)', worst(all, 'failedItems'), '==', 0),
			c.target('duplicate works on ORCID, every run (worst)', worst(all, 'duplicates'), '==', 0),
			c.target(
				'works ORCID holds ≠ local, every run (worst; an unretried 503 shows here)',
				worst(all, 'mismatches'),
				'==',
				0,
			),
			c.target('requests per new work (first run)', med.first.requestsPerNewWork, '<=', 0.05),
			c.target(
				'two executions at once: most requests sent in a 1 s window (worst)',
				worst(twos, 'maxPerSecondSent'),
				'<=',
				LIMIT,
			),
			c.target(
				'two executions at once: 503s from ORCID (worst)',
				worst(twos, 'status503'),
				'==',
				0,
			),
			c.target(
				'two executions at once: failed items + mismatches (worst)',
				Math.max(worst(twos, 'failedItems'), worst(twos, 'mismatches')),
				'==',
				0,
			),
		];
		const result = {
			name: 'B1',
			title:
				"Sync throughput with the latency profile (real n8n 2.41.1, template 04's ORCID nodes, emulator at 24 req/s, burst 40)",
			config: {
				researchers: n,
				worksPerResearcher: m,
				runs,
				sweep: [...sweep, m].sort((a, b) => a - b),
				baselineResearchers: withBaseline ? nb : 0,
				limit: c.ORCID_MEMBER_LIMITS,
				latency: 'reads 150-300 ms, single writes 300-600 ms, bulk POSTs 1-2 s (uniform, seeded)',
				seconds: Math.round((Date.now() - started) / 1000),
			},
			metrics: { ...med, sweep: sweepMed, twoExecutions: two, baseline: baseMed },
			table: b1Table(n, m, nb, med, baseMed),
			chart: {
				title: 'B1: wall time ÷ the least time ORCID allows (1.0 = at the limit), same run',
				groups: [
					{
						label: 'ours, first run, works per researcher',
						unit: '×',
						bars: Object.entries(sweepMed)
							.sort((a, b) => a[0] - b[0])
							.map(([k, v]) => ({ name: `${k} works`, value: v.wallToFloor })),
					},
					{
						label: 'changes run (5 % changed, 5 % new, 2 % removed)',
						unit: '×',
						bars: [
							{ name: 'ours', value: med.changes.wallToFloor },
							...(baseMed.http
								? [{ name: 'per-work HTTP Request', value: baseMed.http.changes.wallToFloor }]
								: []),
							...(baseMed.bulk
								? [{ name: 'bulk HTTP + Code', value: baseMed.bulk.changes.wallToFloor }]
								: []),
						],
					},
					{
						label: 'requests per new work (first run)',
						unit: '',
						bars: [
							{ name: 'ours', value: med.first.requestsPerNewWork },
							...(baseMed.http
								? [{ name: 'per-work HTTP Request', value: baseMed.http.first.requestsPerNewWork }]
								: []),
							...(baseMed.bulk
								? [{ name: 'bulk HTTP + Code', value: baseMed.bulk.first.requestsPerNewWork }]
								: []),
						],
					},
				],
			},
			runs: { ours: reps, sweep: sweeps, twoExecutions: twos, baseline: base },
			targets,
			notes: [
				`Ours is template 04's publications query (its Postgres node, on a database with schema.sql), Sync Diff and Write Item nodes with the template's own parameters (read from ${path.join('workflows-templates', TEMPLATE)} at run time), fed the researchers by a webhook; the Postgres nodes that store put codes are outside the timed workflow, the benchmark stores them between runs (B5 runs the whole template).`,
				'Least time ORCID allows for the N requests a run needs at least = (N − 1) ÷ 24 req/s + the shortest answer of the call that must come last (latency profile: read 150 ms, single write 300 ms, bulk POST 1 s): ORCID\'s front end queues a burst and lets it through at 24/s (nginx limit_req without nodelay; ORCID\'s API limits page: the burst is "queued and slowed"), so the last request goes in (N − 1)/24 s after the first at the earliest. N: first run 1 read + ceil(works/100) bulk calls per researcher, ending with a bulk POST; changes run 1 read per researcher + the bulk calls for new works + 1 PUT per changed + 1 DELETE per removed work, ending with a single write; rerun 1 read per researcher, ending with a read.',
				'Figures are medians over runs; correctness targets take the worst run. ORCID ≠ local counts works missing, out of date, extra or duplicated on ORCID after the run: a 503 not retried shows up there and as a failed item.',
				"Two executions at once: the 1 s windows are counted on the send times of every ORCID call of both executions (the Traffic outputs of the ORCID nodes: when the shared limiter let the call go), and ORCID's limiter (the emulator's, counting arrivals before the answer's latency) must refuse none (no 503). The windows as the emulator stamped the arrivals are in the JSON (maxPerSecond): those stamps are taken in the busy benchmark process, which on a loaded machine stamps requests that came apart together.",
				`Baselines write ${nb} researchers × ${m} works; their changes run gets what the vendor's database can tell: the per-work workflow only the new works (it has no update or delete path), the bulk workflow new works (bulk), changed works (PUT each, by the hash the vendor keeps) and removed put codes (DELETE each). Neither reads ORCID, so neither can see works the researcher deleted, put codes lost in a crash, or others' items.`,
			],
		};
		c.emitResult(args, result);
		return result;
	} finally {
		await n8n?.stop();
		await emu.stop();
		await database.drop();
	}
}

module.exports = { run };

if (require.main === module) c.main(run);

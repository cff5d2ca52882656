#!/usr/bin/env node
'use strict';
/**
 * B1: sync throughput in a real n8n 2.41.1 against the ORCID emulator enforcing ORCID's member
 * limits (24 requests/s, burst 40, then 503).
 *
 * Ours (bench/workflows/sync-ours.json): Webhook -> the local items -> ORCID Sync Diff (fetch:
 * one GET /activities per researcher) -> Create -> ORCID Write Item (bulk create, up to 100
 * works a call). First from empty records, then unchanged: the put codes and content hashes of
 * the first run (paired back from the saved execution) are fed in again, as a vendor's database
 * would store them. Storing is outside the timed workflows, on both sides.
 *
 * Baseline (bench/workflows/sync-baseline-http.json), same run, same emulator: what an admin
 * builds without this package: n8n's HTTP Request node, one GET per researcher, one POST per
 * work, put codes parsed from the Location header, batching tuned to ORCID's limit (24 items
 * per 1000 ms).
 *
 *   node bench/sync-throughput.js [--researchers 200] [--works 50] [--runs 3]
 *     [--baseline-researchers 40] [--no-baseline] [--quick] [--package DIR] [--out FILE]
 */

const c = require('./lib/common');

/** Items of the expression-cost calibration per run (the cost per item does not depend on it). */
const CALIBRATION_ITEMS = 1000;

async function resetEmulator(emu) {
	await emu.control('POST', '/_emulator/reset', { seed: true });
	await emu.control('PUT', '/_emulator/limits', {
		enabled: true,
		memberRate: c.ORCID_MEMBER_LIMITS.requestsPerSecond,
		burst: c.ORCID_MEMBER_LIMITS.burst,
		resetCounters: true,
	});
}

/** Works of our client on each researcher's record (what ORCID holds after the run). */
async function worksOnOrcid(emu, researchers) {
	let total = 0;
	let duplicates = 0;
	for (const r of researchers) {
		const rec = await emu.control('GET', `/_emulator/records/${r.orcid}`);
		const works = rec.items.filter(
			(i) => i.type === 'work' && i.source.clientId === c.MEMBER_CLIENT.clientId,
		);
		total += works.length;
		const dois = works.map((w) => JSON.stringify(w.data['external-ids']));
		duplicates += dois.length - new Set(dois).size;
	}
	return { total, duplicates };
}

function rate(requests, ms) {
	return ms > 0 ? requests / (ms / 1000) : 0;
}

/**
 * What the vendor stores after our run: Write Item's put codes with the local key and content
 * hash of the Sync Diff item each came from (n8n's paired items), as a database node would.
 */
function storedPutCodes(execution) {
	const created = c.nodeOutput(execution, 'ORCID Sync Diff', 0);
	return c.nodeItems(execution, 'ORCID Write Item', 0).map((item) => {
		const from = created[c.pairedIndex(item)] ?? {};
		const putCode = item.json.error ? null : (item.json.putCode ?? null);
		return {
			localKey: from.localKey,
			putCode,
			contentHash: from.contentHash,
			error: item.json.error ? String(item.json.error.message ?? item.json.error) : null,
		};
	});
}

/** The baseline's put codes, parsed from the Location header of each POST's answer. */
function baselinePutCodes(execution, items) {
	return c.nodeItems(execution, 'POST Work', 0).map((item) => {
		const from = items[c.pairedIndex(item)] ?? {};
		const location = item.json.headers?.location;
		const m = typeof location === 'string' ? /\/(\d+)$/.exec(location) : null;
		return {
			localKey: from.localKey,
			putCode: !item.json.error && m ? Number(m[1]) : null,
			error: item.json.error ? String(item.json.error.message ?? item.json.error) : null,
		};
	});
}

/** One timed run of a workflow; the ORCID traffic it caused, read from the emulator. */
async function timedRun(emu, n8n, deployed, body) {
	await emu.control('DELETE', '/_emulator/calls');
	const run = await c.runWorkflowOnce(n8n, deployed, body);
	const calls = await c.callsSince(emu, 0);
	return { ...run, traffic: c.trafficStats(calls) };
}

async function oursFirstAndRerun(emu, n8n, deployed, n, m, rep) {
	await resetEmulator(emu);
	const researchers = await c.seedResearchers(emu, n);
	const items = c.localItems(researchers, m);
	const newWorks = n * m;
	const limit = c.ORCID_MEMBER_LIMITS.requestsPerSecond;

	// first run, every record empty
	const first = await timedRun(emu, n8n, deployed, { items });
	const ex = first.execution;
	const stored = storedPutCodes(ex);
	const conflicts = c.nodeOutput(ex, 'ORCID Sync Diff', 5);
	const withPutCode = stored.filter((s) => s.putCode !== null);
	const failed = stored.filter((s) => s.error).length + conflicts.length;
	const onOrcid = await worksOnOrcid(emu, researchers);
	const t = first.traffic;
	const firstMetrics = {
		wallMs: first.wallMs,
		n8nExecutionMs: Date.parse(ex.stoppedAt) - Date.parse(ex.startedAt),
		syncDiffNodeMs: c.nodeTimeMs(ex, 'ORCID Sync Diff'),
		writeItemNodeMs: c.nodeTimeMs(ex, 'ORCID Write Item'),
		requests: t.requests,
		reads: t.reads,
		writes: t.writes,
		requestsPerNewWork: t.requests / newWorks,
		status503: t.status503,
		status429: t.status429,
		otherErrorStatuses: t.otherErrors,
		failedItems: failed,
		putCodesReturned: withPutCode.length,
		notWritten: newWorks - withPutCode.length,
		worksOnOrcid: onOrcid.total,
		duplicateWorks: onOrcid.duplicates,
		requestsPerSecond: rate(t.requests, first.wallMs),
		utilisation: rate(t.requests, first.wallMs) / limit,
		trafficSpanMs: t.trafficSpanMs,
		utilisationWhileTalking: rate(t.requests, t.trafficSpanMs) / limit,
		readPhaseRequestsPerSecond: t.readPhaseRequestsPerSecond,
		writePhaseRequestsPerSecond: t.writePhaseRequestsPerSecond,
		emulatorMsPerRead: t.emulatorMsPerRead,
		emulatorMsPerWrite: t.emulatorMsPerWrite,
		msPerNewWork: first.wallMs / newWorks,
		syncDiffMsPerItem: c.nodeTimeMs(ex, 'ORCID Sync Diff') / items.length,
		writeItemMsPerItem: c.nodeTimeMs(ex, 'ORCID Write Item') / newWorks,
		// the least time ORCID's limit allows for these requests
		orcidFloorMs: (t.requests / limit) * 1000,
		webhookPayloadBytes: first.payloadBytes,
	};
	const execError = c.executionError(ex);
	if (execError) firstMetrics.executionError = execError;

	// unchanged rerun: put codes and content hashes as the vendor stored them
	const byKey = new Map(stored.map((s) => [s.localKey, s]));
	const rerunItems = items.map((it) => {
		const s = byKey.get(it.localKey);
		return s ? { ...it, putCode: s.putCode, contentHash: s.contentHash } : it;
	});
	const rerun = await timedRun(emu, n8n, deployed, { items: rerunItems });
	const rx = rerun.execution;
	const r = rerun.traffic;
	const rerunMetrics = {
		wallMs: rerun.wallMs,
		n8nExecutionMs: Date.parse(rx.stoppedAt) - Date.parse(rx.startedAt),
		requests: r.requests,
		reads: r.reads,
		writes: r.writes,
		readsPerResearcher: r.reads / n,
		readPhaseRequestsPerSecond: r.readPhaseRequestsPerSecond,
		status503: r.status503,
		unchangedItems: c.nodeOutput(rx, 'ORCID Sync Diff', 3).length,
		createItems: c.nodeOutput(rx, 'ORCID Sync Diff', 0).length,
		updateItems: c.nodeOutput(rx, 'ORCID Sync Diff', 1).length,
		conflictItems: c.nodeOutput(rx, 'ORCID Sync Diff', 5).length,
		worksOnOrcidAfter: (await worksOnOrcid(emu, researchers)).total,
	};
	// calibration, same run: n8n evaluating the same per-item expressions, on a sample
	const sample = rerunItems.slice(0, Math.min(rerunItems.length, CALIBRATION_ITEMS));
	const cal = await c.runWorkflowOnce(n8n, deployed.calibration, { items: sample });
	firstMetrics.expressionsMsPerWork =
		c.nodeTimeMs(cal.execution, 'Same Expressions') / sample.length;
	firstMetrics.noExpressionsMsPerWork =
		c.nodeTimeMs(cal.execution, 'No Expressions') / sample.length;
	const rerunError = c.executionError(rx);
	if (rerunError) rerunMetrics.executionError = rerunError;
	c.log(
		`B1 ours #${rep}: first ${Math.round(first.wallMs)} ms, ${t.requests} requests ` +
			`(${t.reads} GET, ${t.writes} POST, ${t.status503}x503), ${failed} failed, ` +
			`utilisation ${(firstMetrics.utilisation * 100).toFixed(1)}%; rerun ${Math.round(rerun.wallMs)} ms, ` +
			`${r.reads} GET, ${r.writes} writes`,
	);
	return { first: firstMetrics, rerun: rerunMetrics };
}

async function baselineRun(emu, n8n, deployed, n, m, rep) {
	await resetEmulator(emu);
	const researchers = await c.seedResearchers(emu, n);
	const items = c.localItems(researchers, m);
	const newWorks = n * m;
	const limit = c.ORCID_MEMBER_LIMITS.requestsPerSecond;
	const run = await timedRun(emu, n8n, deployed, { researchers, items });
	const ex = run.execution;
	const stored = baselinePutCodes(ex, items);
	const withPutCode = stored.filter((s) => s.putCode !== null);
	const getErrors = c.nodeOutput(ex, 'GET Activities').filter((x) => x.error).length;
	const onOrcid = await worksOnOrcid(emu, researchers);
	const t = run.traffic;
	const metrics = {
		wallMs: run.wallMs,
		n8nExecutionMs: Date.parse(ex.stoppedAt) - Date.parse(ex.startedAt),
		getNodeMs: c.nodeTimeMs(ex, 'GET Activities'),
		postNodeMs: c.nodeTimeMs(ex, 'POST Work'),
		requests: t.requests,
		reads: t.reads,
		writes: t.writes,
		requestsPerNewWork: t.requests / newWorks,
		status503: t.status503,
		failedItems: stored.filter((s) => s.error).length + getErrors,
		putCodesReturned: withPutCode.length,
		notWritten: newWorks - withPutCode.length,
		worksOnOrcid: onOrcid.total,
		duplicateWorks: onOrcid.duplicates,
		requestsPerSecond: rate(t.requests, run.wallMs),
		utilisation: rate(t.requests, run.wallMs) / limit,
		trafficSpanMs: t.trafficSpanMs,
		readPhaseRequestsPerSecond: t.readPhaseRequestsPerSecond,
		writePhaseRequestsPerSecond: t.writePhaseRequestsPerSecond,
		emulatorMsPerRead: t.emulatorMsPerRead,
		emulatorMsPerWrite: t.emulatorMsPerWrite,
		msPerNewWork: run.wallMs / newWorks,
	};
	const execError = c.executionError(ex);
	if (execError) metrics.executionError = execError;
	c.log(
		`B1 baseline #${rep}: ${Math.round(run.wallMs)} ms, ${t.requests} requests ` +
			`(${t.reads} GET, ${t.writes} POST, ${t.status503}x503), ${metrics.failedItems} failed, ` +
			`utilisation ${(metrics.utilisation * 100).toFixed(1)}%`,
	);
	return metrics;
}

const fmtMs = (x) => (typeof x === 'number' ? x.toFixed(1) : '–');

function b1Table(n, m, nb, first, rerun, base) {
	const pct = (x) => (typeof x === 'number' ? `${(x * 100).toFixed(1)} %` : null);
	const row = (label, f, r, b) => [label, f, r, base ? b : null];
	return {
		columns: ['', 'ours: first run', 'ours: unchanged rerun', 'baseline: HTTP Request'],
		rows: [
			row('researchers × works', `${n} × ${m}`, `${n} × ${m}`, `${nb} × ${m}`),
			row('wall time (s)', first.wallMs / 1000, rerun.wallMs / 1000, base?.wallMs / 1000),
			row(
				'requests sent (GET + POST)',
				`${first.requests} (${first.reads} + ${first.writes})`,
				`${rerun.requests} (${rerun.reads} + ${rerun.writes})`,
				base ? `${base.requests} (${base.reads} + ${base.writes})` : null,
			),
			row('requests per new work', first.requestsPerNewWork, null, base?.requestsPerNewWork),
			row('503s seen', first.status503, rerun.status503, base?.status503),
			row('failed items', first.failedItems, rerun.conflictItems, base?.failedItems),
			row(
				'utilisation of 24 req/s',
				pct(first.utilisation),
				pct(rerun.requests / (rerun.wallMs / 1000) / 24),
				pct(base?.utilisation),
			),
			row('time per new work (ms)', first.msPerNewWork, null, base?.msPerNewWork),
			row(
				'req/s while reading (GET phase)',
				first.readPhaseRequestsPerSecond,
				rerun.readPhaseRequestsPerSecond,
				base?.readPhaseRequestsPerSecond,
			),
			row(
				'emulator time per call, GET / POST (ms)',
				`${fmtMs(first.emulatorMsPerRead)} / ${fmtMs(first.emulatorMsPerWrite)}`,
				null,
				base ? `${fmtMs(base.emulatorMsPerRead)} / ${fmtMs(base.emulatorMsPerWrite)}` : null,
			),
			row(
				'req/s while writing (POST phase)',
				first.writePhaseRequestsPerSecond,
				null,
				base?.writePhaseRequestsPerSecond,
			),
			row('Sync Diff node time per item (ms)', first.syncDiffMsPerItem, null, null),
			row('Write Item node time per work (ms)', first.writeItemMsPerItem, null, null),
			row(
				'n8n evaluating the same 10 per-item expressions (ms per work)',
				first.expressionsMsPerWork,
				null,
				null,
			),
			row(
				'n8n per item without expressions (Set node, ms)',
				first.noExpressionsMsPerWork,
				null,
				null,
			),
			row(
				'least time ORCID allows (s)',
				first.orcidFloorMs / 1000,
				rerun.requests / 24,
				base ? base.requests / 24 : null,
			),
		],
	};
}

function b1Chart(first, base) {
	const pair = (ours, baseline) =>
		base
			? [
					{ name: 'ours', value: ours },
					{ name: 'baseline (HTTP Request)', value: baseline },
				]
			: [{ name: 'ours', value: ours }];
	return {
		title: 'our nodes vs the HTTP Request baseline (first run, same emulator, same run)',
		groups: [
			{
				label: 'requests per new work',
				unit: '',
				bars: pair(first.requestsPerNewWork, base?.requestsPerNewWork),
			},
			{
				label: 'wall time per 1,000 new works',
				unit: 's',
				bars: pair(first.msPerNewWork, base?.msPerNewWork),
			},
			{
				label: 'utilisation of 24 req/s',
				unit: '%',
				bars: pair(first.utilisation * 100, base ? base.utilisation * 100 : null),
			},
		],
	};
}

const worst = (runs, key) => Math.max(...runs.map((r) => r[key] ?? 0));

async function run(args) {
	const quick = args.quick === true;
	const n = c.intArg(args, 'researchers', quick ? 10 : 200);
	const m = c.intArg(args, 'works', 50);
	const runs = c.intArg(args, 'runs', 3);
	const nb = Math.min(n, c.intArg(args, 'baseline-researchers', quick ? 4 : 40));
	const withBaseline = args['no-baseline'] !== true;

	const emu = await c.startBenchEmulator();
	let n8n;
	try {
		c.log(`B1: starting n8n ${require('../scripts/n8n-server.js').N8N_VERSION}`);
		n8n = await c.startBenchN8n(args);
		const credential = await n8n.createCredential({
			name: 'ORCID member (bench, emulator)',
			type: 'orcidMemberOAuth2Api',
			data: c.memberCredentialData(emu),
		});
		const creds = { orcidMemberOAuth2Api: credential };
		const ours = await c.deployWorkflow(n8n, c.loadWorkflow('sync-ours.json', {}), creds);
		ours.calibration = await c.deployWorkflow(
			n8n,
			c.loadWorkflow('sync-expression-cost.json', {}),
			creds,
		);
		const baseline = withBaseline
			? await c.deployWorkflow(
					n8n,
					c.loadWorkflow('sync-baseline-http.json', { MEMBER_API: emu.memberApi }),
					creds,
				)
			: null;

		const oursRuns = [];
		const baselineRuns = [];
		for (let rep = 1; rep <= runs; rep++) {
			oursRuns.push(await oursFirstAndRerun(emu, n8n, ours, n, m, rep));
			if (baseline) baselineRuns.push(await baselineRun(emu, n8n, baseline, nb, m, rep));
		}

		const first = c.medians(oursRuns.map((r) => r.first));
		const rerun = c.medians(oursRuns.map((r) => r.rerun));
		const base = baselineRuns.length ? c.medians(baselineRuns) : null;
		// same-run comparisons: per new work, because the baseline may write fewer researchers
		const perRun = oursRuns.map((r, i) =>
			baselineRuns[i]
				? {
						requestsPerWorkRatio: baselineRuns[i].requestsPerNewWork / r.first.requestsPerNewWork,
						timePerWorkRatio: baselineRuns[i].msPerNewWork / r.first.msPerNewWork,
					}
				: {},
		);
		const ratios = c.medians(perRun);

		const firsts = oursRuns.map((r) => r.first);
		const reruns = oursRuns.map((r) => r.rerun);
		const notWrittenWorst = Math.max(
			worst(firsts, 'failedItems'),
			worst(firsts, 'notWritten'),
			worst(firsts, 'duplicateWorks'),
			Math.max(...firsts.map((f) => Math.abs(f.worksOnOrcid - n * m))),
		);
		const targets = [
			c.target('requests per new work (first run)', first.requestsPerNewWork, '<=', 0.05),
			c.target(
				`utilisation of ${c.ORCID_MEMBER_LIMITS.requestsPerSecond} req/s (first run)`,
				first.utilisation,
				'>=',
				0.85,
			),
			c.target('works not written exactly once (worst run)', notWrittenWorst, '==', 0),
			c.target(
				'rerun: reads per researcher (worst run)',
				reruns
					.map((r) => r.readsPerResearcher)
					.reduce((a, b) => (Math.abs(b - 1) > Math.abs(a - 1) ? b : a)),
				'==',
				1,
			),
			c.target('rerun: writes (worst run)', worst(reruns, 'writes'), '==', 0),
		];

		const result = {
			name: 'B1',
			title:
				'Sync throughput against ORCID limits (real n8n 2.41.1, emulator at 24 req/s, burst 40)',
			config: {
				researchers: n,
				worksPerResearcher: m,
				newWorks: n * m,
				runs,
				baselineResearchers: baseline ? nb : 0,
				baselineNewWorks: baseline ? nb * m : 0,
				limit: c.ORCID_MEMBER_LIMITS,
				baselineBatching: '24 items per 1000 ms (HTTP Request node option)',
			},
			metrics: {
				first,
				rerun,
				baseline: base,
				ratios,
			},
			table: b1Table(n, m, nb, first, rerun, base),
			chart: b1Chart(first, base),
			runs: { ours: oursRuns, baseline: baselineRuns },
			targets,
			notes: [
				'Figures are medians over runs; correctness targets take the worst run.',
				'Works not written exactly once = failed items + works without a put code + duplicate works on ORCID + |works on ORCID − new works|; a 503 that the nodes did not retry shows up as a failed item.',
				'Utilisation = requests sent / webhook round-trip time / 24 req/s; utilisationWhileTalking uses the span from the first to the last ORCID request instead.',
				baseline && nb < n
					? `The baseline writes ${nb} of the ${n} researchers (same ${m} works each) to keep the run short; it is compared per new work, in the same run.`
					: null,
			].filter(Boolean),
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

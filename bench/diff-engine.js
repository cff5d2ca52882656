#!/usr/bin/env node
'use strict';
/**
 * B2: the sync diff engine (nodes/OrcidSyncDiff/diff.ts, as built into dist/) on 1k, 10k, 100k
 * and 1M items per side.
 *
 * Per size, in a fresh Node process (so sizes do not share a heap):
 * - the inputs: researchers of 1,000 works each; the local side as the Sync Diff node gets it
 *   (ORCID JSON, stored put code and content hash), the ORCID side as /activities JSON
 *   (groups of summaries with sources, dates, normalised identifiers). Of the local items 85%
 *   are unchanged, 5% changed, 5% lost their put code (a crash: found again by DOI) and 5% are
 *   new; the ORCID side has as many items: ours, plus the researcher's own works. Every input
 *   is parsed from its JSON text, so no object is shared between the two sides (real inputs
 *   never share one).
 * - baseline, "the irreducible work": the content hash of every local item and the matching
 *   keys of every remote item, once, on objects in memory;
 * - the diff: flatten each researcher's /activities and diff it (results kept, as the node
 *   emits them); on objects in memory too: each researcher is timed on its own, so in stream
 *   mode the parsing of its JSON is outside both clocks (and reported as parseCpuMs);
 * - alternated, each run after a full GC; medians;
 * - peak memory: one more diff run, the live heap (after a full GC) sampled inside the diff
 *   (see peakOfDiff), minus the heap before any input existed, so the inputs count; compared
 *   with the JSON size of the inputs;
 * - one record of 10,000 works (ORCID's maximum) with title matching on.
 *
 * Targets (issue 13): diff <= 3x baseline at every size and for the 10k record; stream mode
 * time(1M)/time(100k) <= 11; peak memory <= 3x the inputs' JSON size.
 *
 * Two modes: "stream" (each researcher's inputs held as JSON text, parsed in turn, as a sync of
 * that size runs; the ledger fields of each result kept), sizes 1k to 1M, and "memory" (every
 * input an object and every result kept, as inside one n8n execution), 1k to 100k by default
 * (1M items per side as objects is about 3 GB of inputs; --sizes runs it).
 *
 *   node bench/diff-engine.js [--sizes 1000,10000,100000,1000000] [--modes stream,memory]
 *     [--runs 5] [--quick] [--no-record] [--out bench/results/diff.json]
 * Needs the build (make build, or npx tsc -p tsconfig.json); make bench builds first.
 */

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { log, median, parseArgs, round, target } = require('./lib/common');

const REPO_ROOT = path.resolve(__dirname, '..');
const DIST = path.join(REPO_ROOT, 'dist', 'nodes');
const PER_RESEARCHER = 1000;
const CLIENT_ID = 'APP-EMUMEMBER0000001';

// ---- the child: one size ---------------------------------------------------------------------

function loadEngine() {
	const need = [
		'OrcidSyncDiff/diff.js',
		'OrcidSyncDiff/remote.js',
		'shared/orcid/identity.js',
		'shared/orcid/model/contentHash.js',
		'shared/orcid/model/externalIds.js',
	];
	for (const f of need) {
		if (!fs.existsSync(path.join(DIST, f))) {
			throw new Error(
				`dist/nodes/${f} is missing: run "make build" (or npx tsc -p tsconfig.json) first`,
			);
		}
	}
	return {
		...require(path.join(DIST, 'OrcidSyncDiff/diff.js')),
		...require(path.join(DIST, 'OrcidSyncDiff/remote.js')),
		...require(path.join(DIST, 'shared/orcid/identity.js')),
		...require(path.join(DIST, 'shared/orcid/model/contentHash.js')),
		...require(path.join(DIST, 'shared/orcid/model/externalIds.js')),
	};
}

function orcidOf(r) {
	// the check digit does not matter to the engine; the shape is ORCID's
	const digits = String(r).padStart(11, '0');
	return `0009-${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 11)}X`;
}

function workJson(r, w, title) {
	const doi = `10.5555/bench.${r}.${w}`;
	return {
		title: { title: { value: title ?? `Benchmark work ${w + 1} of researcher ${r + 1}` } },
		'journal-title': { value: 'Journal of Benchmarks' },
		type: 'journal-article',
		'publication-date': { year: { value: String(2000 + (w % 25)) }, month: { value: '06' } },
		'external-ids': {
			'external-id': [
				{
					'external-id-type': 'doi',
					'external-id-value': doi,
					'external-id-url': { value: `https://doi.org/${doi}` },
					'external-id-relationship': 'self',
				},
				{
					'external-id-type': 'issn',
					'external-id-value': '1741-4857',
					'external-id-relationship': 'part-of',
				},
			],
		},
		url: { value: `https://example.org/works/${r + 1}/${w + 1}` },
	};
}

function summaryOf(json, orcid, putCode, sourceClientId) {
	const ids = json['external-ids']['external-id'].map((e) => ({
		...e,
		'external-id-normalized': {
			value: String(e['external-id-value']).toLowerCase(),
			transient: true,
		},
		'external-id-normalized-error': null,
	}));
	return {
		'put-code': putCode,
		'created-date': { value: 1700000000000 },
		'last-modified-date': { value: 1700000000000 },
		source: {
			'source-orcid': sourceClientId
				? null
				: { uri: `https://orcid.org/${orcid}`, path: orcid, host: 'orcid.org' },
			'source-client-id': sourceClientId
				? {
						uri: `https://orcid.org/client/${sourceClientId}`,
						path: sourceClientId,
						host: 'orcid.org',
					}
				: null,
			'source-name': { value: sourceClientId ? 'Vendor' : 'Researcher' },
			'assertion-origin-orcid': null,
			'assertion-origin-client-id': null,
			'assertion-origin-name': null,
		},
		title: json.title,
		'external-ids': { 'external-id': ids },
		url: json.url,
		type: json.type,
		'publication-date': json['publication-date'],
		'journal-title': json['journal-title'],
		visibility: 'public',
		path: `/${orcid}/work/${putCode}`,
		'display-index': '1',
	};
}

/** One researcher's local items and /activities JSON; `m` items per side. */
function researcherData(engine, r, m) {
	const orcid = orcidOf(r);
	const local = [];
	const groups = [];
	for (let w = 0; w < m; w++) {
		const kind = w % 20; // 0 new, 1 lost put code, 2 changed, else unchanged
		const putCode = r * m + w + 1;
		const json = workJson(r, w);
		const item = {
			localKey: `work-${r}-${w}`,
			itemType: 'work',
			json,
			putCode: null,
			contentHash: null,
		};
		if (kind === 0) {
			// new locally; on ORCID the researcher has a work of their own instead
			const theirs = workJson(r, w, `The researcher's own work ${w}`);
			theirs['external-ids']['external-id'][0]['external-id-value'] = `10.7777/own.${r}.${w}`;
			const s = summaryOf(theirs, orcid, putCode, null);
			groups.push({
				'last-modified-date': s['last-modified-date'],
				'external-ids': s['external-ids'],
				'work-summary': [s],
			});
		} else {
			const onOrcid = kind === 2 ? workJson(r, w, `Old title ${w}`) : json;
			const s = summaryOf(onOrcid, orcid, putCode, CLIENT_ID);
			groups.push({
				'last-modified-date': s['last-modified-date'],
				'external-ids': s['external-ids'],
				'work-summary': [s],
			});
			if (kind !== 1) {
				item.putCode = putCode;
				item.contentHash = engine.contentHash(onOrcid);
			}
		}
		local.push(item);
	}
	const activities = {
		'last-modified-date': { value: 1700000000000 },
		works: {
			'last-modified-date': { value: 1700000000000 },
			group: groups,
			path: `/${orcid}/works`,
		},
		path: `/${orcid}/activities`,
	};
	return { orcid, local, activities };
}

function gc() {
	if (global.gc) {
		global.gc();
		global.gc();
	}
}

const cpuMsOf = (c) => (c.user + c.system) / 1000;

/**
 * The researchers' inputs, held as the node holds them (objects, mode "memory") or as a
 * streaming sync gets them (JSON text per researcher, parsed when its turn comes, mode
 * "stream"). Either way every researcher's inputs are a fresh parse of their JSON: no object is
 * shared between the local and the ORCID side (real inputs never share one; the generator's do).
 * `each` hands out one researcher's { orcid, local, activities } at a time; in stream mode the
 * CPU time of the parsing is added to `parse.cpuMs` (outside the engine's clocks).
 */
function makeSource(mode, texts) {
	return mode === 'memory' ? memorySource(texts.map(parsed)) : streamSource(texts);
}

function parsed(t) {
	return { orcid: t.orcid, local: JSON.parse(t.local), activities: JSON.parse(t.activities) };
}

// (a function of its own: a closure next to streamSource's would keep the texts alive)
function memorySource(data) {
	return { each: (fn) => data.forEach(fn), count: data.length, parse: { cpuMs: 0 } };
}

function streamSource(texts) {
	const parse = { cpuMs: 0 };
	return {
		each: (fn) =>
			texts.forEach((t) => {
				const c = process.cpuUsage();
				const d = parsed(t);
				parse.cpuMs += cpuMsOf(process.cpuUsage(c));
				fn(d);
			}),
		count: texts.length,
		parse,
	};
}

/**
 * Runs `work` on the clocks (wall and CPU time of this process), adding to `clock`: each
 * researcher is timed on its own, so that in stream mode the parsing of its JSON stays outside
 * the clock of the diff as it does outside the baseline's.
 */
function timed(clock, work) {
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	work();
	clock.ms += performance.now() - t0;
	clock.cpuMs += cpuMsOf(process.cpuUsage(c0));
}

/**
 * The irreducible work, on objects already in memory: the content hash of every local item
 * and the matching keys (self / version-of identifiers) of every remote item, once.
 */
function baseline(engine, source) {
	let n = 0;
	const clock = { ms: 0, cpuMs: 0 };
	source.each((d) =>
		timed(clock, () => {
			for (const l of d.local) {
				engine.contentHash(l.json);
				n++;
			}
			for (const g of d.activities.works.group) {
				for (const s of g['work-summary']) n += engine.matchKeysOf('work', s).length;
			}
		}),
	);
	return { n, ...clock };
}

/**
 * The diff of every researcher: flatten its /activities, diffResearcher. Mode memory keeps
 * every result (as the node emits them); mode stream keeps what a ledger stores per result and
 * lets the rest go with the researcher. `onResearcher` is called after each researcher, on its
 * clock.
 */
function diff(engine, source, mode, onResearcher, matchByTitle = false) {
	const options = {
		clientId: CLIENT_ID,
		deleteRemovedLocally: true,
		putCodeGone: 'report',
		matchByTitle,
	};
	const results = [];
	const clock = { ms: 0, cpuMs: 0 };
	source.each((d) =>
		timed(clock, () => {
			const remote = engine.flattenRemote(d.activities);
			const r = engine.diffResearcher(
				{ orcid: d.orcid, local: d.local, localComplete: true, remote, remoteComplete: true },
				options,
			);
			for (let i = 0; i < r.length; i++) {
				const x = r[i];
				results.push(
					mode === 'memory'
						? x
						: {
								output: x.output,
								localKey: x.localKey,
								putCode: x.putCode,
								contentHash: x.contentHash,
							},
				);
			}
			if (onResearcher) onResearcher();
		}),
	);
	return { results, ...clock };
}

/** Every researcher's inputs as JSON text, made one researcher at a time. */
function generate(engine, researchers, per) {
	const texts = [];
	let localBytes = 0;
	let remoteBytes = 0;
	let remoteItems = 0;
	for (let r = 0; r < researchers; r++) {
		const d = researcherData(engine, r, per);
		const t = {
			orcid: d.orcid,
			local: JSON.stringify(d.local),
			activities: JSON.stringify(d.activities),
		};
		localBytes += Buffer.byteLength(t.local);
		remoteBytes += Buffer.byteLength(t.activities);
		remoteItems += d.activities.works.group.length;
		texts.push(t);
	}
	return { texts, localBytes, remoteBytes, remoteItems };
}

/**
 * Peak memory of one more diff, sampled inside it. In the first and the last researcher: every
 * 256th content hash the engine takes (matching), every 256th local item's result it builds
 * (resolving), once when all its local items are resolved (its indexes, per-item state and
 * results are all held then) and after it; in every k-th researcher between (about 20 in all),
 * the last two of these. The bench's researchers are alike and what the diff keeps only grows,
 * so the last one holds the most; a full GC of a large heap takes a while. A sample is the heap
 * after a full GC (what the diff holds then; V8 collects garbage before it would run out of
 * heap) minus the heap before the inputs existed, so the inputs count. The full GC is only run
 * when the heap as it is (garbage included, always at least what is live) exceeds the peak so
 * far: the peak is the same as with a GC at every sample. The heap as V8 had it at the same
 * points, garbage included, is recorded too (`rawPeak`).
 */
function peakOfDiff(engine, source, mode, matchByTitle, emptyHeap) {
	gc();
	let peak = process.memoryUsage().heapUsed;
	let rawPeak = peak;
	let samples = 0;
	let fullGcs = 0;
	const every = Math.max(1, Math.ceil(source.count / 20));
	let researcher = 0;
	const last = source.count - 1;
	// every point in the first and the last researcher; in the others sampled, once when all
	// its items are resolved and once after it (a full GC of a large heap takes a while)
	const sample = (fine = false) => {
		const edge = researcher === 0 || researcher === last;
		if (fine ? !edge : !(edge || researcher % every === 0)) return;
		samples++;
		const raw = process.memoryUsage().heapUsed;
		if (raw > rawPeak) rawPeak = raw;
		if (raw <= peak) return;
		gc();
		fullGcs++;
		const used = process.memoryUsage().heapUsed;
		if (used > peak) peak = used;
	};
	// [module, function, sample every n-th call, fine-grained]
	const hooks = [
		[require(path.join(DIST, 'shared/orcid/model/contentHash.js')), 'contentHash', 256, true],
		[require(path.join(DIST, 'OrcidSyncDiff/engine/state.js')), 'localResult', 256, true],
		[
			require(path.join(DIST, 'OrcidSyncDiff/engine/otherSources.js')),
			'annotateOtherSources',
			1,
			false,
		],
	];
	const calls = hooks.map(() => 0);
	const real = hooks.map(([m, name]) => m[name]);
	hooks.forEach(([m, name, n, fine], i) => {
		m[name] = (...a) => {
			if (++calls[i] % n === 0) sample(fine);
			return real[i](...a);
		};
	});
	let results;
	try {
		results = diff(
			engine,
			source,
			mode,
			() => {
				sample();
				researcher++;
			},
			matchByTitle,
		).results;
	} finally {
		hooks.forEach(([m, name], i) => {
			m[name] = real[i];
		});
	}
	if (calls.some((c) => c === 0)) {
		throw new Error(`the memory sampling hooks missed the diff (calls ${calls.join(', ')})`);
	}
	gc();
	return {
		results,
		samples,
		fullGcs,
		peakHeapDeltaBytes: peak - emptyHeap,
		rawPeakHeapDeltaBytes: rawPeak - emptyHeap,
		retainedHeapDeltaBytes: process.memoryUsage().heapUsed - emptyHeap,
	};
}

/**
 * The mix of results of one researcher, a correctness check of the generator (so that the timings
 * are of the intended work). Run before the empty heap is taken, it also loads and compiles the
 * bench's and the engine's code (code is not memory the diff holds for its inputs). Each step in
 * a function of its own: a frame's dead registers would keep its objects alive for the GC.
 */
function checkMix(engine, per, matchByTitle) {
	const check = {};
	const first = makeSource('memory', generate(engine, 1, per).texts);
	for (const r of diff(engine, first, 'memory', null, matchByTitle).results) {
		check[`${r.output}:${r.reason}`] = (check[`${r.output}:${r.reason}`] ?? 0) + 1;
	}
	return check;
}

/** The inputs as the mode holds them (the texts stay only in stream mode). */
function inputs(engine, researchers, per, mode) {
	const { texts, ...sizes } = generate(engine, researchers, per);
	return { source: makeSource(mode, texts), ...sizes };
}

function child(size, runs, mode, { perResearcher = PER_RESEARCHER, matchByTitle = false } = {}) {
	const engine = loadEngine();
	const researchers = Math.max(1, Math.ceil(size / perResearcher));
	const per = Math.min(size, perResearcher);
	const t0 = performance.now();
	const check = checkMix(engine, per, matchByTitle);
	gc();
	const emptyHeap = process.memoryUsage().heapUsed;
	const input = inputs(engine, researchers, per, mode);
	const source = input.source;
	// what the inputs alone take on the heap (JSON text in stream mode, objects in memory mode)
	gc();
	const inputHeapBytes = process.memoryUsage().heapUsed - emptyHeap;
	const generateMs = performance.now() - t0;

	// wall time, and CPU time of this process (user + system, all threads): the machine may be
	// shared, and CPU time is what the engine itself costs
	const baselineMs = [];
	const diffMs = [];
	const baselineCpuMs = [];
	const diffCpuMs = [];
	const parseCpuMs = [];
	for (let i = 0; i < runs; i++) {
		gc();
		const b = baseline(engine, source);
		baselineMs.push(b.ms);
		baselineCpuMs.push(b.cpuMs);
		gc();
		source.parse.cpuMs = 0;
		const d = diff(engine, source, mode, null, matchByTitle);
		diffMs.push(d.ms);
		diffCpuMs.push(d.cpuMs);
		parseCpuMs.push(source.parse.cpuMs);
		if (d.results.length < size) {
			throw new Error(`diff returned ${d.results.length} results for ${size} items`);
		}
	}
	const memory = peakOfDiff(engine, source, mode, matchByTitle, emptyHeap);

	return {
		size,
		mode,
		researchers,
		itemsPerResearcher: per,
		localItems: size,
		remoteItems: input.remoteItems,
		results: memory.results.length,
		mixOfFirstResearcher: check,
		inputJsonBytes: input.localBytes + input.remoteBytes,
		inputHeapBytes,
		localJsonBytes: input.localBytes,
		remoteJsonBytes: input.remoteBytes,
		generateMs,
		baselineMs,
		diffMs,
		baselineCpuMs,
		diffCpuMs,
		parseCpuMs,
		loadAverage: require('os').loadavg(),
		matchByTitle,
		memorySamples: memory.samples,
		memoryFullGcs: memory.fullGcs,
		peakHeapDeltaBytes: memory.peakHeapDeltaBytes,
		rawPeakHeapDeltaBytes: memory.rawPeakHeapDeltaBytes,
		retainedHeapDeltaBytes: memory.retainedHeapDeltaBytes,
	};
}

// ---- the parent: every size, targets, the result file -------------------------------------------

function runSize(size, runs, mode, extra = []) {
	// enough heap for 1M items per side (2.5 GB of JSON text in stream mode, about 3 GB of objects
	// in memory mode)
	const heapMb = size >= 1_000_000 ? 12288 : 4096;
	const res = spawnSync(
		process.execPath,
		[
			`--max-old-space-size=${heapMb}`,
			'--expose-gc',
			__filename,
			'--child',
			String(size),
			'--runs',
			String(runs),
			'--mode',
			mode,
			...extra,
		],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	if (res.status !== 0) {
		throw new Error(`size ${size} (${mode}): child exited with ${res.status} ${res.signal ?? ''}`);
	}
	return JSON.parse(res.stdout);
}

function rowOf(r, runs) {
	return {
		mode: r.mode,
		size: r.size,
		researchers: r.researchers,
		remoteItems: r.remoteItems,
		results: r.results,
		runs,
		// CPU time of the process (the targets): robust when the machine is shared
		diffCpuMs: round(median(r.diffCpuMs), 1),
		baselineCpuMs: round(median(r.baselineCpuMs), 1),
		ratioToBaseline: round(median(r.diffCpuMs) / median(r.baselineCpuMs), 3),
		usPerItem: round((median(r.diffCpuMs) * 1000) / r.size, 3),
		// wall time, same runs
		diffMs: round(median(r.diffMs), 1),
		baselineMs: round(median(r.baselineMs), 1),
		ratioToBaselineWall: round(median(r.diffMs) / median(r.baselineMs), 3),
		inputJsonMB: round(r.inputJsonBytes / 1e6, 1),
		peakHeapDeltaMB: round(r.peakHeapDeltaBytes / 1e6, 1),
		retainedHeapDeltaMB: round(r.retainedHeapDeltaBytes / 1e6, 1),
		peakToInputJson: round(r.peakHeapDeltaBytes / r.inputJsonBytes, 3),
		// the inputs alone, as held (text in stream mode, objects in memory mode)
		inputHeapMB: round(r.inputHeapBytes / 1e6, 1),
		// the same sample points without the GC: uncollected garbage included (V8's choice)
		rawPeakHeapDeltaMB: round(r.rawPeakHeapDeltaBytes / 1e6, 1),
		rawPeakToInputJson: round(r.rawPeakHeapDeltaBytes / r.inputJsonBytes, 3),
		memorySamples: r.memorySamples,
		memoryFullGcs: r.memoryFullGcs,
		// stream mode: parsing each researcher's JSON, outside both clocks
		parseCpuMs: round(median(r.parseCpuMs), 1),
		generateMs: round(r.generateMs, 0),
		diffCpuMsRuns: r.diffCpuMs.map((x) => round(x, 1)),
		baselineCpuMsRuns: r.baselineCpuMs.map((x) => round(x, 1)),
		diffMsRuns: r.diffMs.map((x) => round(x, 1)),
		baselineMsRuns: r.baselineMs.map((x) => round(x, 1)),
		loadAverage: r.loadAverage.map((x) => round(x, 2)),
		mixOfFirstResearcher: r.mixOfFirstResearcher,
	};
}

const MODE_NAMES = {
	stream: 'streaming (JSON text per researcher, parsed in turn; ledger fields kept)',
	memory: 'in memory (every input an object, every result kept, as inside one n8n run)',
};

function parent(args) {
	const quick = args.quick === true;
	const sizes = (
		typeof args.sizes === 'string'
			? args.sizes
			: quick
				? '1000,10000,100000'
				: '1000,10000,100000,1000000'
	)
		.split(',')
		.map((s) => Number(s.trim()))
		.filter((n) => Number.isInteger(n) && n > 0);
	const modes = (typeof args.modes === 'string' ? args.modes : 'stream,memory')
		.split(',')
		.map((m) => m.trim())
		.filter((m) => m in MODE_NAMES);
	const runsArg = Number(args.runs);
	const out =
		typeof args.out === 'string' ? args.out : path.join(REPO_ROOT, 'bench', 'results', 'diff.json');

	const rows = [];
	const targets = [];
	const growth = {};
	const slopes = {};
	for (const mode of modes) {
		const modeRows = [];
		// memory mode holds every input as objects (1M items per side: about 3 GB of them, and
		// the JSON text while they are made): up to 100k unless the sizes are given
		const modeSizes =
			mode === 'memory' && typeof args.sizes !== 'string'
				? sizes.filter((n) => n <= 100_000)
				: sizes;
		for (const size of modeSizes) {
			// small sizes take milliseconds per run, where one GC shows: more runs for their median
			const runs =
				Number.isInteger(runsArg) && runsArg > 0
					? runsArg
					: quick
						? 3
						: size >= 1_000_000
							? 3
							: size <= 1000
								? 15
								: size <= 10_000
									? 9
									: 5;
			log(`diff engine, ${mode}: ${size} items per side, ${runs} runs ...`);
			const row = rowOf(runSize(size, runs, mode), runs);
			log(
				`  ${size}: diff ${row.diffCpuMs} ms CPU (${row.diffMs} ms wall), baseline ${row.baselineCpuMs} ms CPU ` +
					`(x${row.ratioToBaseline}), peak +${row.peakHeapDeltaMB} MB for ${row.inputJsonMB} MB of input JSON`,
			);
			modeRows.push(row);
			rows.push(row);
			targets.push(
				target(
					`${mode}: diff / baseline at ${size} items per side`,
					row.ratioToBaseline,
					'<=',
					3,
					'x',
				),
			);
			targets.push(
				target(
					`${mode}: peak memory (inputs included) / input JSON at ${size} items per side`,
					row.peakToInputJson,
					'<=',
					3,
					'x',
				),
			);
		}
		growth[mode] = {};
		for (let i = 1; i < modeRows.length; i++) {
			growth[mode][`${modeRows[i - 1].size}->${modeRows[i].size}`] = {
				cpu: round(modeRows[i].diffCpuMs / modeRows[i - 1].diffCpuMs, 3),
				wall: round(modeRows[i].diffMs / modeRows[i - 1].diffMs, 3),
				baselineCpu: round(modeRows[i].baselineCpuMs / modeRows[i - 1].baselineCpuMs, 3),
			};
		}
		const at = (n) => modeRows.find((r) => r.size === n);
		if (at(100000) && at(1000000)) {
			targets.push(
				target(
					`${mode}: time(1M) / time(100k)`,
					at(1000000).diffCpuMs / at(100000).diffCpuMs,
					'<=',
					mode === 'stream' ? 11 : 12,
					'x',
				),
			);
		}
		// log-log slope of time over size: 1 is linear
		const first = modeRows[0];
		const last = modeRows[modeRows.length - 1];
		slopes[mode] =
			modeRows.length > 1
				? round(Math.log(last.diffCpuMs / first.diffCpuMs) / Math.log(last.size / first.size), 3)
				: null;
	}

	// one record of 10,000 works (ORCID's maximum), title matching on, in memory mode
	if (args['no-record'] !== true) {
		const runs = Number.isInteger(runsArg) && runsArg > 0 ? runsArg : 5;
		log(`diff engine: one record of 10,000 works, title matching on, ${runs} runs ...`);
		const row = rowOf(runSize(10000, runs, 'memory', ['--per', '10000', '--title']), runs);
		row.mode = 'record10k';
		rows.push(row);
		log(
			`  10k record: diff ${row.diffCpuMs} ms CPU, baseline ${row.baselineCpuMs} ms (x${row.ratioToBaseline})`,
		);
		targets.push(
			target(
				'one record of 10,000 works, title matching: diff / baseline',
				row.ratioToBaseline,
				'<=',
				3,
				'x',
			),
		);
		targets.push(
			target(
				'one record of 10,000 works: peak memory (inputs included) / input JSON',
				row.peakToInputJson,
				'<=',
				3,
				'x',
			),
		);
	}

	const result = {
		name: 'diff-engine',
		title: 'B2: sync diff engine, n items per side',
		node: process.version,
		metrics: { modes: MODE_NAMES, rows, growth, logLogSlope: slopes },
		targets,
		notes: [
			'times are CPU time of the benchmark process (user + system, GC threads included), medians; wall times of the same runs are listed too (the machine may be shared: see loadAverage)',
			'baseline = the irreducible work only: the content hash of every local item and the matching keys (self / version-of identifiers) of every remote item, once, on objects in memory; same process, alternated with the diff runs',
			"diff = flatten each researcher's /activities + diffResearcher, on objects in memory: each researcher is timed on its own, so in stream mode the parsing of its JSON text (parseCpuMs, listed) is outside the diff's clock as it is outside the baseline's; neither the engine nor the baseline parses (the node gets items and HTTP answers as objects)",
			"inputs are parsed from JSON text in both modes: no object is shared between the local and the ORCID side (the generator's objects are; real inputs never are)",
			'peak memory = live heap (after a full GC), sampled inside one more diff run: in the first and the last researcher every 256th content hash and every 256th local result the engine makes, once when all its items are resolved and after it; in every k-th researcher between (about 20 in all) the last two (the researchers are alike, and the last holds the most since what the diff keeps only grows; the full GC runs only when the heap with its garbage exceeds the peak so far, which gives the same peak as a GC at every point); minus the heap before any input existed (the code of the bench and the engine loaded and compiled), so the inputs count. rawPeak = the same points without the GC (garbage V8 had not collected yet included; it depends on the heap size V8 chooses, and V8 collects it before it runs out). inputHeapMB = the inputs alone as held: JSON text in stream mode, objects in memory mode',
			"record10k = one researcher with 10,000 works (ORCID's maximum per record), title matching on, memory mode",
			`inputs: researchers of ${PER_RESEARCHER} works; 85% unchanged, 5% changed, 5% lost put code, 5% new; the ORCID side as /activities JSON`,
			'memory mode runs up to 100k items per side by default: at 1M the inputs alone are about 3 GB of objects, and a sync that size streams researchers through the engine (stream mode), which works one researcher at a time',
		],
	};
	const text = `${JSON.stringify(result, null, '\t')}\n`;
	fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
	fs.writeFileSync(out, text);
	for (const t of targets) {
		log(
			`${t.pass ? 'PASS' : 'FAIL'} diff-engine: ${t.name}: ${t.value} ${t.op} ${t.limit}${t.unit ? ` ${t.unit}` : ''}`,
		);
	}
	log(`wrote ${path.relative(process.cwd(), out)}`);
}

if (require.main === module) {
	const args = parseArgs(process.argv.slice(2));
	if (args.child !== undefined) {
		const runs = Number(args.runs) || 5;
		const mode = args.mode === 'memory' ? 'memory' : 'stream';
		const opts = {
			perResearcher: Number(args.per) || PER_RESEARCHER,
			matchByTitle: args.title === true || args.title === 'true',
		};
		process.stdout.write(JSON.stringify(child(Number(args.child), runs, mode, opts)));
	} else {
		try {
			parent(args);
		} catch (error) {
			process.stderr.write(`[bench] ${error.stack || error}\n`);
			process.exit(1);
		}
	}
}

module.exports = {
	loadEngine,
	researcherData,
	makeSource,
	baseline,
	diff,
	generate,
	PER_RESEARCHER,
};

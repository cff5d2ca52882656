'use strict';
/**
 * What the benchmarks share: argument parsing, statistics, the ORCID emulator and a real n8n
 * 2.41.1 with this package, researchers and their tokens, the workflows of bench/workflows,
 * webhook runs timed from outside, and the emulator's call log read back per run.
 *
 * Every benchmark script is `node bench/<name>.js [--quick] [--out FILE]` and writes one JSON
 * result: { name, title, metrics, targets: [{ name, value, limit, op, unit, pass }], notes }.
 */

const fs = require('fs');
const path = require('path');

const { formatTimeline, timelineOf } = require('./timeline');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOWS_DIR = path.join(__dirname, '..', 'workflows');

const MEMBER_CLIENT = { clientId: 'APP-EMUMEMBER0000001', clientSecret: 'emu-member-secret' };
/** ORCID's member API limits (reference/orcid-api.md §4). */
const ORCID_MEMBER_LIMITS = { requestsPerSecond: 24, burst: 40 };

// ---- arguments ------------------------------------------------------------------------------

/** `--name value`, `--name=value` and bare `--flag` (true). */
function parseArgs(argv) {
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) continue;
		const eq = a.indexOf('=');
		if (eq > 0) {
			out[a.slice(2, eq)] = a.slice(eq + 1);
		} else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
			out[a.slice(2)] = argv[++i];
		} else {
			out[a.slice(2)] = true;
		}
	}
	return out;
}

function intArg(args, name, fallback) {
	if (args[name] === undefined || args[name] === true) return fallback;
	const n = Number(args[name]);
	if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
	return n;
}

// ---- statistics -----------------------------------------------------------------------------

function median(values) {
	const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
	if (v.length === 0) return null;
	const m = Math.floor(v.length / 2);
	return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Per metric, the median over runs (each run an object of numbers). */
function medians(runs) {
	const keys = new Set(runs.flatMap((r) => Object.keys(r)));
	const out = {};
	for (const k of keys) {
		const values = runs.map((r) => r[k]);
		if (values.every((x) => typeof x === 'number')) out[k] = median(values);
	}
	return out;
}

function round(x, digits = 3) {
	if (typeof x !== 'number' || !Number.isFinite(x)) return x;
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

/** A target: `value op limit`, e.g. requests per work <= 0.05. */
function target(name, value, op, limit, unit = '') {
	const pass =
		typeof value === 'number' &&
		Number.isFinite(value) &&
		(op === '<=' ? value <= limit : op === '>=' ? value >= limit : value === limit);
	return { name, value: round(value, 4), op, limit, unit, pass };
}

// ---- output ---------------------------------------------------------------------------------

function log(...parts) {
	process.stderr.write(`[bench] ${parts.join(' ')}\n`);
}

/** Writes a benchmark's result to --out (or stdout). */
function emitResult(args, result) {
	const text = `${JSON.stringify(result, null, '\t')}\n`;
	if (typeof args.out === 'string') {
		fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
		fs.writeFileSync(args.out, text);
	} else {
		process.stdout.write(text);
	}
	for (const t of result.targets ?? []) {
		log(
			`${t.pass ? 'PASS' : 'FAIL'} ${result.name}: ${t.name}: ${t.value} ${t.op} ${t.limit}${t.unit ? ` ${t.unit}` : ''}`,
		);
	}
}

/** Runs a benchmark's main, reporting a crash as a non-zero exit (targets failing are not). */
const cleanups = new Set();

/** Registers a stop (n8n, emulator) to run if the benchmark is interrupted; returns its remover. */
function onInterrupt(fn) {
	cleanups.add(fn);
	return () => cleanups.delete(fn);
}

function main(fn) {
	// on a signal: stop what was started (n8n removes its temp folder), then exit; n8n-server.js's
	// exit hook kills whatever is left
	const interrupted = (code) => {
		const timer = setTimeout(() => process.exit(code), 20_000);
		Promise.allSettled([...cleanups].map((f) => f())).then(() => {
			clearTimeout(timer);
			process.exit(code);
		});
	};
	process.once('SIGINT', () => interrupted(130));
	process.once('SIGTERM', () => interrupted(143));
	fn(parseArgs(process.argv.slice(2))).then(
		() => process.exit(0),
		(error) => {
			process.stderr.write(`[bench] ${error.stack || error}\n`);
			process.exit(1);
		},
	);
}

// ---- the emulator ---------------------------------------------------------------------------

async function startBenchEmulator() {
	const { startEmulator } = require(path.join(REPO_ROOT, 'test', 'emulator'));
	const emu = await startEmulator({ port: 0, quiet: true });
	const forget = onInterrupt(() => emu.stop());
	const stop = emu.stop.bind(emu);
	emu.stop = async () => {
		forget();
		await stop();
	};
	return emu;
}

/** ORCID's member limits and the latency profile (seeded), on the emulator. */
async function networkLikeOrcid(emu, seed) {
	await emu.control('PUT', '/_emulator/limits', {
		enabled: true,
		memberRate: ORCID_MEMBER_LIMITS.requestsPerSecond,
		burst: ORCID_MEMBER_LIMITS.burst,
		resetCounters: true,
	});
	await emu.control('PUT', '/_emulator/latency', { enabled: true, seed, resetCounters: true });
}

/** Seeds `count` researchers with empty records and mints each a member token (read + write). */
async function seedResearchers(emu, count) {
	const out = [];
	for (let i = 0; i < count; i++) {
		const profile = await emu.control('POST', '/_emulator/researchers', {
			givenNames: 'Bench',
			familyName: `Researcher ${i + 1}`,
		});
		const token = await emu.control('POST', '/_emulator/tokens', {
			clientId: MEMBER_CLIENT.clientId,
			orcid: profile.orcid,
			scope: '/read-limited /activities/update',
		});
		out.push({ orcid: profile.orcid, accessToken: token.access_token });
	}
	return out;
}

/** The ORCID v3.0 JSON of a benchmark work: unique DOI, title, journal, date, URL. */
function workJson(r, w) {
	return {
		title: { title: { value: `Benchmark work ${w + 1} of researcher ${r + 1}` } },
		'journal-title': { value: 'Journal of Benchmarks' },
		type: 'journal-article',
		'publication-date': { year: { value: String(2000 + (w % 25)) } },
		'external-ids': {
			'external-id': [
				{
					'external-id-type': 'doi',
					'external-id-value': `10.5555/bench.${r + 1}.${w + 1}`,
					'external-id-url': { value: `https://doi.org/10.5555/bench.${r + 1}.${w + 1}` },
					'external-id-relationship': 'self',
				},
			],
		},
		url: { value: `https://example.org/works/${r + 1}/${w + 1}` },
	};
}

/** The vendor's local items: one per work, with the researcher's iD and token. */
function localItems(researchers, worksEach) {
	const items = [];
	researchers.forEach((res, r) => {
		for (let w = 0; w < worksEach; w++) {
			items.push({
				orcid: res.orcid,
				accessToken: res.accessToken,
				localKey: `work-${r + 1}-${w + 1}`,
				itemType: 'work',
				orcidJson: workJson(r, w),
			});
		}
	});
	return items;
}

/** Emulator calls to the ORCID APIs after call id `since` (the control API is not logged). */
async function callsSince(emu, since) {
	const calls = await emu.control('GET', `/_emulator/calls?since=${since}`);
	return calls.filter((c) => c.api === 'member' || c.api === 'public' || c.api === 'oauth');
}

async function lastCallId(emu) {
	const calls = await emu.control('GET', '/_emulator/calls');
	return calls.length ? calls[calls.length - 1].id : 0;
}

/** From the first request's start to the last one's end (ms). */
function spanMs(calls) {
	if (!calls.length) return 0;
	const starts = calls.map((c) => Date.parse(c.time));
	const ends = calls.map((c) => Date.parse(c.time) + (c.durationMs ?? 0));
	return Math.max(...ends) - Math.min(...starts);
}

function meanServed(calls) {
	if (!calls.length) return null;
	return calls.reduce((s, c) => s + (c.durationMs ?? 0) - (c.delayedMs ?? 0), 0) / calls.length;
}

function phaseRate(calls) {
	const ms = spanMs(calls);
	return calls.length > 1 && ms > 0 ? calls.length / (ms / 1000) : null;
}

/** Counts and the span of a run's ORCID traffic. */
function trafficStats(calls) {
	const count = (pred) => calls.filter(pred).length;
	const starts = calls.map((c) => Date.parse(c.time));
	const ends = calls.map((c) => Date.parse(c.time) + (c.durationMs ?? 0));
	return {
		requests: calls.length,
		reads: count((c) => c.method === 'GET'),
		writes: count((c) => c.method === 'POST' || c.method === 'PUT' || c.method === 'DELETE'),
		status503: count((c) => c.status === 503),
		status429: count((c) => c.status === 429),
		otherErrors: count(
			(c) => c.status !== null && c.status >= 400 && c.status !== 503 && c.status !== 429,
		),
		trafficSpanMs: calls.length ? Math.max(...ends) - Math.min(...starts) : 0,
		// requests/s while each phase talks to ORCID: does the HTTP side keep up with the limit?
		readPhaseRequestsPerSecond: phaseRate(calls.filter((c) => c.method === 'GET')),
		writePhaseRequestsPerSecond: phaseRate(calls.filter((c) => c.method !== 'GET')),
		// the emulator's own time per call (without time queued by its limiter)
		emulatorMsPerRead: meanServed(calls.filter((c) => c.method === 'GET')),
		emulatorMsPerWrite: meanServed(calls.filter((c) => c.method !== 'GET')),
		emulatorBusyMs: calls.reduce((s, c) => s + (c.durationMs ?? 0) - (c.delayedMs ?? 0), 0),
		queuedMs: calls.reduce((s, c) => s + (c.delayedMs ?? 0), 0),
	};
}

// ---- PostgreSQL (the templates' tables) -----------------------------------------------------

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', password: '' };

/** A database of its own with workflows-templates/schema.sql; dropped by drop() (or on a signal). */
async function createDatabase(prefix = 'orcid_bench') {
	const { Client } = require('pg');
	const crypto = require('crypto');
	const name = `${prefix}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
	const admin = new Client({ ...PG, database: 'postgres' });
	await admin.connect();
	await admin.query(`CREATE DATABASE "${name}"`);
	await admin.end();
	const db = new Client({ ...PG, database: name });
	await db.connect();
	await db.query(
		fs.readFileSync(path.join(REPO_ROOT, 'workflows-templates', 'schema.sql'), 'utf8'),
	);
	const dropIt = async () => {
		await db.end().catch(() => undefined);
		const a = new Client({ ...PG, database: 'postgres' });
		await a.connect();
		await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
		await a.end();
	};
	const forget = onInterrupt(dropIt);
	return {
		name,
		db,
		credentialData: { ...PG, database: name, ssl: 'disable', maxConnections: 5 },
		async drop() {
			forget();
			await dropIt();
		},
	};
}

/** Inserts rows (arrays of values) into table(columns), in chunks. */
async function insertRows(db, table, columns, rows) {
	const per = Math.floor(30000 / columns.length);
	for (let i = 0; i < rows.length; i += per) {
		const chunk = rows.slice(i, i + per);
		const values = chunk.map(
			(_, k) => `(${columns.map((__, j) => `$${k * columns.length + j + 1}`).join(',')})`,
		);
		await db.query(
			`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values.join(',')}`,
			chunk.flat(),
		);
	}
}

// ---- the least time ORCID allows -------------------------------------------------------------

/** The shortest answer of each kind of call in the emulator's latency profile. */
const { PROFILE } = require('../../test/emulator/lib/latency');
const FASTEST_ANSWER_MS = {
	read: PROFILE.read.minMs,
	write: PROFILE.write.minMs,
	bulk: PROFILE.bulk.minMs,
};

/**
 * The least time ORCID allows for `need` ({requests, lastMs}): its front end lets one request of
 * the client through every 1/24 s (nginx limit_req: the burst is queued and slowed, not let
 * through at once), so the last of N requests goes in (N - 1)/24 s after the first at the
 * earliest, and its answer takes at least the profile's shortest time for its kind (lastMs).
 */
function leastTimeMs(need) {
	return ((need.requests - 1) / ORCID_MEMBER_LIMITS.requestsPerSecond) * 1000 + need.lastMs;
}

// ---- n8n ------------------------------------------------------------------------------------

function n8nServer() {
	return require(path.join(REPO_ROOT, 'scripts', 'n8n-server.js'));
}

/**
 * A real n8n 2.41.1 with the package in `packageDir` (default: the repository, whose dist/
 * `make bench` has just built).
 */
async function startBenchN8n(args, extraEnv = {}) {
	const server = n8nServer();
	server.assertInstalled();
	const dir = path.resolve(typeof args.package === 'string' ? args.package : REPO_ROOT);
	if (!fs.existsSync(path.join(dir, 'dist'))) {
		throw new Error(`${dir}/dist is missing: run \`make build\` (make bench does)`);
	}
	const n8n = await server.startN8n({
		packages: [{ dir }],
		env: {
			// a first run's webhook body carries every local item
			N8N_PAYLOAD_SIZE_MAX: '256',
			N8N_LOG_LEVEL: 'warn',
			// the benchmark reads executions back; keep them
			EXECUTIONS_DATA_PRUNE: 'false',
			...extraEnv,
		},
	});
	const forget = onInterrupt(() => n8n.stop());
	const stop = n8n.stop;
	n8n.stop = async () => {
		forget();
		await stop();
	};
	return n8n;
}

/** The member credential of our nodes, pointed at the emulator. */
function memberCredentialData(emu, limits = ORCID_MEMBER_LIMITS) {
	const { emulatorCredentialData } = require(path.join(REPO_ROOT, 'test', 'emulator'));
	return emulatorCredentialData(emu, {
		clientId: MEMBER_CLIENT.clientId,
		clientSecret: MEMBER_CLIENT.clientSecret,
		requestsPerSecond: limits.requestsPerSecond,
		burst: limits.burst,
	});
}

/** Loads bench/workflows/<file>, with __MEMBER_API__ etc. replaced. */
function loadWorkflow(file, vars) {
	let text = fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8');
	for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`__${k}__`, String(v));
	const wf = JSON.parse(text);
	const left = text.match(/__[A-Z_]+__/);
	if (left) throw new Error(`${file}: placeholder ${left[0]} not given`);
	return wf;
}

/** Imports and activates a workflow; returns { id, url } of its (only) webhook. */
async function deployWorkflow(n8n, workflow, credentials) {
	const created = await n8n.importWorkflow(workflow, { credentials });
	await n8n.activate(created.id);
	const hooks = await n8n.webhookUrls(created);
	if (hooks.length !== 1)
		throw new Error(`${workflow.name}: expected one webhook, found ${hooks.length}`);
	return { id: created.id, name: workflow.name, url: hooks[0].url };
}

/**
 * One run: POSTs `body` to the workflow's webhook (responseMode lastNode: n8n answers when the
 * execution ends), then reads the saved execution back. Wall time is the webhook round trip.
 */
async function runWorkflowOnce(n8n, deployed, body, { timeoutMs = 3_600_000 } = {}) {
	const before = await n8n.executions(deployed.id, { includeData: false, limit: 1 });
	const lastId = before.length ? Number(before[0].id) : 0;
	const payload = JSON.stringify(body);
	const postedAt = Date.now();
	const t0 = performance.now();
	// node:http, not fetch: fetch gives up waiting for headers after 300 s
	const { status, text } = await postJson(deployed.url, payload, timeoutMs);
	const wallMs = performance.now() - t0;
	const answeredAt = Date.now();
	if (status !== 200)
		throw new Error(`${deployed.name}: webhook answered ${status}: ${text.slice(0, 500)}`);

	// the execution is saved as it ends; wait until it is listed
	const deadline = Date.now() + 120_000;
	let execution;
	for (;;) {
		const list = await n8n.executions(deployed.id, { includeData: false, limit: 5 });
		const mine = list.find((e) => Number(e.id) > lastId && e.finished !== undefined && e.stoppedAt);
		if (mine) {
			execution = await n8n.execution(mine.id);
			break;
		}
		if (Date.now() > deadline)
			throw new Error(`${deployed.name}: no saved execution after the run`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		wallMs,
		execution,
		payloadBytes: Buffer.byteLength(payload),
		timeline: timelineOf(execution, postedAt, answeredAt, ORCID_MEMBER_LIMITS.requestsPerSecond),
	};
}

/** POSTs a JSON text; no client-side timeout but `timeoutMs`. */
function postJson(url, payload, timeoutMs) {
	const http = require('http');
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'Content-Length': Buffer.byteLength(payload),
				},
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
				);
				res.on('error', reject);
			},
		);
		req.setTimeout(timeoutMs, () =>
			req.destroy(new Error(`no answer from ${url} in ${timeoutMs} ms`)),
		);
		req.on('error', reject);
		req.end(payload);
	});
}

/** Output `index` of a node's first run in a saved execution ({json, pairedItem} items). */
function nodeItems(execution, nodeName, index = 0) {
	const task = execution.data?.resultData?.runData?.[nodeName]?.[0];
	return task?.data?.main?.[index] ?? [];
}

/** The items' json of nodeItems; [] when the node did not run. */
function nodeOutput(execution, nodeName, index = 0) {
	return nodeItems(execution, nodeName, index).map((i) => i.json);
}

/** The input index an output item came from (n8n's paired item). */
function pairedIndex(item) {
	const p = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return typeof p === 'number' ? p : (p?.item ?? null);
}

/** The node's own execution time (ms) as n8n measured it, null when it did not run. */
function nodeTimeMs(execution, nodeName) {
	const task = execution.data?.resultData?.runData?.[nodeName]?.[0];
	return task ? task.executionTime : null;
}

/** Every node's own execution time (ms), by node name. */
function nodeTimes(execution) {
	const out = {};
	for (const [name, tasks] of Object.entries(execution.data?.resultData?.runData ?? {})) {
		out[name] = tasks.reduce((s, t) => s + (t.executionTime ?? 0), 0);
	}
	return out;
}

function executionError(execution) {
	const e = execution.data?.resultData?.error;
	return e ? `${e.message}${e.description ? ` (${e.description})` : ''}` : null;
}

module.exports = {
	networkLikeOrcid,
	REPO_ROOT,
	FASTEST_ANSWER_MS,
	leastTimeMs,
	formatTimeline,
	WORKFLOWS_DIR,
	MEMBER_CLIENT,
	ORCID_MEMBER_LIMITS,
	parseArgs,
	intArg,
	median,
	medians,
	round,
	target,
	log,
	emitResult,
	main,
	onInterrupt,
	startBenchEmulator,
	seedResearchers,
	createDatabase,
	insertRows,
	workJson,
	localItems,
	callsSince,
	lastCallId,
	trafficStats,
	startBenchN8n,
	memberCredentialData,
	loadWorkflow,
	deployWorkflow,
	runWorkflowOnce,
	nodeItems,
	postJson,
	nodeOutput,
	pairedIndex,
	nodeTimeMs,
	nodeTimes,
	executionError,
};

#!/usr/bin/env node
'use strict';
/**
 * B4: the ORCID emulator's throughput, limiter and latency off, against a bare Node HTTP server
 * answering the same bytes, in the same run. Each server runs in its own process and is driven
 * by several load processes (so that the load generator is not what is measured), alternating,
 * several times; the result is the median of each and their ratio (target: the emulator at
 * least 0.3 of the bare server, so that it is never B1's bottleneck).
 *
 * The work is what a sync asks of ORCID, with nothing cached: every run takes researchers the
 * emulator has never seen (empty records), and each load worker takes the next of them and, for
 * `rounds` rounds, POSTs a bulk of 10 new works to their record (member API, their token) and
 * then reads their /activities, which the write has just changed, so every read is serialised
 * afresh (a cache miss) and the records grow from 10 to 10 × rounds works in every run alike.
 * The bare server answers round k of any researcher with the bytes the emulator gave for round k
 * of a sample researcher (a lookup of the researcher's round in a Map), so both sides send the
 * same requests and answer the same bytes; each side gets the same fixed amount of work, and its
 * rate is requests ÷ (last answer − first request) over all load processes, which start together.
 *
 *   node bench/emulator-throughput.js [--runs 5] [--researchers 300] [--rounds 5]
 *     [--processes 3] [--concurrency 24] [--quick] [--profile DIR] [--out FILE]
 */

const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const c = require('./lib/common');

const REPO = path.resolve(__dirname, '..');
const TARGET_RATIO = 0.3;
const WORKS_PER_BULK = 10;

// ---------- the two servers (child processes) ----------

async function serve(kind, bodyFile) {
	if (kind === 'emulator') {
		const { startEmulator } = require(path.join(REPO, 'test', 'emulator'));
		const emu = await startEmulator({ port: 0, quiet: true, limits: { enabled: false } });
		const { stats } = require(path.join(REPO, 'test', 'emulator', 'lib', 'schema-validate'));
		process.on('exit', () =>
			process.stderr.write(
				`[emulator] ${stats.documents} bodies validated in ${stats.runs} xmllint runs\n`,
			),
		);
		process.stdout.write(`LISTENING ${emu.url} ${emu.memberApi}\n`);
		return;
	}
	// round k (from 1) of a researcher: the k-th POST to their record and the read after it
	const answers = JSON.parse(fs.readFileSync(bodyFile, 'utf8'));
	const encode = (a) => ({ ...a, bytes: Buffer.from(a.body) });
	const posts = answers.posts.map(encode);
	const gets = answers.gets.map(encode);
	const rounds = new Map();
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (x) => chunks.push(x));
		req.on('end', () => {
			// /api/v3.0/{orcid}/works or /activities
			const orcid = req.url.split('/')[3];
			let k = rounds.get(orcid) || 0;
			if (req.method === 'POST') rounds.set(orcid, ++k);
			const list = req.method === 'POST' ? posts : gets;
			const a = list[Math.min(Math.max(k, 1), list.length) - 1];
			res.writeHead(a.status, { 'Content-Type': a.contentType, 'Content-Length': a.bytes.length });
			res.end(a.bytes);
		});
	});
	server.keepAliveTimeout = 5000;
	server.listen(0, '127.0.0.1', () => {
		const url = `http://127.0.0.1:${server.address().port}`;
		process.stdout.write(`LISTENING ${url} ${url}/api\n`);
	});
}

function startChild(args, nodeArgs = []) {
	const child = spawn(process.execPath, [...nodeArgs, __filename, ...args], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (d) => {
			out += d;
			const m = /LISTENING (\S+) (\S+)/.exec(out);
			if (m) resolve({ child, url: m[1], memberApi: m[2] });
		});
		child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
	});
}

/**
 * CPU seconds a process has used so far, in all and by thread: its main thread, worker threads
 * (the emulator's validation worker) and the rest (V8's helpers: compiler, GC). Linux /proc;
 * null elsewhere.
 */
function cpuSeconds(pid) {
	const out = { total: 0, main: 0, worker: 0, other: 0 };
	try {
		for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
			const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
			const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// fields 14 and 15 (utime, stime), counted from the state field (3), in ticks of 10 ms
			const seconds = (Number(f[11]) + Number(f[12])) / 100;
			const kind = tid === String(pid) ? 'main' : comm === 'WorkerThread' ? 'worker' : 'other';
			out[kind] += seconds;
			out.total += seconds;
		}
		return out;
	} catch {
		return null;
	}
}

/** CPU ms per request between two cpuSeconds() readings, by thread kind. */
function cpuPerRequest(before, after, requests) {
	if (!before || !after) return null;
	const out = {};
	for (const k of Object.keys(before)) out[k] = ((after[k] - before[k]) * 1000) / requests;
	return out;
}

// ---------- load (in load processes) ----------

function send(agent, url, method, headers, body) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, agent, headers }, (res) => {
			let size = 0;
			res.on('data', (x) => (size += x.length));
			res.on('end', () => resolve({ status: res.statusCode, size }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

function bulkBody(tag, n) {
	const bulk = Array.from({ length: WORKS_PER_BULK }, (_, i) => ({
		work: {
			title: { title: { value: `Load work ${tag}.${n}.${i}` } },
			type: 'journal-article',
			'external-ids': {
				'external-id': [
					{
						'external-id-type': 'doi',
						'external-id-value': `10.5555/load.${tag}.${n}.${i}`,
						'external-id-relationship': 'self',
					},
				],
			},
		},
	}));
	return JSON.stringify({ bulk });
}

/** One round: a bulk POST of new works to the researcher's record, then a read of it. */
async function round(agent, memberApi, r, body) {
	const auth = { Authorization: `Bearer ${r.accessToken}`, Accept: 'application/json' };
	const p = await send(
		agent,
		`${memberApi}/v3.0/${r.orcid}/works`,
		'POST',
		{ ...auth, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
		body,
	);
	const g = await send(agent, `${memberApi}/v3.0/${r.orcid}/activities`, 'GET', auth);
	return [p, g];
}

/** Every researcher of this process, `rounds` rounds each, by `concurrency` workers. */
async function loadProcess({ memberApi, researchers, rounds, concurrency, tag }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const bodies = researchers.map((_, i) =>
		Array.from({ length: rounds }, (__, k) => bulkBody(tag, i * rounds + k)),
	);
	// start when the parent says so, with every other load process
	await new Promise((resolve) => process.once('message', resolve));
	const cpu0 = process.cpuUsage();
	const start = performance.timeOrigin + performance.now();
	let done = 0;
	let failed = 0;
	let bytes = 0;
	let next = 0;
	async function worker() {
		while (next < researchers.length) {
			const i = next++;
			for (let k = 0; k < rounds; k++) {
				for (const x of await round(agent, memberApi, researchers[i], bodies[i][k])) {
					if (x.status === 200) done++;
					else failed++;
					bytes += x.size;
				}
			}
		}
	}
	await Promise.all(Array.from({ length: concurrency }, worker));
	const end = performance.timeOrigin + performance.now();
	const cpu = process.cpuUsage(cpu0);
	agent.destroy();
	return { done, failed, bytes, start, end, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** `processes` load processes at once against one server: requests/s, CPU, bytes. */
async function load(server, researchers, args, tag) {
	const per = Math.ceil(researchers.length / args.processes);
	const children = Array.from({ length: args.processes }, (_, p) => {
		const job = {
			memberApi: server.memberApi,
			researchers: researchers.slice(p * per, (p + 1) * per),
			rounds: args.rounds,
			concurrency: Math.max(1, Math.round(args.concurrency / args.processes)),
			tag: `${tag}.${p}`,
		};
		const child = spawn(process.execPath, [__filename, '--load', JSON.stringify(job)], {
			stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
		});
		const result = new Promise((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (d) => (out += d));
			child.on('exit', (code) =>
				code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load process exited ${code}`)),
			);
		});
		return { child, result };
	});
	// let them load their modules and bodies, then start them together
	await new Promise((resolve) => setTimeout(resolve, 300));
	const cpu0 = cpuSeconds(server.child.pid);
	for (const ch of children) ch.child.send('go');
	const results = await Promise.all(children.map((ch) => ch.result));
	const cpu1 = cpuSeconds(server.child.pid);
	const done = results.reduce((s, r) => s + r.done, 0);
	const failed = results.reduce((s, r) => s + r.failed, 0);
	const bytes = results.reduce((s, r) => s + r.bytes, 0);
	const elapsed =
		(Math.max(...results.map((r) => r.end)) - Math.min(...results.map((r) => r.start))) / 1000;
	const loadCpu = results.reduce((s, r) => s + r.cpuSeconds, 0);
	return {
		rps: done / elapsed,
		failed,
		elapsed,
		bytesPerRequest: bytes / (done + failed),
		serverCpu: cpuPerRequest(cpu0, cpu1, done + failed),
		loadCpuCores: loadCpu / elapsed,
	};
}

// ---------- the benchmark ----------

async function control(emu, method, p, body) {
	const res = await fetch(`${emu.url}${p}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body ? JSON.stringify(body) : undefined,
	});
	if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
	return await res.json();
}

/** `count` new researchers with empty records, each with a member token to write them. */
async function newResearchers(emu, count, tag) {
	const one = async (i) => {
		const p = await control(emu, 'POST', '/_emulator/researchers', {
			givenNames: 'Load',
			familyName: `${tag}-${i}`,
		});
		const t = await control(emu, 'POST', '/_emulator/tokens', {
			clientId: c.MEMBER_CLIENT.clientId,
			orcid: p.orcid,
			scope: '/read-limited /activities/update',
		});
		return { orcid: p.orcid, accessToken: t.access_token };
	};
	const out = [];
	for (let i = 0; i < count; i += 20)
		out.push(
			...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => one(i + j)))),
		);
	return out;
}

/** What the emulator answers a new researcher's rounds 1..rounds: the bare server's bytes. */
async function sampleAnswers(emu, rounds) {
	const [r0] = await newResearchers(emu, 1, 'sample');
	const auth = { Authorization: `Bearer ${r0.accessToken}`, Accept: 'application/json' };
	const answers = { posts: [], gets: [] };
	const keep = async (res) => ({
		status: res.status,
		contentType: res.headers.get('content-type'),
		body: await res.text(),
	});
	for (let k = 0; k < rounds; k++) {
		const post = await fetch(`${emu.memberApi}/v3.0/${r0.orcid}/works`, {
			method: 'POST',
			headers: { ...auth, 'Content-Type': 'application/json' },
			body: bulkBody('sample', k),
		});
		answers.posts.push(await keep(post));
		const get = await fetch(`${emu.memberApi}/v3.0/${r0.orcid}/activities`, { headers: auth });
		answers.gets.push(await keep(get));
	}
	for (const a of [...answers.posts, ...answers.gets])
		if (a.status !== 200) throw new Error(`emulator answered ${a.status}: ${a.body.slice(0, 300)}`);
	return answers;
}

function summarise(opts, runs, answers, started, load) {
	const m = c.medians(runs);
	const worstFailed = Math.max(...runs.map((r) => r.failed));
	const sizes = answers.gets.map((g) => Buffer.byteLength(g.body));
	return {
		name: 'B4',
		title:
			'Emulator throughput vs a bare Node server: cache-miss reads and bulk POSTs, several load processes',
		config: {
			...opts,
			worksPerBulk: WORKS_PER_BULK,
			requestsPerSide: opts.researchers * opts.rounds * 2,
			cpus: os.cpus().length,
			seconds: Math.round((Date.now() - started) / 1000),
		},
		metrics: m,
		table: {
			columns: ['', 'emulator', 'bare Node server'],
			rows: [
				['requests/s (median)', Math.round(m.emulatorRps), Math.round(m.bareRps)],
				['emulator ÷ bare (median of per-run ratios)', m.ratio, 1],
				['server CPU ms per request (median)', m.emulatorCpuMs, m.bareCpuMs],
				['… of which main thread', m.emulatorCpuMsMain, m.bareCpuMsMain],
				['… of which XSD validation worker', m.emulatorCpuMsWorker, 0],
				["… of which V8's helper threads (GC, compiler)", m.emulatorCpuMsOther, m.bareCpuMsOther],
				['load processes: CPU cores busy (median)', m.emulatorLoadCores, m.bareLoadCores],
				[
					'bytes answered per request (median)',
					Math.round(m.emulatorBytes),
					Math.round(m.bareBytes),
				],
			],
		},
		runs,
		targets: [
			c.target(
				'emulator req/s ÷ bare Node server req/s (same requests, same run)',
				m.ratio,
				'>=',
				TARGET_RATIO,
			),
			c.target('failed requests (worst run)', worstFailed, '==', 0),
		],
		notes: [
			`Per run and side: ${opts.researchers} researchers new to the emulator (empty records), spread over ${opts.processes} load processes (${opts.concurrency} workers in all); each worker takes the next researcher and does ${opts.rounds} rounds of a bulk POST of ${WORKS_PER_BULK} new works with their token, then GET /activities of the record just changed (never cached): ${opts.researchers * opts.rounds * 2} requests per side per run.`,
			`The bare server answers round k of a researcher with the bytes the emulator answered round k of a sample researcher (GET /activities ${sizes[0]} bytes at round 1 to ${sizes[sizes.length - 1]} at round ${opts.rounds}); "bytes answered per request" shows both sides sent the same.`,
			'Limiter and latency off; both servers in processes of their own, warmed up by a third of a run each first; the order alternates between runs; rate = requests ÷ (last answer − first request), the load processes starting together. Server CPU per request is read from /proc; "CPU cores busy" of the load processes shows whether they, not the server, were the limit (the machine has ' +
				`${os.cpus().length} cores).`,
			`Load average ${load[0].map((x) => x.toFixed(2)).join(' ')} at the start, ${load[1].map((x) => x.toFixed(2)).join(' ')} at the end.`,
		],
	};
}

function cpuText(cpu) {
	if (!cpu) return 'n/a';
	return `${c.round(cpu.total)}: main ${c.round(cpu.main)}, worker ${c.round(cpu.worker)}, V8 ${c.round(cpu.other)}`;
}

async function run(args) {
	const quick = args.quick === true;
	const opts = {
		runs: c.intArg(args, 'runs', quick ? 3 : 5),
		researchers: c.intArg(args, 'researchers', quick ? 100 : 300),
		rounds: c.intArg(args, 'rounds', quick ? 3 : 5),
		processes: c.intArg(args, 'processes', 3),
		concurrency: c.intArg(args, 'concurrency', 24),
	};
	const children = [];
	const tmp = path.join(os.tmpdir(), `orcid-emu-bench-${process.pid}.json`);
	const started = Date.now();
	const loadStart = os.loadavg();
	try {
		// --profile DIR: a V8 CPU profile of the emulator's process (and its worker threads)
		const prof = args.profile ? ['--cpu-prof', '--cpu-prof-dir', String(args.profile)] : [];
		const emu = await startChild(['--serve', 'emulator'], prof);
		children.push(emu.child);
		const answers = await sampleAnswers(emu, opts.rounds);
		fs.writeFileSync(tmp, JSON.stringify(answers));
		const bare = await startChild(['--serve', 'bare', '--body', tmp]);
		children.push(bare.child);

		// a warm-up of both sides (JIT, sockets, the validation worker), not counted
		const warm = await newResearchers(emu, Math.ceil(opts.researchers / 3), 'warm-up');
		for (const server of [emu, bare]) await load(server, warm, opts, 'warm-up');

		const runs = [];
		for (let i = 0; i < opts.runs; i++) {
			// new researchers every run, so that every run writes and reads the same record sizes
			const researchers = await newResearchers(emu, opts.researchers, `r${i}`);
			// alternate the order so neither server always runs on a warmer machine
			const order = i % 2 ? ['emulator', 'bare'] : ['bare', 'emulator'];
			const r = {};
			for (const which of order)
				r[which] = await load(which === 'emulator' ? emu : bare, researchers, opts, `r${i}`);
			runs.push({
				emulatorRps: r.emulator.rps,
				bareRps: r.bare.rps,
				ratio: r.emulator.rps / r.bare.rps,
				failed: r.emulator.failed + r.bare.failed,
				emulatorCpuMs: r.emulator.serverCpu?.total,
				bareCpuMs: r.bare.serverCpu?.total,
				emulatorCpuMsMain: r.emulator.serverCpu?.main,
				emulatorCpuMsWorker: r.emulator.serverCpu?.worker,
				emulatorCpuMsOther: r.emulator.serverCpu?.other,
				bareCpuMsMain: r.bare.serverCpu?.main,
				bareCpuMsOther: r.bare.serverCpu?.other,
				emulatorLoadCores: r.emulator.loadCpuCores,
				bareLoadCores: r.bare.loadCpuCores,
				emulatorBytes: r.emulator.bytesPerRequest,
				bareBytes: r.bare.bytesPerRequest,
				emulatorSeconds: r.emulator.elapsed,
				bareSeconds: r.bare.elapsed,
			});
			c.log(
				`B4 #${i + 1}: emulator ${Math.round(r.emulator.rps)} req/s (CPU ms/req ${cpuText(r.emulator.serverCpu)}), bare ${Math.round(r.bare.rps)} req/s (${cpuText(r.bare.serverCpu)}), ratio ${c.round(r.emulator.rps / r.bare.rps)}`,
			);
		}
		const result = summarise(opts, runs, answers, started, [loadStart, os.loadavg()]);
		c.emitResult(args, result);
		return result;
	} finally {
		for (const ch of children) ch.kill('SIGTERM');
		fs.rmSync(tmp, { force: true });
	}
}

const argv = process.argv.slice(2);
if (argv[0] === '--serve') {
	// exit normally on SIGTERM so that --cpu-prof writes its profile
	process.on('SIGTERM', () => process.exit(0));
	serve(argv[1], argv[3]).catch((e) => {
		console.error(e);
		process.exit(1);
	});
} else if (argv[0] === '--load') {
	loadProcess(JSON.parse(argv[1])).then(
		(r) => {
			process.stdout.write(JSON.stringify(r));
			process.disconnect();
		},
		(e) => {
			console.error(e);
			process.exit(1);
		},
	);
} else if (require.main === module) {
	c.main(run);
}

module.exports = { run };

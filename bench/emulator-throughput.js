#!/usr/bin/env node
'use strict';
/**
 * B4: the ORCID emulator's throughput, limiter and latency off, against a bare Node HTTP server
 * answering the same bytes, in the same run. Each server runs in its own process and is driven
 * by several load processes (so that the load generator is not what is measured), alternating,
 * several times; the result is the median of each and their ratio (target: the emulator at
 * least 0.3 of the bare server, so that it is never B1's bottleneck).
 *
 * The work is what a sync asks of ORCID, with nothing cached: each load worker takes the next
 * of many researchers, POSTs a bulk of 10 new works to their record (member API, their token)
 * and then reads their /activities, which the write has just changed, so every read is
 * serialised afresh (a cache miss). The bare server answers the same two requests with the
 * bytes the emulator gave for them.
 *
 *   node bench/emulator-throughput.js [--runs 5] [--seconds 3] [--processes 3]
 *     [--concurrency 24] [--researchers 300] [--quick] [--out FILE]
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
		process.stdout.write(`LISTENING ${emu.url} ${emu.memberApi}\n`);
		return;
	}
	const answers = JSON.parse(fs.readFileSync(bodyFile, 'utf8'));
	const get = Buffer.from(answers.get.body);
	const post = Buffer.from(answers.post.body);
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (x) => chunks.push(x));
		req.on('end', () => {
			const a = req.method === 'POST' ? answers.post : answers.get;
			const payload = req.method === 'POST' ? post : get;
			res.writeHead(a.status, { 'Content-Type': a.contentType, 'Content-Length': payload.length });
			res.end(payload);
		});
	});
	server.keepAliveTimeout = 5000;
	server.listen(0, '127.0.0.1', () => {
		const url = `http://127.0.0.1:${server.address().port}`;
		process.stdout.write(`LISTENING ${url} ${url}/api\n`);
	});
}

function startChild(args) {
	const child = spawn(process.execPath, [__filename, ...args], {
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

/** Pairs (bulk POST, then GET /activities) per worker, for `seconds`; requests/s completed. */
async function loadProcess({ memberApi, researchers, seconds, concurrency, tag }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	let done = 0;
	let failed = 0;
	let next = 0;
	let n = 0;
	const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
	const start = process.hrtime.bigint();
	async function worker() {
		while (process.hrtime.bigint() < deadline) {
			const r = researchers[next++ % researchers.length];
			const auth = { Authorization: `Bearer ${r.accessToken}`, Accept: 'application/json' };
			const body = bulkBody(tag, n++);
			const p = await send(
				agent,
				`${memberApi}/v3.0/${r.orcid}/works`,
				'POST',
				{ ...auth, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
				body,
			);
			const g = await send(agent, `${memberApi}/v3.0/${r.orcid}/activities`, 'GET', auth);
			for (const x of [p, g])
				if (x.status === 200) done++;
				else failed++;
		}
	}
	await Promise.all(Array.from({ length: concurrency }, worker));
	const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
	agent.destroy();
	return { done, failed, elapsed };
}

/** `processes` load processes at once against one server; total requests/s. */
async function load(server, researchers, args, tag) {
	const per = Math.ceil(researchers.length / args.processes);
	const results = await Promise.all(
		Array.from({ length: args.processes }, (_, p) => {
			const job = {
				memberApi: server.memberApi,
				researchers: researchers.slice(p * per, (p + 1) * per),
				seconds: args.seconds,
				concurrency: Math.max(1, Math.round(args.concurrency / args.processes)),
				tag: `${tag}.${p}`,
			};
			const child = spawn(process.execPath, [__filename, '--load', JSON.stringify(job)], {
				stdio: ['ignore', 'pipe', 'inherit'],
			});
			return new Promise((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (d) => (out += d));
				child.on('exit', (code) =>
					code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load process exited ${code}`)),
				);
			});
		}),
	);
	const done = results.reduce((s, r) => s + r.done, 0);
	const failed = results.reduce((s, r) => s + r.failed, 0);
	const elapsed = Math.max(...results.map((r) => r.elapsed));
	return { rps: done / elapsed, failed };
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

async function run(args) {
	const quick = args.quick === true;
	const opts = {
		runs: c.intArg(args, 'runs', quick ? 3 : 5),
		seconds: c.intArg(args, 'seconds', quick ? 2 : 3),
		processes: c.intArg(args, 'processes', 3),
		concurrency: c.intArg(args, 'concurrency', 24),
		researchers: c.intArg(args, 'researchers', quick ? 60 : 300),
	};
	const children = [];
	const tmp = path.join(os.tmpdir(), `orcid-emu-bench-${process.pid}.json`);
	const started = Date.now();
	try {
		const emu = await startChild(['--serve', 'emulator']);
		children.push(emu.child);
		const researchers = [];
		for (let i = 0; i < opts.researchers; i++) {
			const p = await control(emu, 'POST', '/_emulator/researchers', {
				givenNames: 'Load',
				familyName: `R${i}`,
			});
			const t = await control(emu, 'POST', '/_emulator/tokens', {
				clientId: c.MEMBER_CLIENT.clientId,
				orcid: p.orcid,
				scope: '/read-limited /activities/update',
			});
			researchers.push({ orcid: p.orcid, accessToken: t.access_token });
		}
		// the bare server's answers: what the emulator answers to the same two requests
		const r0 = researchers[0];
		const auth = { Authorization: `Bearer ${r0.accessToken}`, Accept: 'application/json' };
		const postRes = await fetch(`${emu.memberApi}/v3.0/${r0.orcid}/works`, {
			method: 'POST',
			headers: { ...auth, 'Content-Type': 'application/json' },
			body: bulkBody('sample', 0),
		});
		const getRes = await fetch(`${emu.memberApi}/v3.0/${r0.orcid}/activities`, { headers: auth });
		const answers = {
			post: {
				status: postRes.status,
				contentType: postRes.headers.get('content-type'),
				body: await postRes.text(),
			},
			get: {
				status: getRes.status,
				contentType: getRes.headers.get('content-type'),
				body: await getRes.text(),
			},
		};
		if (answers.post.status !== 200 || answers.get.status !== 200)
			throw new Error(`emulator answered ${answers.post.status} / ${answers.get.status}`);
		fs.writeFileSync(tmp, JSON.stringify(answers));
		const bare = await startChild(['--serve', 'bare', '--body', tmp]);
		children.push(bare.child);

		const runs = [];
		for (let i = 0; i < opts.runs; i++) {
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
			});
			c.log(
				`B4 #${i + 1}: emulator ${Math.round(r.emulator.rps)} req/s, bare ${Math.round(r.bare.rps)} req/s`,
			);
		}
		const m = c.medians(runs);
		const worstFailed = Math.max(...runs.map((r) => r.failed));
		const result = {
			name: 'B4',
			title:
				'Emulator throughput vs a bare Node server: cache-miss reads and bulk POSTs, several load processes',
			config: {
				...opts,
				worksPerBulk: WORKS_PER_BULK,
				cpus: os.cpus().length,
				seconds: Math.round((Date.now() - started) / 1000),
				durationPerLoad: opts.seconds,
			},
			metrics: m,
			table: {
				columns: ['', 'emulator', 'bare Node server'],
				rows: [
					['requests/s (median)', Math.round(m.emulatorRps), Math.round(m.bareRps)],
					['emulator ÷ bare (median of per-run ratios)', m.ratio, 1],
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
				`Each load worker: the next researcher (${opts.researchers} of them, spread over ${opts.processes} load processes, ${opts.concurrency} workers in all), a bulk POST of ${WORKS_PER_BULK} new works with their token, then GET /activities of the record just changed (not cached).`,
				`The bare server answers the same two requests with the bytes the emulator gave for them (GET ${Buffer.byteLength(answers.get.body)} bytes at the start; the emulator's answers grow as records fill).`,
				'Limiter and latency off; both servers in processes of their own; the order alternates between runs.',
			],
		};
		c.emitResult(args, result);
		return result;
	} finally {
		for (const ch of children) ch.kill('SIGTERM');
		fs.rmSync(tmp, { force: true });
	}
}

const argv = process.argv.slice(2);
if (argv[0] === '--serve') {
	serve(argv[1], argv[3]).catch((e) => {
		console.error(e);
		process.exit(1);
	});
} else if (argv[0] === '--load') {
	loadProcess(JSON.parse(argv[1])).then(
		(r) => process.stdout.write(JSON.stringify(r)),
		(e) => {
			console.error(e);
			process.exit(1);
		},
	);
} else if (require.main === module) {
	c.main(run);
}

module.exports = { run };

#!/usr/bin/env node
'use strict';
/**
 * B4: the ORCID emulator's throughput, limiter off, against a bare Node HTTP server answering the
 * same JSON, in the same run. Each server runs in its own process; this process drives both with
 * the same keep-alive load (a fixed number of requests in flight for a fixed time), alternating,
 * several times; the result is the median of each and their ratio (target: the emulator at least
 * 0.3 of the bare server).
 *
 *   node bench/emulator-throughput.js [--runs 5] [--seconds 2] [--concurrency 32] [--out FILE]
 *
 * The request: GET /pub/v3.0/{orcid}/record with Accept: application/vnd.orcid+json, anonymous,
 * for ORCID's own sample record (record-full-3.0.json) seeded through the control API.
 */

const http = require('http');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const REPO = path.resolve(__dirname, '..');
const SAMPLE = path.resolve(
	REPO,
	'../shared/orcid-model/record_3.0/samples/read_samples/record-full-3.0.json',
);
const ORCID = '0000-0002-7319-2192';
const TARGET_RATIO = 0.3;

function parseArgs(argv) {
	const out = {
		runs: 5,
		seconds: 2,
		concurrency: 32,
		out: path.join(__dirname, 'results', 'emulator.json'),
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--runs') out.runs = Number(argv[++i]);
		else if (a === '--seconds') out.seconds = Number(argv[++i]);
		else if (a === '--concurrency') out.concurrency = Number(argv[++i]);
		else if (a === '--out') out.out = path.resolve(argv[++i]);
		else if (a === '--serve') out.serve = argv[++i];
		else if (a === '--body') out.body = argv[++i];
		else throw new Error(`Unknown option ${a}`);
	}
	return out;
}

// ---------- the two servers (child processes) ----------

async function serve(kind, bodyFile) {
	if (kind === 'emulator') {
		const { startEmulator } = require(path.join(REPO, 'test', 'emulator'));
		const emu = await startEmulator({ port: 0, quiet: true, limits: { enabled: false } });
		process.stdout.write(`LISTENING ${emu.url}\n`);
		return;
	}
	const { body, contentType } = JSON.parse(fs.readFileSync(bodyFile, 'utf8'));
	const payload = Buffer.from(body);
	const server = http.createServer((req, res) => {
		res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': payload.length });
		res.end(payload);
	});
	server.keepAliveTimeout = 5000;
	server.listen(0, '127.0.0.1', () => {
		process.stdout.write(`LISTENING http://127.0.0.1:${server.address().port}\n`);
	});
}

function startChild(args) {
	const child = spawn(process.execPath, [__filename, ...args], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (c) => {
			out += c;
			const m = /LISTENING (\S+)/.exec(out);
			if (m) resolve({ child, url: m[1] });
		});
		child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
	});
}

// ---------- load ----------

function request(agent, url, headers) {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { agent, headers }, (res) => {
			let size = 0;
			res.on('data', (c) => (size += c.length));
			res.on('end', () => resolve({ status: res.statusCode, size }));
		});
		req.on('error', reject);
	});
}

/** Requests completed per second with `concurrency` in flight for `seconds`. */
async function load(url, headers, { seconds, concurrency }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	// warm up the connections and the caches
	await Promise.all(Array.from({ length: concurrency }, () => request(agent, url, headers)));
	let done = 0;
	let failed = 0;
	const start = process.hrtime.bigint();
	const deadline = start + BigInt(Math.round(seconds * 1e9));
	async function worker() {
		while (process.hrtime.bigint() < deadline) {
			const r = await request(agent, url, headers);
			if (r.status === 200) done += 1;
			else failed += 1;
		}
	}
	await Promise.all(Array.from({ length: concurrency }, worker));
	const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
	agent.destroy();
	return { rps: done / elapsed, failed };
}

function median(values) {
	const s = [...values].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.serve) return serve(args.serve, args.body);

	const children = [];
	const tmp = path.join(require('os').tmpdir(), `orcid-emu-bench-${process.pid}.json`);
	try {
		const emu = await startChild(['--serve', 'emulator']);
		children.push(emu.child);
		const seed = await fetch(`${emu.url}/_emulator/records/${ORCID}`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: fs.readFileSync(SAMPLE, 'utf8'),
		});
		if (!seed.ok) throw new Error(`seeding failed: ${seed.status} ${await seed.text()}`);
		const headers = { Accept: 'application/vnd.orcid+json' };
		const emuUrl = `${emu.url}/pub/v3.0/${ORCID}/record`;
		const sample = await fetch(emuUrl, { headers });
		const body = await sample.text();
		if (sample.status !== 200) throw new Error(`emulator answered ${sample.status}: ${body}`);
		fs.writeFileSync(
			tmp,
			JSON.stringify({ body, contentType: sample.headers.get('content-type') }),
		);
		const bare = await startChild(['--serve', 'bare', '--body', tmp]);
		children.push(bare.child);
		const bareUrl = `${bare.url}/pub/v3.0/${ORCID}/record`;

		const runs = [];
		for (let i = 0; i < args.runs; i++) {
			// alternate the order so neither server always runs on a warmer machine
			const order = i % 2 ? ['emulator', 'bare'] : ['bare', 'emulator'];
			const run = {};
			for (const which of order) {
				run[which] = await load(which === 'emulator' ? emuUrl : bareUrl, headers, args);
			}
			runs.push({
				emulator: Math.round(run.emulator.rps),
				bare: Math.round(run.bare.rps),
				failed: run.emulator.failed + run.bare.failed,
			});
			console.log(`run ${i + 1}: emulator ${runs[i].emulator} req/s, bare ${runs[i].bare} req/s`);
		}
		const medEmu = median(runs.map((r) => r.emulator));
		const medBare = median(runs.map((r) => r.bare));
		const ratio = medEmu / medBare;
		const result = {
			benchmark: 'B4 emulator throughput',
			date: new Date().toISOString(),
			node: process.version,
			cpus: require('os').cpus().length,
			request: `GET /pub/v3.0/${ORCID}/record (JSON, ${Buffer.byteLength(body)} bytes, anonymous, limiter off)`,
			seconds: args.seconds,
			concurrency: args.concurrency,
			runs,
			medianEmulatorRps: Math.round(medEmu),
			medianBareRps: Math.round(medBare),
			ratio: Number(ratio.toFixed(3)),
			target: TARGET_RATIO,
			pass: ratio >= TARGET_RATIO && runs.every((r) => r.failed === 0),
		};
		fs.mkdirSync(path.dirname(args.out), { recursive: true });
		fs.writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
		console.log(
			`B4 emulator throughput: emulator ${result.medianEmulatorRps} req/s, bare ${result.medianBareRps} req/s, ratio ${result.ratio} (target >= ${TARGET_RATIO}) ${result.pass ? 'PASS' : 'FAIL'}`,
		);
		console.log(`written ${path.relative(process.cwd(), args.out)}`);
		if (!result.pass) process.exitCode = 1;
	} finally {
		for (const c of children) c.kill('SIGTERM');
		fs.rmSync(tmp, { force: true });
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
/**
 * `make bench`: runs B1-B5, each as its own process (`node bench/<script> [--quick]
 * [--package DIR] --out FILE`), and writes bench/results/latest.json, latest.md (the table)
 * and latest.svg (the chart); prints PASS or FAIL per target. Exit code 1 when a target
 * fails or a benchmark is missing or crashed.
 *
 *   node bench/run.js [--quick] [--only B1,B3] [--package DIR] [--results DIR]
 *     [--B1="--researchers 100 --runs 3"] (options passed to one benchmark's script; note the =)
 *     [--import B1=FILE] (a result file of one benchmark run on its own)
 *     [--merge] (with --only: keep the other benchmarks' results from the previous latest.json)
 *   node bench/run.js --render [--results DIR]   (latest.md/svg and the README block again)
 */

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseArgs } = require('./lib/common');
const report = require('./lib/report');

const BENCHMARKS = [
	{
		id: 'B1',
		script: 'sync-throughput.js',
		title: 'Sync throughput with the latency profile',
		needsN8n: true,
	},
	{ id: 'B2', script: 'diff-engine.js', title: 'Diff engine: time, memory, growth' },
	{
		id: 'B3',
		script: 'node-overhead.js',
		title: 'Per-item overhead vs HTTP Request node',
		needsN8n: true,
	},
	{ id: 'B4', script: 'emulator-throughput.js', title: 'Emulator throughput vs bare Node HTTP' },
	{
		id: 'B5',
		script: 'template-scale.js',
		title: 'Template 04 at 200 and 2,000 researchers in n8n',
		needsN8n: true,
	},
];

function runOne(b, args, outFile) {
	const script = path.join(__dirname, b.script);
	if (!fs.existsSync(script)) {
		return Promise.resolve({ status: 'missing', error: `bench/${b.script} does not exist yet` });
	}
	const source = fs.readFileSync(script, 'utf8');
	const argv = [script, '--out', outFile];
	// --quick only to scripts that know it (an unknown option makes some exit)
	const quickUnsupported = args.quick === true && !source.includes('quick');
	if (args.quick === true && !quickUnsupported) argv.push('--quick');
	if (b.needsN8n && typeof args.package === 'string') argv.push('--package', args.package);
	// `--B1="--researchers 100 --runs 3"`: options for one benchmark (recorded in the report)
	if (typeof args[b.id] === 'string') argv.push(...args[b.id].split(/\s+/).filter(Boolean));
	fs.rmSync(outFile, { force: true });
	const t0 = Date.now();
	return new Promise((resolve) => {
		const child = spawn(process.execPath, argv, { stdio: ['ignore', 'inherit', 'pipe'] });
		const stop = (signal) => {
			child.kill(signal);
			child.once('exit', () => process.exit(signal === 'SIGINT' ? 130 : 143));
		};
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
		child.once('exit', () => {
			process.removeListener('SIGINT', stop);
			process.removeListener('SIGTERM', stop);
		});
		let tail = '';
		child.stderr.on('data', (d) => {
			process.stderr.write(d);
			tail = (tail + d.toString('utf8')).slice(-4000);
		});
		child.on('exit', (code, signal) => {
			const durationMs = Date.now() - t0;
			const last = tail.trim().split('\n').slice(-3).join(' / ');
			let result = null;
			let problem = null;
			try {
				result = normalise(b, JSON.parse(fs.readFileSync(outFile, 'utf8')));
			} catch (e) {
				problem = e.code === 'ENOENT' ? 'wrote no result' : `unreadable result: ${e.message}`;
			}
			// a script may exit 1 because a target failed; its result still counts
			if (result) {
				const notes = [];
				if (code !== 0) notes.push(`exited ${code ?? signal} (a failed target)`);
				if (quickUnsupported) notes.push('does not support --quick: ran at full size');
				resolve({ status: 'ok', durationMs, result, ...(notes.length ? { runNotes: notes } : {}) });
			} else {
				resolve({
					status: 'error',
					durationMs,
					error: `exit ${code ?? signal}, ${problem}: ${last}`,
				});
			}
		});
	});
}

/**
 * The result shape every script should write is { name, title, metrics, targets: [...] }
 * (bench/README.md). A result with one overall `pass`, a `ratio` and its `target` (an older
 * shape) becomes one target.
 */
function normalise(b, r) {
	if (!r || typeof r !== 'object') throw new Error('not a JSON object');
	if (Array.isArray(r.targets)) return r;
	if (typeof r.pass === 'boolean' && typeof r.ratio === 'number' && typeof r.target === 'number') {
		const metrics = {};
		for (const [k, v] of Object.entries(r)) if (typeof v === 'number') metrics[k] = v;
		return {
			name: b.id,
			title: r.benchmark ?? r.title ?? b.title,
			config: r.request ? { request: r.request } : undefined,
			metrics,
			targets: [
				{
					name:
						r.medianEmulatorRps !== undefined
							? 'emulator req/s ÷ bare Node server req/s, same JSON, same run'
							: 'ratio',
					value: r.ratio,
					op: '>=',
					limit: r.target,
					unit: '',
					pass: r.pass,
				},
			],
			notes: [
				"(converted from the script's own result shape: one overall pass, a ratio and its target)",
			],
			raw: r,
		};
	}
	throw new Error('no "targets" array');
}

const DEFAULT_RESULTS = path.join(__dirname, 'results');
const README = path.join(__dirname, 'README.md');
const START = '<!-- latest results: written by bench/run.js -->';
const END = '<!-- end of latest results -->';

/** Puts the latest summary between the markers in bench/README.md. */
function updateReadme(full) {
	if (!fs.existsSync(README)) return;
	const text = fs.readFileSync(README, 'utf8');
	const a = text.indexOf(START);
	const b = text.indexOf(END);
	if (a < 0 || b < a) return;
	const block = [START, '', ...report.summary(full, 'results/latest.svg'), '', END].join('\n');
	fs.writeFileSync(README, text.slice(0, a) + block + text.slice(b + END.length));
}

/** latest.md, latest.svg and the README block from a run's JSON. */
function render(full, resultsDir) {
	fs.writeFileSync(path.join(resultsDir, 'latest.md'), report.markdown(full));
	fs.writeFileSync(path.join(resultsDir, 'latest.svg'), report.svg(full));
	if (resultsDir === DEFAULT_RESULTS) updateReadme(full);
}

function gitCommit() {
	try {
		return require('child_process')
			.execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8' })
			.trim();
	} catch {
		return null;
	}
}

function machine() {
	const cpus = os.cpus();
	return {
		cpus: cpus.length,
		cpuModel: (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim(),
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		node: process.version,
		platform: `${os.type()} ${os.release()}`,
		loadAverageStart: os
			.loadavg()
			.map((x) => x.toFixed(2))
			.join(' '),
	};
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const only = typeof args.only === 'string' ? args.only.toUpperCase().split(',') : null;
	const resultsDir = path.resolve(
		typeof args.results === 'string' ? args.results : DEFAULT_RESULTS,
	);
	const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-bench-'));
	if (args.render === true) {
		render(JSON.parse(fs.readFileSync(path.join(resultsDir, 'latest.json'), 'utf8')), resultsDir);
		return;
	}
	const info = machine();
	const startedAt = new Date().toISOString();
	// the commit the run starts from (what `make bench` has just built)
	const commit = gitCommit();
	const entries = [];
	// --import B1=FILE: a benchmark's result file from a run of its script on its own
	const imported = new Map(
		(typeof args.import === 'string' ? args.import.split(',') : []).map((x) => x.split('=')),
	);
	for (const [id, file] of imported) {
		const b = BENCHMARKS.find((x) => x.id === id);
		const ranAt = fs.statSync(file).mtime.toISOString();
		const result = normalise(b, JSON.parse(fs.readFileSync(file, 'utf8')));
		result.notes = [
			...(result.notes ?? []),
			`Ran on its own (finished ${ranAt}), imported into this report.`,
		];
		entries.push({
			id,
			script: `bench/${b.script}`,
			title: b.title,
			ranAt,
			status: 'ok',
			result,
			durationMs: (result.config?.seconds ?? 0) * 1000,
		});
	}
	for (const b of BENCHMARKS) {
		if (only && !only.includes(b.id)) continue;
		if (imported.has(b.id)) continue;
		process.stderr.write(`\n[bench] ==== ${b.id}: ${b.title} (bench/${b.script}) ====\n`);
		const ranAt = new Date().toISOString();
		const outcome = await runOne(b, args, path.join(tmpDir, `${b.id}.json`));
		entries.push({ id: b.id, script: `bench/${b.script}`, title: b.title, ranAt, ...outcome });
	}
	// --merge: the benchmarks not run now keep their results from the previous latest.json,
	// each saying when and from which commit it ran
	if (args.merge === true && fs.existsSync(path.join(resultsDir, 'latest.json'))) {
		const previous = JSON.parse(fs.readFileSync(path.join(resultsDir, 'latest.json'), 'utf8'));
		for (const old of previous.benchmarks ?? []) {
			if (entries.some((e) => e.id === old.id)) continue;
			const ranAt = old.ranAt ?? previous.startedAt;
			const note = `Ran ${ranAt} (commit ${previous.commit ?? '?'}), in an earlier invocation of bench/run.js merged into this report.`;
			if (old.result && !(old.result.notes ?? []).includes(note))
				old.result.notes = [...(old.result.notes ?? []), note];
			entries.push({ ...old, ranAt });
		}
		entries.sort((a, b) => a.id.localeCompare(b.id));
	}
	fs.rmSync(tmpDir, { recursive: true, force: true });
	info.loadAverageEnd = os
		.loadavg()
		.map((x) => x.toFixed(2))
		.join(' ');

	const full = {
		startedAt,
		finishedAt: new Date().toISOString(),
		quick: args.quick === true,
		n8nVersion: require('../scripts/n8n-server.js').N8N_VERSION,
		commit,
		package:
			typeof args.package === 'string' ? path.resolve(args.package) : 'the repository (dist/)',
		machine: info,
		benchmarks: entries,
	};
	fs.mkdirSync(resultsDir, { recursive: true });
	fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(full, null, '\t')}\n`);
	render(full, resultsDir);

	let failed = 0;
	const out = ['', 'Benchmark targets:'];
	for (const e of entries) {
		if (e.status !== 'ok') {
			failed += 1;
			out.push(`${e.status.toUpperCase()}  ${e.id} ${e.title}: ${e.error}`);
			continue;
		}
		for (const t of e.result.targets) {
			if (!t.pass) failed += 1;
			out.push(
				`${t.pass ? 'PASS' : 'FAIL'}  ${e.id} ${t.name}: ${report.fmtValue(t.value, t.limit)}${t.unit ? ` ${t.unit}` : ''} (${t.op} ${report.fmt(t.limit)})`,
			);
		}
	}
	out.push('', `Results: ${path.relative(process.cwd(), resultsDir) || '.'}/latest.{json,md,svg}`);
	console.log(out.join('\n'));
	process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
	console.error(e.stack || e);
	process.exit(2);
});

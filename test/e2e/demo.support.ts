/**
 * `make demo` (scripts/demo.js) as a user starts it: the process, the lines it prints (editor,
 * logins, start link, staff forms, mailbox, sample files), Ctrl-C; and n8n's public API with the
 * key it prints when asked (DEMO_SHOW_API_KEY=1).
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';

import { REPO } from './templates.support';

export interface RunningDemo {
	child: ChildProcess;
	output: () => string;
	readyMs: number;
	editor: string;
	login: { email: string; password: string };
	apiKey: string;
	startLink: string;
	/** everything printed as "  Label:  value" once ready, by label */
	lines: Record<string, string>;
}

/** Starts the demo in `dir` and waits for its "ready" lines. */
export async function startDemo(
	dir: string,
	timeoutMs: number,
	env: Record<string, string> = {},
): Promise<RunningDemo> {
	const t0 = Date.now();
	const child = spawn(process.execPath, [path.join(REPO, 'scripts', 'demo.js')], {
		cwd: REPO,
		env: {
			...process.env,
			DEMO_DIR: dir,
			DEMO_PORT: '0',
			DEMO_SHOW_API_KEY: '1',
			ORCID_CLIENT_ID: '',
			ORCID_CLIENT_SECRET: '',
			ORCID_ENV: '',
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const deadline = t0 + timeoutMs;
	while (!/Ctrl-C stops everything/.test(out)) {
		if (child.exitCode !== null) throw new Error(`the demo exited (${child.exitCode}):\n${out}`);
		if (Date.now() > deadline) {
			child.kill('SIGINT');
			throw new Error(`the demo was not ready after ${timeoutMs} ms:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	const ready = out.slice(out.indexOf('demo ready in'));
	const lines: Record<string, string> = {};
	for (const m of ready.matchAll(/^ {2}([A-Z][\w ]*?):\s+(.+)$/gm)) lines[m[1]] = m[2].trim();
	const [email, password] = lines.Login.split(' / ');
	return {
		child,
		output: () => out,
		readyMs: Date.now() - t0,
		editor: lines.Editor,
		login: { email, password },
		apiKey: lines['API key'],
		startLink: lines['Start link'],
		lines,
	};
}

/** Ctrl-C, then the exit code. */
export async function stopDemo(run: RunningDemo): Promise<number | null> {
	if (run.child.exitCode !== null) return run.child.exitCode;
	const exited = new Promise<number | null>((r) => run.child.once('exit', (code) => r(code)));
	run.child.kill('SIGINT');
	return await exited;
}

/** n8n's public API (/api/v1) with the demo's key. */
export async function demoApi(
	run: RunningDemo,
	p: string,
	init: { method?: string; body?: unknown } = {},
): Promise<any> {
	const res = await fetch(`${run.editor.replace(/\/$/, '')}/api/v1${p}`, {
		method: init.method ?? 'GET',
		headers: {
			'X-N8N-API-KEY': run.apiKey,
			Connection: 'close',
			...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
		},
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	if (!res.ok)
		throw new Error(`${init.method ?? 'GET'} ${p} -> ${res.status}: ${await res.text()}`);
	return await res.json();
}

/** The rows of one of the demo's Data tables. */
export async function demoTableRows(run: RunningDemo, table: string): Promise<any[]> {
	const tables = (await demoApi(run, '/data-tables?limit=250')).data;
	const id = tables.find((t: any) => t.name === table).id;
	return (await demoApi(run, `/data-tables/${id}/rows?limit=250`)).data;
}

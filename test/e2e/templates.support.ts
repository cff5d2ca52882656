/**
 * What the template suites share: a real n8n 2.41.1 with this package, the ORCID emulator, a
 * PostgreSQL database of its own (dropped at the end), the templates' Data tables, credentials,
 * and the moves a user makes: following a start link through ORCID's pages, starting a
 * scheduled template, reading tables back.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Client, type ClientConfig } from 'pg';

import * as demo from '../../scripts/demo';
import * as n8nServer from '../../scripts/n8n-server';
import { startEmulator } from '../emulator';

export const REPO = path.resolve(__dirname, '..', '..');
export const SCHEMA_SQL = path.join(REPO, 'workflows-templates', 'schema.sql');
export const MEMBER = demo.EMULATOR_MEMBER;
export const JOSIAH = '0000-0002-1825-0097';
export const LAURE = '0000-0001-5109-3700';
export const SOFIA = '0000-0002-1694-233X';

export type N8n = Awaited<ReturnType<typeof n8nServer.startN8n>>;
export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type Row = Record<string, any>;
export interface CredentialRef {
	id: string;
	name: string;
}

const PG_BASE: ClientConfig = { host: '127.0.0.1', port: 5432, user: 'postgres', password: '' };

/** A PostgreSQL database for one run, with the templates' schema.sql applied. */
export class TestDatabase {
	private client?: Client;

	private constructor(readonly name: string) {}

	static async create(prefix = 'orcid_tpl'): Promise<TestDatabase> {
		const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
		const admin = new Client({ ...PG_BASE, database: 'postgres' });
		await admin.connect();
		try {
			await admin.query(`CREATE DATABASE "${name}"`);
		} finally {
			await admin.end();
		}
		const db = new TestDatabase(name);
		db.client = new Client({ ...PG_BASE, database: name });
		await db.client.connect();
		await db.client.query(fs.readFileSync(SCHEMA_SQL, 'utf8'));
		return db;
	}

	get config() {
		return { ...PG_BASE, database: this.name };
	}

	async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
		return (await this.client!.query(sql, params)).rows as T[];
	}

	async drop(): Promise<void> {
		await this.client?.end().catch(() => undefined);
		const admin = new Client({ ...PG_BASE, database: 'postgres' });
		await admin.connect();
		try {
			await admin.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
		} finally {
			await admin.end();
		}
	}
}

export interface TemplateEnv {
	n8n: N8n;
	emu: Emulator;
	db: TestDatabase;
	orcidCredential: CredentialRef;
	postgresCredential: CredentialRef;
	credentials: Record<string, CredentialRef>;
	tables: Record<string, string>;
	/** workflow ids of imported templates, by template file */
	workflows: Record<string, { id: string; name: string; nodes: any[] }>;
	/** runs a template through its "When called by another workflow" trigger */
	runner: Runner;
	stop(): Promise<void>;
}

/**
 * n8n (regular mode, or queue mode with `queue`), the emulator, a database, the Data tables and
 * the credentials: everything a template's setup note asks for.
 */
export async function startTemplateEnv(
	options: { queue?: Record<string, unknown>; credentials?: Record<string, CredentialRef> } = {},
): Promise<TemplateEnv> {
	const stops: Array<() => Promise<unknown>> = [];
	try {
		const emu = await startEmulator({ port: 0 });
		stops.push(() => emu.stop());
		const db = await TestDatabase.create();
		stops.push(() => db.drop());
		// n8n keeps its cache (webhook lookups among them) and instance registry in Redis under
		// N8N_REDIS_KEY_PREFIX, not under the per-run QUEUE_BULL_PREFIX: without a prefix of its
		// own, a run finds the webhooks of an earlier run there and refuses to activate
		const redisPrefix = `n8n-orcid-tpl-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
		if (options.queue) stops.push(() => deleteRedisKeys(`${redisPrefix}*`));
		const n8n = await n8nServer.startN8n({
			packages: [{ dir: REPO, onlyBuilt: true }],
			queue: options.queue,
			env: options.queue ? { N8N_REDIS_KEY_PREFIX: redisPrefix } : undefined,
			// E2E_KEEP=1 keeps n8n's folder (logs/) after the run, for a look at what happened
			keep: process.env.E2E_KEEP === '1',
		});
		if (process.env.E2E_KEEP === '1') console.log(`n8n folder (kept): ${n8n.userFolder}`);
		stops.push(() => n8n.stop());
		const tables = (await demo.createDataTables(n8n)) as Record<string, string>;
		const orcidCredential = await n8n.createCredential({
			name: 'ORCID member (emulator)',
			type: demo.MEMBER_CREDENTIAL,
			data: demo.orcidCredentialData({ emulator: emu }),
		});
		const postgresCredential = await n8n.createCredential({
			name: 'Postgres (test)',
			type: 'postgres',
			data: { ...db.config, ssl: 'disable', maxConnections: 5 },
		});
		const credentials: Record<string, CredentialRef> = {
			[demo.MEMBER_CREDENTIAL]: pick(orcidCredential),
			postgres: pick(postgresCredential),
			...options.credentials,
		};
		const runner = await Runner.create(n8n);
		return {
			n8n,
			emu,
			db,
			orcidCredential: pick(orcidCredential),
			postgresCredential: pick(postgresCredential),
			credentials,
			tables,
			workflows: {},
			runner,
			async stop() {
				for (const stop of stops.reverse()) await stop().catch(() => undefined);
			},
		};
	} catch (error) {
		for (const stop of stops.reverse()) await stop().catch(() => undefined);
		throw error;
	}
}

/** Deletes the Redis keys matching a pattern (127.0.0.1:6379; a minimal RESP client). */
async function deleteRedisKeys(pattern: string): Promise<void> {
	const net = await import('net');
	const args = [
		'EVAL',
		"for _,k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0",
		'0',
		pattern,
	];
	await new Promise<void>((resolve, reject) => {
		const socket = net.connect(6379, '127.0.0.1');
		socket.setTimeout(3000, () => socket.destroy(new Error('Redis timed out')));
		socket.on('error', reject);
		socket.on('data', () => {
			socket.end();
			resolve();
		});
		socket.write(
			`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
		);
	});
}

function pick(c: { id: string; name: string }): CredentialRef {
	return { id: c.id, name: c.name };
}

/** Schedule triggers fire on 1 January only, so no scheduled run races a test's own run. */
export const QUIET_SCHEDULE = {
	rule: { interval: [{ field: 'cronExpression', expression: '0 0 1 1 *' }] },
};

/**
 * Imports a template with the test's credentials and the setup a user would do (`settings`);
 * schedule triggers are quietened. The workflow is kept in env.workflows.
 */
export async function importTemplate(
	env: TemplateEnv,
	file: string,
	settings: Record<string, Record<string, unknown>> = {},
): Promise<{ id: string; name: string; nodes: any[] }> {
	const template = demo.loadTemplate(file);
	const quiet: Record<string, Record<string, unknown>> = {};
	for (const node of template.nodes) {
		if (node.type === 'n8n-nodes-base.scheduleTrigger')
			quiet[node.name] = { rule: QUIET_SCHEDULE.rule };
	}
	const wf = await demo.importTemplate(env.n8n, template, {
		credentials: env.credentials,
		settings: { ...quiet, ...settings },
	});
	env.workflows[file] = wf;
	return wf;
}

/**
 * A small workflow that starts another one through n8n's Execute Workflow node, the way a
 * user's own workflow would call a template: Webhook -> Execute Workflow (workflow id from the
 * request) -> answers with the called workflow's last node output. n8n only runs published
 * sub-workflows, so the template must be active.
 */
export class Runner {
	private constructor(
		private readonly n8n: N8n,
		readonly url: string,
		readonly workflowId: string,
	) {}

	static async create(n8n: N8n): Promise<Runner> {
		const hookPath = `test-runner-${crypto.randomBytes(4).toString('hex')}`;
		const wf = await n8n.importWorkflow({
			name: 'Test runner (starts a template)',
			nodes: [
				{
					id: crypto.randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: crypto.randomUUID(),
					parameters: {
						httpMethod: 'POST',
						path: hookPath,
						responseMode: 'lastNode',
						responseData: 'allEntries',
						options: {},
					},
				},
				{
					id: crypto.randomUUID(),
					name: 'Run template',
					type: 'n8n-nodes-base.executeWorkflow',
					typeVersion: 1.2,
					position: [260, 0],
					parameters: {
						source: 'database',
						workflowId: { __rl: true, mode: 'id', value: '={{ $json.body.workflowId }}' },
						mode: 'once',
						options: { waitForSubWorkflow: true },
					},
				},
			],
			connections: { Webhook: { main: [[{ node: 'Run template', type: 'main', index: 0 }]] } },
		});
		await demo.activateAndWait(n8n, wf.id);
		return new Runner(n8n, `${n8n.webhookUrl}/webhook/${hookPath}`, wf.id);
	}

	/**
	 * Runs the workflow and waits for it; returns its saved execution (status, runData).
	 * `input` becomes the body of the item the called workflow receives. The execution is the
	 * one that received this call's own mark, so a run started otherwise (a webhook, a schedule)
	 * is never taken for it. Runs of the workflow it started without waiting for them (template
	 * 04's lanes, and their batches) are waited for too: it returns when none is running.
	 */
	async run(workflowId: string, input: Row = {}): Promise<Execution> {
		const runnerCall = crypto.randomUUID();
		const known = await executionIds(this.n8n, workflowId);
		// n8n publishes an activated workflow asynchronously; until then a call is refused
		// ("not active") before anything runs, so it is safe to try again
		const publishDeadline = Date.now() + 60_000;
		let res: Response;
		for (;;) {
			res = await fetch(this.url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Connection: 'close' },
				body: JSON.stringify({ ...input, workflowId, runnerCall }),
			});
			await res.text();
			if (res.ok) break;
			const why = await this.whyRefused(runnerCall);
			if (/not active/.test(why) && Date.now() < publishDeadline) {
				await new Promise((r) => setTimeout(r, 1000));
				continue;
			}
			throw new Error(`the runner could not start workflow ${workflowId} (${res.status}): ${why}`);
		}
		// the called workflow's own execution (saved separately from the runner's)
		const [mine] = await waitForExecutions(
			this.n8n,
			workflowId,
			(e) => e.runnerCall === runnerCall,
			{ known, timeoutMs: 120_000 },
		);
		await this.n8n.settled(workflowId, known);
		return mine;
	}

	/** The runner's own execution for a call, described (why it could not start the template). */
	private async whyRefused(runnerCall: string): Promise<string> {
		const list = await this.n8n.executions(this.workflowId);
		const raw = list.find((e: Row) => new Execution(e).runnerCall === runnerCall);
		return raw ? new Execution(raw).describe() : '(no runner execution)';
	}
}

/** A saved execution, read back through the public API. */
export class Execution {
	constructor(readonly raw: Row) {}

	get id(): string {
		return this.raw.id;
	}

	get status(): string {
		return this.raw.status;
	}

	get error(): Row | undefined {
		return this.raw.data?.resultData?.error;
	}

	get runData(): Record<string, Row[]> {
		return this.raw.data?.resultData?.runData ?? {};
	}

	/** Items (json) of a node's output in its first (or given) run. */
	output(node: string, index = 0, run = 0): Row[] {
		const task = this.runData[node]?.[run];
		return (task?.data?.main?.[index] ?? []).map((i: Row) => i.json);
	}

	/** Items (json) of every output of a node's first run (e.g. a trigger's success and failure). */
	outputs(node: string): Row[] {
		const task = this.runData[node]?.[0];
		return (task?.data?.main ?? []).flat().map((i: Row) => i?.json);
	}

	/** The path parameters (`:name` values) a Webhook node of this execution received. */
	received(webhookNode: string): Row | undefined {
		return this.output(webhookNode)[0]?.params;
	}

	/** The Runner call that started this execution (its trigger received the call's body). */
	get runnerCall(): string | undefined {
		for (const node of Object.keys(this.runData)) {
			const mark = this.output(node)[0]?.body?.runnerCall;
			if (mark) return mark;
		}
		return undefined;
	}

	get finished(): boolean {
		return !UNFINISHED.includes(this.status);
	}

	ran(node: string): boolean {
		return node in this.runData;
	}

	nodeError(node: string): Row | undefined {
		return this.runData[node]?.[0]?.error;
	}

	/** A short account of a failed run, for assertion messages. */
	describe(): string {
		const errors = Object.entries(this.runData)
			.filter(([, tasks]) => tasks[0]?.error)
			.map(([n, tasks]) => `${n}: ${tasks[0].error.message} ${tasks[0].error.description ?? ''}`);
		return `execution ${this.id} ${this.status}: ${this.error?.message ?? ''} ${errors.join(' | ')}`;
	}
}

const UNFINISHED = ['new', 'running', 'waiting'];

/** The ids of a workflow's executions so far: the ones a test's later waits leave out. */
export async function executionIds(n8n: N8n, workflowId: string): Promise<Set<string>> {
	const list = await n8n.executions(workflowId, { includeData: false });
	return new Set(list.map((e: Row) => String(e.id)));
}

/**
 * Waits until a workflow has finished executions, not among `known`, that `accept` recognises by
 * what they received (e.g. `e.received('Webhook')?.orcid === X`), and returns them (at least
 * `count`). Executions are told apart by content, never by their order or their number.
 */
export async function waitForExecutions(
	n8n: N8n,
	workflowId: string,
	accept: (e: Execution) => boolean,
	{
		known = new Set<string>(),
		count = 1,
		timeoutMs = 60_000,
	}: { known?: Set<string>; count?: number; timeoutMs?: number } = {},
): Promise<Execution[]> {
	const deadline = Date.now() + timeoutMs;
	const looked = new Map<string, Execution | undefined>(); // finished ones, read once each
	for (;;) {
		for (const e of await n8n.executions(workflowId, { includeData: false })) {
			const id = String(e.id);
			if (known.has(id) || looked.has(id) || UNFINISHED.includes(e.status)) continue;
			const run = new Execution(await n8n.execution(id));
			looked.set(id, accept(run) ? run : undefined);
		}
		const mine = [...looked.values()].filter((e): e is Execution => e !== undefined);
		if (mine.length >= count) return mine;
		if (Date.now() > deadline)
			throw new Error(
				`workflow ${workflowId}: ${mine.length}/${count} matching executions finished after ${timeoutMs} ms`,
			);
		await new Promise((r) => setTimeout(r, 300));
	}
}

/** Accepts the executions whose ORCID Auth Trigger emitted (on any output) one of these references. */
export function byReference(...references: string[]): (e: Execution) => boolean {
	return (e) => e.outputs('ORCID Auth Trigger').some((j) => references.includes(j?.reference));
}

/**
 * Ends the emulator's batches of record-change notifications (ORCID batches them for about five
 * minutes) and waits until each call it made to `hookUrl` has a finished execution of
 * `workflowId` whose `trigger` received that iD, with no call under way or waiting for a retry.
 * Returns those executions not among `known`. Changes made after this returns (by the runs
 * themselves, too) wait in the emulator's next batch.
 */
export async function deliverRecordChanges(
	env: TemplateEnv,
	workflowId: string,
	{ hookUrl, trigger, known }: { hookUrl: string; trigger: string; known: Set<string> },
): Promise<Execution[]> {
	await env.emu.control('POST', '/_emulator/webhooks/flush');
	const quiet = async () => {
		const p = (await env.emu.control('GET', '/_emulator/webhooks/pending')) as Row;
		return p.inFlight === 0 && p.retrying === 0;
	};
	const delivered = async () =>
		((await env.emu.control('GET', '/_emulator/webhooks/deliveries')) as Row[])
			.filter((d) => d.outcome === 'delivered' && String(d.url).startsWith(`${hookUrl}/`))
			.map((d) => String(d.orcid));
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (await quiet()) {
			const calls = await delivered();
			const runs = (await env.n8n.executions(workflowId)).map((e: Row) => new Execution(e));
			const received = runs
				.filter((r: Execution) => r.ran(trigger))
				.map((r: Execution) => String(r.received(trigger)?.orcid));
			const answered = [...new Set(calls)].every(
				(orcid) =>
					received.filter((o: string) => o === orcid).length ===
					calls.filter((o) => o === orcid).length,
			);
			// every run finished before the second look: whatever they changed is batched by then
			if (
				answered &&
				runs.every((r: Execution) => r.finished) &&
				(await quiet()) &&
				(await delivered()).length === calls.length
			)
				return runs.filter((r: Execution) => r.ran(trigger) && !known.has(String(r.id)));
		}
		if (Date.now() > deadline)
			throw new Error(`workflow ${workflowId}: record-change notifications still unanswered`);
		await new Promise((r) => setTimeout(r, 300));
	}
}

/** The rows of a Data table, oldest first. */
export async function tableRows(env: TemplateEnv, name: string): Promise<Row[]> {
	const rows = await demo.dataTableRows(env.n8n, env.tables[name]);
	return rows.sort((a: Row, b: Row) => a.id - b.id);
}

export interface BrowserResult {
	status: number;
	html: string;
	/** the emulator's authorize URL the start link led to */
	authorizeUrl?: URL;
	/** the authorization code ORCID sent back (it must never be logged) */
	code?: string;
}

/**
 * A researcher following their start link: the explanation page's button, ORCID's sign-in and
 * consent page (the emulator's), back to the trigger's callback page. Done with plain HTTP the
 * way a browser would, following each redirect by hand.
 */
export async function followStartLink(
	link: string,
	who: { orcid?: string; register?: { givenNames: string; familyNames?: string }; deny?: boolean },
): Promise<BrowserResult> {
	// the trigger's cookies go back to n8n only, as a browser keeps them per site
	const jar = new Map<string, string>();
	const n8n = new URL(link).origin;
	const get = async (url: string | URL): Promise<Response> => {
		const own = new URL(url).origin === n8n && jar.size > 0;
		const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
		const r = await fetch(url, {
			redirect: 'manual',
			headers: own ? { Cookie: cookie, Connection: 'close' } : { Connection: 'close' },
		});
		for (const header of r.headers.getSetCookie()) {
			const [pair] = header.split(';');
			jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
		}
		return r;
	};
	let res = await get(link);
	let html = await res.text();
	if (res.status === 200) {
		// the explanation page: its button links to the same start URL with confirm=1
		const href = /href="(\?[^"]*confirm=1[^"]*)"/.exec(html)?.[1];
		if (!href) return { status: res.status, html };
		res = await get(new URL(href.replace(/&amp;/g, '&'), link));
		html = await res.text();
	}
	if (res.status !== 302) return { status: res.status, html };
	const authorizeUrl = new URL(res.headers.get('location')!);
	const form = new URLSearchParams(Object.fromEntries(authorizeUrl.searchParams));
	if (who.deny) {
		form.set('action', 'deny');
	} else {
		form.set('action', 'authorize');
		if (who.register) {
			form.set('researcher', 'new');
			form.set('given_names', who.register.givenNames);
			if (who.register.familyNames) form.set('family_names', who.register.familyNames);
		} else {
			form.set('researcher', who.orcid!);
		}
	}
	res = await fetch(`${authorizeUrl.origin}/oauth/authorize`, {
		method: 'POST',
		body: form,
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
	});
	await res.text();
	const back = res.headers.get('location');
	if (res.status !== 302 || !back) return { status: res.status, html: '', authorizeUrl };
	res = await get(back);
	// the callback answers 303 to its result page (Post/Redirect/Get)
	if (res.status === 303) {
		await res.text();
		res = await get(new URL(res.headers.get('location')!, back));
	}
	const code = new URL(back).searchParams.get('code') ?? undefined;
	return { status: res.status, html: await res.text(), authorizeUrl, code };
}

/** The emulator's record of an iD: its items with source and data (GET /_emulator/records). */
export async function emulatorItems(emu: Emulator, orcid: string, type?: string): Promise<Row[]> {
	const rec = (await emu.control('GET', `/_emulator/records/${orcid}`)) as Row;
	return (rec.items as Row[]).filter((i) => !type || i.type === type);
}

/** Every string that must never show up in a log row: tokens, codes, client secret. */
export function assertNothingSecret(rows: Row[], secrets: string[]): void {
	const text = JSON.stringify(rows);
	for (const s of secrets.filter((x) => x && x.length >= 6)) {
		if (text.includes(s)) throw new Error(`a secret (${s.slice(0, 4)}...) appears in the log rows`);
	}
}

/**
 * A connected researcher, as template 01 stores one: a token minted by the emulator (the
 * researcher "granted" these scopes) and the token record row in orcid_researchers. For suites
 * that test what happens after connecting (template 01 itself is tested end to end).
 */
export async function seedResearcher(
	env: TemplateEnv,
	orcid: string,
	reference: string,
	scope = '/read-limited /activities/update',
): Promise<Row> {
	const token = (await env.emu.control('POST', '/_emulator/tokens', {
		clientId: MEMBER.clientId,
		orcid,
		scope,
	})) as Row;
	const now = new Date();
	const row = {
		reference,
		orcid,
		orcidUri: `https://sandbox.orcid.org/${orcid}`,
		name: token.name ?? null,
		environment: 'sandbox',
		apiType: 'member',
		accessToken: token.access_token,
		refreshToken: token.refresh_token,
		tokenType: 'bearer',
		scopes: token.scope,
		expiresIn: token.expires_in,
		expiresAt: new Date(now.getTime() + token.expires_in * 1000).toISOString(),
		obtainedAt: now.toISOString(),
		idToken: null,
		status: 'connected',
		checkedAt: now.toISOString(),
		revokedAt: null,
	};
	await env.n8n.api('POST', `/data-tables/${env.tables.orcid_researchers}/rows`, {
		data: [row],
		returnType: 'all',
	});
	return row;
}

/** Inserts rows into the test database's publications table. */
export async function addPublications(env: TemplateEnv, rows: Row[]): Promise<void> {
	for (const p of rows) {
		await env.db.query(
			`INSERT INTO publications (local_key, orcid, title, work_type, doi, journal, publication_date, url)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			[
				p.local_key,
				p.orcid,
				p.title,
				p.work_type ?? 'journal-article',
				p.doi ?? null,
				p.journal ?? null,
				p.publication_date ?? null,
				p.url ?? null,
			],
		);
	}
}

/** The works on an iD's record that this client wrote (the emulator's view). */
export async function ourWorks(env: TemplateEnv, orcid: string): Promise<Row[]> {
	return (await emulatorItems(env.emu, orcid, 'work')).filter(
		(i) => i.source.clientId === MEMBER.clientId,
	);
}

export function doiOf(item: Row): string | undefined {
	const ids = item.data?.['external-ids']?.['external-id'] ?? [];
	return ids.find((e: Row) => e['external-id-type'] === 'doi')?.['external-id-value'];
}

export function titleOf(item: Row): string | undefined {
	return item.data?.title?.title?.value;
}

export const STAFF = { user: 'orcid-staff', password: 'staff-Passw0rd' };

/** The Basic Auth credential the templates' staff forms use. */
export async function staffCredential(env: TemplateEnv): Promise<CredentialRef> {
	if (env.credentials.httpBasicAuth) return env.credentials.httpBasicAuth;
	const c = await env.n8n.createCredential({
		name: 'ORCID staff (test)',
		type: 'httpBasicAuth',
		data: STAFF,
	});
	env.credentials.httpBasicAuth = pick(c);
	return env.credentials.httpBasicAuth;
}

export const STAFF_AUTH = `Basic ${Buffer.from(`${STAFF.user}:${STAFF.password}`).toString('base64')}`;

export interface FormAnswer {
	status: number;
	headers: Headers;
	body: Buffer;
	text: string;
	/** the next page of a multi-page form (n8n answers a submission with it) */
	next?: string;
}

export type FormValue = string | { file: Buffer; name: string; type: string };

/**
 * Submits a form page the way n8n's form page does: multipart fields named field-0, field-1...
 * in the order of the form's fields.
 */
export async function submitForm(
	url: string,
	values: FormValue[],
	auth?: string,
): Promise<FormAnswer> {
	const fd = new FormData();
	values.forEach((v, i) => {
		if (typeof v === 'string') fd.append(`field-${i}`, v);
		else fd.append(`field-${i}`, new Blob([new Uint8Array(v.file)], { type: v.type }), v.name);
	});
	const res = await fetch(url, {
		method: 'POST',
		body: fd,
		headers: auth ? { Authorization: auth, Connection: 'close' } : { Connection: 'close' },
		signal: AbortSignal.timeout(60_000),
	}).catch((e) => {
		throw new Error(`form POST ${url}: ${e.message}`);
	});
	return await formAnswer(res);
}

/**
 * Opens the page a submission leads to (the next page or the completion page), the way n8n's
 * form page does: it polls the execution's status until the workflow waits on a form (or has
 * finished), since n8n does not answer a page request while the execution still runs.
 */
export async function nextPage(formWaitingUrl: string, env?: TemplateEnv): Promise<FormAnswer> {
	const u = new URL(formWaitingUrl);
	const statusUrl = `${u.origin}${u.pathname}/n8n-execution-status${u.search}`;
	const deadline = Date.now() + 120_000;
	for (;;) {
		const status = await (
			await fetch(statusUrl, {
				signal: AbortSignal.timeout(30_000),
				headers: { Connection: 'close' },
			})
		).text();
		if (status === 'form-waiting' || status === 'success') break;
		if (['error', 'canceled', 'crashed', 'null'].includes(status)) {
			const id = u.pathname.split('/').pop();
			const why = env && id ? new Execution(await env.n8n.execution(id)).describe() : '';
			throw new Error(`form execution ${u.pathname} ended with status ${status} ${why}`);
		}
		if (Date.now() > deadline)
			throw new Error(`form execution ${u.pathname} still ${status} after 120 s`);
		await new Promise((r) => setTimeout(r, 200));
	}
	const page = await openForm(formWaitingUrl);
	if (page.text.includes('const binaries =')) {
		// a completion page: like n8n's page script, post back so the execution finishes
		const done = await fetch(formWaitingUrl, {
			method: 'POST',
			headers: { Connection: 'close' },
			signal: AbortSignal.timeout(30_000),
		});
		await done.arrayBuffer();
		for (;;) {
			const status = await (
				await fetch(statusUrl, {
					signal: AbortSignal.timeout(30_000),
					headers: { Connection: 'close' },
				})
			).text();
			if (!['waiting', 'running', 'new'].includes(status)) break;
			if (Date.now() > deadline)
				throw new Error(`form execution ${u.pathname} still ${status} after its completion page`);
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	return page;
}

/** Opens a form page (GET). */
export async function openForm(url: string, auth?: string): Promise<FormAnswer> {
	const res = await fetch(url, {
		headers: auth ? { Authorization: auth, Connection: 'close' } : { Connection: 'close' },
		signal: AbortSignal.timeout(60_000),
	}).catch((e) => {
		throw new Error(`form GET ${url}: ${e.message}`);
	});
	return await formAnswer(res);
}

async function formAnswer(res: Response): Promise<FormAnswer> {
	const body = Buffer.from(await res.arrayBuffer());
	const text = body.toString('utf8');
	let next: string | undefined;
	if ((res.headers.get('content-type') ?? '').includes('application/json')) {
		try {
			next = JSON.parse(text).formWaitingUrl;
		} catch {
			// not a next-page answer
		}
	}
	return { status: res.status, headers: res.headers, body, text, next };
}

/** The value a rendered form page prefills in field-N (input value or textarea text). */
export function prefilled(html: string, index: number): string | undefined {
	const input = new RegExp(`<input[^>]*name='field-${index}'[^>]*value="([^"]*)"`, 's').exec(html);
	if (input) return decodeHtml(input[1]);
	const area = new RegExp(`<textarea[^>]*name='field-${index}'[^>]*>([^<]*)</textarea>`, 's').exec(
		html,
	);
	return area ? decodeHtml(area[1]) : undefined;
}

function decodeHtml(s: string): string {
	return s
		.replace(/&quot;/g, '"')
		.replace(/&#39;|&#x27;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

/** A form trigger's production URL (path from its options). */
export function formUrl(env: TemplateEnv, path: string): string {
	return `${env.n8n.webhookUrl}/form/${path}`;
}

/** Inserts Data table rows through n8n's API. */
export async function insertRows(env: TemplateEnv, table: string, rows: Row[]): Promise<void> {
	await env.n8n.api('POST', `/data-tables/${env.tables[table]}/rows`, {
		data: rows,
		returnType: 'all',
	});
}

export interface FormDownload {
	fileName: string;
	type: string;
	data: Buffer;
}

/**
 * The files a form's completion page hands the browser ("Return Binary File"): n8n embeds them
 * in the page and its script saves them; this reads them the same way.
 */
export function formDownloads(html: string): FormDownload[] {
	const m = /const binaries = "([^"]*)"/.exec(html);
	if (!m || !m[1]) return [];
	const list = JSON.parse(decodeURIComponent(m[1])) as Array<{
		data: any;
		fileName: string;
		type: string;
	}>;
	return list.map((b) => ({
		fileName: b.fileName,
		type: b.type,
		data:
			b.data?.type === 'Buffer'
				? Buffer.from(b.data.data as number[])
				: Buffer.from(Uint8Array.from(String(b.data), (c) => c.charCodeAt(0))),
	}));
}

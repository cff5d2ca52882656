/**
 * No token, secret or authorization code anywhere n8n keeps or shows what our nodes did.
 *
 * A realistic run through every node, in the n8n engine against the emulator, over HTTP:
 * a researcher connects through the ORCID Auth Trigger (start link -> the emulator's consent
 * -> callback, with OpenID so an id_token comes back) and the code is replayed once; then one
 * workflow refreshes and checks the token, creates a work, bulk-creates another, updates the
 * first, reads the record (researcher token and the client's public token), diffs it (Sync
 * Diff fetching from ORCID), deletes the work and revokes the token, after which a write, a
 * read and a refresh with the dead tokens fail (Continue On Fail) and a write fails without
 * it; a code captured elsewhere is exchanged by the ORCID Token node.
 *
 * Every plain token the emulator issued in the run (access and refresh, researcher and client
 * credentials), every authorization code, every id_token, the client secret, the token
 * encryption key and the link signing secret are then searched for:
 * - encryption ON: in everything: each IRun serialised whole (items, errors with their
 *   context and causes, traffic), the pages the researcher saw, and the n8n log lines;
 * - encryption OFF: the token record legitimately holds the tokens, so only in the Traffic
 *   outputs, the errors (node errors and Continue On Fail error items), pages and log lines.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { IDataObject, INode, IRun } from 'n8n-workflow';

import {
	afterManualTrigger,
	credentialsFor,
	manualStart,
	runWorkflow,
	serveWorkflow,
	type WebhookServer,
	type WorkflowJson,
	type WorkflowResult,
} from '../harness';
import { decryptToken, encryptToken } from '../../nodes/shared/auth/tokens';
import { startEmulator } from '../emulator';
import {
	CARBERRY,
	followCallback,
	startLink,
	TestBrowser,
	TRIGGER,
	triggerWorkflow,
} from './authTrigger.helpers';

interface Emu {
	url: string;
	publicApi: string;
	memberApi: string;
	control(method: string, path: string, body?: unknown): Promise<any>;
	stop(): Promise<void>;
}

const MEMBER_CLIENT = 'APP-EMUMEMBER0000001';
const CLIENT_SECRET = 'emu-member-secret';
const KEY = 'leak test token encryption passphrase';
const LINK_SECRET = 'leak test link signing secret 8c1f';
const DOI = '10.5555/leak-test-1';

let emu: Emu;
const logLines: string[] = [];
const restore: Array<() => void> = [];

beforeAll(async () => {
	emu = (await startEmulator({
		port: 0,
		quiet: true,
		limits: { enabled: false },
	})) as unknown as Emu;
	// what our nodes write to n8n's log (ctx.logger is n8n's Logger singleton)
	const logger = Container.get(Logger) as unknown as Record<string, (...args: unknown[]) => void>;
	for (const level of ['error', 'warn', 'info', 'debug']) {
		const original = logger[level];
		logger[level] = (...args: unknown[]) => {
			logLines.push(serialise(args));
			return original.apply(logger, args);
		};
		restore.push(() => (logger[level] = original));
	}
});
afterAll(async () => {
	restore.forEach((undo) => undo());
	await emu.stop();
});

/** JSON of anything, errors included with every own property, their context and cause. */
function serialise(value: unknown): string {
	const seen = new WeakSet<object>();
	return (
		JSON.stringify(value ?? null, function (_key, v: unknown) {
			if (v instanceof Error) {
				const out: Record<string, unknown> = { name: v.name, message: v.message, stack: v.stack };
				for (const k of Object.getOwnPropertyNames(v)) out[k] = (v as unknown as IDataObject)[k];
				const cause = (v as { cause?: unknown }).cause;
				if (cause !== undefined) out.cause = cause;
				return out;
			}
			if (v && typeof v === 'object') {
				if (seen.has(v)) return '[circular]';
				seen.add(v);
			}
			if (typeof v === 'bigint') return String(v);
			return v;
		}) ?? 'null'
	);
}

function node(
	name: string,
	type: string,
	parameters: IDataObject,
	position: [number, number],
	extra: Partial<INode> = {},
): INode {
	return {
		id: name.toLowerCase().replace(/\W+/g, '-'),
		name,
		type: `n8n-nodes-orcid.${type}`,
		typeVersion: 1,
		position,
		parameters: parameters as INode['parameters'],
		...extra,
	};
}

const CONTINUE: Partial<INode> = { onError: 'continueRegularOutput' };
const fromRefresh = (field: string) => `={{ $('Refresh Token').item.json.${field} }}`;
/** Sync Diff fetching the researcher's works, for one local work given as ORCID JSON. */
const syncDiffOfOneWork = (localKey: string, itemJson: string, putCode: string) => ({
	resource: 'sync',
	operation: 'diff',
	remoteSource: 'fetch',
	orcid: fromRefresh('orcid'),
	accessToken: fromRefresh('accessToken'),
	localKey,
	itemType: 'work',
	contentMode: 'json',
	itemJson,
	putCode,
	contentHash: '',
});
const workFields = (title: string, doi: string) => ({
	workTitle: title,
	workType: 'journal-article',
	externalIds: {
		externalId: [{ type: 'doi', value: doi, url: `https://doi.org/${doi}`, relationship: 'self' }],
	},
});

/** One workflow through the Token, Write Item, Read Record and Sync Diff nodes. */
function upkeepWorkflow(): WorkflowJson {
	const chain: INode[] = [
		node('Refresh Token', 'orcidToken', { resource: 'token', operation: 'refresh' }, [200, 0]),
		node('Check Token', 'orcidToken', { resource: 'token', operation: 'check' }, [400, 0]),
		node(
			'Create Work',
			'orcidWriteItem',
			{
				resource: 'work',
				operation: 'create',
				orcid: fromRefresh('orcid'),
				accessToken: fromRefresh('accessToken'),
				...workFields('A leak test', DOI),
			},
			[600, 0],
		),
		node(
			'Bulk Works',
			'orcidWriteItem',
			{
				resource: 'work',
				operation: 'createMany',
				orcid: fromRefresh('orcid'),
				accessToken: fromRefresh('accessToken'),
				...workFields('A second leak test', '10.5555/leak-test-2'),
			},
			[800, 0],
		),
		node(
			'Update Work',
			'orcidWriteItem',
			{
				resource: 'work',
				operation: 'update',
				orcid: fromRefresh('orcid'),
				accessToken: fromRefresh('accessToken'),
				putCode: "={{ $('Create Work').item.json.putCode }}",
				...workFields('A leak test, revised', DOI),
			},
			[1000, 0],
		),
		node(
			'Read Record',
			'orcidReadRecord',
			{
				resource: 'record',
				operation: 'get',
				orcid: fromRefresh('orcid'),
				accessToken: fromRefresh('accessToken'),
				output: 'raw',
			},
			[1200, 0],
		),
		node(
			'Read Public',
			'orcidReadRecord',
			{
				resource: 'section',
				operation: 'get',
				section: 'works',
				readAs: 'client',
				orcid: fromRefresh('orcid'),
				output: 'raw',
			},
			[1400, 0],
		),
		node(
			'Sync Diff',
			'orcidSyncDiff',
			syncDiffOfOneWork(
				'local-1',
				`={{ { "title": { "title": { "value": "A leak test, revised again" } }, "type": "journal-article", "external-ids": { "external-id": [{ "external-id-type": "doi", "external-id-value": "${DOI}", "external-id-relationship": "self" }] } } }}`,
				"={{ $('Create Work').item.json.putCode }}",
			),
			[1600, -200],
		),
		node(
			'Delete Work',
			'orcidWriteItem',
			{
				resource: 'work',
				operation: 'delete',
				orcid: fromRefresh('orcid'),
				accessToken: fromRefresh('accessToken'),
				putCode: "={{ $('Create Work').item.json.putCode }}",
			},
			[1600, 0],
		),
		node(
			'Revoke Token',
			'orcidToken',
			{
				resource: 'token',
				operation: 'revoke',
				accessToken: fromRefresh('accessToken'),
			},
			[1800, 0],
		),
		node(
			'Write After Revoke',
			'orcidWriteItem',
			{
				resource: 'work',
				operation: 'create',
				orcid: fromRefresh('orcid'),
				accessToken: fromRefresh('accessToken'),
				...workFields('Too late', '10.5555/leak-test-3'),
			},
			[2000, 0],
			CONTINUE,
		),
		node(
			'Read After Revoke',
			'orcidReadRecord',
			{
				resource: 'record',
				operation: 'get',
				orcid: fromRefresh('orcid'),
				accessToken: fromRefresh('accessToken'),
			},
			[2200, 0],
			CONTINUE,
		),
		node(
			'Diff After Revoke',
			'orcidSyncDiff',
			syncDiffOfOneWork(
				'local-2',
				'={{ { "title": { "title": { "value": "Never written" } }, "type": "book", "external-ids": { "external-id": [{ "external-id-type": "isbn", "external-id-value": "9780000000002", "external-id-relationship": "self" }] } } }}',
				'',
			),
			[2400, -200],
			CONTINUE,
		),
		node(
			'Refresh After Revoke',
			'orcidToken',
			{
				resource: 'token',
				operation: 'refresh',
				orcid: fromRefresh('orcid'),
				refreshToken: fromRefresh('refreshToken'),
			},
			[2400, 0],
			CONTINUE,
		),
	];
	const connections: WorkflowJson['connections'] = {};
	const link = (from: string, to: string) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0]!.push({ node: to, type: 'main', index: 0 });
	};
	link('Start', 'Refresh Token');
	// Sync Diff routes to six outputs: it sits on a side branch, run before the main one goes on
	const sideBranches: Record<string, string> = {
		'Sync Diff': 'Read Public',
		'Diff After Revoke': 'Read After Revoke',
	};
	const order = chain.map((n) => n.name).filter((n) => !sideBranches[n]);
	for (let i = 1; i < order.length; i++) link(order[i - 1], order[i]);
	for (const [to, from] of Object.entries(sideBranches)) link(from, to);
	return {
		id: 'wf-leaks',
		name: 'ORCID leak test',
		nodes: [manualStart(), ...chain],
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/** Start -> one node. */
function single(n: INode): WorkflowJson {
	return afterManualTrigger(
		{ ...n, position: [200, 0] },
		{ id: `wf-${n.id}`, name: n.name, settings: { executionOrder: 'v1' } },
	);
}

interface Scenario {
	runs: IRun[];
	results: WorkflowResult[];
	pages: string[];
	/** every secret of the run, plain */
	secrets: Record<string, string>;
	record: IDataObject;
}

async function scenario(key: string | undefined): Promise<Scenario> {
	await emu.control('POST', '/_emulator/reset');
	logLines.length = 0;
	const overrides: IDataObject = { linkSigningSecret: LINK_SECRET };
	if (key) overrides.tokenEncryptionKey = key;
	const credentials = credentialsFor(emu, 'member', overrides as never);
	const results: WorkflowResult[] = [];
	const pages: string[] = [];

	// 1. the researcher connects (OpenID: an id_token comes back and is verified)
	let server: WebhookServer | undefined;
	let record: IDataObject;
	try {
		server = await serveWorkflow(
			triggerWorkflow({ apiType: 'member', scopePreset: 'activitiesUpdate', openid: true }),
			{ credentials },
		);
		const browser = new TestBrowser(server);
		const start = await browser.request('setup', {
			query: { link: startLink(server, 'user-42', LINK_SECRET) },
		});
		expect(start.status).toBe(302);
		pages.push(start.body, start.location ?? '');
		const authorize = new URL(start.location!);
		const { redirect } = await emu.control('POST', '/_emulator/consent', {
			clientId: authorize.searchParams.get('client_id'),
			orcid: CARBERRY,
			scope: authorize.searchParams.get('scope'),
			redirectUri: authorize.searchParams.get('redirect_uri'),
			state: authorize.searchParams.get('state'),
			nonce: authorize.searchParams.get('nonce') ?? undefined,
		});
		const callback = await followCallback(browser, await browser.fetch(redirect));
		expect(callback.status).toBe(200);
		pages.push(callback.body, callback.redirect.location ?? '');
		results.push(callback.run!);
		const connected = callback.run!.nodes[TRIGGER].outputs[0];
		expect(connected).toHaveLength(1);
		record = connected[0];
		expect(record.idToken).toEqual(expect.any(String));
		expect(record.scopes).toContain('openid');

		// the same callback URL again (someone replaying it): the sign-in is spent, ORCID is
		// not asked
		const replay = await followCallback(browser, await browser.fetch(redirect));
		pages.push(replay.body);
		results.push(replay.run!);
		expect(replay.run!.nodes[TRIGGER].outputs[1]).toEqual([
			expect.objectContaining({ reason: 'state_used' }),
		]);
	} finally {
		await server?.stop();
	}

	// a token of its own for the upkeep workflow (which ends by revoking it)
	const fresh = (await emu.control('POST', '/_emulator/tokens', {
		clientId: MEMBER_CLIENT,
		orcid: CARBERRY,
		scope: '/read-limited /activities/update',
	})) as { access_token: string; refresh_token: string };
	const protect = (token: string) => (key ? encryptToken(token, key) : token);
	const stored = {
		...record,
		accessToken: protect(fresh.access_token),
		refreshToken: protect(fresh.refresh_token),
	};

	// 2. token upkeep, writes, reads and the diff, then revocation and the failures after it
	const upkeep = await runWorkflow(upkeepWorkflow(), { credentials, input: [stored] });
	results.push(upkeep);
	expect(upkeep.executionOrder).toEqual([
		'Start',
		'Refresh Token',
		'Check Token',
		'Create Work',
		'Bulk Works',
		'Update Work',
		'Read Record',
		'Read Public',
		'Sync Diff',
		'Delete Work',
		'Revoke Token',
		'Write After Revoke',
		'Read After Revoke',
		'Diff After Revoke',
		'Refresh After Revoke',
	]);
	expect(upkeep.status).toBe('success');
	expect(upkeep.output('Check Token')[0]).toMatchObject({ status: 'connected', valid: true });
	expect(upkeep.output('Create Work')[0]).toMatchObject({ status: 'created' });
	expect(upkeep.output('Bulk Works')[0]).toMatchObject({ status: 'created' });
	expect(upkeep.output('Update Work')[0]).toMatchObject({ status: 'updated' });
	expect(upkeep.output('Delete Work')[0]).toMatchObject({ status: 'deleted' });
	expect(upkeep.output('Revoke Token')[0]).toMatchObject({ status: 'revoked' });
	expect(upkeep.nodes['Sync Diff'].outputs.flat()).toContainEqual(
		expect.objectContaining({ localKey: 'local-1', action: 'update' }),
	);
	expect(upkeep.output('Write After Revoke')[0]).toMatchObject({ status: 'token-revoked' });
	expect(upkeep.output('Read After Revoke')[0].error).toEqual(expect.any(String));
	expect(upkeep.nodes['Diff After Revoke'].outputs.flat()).toContainEqual(
		expect.objectContaining({ localKey: 'local-2', action: 'error' }),
	);
	expect(upkeep.output('Refresh After Revoke')[0].error).toEqual(expect.any(String));

	// 3. the same failure without Continue On Fail: the node error is what n8n keeps
	const failing = await runWorkflow(
		single(
			node(
				'Write With Dead Token',
				'orcidWriteItem',
				{ resource: 'work', operation: 'create', ...workFields('Dead', '10.5555/leak-test-4') },
				[0, 0],
			),
		),
		{ credentials, input: [upkeep.output('Refresh Token')[0]] },
	);
	results.push(failing);
	expect(failing.status).toBe('error');
	expect(failing.nodes['Write With Dead Token'].error).toBeDefined();

	// 4. a code captured by the vendor's own portal, exchanged by the ORCID Token node
	const redirectUri = 'http://127.0.0.1:9/portal/orcid';
	const consent = await emu.control('POST', '/_emulator/consent', {
		clientId: MEMBER_CLIENT,
		orcid: CARBERRY,
		scope: '/read-limited',
		redirectUri,
		state: 'portal',
	});
	const exchange = await runWorkflow(
		single(
			node(
				'Exchange Code',
				'orcidToken',
				{ resource: 'token', operation: 'exchangeCode', code: consent.code, redirectUri },
				[0, 0],
			),
		),
		{ credentials },
	);
	results.push(exchange);
	expect(exchange.output('Exchange Code')[0]).toMatchObject({ status: 'connected' });

	// every secret of the run, plain
	const state = await emu.control('GET', '/_emulator/state');
	const secrets: Record<string, string> = {
		'client secret': CLIENT_SECRET,
		'link signing secret': LINK_SECRET,
	};
	if (key) secrets['token encryption key'] = key;
	for (const t of state.tokens as Array<{ accessToken: string; refreshToken: string }>) {
		secrets[`access token ${t.accessToken.slice(0, 4)}…`] = t.accessToken;
		secrets[`refresh token ${t.refreshToken.slice(0, 4)}…`] = t.refreshToken;
	}
	for (const c of state.codes as Array<{ code: string }>) {
		secrets[`authorization code ${c.code.slice(0, 2)}…`] = c.code;
	}
	const idToken = key ? decryptToken(record.idToken as string, key) : (record.idToken as string);
	secrets['id_token'] = idToken;
	secrets['id_token signature'] = idToken.split('.')[2];
	// the test really saw what it searches for
	expect(Object.keys(secrets).filter((k) => k.startsWith('access token')).length).toBeGreaterThan(
		4,
	);
	expect(Object.keys(secrets).filter((k) => k.startsWith('authorization code'))).toHaveLength(2);
	return { runs: results.map((r) => r.run), results, pages, secrets, record };
}

function leaks(haystacks: Record<string, string>, secrets: Record<string, string>): string[] {
	const found: string[] = [];
	for (const [where, text] of Object.entries(haystacks)) {
		for (const [what, secret] of Object.entries(secrets)) {
			if (text.includes(secret) || text.includes(encodeURIComponent(secret))) {
				found.push(`${what} in ${where}`);
			}
		}
	}
	return found;
}

const FAILED = ['failed', 'token-revoked', 'deactivated', 'unclear'];

/** Traffic outputs (the last output of each of our nodes) and every error n8n keeps. */
function trafficAndErrors(s: Scenario): Record<string, string> {
	const out: Record<string, string> = {};
	s.results.forEach((result, r) => {
		for (const [name, n] of Object.entries(result.nodes)) {
			if (name === 'Start') continue;
			const last = n.outputs.length - 1;
			out[`run ${r} ${name} traffic`] = serialise(n.outputs[last]);
			out[`run ${r} ${name} error`] = serialise(n.runs.map((t) => t.error ?? null));
			// Continue On Fail error items, Sync Diff's error items, the trigger's Not Connected
			const errorItems = n.outputs
				.slice(0, last)
				.flat()
				.filter(
					(j) =>
						j.error !== undefined ||
						FAILED.includes(j.status as string) ||
						j.action === 'error' ||
						(name === TRIGGER && j.stateValid !== undefined),
				);
			out[`run ${r} ${name} error items`] = serialise(errorItems);
		}
		out[`run ${r} workflow error`] = serialise(result.run.data.resultData.error ?? null);
	});
	return out;
}

describe('no token, secret or code leaks out of a run through every node', () => {
	it('with token encryption on: nowhere in the whole IRuns, pages or log', async () => {
		const s = await scenario(KEY);
		// the stored record is ciphertext
		expect(s.record.accessToken).toMatch(/^orcidenc:v1:/);
		expect(s.record.refreshToken).toMatch(/^orcidenc:v1:/);
		expect(s.record.idToken).toMatch(/^orcidenc:v1:/);
		const haystacks: Record<string, string> = {};
		s.runs.forEach((run, i) => (haystacks[`IRun ${i}`] = serialise(run)));
		s.pages.forEach((page, i) => (haystacks[`page ${i}`] = page));
		haystacks['n8n log'] = logLines.join('\n');
		// the haystacks hold the work done (so an empty serialisation cannot pass)
		expect(haystacks['IRun 2']).toContain('A leak test, revised');
		expect(haystacks['IRun 2']).toContain('"retries"');
		expect(leaks(haystacks, s.secrets)).toEqual([]);
	}, 120_000);

	it('with token encryption off: not in traffic records, errors, pages or log', async () => {
		const s = await scenario(undefined);
		const haystacks = trafficAndErrors(s);
		s.pages.forEach((page, i) => (haystacks[`page ${i}`] = page));
		haystacks['n8n log'] = logLines.join('\n');
		expect(haystacks['run 2 Create Work traffic']).toContain('/work');
		expect(haystacks['run 2 Write After Revoke error items']).toContain('token-revoked');
		expect(haystacks['run 3 Write With Dead Token error']).toContain('invalid_token');
		expect(leaks(haystacks, s.secrets)).toEqual([]);
		// sanity: without encryption the token record itself does carry the plain token
		expect(serialise(s.runs[2])).toContain(
			(s.results[2].output('Refresh Token')[0].accessToken as string) ?? 'missing',
		);
	}, 120_000);
});

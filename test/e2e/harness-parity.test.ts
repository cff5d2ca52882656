/**
 * The engine harness gives the same node outputs as a real n8n 2.41.1 for the same workflow.
 *
 * Every workflow in test/fixtures/workflows/parity/ runs twice: in the harness, and in n8n
 * (imported through the public API, credentials created through the API, run with
 * `n8n execute --id`, i.e. mode 'cli', the run read back from the CLI output and from the
 * saved execution). Per node: the same output items per output index, the same paired items,
 * the same status and error message. A fixture's `parity.credentials` names the credentials
 * it needs; `__ECHO_URL__` anywhere in it becomes a local echo server's URL.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';
import { callWebhook, runWorkflow, type CredentialsData, type WorkflowJson } from '../harness';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server';
import { buildFixturePackage, fixtureTypes } from '../fixtures/nodes';
import * as n8nServer from '../../scripts/n8n-server';

const PARITY_DIR = path.join(__dirname, '..', 'fixtures', 'workflows', 'parity');
const REPO = path.resolve(__dirname, '..', '..');

interface ParityFixture extends WorkflowJson {
	parity: { description: string; credentials: CredentialsData; expectStatus: string };
}

function loadFixture(file: string, echoUrl: string): ParityFixture {
	const text = fs
		.readFileSync(path.join(PARITY_DIR, file), 'utf8')
		.replaceAll('__ECHO_URL__', echoUrl);
	return JSON.parse(text) as ParityFixture;
}

const fixtureFiles = fs
	.readdirSync(PARITY_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();

interface NodeView {
	status: string | undefined;
	error: string | undefined;
	outputs: IDataObject[][];
	pairedItems: unknown[][];
}

/** The comparable part of a run: per node, outputs, paired items, status, error message. */
function view(run: IRun): Record<string, NodeView> {
	const nodes: Record<string, NodeView> = {};
	for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
		const main = (tasks[0]?.data?.main ?? []) as Array<INodeExecutionData[] | null>;
		nodes[name] = {
			status: tasks[0]?.executionStatus,
			error: tasks[0]?.error?.message,
			outputs: main.map((o) => (o ?? []).map((i) => i.json)),
			pairedItems: main.map((o) => (o ?? []).map((i) => i.pairedItem)),
		};
	}
	return nodes;
}

let n8n: Awaited<ReturnType<typeof n8nServer.startN8n>>;
let echo: EchoServer;
let fixturesPackage: string;

beforeAll(async () => {
	echo = await startEchoServer();
	fixturesPackage = buildFixturePackage();
	n8n = await n8nServer.startN8n({
		// our built package (nodes still being written are left out) and the fixture package
		packages: [
			{ dir: REPO, onlyBuilt: true },
			{ dir: fixturesPackage, onlyBuilt: false },
		],
	});
}, 240_000);

afterAll(async () => {
	await n8n?.stop();
	await echo?.stop();
	if (fixturesPackage) fs.rmSync(path.dirname(fixturesPackage), { recursive: true, force: true });
}, 60_000);

it('has parity fixtures, at least one of them using a node of this package', () => {
	expect(fixtureFiles.length).toBeGreaterThan(0);
	const types = fixtureFiles.flatMap((f) => loadFixture(f, echo.url).nodes.map((n) => n.type));
	expect(types.some((t) => t.startsWith('n8n-nodes-orcid.'))).toBe(true);
});

describe.each(fixtureFiles)('%s', (file) => {
	it('gives the same node outputs in the harness and in n8n 2.41.1', async () => {
		const fixture = loadFixture(file, echo.url);
		const needed = fixture.nodes.map((n) => n.type).filter((t) => !t.startsWith('n8n-nodes-base.'));
		const loaded = new Set((await n8n.nodeTypes()).map((t: { name: string }) => t.name));
		const notLoaded = needed.filter((t) => !loaded.has(t));
		expect({ notLoadedInN8n: notLoaded }).toEqual({ notLoadedInN8n: [] });

		// the real server
		const refs: Record<string, { id: string; name: string }> = {};
		for (const [type, data] of Object.entries(fixture.parity.credentials)) {
			refs[type] = await n8n.createCredential({ name: `${type} parity`, type, data });
		}
		const created = await n8n.importWorkflow(fixture, { credentials: refs });
		const before = echo.received.length;
		const served = await n8n.execute(created.id);
		const saved = await n8n.waitForExecutions(created.id, 1);
		const servedCalls = echo.received.slice(before).map((r) => `${r.method} ${r.path}`);

		// the harness, same mode as `n8n execute`
		const between = echo.received.length;
		const inHarness = await runWorkflow(fixture, {
			...fixtureTypes(),
			credentials: fixture.parity.credentials,
			mode: 'cli',
		});
		const harnessCalls = echo.received.slice(between).map((r) => `${r.method} ${r.path}`);

		const expected = view(served);
		expect(served.status).toBe(fixture.parity.expectStatus);
		expect(Object.keys(expected).sort()).toEqual(fixture.nodes.map((n) => n.name).sort());
		// HTTP fixtures really called the echo server, the same calls from both
		expect(servedCalls.length > 0).toBe(JSON.stringify(fixture).includes(echo.url));
		expect(harnessCalls).toEqual(servedCalls);
		expect(view(inHarness.run)).toEqual(expected);
		expect(inHarness.status).toBe(served.status);
		// and what n8n saved is what it printed
		expect(view({ data: saved[0].data } as IRun)).toEqual(expected);
	}, 120_000);
});

/**
 * Webhooks: the harness's HTTP answer and the run after it match a real n8n's for the same
 * trigger (test fixture shaped like the ORCID Auth Trigger: redirect, own HTML page, n8n's
 * onReceived answer, an error thrown in webhook()). Webhook URLs are the same in both because
 * the harness is given n8n's webhook base URL.
 */
describe('webhooks', () => {
	const base = JSON.parse(
		fs.readFileSync(
			path.join(__dirname, '..', 'fixtures', 'workflows', 'harness-trigger.json'),
			'utf8',
		),
	) as WorkflowJson;
	const variant = (respond: 'node' | 'n8n', webhookId: string): WorkflowJson => {
		const wf = structuredClone(base);
		wf.name = `${base.name} (${respond})`;
		wf.nodes[0].parameters = { respond };
		wf.nodes[0].webhookId = webhookId;
		return wf;
	};
	const byNode = variant('node', '5d0c1f0e-4f6b-4c55-9d1e-0a1b2c3d4e5f');
	const byN8n = variant('n8n', '6e1d2a1f-5a7c-4d66-8e2f-1b2c3d4e5f60');

	interface Answer {
		status: number;
		contentType: string;
		body: string;
		location?: string;
	}

	async function real(url: string): Promise<Answer> {
		const res = await fetch(url, { redirect: 'manual', headers: { 'User-Agent': 'parity-test' } });
		return {
			status: res.status,
			contentType: (res.headers.get('content-type') ?? '').split(';')[0],
			body: await res.text(),
			location: res.headers.get('location') ?? undefined,
		};
	}

	async function harness(
		wf: WorkflowJson,
		webhookName: string,
		query: Record<string, string>,
	): Promise<Answer & { run?: IRun }> {
		const res = await callWebhook(
			wf,
			'Trigger',
			webhookName,
			{ query, headers: { 'User-Agent': 'parity-test' } },
			{ ...fixtureTypes(), webhookBaseUrl: `${n8n.webhookUrl}/webhook` },
		);
		return {
			status: res.status,
			contentType: String(res.headers['content-type'] ?? '').split(';')[0],
			body: res.body,
			location: res.location,
			run: res.run?.run,
		};
	}

	let ids: { byNode: string; byN8n: string };
	beforeAll(async () => {
		const a = await n8n.importWorkflow(byNode);
		const b = await n8n.importWorkflow(byN8n);
		await n8n.activate(a.id);
		await n8n.activate(b.id);
		ids = { byNode: a.id, byN8n: b.id };
	}, 120_000);

	/** The finished run n8n saved for the callback that carried `state` (found by content). */
	async function savedRun(workflowId: string, state: string): Promise<IRun> {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const list = await n8n.executions(workflowId);
			const mine = list.find(
				(e: { status: string; data: IRun['data'] }) =>
					!['new', 'running', 'waiting'].includes(e.status) &&
					Object.values(view({ data: e.data } as IRun).Trigger?.outputs ?? [])
						.flat()
						.some((item) => item.state === state),
			);
			if (mine) return { data: mine.data } as IRun;
			if (Date.now() > deadline) throw new Error(`no finished run received state ${state}`);
			await new Promise((r) => setTimeout(r, 300));
		}
	}

	const url = (wf: WorkflowJson, p: string, q: string) =>
		`${n8n.webhookUrl}/webhook/${wf.nodes[0].webhookId}/${p}?${q}`;

	it('redirects like n8n, to the same callback URL, and starts no run', async () => {
		const served = await real(url(byNode, 'start', 'ref=r1'));
		const inHarness = await harness(byNode, 'setup', { ref: 'r1' });
		expect(served.status).toBe(302);
		expect(served.location).toBe(url(byNode, 'callback', 'code=CODE-r1&state=r1'));
		expect({ ...inHarness, body: undefined, contentType: undefined }).toEqual({
			...served,
			body: undefined,
			contentType: undefined,
		});
		expect(inHarness.run).toBeUndefined();
	});

	it("serves the node's own page and runs the same workflow as n8n", async () => {
		const served = await real(url(byNode, 'callback', 'code=C1&state=S1'));
		const inHarness = await harness(byNode, 'default', { code: 'C1', state: 'S1' });
		expect(served).toEqual({
			status: 200,
			contentType: 'text/html',
			body: '<h1>Connected</h1>',
			location: undefined,
		});
		expect({ ...inHarness, run: undefined }).toEqual({ ...served, run: undefined });
		const expected = view(await savedRun(ids.byNode, 'S1'));
		expect(expected.Got.outputs[0][0]).toMatchObject({
			code: 'C1',
			state: 'S1',
			userAgent: 'parity-test',
		});
		expect(view(inHarness.run as IRun)).toEqual(expected);
	});

	it("gives n8n's onReceived answer when the node leaves the response to n8n", async () => {
		const served = await real(url(byN8n, 'callback', 'state=S2'));
		const inHarness = await harness(byN8n, 'default', { state: 'S2' });
		// n8n 2.41.1 quirk: with no responseData in the webhook description, the answer is the
		// name of the default option, not {"message":"Workflow was started"}
		expect(served).toEqual({ status: 200, contentType: 'text/html', body: 'firstEntryJson' });
		expect({ ...inHarness, run: undefined }).toEqual({
			...served,
			run: undefined,
			location: undefined,
		});
		const expected = view(await savedRun(ids.byN8n, 'S2'));
		expect(expected.Rejected.outputs[0]).toHaveLength(1);
		expect(view(inHarness.run as IRun)).toEqual(expected);
	});

	it("answers n8n's 500 when webhook() throws", async () => {
		const served = await real(url(byNode, 'start', 'fail=nope'));
		const inHarness = await harness(byNode, 'setup', { fail: 'nope' });
		expect(served.status).toBe(500);
		expect(inHarness.status).toBe(served.status);
		expect(JSON.parse(inHarness.body)).toEqual(JSON.parse(served.body));
	});
});

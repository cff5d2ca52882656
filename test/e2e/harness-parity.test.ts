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
import { runWorkflow, type CredentialsData, type WorkflowJson } from '../harness';
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

beforeAll(async () => {
	echo = await startEchoServer();
	const fixturesPackage = buildFixturePackage();
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

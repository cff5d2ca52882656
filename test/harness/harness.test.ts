/**
 * The harness itself, proved with the test-only fixture nodes: output items per output,
 * paired items, errors (plain, continueOnFail / onError), credential injection seen by a real
 * local server, credential tests, and webhooks over real HTTP.
 */
import type { IConnections, IDataObject, INode } from 'n8n-workflow';
import {
	callWebhook,
	credentialsFor,
	getPackageTypes,
	runWorkflow,
	serveWorkflow,
	testCredential,
	type ServeOptions,
	type WorkflowJson,
} from '.';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server';
import { ECHO_TYPE, TRIGGER_TYPE, fixtureTypes } from '../fixtures/nodes';

const fixtures = fixtureTypes();

function node(
	name: string,
	type: string,
	parameters: INode['parameters'] = {},
	extra: Partial<INode> = {},
): INode {
	return {
		id: name,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	};
}

function chain(...pairs: Array<[string, string, number?]>): IConnections {
	const connections: IConnections = {};
	for (const [from, to, output = 0] of pairs) {
		connections[from] ??= { main: [] };
		const main = connections[from].main;
		while (main.length <= output) main.push([]);
		main[output]!.push({ node: to, type: 'main', index: 0 });
	}
	return connections;
}

function echoWorkflow(url: string, echo: Partial<INode> = {}): WorkflowJson {
	const { parameters, ...extra } = echo;
	return {
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger'),
			node('Echo', ECHO_TYPE, { url, message: '={{ $json.name }}', ...parameters }, extra),
			node('After', 'n8n-nodes-base.noOp'),
		],
		connections: chain(['Start', 'Echo'], ['Echo', 'After']),
		settings: { executionOrder: 'v1' },
	};
}

const goodCredentials = (url: string) => ({
	harnessEchoApi: { baseUrl: url, apiKey: 'good-key' },
});

let echo: EchoServer;
beforeAll(async () => {
	echo = await startEchoServer();
});
afterAll(async () => {
	await echo.stop();
});
beforeEach(() => {
	echo.received.length = 0;
});

/** Echo on `path`, failing the items whose `bad` is set, over `input`, with `onError`. */
async function runFailing(path: string, input: IDataObject[], onError?: INode['onError']) {
	const wf = echoWorkflow(`${echo.url}${path}`, {
		parameters: { failField: 'bad' },
		...(onError ? { onError } : {}),
	});
	return await runWorkflow(wf, { ...fixtures, credentials: goodCredentials(echo.url), input });
}

describe('runWorkflow', () => {
	it('returns every output of every node, with paired items, in execution order', async () => {
		const wf = echoWorkflow(`${echo.url}/items`, { parameters: { copies: 2 } });
		const result = await runWorkflow(wf, {
			...fixtures,
			credentials: goodCredentials(echo.url),
			input: [{ name: 'ada' }, { name: 'grace' }, { name: 'katherine' }],
		});
		expect(result.status).toBe('success');
		expect(result.executionOrder).toEqual(['Start', 'Echo', 'After']);
		const results = result.output('Echo', 0);
		expect(results.map((j) => [(j.body as { message: string }).message, j.copy])).toEqual([
			['ada', 0],
			['ada', 1],
			['grace', 0],
			['grace', 1],
			['katherine', 0],
			['katherine', 1],
		]);
		expect(result.nodes.Echo.pairedItems[0]).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
			{ item: 2 },
			{ item: 2 },
		]);
		// second output (Traffic): one record per HTTP call
		expect(result.output('Echo', 1)).toEqual([
			{ method: 'POST', url: `${echo.url}/items`, status: 200 },
			{ method: 'POST', url: `${echo.url}/items`, status: 200 },
			{ method: 'POST', url: `${echo.url}/items`, status: 200 },
		]);
		// only output 0 is wired to After
		expect(result.output('After')).toEqual(results);
		expect(result.output('Start')).toEqual([
			{ name: 'ada' },
			{ name: 'grace' },
			{ name: 'katherine' },
		]);
		expect(result.run.data.resultData.runData.Echo[0].executionStatus).toBe('success');
		expect(() => result.output('Nowhere')).toThrow(
			/"Nowhere" did not run \(ran: Start, Echo, After/,
		);
	});

	it('injects credentials through the generic authenticate block (defaults applied)', async () => {
		const result = await runWorkflow(echoWorkflow(`${echo.url}/auth`), {
			...fixtures,
			credentials: {
				harnessEchoApi: { baseUrl: echo.url, apiKey: 's3cret-key' },
			},
			input: [{ name: 'ada' }],
		});
		expect(result.status).toBe('success');
		expect(echo.received).toHaveLength(1);
		const [req] = echo.received;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/auth');
		expect(req.headers['x-harness-key']).toBe('s3cret-key');
		// 'tenant' was not given: n8n fills in the credential property's default
		expect(req.query).toEqual({ tenant: 'default-tenant' });
		expect(req.body).toEqual({ message: 'ada', index: 0 });
		expect(result.output('Echo')[0]).toMatchObject({
			key: 's3cret-key',
			query: { tenant: 'default-tenant' },
		});
	});

	it('sends no credential when the node does not use one', async () => {
		const result = await runWorkflow(
			echoWorkflow(`${echo.url}/plain`, {
				parameters: { authenticate: false },
			}),
			{
				...fixtures,
				credentials: goodCredentials(echo.url),
			},
		);
		expect(result.status).toBe('success');
		expect(echo.received[0].headers['x-harness-key']).toBeUndefined();
		expect(echo.received[0].query).toEqual({});
	});

	it('fails the run with the node error naming the item', async () => {
		const result = await runFailing('/e', [{ name: 'ok' }, { name: 'broken', bad: true }]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Item 1 has "bad" set');
		expect(result.nodes.Echo.error?.message).toBe('Item 1 has "bad" set');
		expect(
			(result.nodes.Echo.error as { context?: { itemIndex?: number } }).context?.itemIndex,
		).toBe(1);
		expect(result.nodes.After).toBeUndefined();
		expect(result.lastNodeExecuted).toBe('Echo');
	});

	it('continues on fail (onError: continueRegularOutput) with an error item in place', async () => {
		const result = await runFailing(
			'/c',
			[{ name: 'ok' }, { name: 'broken', bad: true }, { name: 'fine' }],
			'continueRegularOutput',
		);
		expect(result.status).toBe('success');
		const out = result.output('Echo');
		expect(out).toHaveLength(3);
		expect(out[1]).toEqual({ error: 'Item 1 has "bad" set' });
		expect((out[2].body as { message: string }).message).toBe('fine');
		expect(result.nodes.Echo.pairedItems[0]).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.output('After')).toHaveLength(3);
	});

	it('routes failed items to the error output (onError: continueErrorOutput)', async () => {
		const result = await runFailing(
			'/c',
			[{ name: 'ok' }, { name: 'broken', bad: true }],
			'continueErrorOutput',
		);
		expect(result.status).toBe('success');
		// the engine appends an error output after Result and Traffic, carrying the input item
		const errorOutput = result.nodes.Echo.outputs[2];
		expect(errorOutput).toEqual([{ name: 'broken', bad: true, error: 'Item 1 has "bad" set' }]);
		expect(result.nodes.Echo.pairedItems[2]).toEqual([{ item: 1 }]);
		expect(result.output('Echo').map((j) => (j.body as { message: string }).message)).toEqual([
			'ok',
		]);
	});

	it('reports network errors and a missing credential clearly', async () => {
		const closed = await startEchoServer();
		const url = closed.url;
		await closed.stop();
		const net = await runWorkflow(echoWorkflow(`${url}/x`), {
			...fixtures,
			credentials: goodCredentials(url),
		});
		expect(net.status).toBe('error');
		expect(net.nodes.Echo.error?.message).toMatch(/ECONNREFUSED|connect/i);

		const missing = await runWorkflow(echoWorkflow(`${echo.url}/x`), {
			...fixtures,
		});
		expect(missing.status).toBe('error');
		expect(missing.nodes.Echo.error?.message).toMatch(/does not have any credentials set/);
		expect(echo.received).toHaveLength(0);
	});

	it('names the known types when a node type is unknown', async () => {
		await expect(
			runWorkflow({
				nodes: [node('X', 'n8n-nodes-orcid.noSuchNode')],
				connections: {},
			}),
		).rejects.toThrow(/unknown node type "n8n-nodes-orcid.noSuchNode".*orcidSyncDiff/);
	});
});

describe('testCredential', () => {
	it("runs the credential type test request with authentication, like n8n's Test button", async () => {
		await expect(
			testCredential('harnessEchoApi', goodCredentials(echo.url).harnessEchoApi, fixtures),
		).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(echo.received).toContainEqual(
			expect.objectContaining({ path: '/check', query: { tenant: 'default-tenant' } }),
		);
		await expect(
			testCredential('harnessEchoApi', { baseUrl: echo.url, apiKey: 'wrong' }, fixtures),
		).resolves.toEqual({
			status: 'Error',
			message: 'The echo server refused the key',
		});
		const closed = await startEchoServer();
		await closed.stop();
		const refused = await testCredential(
			'harnessEchoApi',
			{ baseUrl: closed.url, apiKey: 'good-key' },
			fixtures,
		);
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/ECONNREFUSED/);
	});

	it('loads the package credential types from their sources via package.json', async () => {
		const pkg = getPackageTypes();
		expect((await pkg.loadCredential('orcidMemberOAuth2Api'))?.name).toBe('orcidMemberOAuth2Api');
		expect((await pkg.loadCredential('orcidPublicOAuth2Api'))?.name).toBe('orcidPublicOAuth2Api');
		expect(pkg.declaredNodeNames()).toEqual(
			expect.arrayContaining([
				'orcidAuthTrigger',
				'orcidToken',
				'orcidWriteItem',
				'orcidReadRecord',
				'orcidSyncDiff',
			]),
		);
	});

	it('credentialsFor points a credential at the emulator', () => {
		const creds = credentialsFor(
			{
				url: 'http://127.0.0.1:1',
				publicApi: 'http://127.0.0.1:1/pub',
				memberApi: 'http://127.0.0.1:1/api',
			},
			'member',
		);
		expect(creds).toEqual({
			orcidMemberOAuth2Api: expect.objectContaining({
				environment: 'custom',
				oauthBaseUrl: 'http://127.0.0.1:1',
				memberApiBaseUrl: 'http://127.0.0.1:1/api',
				clientId: 'APP-EMUMEMBER0000001',
				clientSecret: 'emu-member-secret',
			}),
		});
	});
});

describe('webhooks', () => {
	function triggerWorkflow(respond: 'node' | 'n8n' = 'node'): WorkflowJson {
		return {
			nodes: [
				node('Trigger', TRIGGER_TYPE, { respond }, { webhookId: 'wh-1' }),
				node('Got', 'n8n-nodes-base.noOp'),
				node('Rejected', 'n8n-nodes-base.noOp'),
			],
			connections: chain(['Trigger', 'Got', 0], ['Trigger', 'Rejected', 1]),
			settings: { executionOrder: 'v1' },
		};
	}

	/** One call of the trigger's `webhook` with this query, through callWebhook. */
	const callTrigger = (
		webhook: string,
		query?: Record<string, string>,
		respond: 'node' | 'n8n' = 'node',
		options: ServeOptions = {},
	) =>
		callWebhook(triggerWorkflow(respond), 'Trigger', webhook, query ? { query } : {}, {
			...fixtures,
			...options,
		});

	it('answers the client with what the node wrote (redirect) and starts no run', async () => {
		const res = await callTrigger('setup', { ref: 'r1' }, 'node', {
			webhookBaseUrl: 'https://n8n.example.org/webhook',
		});
		expect(res.status).toBe(302);
		expect(res.location).toBe(
			'https://n8n.example.org/webhook/wh-1/callback?code=CODE-r1&state=r1',
		);
		expect(res.webhookResult).toEqual({ noWebhookResponse: true });
		expect(res.run).toBeUndefined();
	});

	it('follows the redirect to the callback over HTTP and runs the rest of the workflow', async () => {
		const server = await serveWorkflow(triggerWorkflow(), fixtures);
		try {
			const start = await server.request('Trigger', 'setup', {
				query: { ref: 'r2' },
			});
			expect(start.status).toBe(302);
			expect(start.location).toBe(`${server.url}/webhook/wh-1/callback?code=CODE-r2&state=r2`);
			const callback = await server.fetch(start.location as string, {
				headers: { 'User-Agent': 'harness-test' },
			});
			expect(callback.status).toBe(200);
			expect(callback.headers['content-type']).toMatch(/^text\/html/);
			expect(callback.body).toBe('<h1>Connected</h1>');
			expect(callback.run?.status).toBe('success');
			expect(callback.run?.output('Got')).toEqual([
				{
					code: 'CODE-r2',
					state: 'r2',
					userAgent: 'harness-test',
					callbackUrl: `${server.url}/webhook/wh-1/callback`,
				},
			]);
			expect(callback.run?.nodes.Rejected).toBeUndefined();
			expect(server.calls.map((c) => [c.node, c.webhookName])).toEqual([
				['Trigger', 'setup'],
				['Trigger', 'default'],
			]);
			const unknown = await server.fetch('/webhook/wh-1/nothing');
			expect(unknown.status).toBe(404);
		} finally {
			await server.stop();
		}
	});

	it('routes to the second output and lets the node set the status', async () => {
		const res = await callTrigger('default');
		expect(res.status).toBe(400);
		expect(res.body).toBe('<h1>Not connected</h1>');
		expect(res.run?.output('Rejected')).toHaveLength(1);
		expect(res.run?.nodes.Got).toBeUndefined();
	});

	it('answers like n8n (onReceived) when the node leaves the response to n8n', async () => {
		const res = await callTrigger('default', { code: 'c', state: 's' }, 'n8n');
		// what n8n 2.41.1 answers when the webhook description has no responseData (quirk)
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^text\/html/);
		expect(res.body).toBe('firstEntryJson');
		expect(res.run?.output('Got')).toEqual([expect.objectContaining({ code: 'c', state: 's' })]);
	});

	it("answers n8n's 500 when webhook() throws, and returns the error", async () => {
		const res = await callTrigger('setup', { fail: 'nope' });
		expect(res.status).toBe(500);
		expect(res.json).toEqual({
			code: 0,
			message: 'Workflow Webhook Error: Workflow could not be started!',
		});
		expect(res.error?.message).toBe('Start refused: nope');
		expect(res.run).toBeUndefined();
	});
});

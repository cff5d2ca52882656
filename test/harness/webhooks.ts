/**
 * Webhook triggers with real HTTP: a node:http server routes `/webhook/...` requests to the
 * trigger node's webhook() through n8n-core's WebhookContext (what n8n's WebhookService does),
 * answers the client the way n8n's webhook helpers do, and runs the rest of the workflow when
 * the webhook returns workflowData.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type {
	CloseFunction,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, isExpression } from 'n8n-workflow';
import { HookContext, WebhookContext } from 'n8n-core';
import type { EngineContext, HarnessOptions, WorkflowJson, WorkflowResult } from './engine';
import { createEngineContext, execute } from './engine';
import { toWebhookRequest, toWebhookResponse } from './http';

export interface WebhookRequestSpec {
	/** Default: the webhook's httpMethod. */
	method?: string;
	query?: Record<string, string | number | boolean | Array<string | number>>;
	headers?: Record<string, string>;
	/** Object: JSON (or form-encoded when content-type says so); string/Buffer: as is. */
	body?: unknown;
}

export interface WebhookCallResult {
	/** What the HTTP client saw. */
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
	/** The body parsed as JSON when it is JSON. */
	json?: unknown;
	location?: string;
	/** What the node's webhook() returned (undefined if it threw). */
	webhookResult?: IWebhookResponseData;
	/** The error webhook() threw, if any (the client got n8n's 500). */
	error?: Error;
	/** The run of the rest of the workflow, when webhook() returned workflowData. */
	run?: WorkflowResult;
}

export interface WebhookCall
	extends Omit<WebhookCallResult, 'status' | 'headers' | 'body' | 'json' | 'location'> {
	method: string;
	url: string;
	node?: string;
	webhookName?: string;
	/** Resolves when handling finished (response sent and the run, if any, ended). */
	done: Promise<void>;
	remotePort?: number;
}

export interface ServeOptions extends HarnessOptions {
	/** 'webhook' (production URL, default) or 'manual' (test URL). */
	mode?: WorkflowExecuteMode;
	/** Call each webhook's webhookMethods checkExists/create at start and delete at stop. */
	runWebhookMethods?: boolean;
}

export interface WebhookServer {
	/** The server's own address, e.g. http://127.0.0.1:41234. */
	url: string;
	/** What nodes compute their webhook URLs from (ServeOptions.webhookBaseUrl or url + /webhook). */
	webhookBaseUrl: string;
	/** The URL a node's webhook is served at (on this server). */
	webhookUrl(nodeName: string, webhookName?: string): string;
	/** Every request routed to a webhook, in arrival order. */
	calls: WebhookCall[];
	/** Sends a real HTTP request to a node's webhook and waits until its handling finished. */
	request(
		nodeName: string,
		webhookName: string,
		req?: WebhookRequestSpec,
	): Promise<WebhookCallResult>;
	/** Sends a request to any URL path of this server (e.g. a Location the node redirected to). */
	fetch(url: string, req?: WebhookRequestSpec): Promise<WebhookCallResult>;
	ctx: EngineContext;
	stop(): Promise<void>;
}

interface ResolvedWebhook {
	node: INode;
	description: IWebhookDescription;
	name: string;
	httpMethod: string;
	/** Path after /webhook/ (webhookId/path, or the full path). */
	path: string;
}

function evaluate<T>(ctx: EngineContext, node: INode, value: unknown, fallback: T): T {
	if (value === undefined) return fallback;
	if (!isExpression(value)) return value as T;
	return ctx.workflow.expression.getSimpleParameterValue(
		node,
		value as string,
		'internal',
		{},
		undefined,
		fallback as never,
	) as T;
}

function trimSlashes(p: string): string {
	return p.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Every webhook of the workflow, resolved like n8n's WebhookService.getNodeWebhooks. */
function resolveWebhooks(ctx: EngineContext): ResolvedWebhook[] {
	const result: ResolvedWebhook[] = [];
	for (const node of Object.values(ctx.workflow.nodes)) {
		if (node.disabled) continue;
		const type = ctx.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		for (const description of type.description.webhooks ?? []) {
			const nodePath = trimSlashes(String(evaluate(ctx, node, description.path, '')));
			const isFullPath = evaluate(ctx, node, description.isFullPath, false);
			const path = NodeHelpers.getNodeWebhookPath(
				ctx.workflow.id,
				node,
				nodePath,
				isFullPath,
				evaluate(ctx, node, description.restartWebhook, false),
			);
			const methods = String(evaluate(ctx, node, description.httpMethod, 'GET'));
			for (const m of methods.split(',')) {
				if (!m.trim()) continue;
				result.push({
					node,
					description,
					name: description.name,
					httpMethod: m.trim().toUpperCase(),
					path: trimSlashes(path),
				});
			}
		}
	}
	return result;
}

function webhookData(
	ctx: EngineContext,
	w: ResolvedWebhook,
	additionalData: IWebhookData['workflowExecuteAdditionalData'],
): IWebhookData {
	return {
		httpMethod: w.httpMethod as IWebhookData['httpMethod'],
		node: w.node.name,
		path: w.path,
		webhookDescription: w.description,
		workflowId: ctx.workflow.id,
		workflowExecuteAdditionalData: additionalData,
	};
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
	if (res.headersSent) {
		if (!res.writableEnded) res.end();
		return;
	}
	res.statusCode = status;
	res.setHeader('Content-Type', 'application/json; charset=utf-8');
	res.end(JSON.stringify(body));
}

function sendData(res: http.ServerResponse, status: number, data: unknown): void {
	if (res.headersSent) return;
	if (data === undefined) {
		res.statusCode = status;
		res.end();
	} else if (typeof data === 'string' || Buffer.isBuffer(data)) {
		res.statusCode = status;
		if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/html; charset=utf-8');
		res.end(data);
	} else sendJson(res, status, data);
}

/** The body n8n answers with for responseMode lastNode (its responseData option, simplified). */
function lastNodeResponse(run: WorkflowResult, responseData: string): unknown {
	const last = run.lastNodeExecuted ? run.nodes[run.lastNodeExecuted] : undefined;
	const items = last?.outputs[0] ?? [];
	if (responseData === 'allEntries') return items;
	if (responseData === 'noData') return undefined;
	return items[0] ?? {};
}

export async function serveWorkflow(
	workflowJson: WorkflowJson,
	opts: ServeOptions = {},
): Promise<WebhookServer> {
	const mode = opts.mode ?? 'webhook';
	const calls: WebhookCall[] = [];
	const pending = new Set<Promise<void>>();
	// filled in once the server listens (the base URL needs its port)
	const state: { ctx?: EngineContext; webhooks: ResolvedWebhook[] } = { webhooks: [] };

	async function handle(
		rawReq: http.IncomingMessage,
		rawRes: http.ServerResponse,
		call: WebhookCall,
	): Promise<void> {
		const c = state.ctx as EngineContext;
		const url = new URL(rawReq.url ?? '/', 'http://127.0.0.1');
		const prefix = mode === 'manual' ? '/webhook-test/' : '/webhook/';
		const method = (rawReq.method ?? 'GET').toUpperCase();
		const sub = url.pathname.startsWith(prefix)
			? trimSlashes(url.pathname.slice(prefix.length))
			: null;
		const target =
			sub === null
				? undefined
				: state.webhooks.find((w) => w.path === sub && w.httpMethod === method);
		if (!target) {
			sendJson(rawRes, 404, {
				code: 404,
				message: `The requested webhook "${method} ${sub ?? url.pathname}" is not registered.`,
			});
			return;
		}
		call.node = target.node.name;
		call.webhookName = target.name;
		const req = await toWebhookRequest(rawReq);
		const res = toWebhookResponse(rawRes);
		const { data: additionalData } = c.additionalData(mode, {
			httpRequest: req as never,
			httpResponse: res as never,
		});
		const node = target.node;
		const nodeType = c.nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
		const description = target.description;
		const responseMode = String(evaluate<unknown>(c, node, description.responseMode, 'onReceived'));
		const responseCode = Number(evaluate<unknown>(c, node, description.responseCode, 200));
		const responseData = String(
			evaluate<unknown>(c, node, description.responseData, 'firstEntryJson'),
		);
		const closeFunctions: CloseFunction[] = [];
		const context = new WebhookContext(
			c.workflow,
			node,
			additionalData,
			mode,
			webhookData(c, target, additionalData),
			closeFunctions,
			null,
		);
		let result: IWebhookResponseData;
		try {
			if (!nodeType.webhook) throw new Error(`harness: node "${node.name}" has no webhook()`);
			result = await nodeType.webhook.call(context);
		} catch (error) {
			call.error = error as Error;
			sendJson(rawRes, 500, {
				code: 0,
				message: 'Workflow Webhook Error: Workflow could not be started!',
			});
			return;
		} finally {
			await Promise.allSettled(closeFunctions.map(async (fn) => await fn()));
		}
		call.webhookResult = result;
		if (result.noWebhookResponse !== true && result.workflowData === undefined) {
			sendData(
				rawRes,
				responseCode,
				result.webhookResponse ?? { message: 'Webhook call received' },
			);
		}
		if (result.workflowData === undefined) return;
		if (!['onReceived', 'lastNode'].includes(String(responseMode))) {
			throw new Error(`harness: webhook responseMode "${String(responseMode)}" is not supported`);
		}
		if (result.noWebhookResponse !== true && responseMode === 'onReceived') {
			// n8n's extractWebhookOnReceivedResponse, quirk included: a trigger without its own
			// responseData answers with the default's name, "firstEntryJson"
			const body =
				responseData === 'noData'
					? undefined
					: responseData
						? responseData
						: (result.webhookResponse ?? { message: 'Workflow was started' });
			sendData(rawRes, responseCode, body);
		}
		const run = await execute(c, node, result.workflowData as INodeExecutionData[][], mode, {
			httpRequest: req as never,
			httpResponse: res as never,
		});
		call.run = run;
		if (result.noWebhookResponse !== true && responseMode === 'lastNode') {
			if (run.error || (run.lastNodeExecuted && run.nodes[run.lastNodeExecuted]?.error)) {
				sendJson(rawRes, 500, { message: 'Error in workflow' });
			} else sendData(rawRes, responseCode, lastNodeResponse(run, String(responseData)));
		}
	}

	const server = http.createServer((req, res) => {
		let resolveDone!: () => void;
		const call: WebhookCall = {
			method: (req.method ?? 'GET').toUpperCase(),
			url: req.url ?? '/',
			remotePort: req.socket.remotePort,
			done: new Promise<void>((r) => (resolveDone = r)),
		};
		calls.push(call);
		const p = handle(req, res, call)
			.catch((error: Error) => {
				call.error ??= error;
				sendJson(res, 500, { code: 0, message: `harness: ${error.message}` });
			})
			.finally(() => {
				// A node that said noWebhookResponse must have answered; don't leave the client hanging.
				if (!res.writableEnded) {
					sendJson(res, 500, {
						message: `harness: node "${call.node}" returned noWebhookResponse but never ended the response`,
					});
				}
				pending.delete(p);
				resolveDone();
			});
		pending.add(p);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const engine = await createEngineContext(workflowJson, { baseUrl: url, ...opts });
	state.ctx = engine;
	state.webhooks = resolveWebhooks(engine);
	const webhooks = state.webhooks;
	const prefix = mode === 'manual' ? 'webhook-test' : 'webhook';

	const webhookMethodsRun = async (method: 'checkExists' | 'create' | 'delete'): Promise<void> => {
		for (const w of webhooks) {
			const type = engine.nodeTypes.getByNameAndVersion(w.node.type, w.node.typeVersion);
			const fn = type.webhookMethods?.[w.name as 'default' | 'setup']?.[method];
			if (!fn) continue;
			const { data } = engine.additionalData(mode);
			const hookContext = new HookContext(
				engine.workflow,
				w.node,
				data,
				mode,
				'activate',
				webhookData(engine, w, data),
			);
			if (method === 'checkExists') {
				if (!(await fn.call(hookContext))) await webhookMethodsRun('create');
			} else await fn.call(hookContext);
		}
	};
	if (opts.runWebhookMethods) await webhookMethodsRun('checkExists');

	function find(nodeName: string, webhookName: string): ResolvedWebhook {
		const w = webhooks.find((x) => x.node.name === nodeName && x.name === webhookName);
		if (!w) {
			throw new Error(
				`harness: no webhook "${webhookName}" on node "${nodeName}" (have: ${webhooks
					.map((x) => `${x.node.name}/${x.name}`)
					.join(', ')})`,
			);
		}
		return w;
	}

	async function send(
		target: string,
		spec: WebhookRequestSpec,
		method: string,
	): Promise<WebhookCallResult> {
		const u = new URL(target, url);
		for (const [k, v] of Object.entries(spec.query ?? {})) {
			for (const one of Array.isArray(v) ? v : [v]) u.searchParams.append(k, String(one));
		}
		const headers: Record<string, string> = { ...(spec.headers ?? {}) };
		const ct = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
		let payload: Buffer | undefined;
		if (spec.body !== undefined) {
			if (Buffer.isBuffer(spec.body)) payload = spec.body;
			else if (typeof spec.body === 'string') payload = Buffer.from(spec.body);
			else if (ct?.startsWith('application/x-www-form-urlencoded')) {
				payload = Buffer.from(new URLSearchParams(spec.body as Record<string, string>).toString());
			} else {
				payload = Buffer.from(JSON.stringify(spec.body));
				if (!ct) headers['Content-Type'] = 'application/json';
			}
		}
		let localPort: number | undefined;
		const response = await new Promise<{
			status: number;
			headers: http.IncomingHttpHeaders;
			body: string;
		}>((resolve, reject) => {
			const r = http.request(u, { method, headers, agent: false }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				res.on('error', reject);
			});
			r.on('socket', (s) => s.on('connect', () => (localPort = s.localPort)));
			r.on('error', reject);
			r.end(payload);
		});
		const call = calls.find((c) => c.remotePort !== undefined && c.remotePort === localPort);
		if (call) await call.done;
		let json: unknown;
		try {
			json = response.body ? (JSON.parse(response.body) as unknown) : undefined;
		} catch {
			json = undefined;
		}
		return {
			...response,
			json,
			location:
				typeof response.headers.location === 'string' ? response.headers.location : undefined,
			webhookResult: call?.webhookResult,
			error: call?.error,
			run: call?.run,
		};
	}

	return {
		url,
		webhookBaseUrl: engine.webhookBaseUrl,
		ctx: engine,
		calls,
		webhookUrl(nodeName, webhookName = 'default') {
			return `${url}/${prefix}/${find(nodeName, webhookName).path}`;
		},
		async request(nodeName, webhookName, spec = {}) {
			const w = find(nodeName, webhookName);
			return await send(`/${prefix}/${w.path}`, spec, (spec.method ?? w.httpMethod).toUpperCase());
		},
		async fetch(target, spec = {}) {
			return await send(target, spec, (spec.method ?? 'GET').toUpperCase());
		},
		async stop() {
			await Promise.allSettled([...pending]);
			if (opts.runWebhookMethods) await webhookMethodsRun('delete');
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/**
 * Calls one webhook of a trigger node with a real HTTP request and response: returns what the
 * client saw, what webhook() returned, and the run of the rest of the workflow if it started one.
 */
export async function callWebhook(
	workflowJson: WorkflowJson,
	nodeName: string,
	webhookName: string,
	req: WebhookRequestSpec = {},
	opts: ServeOptions = {},
): Promise<WebhookCallResult> {
	const server = await serveWorkflow(workflowJson, opts);
	try {
		return await server.request(nodeName, webhookName, req);
	} finally {
		await server.stop();
	}
}

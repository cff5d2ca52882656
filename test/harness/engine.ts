/**
 * Runs a workflow JSON inside the real n8n engine (n8n-core WorkflowExecute), with our nodes,
 * a test credentials helper and n8n-core's own HTTP helpers (no mocking of requests).
 */
import type {
	ExecutionStatus,
	IConnections,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IPairedItemData,
	IRun,
	ITaskData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { CredentialUpdate, CredentialsData } from './credentials-helper';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessCredentialTypes, HarnessNodeTypes } from './registry';

/** A workflow as n8n exports it (only nodes and connections are required). */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
	[key: string]: unknown;
}

export interface HarnessOptions {
	/** Plain credential data per credential type, e.g. { orcidMemberOAuth2Api: {...} }. */
	credentials?: CredentialsData;
	/** Extra node types by full type name (test-only nodes). */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	/** Extra credential types (test-only). */
	credentialTypes?: ICredentialType[];
	/**
	 * Instance base URL (default http://127.0.0.1:5678): webhook URLs the nodes compute are
	 * `${webhookBaseUrl ?? base + '/webhook'}/<webhookId>/<path>`.
	 */
	baseUrl?: string;
	webhookBaseUrl?: string;
	/** Add credential references to nodes that list a type we have data for (default true). */
	autoAssignCredentials?: boolean;
}

export interface RunOptions extends HarnessOptions {
	/** Items for the start node (plain objects are wrapped as { json }). Default [{ json: {} }]. */
	input?: Array<IDataObject | INodeExecutionData>;
	/** Default 'manual'. A real server uses 'cli' for `n8n execute`, 'webhook' for webhooks. */
	mode?: WorkflowExecuteMode;
	/** Name of the start node; default n8n's choice (trigger), else the first node with no parent. */
	startNode?: string;
}

export type PairedItem = IPairedItemData | IPairedItemData[] | number | undefined;

export interface NodeRunResult {
	/** `json` of every item per output index, all runs of the node concatenated. */
	outputs: IDataObject[][];
	/** Full items (json, binary, pairedItem, error) per output index. */
	items: INodeExecutionData[][];
	/** pairedItem of every item per output index. */
	pairedItems: PairedItem[][];
	/** The node's task data per run, as n8n stores it. */
	runs: ITaskData[];
	/** The node's error (last run that had one), as n8n records it. */
	error?: ITaskData['error'];
	executionStatus?: ExecutionStatus;
}

export interface WorkflowResult {
	status: ExecutionStatus;
	/** The workflow-level error (n8n's resultData.error). */
	error?: IRun['data']['resultData']['error'];
	nodes: Record<string, NodeRunResult>;
	/** Node names in the order they finished. */
	executionOrder: string[];
	lastNodeExecuted?: string;
	run: IRun;
	credentialUpdates: CredentialUpdate[];
	staticData: IDataObject;
	/** `json` of a node's output; throws naming the nodes that ran if this one did not. */
	output(nodeName: string, outputIndex?: number): IDataObject[];
}

export const DEFAULT_BASE_URL = 'http://127.0.0.1:5678';

let executionCounter = 0;

/** The engine pieces for one workflow: Workflow object, credentials helper, additionalData. */
export interface EngineContext {
	workflow: Workflow;
	workflowData: IWorkflowBase;
	credentialsHelper: HarnessCredentialsHelper;
	nodeTypes: HarnessNodeTypes;
	baseUrl: string;
	webhookBaseUrl: string;
	additionalData(
		mode: WorkflowExecuteMode,
		extra?: Partial<IWorkflowExecuteAdditionalData>,
	): {
		data: IWorkflowExecuteAdditionalData;
		executionOrder: string[];
	};
}

function clone<T>(v: T): T {
	return structuredClone(v);
}

/** Adds `{ id, name }` references for credential types the test gave data for. */
function assignCredentials(
	nodes: INode[],
	nodeTypes: HarnessNodeTypes,
	helper: HarnessCredentialsHelper,
): void {
	for (const node of nodes) {
		let type: INodeType;
		try {
			type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		} catch {
			continue; // the Workflow constructor reports unknown types
		}
		for (const c of type.description.credentials ?? []) {
			if (!helper.has(c.name) || node.credentials?.[c.name]) continue;
			node.credentials = {
				...node.credentials,
				[c.name]: { id: `harness-${c.name}`, name: c.name },
			};
		}
	}
}

export async function createEngineContext(
	workflowJson: WorkflowJson,
	opts: HarnessOptions = {},
): Promise<EngineContext> {
	const nodeTypes = new HarnessNodeTypes({ nodeTypes: opts.nodeTypes });
	const credentialTypes = new HarnessCredentialTypes(opts.credentialTypes);
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, opts.credentials);
	const nodes = clone(workflowJson.nodes);
	// Package types load asynchronously (jest transforms their sources); n8n asks synchronously.
	await nodeTypes.preload(nodes.map((n) => n.type));
	await credentialTypes.preload([
		...Object.keys(opts.credentials ?? {}),
		...nodes.flatMap((n) => {
			try {
				const t = nodeTypes.getByNameAndVersion(n.type, n.typeVersion);
				return (t.description.credentials ?? []).map((c) => c.name);
			} catch {
				return [];
			}
		}),
	]);
	if (opts.autoAssignCredentials !== false) assignCredentials(nodes, nodeTypes, credentialsHelper);
	const id = workflowJson.id ?? 'harness-workflow';
	const name = workflowJson.name ?? 'Harness workflow';
	const settings = clone(workflowJson.settings ?? {});
	const workflow = new Workflow({
		id,
		name,
		nodes,
		connections: clone(workflowJson.connections),
		nodeTypes,
		active: false,
		settings,
		staticData: clone(workflowJson.staticData ?? {}),
	});
	const workflowData: IWorkflowBase = {
		id,
		name,
		nodes,
		connections: workflow.connectionsBySourceNode,
		active: false,
		settings,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const baseUrl = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, '');
	const webhookBaseUrl = (opts.webhookBaseUrl ?? `${baseUrl}/webhook`).replace(/\/$/, '');
	return {
		workflow,
		workflowData,
		credentialsHelper,
		nodeTypes,
		baseUrl,
		webhookBaseUrl,
		additionalData(mode, extra = {}) {
			const executionId = `harness-${++executionCounter}`;
			const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
			const executionOrder: string[] = [];
			hooks.addHandler('nodeExecuteAfter', (nodeName) => {
				executionOrder.push(nodeName);
			});
			const data = {
				executionId,
				hooks,
				credentialsHelper,
				variables: {},
				currentNodeParameters: undefined,
				currentNodeExecutionIndex: 0,
				restApiUrl: `${baseUrl}/rest`,
				instanceBaseUrl: baseUrl,
				webhookBaseUrl,
				webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
				webhookTestBaseUrl: `${baseUrl}/webhook-test`,
				formBaseUrl: `${baseUrl}/form`,
				formWaitingBaseUrl: `${baseUrl}/form-waiting`,
				formTestBaseUrl: `${baseUrl}/form-test`,
				mcpBaseUrl: `${baseUrl}/mcp`,
				mcpTestBaseUrl: `${baseUrl}/mcp-test`,
				executeWorkflow: async () => {
					throw new Error('harness: sub-workflow execution is not supported');
				},
				getRunExecutionData: async () => undefined,
				logAiEvent: () => undefined,
				...extra,
			} as unknown as IWorkflowExecuteAdditionalData;
			return { data, executionOrder };
		},
	};
}

function toItems(input: Array<IDataObject | INodeExecutionData> | undefined): INodeExecutionData[] {
	if (!input) return [{ json: {} }];
	return input.map((i) =>
		typeof i.json === 'object' && i.json !== null && !Array.isArray(i.json)
			? (i as INodeExecutionData)
			: { json: i as IDataObject },
	);
}

/** n8n's choice of start node, else the first node without a parent on `main`. */
export function findStartNode(workflow: Workflow, name?: string): INode {
	if (name) {
		const node = workflow.getNode(name);
		if (!node) throw new Error(`harness: start node "${name}" is not in the workflow`);
		return node;
	}
	const byN8n = workflow.getStartNode();
	if (byN8n) return byN8n;
	const roots = Object.values(workflow.nodes).filter(
		(n) => !n.disabled && workflow.getParentNodes(n.name, 'main', 1).length === 0,
	);
	if (roots.length === 0) throw new Error('harness: the workflow has no start node');
	return roots[0];
}

/** Executes from `startNode` with the given input (all main inputs), returns the result. */
export async function execute(
	ctx: EngineContext,
	startNode: INode,
	inputMain: INodeExecutionData[][],
	mode: WorkflowExecuteMode,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): Promise<WorkflowResult> {
	const { data, executionOrder } = ctx.additionalData(mode, extra);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: inputMain }, source: null }],
		},
	});
	const workflowExecute = new WorkflowExecute(data, mode, runExecutionData);
	const run = await workflowExecute.processRunExecutionData(ctx.workflow);
	return toResult(run, executionOrder, ctx);
}

function toResult(run: IRun, executionOrder: string[], ctx: EngineContext): WorkflowResult {
	const nodes: Record<string, NodeRunResult> = {};
	for (const [name, runs] of Object.entries(run.data.resultData.runData)) {
		const items: INodeExecutionData[][] = [];
		let error: ITaskData['error'];
		let executionStatus: ExecutionStatus | undefined;
		for (const task of runs) {
			(task.data?.main ?? []).forEach((output, index) => {
				items[index] = [...(items[index] ?? []), ...(output ?? [])];
			});
			if (task.error) error = task.error;
			executionStatus = task.executionStatus;
		}
		for (let i = 0; i < items.length; i++) items[i] ??= [];
		nodes[name] = {
			outputs: items.map((o) => o.map((item) => item.json)),
			items,
			pairedItems: items.map((o) => o.map((item) => item.pairedItem)),
			runs,
			error,
			executionStatus,
		};
	}
	return {
		status: run.status,
		error: run.data.resultData.error,
		nodes,
		executionOrder,
		lastNodeExecuted: run.data.resultData.lastNodeExecuted,
		run,
		credentialUpdates: ctx.credentialsHelper.updates,
		staticData: ctx.workflow.staticData,
		output(nodeName, outputIndex = 0) {
			const node = nodes[nodeName];
			if (!node) {
				throw new Error(
					`harness: node "${nodeName}" did not run (ran: ${Object.keys(nodes).join(', ') || 'none'}; ` +
						`status ${run.status}${run.data.resultData.error ? `: ${run.data.resultData.error.message}` : ''})`,
				);
			}
			return node.outputs[outputIndex] ?? [];
		},
	};
}

/**
 * Runs a workflow JSON in the n8n engine and returns every node's output items, errors and
 * paired items, plus the raw IRun.
 */
export async function runWorkflow(
	workflowJson: WorkflowJson,
	opts: RunOptions = {},
): Promise<WorkflowResult> {
	const ctx = await createEngineContext(workflowJson, opts);
	const start = findStartNode(ctx.workflow, opts.startNode);
	return await execute(ctx, start, [toItems(opts.input)], opts.mode ?? 'manual');
}

/** Credential data with the defaults n8n fills in (what a node's getCredentials returns). */
export async function credentialWithDefaults(
	type: string,
	data: IDataObject,
	credentialTypes: ICredentialType[] = [],
): Promise<IDataObject> {
	const types = new HarnessCredentialTypes(credentialTypes);
	await types.preload([type]);
	return (NodeHelpers.getNodeParameters(
		types.getProperties(type),
		data as never,
		true,
		false,
		null,
		null,
	) ?? {}) as IDataObject;
}

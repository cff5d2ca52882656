/**
 * Runs a credential type's `test` like n8n's CredentialsTester does when a user clicks "Test"
 * (or POST /api/v1/credentials/{id}/test): a declarative `test.request` goes through n8n-core's
 * RoutingNode with the credential's authenticate applied; a node's `testedBy` function is called
 * with a CredentialTestContext. Real HTTP, no mocks.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialTestRequest,
	ICredentialType,
	INode,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { Workflow, createEmptyRunExecutionData } from 'n8n-workflow';
import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import { nodeDescription } from './base-nodes';
import { createEngineContext } from './engine';
import type { HarnessOptions } from './engine';

export interface CredentialTestOptions extends HarnessOptions {
	/** For `testedBy` tests: the full type name of the node declaring it. */
	nodeType?: string;
}

const TEST_NODE_TYPE = 'n8n-nodes-harness.credentialTest';

class CredentialTestNode implements INodeType {
	description: INodeTypeDescription;
	constructor(credentialType: string, request: ICredentialTestRequest['request']) {
		this.description = nodeDescription(
			'credentialTest',
			'Credential test',
			'transform',
			'Runs a credential test request',
			{
				defaults: { name: 'Temp-Node' },
				credentials: [{ name: credentialType, required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						routing: { request },
						default: '',
					},
				],
			},
		);
	}
}

async function runRequestTest(
	type: ICredentialType,
	test: ICredentialTestRequest,
	data: ICredentialDataDecryptedObject,
	opts: HarnessOptions,
): Promise<INodeCredentialTestResult> {
	const testNode = new CredentialTestNode(type.name, test.request);
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: TEST_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type.name]: { id: 'harness-test', name: type.name } },
	};
	const ctx = await createEngineContext(
		{ nodes: [node], connections: {} },
		{
			...opts,
			credentials: { ...opts.credentials, [type.name]: data },
			nodeTypes: { ...opts.nodeTypes, [TEST_NODE_TYPE]: testNode },
		},
	);
	const nodeTypes: INodeTypes = ctx.nodeTypes;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const { data: additionalData } = ctx.additionalData('internal', {
		currentNodeParameters: node.parameters,
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, testNode, {
		id: 'harness-test',
		name: type.name,
		type: type.name,
		data,
	});
	let response;
	try {
		response = await routingNode.runNode();
	} catch (e) {
		const error = e as Error & {
			cause?: {
				response?: { status: number; statusText?: string };
				code?: string;
			};
		};
		const res = error.cause?.response;
		if (res) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === res.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (res.status < 199 || res.status > 299) {
				return {
					status: 'Error',
					message: res.statusText || `Received HTTP status code: ${res.status}`,
				};
			}
		} else if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: String(error.message) };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json ?? {};
		const value = rule.properties.key
			.split('.')
			.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], body);
		if (value === rule.properties.value)
			return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * Tests credential data of a type as n8n's "Test" button does. Data is taken as the editor sends
 * it: the defaults of the credential's properties are filled in first.
 */
export async function testCredential(
	typeName: string,
	data: ICredentialDataDecryptedObject,
	opts: CredentialTestOptions = {},
): Promise<INodeCredentialTestResult> {
	const ctx = await createEngineContext({ nodes: [], connections: {} }, opts);
	await ctx.credentialsHelper.types.preload([typeName]);
	const type = ctx.credentialsHelper.types.getOrThrow(typeName);
	const filled = ctx.credentialsHelper.withDefaults(typeName, data);
	if (type.test) return await runRequestTest(type, type.test, filled, opts);
	if (!opts.nodeType) {
		return {
			status: 'Error',
			message: 'No testing function found for this credential.',
		};
	}
	const nodeType = ctx.nodeTypes.getByName(opts.nodeType) as INodeType | IVersionedNodeType;
	const description = ctx.nodeTypes.getByNameAndVersion(opts.nodeType).description;
	const testedBy = description.credentials?.find((c) => c.name === typeName)?.testedBy;
	const fn: ICredentialTestFunction | undefined =
		typeof testedBy === 'string'
			? ('nodeVersions' in nodeType ? nodeType.getNodeType() : nodeType).methods?.credentialTest?.[
					testedBy
				]
			: undefined;
	if (!fn)
		return {
			status: 'Error',
			message: 'No testing function found for this credential.',
		};
	const { data: additionalData } = ctx.additionalData('internal');
	return await fn.call(new CredentialTestContext(additionalData), {
		id: 'harness-test',
		name: typeName,
		type: typeName,
		data: filled,
	});
}

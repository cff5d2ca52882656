/**
 * A test ICredentialsHelper that behaves like the n8n server's (packages/cli credentials-helper):
 * credential defaults applied, generic and function `authenticate`, `extends` chains,
 * preAuthentication with expirable properties, and credential updates kept in memory.
 * Credential data comes from the test, in plain text, per credential type.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, isExpression } from 'n8n-workflow';
import { Credentials, getAdditionalKeys } from 'n8n-core';
import type { HarnessCredentialTypes } from './registry';

export type CredentialsData = Record<string, ICredentialDataDecryptedObject>;

export interface CredentialUpdate {
	type: string;
	id: string | null;
	data: ICredentialDataDecryptedObject;
	oauthTokenData?: boolean;
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Every write n8n made to a credential (refreshed tokens, preAuthentication results). */
	readonly updates: CredentialUpdate[] = [];

	private readonly data = new Map<string, ICredentialDataDecryptedObject>();

	constructor(
		readonly types: HarnessCredentialTypes,
		credentials: CredentialsData = {},
	) {
		super();
		for (const [type, value] of Object.entries(credentials)) this.data.set(type, { ...value });
	}

	/** The current (possibly updated) plain data of a credential type, as the test gave it. */
	stored(type: string): ICredentialDataDecryptedObject | undefined {
		return this.data.get(type);
	}

	has(type: string): boolean {
		return this.data.has(type);
	}

	getParentTypes(name: string): string[] {
		return this.types.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).includes(nodeType);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.getProperties(type);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const auth = this.types.getOrThrow(typeName).authenticate;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		if (auth && typeof auth === 'object') {
			if (!workflow || !node) {
				throw new Error('harness: workflow and node are required for generic authentication');
			}
			requestOptions.headers ??= {};
			if (auth.type === 'generic') {
				const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
				for (const [outerKey, outerValue] of Object.entries(auth.properties)) {
					for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
						const k = String(this.resolve(key, credentials, workflow, node));
						target[outerKey] ??= {};
						target[outerKey][k] = this.resolve(value, credentials, workflow, node);
					}
				}
			}
		}
		return requestOptions;
	}

	private resolve(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): unknown {
		if (!isExpression(value)) return value;
		return workflow.expression.getSimpleParameterValue(
			node,
			value as string,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types.getOrThrow(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const id = node.credentials?.[typeName]?.id ?? null;
		this.store(
			typeName,
			{
				...(this.data.get(typeName) ?? {}),
				...output,
			} as ICredentialDataDecryptedObject,
			id,
		);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types.getOrThrow(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return ((await type.preAuthentication.call(helpers, credentials)) ?? undefined) as
			| ICredentialDataDecryptedObject
			| undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const credentials = new Credentials(
			{ id: nodeCredentials.id, name: nodeCredentials.name },
			type,
		);
		await credentials.setData(this.raw(type));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.raw(type);
		if (raw) return { ...stored };
		let data = this.withDefaults(type, stored);
		// As the server does: credential values may be expressions, resolved per item.
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			const additionalKeys = getAdditionalKeys(additionalData, mode, null, {
				isCredential: true,
			});
			data = workflow.expression.getParameterValue(
				data as never,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	/** Defaults of the credential's properties filled in, as n8n does before every use. */
	withDefaults(
		type: string,
		stored: ICredentialDataDecryptedObject,
	): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		const data = (NodeHelpers.getNodeParameters(
			properties,
			stored as never,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;
		if (stored.oauthTokenData !== undefined) data.oauthTokenData = stored.oauthTokenData;
		return data;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store(type, data, nodeCredentials.id);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const merged = {
			...this.raw(type),
			oauthTokenData: data.oauthTokenData ?? data,
		};
		this.store(type, merged, nodeCredentials.id, true);
	}

	private raw(type: string): ICredentialDataDecryptedObject {
		const stored = this.data.get(type);
		if (!stored) {
			throw new Error(
				`harness: no credential data for "${type}" (pass runWorkflow(..., { credentials: { ${type}: {...} } }))`,
			);
		}
		return stored;
	}

	private store(
		type: string,
		data: ICredentialDataDecryptedObject,
		id: string | null,
		oauthTokenData = false,
	): void {
		this.data.set(type, { ...data });
		this.updates.push({
			type,
			id,
			data: { ...data },
			...(oauthTokenData && { oauthTokenData }),
		});
	}
}

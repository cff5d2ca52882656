/**
 * The per-item plumbing every ORCID node shares: one session per run (one rate budget, one
 * client-token cache), the one form of a bad-input message (fieldError), the loop over input
 * items with Continue On Fail, the error item a failed item becomes, and the node's outputs
 * (each through the error-output rule, then Traffic).
 * Where an item's error becomes an error item: here (failItem, errorJson, errorItem) and, for
 * the error output's form, errorOutput.ts.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	httpStatusOf,
	isTokenRevokedError,
	orcidErrorCodeOf,
	OrcidSession,
	type OrcidClientConfig,
} from '../http/transport';
import { ModelValidationError } from '../orcid/model/errors';
import { OrcidIdError } from '../orcid/orcidId';
import { redact } from '../http/traffic';
import { loadClientConfig } from './clientConfig';
import { forErrorOutput } from './errorOutput';
import { trafficOutput } from './trafficOutput';

export type NodeError = NodeApiError | NodeOperationError;

/** What every operation gets besides its input items: the run's client config and its one session. */
export interface RunContext {
	config: OrcidClientConfig;
	session: OrcidSession;
}

/**
 * Every node's operations have this one signature: the input items and the run's context (a
 * node adds its own fields to RunContext) in, output items out (a list per output for a node
 * with several); the router adds Traffic (nodeOutputs, outputsWithTraffic).
 */
export type Operation<C extends RunContext = RunContext, Out = INodeExecutionData[]> = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: C,
) => Promise<Out>;

/** The run's client config and its one session. */
export async function openSession(
	ctx: IExecuteFunctions,
	apiType: string,
): Promise<{ config: OrcidClientConfig; session: OrcidSession }> {
	const config = await loadClientConfig.call(ctx, apiType);
	return { config, session: new OrcidSession(ctx, config) };
}

/** [main, traffic]: failed items in the form the node's error setting routes; one record per call. */
export function nodeOutputs(
	ctx: IExecuteFunctions,
	main: INodeExecutionData[],
	session: OrcidSession,
): INodeExecutionData[][] {
	return outputsWithTraffic(ctx, [main], session);
}

/** A node with several outputs (Sync Diff): each in the error-output form, then Traffic. */
export function outputsWithTraffic(
	ctx: IExecuteFunctions,
	outputs: INodeExecutionData[][],
	session: OrcidSession,
): INodeExecutionData[][] {
	return [...outputs.map((items) => forErrorOutput(ctx, items)), trafficOutput(session.traffic)];
}

/**
 * A bad input value, found before anything was sent, in the one form every node gives it:
 * `Item <i>, field "<parameter>": <problem>`; `context.field` (and so an error item's
 * `field`) is the parameter's name or path (`accessToken`, `options.email`).
 */
export function fieldError(
	ctx: { getNode(): INode },
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	const error = new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex}, field "${field}": ${problem}`,
		{ itemIndex, description },
	);
	(error.context as IDataObject).field = field;
	return error;
}

/** The error as n8n wants it thrown: a node error as it is (it carries the item and HTTP context), anything else wrapped. */
export function asNodeError(
	ctx: { getNode(): INode },
	error: unknown,
	itemIndex?: number,
): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** What an error item says about its error besides the message: description, field, ORCID's code. */
export function failureFields(error: NodeError): IDataObject {
	const json: IDataObject = {};
	if (error.description) json.description = error.description;
	const context = (error.context ?? {}) as IDataObject;
	if (typeof context.field === 'string') json.field = context.field;
	const code = orcidErrorCodeOf(error);
	if (code) json.orcidErrorCode = code;
	const status = httpStatusOf(error);
	if (status !== null) json.httpStatus = status;
	if (isTokenRevokedError(error)) json.tokenRevoked = true;
	return json;
}

/** A bad input value, found before anything was sent; toItemError names the item. */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'FieldError';
	}
}

/**
 * Any failure of an item as the error n8n shows: a node error as it is (it carries the item
 * and HTTP context); a bad value (FieldError, the model's validation, a bad iD, any error
 * naming its `field`) in fieldError's form; anything else on `defaultField`.
 */
export function toItemError(
	ctx: { getNode(): INode },
	itemIndex: number,
	error: unknown,
	defaultField = 'item',
): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ModelValidationError) {
		const others = error.issues.slice(1).map((i) => `${i.field}: ${i.problem}`);
		const problem = error.issues[0]?.problem ?? error.message;
		const also = others.length ? `Also: ${others.join('; ')}` : undefined;
		return fieldError(ctx, itemIndex, error.field, problem, also);
	}
	if (error instanceof OrcidIdError) return fieldError(ctx, itemIndex, 'orcid', error.message);
	const named = error as { field?: unknown; description?: unknown; message?: unknown };
	if (error instanceof Error && typeof named.field === 'string') {
		const field = named.field;
		const problem = error.message.startsWith(`${field}: `)
			? error.message.slice(field.length + 2)
			: error.message;
		const description = typeof named.description === 'string' ? named.description : undefined;
		return fieldError(ctx, itemIndex, field, problem, description);
	}
	const problem = error instanceof Error ? error.message : String(error);
	return fieldError(ctx, itemIndex, defaultField, problem);
}

/**
 * The json of an error item: the message, the item, and failureFields; with the session's
 * secrets, message and description are redacted (a token mapped to a wrong field is never
 * quoted back).
 */
export function errorJson(error: NodeError, itemIndex: number, secrets?: string[]): IDataObject {
	const json: IDataObject = { error: error.message, itemIndex, ...failureFields(error) };
	if (secrets) {
		json.error = redact(json.error, secrets) as string;
		if (json.description !== undefined)
			json.description = redact(json.description, secrets) as string;
	}
	return json;
}

/** An error item, paired to its input item; `error` is kept for the error output (errorOutput.ts). */
export function errorItemOf(
	error: NodeError,
	itemIndex: number,
	json: IDataObject,
): INodeExecutionData {
	return { json, pairedItem: { item: itemIndex }, error };
}

export interface ItemFailure {
	/** the item's error as a node error naming the item and the field */
	toError(itemIndex: number, error: unknown): NodeError;
	/** what Continue On Fail puts out for it (keep `error` on it for the error output) */
	item(error: NodeError, itemIndex: number, cause: unknown): INodeExecutionData;
}

/**
 * Runs `run` for every input item, in order; each gives zero or more output objects, paired
 * to the item. A failed item stops the node, or with Continue On Fail becomes an error item.
 */
export async function eachItem(
	ctx: IExecuteFunctions,
	count: number,
	run: (itemIndex: number) => Promise<IDataObject[]>,
	failure: ItemFailure,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		try {
			for (const json of await run(i)) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			out.push(failItem(ctx, i, error, failure));
		}
	}
	return out;
}

/** A failed item: without Continue On Fail it stops the node (thrown), with it its error item. */
export function failItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	cause: unknown,
	failure: ItemFailure,
): INodeExecutionData {
	const nodeError = failure.toError(itemIndex, cause);
	if (!ctx.continueOnFail()) throw nodeError;
	return failure.item(nodeError, itemIndex, cause);
}

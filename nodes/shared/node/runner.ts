/**
 * The per-item plumbing every ORCID node shares: one session per run (one rate budget, one
 * client-token cache), the loop over input items with Continue On Fail, the fields an error
 * item carries, and the node's outputs (main through the error-output rule, then Traffic).
 * Where an item's error becomes an error item: here (failureFields, eachItem) and, for the
 * error output's form, errorOutput.ts.
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
import { loadClientConfig } from './clientConfig';
import { forErrorOutput } from './errorOutput';
import { trafficOutput } from './trafficOutput';

export type NodeError = NodeApiError | NodeOperationError;

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
	return [forErrorOutput(ctx, main), trafficOutput(session.traffic)];
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
			const nodeError = failure.toError(i, error);
			if (!ctx.continueOnFail()) throw nodeError;
			out.push(failure.item(nodeError, i, error));
		}
	}
	return out;
}

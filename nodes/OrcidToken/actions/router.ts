/**
 * Runs the chosen operation per item with one OrcidSession (one rate budget, one client-token
 * cache), honours Continue On Fail, and returns [results, traffic].
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { OrcidSession } from '../../shared/http/transport';
import {
	eachItem,
	errorItemOf,
	errorJson,
	nodeOutputs,
	openSession,
	toItemError,
	type NodeError,
	type Operation,
} from '../../shared/node/runner';
import type { OperationExecute } from './common';
import * as token from './token/Token.resource';

const operations: Record<string, OperationExecute> = {
	check: token.check.execute,
	createManageLink: token.createManageLink.execute,
	createStartLink: token.createStartLink.execute,
	display: token.display.execute,
	exchangeCode: token.exchangeCode.execute,
	refresh: token.refresh.execute,
	registerWebhook: token.registerWebhook.execute,
	requestPermission: token.requestPermission.execute,
	revoke: token.revoke.execute,
	unregisterWebhook: token.unregisterWebhook.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0, 'token') as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = operations[operation];
	if (resource !== 'token' || !execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for resource "${resource}"`,
		);
	}
	const apiType = this.getNodeParameter('apiType', 0, 'member') as string;
	const run = await openSession(this, apiType);
	return nodeOutputs(this, await eachTokenItem(execute).call(this, items, run), run.session);
}

/** A per-item Token operation as the runner's Operation: every item through the runner's loop. */
function eachTokenItem(execute: OperationExecute): Operation {
	return async function (items, run) {
		return await eachItem(
			this,
			items.length,
			async (i) => [await execute.call(this, i, { ...run, item: items[i] })],
			{
				toError: (i, error) => toItemError(this, i, error),
				item: (error, i) => errorItemOf(error, i, failureJson(error, i, items[i], run.session)),
			},
		);
	};
}

/**
 * What Continue On Fail puts out for a failed item: the runner's error json (field, ORCID's
 * code, message redacted) and which researcher and reference it concerns (so an upkeep run
 * can mark that row), but never the input's tokens.
 */
function failureJson(
	error: NodeError,
	itemIndex: number,
	item: INodeExecutionData,
	session: OrcidSession,
): IDataObject {
	const failure: IDataObject = {
		orcidErrorCode: null,
		tokenRevoked: false,
		...errorJson(error, itemIndex, session.knownSecrets()),
	};
	for (const key of ['orcid', 'reference'] as const) {
		const value = item.json?.[key];
		if (typeof value === 'string' && value !== '') failure[key] = value;
	}
	return failure;
}

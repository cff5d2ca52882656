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

import { redact } from '../../shared/http/traffic';
import {
	isTokenRevokedError,
	orcidErrorCodeOf,
	type OrcidSession,
} from '../../shared/http/transport';
import { asNodeError, eachItem, nodeOutputs, openSession } from '../../shared/node/runner';
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
	const { config, session } = await openSession(this, apiType);
	const results = await eachItem(
		this,
		items.length,
		async (i) => [await execute.call(this, i, { session, config, item: items[i] })],
		{
			toError: (i, error) => asNodeError(this, error, i),
			item: (error, i, cause) => ({
				json: failureJson(cause, i, items[i], session),
				pairedItem: { item: i },
				error,
			}),
		},
	);
	return nodeOutputs(this, results, session);
}

/**
 * What Continue On Fail puts out for a failed item: the error, its field, and which researcher
 * and reference it concerns (so an upkeep run can mark that row), but never the input's tokens.
 */
function failureJson(
	failed: unknown,
	itemIndex: number,
	item: INodeExecutionData,
	session: OrcidSession,
): IDataObject {
	const secrets = session.knownSecrets();
	const failure: IDataObject = {
		error: redact((failed as Error).message, secrets) as string,
		itemIndex,
		orcidErrorCode: orcidErrorCodeOf(failed),
		tokenRevoked: isTokenRevokedError(failed),
	};
	const description = (failed as { description?: unknown }).description;
	if (typeof description === 'string' && description) {
		failure.description = redact(description, secrets) as string;
	}
	const field = (failed as { context?: IDataObject }).context?.field;
	if (typeof field === 'string') failure.field = field;
	for (const key of ['orcid', 'reference'] as const) {
		const value = item.json?.[key];
		if (typeof value === 'string' && value !== '') failure[key] = value;
	}
	return failure;
}

/**
 * Errors that name the input item and the field, and the error items Continue On Fail
 * puts on the main output.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { ModelValidationError } from '../../shared/orcid/model/errors';
import { OrcidIdError } from '../../shared/orcid/orcidId';
import { isUnclearWriteError, movedRecordOf } from '../../shared/http/transport';
import { failureFields, type NodeError } from '../../shared/node/runner';
import { XmlBodyError } from './xml';

/** A bad input value, found before anything was sent. */
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

export function fieldError(
	ctx: IExecuteFunctions,
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

/** Any validation failure (model, iD, XML, our own) -> NodeOperationError naming item and field. */
export function toNodeError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	error: unknown,
	defaultField = 'item',
): NodeOperationError | NodeApiError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ModelValidationError) {
		const others = error.issues.slice(1).map((i) => `${i.field}: ${i.problem}`);
		const problem = error.issues[0]?.problem ?? error.message;
		return fieldError(
			ctx,
			itemIndex,
			error.field,
			problem,
			others.length ? `Also: ${others.join('; ')}` : undefined,
		);
	}
	if (error instanceof FieldError) {
		return fieldError(ctx, itemIndex, error.field, error.message, error.description);
	}
	if (error instanceof OrcidIdError) return fieldError(ctx, itemIndex, 'orcid', error.message);
	if (error instanceof XmlBodyError) return fieldError(ctx, itemIndex, 'itemXml', error.message);
	return fieldError(
		ctx,
		itemIndex,
		defaultField,
		error instanceof Error ? error.message : String(error),
	);
}

/** What Continue On Fail puts on the main output for a failed item. */
export function errorItem(
	error: NodeError,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const json: IDataObject = {
		...extra,
		status: 'failed',
		error: error.message,
		itemIndex,
		...failureFields(error),
	};
	if (json.tokenRevoked) json.status = 'token-revoked';
	if (json.orcidErrorCode === '9044') json.status = 'deactivated';
	if (isUnclearWriteError(error)) json.status = 'unclear';
	const moved = movedRecordOf(error);
	if (moved) json.newOrcid = moved;
	// the router keeps `error` only for "Continue (using error output)" (shared/node/errorOutput)
	return { json, pairedItem: { item: itemIndex }, error };
}

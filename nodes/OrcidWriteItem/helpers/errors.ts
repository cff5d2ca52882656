/**
 * Write Item's error items: the runner's error json (shared/node/runner.ts, where bad values
 * become `Item i, field "f": ...` errors) with the write's status.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { isUnclearWriteError, movedRecordOf } from '../../shared/http/transport';
import { errorItemOf, errorJson, type NodeError } from '../../shared/node/runner';

/** What Continue On Fail puts on the main output for a failed item. */
export function errorItem(
	error: NodeError,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const json: IDataObject = { ...extra, status: 'failed', ...errorJson(error, itemIndex) };
	if (json.tokenRevoked) json.status = 'token-revoked';
	if (json.orcidErrorCode === '9044') json.status = 'deactivated';
	if (isUnclearWriteError(error)) json.status = 'unclear';
	const moved = movedRecordOf(error);
	if (moved) json.newOrcid = moved;
	// the router keeps `error` only for "Continue (using error output)" (shared/node/errorOutput)
	return errorItemOf(error, itemIndex, json);
}

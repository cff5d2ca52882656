/**
 * What Sync Diff puts out: a result item per engine result, and the error item of a failed
 * input item (built by the runner, shared/node/runner.ts, with Sync Diff's action and reason).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { OrcidSession } from '../../shared/http/transport';
import { errorItemOf, errorJson, toItemError, type ItemFailure } from '../../shared/node/runner';
import type { SyncDiffResult } from '../diff';

/**
 * A result's json. `environment` is the credential's ORCID environment (as Write Item's results
 * name it), so that a workflow keys its put-code ledger from the item alone.
 */
export function resultJson(
	r: SyncDiffResult,
	accessToken: string | undefined,
	environment: string,
): IDataObject {
	const json: IDataObject = {
		action: r.action,
		reason: r.reason,
		orcid: r.orcid,
		environment,
		localKey: r.localKey,
		itemType: r.itemType,
		putCode: r.putCode,
		contentHash: r.contentHash,
		orcidJson: r.json as IDataObject | null,
		remote: r.remote as IDataObject | null,
		matchedBy: r.matchedBy,
	};
	if (r.previousPutCode !== undefined) json.previousPutCode = r.previousPutCode;
	if (r.recoveredPutCode !== undefined) json.recoveredPutCode = r.recoveredPutCode;
	if (r.claimedBy !== undefined) json.claimedBy = r.claimedBy;
	if (r.matchedLocalKey !== undefined) json.matchedLocalKey = r.matchedLocalKey;
	if (r.sourceClientId !== undefined) json.sourceClientId = r.sourceClientId;
	if (r.heldByPutCode !== undefined) json.heldByPutCode = r.heldByPutCode;
	if (r.heldBySourceClientId !== undefined) json.heldBySourceClientId = r.heldBySourceClientId;
	if (r.conceptPutCode !== undefined) json.conceptPutCode = r.conceptPutCode;
	if (r.conceptLocalKey !== undefined) json.conceptLocalKey = r.conceptLocalKey;
	if (accessToken !== undefined) json.accessToken = accessToken;
	return json;
}

export type FailureReason = 'invalid-input' | 'orcid-read-failed';

/**
 * A failed item on the Conflict output (`action: error`): the runner's error json (message
 * and description redacted with the session's secrets, the field, ORCID's code), the
 * credential's environment and, for a failed ORCID read, which researcher and local item it
 * concerns.
 */
export function syncFailure(
	ctx: IExecuteFunctions,
	session: OrcidSession,
	environment: string,
	reason: FailureReason,
	about: (itemIndex: number) => IDataObject = () => ({ field: null }),
): ItemFailure {
	return {
		toError: (i, error) => toItemError(ctx, i, error),
		item: (error, i) =>
			errorItemOf(error, i, {
				action: 'error',
				reason,
				environment,
				...about(i),
				...errorJson(error, i, session.knownSecrets()),
			}),
	};
}

/**
 * Unconfirmed writes: when even the lookup that settles an unclear POST cannot reach ORCID,
 * the item may be on the record, so it is reported "unconfirmed" (with the identifiers a sync
 * or a rerun finds it by), never failed and never posted again blindly.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { OrcidResponse } from '../../shared/http/transport';
import { asNodeError } from '../../shared/node/runner';
import type { WriteJob, WriteResult } from './jobs';

/**
 * Remembers why the lookup that settles an unclear POST failed (after its own retries): the
 * POST may have been applied, so its item is unconfirmed rather than failed.
 */
export class SettleLookup {
	failure?: Error;

	constructor(private readonly ctx: IExecuteFunctions) {}

	wrap(settle: () => Promise<OrcidResponse | null>): () => Promise<OrcidResponse | null> {
		return async () => {
			try {
				return await settle();
			} catch (error) {
				this.failure = error as Error;
				throw asNodeError(this.ctx, error);
			}
		};
	}
}

export function unconfirmed(job: WriteJob, orcid: string, failure: Error): WriteResult {
	const identifiers = job.prepared?.matchKeys ?? [];
	return {
		status: 'unconfirmed',
		orcid,
		identifiers,
		body: job.prepared?.body,
		message: `ORCID may have added the ${job.itemType} of item ${job.itemIndex}: its answer was lost and looking it up failed too (${failure.message}). It was not sent again, so that it cannot be added twice; a sync or a rerun with "If Already on the Record" set to Return Existing Put Code finds it${identifiers.length ? ` by ${identifiers.join(', ')}` : ''} and returns its put code.`,
	};
}

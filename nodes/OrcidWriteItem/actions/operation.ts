/**
 * What Write Item operations are built from: their own parameters, shown only for them, and
 * the run of one write call per input item (create, update, delete).
 */
import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readResearcher } from '../helpers/input';
import { writeEach, type WriteContext } from '../helpers/run';
import type { WriteJob, WriteResult } from '../helpers/writer';

/** The operation's own parameters, shown when it is chosen (for one item type if given). */
export function forOperation(
	operation: string,
	properties: INodeProperties[],
	resource?: string,
): INodeProperties[] {
	const show = resource === undefined ? {} : { resource: [resource] };
	return updateDisplayOptions({ show: { ...show, operation: [operation] } }, properties);
}

/** The start of every write job: the input item, its item type, and whose record it goes to. */
export function jobOf(
	ctx: IExecuteFunctions,
	wc: WriteContext,
	itemIndex: number,
): Omit<WriteJob, 'prepared' | 'putCode'> {
	return {
		itemIndex,
		itemType: wc.itemType,
		...readResearcher(ctx, itemIndex, wc.config.tokenEncryptionKey),
	};
}

/** An operation with one write call per input item, every item checked before the first call. */
export function writeEachItem(
	prepare: (ctx: IExecuteFunctions, wc: WriteContext, itemIndex: number) => WriteJob,
	write: (ctx: IExecuteFunctions, wc: WriteContext, job: WriteJob) => Promise<WriteResult>,
) {
	return async function (this: IExecuteFunctions, items: INodeExecutionData[], wc: WriteContext) {
		return await writeEach(
			this,
			wc,
			items,
			(itemIndex) => prepare(this, wc, itemIndex),
			async (job) => await write(this, wc, job),
		);
	};
}

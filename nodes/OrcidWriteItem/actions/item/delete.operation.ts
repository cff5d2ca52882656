import type { INodeProperties } from 'n8n-workflow';

import { readPutCode } from '../../helpers/input';
import { forOperation, jobOf, writeEachItem } from '../operation';
import { putCodeProperty } from './update.operation';

export const description: INodeProperties[] = forOperation('delete', [
	{
		...putCodeProperty,
		description:
			"ORCID's number for the item on this record. An item that is already gone is reported as already-gone, not as a failure.",
	},
]);

export const execute = writeEachItem(
	(ctx, wc, itemIndex) => ({ ...jobOf(ctx, wc, itemIndex), putCode: readPutCode(ctx, itemIndex) }),
	async (_ctx, wc, job) => await wc.writer.remove(job),
);

import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readPutCode, readResearcher } from '../../helpers/input';
import { writeEach, type WriteContext } from '../../helpers/run';
import { putCodeProperty } from './update.operation';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['delete'] } },
	[
		{
			...putCodeProperty,
			description:
				"ORCID's number for the item on this record. An item that is already gone is reported as already-gone, not as a failure.",
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	wc: WriteContext,
): Promise<INodeExecutionData[]> {
	return await writeEach(
		this,
		wc,
		items,
		(itemIndex) => ({
			itemIndex,
			itemType: wc.itemType,
			...readResearcher(this, itemIndex, wc.config.tokenEncryptionKey),
			putCode: readPutCode(this, itemIndex),
		}),
		async (job) => await wc.writer.remove(job),
	);
}

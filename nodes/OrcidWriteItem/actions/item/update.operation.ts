import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readBody, readPutCode, readResearcher } from '../../helpers/input';
import { writeEach, type WriteContext } from '../../helpers/run';

export const putCodeProperty: INodeProperties = {
	displayName: 'Put Code',
	name: 'putCode',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1234567',
	description: "ORCID's number for the item on this record, returned when it was created",
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['update'] } },
	[putCodeProperty],
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
		(itemIndex) => {
			const researcher = readResearcher(this, itemIndex, wc.config.tokenEncryptionKey);
			const putCode = readPutCode(this, itemIndex);
			const prepared = readBody(
				this,
				itemIndex,
				wc.resource,
				wc.itemType,
				putCode,
				wc.config.environment.recordBaseUrl,
			);
			return {
				itemIndex,
				itemType: wc.itemType,
				...researcher,
				putCode,
				prepared,
			};
		},
		async (job) => await wc.writer.update(job),
	);
}

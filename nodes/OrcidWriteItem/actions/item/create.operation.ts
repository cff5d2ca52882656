import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readBody, readResearcher } from '../../helpers/input';
import { writeEach, type WriteContext } from '../../helpers/run';
import type { OnDuplicate, WriteJob } from '../../helpers/writer';
import { itemParameter } from '../../../shared/parameters';

export const onDuplicateProperty: INodeProperties = {
	displayName: 'If Already on the Record',
	name: 'onDuplicate',
	type: 'options',
	options: [
		{
			name: 'Fail',
			value: 'fail',
			description: 'Report the duplicate as an error on the item',
		},
		{
			name: 'Return Existing Put Code',
			value: 'returnExisting',
			description: 'Find the item this client already added and return its put code',
		},
		{
			name: 'Update Existing',
			value: 'updateExisting',
			description: 'Find the item this client already added and replace it with this one',
		},
	],
	default: 'returnExisting',
	description:
		'What to do when ORCID answers that this client already added the item (409, matched by its Self and Version Of identifiers)',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['create'] } },
	[onDuplicateProperty],
);

export function prepareCreate(
	ctx: IExecuteFunctions,
	wc: WriteContext,
	itemIndex: number,
): WriteJob {
	const researcher = readResearcher(ctx, itemIndex, wc.config.tokenEncryptionKey);
	const prepared = readBody(
		ctx,
		itemIndex,
		wc.resource,
		wc.itemType,
		undefined,
		wc.config.environment.recordBaseUrl,
	);
	return { itemIndex, itemType: wc.itemType, ...researcher, prepared };
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	wc: WriteContext,
): Promise<INodeExecutionData[]> {
	return await writeEach(
		this,
		wc,
		items,
		(i) => prepareCreate(this, wc, i),
		async (job) =>
			await wc.writer.create(
				job,
				itemParameter(this, 'onDuplicate', job.itemIndex, 'returnExisting') as OnDuplicate,
			),
	);
}

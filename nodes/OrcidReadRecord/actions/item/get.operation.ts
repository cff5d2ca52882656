import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { itemPath, parsePutCode, type ItemType } from '../../../shared/model/itemTypes';
import {
	getFollowing,
	outputOptions,
	readEach,
	readReader,
	shape,
	type ReadContext,
} from '../../helpers/read';
import { ITEM_TYPE_OPTIONS } from '../sections';
import { itemParameter } from '../../../shared/parameters';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['item'], operation: ['get'] } },
	[
		{
			displayName: 'Item Type',
			name: 'itemType',
			type: 'options',
			options: ITEM_TYPE_OPTIONS,
			default: 'work',
		},
		{
			displayName: 'Put Code',
			name: 'putCode',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 1234567',
			description: "ORCID's number for the item on this record",
		},
	],
);

/** Reads one item by put code (GET /{orcid}/work/{putCode} ...) per input item. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	rc: ReadContext,
): Promise<INodeExecutionData[]> {
	return await readEach(this, items, async (itemIndex) => {
		const itemType = itemParameter(this, 'itemType', itemIndex, 'work') as ItemType;
		const putCode = parsePutCode(itemParameter(this, 'putCode', itemIndex, ''), 'putCode');
		const reader = readReader(this, rc, itemIndex);
		const { output } = outputOptions(this, itemIndex);
		const { response, orcid } = await getFollowing(
			rc,
			reader,
			itemIndex,
			(id) => itemPath(itemType, id, putCode),
			output === 'xml' ? 'xml' : 'json',
		);
		return shape(response.body, {
			kind: 'item',
			output,
			split: 'record',
			orcid,
			itemType,
			movedFrom: orcid === reader.orcid ? undefined : reader.orcid,
		});
	});
}

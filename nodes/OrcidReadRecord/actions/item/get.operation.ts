import type { INodeProperties } from 'n8n-workflow';

import { putCodeProperty } from '../../../shared/node/nodeDescription';
import { itemPath, parsePutCode, type ItemType } from '../../../shared/orcid/model/itemTypes';
import { itemParameter } from '../../../shared/node/parameters';
import { forOperation, perItem, readDocument } from '../operation';
import { ITEM_TYPE_OPTIONS } from '../sections';

export const description: INodeProperties[] = forOperation('item', 'get', [
	{
		displayName: 'Item Type',
		name: 'itemType',
		type: 'options',
		options: ITEM_TYPE_OPTIONS,
		default: 'work',
		description: 'The kind of item the put code belongs to (a put code is unique within its kind)',
	},
	putCodeProperty("ORCID's number for the item on this record"),
]);

/** Reads one item by put code (GET /{orcid}/work/{putCode} ...) per input item. */
export const execute = perItem(async (ctx, rc, itemIndex) => {
	const itemType = itemParameter(ctx, 'itemType', itemIndex, 'work') as ItemType;
	const putCode = parsePutCode(itemParameter(ctx, 'putCode', itemIndex, ''), 'putCode');
	return await readDocument(ctx, rc, itemIndex, {
		kind: 'item',
		itemType,
		split: 'record',
		pathOf: (id) => itemPath(itemType, id, putCode),
	});
});

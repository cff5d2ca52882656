import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readBody } from '../../helpers/input';
import type { WriteContext } from '../../helpers/run';
import type { OnDuplicate, WriteJob } from '../../helpers/writer';
import { itemParameter } from '../../../shared/node/parameters';
import { forOperation, jobOf, writeEachItem } from '../operation';

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

export const description: INodeProperties[] = forOperation('create', [onDuplicateProperty]);

export function prepareCreate(
	ctx: IExecuteFunctions,
	wc: WriteContext,
	itemIndex: number,
): WriteJob {
	const job = jobOf(ctx, wc, itemIndex);
	const prepared = readBody(
		ctx,
		itemIndex,
		wc.resource,
		wc.itemType,
		undefined,
		wc.config.environment.recordBaseUrl,
	);
	return { ...job, prepared };
}

export const execute = writeEachItem(
	prepareCreate,
	async (ctx, wc, job) =>
		await wc.writer.create(
			job,
			itemParameter(ctx, 'onDuplicate', job.itemIndex, 'returnExisting') as OnDuplicate,
		),
);

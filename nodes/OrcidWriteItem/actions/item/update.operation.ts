import type { INodeProperties } from 'n8n-workflow';

import { putCodeProperty as sharedPutCodeProperty } from '../../../shared/node/nodeDescription';
import { readBody, readPutCode } from '../../helpers/input';
import { MAPPED_BELOW } from '../autoMap.properties';
import { forOperation, jobOf, writeEachItem } from '../operation';

export const putCodeProperty: INodeProperties = {
	...sharedPutCodeProperty(
		"ORCID's number for the item on this record, returned when it was created",
	),
	displayOptions: MAPPED_BELOW,
};

export const description: INodeProperties[] = forOperation('update', [putCodeProperty]);

export const execute = writeEachItem(
	(ctx, wc, itemIndex) => {
		const job = jobOf(ctx, wc, itemIndex);
		const putCode = readPutCode(ctx, itemIndex);
		const prepared = readBody(
			ctx,
			itemIndex,
			wc.resource,
			wc.itemType,
			putCode,
			wc.config.environment.recordBaseUrl,
		);
		return { ...job, putCode, prepared };
	},
	async (_ctx, wc, job) => await wc.writer.update(job),
);

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ReadContext } from '../../helpers/read';
import { readDocument } from './common';

export const description: INodeProperties[] = [];

/** Reads the activities summary (GET /{orcid}/activities) for every input item. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	rc: ReadContext,
): Promise<INodeExecutionData[]> {
	return await readDocument(this, items, rc, 'activities', '/activities');
}

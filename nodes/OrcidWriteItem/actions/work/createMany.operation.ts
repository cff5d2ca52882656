import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItemError } from '../../../shared/node/runner';
import { errorItem } from '../../helpers/errors';
import { isJob, prepareAll, resultItem, withWritten, type WriteContext } from '../../helpers/run';
import type { ItemError, OnDuplicate, WriteJob } from '../../helpers/writer';
import { onDuplicateProperty, prepareCreate } from '../item/create.operation';
import { forOperation } from '../operation';

export const description: INodeProperties[] = forOperation(
	'createMany',
	[
		{
			displayName:
				'Each input item is one work. They are sent in bulk calls of up to 100 works per researcher; every put code comes back on its own item, and a work ORCID refuses fails alone.',
			name: 'bulkNotice',
			type: 'notice',
			default: '',
		},
		onDuplicateProperty,
	],
	'work',
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	wc: WriteContext,
): Promise<INodeExecutionData[]> {
	const prepared = prepareAll(this, items, (i) => prepareCreate(this, wc, i));
	const jobs = prepared.filter(isJob);
	// one policy per run: bulk calls mix items, so it is read from the first item
	const onDuplicate = this.getNodeParameter('onDuplicate', 0, 'returnExisting') as OnDuplicate;
	const results = jobs.length ? await wc.writer.createMany(jobs, onDuplicate) : [];
	const byIndex = new Map<number, { job: WriteJob; result: (typeof results)[number] }>();
	jobs.forEach((job, k) => byIndex.set(job.itemIndex, { job, result: results[k] }));

	const out: INodeExecutionData[] = [];
	const failures: ItemError[] = [];
	for (let i = 0; i < prepared.length; i++) {
		const entry = byIndex.get(i);
		if (!entry) {
			out.push(errorItem(prepared[i] as ItemError, i, { itemType: wc.itemType }));
			continue;
		}
		if (entry.result instanceof Error) {
			const error = toItemError(this, i, entry.result);
			failures.push(error);
			out.push(errorItem(error, i, { itemType: wc.itemType, orcid: entry.job.orcid }));
		} else {
			out.push(resultItem(wc, entry.job, entry.result));
		}
	}
	if (failures.length && !this.continueOnFail()) {
		const first = failures[0];
		if (failures.length > 1) {
			first.description =
				`${first.description ?? ''} ${failures.length} of ${items.length} works failed.`.trim();
		}
		throw withWritten(first, out);
	}
	return out;
}

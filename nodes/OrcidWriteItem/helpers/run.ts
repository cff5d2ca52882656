/**
 * What every operation shares: the run context, the output items, and the loop that checks
 * every input item before the first call and honours Continue On Fail.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { itemPath, type ItemType } from '../../shared/orcid/model/itemTypes';
import type { OrcidClientConfig, OrcidSession } from '../../shared/http/transport';
import type { WriteResource } from '../actions/itemTypes';
import { toItemError } from '../../shared/node/runner';
import { eachLimit, researchersAtOnce } from '../../shared/node/concurrency';
import { errorItem } from './errors';
import type { ItemError, ItemWriter, WriteJob, WriteResult } from './writer';

export interface WriteContext {
	session: OrcidSession;
	config: OrcidClientConfig;
	writer: ItemWriter;
	resource: WriteResource;
	itemType: ItemType;
}

/** The output item of one write. */
export function resultItem(
	wc: WriteContext,
	job: WriteJob,
	result: WriteResult,
): INodeExecutionData {
	const json: IDataObject = {
		putCode: result.putCode ?? null,
		itemType: job.itemType,
		orcid: result.orcid,
		environment: wc.config.environment.name,
		path:
			result.putCode === undefined ? null : itemPath(job.itemType, result.orcid, result.putCode),
		status: result.status,
	};
	if (result.identifiers !== undefined) json.identifiers = result.identifiers;
	if (result.message !== undefined) json.message = result.message;
	if (result.groupId !== undefined) json.groupId = result.groupId;
	if (result.groupIdPutCode !== undefined) json.groupIdPutCode = result.groupIdPutCode;
	if (result.movedFrom !== undefined) {
		json.newOrcid = result.orcid;
		json.previousOrcid = result.movedFrom;
	}
	if (result.status === 'deleted' || result.status === 'already-gone') json.deleted = true;
	if (result.body !== undefined) json.body = result.body as IDataObject;
	return { json, pairedItem: { item: job.itemIndex } };
}

/** Checks every input item; a bad one stops the node before any call unless Continue On Fail. */
export function prepareAll(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	prepare: (itemIndex: number) => WriteJob,
): Array<WriteJob | ItemError> {
	const jobs: Array<WriteJob | ItemError> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			jobs.push(prepare(i));
		} catch (error) {
			const nodeError = toItemError(ctx, i, error);
			if (!ctx.continueOnFail()) throw nodeError;
			jobs.push(nodeError);
		}
	}
	return jobs;
}

function isJob(value: WriteJob | ItemError): value is WriteJob {
	return !(value instanceof Error);
}

/** Tells, on a failure that stops the node, what had already been written (nothing is lost silently). */
export function withWritten(error: ItemError, written: INodeExecutionData[]): ItemError {
	const done = written
		.filter(
			(item) =>
				(typeof item.json.putCode === 'number' && item.json.status !== 'failed') ||
				item.json.status === 'unconfirmed',
		)
		.map((item) =>
			`item ${(item.pairedItem as { item: number }).item} → ${item.json.status} ${item.json.putCode ?? ''}`.trim(),
		);
	if (done.length) {
		const list =
			done.length > 20
				? `${done.slice(0, 20).join(', ')} and ${done.length - 20} more`
				: done.join(', ');
		error.description =
			`${error.description ?? ''} Already written in this run: ${list}. Run again with "If Already on the Record" set to Return Existing Put Code to get their put codes back.`.trim();
	}
	return error;
}

/** Job indices per researcher, in input order (ORCID wants one write at a time per record). */
export function byResearcher(jobs: Array<WriteJob | ItemError>): number[][] {
	const groups = new Map<string, number[]>();
	jobs.forEach((job, i) => {
		if (!isJob(job)) return;
		const list = groups.get(job.orcid) ?? [];
		list.push(i);
		groups.set(job.orcid, list);
	});
	return [...groups.values()];
}

/**
 * One call per input item (create, update, delete): as many researchers at a time as the
 * client's budget needs, one researcher's items one after the other in input order.
 */
export async function writeEach(
	ctx: IExecuteFunctions,
	wc: WriteContext,
	items: INodeExecutionData[],
	prepare: (itemIndex: number) => WriteJob,
	write: (job: WriteJob) => Promise<WriteResult>,
): Promise<INodeExecutionData[]> {
	const jobs = prepareAll(ctx, items, prepare);
	const continueOnFail = ctx.continueOnFail();
	const out: Array<INodeExecutionData | undefined> = jobs.map((job, i) =>
		isJob(job) ? undefined : errorItem(job, i, { itemType: wc.itemType }),
	);
	const stop: { failure?: { index: number; error: ItemError } } = {};
	await eachLimit(byResearcher(jobs), researchersAtOnce(wc.session, 'write'), async (indices) => {
		for (const i of indices) {
			// without Continue On Fail, nothing new starts once an item failed
			if (stop.failure) return;
			const job = jobs[i] as WriteJob;
			try {
				out[i] = resultItem(wc, job, await write(job));
			} catch (error) {
				const nodeError = toItemError(ctx, i, error);
				if (!continueOnFail) {
					// another researcher's item may have failed meanwhile: keep the first one
					const earlier = stop.failure as { index: number } | undefined;
					if (!earlier || i < earlier.index) stop.failure = { index: i, error: nodeError };
					return;
				}
				out[i] = errorItem(nodeError, i, { itemType: wc.itemType, orcid: job.orcid });
			}
		}
	});
	const done = out.filter((item): item is INodeExecutionData => item !== undefined);
	if (stop.failure) throw withWritten(stop.failure.error, done);
	return done;
}

export { isJob };

/**
 * Bulk create of works (POST /{orcid}/works, at most 100 per call): the bulk body from the
 * works' own bodies, and the per-work results of ORCID's answer, JSON or XML.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { putCodeNamedIn } from '../../shared/orcid/identity';
import { setContext, type ItemError, type WriteJob } from './jobs';
import { xmlText } from './xml';

/** ORCID accepts at most 100 works per bulk call. */
export const BULK_LIMIT = 100;

type Obj = Record<string, unknown>;

/** One bulk call's body: {"bulk": [{"work": ...}]}, or <bulk:bulk> around the works' XML. */
export function bulkBody(chunk: WriteJob[], xml: boolean): Obj | string {
	return xml
		? `<?xml version="1.0" encoding="UTF-8"?>\n<bulk:bulk xmlns:bulk="http://www.orcid.org/ns/bulk">\n${chunk
				.map((j) => (j.prepared?.body as string).replace(/^\s*<\?xml[\s\S]*?\?>\s*/, ''))
				.join('\n')}\n</bulk:bulk>`
		: { bulk: chunk.map((j) => ({ work: j.prepared?.body })) };
}

/** A work of an interrupted bulk call that the lookup did not find on the record. */
export const NOT_ADDED: BulkEntry = {
	errorCode: 'unconfirmed',
	message:
		'The bulk call was interrupted and this work is not on the record; run it again to add it',
	unconfirmed: true,
};

export interface BulkEntry {
	putCode?: number;
	errorCode?: string;
	status?: number;
	message?: string;
	existingPutCode?: number;
	unconfirmed?: boolean;
}

/** The per-work results of a bulk answer, JSON ({bulk: [...]}) or XML (<bulk:bulk>). */
export function bulkEntries(body: unknown): BulkEntry[] {
	if (typeof body === 'string') {
		const entries: BulkEntry[] = [];
		const element =
			/<(?:[\w.-]+:)?work\s[^>]*?put-code\s*=\s*["'](\d+)["'][^>]*>|<((?:[\w.-]+:)?error)[\s>][\s\S]*?<\/\2>/g;
		let match: RegExpExecArray | null;
		while ((match = element.exec(body)) !== null) {
			if (match[1] !== undefined) {
				entries.push({ putCode: Number(match[1]) });
			} else {
				const block = match[0];
				const message = xmlText(block, 'developer-message') || xmlText(block, 'user-message');
				entries.push({
					errorCode: xmlText(block, 'error-code') || undefined,
					status: Number(xmlText(block, 'response-code')) || undefined,
					message,
					existingPutCode: putCodeNamedIn(message),
				});
			}
		}
		return entries;
	}
	const list = (body as { bulk?: unknown } | null)?.bulk;
	if (!Array.isArray(list)) return [];
	return list.map((entry: unknown) => {
		const e = (entry ?? {}) as Obj;
		const work = e.work as Obj | undefined;
		if (work && work['put-code'] !== undefined && work['put-code'] !== null) {
			return { putCode: Number(work['put-code']) };
		}
		const error = (e.error ?? {}) as Obj;
		const message =
			(error['developer-message'] as string | undefined) ??
			(error['user-message'] as string | undefined);
		const code = error['error-code'];
		return {
			errorCode: code === undefined || code === null ? undefined : String(code),
			status: typeof error['response-code'] === 'number' ? error['response-code'] : undefined,
			message,
			existingPutCode: putCodeNamedIn(message),
			unconfirmed: code === 'unconfirmed',
		};
	});
}

// ---- errors of a bulk call -----------------------------------------------------------------

/** A whole call failed: the same failure on each work it carried. */
export function chunkError(
	node: INode,
	error: ItemError,
	job: WriteJob,
	chunk: WriteJob[],
): ItemError {
	if (job === chunk[0] || !(error instanceof NodeApiError || error instanceof NodeOperationError)) {
		return error;
	}
	// the same failure, on each item it concerns
	const copy = new NodeOperationError(node, error.message, {
		itemIndex: job.itemIndex,
		description:
			`${error.description ?? ''} (The bulk call carrying item ${chunk[0].itemIndex} to ${chunk[chunk.length - 1].itemIndex} failed as a whole.)`.trim(),
	});
	setContext(copy, {
		...(error.context as IDataObject),
		itemIndex: job.itemIndex,
	});
	return copy;
}

/** A work ORCID refused within the call (the others went on). */
export function entryError(
	node: INode,
	job: WriteJob,
	entry: BulkEntry,
	duplicateNotFound = false,
): ItemError {
	const code = entry.errorCode ?? null;
	const said = entry.message ?? 'no reason given';
	const error = new NodeOperationError(
		node,
		`ORCID rejected the work on item ${job.itemIndex}${code ? ` (error ${code})` : ''}: ${said}`,
		{
			itemIndex: job.itemIndex,
			description: duplicateNotFound
				? 'ORCID says this client already added the work, but no work of this client with the same identifiers was found on the record.'
				: 'The other works of the bulk call were processed on their own; only this one was refused.',
		},
	);
	return setContext(error, {
		orcidErrorCode: code,
		httpStatus: entry.status ?? null,
		unclearWrite: entry.unconfirmed === true,
	});
}

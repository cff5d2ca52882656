/**
 * The writes themselves: create (with the "already on the record" policy), update, delete and
 * bulk create, through the ORCID session. Moved records are followed; an unclear POST (no
 * answer, or a 500/502/504) is settled by looking the item up, never by posting it again
 * blindly. When even the lookup cannot reach ORCID, the item is "unconfirmed", not failed: it
 * may be on the record, and a sync or a rerun (Return Existing Put Code) finds it there.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { createPath, itemPath, listPath, type ItemType } from '../../shared/orcid/model/itemTypes';
import { flattenSection } from '../../shared/orcid/model/sections';
import {
	existingPutCodeOf,
	httpStatusOf,
	movedRecordOf,
	orcidErrorCodeOf,
	type OrcidResponse,
	type OrcidSession,
} from '../../shared/http/transport';
import { asNodeError } from '../../shared/node/runner';
import {
	findOwnMatches,
	followingMerges,
	putCodeNamedIn,
	signatureOf,
	sourceClientIdOf,
	type MatchTarget,
} from '../../shared/orcid/identity';
import { eachLimit, researchersAtOnce } from './concurrency';
import type { PreparedBody } from './input';
import { withXmlPutCode, xmlText } from './xml';

export type OnDuplicate = 'fail' | 'returnExisting' | 'updateExisting';
export type WriteStatus =
	| 'created'
	| 'updated'
	| 'deleted'
	| 'existing'
	| 'already-gone'
	| 'unconfirmed';

export interface WriteJob {
	itemIndex: number;
	itemType: ItemType;
	orcid: string;
	token: string;
	prepared?: PreparedBody;
	putCode?: number;
}

export interface WriteResult {
	status: WriteStatus;
	/** Absent only for 'unconfirmed': ORCID may hold the item, its put code is not known. */
	putCode?: number;
	/** The record written to: the primary iD when the given one was merged into it. */
	orcid: string;
	movedFrom?: string;
	groupId?: string;
	groupIdPutCode?: number;
	/** What was sent last (the PUT body when an existing item was updated). */
	body?: IDataObject | string;
	/** 'unconfirmed': the identifiers a sync or rerun finds the item by, and what happened. */
	identifiers?: string[];
	message?: string;
}

export type ItemError = NodeApiError | NodeOperationError;

/** ORCID accepts at most 100 works per bulk call. */
export const BULK_LIMIT = 100;
const GROUP_SCOPE = '/group-id-record/update';

type Obj = Record<string, unknown>;

function setContext(error: ItemError, values: IDataObject): ItemError {
	Object.assign(error.context as IDataObject, values);
	return error;
}

function withPutCode(body: IDataObject | string, putCode: number): IDataObject | string {
	return typeof body === 'string'
		? withXmlPutCode(body, putCode)
		: { ...body, 'put-code': putCode };
}

export class ItemWriter {
	/** given iD -> primary iD, learnt from 301 answers (error 9007). */
	private readonly moved = new Map<string, string>();
	private readonly groups = new Map<string, Promise<number | undefined>>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly session: OrcidSession,
		private readonly clientId: string,
	) {}

	// ---- single writes ----------------------------------------------------------------------

	async create(job: WriteJob, onDuplicate: OnDuplicate): Promise<WriteResult> {
		const prepared = job.prepared as PreparedBody;
		const group = await this.groupFor(job);
		return await this.followingMoves(job, async (orcid) => {
			const lookup = new SettleLookup(this.ctx);
			try {
				const response = await this.session.request({
					api: 'member',
					method: 'POST',
					path: createPath(job.itemType, orcid),
					token: job.token,
					body: prepared.body,
					format: prepared.format,
					itemIndex: job.itemIndex,
					settle: lookup.wrap(async () => await this.settleSingle(job, orcid)),
				});
				const putCode = response.putCode;
				if (putCode === undefined) {
					throw new NodeOperationError(
						this.ctx.getNode(),
						`ORCID accepted the ${job.itemType} on item ${job.itemIndex} but named no put code`,
						{
							itemIndex: job.itemIndex,
							description: `Answer ${response.status}, Location: ${response.location ?? '(none)'}`,
						},
					);
				}
				return {
					status: 'created',
					putCode,
					orcid,
					body: prepared.body,
					...group,
				};
			} catch (error) {
				if (lookup.failure) return { ...unconfirmed(job, orcid, lookup.failure), ...group };
				if (orcidErrorCodeOf(error) !== '9021' || onDuplicate === 'fail') {
					throw asNodeError(this.ctx, error, job.itemIndex);
				}
				const existing = await this.findExisting(job, orcid, existingPutCodeOf(error));
				if (existing === undefined) {
					const e = error as ItemError;
					e.description =
						`${e.description ?? ''} No item of this client with the same identifiers was found on the record, so its put code could not be returned.`.trim();
					throw e;
				}
				if (onDuplicate === 'returnExisting') {
					return { status: 'existing', putCode: existing, orcid, ...group };
				}
				const body = withPutCode(prepared.body, existing);
				await this.put(job, orcid, existing, body);
				return { status: 'updated', putCode: existing, orcid, body, ...group };
			}
		});
	}

	async update(job: WriteJob): Promise<WriteResult> {
		const prepared = job.prepared as PreparedBody;
		const putCode = job.putCode as number;
		const group = await this.groupFor(job);
		return await this.followingMoves(job, async (orcid) => {
			await this.put(job, orcid, putCode, prepared.body);
			return {
				status: 'updated',
				putCode,
				orcid,
				body: prepared.body,
				...group,
			};
		});
	}

	async remove(job: WriteJob): Promise<WriteResult> {
		const putCode = job.putCode as number;
		return await this.followingMoves(job, async (orcid) => {
			const response = await this.session.request({
				api: 'member',
				method: 'DELETE',
				path: itemPath(job.itemType, orcid, putCode),
				token: job.token,
				itemIndex: job.itemIndex,
				okStatuses: [404],
			});
			return {
				status: response.status === 404 ? 'already-gone' : 'deleted',
				putCode,
				orcid,
			};
		});
	}

	private async put(
		job: WriteJob,
		orcid: string,
		putCode: number,
		body: IDataObject | string,
	): Promise<OrcidResponse> {
		try {
			return await this.session.request({
				api: 'member',
				method: 'PUT',
				path: itemPath(job.itemType, orcid, putCode),
				token: job.token,
				body,
				format: typeof body === 'string' ? 'xml' : 'json',
				itemIndex: job.itemIndex,
			});
		} catch (error) {
			if (httpStatusOf(error) === 404 && movedRecordOf(error) === null) {
				const e = error as ItemError;
				e.message = `No ${job.itemType} with put code ${putCode} on ${orcid} (item ${job.itemIndex})`;
				e.description =
					'The item is not on the record any more (the researcher may have deleted it). Create it again to get a new put code.';
				setContext(e, { field: 'putCode' });
			}
			throw asNodeError(this.ctx, error, job.itemIndex);
		}
	}

	// ---- bulk -------------------------------------------------------------------------------

	/**
	 * Bulk create of works: one call per researcher and 100 works; each answer entry is mapped
	 * back to its job. Returns one result or error per job, in the jobs' order.
	 */
	async createMany(
		jobs: WriteJob[],
		onDuplicate: OnDuplicate,
	): Promise<Array<WriteResult | ItemError>> {
		const results = new Map<WriteJob, WriteResult | ItemError>();
		// one researcher's bulk calls one after the other (per token and format, in input order)
		const byResearcher = new Map<string, Map<string, WriteJob[]>>();
		for (const job of jobs) {
			const calls = byResearcher.get(job.orcid) ?? new Map<string, WriteJob[]>();
			const key = `${job.token}\u0000${job.prepared?.format}`;
			const group = calls.get(key) ?? [];
			group.push(job);
			calls.set(key, group);
			byResearcher.set(job.orcid, calls);
		}
		const chunks = (calls: Map<string, WriteJob[]>) =>
			[...calls.values()].flatMap((group) =>
				Array.from({ length: Math.ceil(group.length / BULK_LIMIT) }, (_, n) =>
					group.slice(n * BULK_LIMIT, (n + 1) * BULK_LIMIT),
				),
			);
		// as many researchers at a time as the client's budget needs
		const researchers = [...byResearcher.values()];
		await eachLimit(researchers, researchersAtOnce(this.session), async (calls) => {
			for (const chunk of chunks(calls)) {
				const lookup = new SettleLookup(this.ctx);
				try {
					const chunkResults = await this.bulkChunk(chunk, onDuplicate, lookup);
					chunk.forEach((job, i) => results.set(job, chunkResults[i]));
				} catch (error) {
					// ORCID may hold the works, but could not be asked: each is unconfirmed
					const failure = lookup.failure;
					// otherwise the whole call failed (token, record, network): every work of it failed
					for (const job of chunk) {
						results.set(
							job,
							failure
								? unconfirmed(job, this.moved.get(job.orcid) ?? job.orcid, failure)
								: this.chunkError(error as ItemError, job, chunk),
						);
					}
				}
			}
		});
		return jobs.map((job) => results.get(job) as WriteResult | ItemError);
	}

	private chunkError(error: ItemError, job: WriteJob, chunk: WriteJob[]): ItemError {
		if (
			job === chunk[0] ||
			!(error instanceof NodeApiError || error instanceof NodeOperationError)
		) {
			return error;
		}
		// the same failure, on each item it concerns
		const copy = new NodeOperationError(this.ctx.getNode(), error.message, {
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

	private async bulkChunk(
		chunk: WriteJob[],
		onDuplicate: OnDuplicate,
		lookup: SettleLookup,
	): Promise<Array<WriteResult | ItemError>> {
		const first = chunk[0];
		const xml = first.prepared?.format === 'xml';
		const body = xml
			? `<?xml version="1.0" encoding="UTF-8"?>\n<bulk:bulk xmlns:bulk="http://www.orcid.org/ns/bulk">\n${chunk
					.map((j) => (j.prepared?.body as string).replace(/^\s*<\?xml[\s\S]*?\?>\s*/, ''))
					.join('\n')}\n</bulk:bulk>`
			: { bulk: chunk.map((j) => ({ work: j.prepared?.body })) };

		return await this.followingMoves(first, async (orcid) => {
			const response = await this.session.request({
				api: 'member',
				method: 'POST',
				path: `/${orcid}/works`,
				token: first.token,
				body,
				format: xml ? 'xml' : 'json',
				itemIndex: first.itemIndex,
				settle: lookup.wrap(async () => await this.settleBulk(chunk, orcid)),
			});
			const entries = bulkEntries(response.body);
			if (entries.length !== chunk.length) {
				throw setContext(
					new NodeOperationError(
						this.ctx.getNode(),
						`ORCID answered the bulk of ${chunk.length} works with ${entries.length} results`,
						{
							itemIndex: first.itemIndex,
							description:
								'The works cannot be matched to their results. Check the record (Read Record) before running again; Create with "Return Existing Put Code" recovers put codes without duplicates.',
						},
					),
					{ unclearWrite: true },
				);
			}
			const moved = orcid === first.orcid ? undefined : first.orcid;
			const results: Array<WriteResult | ItemError> = [];
			const duplicates: Array<{ index: number; hint: number | null }> = [];
			entries.forEach((entry, i) => {
				const job = chunk[i];
				if (entry.putCode !== undefined) {
					results[i] = {
						status: 'created',
						putCode: entry.putCode,
						orcid,
						body: job.prepared?.body,
						...(moved ? { movedFrom: moved } : {}),
					};
				} else if (entry.errorCode === '9021' && onDuplicate !== 'fail') {
					duplicates.push({ index: i, hint: entry.existingPutCode ?? null });
				} else {
					results[i] = this.entryError(job, entry);
				}
			});
			if (duplicates.length) {
				const summaries = await this.ownSummaries(first, orcid);
				for (const { index, hint } of duplicates) {
					const job = chunk[index];
					try {
						const existing = await this.pickExisting(job, orcid, summaries, hint);
						if (existing === undefined) {
							results[index] = this.entryError(job, entries[index], true);
						} else if (onDuplicate === 'returnExisting') {
							results[index] = { status: 'existing', putCode: existing, orcid };
						} else {
							const sent = withPutCode(job.prepared?.body as IDataObject | string, existing);
							await this.put(job, orcid, existing, sent);
							results[index] = {
								status: 'updated',
								putCode: existing,
								orcid,
								body: sent,
							};
						}
					} catch (error) {
						results[index] = error as ItemError;
					}
					if (moved && !(results[index] instanceof Error)) {
						(results[index] as WriteResult).movedFrom = moved;
					}
				}
			}
			return results;
		});
	}

	private entryError(job: WriteJob, entry: BulkEntry, duplicateNotFound = false): ItemError {
		const code = entry.errorCode ?? null;
		const said = entry.message ?? 'no reason given';
		const error = new NodeOperationError(
			this.ctx.getNode(),
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

	// ---- looking items up -------------------------------------------------------------------

	private target(job: WriteJob): MatchTarget | undefined {
		const prepared = job.prepared;
		if (!prepared) return undefined;
		if (prepared.personKey !== undefined) return { matchKeys: [], personKey: prepared.personKey };
		if (prepared.matchKeys.length) return { matchKeys: prepared.matchKeys };
		if (typeof prepared.body === 'object') {
			return {
				matchKeys: [],
				signature: signatureOf(job.itemType, prepared.body as Obj),
			};
		}
		return undefined;
	}

	private async ownSummaries(job: WriteJob, orcid: string): Promise<Obj[]> {
		const response = await this.session.request({
			api: 'member',
			method: 'GET',
			path: listPath(job.itemType, orcid),
			token: job.token,
			itemIndex: job.itemIndex,
			retryServerErrors: true,
		});
		return flattenSection(job.itemType, response.body);
	}

	/** The put code of our item that a 409 (9021) points at; ORCID's hint is checked, not trusted. */
	private async findExisting(
		job: WriteJob,
		orcid: string,
		hint: number | null,
	): Promise<number | undefined> {
		const summaries = await this.ownSummaries(job, orcid);
		return await this.pickExisting(job, orcid, summaries, hint);
	}

	private async pickExisting(
		job: WriteJob,
		orcid: string,
		summaries: Obj[],
		hint: number | null,
	): Promise<number | undefined> {
		const target = this.target(job);
		const matches = target ? findOwnMatches(job.itemType, summaries, this.clientId, target) : [];
		if (hint !== null && matches.includes(hint)) return hint;
		if (matches.length) return matches[0];
		if (hint === null) return undefined;
		// Not in the list (a summary may hide identifiers): read the named item and check its source.
		const response = await this.session.request({
			api: 'member',
			method: 'GET',
			path: itemPath(job.itemType, orcid, hint),
			token: job.token,
			itemIndex: job.itemIndex,
			okStatuses: [404],
			retryServerErrors: true,
		});
		const item = response.body as Obj | null;
		if (response.status === 404 || !item || typeof item !== 'object') return undefined;
		return sourceClientIdOf(item) === this.clientId ? hint : undefined;
	}

	/** An unclear POST of one item: is it on the record now? */
	private async settleSingle(job: WriteJob, orcid: string): Promise<OrcidResponse | null> {
		const target = this.target(job);
		if (!target) {
			throw setContext(
				new NodeOperationError(
					this.ctx.getNode(),
					`ORCID may or may not have added the ${job.itemType} of item ${job.itemIndex}, and it has no identifier to look it up by`,
					{
						itemIndex: job.itemIndex,
						description:
							'It was not sent again, so that it cannot be added twice. Check the record before retrying.',
					},
				),
				{ unclearWrite: true },
			);
		}
		const summaries = await this.ownSummaries(job, orcid);
		const matches = findOwnMatches(job.itemType, summaries, this.clientId, target);
		if (!matches.length) return null;
		return { status: 201, headers: {}, body: null, putCode: matches[0] };
	}

	/** An unclear bulk POST: which of its works are on the record now? */
	private async settleBulk(chunk: WriteJob[], orcid: string): Promise<OrcidResponse | null> {
		const summaries = await this.ownSummaries(chunk[0], orcid);
		const found = chunk.map((job) => {
			const target = this.target(job);
			return target ? findOwnMatches('work', summaries, this.clientId, target)[0] : undefined;
		});
		if (found.every((pc) => pc === undefined)) return null;
		return {
			status: 200,
			headers: {},
			body: {
				bulk: found.map((putCode) =>
					putCode === undefined
						? {
								error: {
									'error-code': 'unconfirmed',
									'developer-message':
										'The bulk call was interrupted and this work is not on the record; run it again to add it',
								},
							}
						: { work: { 'put-code': putCode } },
				),
			},
		};
	}

	// ---- peer-review groups -----------------------------------------------------------------

	private async groupFor(job: WriteJob): Promise<{ groupId?: string; groupIdPutCode?: number }> {
		const group = job.prepared?.group;
		if (job.itemType !== 'peer-review' || !group) return {};
		const putCode = await this.ensureGroup(job, group);
		return putCode === undefined
			? { groupId: group.groupId }
			: { groupId: group.groupId, groupIdPutCode: putCode };
	}

	/** The group-id record of a review group: found, or created with the client's token. */
	private async ensureGroup(
		job: WriteJob,
		group: NonNullable<PreparedBody['group']>,
	): Promise<number | undefined> {
		let pending = this.groups.get(group.groupId);
		if (!pending) {
			pending = this.findOrCreateGroup(job, group);
			this.groups.set(group.groupId, pending);
			pending.catch(() => this.groups.delete(group.groupId));
		}
		return await pending;
	}

	private async findGroup(job: WriteJob, groupId: string): Promise<number | undefined> {
		const response = await this.session.request({
			api: 'member',
			method: 'GET',
			path: '/group-id-record',
			clientScope: GROUP_SCOPE,
			qs: { 'group-id': groupId },
			itemIndex: job.itemIndex,
			okStatuses: [404],
		});
		if (response.status === 404) return undefined;
		const body = response.body as Obj | null;
		const records = Array.isArray(body?.['group-id-record'])
			? (body?.['group-id-record'] as Obj[])
			: body && body['group-id'] !== undefined
				? [body]
				: [];
		const record = records.find(
			(r) => String(r['group-id']).toLowerCase() === groupId.toLowerCase(),
		);
		const putCode = Number(record?.['put-code']);
		return record && Number.isSafeInteger(putCode) ? putCode : undefined;
	}

	private async findOrCreateGroup(
		job: WriteJob,
		group: NonNullable<PreparedBody['group']>,
	): Promise<number | undefined> {
		const { groupId } = group;
		try {
			const found = await this.findGroup(job, groupId);
			if (found !== undefined) return found;
			const response = await this.session.request({
				api: 'member',
				method: 'POST',
				path: '/group-id-record',
				clientScope: GROUP_SCOPE,
				body: {
					name: group.name ?? groupId,
					'group-id': groupId,
					description: group.description ?? group.name ?? groupId,
					type: group.type ?? 'journal',
				},
				itemIndex: job.itemIndex,
				settle: async () => {
					const putCode = await this.findGroup(job, groupId);
					return putCode === undefined ? null : { status: 201, headers: {}, body: null, putCode };
				},
			});
			return response.putCode;
		} catch (error) {
			// created meanwhile by someone else (9025): read it
			if (orcidErrorCodeOf(error) === '9025') return await this.findGroup(job, groupId);
			// ORCID creates ISSN groups itself when a review names one: go on without the record
			if (/^issn:/i.test(groupId)) return undefined;
			const e = error as ItemError;
			e.description =
				`${e.description ?? ''} The review group "${groupId}" needs a group-id record, which the client creates with a ${GROUP_SCOPE} token; ask ORCID to enable that scope for the client, or use an issn: group.`.trim();
			throw e;
		}
	}

	// ---- moved records ----------------------------------------------------------------------

	private async followingMoves<T extends WriteResult | Array<WriteResult | ItemError>>(
		job: WriteJob,
		run: (orcid: string) => Promise<T>,
	): Promise<T> {
		const start = this.moved.get(job.orcid) ?? job.orcid;
		const { value, orcid } = await followingMerges(start, run, {
			// the session reads the primary iD from a 301's Location or a 409/9007 message
			movedTo: movedRecordOf,
			giveUp: (error, tried) => this.notFollowed(job, error, tried),
			onMove: (to) => this.moved.set(job.orcid, to),
		});
		if (!Array.isArray(value) && orcid !== job.orcid) (value as WriteResult).movedFrom = job.orcid;
		return value;
	}

	private notFollowed(job: WriteJob, error: unknown, orcid: string): ItemError {
		const e = asNodeError(this.ctx, error, job.itemIndex);
		if (orcid !== job.orcid && orcidErrorCodeOf(error) === '9017') {
			// the token belongs to the old iD: the researcher must connect the primary record
			e.message = `The ORCID record ${job.orcid} was merged into ${orcid}, and the token is not valid for ${orcid} (item ${job.itemIndex})`;
			e.description =
				'Store the new iD and ask the researcher to connect again, so that the token is for the primary record.';
			setContext(e, { movedTo: orcid, field: 'orcid' });
		}
		return e;
	}
}

// ---- unconfirmed writes ---------------------------------------------------------------------

/**
 * Remembers why the lookup that settles an unclear POST failed (after its own retries): the
 * POST may have been applied, so its item is unconfirmed rather than failed.
 */
class SettleLookup {
	failure?: Error;

	constructor(private readonly ctx: IExecuteFunctions) {}

	wrap(settle: () => Promise<OrcidResponse | null>): () => Promise<OrcidResponse | null> {
		return async () => {
			try {
				return await settle();
			} catch (error) {
				this.failure = error as Error;
				throw asNodeError(this.ctx, error);
			}
		};
	}
}

function unconfirmed(job: WriteJob, orcid: string, failure: Error): WriteResult {
	const identifiers = job.prepared?.matchKeys ?? [];
	return {
		status: 'unconfirmed',
		orcid,
		identifiers,
		body: job.prepared?.body,
		message: `ORCID may have added the ${job.itemType} of item ${job.itemIndex}: its answer was lost and looking it up failed too (${failure.message}). It was not sent again, so that it cannot be added twice; a sync or a rerun with "If Already on the Record" set to Return Existing Put Code finds it${identifiers.length ? ` by ${identifiers.join(', ')}` : ''} and returns its put code.`,
	};
}

// ---- bulk answers ---------------------------------------------------------------------------

interface BulkEntry {
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

/**
 * The writes themselves: create (with the "already on the record" policy), update, delete and
 * bulk create, through the ORCID session. Moved records are followed; an unclear POST (no
 * answer, or a 500/502/504) is settled by looking the item up, never by posting it again
 * blindly. When even the lookup cannot reach ORCID, the item is "unconfirmed", not failed: it
 * may be on the record, and a sync or a rerun (Return Existing Put Code) finds it there.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { createPath, itemPath, listPath } from '../../shared/orcid/model/itemTypes';
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
	signatureOf,
	sourceClientIdOf,
	type MatchTarget,
} from '../../shared/orcid/identity';
import {
	bulkBody,
	bulkEntries,
	BULK_LIMIT,
	chunkError,
	entryError,
	NOT_ADDED,
	type BulkEntry,
} from './bulk';
import { eachLimit, researchersAtOnce } from '../../shared/node/concurrency';
import type { PreparedBody } from './input';
import {
	setContext,
	type ItemError,
	type OnDuplicate,
	type WriteJob,
	type WriteResult,
} from './jobs';
import { ReviewGroups } from './reviewGroups';
import { SettleLookup, unconfirmed } from './unconfirmed';
import { withXmlPutCode } from './xml';

export type { ItemError, OnDuplicate, WriteJob, WriteResult, WriteStatus } from './jobs';

type Obj = Record<string, unknown>;

function withPutCode(body: IDataObject | string, putCode: number): IDataObject | string {
	return typeof body === 'string'
		? withXmlPutCode(body, putCode)
		: { ...body, 'put-code': putCode };
}

/** ORCID's 9021 (the client already added this item) is resolved unless the node should fail. */
function resolvesDuplicate(code: string | null, onDuplicate: OnDuplicate): boolean {
	return code === '9021' && onDuplicate !== 'fail';
}

export class ItemWriter {
	/** given iD -> primary iD, learnt from 301 answers (error 9007). */
	private readonly moved = new Map<string, string>();
	private readonly groups: ReviewGroups;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly session: OrcidSession,
		private readonly clientId: string,
	) {
		this.groups = new ReviewGroups(session);
	}

	// ---- single writes ----------------------------------------------------------------------

	async create(job: WriteJob, onDuplicate: OnDuplicate): Promise<WriteResult> {
		const prepared = job.prepared as PreparedBody;
		const group = await this.groups.groupFor(job);
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
				if (!resolvesDuplicate(orcidErrorCodeOf(error), onDuplicate)) {
					throw asNodeError(this.ctx, error, job.itemIndex);
				}
				const resolved = await this.resolveDuplicate(
					job,
					orcid,
					onDuplicate,
					existingPutCodeOf(error),
				);
				if (resolved === undefined) {
					const e = error as ItemError;
					e.description =
						`${e.description ?? ''} No item of this client with the same identifiers was found on the record, so its put code could not be returned.`.trim();
					throw e;
				}
				return { ...resolved, ...group };
			}
		});
	}

	async update(job: WriteJob): Promise<WriteResult> {
		const prepared = job.prepared as PreparedBody;
		const putCode = job.putCode as number;
		const group = await this.groups.groupFor(job);
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
		await eachLimit(researchers, researchersAtOnce(this.session, 'bulk'), async (calls) => {
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
								: chunkError(this.ctx.getNode(), error as ItemError, job, chunk),
						);
					}
				}
			}
		});
		return jobs.map((job) => results.get(job) as WriteResult | ItemError);
	}

	private async bulkChunk(
		chunk: WriteJob[],
		onDuplicate: OnDuplicate,
		lookup: SettleLookup,
	): Promise<Array<WriteResult | ItemError>> {
		const first = chunk[0];
		const xml = first.prepared?.format === 'xml';
		const body = bulkBody(chunk, xml);
		return await this.followingMoves(first, async (orcid) => {
			// an unclear bulk POST is settled by the works found on the record: they are its answer
			const found: { entries: BulkEntry[] | null } = { entries: null };
			const response = await this.session.request({
				api: 'member',
				method: 'POST',
				path: `/${orcid}/works`,
				token: first.token,
				body,
				format: xml ? 'xml' : 'json',
				itemIndex: first.itemIndex,
				settle: lookup.wrap(async () => {
					found.entries = await this.settleBulk(chunk, orcid);
					return found.entries ? { status: 200, headers: {}, body: null } : null;
				}),
			});
			const entries =
				response.settled && found.entries ? found.entries : bulkEntries(response.body);
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
			return await this.bulkResults(chunk, entries, orcid, onDuplicate);
		});
	}

	/** Each work's result from its entry of the answer; duplicates (9021) resolved as Create does. */
	private async bulkResults(
		chunk: WriteJob[],
		entries: BulkEntry[],
		orcid: string,
		onDuplicate: OnDuplicate,
	): Promise<Array<WriteResult | ItemError>> {
		const first = chunk[0];
		const moved = orcid === first.orcid ? undefined : first.orcid;
		const results: Array<WriteResult | ItemError> = [];
		const duplicates: number[] = [];
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
			} else if (resolvesDuplicate(entry.errorCode ?? null, onDuplicate)) {
				duplicates.push(i);
			} else {
				results[i] = entryError(this.ctx.getNode(), job, entry);
			}
		});
		if (duplicates.length) {
			// one list of the record's works for every duplicate of the call
			const summaries = await this.ownSummaries(first, orcid);
			for (const i of duplicates) {
				const job = chunk[i];
				const hint = entries[i].existingPutCode ?? null;
				try {
					const resolved = await this.resolveDuplicate(job, orcid, onDuplicate, hint, summaries);
					results[i] = resolved ?? entryError(this.ctx.getNode(), job, entries[i], true);
				} catch (error) {
					results[i] = error as ItemError;
				}
				if (moved && !(results[i] instanceof Error)) {
					(results[i] as WriteResult).movedFrom = moved;
				}
			}
		}
		return results;
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

	/**
	 * The one "already on the record" policy (ORCID error 9021) of Create and Create Many: the
	 * client's own item is looked up (ORCID's hint checked, not trusted), then its put code is
	 * returned or the item updated under it. Undefined when no item of this client matches.
	 */
	private async resolveDuplicate(
		job: WriteJob,
		orcid: string,
		onDuplicate: OnDuplicate,
		hint: number | null,
		summaries?: Obj[],
	): Promise<WriteResult | undefined> {
		const list = summaries ?? (await this.ownSummaries(job, orcid));
		const existing = await this.pickExisting(job, orcid, list, hint);
		if (existing === undefined) return undefined;
		if (onDuplicate === 'returnExisting') return { status: 'existing', putCode: existing, orcid };
		const body = withPutCode(job.prepared?.body as IDataObject | string, existing);
		await this.put(job, orcid, existing, body);
		return { status: 'updated', putCode: existing, orcid, body };
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

	/** An unclear bulk POST: which of its works are on the record now? Null when none is. */
	private async settleBulk(chunk: WriteJob[], orcid: string): Promise<BulkEntry[] | null> {
		const summaries = await this.ownSummaries(chunk[0], orcid);
		const found = chunk.map((job) => {
			const target = this.target(job);
			return target ? findOwnMatches('work', summaries, this.clientId, target)[0] : undefined;
		});
		if (found.every((pc) => pc === undefined)) return null;
		return found.map((putCode) => (putCode === undefined ? NOT_ADDED : { putCode }));
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

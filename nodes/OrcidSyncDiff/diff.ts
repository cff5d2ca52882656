/**
 * The sync diff engine: local items (the vendor's) against one researcher's ORCID activities.
 * Pure: no n8n imports, no I/O. Linear in the number of items (Map lookups, no pairwise
 * comparisons), one researcher at a time so that memory follows the largest record.
 *
 * Matching, in this order over the whole local set (a remote item is claimed once):
 *   1. the stored put code (item type + put code);
 *   2. `self` / `version-of` external identifiers, normalised per type (part-of and funded-by
 *      never make two items the same), against OUR unclaimed items only;
 *   3. optionally, normalised title + subtype + year, against our unclaimed items, and only
 *      when the two do not both carry such identifiers (then they are different items).
 * Items of other sources are never updated, deleted or claimed: ORCID's duplicate rule is per
 * source, so a local item that matches only another source's item is still created.
 */
import { contentHash } from '../shared/model/contentHash';
import { matchingExternalIdKeys } from '../shared/model/externalIds';
import { externalIdsOf, titleKeyOf, type ItemType } from './itemTypes';
import type { RemoteItem } from './remote';

type Json = Record<string, unknown>;

export type PutCodeGonePolicy = 'recreate' | 'forget' | 'report';

export interface SyncDiffOptions {
	/** Our ORCID client id: items whose source-client-id is this are ours. */
	clientId: string;
	/** Match by normalised title + type + year after identifiers. Default false. */
	matchByTitle?: boolean;
	/** Delete our items on ORCID that no local item claims (needs a complete local set). */
	deleteRemovedLocally?: boolean;
	/** What to do when a stored put code is gone from a complete read. Default 'report'. */
	putCodeGone?: PutCodeGonePolicy;
}

export interface LocalItem {
	localKey: string;
	itemType: ItemType;
	/** The ORCID JSON we would send. */
	json: Json;
	/** Stored put code of the item we created, if known. */
	putCode?: number | null;
	/** Stored content hash of what we last sent (or decided), if known. */
	contentHash?: string | null;
	/** Opaque reference handed back on every result (the node's input item index). */
	ref?: unknown;
}

export interface ResearcherSide {
	orcid: string;
	local: LocalItem[];
	/** The caller vouches that `local` holds every local item of this researcher. */
	localComplete?: boolean;
	remote: RemoteItem[];
	/**
	 * The read shows all our items, private ones included (a member read with /read-limited).
	 * Default true. With a public read a missing put code may just be private: never "gone".
	 */
	remoteComplete?: boolean;
	/** Reference handed back on results that have no local item (delete, remote only). */
	ref?: unknown;
}

export type SyncOutput = 'create' | 'update' | 'delete' | 'unchanged' | 'remoteOnly' | 'conflict';
export type SyncAction = SyncOutput | 'forget';

export type SyncReason =
	| 'new'
	| 'changed'
	| 'no-stored-hash'
	| 'same-hash'
	| 'put-code-recovered'
	| 'put-code-gone'
	| 'not-visible'
	| 'forgotten'
	| 'removed-locally'
	| 'other-source'
	| 'not-claimed'
	| 'put-code-not-ours'
	| 'put-code-claimed'
	| 'already-claimed'
	| 'duplicate-local-key'
	| 'duplicate-local-ids';

export type MatchedBy = 'put-code' | 'external-id' | 'title';

export interface SyncDiffResult {
	/** Which output the item goes to. */
	output: SyncOutput;
	/** What to do: the output's name, or `forget` (on the unchanged output). */
	action: SyncAction;
	reason: SyncReason;
	orcid: string;
	localKey: string | null;
	itemType: ItemType;
	/** The put code to write to / store (update, unchanged, delete, remote only); else null. */
	putCode: number | null;
	/** Hash of the local item's JSON now: store it with the put code after the write. */
	contentHash: string | null;
	/** The ORCID JSON to send: create (no put-code) and update (put-code set); else null. */
	json: Json | null;
	/** The matched ORCID summary (or the remote item itself for delete / remote only). */
	remote: Json | null;
	matchedBy: MatchedBy | null;
	/** The stored put code that ORCID no longer has (put-code-gone, put-code-recovered). */
	previousPutCode?: number;
	/** The put code found on ORCID for a local item that had lost it. */
	recoveredPutCode?: number;
	/** The local item that already claims the remote item / identifiers. */
	claimedBy?: string;
	/** For another source's item: the local item with the same identifiers. */
	matchedLocalKey?: string;
	/** Source client id of a remote item (remote only, delete). */
	sourceClientId?: string | null;
	ref: unknown;
}

interface Entry {
	r: RemoteItem;
	ours: boolean;
	keys: string[];
	claimedBy: string | null;
}

interface LState {
	item: LocalItem;
	hash: string;
	keys: string[] | null;
	entry: Entry | null;
	matchedBy: MatchedBy | null;
	gone: boolean;
	result: SyncDiffResult | null;
	claimedBy: string | null;
}

type Bucket = Entry | Entry[];

function addTo(map: Map<string, Bucket>, key: string, e: Entry): void {
	const b = map.get(key);
	if (b === undefined) map.set(key, e);
	else if (Array.isArray(b)) b.push(e);
	else map.set(key, [b, e]);
}

/** The first unclaimed entry of a bucket; `taken` reports a claimed one when none is free. */
function firstFree(b: Bucket, accept?: (e: Entry) => boolean): Entry | null {
	if (!Array.isArray(b)) return b.claimedBy === null && (!accept || accept(b)) ? b : null;
	for (let i = 0; i < b.length; i++) {
		if (b[i].claimedBy === null && (!accept || accept(b[i]))) return b[i];
	}
	return null;
}

function firstClaimed(b: Bucket): Entry | null {
	if (!Array.isArray(b)) return b.claimedBy !== null ? b : null;
	for (let i = 0; i < b.length; i++) if (b[i].claimedBy !== null) return b[i];
	return null;
}

function withPutCode(json: Json, putCode: number): Json {
	return { ...json, 'put-code': putCode };
}

function withoutPutCode(json: Json): Json {
	if (!('put-code' in json)) return json;
	const copy = { ...json };
	delete copy['put-code'];
	return copy;
}

function localIdKeys(l: LState): string[] {
	if (l.keys === null) {
		const t = l.item.itemType;
		const keys = matchingExternalIdKeys(externalIdsOf(t, l.item.json));
		for (let i = 0; i < keys.length; i++) keys[i] = `${t}|${keys[i]}`;
		l.keys = keys;
	}
	return l.keys;
}

/** Diff one researcher. Results: local items in input order, then remote-only and deletes. */
export function diffResearcher(side: ResearcherSide, options: SyncDiffOptions): SyncDiffResult[] {
	const clientId = options.clientId;
	const policy: PutCodeGonePolicy = options.putCodeGone ?? 'report';
	const remoteComplete = side.remoteComplete !== false;
	const orcid = side.orcid;

	// Index the ORCID side: by put code (ours and others'), and our items by identifiers.
	const oursByPutCode = new Map<string, Entry>();
	const othersByPutCode = new Map<string, Entry>();
	const oursById = new Map<string, Bucket>();
	const entries: Entry[] = new Array(side.remote.length);
	for (let i = 0; i < side.remote.length; i++) {
		const r = side.remote[i];
		const ours = r.sourceClientId === clientId;
		const e: Entry = { r, ours, keys: [], claimedBy: null };
		entries[i] = e;
		const pc = `${r.itemType}#${r.putCode}`;
		const byPc = ours ? oursByPutCode : othersByPutCode;
		if (!byPc.has(pc)) byPc.set(pc, e);
		const keys = matchingExternalIdKeys(externalIdsOf(r.itemType, r.summary));
		for (let k = 0; k < keys.length; k++) keys[k] = `${r.itemType}|${keys[k]}`;
		e.keys = keys;
		if (ours) for (let k = 0; k < keys.length; k++) addTo(oursById, keys[k], e);
	}

	const locals: LState[] = new Array(side.local.length);
	const seenKeys = new Map<string, string>();
	const claim = (l: LState, e: Entry, by: MatchedBy) => {
		e.claimedBy = l.item.localKey;
		l.entry = e;
		l.matchedBy = by;
	};

	// Pass 1: duplicates of local keys, then stored put codes (they win over any other match).
	for (let i = 0; i < side.local.length; i++) {
		const item = side.local[i];
		const l: LState = {
			item,
			hash: contentHash(item.json),
			keys: null,
			entry: null,
			matchedBy: null,
			gone: false,
			result: null,
			claimedBy: null,
		};
		locals[i] = l;
		const lk = `${item.itemType}\u0000${item.localKey}`;
		const first = seenKeys.get(lk);
		if (first !== undefined) {
			l.result = localResult(l, orcid, 'conflict', 'conflict', 'duplicate-local-key', {
				putCode: item.putCode ?? null,
				claimedBy: first,
			});
			continue;
		}
		seenKeys.set(lk, item.localKey);
		if (item.putCode === null || item.putCode === undefined) continue;
		const pc = `${item.itemType}#${item.putCode}`;
		const e = oursByPutCode.get(pc);
		if (e !== undefined) {
			if (e.claimedBy === null) claim(l, e, 'put-code');
			else {
				l.result = localResult(l, orcid, 'conflict', 'conflict', 'put-code-claimed', {
					putCode: item.putCode,
					remote: e.r.summary,
					claimedBy: e.claimedBy,
				});
			}
		} else if (othersByPutCode.has(pc)) {
			l.result = localResult(l, orcid, 'conflict', 'conflict', 'put-code-not-ours', {
				putCode: item.putCode,
				remote: othersByPutCode.get(pc)!.r.summary,
			});
		} else {
			l.gone = true;
		}
	}

	// Items still looking for their ORCID item: first those without a put code (a create that
	// ORCID accepted but whose put code was never stored looks just like this), then those whose
	// put code is gone (the researcher deleted that item; a match is most likely someone else's).
	// A forgotten item (no put code, stored hash = current hash) looks for nothing.
	const seekers: LState[] = [];
	for (let i = 0; i < locals.length; i++) {
		const l = locals[i];
		if (l.result !== null || l.entry !== null || l.gone) continue;
		const stored = l.item.contentHash ?? null;
		if (stored !== null && stored === l.hash) continue;
		seekers.push(l);
	}
	for (let i = 0; i < locals.length; i++) if (locals[i].gone) seekers.push(locals[i]);

	// Pass 2: identifiers.
	for (let i = 0; i < seekers.length; i++) {
		const l = seekers[i];
		const keys = localIdKeys(l);
		for (let k = 0; k < keys.length; k++) {
			const b = oursById.get(keys[k]);
			if (b === undefined) continue;
			const e = firstFree(b);
			if (e !== null) {
				claim(l, e, 'external-id');
				break;
			}
			if (l.claimedBy === null) l.claimedBy = firstClaimed(b)?.claimedBy ?? null;
		}
	}

	// Pass 3: title + subtype + year, when enabled.
	if (options.matchByTitle) {
		let byTitle: Map<string, Bucket> | null = null;
		for (let i = 0; i < seekers.length; i++) {
			const l = seekers[i];
			if (l.entry !== null || l.claimedBy !== null) continue;
			const tk = titleKeyOf(l.item.itemType, l.item.json);
			if (tk === null) continue;
			if (byTitle === null) {
				byTitle = new Map();
				for (let j = 0; j < entries.length; j++) {
					const e = entries[j];
					if (!e.ours || e.claimedBy !== null) continue;
					const k = titleKeyOf(e.r.itemType, e.r.summary);
					if (k !== null) addTo(byTitle, k, e);
				}
			}
			const b = byTitle.get(tk);
			if (b === undefined) continue;
			const hasIds = localIdKeys(l).length > 0;
			const e = firstFree(b, (c) => !(hasIds && c.keys.length > 0));
			if (e !== null) claim(l, e, 'title');
		}
	}

	// Resolve every local item.
	for (let i = 0; i < locals.length; i++) {
		const l = locals[i];
		if (l.result === null) l.result = resolveLocal(l, orcid, policy, remoteComplete);
	}
	refuseDuplicateWrites(locals);
	const results: SyncDiffResult[] = new Array(locals.length);
	for (let i = 0; i < locals.length; i++) results[i] = locals[i].result!;

	// Our items nobody claims, and other sources' items.
	const deleting = options.deleteRemovedLocally === true && side.localComplete === true;
	let localByKey: Map<string, string> | null = null;
	for (let i = 0; i < entries.length; i++) {
		const e = entries[i];
		if (e.claimedBy !== null) continue;
		const base = {
			orcid,
			localKey: null,
			itemType: e.r.itemType,
			putCode: e.r.putCode,
			contentHash: null,
			json: null,
			remote: e.r.summary,
			matchedBy: null,
			sourceClientId: e.r.sourceClientId,
			ref: side.ref,
		};
		if (e.ours) {
			results.push(
				deleting
					? {
							...base,
							output: 'delete',
							action: 'delete',
							reason: 'removed-locally',
						}
					: {
							...base,
							output: 'remoteOnly',
							action: 'remoteOnly',
							reason: 'not-claimed',
						},
			);
			continue;
		}
		const res: SyncDiffResult = {
			...base,
			output: 'remoteOnly',
			action: 'remoteOnly',
			reason: 'other-source',
		};
		if (e.keys.length > 0 && locals.length > 0) {
			if (localByKey === null) {
				localByKey = new Map();
				for (let j = 0; j < locals.length; j++) {
					const keys = localIdKeys(locals[j]);
					for (let k = 0; k < keys.length; k++) {
						if (!localByKey.has(keys[k])) localByKey.set(keys[k], locals[j].item.localKey);
					}
				}
			}
			for (let k = 0; k < e.keys.length; k++) {
				const lk = localByKey.get(e.keys[k]);
				if (lk !== undefined) {
					res.matchedLocalKey = lk;
					break;
				}
			}
		}
		results.push(res);
	}
	return results;
}

function localResult(
	l: LState,
	orcid: string,
	output: SyncOutput,
	action: SyncAction,
	reason: SyncReason,
	extra: Partial<SyncDiffResult>,
): SyncDiffResult {
	return {
		output,
		action,
		reason,
		orcid,
		localKey: l.item.localKey,
		itemType: l.item.itemType,
		putCode: null,
		contentHash: l.hash,
		json: null,
		remote: null,
		matchedBy: l.matchedBy,
		ref: l.item.ref,
		...extra,
	};
}

function createResult(
	l: LState,
	orcid: string,
	reason: SyncReason,
	extra: Partial<SyncDiffResult>,
) {
	return localResult(l, orcid, 'create', 'create', reason, {
		...extra,
		json: withoutPutCode(l.item.json),
	});
}

/**
 * ORCID refuses (409) a create or an update whose self/version-of identifiers an item of ours
 * already carries. Writes of one run may land in any order (n8n runs each output's branch on
 * its own), so a write is only let through when its identifiers are free of every item that
 * stays (unchanged) and of every earlier write of the run; otherwise it is a conflict now
 * rather than a failed write (or a duplicate) later.
 */
function refuseDuplicateWrites(locals: LState[]): void {
	const taken = new Map<string, string>();
	for (let i = 0; i < locals.length; i++) {
		const l = locals[i];
		if (l.result!.output !== 'unchanged' || l.entry === null) continue;
		const keys = l.entry.keys;
		for (let k = 0; k < keys.length; k++)
			if (!taken.has(keys[k])) taken.set(keys[k], l.item.localKey);
	}
	// Updates first, then new items, then re-creations of items the researcher deleted (the
	// order in which a rerun after a crash would find them again).
	const rounds = [
		(r: SyncDiffResult) => r.output === 'update',
		(r: SyncDiffResult) => r.output === 'create' && r.reason !== 'put-code-gone',
		(r: SyncDiffResult) => r.output === 'create' && r.reason === 'put-code-gone',
	];
	for (const inRound of rounds) {
		for (let i = 0; i < locals.length; i++) {
			const l = locals[i];
			const r = l.result!;
			if (!inRound(r)) continue;
			const keys = localIdKeys(l);
			let owner: string | undefined;
			for (let k = 0; k < keys.length && owner === undefined; k++) {
				const o = taken.get(keys[k]);
				if (o !== undefined && o !== l.item.localKey) owner = o;
			}
			if (owner !== undefined) {
				l.result = {
					...r,
					output: 'conflict',
					action: 'conflict',
					reason: 'duplicate-local-ids',
					json: null,
					claimedBy: owner,
				};
				continue;
			}
			for (let k = 0; k < keys.length; k++) taken.set(keys[k], l.item.localKey);
		}
	}
}

function resolveLocal(
	l: LState,
	orcid: string,
	policy: PutCodeGonePolicy,
	remoteComplete: boolean,
): SyncDiffResult {
	const item = l.item;
	const stored = item.contentHash ?? null;
	const same = stored !== null && stored === l.hash;
	const storedPutCode = item.putCode ?? null;

	if (l.entry !== null) {
		const putCode = l.entry.r.putCode;
		const recovered = storedPutCode !== putCode;
		const extra: Partial<SyncDiffResult> = {
			putCode,
			remote: l.entry.r.summary,
		};
		if (recovered) {
			extra.recoveredPutCode = putCode;
			if (storedPutCode !== null) extra.previousPutCode = storedPutCode;
		}
		if (same) {
			return localResult(
				l,
				orcid,
				'unchanged',
				'unchanged',
				recovered ? 'put-code-recovered' : 'same-hash',
				extra,
			);
		}
		extra.json = withPutCode(item.json, putCode);
		const reason: SyncReason = recovered
			? 'put-code-recovered'
			: stored === null
				? 'no-stored-hash'
				: 'changed';
		return localResult(l, orcid, 'update', 'update', reason, extra);
	}

	if (l.gone && storedPutCode !== null) {
		if (!remoteComplete) {
			// A public read hides private items: the put code may well still be there.
			return same
				? localResult(l, orcid, 'unchanged', 'unchanged', 'not-visible', {
						putCode: storedPutCode,
					})
				: localResult(l, orcid, 'update', 'update', 'not-visible', {
						putCode: storedPutCode,
						json: withPutCode(item.json, storedPutCode),
					});
		}
		if (l.claimedBy !== null) {
			return localResult(l, orcid, 'conflict', 'conflict', 'already-claimed', {
				previousPutCode: storedPutCode,
				claimedBy: l.claimedBy,
			});
		}
		if (policy === 'recreate') {
			return createResult(l, orcid, 'put-code-gone', {
				previousPutCode: storedPutCode,
			});
		}
		if (policy === 'forget') {
			return localResult(l, orcid, 'unchanged', 'forget', 'put-code-gone', {
				previousPutCode: storedPutCode,
			});
		}
		return localResult(l, orcid, 'conflict', 'conflict', 'put-code-gone', {
			putCode: storedPutCode,
			previousPutCode: storedPutCode,
		});
	}

	if (l.claimedBy !== null) {
		return localResult(l, orcid, 'conflict', 'conflict', 'already-claimed', {
			claimedBy: l.claimedBy,
		});
	}
	if (same) {
		// A stored hash without a put code: we forgot this item on purpose (the researcher
		// deleted it); it stays forgotten until its content changes.
		return localResult(l, orcid, 'unchanged', 'unchanged', 'forgotten', {});
	}
	return createResult(l, orcid, 'new', {});
}

/** Diff many researchers; results in the order of `sides`. */
export function diffAll(
	sides: Iterable<ResearcherSide>,
	options: SyncDiffOptions,
): SyncDiffResult[] {
	const out: SyncDiffResult[] = [];
	for (const side of sides) {
		const r = diffResearcher(side, options);
		for (let i = 0; i < r.length; i++) out.push(r[i]);
	}
	return out;
}

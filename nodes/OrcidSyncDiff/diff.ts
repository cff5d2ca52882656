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
import { contentHash } from '../shared/orcid/model/contentHash';
import { matchingExternalIdKeys } from '../shared/orcid/model/externalIds';
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
	/** Normalised self/version-of identifier keys of the item as ORCID has it. */
	keys: string[];
	claimer: LState | null;
	matchedLocalKey: string | undefined;
}

interface LState {
	item: LocalItem;
	hash: string;
	keys: string[] | null;
	entry: Entry | null;
	matchedBy: MatchedBy | null;
	gone: boolean;
	result: SyncDiffResult | null;
	/** The local item that claims an ORCID item carrying this item's identifiers. */
	blockedBy: string | null;
	/** Position in the input. */
	pos: number;
}

type Bucket = Entry | Entry[];

/** One item type's view of the ORCID side (put codes and identifiers are per item type). */
interface TypeIndex {
	ours: Map<number, Entry>;
	others: Map<number, Entry>;
	byId: Map<string, Bucket>;
	byTitle: Map<string, Bucket> | null;
	localKeys: Map<string, string>;
	/** Identifiers of the writes let through so far (refuseDuplicateWrites). */
	writeKeys: Map<string, string> | null;
}

function newIndex(): TypeIndex {
	return {
		ours: new Map(),
		others: new Map(),
		byId: new Map(),
		byTitle: null,
		localKeys: new Map(),
		writeKeys: null,
	};
}

function addTo(map: Map<string, Bucket>, key: string, e: Entry): void {
	const b = map.get(key);
	if (b === undefined) map.set(key, e);
	else if (Array.isArray(b)) b.push(e);
	else map.set(key, [b, e]);
}

/** The first unclaimed entry of a bucket that `accept`s. */
function firstFree(b: Bucket, accept?: (e: Entry) => boolean): Entry | null {
	if (!Array.isArray(b)) return b.claimer === null && (!accept || accept(b)) ? b : null;
	for (let i = 0; i < b.length; i++) {
		if (b[i].claimer === null && (!accept || accept(b[i]))) return b[i];
	}
	return null;
}

function firstClaimer(b: Bucket): LState | null {
	if (!Array.isArray(b)) return b.claimer;
	for (let i = 0; i < b.length; i++) if (b[i].claimer !== null) return b[i].claimer;
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
	if (l.keys === null) l.keys = matchingExternalIdKeys(externalIdsOf(l.item.itemType, l.item.json));
	return l.keys;
}

/** Every result has this one shape (fast for the engine, predictable for the node). */
function result(
	output: SyncOutput,
	action: SyncAction,
	reason: SyncReason,
	orcid: string,
	localKey: string | null,
	itemType: ItemType,
	putCode: number | null,
	hash: string | null,
	json: Json | null,
	remote: Json | null,
	matchedBy: MatchedBy | null,
	ref: unknown,
): SyncDiffResult {
	return {
		output,
		action,
		reason,
		orcid,
		localKey,
		itemType,
		putCode,
		contentHash: hash,
		json,
		remote,
		matchedBy,
		previousPutCode: undefined,
		recoveredPutCode: undefined,
		claimedBy: undefined,
		matchedLocalKey: undefined,
		sourceClientId: undefined,
		ref,
	};
}

function localResult(
	l: LState,
	orcid: string,
	output: SyncOutput,
	action: SyncAction,
	reason: SyncReason,
	putCode: number | null = null,
	json: Json | null = null,
	remote: Json | null = null,
): SyncDiffResult {
	return result(
		output,
		action,
		reason,
		orcid,
		l.item.localKey,
		l.item.itemType,
		putCode,
		l.hash,
		json,
		remote,
		l.matchedBy,
		l.item.ref,
	);
}

/** Diff one researcher. Results: local items in input order, then remote-only and deletes. */
export function diffResearcher(side: ResearcherSide, options: SyncDiffOptions): SyncDiffResult[] {
	const clientId = options.clientId;
	const policy: PutCodeGonePolicy = options.putCodeGone ?? 'report';
	const remoteComplete = side.remoteComplete !== false;
	const orcid = side.orcid;
	const indexes = new Map<ItemType, TypeIndex>();
	const indexOf = (t: ItemType): TypeIndex => {
		let ix = indexes.get(t);
		if (ix === undefined) {
			ix = newIndex();
			indexes.set(t, ix);
		}
		return ix;
	};

	// Index the ORCID side: by put code (ours and others'), and our items by identifiers.
	const remote = side.remote;
	const entries: Entry[] = new Array(remote.length);
	for (let i = 0; i < remote.length; i++) {
		const r = remote[i];
		const ours = r.sourceClientId === clientId;
		const keys = matchingExternalIdKeys(externalIdsOf(r.itemType, r.summary));
		const e: Entry = { r, ours, keys, claimer: null, matchedLocalKey: undefined };
		entries[i] = e;
		const ix = indexOf(r.itemType);
		const byPutCode = ours ? ix.ours : ix.others;
		if (!byPutCode.has(r.putCode)) byPutCode.set(r.putCode, e);
		if (ours) for (let k = 0; k < keys.length; k++) addTo(ix.byId, keys[k], e);
	}

	const claim = (l: LState, e: Entry, by: MatchedBy) => {
		e.claimer = l;
		l.entry = e;
		l.matchedBy = by;
	};

	// Pass 1: duplicate local keys, then stored put codes (they win over any other match).
	const locals: LState[] = new Array(side.local.length);
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
			blockedBy: null,
			pos: i,
		};
		locals[i] = l;
		const ix = indexOf(item.itemType);
		const first = ix.localKeys.get(item.localKey);
		if (first !== undefined) {
			l.result = localResult(
				l,
				orcid,
				'conflict',
				'conflict',
				'duplicate-local-key',
				item.putCode ?? null,
			);
			l.result.claimedBy = first;
			continue;
		}
		ix.localKeys.set(item.localKey, item.localKey);
		const putCode = item.putCode;
		if (putCode === null || putCode === undefined) continue;
		const e = ix.ours.get(putCode);
		if (e !== undefined) {
			if (e.claimer === null) claim(l, e, 'put-code');
			else {
				l.result = localResult(
					l,
					orcid,
					'conflict',
					'conflict',
					'put-code-claimed',
					putCode,
					null,
					e.r.summary,
				);
				l.result.claimedBy = e.claimer.item.localKey;
			}
			continue;
		}
		const other = ix.others.get(putCode);
		if (other !== undefined) {
			l.result = localResult(
				l,
				orcid,
				'conflict',
				'conflict',
				'put-code-not-ours',
				putCode,
				null,
				other.r.summary,
			);
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
		if (keys.length === 0) continue;
		const byId = indexOf(l.item.itemType).byId;
		for (let k = 0; k < keys.length; k++) {
			const b = byId.get(keys[k]);
			if (b === undefined) continue;
			const e = firstFree(b);
			if (e !== null) {
				claim(l, e, 'external-id');
				break;
			}
			if (l.blockedBy === null) l.blockedBy = firstClaimer(b)?.item.localKey ?? null;
		}
	}

	// Pass 3: title + subtype + year, when enabled.
	if (options.matchByTitle) {
		for (let i = 0; i < seekers.length; i++) {
			const l = seekers[i];
			if (l.entry !== null || l.blockedBy !== null) continue;
			const tk = titleKeyOf(l.item.itemType, l.item.json);
			if (tk === null) continue;
			const ix = indexOf(l.item.itemType);
			if (ix.byTitle === null) {
				ix.byTitle = new Map();
				for (let j = 0; j < entries.length; j++) {
					const e = entries[j];
					if (!e.ours || e.claimer !== null || e.r.itemType !== l.item.itemType) continue;
					const k = titleKeyOf(e.r.itemType, e.r.summary);
					if (k !== null) addTo(ix.byTitle, k, e);
				}
			}
			const b = ix.byTitle.get(tk);
			if (b === undefined) continue;
			const hasIds = localIdKeys(l).length > 0;
			const e = firstFree(b, (c) => !(hasIds && c.keys.length > 0));
			if (e !== null) claim(l, e, 'title');
		}
	}

	// Resolve every local item, then hold back writes ORCID would refuse.
	let writes = 0;
	for (let i = 0; i < locals.length; i++) {
		const l = locals[i];
		if (l.result === null) l.result = resolveLocal(l, orcid, policy, remoteComplete);
		if (l.result.output === 'create' || l.result.output === 'update') writes++;
	}
	if (writes > 0) refuseDuplicateWrites(locals, indexOf);

	const results: SyncDiffResult[] = new Array(locals.length);
	for (let i = 0; i < locals.length; i++) results[i] = locals[i].result!;

	// Other sources' items: the local item with the same identifiers, if any.
	annotateOtherSources(entries, locals);

	// Our items nobody claims, and other sources' items.
	const deleting = options.deleteRemovedLocally === true && side.localComplete === true;
	for (let i = 0; i < entries.length; i++) {
		const e = entries[i];
		if (e.claimer !== null) continue;
		const r = e.r;
		// another source's item is only reported; ours goes when the local set dropped it
		const [output, reason]: [SyncOutput, SyncReason] = !e.ours
			? ['remoteOnly', 'other-source']
			: deleting
				? ['delete', 'removed-locally']
				: ['remoteOnly', 'not-claimed'];
		const res = result(
			output,
			output,
			reason,
			orcid,
			null,
			r.itemType,
			r.putCode,
			null,
			null,
			r.summary,
			null,
			side.ref,
		);
		if (!e.ours) res.matchedLocalKey = e.matchedLocalKey;
		res.sourceClientId = r.sourceClientId;
		results.push(res);
	}
	return results;
}

/** Sets `matchedLocalKey` on other sources' items, indexing the smaller of the two sides. */
function annotateOtherSources(entries: Entry[], locals: LState[]): void {
	if (locals.length === 0) return;
	const foreign: Entry[] = [];
	for (let i = 0; i < entries.length; i++) {
		if (!entries[i].ours && entries[i].keys.length > 0) foreign.push(entries[i]);
	}
	if (foreign.length === 0) return;
	// the first local item (in input order) with a shared identifier wins
	const byType = new Map<ItemType, Map<string, Entry[] | LState>>();
	const mapOf = (t: ItemType) => {
		let m = byType.get(t);
		if (m === undefined) {
			m = new Map();
			byType.set(t, m);
		}
		return m;
	};
	if (foreign.length <= locals.length) {
		for (const e of foreign) {
			const m = mapOf(e.r.itemType) as Map<string, Entry[]>;
			for (const k of e.keys) {
				const list = m.get(k);
				if (list === undefined) m.set(k, [e]);
				else list.push(e);
			}
		}
		for (const l of locals) {
			const m = byType.get(l.item.itemType) as Map<string, Entry[]> | undefined;
			if (m === undefined) continue;
			const keys = localIdKeys(l);
			for (let k = 0; k < keys.length; k++) {
				const list = m.get(keys[k]);
				if (list === undefined) continue;
				for (const e of list)
					if (e.matchedLocalKey === undefined) e.matchedLocalKey = l.item.localKey;
			}
		}
	} else {
		for (const l of locals) {
			const m = mapOf(l.item.itemType) as Map<string, LState>;
			const keys = localIdKeys(l);
			for (let k = 0; k < keys.length; k++) if (!m.has(keys[k])) m.set(keys[k], l);
		}
		for (const e of foreign) {
			const m = byType.get(e.r.itemType) as Map<string, LState> | undefined;
			if (m === undefined) continue;
			let first: LState | undefined;
			for (const k of e.keys) {
				const l = m.get(k);
				if (l !== undefined && (first === undefined || l.pos < first.pos)) first = l;
			}
			if (first !== undefined) e.matchedLocalKey = first.item.localKey;
		}
	}
}

function createResult(l: LState, orcid: string, reason: SyncReason): SyncDiffResult {
	return localResult(l, orcid, 'create', 'create', reason, null, withoutPutCode(l.item.json));
}

/**
 * ORCID refuses (409) a create or an update whose self/version-of identifiers an item of ours
 * already carries. Writes of one run may land in any order (n8n runs each output's branch on
 * its own), so a write is only let through when its identifiers are free of every item of
 * ours that stays as it is (unchanged) and of every earlier write of the run; otherwise it is
 * a conflict now rather than a failed write (or a duplicate) later.
 */
function refuseDuplicateWrites(locals: LState[], indexOf: (t: ItemType) => TypeIndex): void {
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
			if (keys.length === 0) continue;
			const ix = indexOf(l.item.itemType);
			if (ix.writeKeys === null) ix.writeKeys = new Map();
			let owner: string | undefined;
			for (let k = 0; k < keys.length && owner === undefined; k++) {
				const w = ix.writeKeys.get(keys[k]);
				if (w !== undefined && w !== l.item.localKey) {
					owner = w;
					break;
				}
				const b = ix.byId.get(keys[k]);
				if (b === undefined) continue;
				const list = Array.isArray(b) ? b : [b];
				for (const e of list) {
					const c = e.claimer;
					// an item of ours that keeps its identifiers in this run (unchanged, or a held back
					// update)
					if (c !== null && c !== l && c.result!.output !== 'update') {
						owner = c.item.localKey;
						break;
					}
				}
			}
			if (owner !== undefined) {
				const held = localResult(
					l,
					r.orcid,
					'conflict',
					'conflict',
					'duplicate-local-ids',
					r.putCode,
					null,
					r.remote,
				);
				held.previousPutCode = r.previousPutCode;
				held.recoveredPutCode = r.recoveredPutCode;
				held.claimedBy = owner;
				l.result = held;
				continue;
			}
			for (let k = 0; k < keys.length; k++) ix.writeKeys.set(keys[k], l.item.localKey);
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
		let res: SyncDiffResult;
		if (same) {
			res = localResult(
				l,
				orcid,
				'unchanged',
				'unchanged',
				recovered ? 'put-code-recovered' : 'same-hash',
				putCode,
				null,
				l.entry.r.summary,
			);
		} else {
			const reason: SyncReason = recovered
				? 'put-code-recovered'
				: stored === null
					? 'no-stored-hash'
					: 'changed';
			res = localResult(
				l,
				orcid,
				'update',
				'update',
				reason,
				putCode,
				withPutCode(item.json, putCode),
				l.entry.r.summary,
			);
		}
		if (recovered) {
			res.recoveredPutCode = putCode;
			if (storedPutCode !== null) res.previousPutCode = storedPutCode;
		}
		return res;
	}

	if (l.gone && storedPutCode !== null) {
		if (!remoteComplete) {
			// A public read hides private items: the put code may well still be there.
			return same
				? localResult(l, orcid, 'unchanged', 'unchanged', 'not-visible', storedPutCode)
				: localResult(
						l,
						orcid,
						'update',
						'update',
						'not-visible',
						storedPutCode,
						withPutCode(item.json, storedPutCode),
					);
		}
		let res: SyncDiffResult;
		if (l.blockedBy !== null) {
			res = localResult(l, orcid, 'conflict', 'conflict', 'already-claimed');
			res.claimedBy = l.blockedBy;
		} else if (policy === 'recreate') {
			res = createResult(l, orcid, 'put-code-gone');
		} else if (policy === 'forget') {
			res = localResult(l, orcid, 'unchanged', 'forget', 'put-code-gone');
		} else {
			res = localResult(l, orcid, 'conflict', 'conflict', 'put-code-gone', storedPutCode);
		}
		res.previousPutCode = storedPutCode;
		return res;
	}

	if (l.blockedBy !== null) {
		const res = localResult(l, orcid, 'conflict', 'conflict', 'already-claimed');
		res.claimedBy = l.blockedBy;
		return res;
	}
	if (same) {
		// A stored hash without a put code: we forgot this item on purpose (the researcher
		// deleted it); it stays forgotten until its content changes.
		return localResult(l, orcid, 'unchanged', 'unchanged', 'forgotten');
	}
	return createResult(l, orcid, 'new');
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

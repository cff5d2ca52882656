/**
 * The engine's working state for one researcher: the ORCID side indexed per item type (put
 * codes and identifiers are per item type), each local item's progress, and the one builder
 * of results. No n8n imports.
 */
import { matchKeysOf } from '../../shared/orcid/identity';
import type { RemoteItem } from '../remote';
import type {
	ItemType,
	Json,
	LocalItem,
	MatchedBy,
	SyncAction,
	SyncDiffResult,
	SyncOutput,
	SyncReason,
} from './types';

export interface Entry {
	r: RemoteItem;
	ours: boolean;
	/** Normalised self/version-of identifier keys of the item as ORCID has it. */
	keys: string[];
	claimer: LState | null;
	matchedLocalKey: string | undefined;
}

/** The identifier keys that make two items of one source the same (see Indexes). */
export type KeysOf = (itemType: ItemType, json: Json) => string[];

export interface LState {
	item: LocalItem;
	hash: string;
	keys: string[] | null;
	keysOf: KeysOf;
	entry: Entry | null;
	matchedBy: MatchedBy | null;
	gone: boolean;
	result: SyncDiffResult | null;
	/** The local item that claims an ORCID item carrying this item's identifiers. */
	blockedBy: string | null;
	/** Position in the input. */
	pos: number;
}

export type Bucket = Entry | Entry[];

/** One item type's view of the ORCID side (put codes and identifiers are per item type). */
export interface TypeIndex {
	ours: Map<number, Entry>;
	others: Map<number, Entry>;
	byId: Map<string, Bucket>;
	/**
	 * Our items by every identifier ORCID's bulk write counts as taken (self and version-of),
	 * when matching reads fewer (A Work per Version, Grouped); null: byId.
	 */
	takenIds: Map<string, Bucket> | null;
	byTitle: Map<string, Bucket> | null;
	localKeys: Map<string, string>;
	/** Identifiers of the writes let through so far (refuseDuplicateWrites). */
	writeKeys: Map<string, string> | null;
}

/**
 * The per-type indexes of one researcher, made on first use, and how identifiers are read
 * (self and version-of by default; self only when every version is its own work).
 */
export class Indexes {
	private readonly byType = new Map<ItemType, TypeIndex>();

	constructor(
		readonly keysOf: KeysOf = matchKeysOf,
		readonly takenKeysOf: KeysOf | null = null,
	) {}

	of(t: ItemType): TypeIndex {
		let ix = this.byType.get(t);
		if (ix === undefined) {
			ix = {
				ours: new Map(),
				others: new Map(),
				byId: new Map(),
				takenIds: this.takenKeysOf === null ? null : new Map(),
				byTitle: null,
				localKeys: new Map(),
				writeKeys: null,
			};
			this.byType.set(t, ix);
		}
		return ix;
	}
}

export function addTo(map: Map<string, Bucket>, key: string, e: Entry): void {
	const b = map.get(key);
	if (b === undefined) map.set(key, e);
	else if (Array.isArray(b)) b.push(e);
	else map.set(key, [b, e]);
}

/** The first unclaimed entry of a bucket that `accept`s. */
export function firstFree(b: Bucket, accept?: (e: Entry) => boolean): Entry | null {
	if (!Array.isArray(b)) return b.claimer === null && (!accept || accept(b)) ? b : null;
	for (let i = 0; i < b.length; i++) {
		if (b[i].claimer === null && (!accept || accept(b[i]))) return b[i];
	}
	return null;
}

export function firstClaimer(b: Bucket): LState | null {
	if (!Array.isArray(b)) return b.claimer;
	for (let i = 0; i < b.length; i++) if (b[i].claimer !== null) return b[i].claimer;
	return null;
}

export function localIdKeys(l: LState): string[] {
	if (l.keys === null) l.keys = l.keysOf(l.item.itemType, l.item.json);
	return l.keys;
}

export function withPutCode(json: Json, putCode: number): Json {
	return { ...json, 'put-code': putCode };
}

export function withoutPutCode(json: Json): Json {
	if (!('put-code' in json)) return json;
	const copy = { ...json };
	delete copy['put-code'];
	return copy;
}

/** The fields every result has; the optional ones are set by whoever knows them. */
export type ResultFields = Pick<
	SyncDiffResult,
	| 'output'
	| 'action'
	| 'reason'
	| 'orcid'
	| 'localKey'
	| 'itemType'
	| 'putCode'
	| 'contentHash'
	| 'json'
	| 'remote'
	| 'matchedBy'
	| 'ref'
>;

/**
 * Every result has this one shape (fast for the engine, predictable for the node), written out
 * field by field: a spread would clone `f` and then add the optional fields one at a time.
 */
export function result(f: ResultFields): SyncDiffResult {
	return {
		output: f.output,
		action: f.action,
		reason: f.reason,
		orcid: f.orcid,
		localKey: f.localKey,
		itemType: f.itemType,
		putCode: f.putCode,
		contentHash: f.contentHash,
		json: f.json,
		remote: f.remote,
		matchedBy: f.matchedBy,
		ref: f.ref,
		previousPutCode: undefined,
		recoveredPutCode: undefined,
		claimedBy: undefined,
		matchedLocalKey: undefined,
		sourceClientId: undefined,
		heldByPutCode: undefined,
		heldBySourceClientId: undefined,
		conceptPutCode: undefined,
		conceptLocalKey: undefined,
	};
}

/** What a local item's result says besides its output and reason. */
export interface Outcome {
	/** Default: the output's name. */
	action?: SyncAction;
	putCode?: number | null;
	json?: Json | null;
	remote?: Json | null;
}

export function localResult(
	l: LState,
	orcid: string,
	output: SyncOutput,
	reason: SyncReason,
	outcome: Outcome = {},
): SyncDiffResult {
	return result({
		output,
		action: outcome.action ?? output,
		reason,
		orcid,
		localKey: l.item.localKey,
		itemType: l.item.itemType,
		putCode: outcome.putCode ?? null,
		contentHash: l.hash,
		json: outcome.json ?? null,
		remote: outcome.remote ?? null,
		matchedBy: l.matchedBy,
		ref: l.item.ref,
	});
}

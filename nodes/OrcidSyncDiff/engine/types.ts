/**
 * What the sync diff engine takes and gives: the options, the local items, one researcher's
 * two sides, and one result per item. No n8n imports.
 */
import type { ActivityType as ItemType } from '../../shared/orcid/model/itemTypes';
import type { RemoteItem } from '../remote';

export type { ItemType };
export type Json = Record<string, unknown>;

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

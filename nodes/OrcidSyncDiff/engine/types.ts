/**
 * What the sync diff engine takes and gives: the options, the local items, one researcher's
 * two sides, and one result per item. No n8n imports.
 */
import type { ActivityType as ItemType } from '../../shared/orcid/model/itemTypes';
import type { RemoteItem } from '../remote';
import type { LedgerState } from '../policy/choices';
import type { OtherSourcePolicy } from '../policy/otherSources';
import type { VersionsPolicy } from '../policy/versions';

export type { ItemType };
export type Json = Record<string, unknown>;

/**
 * `keep`: the researcher's deletion goes into the do-not-send ledger (Unchanged, action
 * do-not-send); `report`: Conflict; `forget`: Unchanged, action forget; `recreate`: Create.
 */
export type PutCodeGonePolicy = 'keep' | 'recreate' | 'forget' | 'report';

export interface SyncDiffOptions {
	/** Our ORCID client id: items whose source-client-id is this are ours. */
	clientId: string;
	/** Match by normalised title + type + year after identifiers. Default false. */
	matchByTitle?: boolean;
	/** Delete our items on ORCID that no local item claims (needs a complete local set). */
	deleteRemovedLocally?: boolean;
	/** What to do when a stored put code is gone from a complete read. Default 'report'. */
	putCodeGone?: PutCodeGonePolicy;
	/** When Another Source Has the Item (policy/otherSources.ts). Default 'createOurs'. */
	otherSources?: OtherSourcePolicy;
	/** Client ids (and `researcher`) for 'skipIfTrusted', most trusted first. */
	trustedSources?: readonly string[];
	/** Versions of a concept (policy/versions.ts). Default: versions are not told apart. */
	versions?: VersionsPolicy;
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
	/** The do-not-send ledger's state stored with the put code. Default 'active'. */
	ledger?: LedgerState;
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
	/** Item types the researcher opted out of: nothing of these is created, updated or deleted. */
	optOuts?: ReadonlySet<string>;
}

export type SyncOutput = 'create' | 'update' | 'delete' | 'unchanged' | 'remoteOnly' | 'conflict';
export type SyncAction = SyncOutput | 'forget' | 'do-not-send';

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
	| 'duplicate-local-ids'
	| 'researcher-deleted'
	| 'researcher-opted-out'
	| 'held-by-other-source'
	| 'version-of-concept';

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
	/** held-by-other-source: the other source's item (client id null: the researcher's own). */
	heldByPutCode?: number;
	heldBySourceClientId?: string | null;
	/** version-of-concept: the work that stands for the concept, on ORCID and locally. */
	conceptPutCode?: number | null;
	conceptLocalKey?: string;
	ref: unknown;
}

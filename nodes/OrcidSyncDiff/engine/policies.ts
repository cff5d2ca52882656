/**
 * The sync's policies around the matching engine (policy/*.ts hold the rules): a researcher's
 * choices (the do-not-send ledger, opt-outs per item type), When Another Source Has the Item,
 * and Versions. Each holds a write back before the engine decides which writes ORCID would
 * refuse, so a held item never blocks another. No n8n imports.
 */
import { externalIdsOf, matchKeysOf } from '../../shared/orcid/identity';
import { heldByChoice } from '../policy/choices';
import { groupKeysOf, OrcidGroups } from '../policy/groups';
import { heldByOtherSource } from '../policy/otherSources';
import {
	conceptKeysOf,
	foldVersions,
	selfKeysOf,
	standsForConcept,
	type VersionedItem,
} from '../policy/versions';
import type { RemoteItem } from '../remote';
import { localResult, type KeysOf, type LState } from './state';
import type {
	ItemType,
	Json,
	LocalItem,
	ResearcherSide,
	SyncDiffOptions,
	SyncDiffResult,
} from './types';

/**
 * Identifiers that make two items of one source the same, under the Versions option. With A
 * Work per Version, Grouped, a version is told apart by its self identifiers only; ORCID's bulk
 * write still counts our works' version-of identifiers as taken (ORCID-Source WorkManagerImpl
 * buildExistingExternalIdsSet), so those stay in the duplicate check (see Indexes).
 */
export function keysOfFor(options: SyncDiffOptions): KeysOf {
	if (options.versions !== 'perVersion') return matchKeysOf;
	// every version is its own work: only self identifiers say which
	return (itemType: ItemType, json: Json) =>
		itemType === 'work' ? selfKeysOf(externalIdsOf(itemType, json)) : matchKeysOf(itemType, json);
}

function versioned(item: LocalItem): VersionedItem {
	const ids = externalIdsOf(item.itemType, item.json);
	return {
		selfKeys: selfKeysOf(ids),
		conceptKeys: conceptKeysOf(ids),
		// a stored put code or hash: this version stood for the concept before (even forgotten)
		hasPutCode:
			(item.putCode !== null && item.putCode !== undefined) ||
			(item.contentHash !== null && item.contentHash !== undefined),
	};
}

/** One Work for the Concept: the local works another one stands for, and that one. */
export function foldedVersions(
	local: readonly LocalItem[],
	options: SyncDiffOptions,
): Map<LocalItem, LocalItem> {
	const out = new Map<LocalItem, LocalItem>();
	if (options.versions !== 'concept') return out;
	const works = local.filter((l) => l.itemType === 'work');
	for (const [i, rep] of foldVersions(works.map(versioned))) out.set(works[i], works[rep]);
	return out;
}

/** A folded version's result: nothing to send, the concept's work named. */
export function foldedResult(l: LState, rep: SyncDiffResult, orcid: string): SyncDiffResult {
	const res = localResult(l, orcid, 'unchanged', 'version-of-concept');
	res.conceptLocalKey = rep.localKey ?? undefined;
	res.conceptPutCode = rep.output === 'create' ? null : rep.putCode;
	return res;
}

/** What the policies need of one researcher, made once. */
export class Policies {
	private groups: Map<ItemType, OrcidGroups> | null = null;
	/** Our items this run deletes (`type|putCode`): they group nothing once the run is done. */
	private leaving = new Set<string>();

	constructor(
		private readonly side: ResearcherSide,
		private readonly options: SyncDiffOptions,
	) {}

	/**
	 * Our unclaimed items that this run deletes. Without this, a new item that only our leaving
	 * item bridges to another source's group would be held back now and created next run.
	 */
	leave(items: readonly RemoteItem[]): void {
		for (const r of items) this.leaving.add(`${r.itemType}|${r.putCode}`);
		this.groups = null;
	}

	private groupsOf(itemType: ItemType): OrcidGroups {
		if (this.groups === null) {
			const byType = new Map<ItemType, RemoteItem[]>();
			for (const r of this.side.remote) {
				if (this.leaving.has(`${r.itemType}|${r.putCode}`)) continue;
				const list = byType.get(r.itemType);
				if (list === undefined) byType.set(r.itemType, [r]);
				else list.push(r);
			}
			this.groups = new Map();
			for (const [t, list] of byType) {
				const members = list.map((r) => ({
					putCode: r.putCode,
					sourceClientId: r.sourceClientId,
					keys: groupKeysOf(externalIdsOf(t, r.summary)),
				}));
				this.groups.set(t, new OrcidGroups(members));
			}
		}
		return this.groups.get(itemType) ?? new OrcidGroups([]);
	}

	optedOut(itemType: string): boolean {
		return this.side.optOuts?.has(itemType) === true;
	}

	/** The engine's decision for a local item, held back where a policy says so. */
	apply(l: LState, r: SyncDiffResult): SyncDiffResult {
		const item = l.item;
		const keep = this.options.putCodeGone === 'keep';
		// Keep Deleted: the researcher deleted the item under our stored put code; another item of
		// ours with the same identifiers does not undo that decision (no put-code recovery)
		const deletedNow =
			keep &&
			l.gone &&
			l.entry !== null &&
			this.side.remoteComplete !== false &&
			r.putCode !== null;
		const t = deletedNow ? { output: 'conflict', reason: 'put-code-gone' } : r;
		const choice = heldByChoice(t, item.ledger ?? 'active', this.optedOut(item.itemType), keep);
		if (choice !== null) {
			const held = localResult(l, r.orcid, choice.output, choice.reason, {
				action: choice.action,
				putCode: choice.action === 'do-not-send' ? null : r.putCode,
				remote: r.remote,
			});
			held.previousPutCode = r.previousPutCode ?? item.putCode ?? undefined;
			return held;
		}
		if (
			this.options.versions === 'concept' &&
			(r.output === 'update' || r.output === 'unchanged')
		) {
			const v = versioned(item);
			const remoteSelf = selfKeysOf(externalIdsOf(item.itemType, r.remote ?? {}));
			if (r.remote !== null && standsForConcept(v, remoteSelf)) {
				const res = localResult(l, r.orcid, 'unchanged', 'version-of-concept', {
					remote: r.remote,
				});
				res.conceptPutCode = r.putCode;
				return res;
			}
		}
		if (r.output === 'create') return this.otherSource(l, r);
		return r;
	}

	/** When Another Source Has the Item, for a create. */
	private otherSource(l: LState, r: SyncDiffResult): SyncDiffResult {
		const policy = this.options.otherSources ?? 'createOurs';
		if (policy === 'createOurs') return r;
		const keys = groupKeysOf(externalIdsOf(l.item.itemType, l.item.json));
		const group = this.groupsOf(l.item.itemType).groupOf(keys);
		const by = heldByOtherSource(
			group,
			policy,
			this.options.trustedSources ?? [],
			this.options.clientId,
		);
		if (by === null) return r;
		const held = localResult(l, r.orcid, 'unchanged', 'held-by-other-source');
		held.heldByPutCode = by.putCode;
		held.heldBySourceClientId = by.sourceClientId;
		held.previousPutCode = r.previousPutCode;
		return held;
	}

	/** Deleting is writing too: an opted-out type's items of ours stay on the record. */
	applyUnclaimed(r: SyncDiffResult): SyncDiffResult {
		if (r.output !== 'delete' || !this.optedOut(r.itemType)) return r;
		return { ...r, output: 'remoteOnly', action: 'remoteOnly', reason: 'researcher-opted-out' };
	}
}

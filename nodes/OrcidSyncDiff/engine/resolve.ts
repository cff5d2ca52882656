/**
 * What happens to each local item once matching is done: update, unchanged, create, forget or
 * conflict; then the writes ORCID would refuse as duplicates are held back. No n8n imports.
 */
import {
	localIdKeys,
	localResult,
	withoutPutCode,
	withPutCode,
	type Indexes,
	type LState,
} from './state';
import type { PutCodeGonePolicy, SyncDiffResult, SyncReason } from './types';

/** How this researcher's items are resolved. */
export interface Resolution {
	orcid: string;
	policy: PutCodeGonePolicy;
	/** The read shows private items too: a missing put code is really gone. */
	remoteComplete: boolean;
}

function createResult(l: LState, orcid: string, reason: SyncReason): SyncDiffResult {
	return localResult(l, orcid, 'create', reason, { json: withoutPutCode(l.item.json) });
}

function sameHash(l: LState): boolean {
	const stored = l.item.contentHash ?? null;
	return stored !== null && stored === l.hash;
}

/** A local item matched to an ORCID item: unchanged or update, and a recovered put code. */
function resolveMatched(l: LState, orcid: string): SyncDiffResult {
	const entry = l.entry!;
	const storedPutCode = l.item.putCode ?? null;
	const putCode = entry.r.putCode;
	const recovered = storedPutCode !== putCode;
	const remote = entry.r.summary;
	let res: SyncDiffResult;
	if (sameHash(l)) {
		const reason = recovered ? 'put-code-recovered' : 'same-hash';
		res = localResult(l, orcid, 'unchanged', reason, { putCode, remote });
	} else {
		const reason: SyncReason = recovered
			? 'put-code-recovered'
			: (l.item.contentHash ?? null) === null
				? 'no-stored-hash'
				: 'changed';
		const json = withPutCode(l.item.json, putCode);
		res = localResult(l, orcid, 'update', reason, { putCode, json, remote });
	}
	if (recovered) {
		res.recoveredPutCode = putCode;
		if (storedPutCode !== null) res.previousPutCode = storedPutCode;
	}
	return res;
}

/** A stored put code ORCID does not show: hidden (public read), or gone and the policy says. */
function resolveGone(l: LState, storedPutCode: number, how: Resolution): SyncDiffResult {
	const { orcid } = how;
	const putCode = storedPutCode;
	if (!how.remoteComplete) {
		// A public read hides private items: the put code may well still be there.
		return sameHash(l)
			? localResult(l, orcid, 'unchanged', 'not-visible', { putCode })
			: localResult(l, orcid, 'update', 'not-visible', {
					putCode,
					json: withPutCode(l.item.json, putCode),
				});
	}
	let res: SyncDiffResult;
	if (l.blockedBy !== null) {
		res = localResult(l, orcid, 'conflict', 'already-claimed');
		res.claimedBy = l.blockedBy;
	} else if (how.policy === 'recreate') {
		res = createResult(l, orcid, 'put-code-gone');
	} else if (how.policy === 'forget') {
		res = localResult(l, orcid, 'unchanged', 'put-code-gone', { action: 'forget' });
	} else {
		res = localResult(l, orcid, 'conflict', 'put-code-gone', { putCode });
	}
	res.previousPutCode = storedPutCode;
	return res;
}

export function resolveLocal(l: LState, how: Resolution): SyncDiffResult {
	const { orcid } = how;
	const storedPutCode = l.item.putCode ?? null;
	if (l.entry !== null) return resolveMatched(l, orcid);
	if (l.gone && storedPutCode !== null) return resolveGone(l, storedPutCode, how);
	if (l.blockedBy !== null) {
		const res = localResult(l, orcid, 'conflict', 'already-claimed');
		res.claimedBy = l.blockedBy;
		return res;
	}
	// A stored hash without a put code: we forgot this item on purpose (the researcher
	// deleted it); it stays forgotten until its content changes.
	if (sameHash(l)) return localResult(l, orcid, 'unchanged', 'forgotten');
	return createResult(l, orcid, 'new');
}

/** The local item of ours that already holds one of `l`'s identifiers in this run, if any. */
function identifierOwner(l: LState, keys: string[], indexes: Indexes): string | undefined {
	const ix = indexes.of(l.item.itemType);
	// ORCID's bulk create counts our works' version-of identifiers as taken too; an update is
	// checked against self identifiers only (ORCID-Source WorkManagerImpl, ActivityValidator)
	const taken = l.result!.output === 'create' ? ix.takenIds : null;
	for (let k = 0; k < keys.length; k++) {
		const w = ix.writeKeys!.get(keys[k]);
		if (w !== undefined && w !== l.item.localKey) return w;
		const b = (taken ?? ix.byId).get(keys[k]);
		if (b === undefined) continue;
		const list = Array.isArray(b) ? b : [b];
		for (const e of list) {
			const c = e.claimer;
			// A Work per Version: a work of ours nobody claims still holds its version-of
			// identifier for ORCID's bulk write (it may even stay: deletes land in any order)
			if (c === null && taken !== null && !e.keys.includes(keys[k]))
				return `put code ${e.r.putCode}`;
			// an item of ours that keeps its identifiers in this run (unchanged, or a held back
			// update)
			if (c !== null && c !== l && c.result!.output !== 'update') return c.item.localKey;
		}
	}
	return undefined;
}

/**
 * ORCID refuses (409) a create or an update whose self/version-of identifiers an item of ours
 * already carries. Writes of one run may land in any order (n8n runs each output's branch on
 * its own), so a write is only let through when its identifiers are free of every item of
 * ours that stays as it is (unchanged) and of every earlier write of the run; otherwise it is
 * a conflict now rather than a failed write (or a duplicate) later.
 */
export function refuseDuplicateWrites(locals: LState[], indexes: Indexes): void {
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
			const ix = indexes.of(l.item.itemType);
			if (ix.writeKeys === null) ix.writeKeys = new Map();
			const owner = identifierOwner(l, keys, indexes);
			if (owner === undefined) {
				for (let k = 0; k < keys.length; k++) ix.writeKeys.set(keys[k], l.item.localKey);
				// identifiers ORCID counts as taken beyond those that match (version-of)
				const taken = indexes.takenKeysOf?.(l.item.itemType, l.item.json) ?? [];
				for (const k of taken) if (!ix.writeKeys.has(k)) ix.writeKeys.set(k, l.item.localKey);
				continue;
			}
			const held = localResult(l, r.orcid, 'conflict', 'duplicate-local-ids', {
				putCode: r.putCode,
				remote: r.remote,
			});
			held.previousPutCode = r.previousPutCode;
			held.recoveredPutCode = r.recoveredPutCode;
			held.claimedBy = owner;
			l.result = held;
		}
	}
}

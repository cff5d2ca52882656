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
 * source, so a local item that matches only another source's item is created unless When
 * Another Source Has the Item says otherwise. The researcher's choices (do-not-send ledger,
 * opt-outs) and the Versions option hold writes back before duplicate writes are refused
 * (engine/policies.ts).
 */
import { refuseDuplicateWrites, resolveLocal, type Resolution } from './engine/resolve';
import {
	indexRemote,
	matchByIdentifiers,
	matchByTitle,
	matchStoredPutCodes,
	newState,
	seekersOf,
} from './engine/match';
import { matchKeysOf } from '../shared/orcid/identity';
import { annotateOtherSources } from './engine/otherSources';
import { foldedResult, foldedVersions, keysOfFor, Policies } from './engine/policies';
import { Indexes, result, type Entry, type LState } from './engine/state';
import type {
	LocalItem,
	ResearcherSide,
	SyncDiffOptions,
	SyncDiffResult,
	SyncOutput,
	SyncReason,
} from './engine/types';

export type {
	ItemType,
	LocalItem,
	MatchedBy,
	PutCodeGonePolicy,
	ResearcherSide,
	SyncAction,
	SyncDiffOptions,
	SyncDiffResult,
	SyncOutput,
	SyncReason,
} from './engine/types';

/** Diff one researcher. Results: local items in input order, then remote-only and deletes. */
export function diffResearcher(side: ResearcherSide, options: SyncDiffOptions): SyncDiffResult[] {
	const keysOf = keysOfFor(options);
	const indexes = new Indexes(keysOf, keysOf === matchKeysOf ? null : matchKeysOf);
	const entries = indexRemote(side.remote, options.clientId, indexes);
	// One Work for the Concept: folded versions stay out of matching; their concept decides
	const folded = foldedVersions(side.local, options);
	const matched = folded.size === 0 ? side.local : side.local.filter((l) => !folded.has(l));
	const locals = matchStoredPutCodes(matched, side.orcid, indexes);
	const seekers = seekersOf(locals);
	matchByIdentifiers(seekers, indexes);
	if (options.matchByTitle) matchByTitle(seekers, entries, indexes);

	// Resolve every local item, hold back what the policies say, then the writes ORCID would
	// refuse.
	const how: Resolution = {
		orcid: side.orcid,
		policy: options.putCodeGone === 'keep' ? 'report' : (options.putCodeGone ?? 'report'),
		remoteComplete: side.remoteComplete !== false,
	};
	const policies = new Policies(side, options);
	const deleting = options.deleteRemovedLocally === true && side.localComplete === true;
	if (deleting) {
		const leaving = entries.filter(
			(e) => e.ours && e.claimer === null && !policies.optedOut(e.r.itemType),
		);
		policies.leave(leaving.map((e) => e.r));
	}
	let writes = 0;
	for (const l of locals) {
		l.result = policies.apply(l, l.result ?? resolveLocal(l, how));
		if (l.result.output === 'create' || l.result.output === 'update') writes++;
	}
	if (writes > 0) refuseDuplicateWrites(locals, indexes);

	// Other sources' items: the local item with the same identifiers, if any.
	annotateOtherSources(entries, locals);
	const results =
		folded.size === 0 ? locals.map((l) => l.result!) : withFolded(side, locals, folded, policies);
	for (const e of entries) {
		if (e.claimer === null) results.push(policies.applyUnclaimed(unclaimed(e, side, deleting)));
	}
	return results;
}

/** Results in input order, folded versions with their concept's. */
function withFolded(
	side: ResearcherSide,
	locals: LState[],
	folded: Map<LocalItem, LocalItem>,
	policies: Policies,
): SyncDiffResult[] {
	const byItem = new Map(locals.map((l) => [l.item, l]));
	return side.local.map((item, pos) => {
		const rep = folded.get(item);
		if (rep === undefined) return byItem.get(item)!.result!;
		const l = newState(item, pos, matchKeysOf);
		// the researcher's choices come first, as for every item
		return policies.apply(l, foldedResult(l, byItem.get(rep)!.result!, side.orcid));
	});
}

/** Our items nobody claims (delete or remote only), and other sources' items (remote only). */
function unclaimed(e: Entry, side: ResearcherSide, deleting: boolean): SyncDiffResult {
	const r = e.r;
	// another source's item is only reported; ours goes when the local set dropped it
	const [output, reason]: [SyncOutput, SyncReason] = !e.ours
		? ['remoteOnly', 'other-source']
		: deleting
			? ['delete', 'removed-locally']
			: ['remoteOnly', 'not-claimed'];
	const res = result({
		output,
		action: output,
		reason,
		orcid: side.orcid,
		localKey: null,
		itemType: r.itemType,
		putCode: r.putCode,
		contentHash: null,
		json: null,
		remote: r.summary,
		matchedBy: null,
		ref: side.ref,
	});
	if (!e.ours) res.matchedLocalKey = e.matchedLocalKey;
	res.sourceClientId = r.sourceClientId;
	return res;
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

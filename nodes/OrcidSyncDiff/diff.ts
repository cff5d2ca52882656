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
import { refuseDuplicateWrites, resolveLocal, type Resolution } from './engine/resolve';
import {
	indexRemote,
	matchByIdentifiers,
	matchByTitle,
	matchStoredPutCodes,
	seekersOf,
} from './engine/match';
import { annotateOtherSources } from './engine/otherSources';
import { Indexes, result, type Entry } from './engine/state';
import type {
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
	const indexes = new Indexes();
	const entries = indexRemote(side.remote, options.clientId, indexes);
	const locals = matchStoredPutCodes(side.local, side.orcid, indexes);
	const seekers = seekersOf(locals);
	matchByIdentifiers(seekers, indexes);
	if (options.matchByTitle) matchByTitle(seekers, entries, indexes);

	// Resolve every local item, then hold back writes ORCID would refuse.
	const how: Resolution = {
		orcid: side.orcid,
		policy: options.putCodeGone ?? 'report',
		remoteComplete: side.remoteComplete !== false,
	};
	let writes = 0;
	const results: SyncDiffResult[] = new Array(locals.length);
	for (const l of locals) {
		if (l.result === null) l.result = resolveLocal(l, how);
		if (l.result.output === 'create' || l.result.output === 'update') writes++;
	}
	if (writes > 0) refuseDuplicateWrites(locals, indexes);
	for (let i = 0; i < locals.length; i++) results[i] = locals[i].result!;

	// Other sources' items: the local item with the same identifiers, if any.
	annotateOtherSources(entries, locals);
	const deleting = options.deleteRemovedLocally === true && side.localComplete === true;
	for (const e of entries) if (e.claimer === null) results.push(unclaimed(e, side, deleting));
	return results;
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

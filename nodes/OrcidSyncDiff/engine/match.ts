/**
 * Matching local items to one researcher's ORCID items, in three passes (stored put code,
 * identifiers, title), each remote item claimed once. No n8n imports.
 */
import { titleKeyOf } from '../../shared/orcid/identity';
import { contentHash } from '../../shared/orcid/model/contentHash';
import type { RemoteItem } from '../remote';
import {
	addTo,
	firstClaimer,
	firstFree,
	localIdKeys,
	localResult,
	type Entry,
	type Indexes,
	type KeysOf,
	type LState,
} from './state';
import type { LocalItem, MatchedBy } from './types';

/** Indexes the ORCID side: by put code (ours and others'), and our items by identifiers. */
export function indexRemote(remote: RemoteItem[], clientId: string, indexes: Indexes): Entry[] {
	const entries: Entry[] = new Array(remote.length);
	for (let i = 0; i < remote.length; i++) {
		const r = remote[i];
		const ours = r.sourceClientId === clientId;
		const keys = indexes.keysOf(r.itemType, r.summary);
		const e: Entry = { r, ours, keys, claimer: null, matchedLocalKey: undefined };
		entries[i] = e;
		const ix = indexes.of(r.itemType);
		const byPutCode = ours ? ix.ours : ix.others;
		if (!byPutCode.has(r.putCode)) byPutCode.set(r.putCode, e);
		if (!ours) continue;
		for (let k = 0; k < keys.length; k++) addTo(ix.byId, keys[k], e);
		if (ix.takenIds !== null) {
			for (const key of indexes.takenKeysOf!(r.itemType, r.summary)) addTo(ix.takenIds, key, e);
		}
	}
	return entries;
}

function claim(l: LState, e: Entry, by: MatchedBy): void {
	e.claimer = l;
	l.entry = e;
	l.matchedBy = by;
}

export function newState(item: LocalItem, pos: number, keysOf: KeysOf): LState {
	return {
		item,
		hash: contentHash(item.json),
		keys: null,
		keysOf,
		entry: null,
		matchedBy: null,
		gone: false,
		result: null,
		blockedBy: null,
		pos,
	};
}

/** Pass 1: duplicate local keys, then stored put codes (they win over any other match). */
export function matchStoredPutCodes(local: LocalItem[], orcid: string, indexes: Indexes): LState[] {
	const locals: LState[] = new Array(local.length);
	for (let i = 0; i < local.length; i++) {
		const l = newState(local[i], i, indexes.keysOf);
		locals[i] = l;
		const ix = indexes.of(l.item.itemType);
		const first = ix.localKeys.get(l.item.localKey);
		const putCode = l.item.putCode ?? null;
		if (first !== undefined) {
			l.result = localResult(l, orcid, 'conflict', 'duplicate-local-key', { putCode });
			l.result.claimedBy = first;
			continue;
		}
		ix.localKeys.set(l.item.localKey, l.item.localKey);
		if (putCode === null) continue;
		const e = ix.ours.get(putCode);
		if (e === undefined) {
			const other = ix.others.get(putCode);
			if (other === undefined) l.gone = true;
			else {
				const remote = other.r.summary;
				l.result = localResult(l, orcid, 'conflict', 'put-code-not-ours', { putCode, remote });
			}
		} else if (e.claimer === null) claim(l, e, 'put-code');
		else {
			const remote = e.r.summary;
			l.result = localResult(l, orcid, 'conflict', 'put-code-claimed', { putCode, remote });
			l.result.claimedBy = e.claimer.item.localKey;
		}
	}
	return locals;
}

/**
 * Items still looking for their ORCID item: first those without a put code (a create that
 * ORCID accepted but whose put code was never stored looks just like this), then those whose
 * put code is gone (the researcher deleted that item; a match is most likely someone else's).
 * A forgotten item (no put code, stored hash = current hash) looks for nothing.
 */
export function seekersOf(locals: LState[]): LState[] {
	const seekers: LState[] = [];
	for (let i = 0; i < locals.length; i++) {
		const l = locals[i];
		if (l.result !== null || l.entry !== null || l.gone) continue;
		const stored = l.item.contentHash ?? null;
		if (stored !== null && stored === l.hash) continue;
		seekers.push(l);
	}
	for (let i = 0; i < locals.length; i++) if (locals[i].gone) seekers.push(locals[i]);
	return seekers;
}

/** Pass 2: identifiers, against our unclaimed items. */
export function matchByIdentifiers(seekers: LState[], indexes: Indexes): void {
	for (let i = 0; i < seekers.length; i++) {
		const l = seekers[i];
		const keys = localIdKeys(l);
		if (keys.length === 0) continue;
		const byId = indexes.of(l.item.itemType).byId;
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
}

/**
 * Pass 3: title + subtype + year, against our unclaimed items, and only when the two do not
 * both carry identifiers (then they are different items).
 */
export function matchByTitle(seekers: LState[], entries: Entry[], indexes: Indexes): void {
	for (let i = 0; i < seekers.length; i++) {
		const l = seekers[i];
		if (l.entry !== null || l.blockedBy !== null) continue;
		const tk = titleKeyOf(l.item.itemType, l.item.json);
		if (tk === null) continue;
		const ix = indexes.of(l.item.itemType);
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

/**
 * Other sources' items are only reported (ORCID's duplicate rule is per source), but each
 * names the local item with the same identifiers, if any. No n8n imports.
 */
import { localIdKeys, type Entry, type LState } from './state';
import type { ItemType } from './types';

/** Sets `matchedLocalKey` on other sources' items, indexing the smaller of the two sides. */
export function annotateOtherSources(entries: Entry[], locals: LState[]): void {
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

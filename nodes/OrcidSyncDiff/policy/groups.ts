/**
 * ORCID's groups of one item type on a record, across every source: two items are in one
 * group when they share a groupable identifier, and groups that an item bridges merge. An
 * identifier is groupable unless its relationship is part-of or funded-by or its value is
 * empty; version-of counts, so the versions of a concept group with it (ORCID-Source:
 * orcid-core/.../utils/v3/activities/ActivitiesGroupGenerator.java and ActivitiesGroup.java;
 * orcid-model ExternalID.isGroupAble). The record page and /works show one group as one entry:
 * a policy that asks "does another source have this item?" asks it of the group.
 * Pure: no n8n imports, no I/O.
 */
import { externalIdKey, externalIdList } from '../../shared/orcid/model/externalIds';

/** One item on ORCID as grouping sees it. */
export interface GroupMember {
	putCode: number;
	/** The source's client id; null when a person (usually the researcher) is the source. */
	sourceClientId: string | null;
	/** Groupable identifier keys (`groupKeysOf`). */
	keys: string[];
}

/** Normalised keys of the identifiers ORCID groups by: every relationship but part-of and funded-by. */
export function groupKeysOf(container: unknown): string[] {
	const keys: string[] = [];
	for (const id of externalIdList(container)) {
		if (!id || typeof id !== 'object') continue;
		const rel = String(id['external-id-relationship'] ?? '')
			.trim()
			.toLowerCase()
			.replace(/_/g, '-');
		if (rel === 'part-of' || rel === 'funded-by') continue;
		const key = externalIdKey(id['external-id-type'], id['external-id-value']);
		if (key !== null && !keys.includes(key)) keys.push(key);
	}
	return keys;
}

/** Union-find over one item type's members; linear in the number of identifiers. */
export class OrcidGroups {
	private readonly parent: number[];
	private readonly byKey = new Map<string, number>();
	private byRoot: Map<number, GroupMember[]> | null = null;

	constructor(private readonly members: GroupMember[]) {
		this.parent = members.map((_, i) => i);
		members.forEach((m, i) => {
			for (const k of m.keys) {
				const first = this.byKey.get(k);
				if (first === undefined) this.byKey.set(k, i);
				else this.union(first, i);
			}
		});
	}

	private find(i: number): number {
		let r = i;
		while (this.parent[r] !== r) r = this.parent[r];
		while (this.parent[i] !== r) {
			const next = this.parent[i];
			this.parent[i] = r;
			i = next;
		}
		return r;
	}

	private union(a: number, b: number): void {
		const ra = this.find(a);
		const rb = this.find(b);
		if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
	}

	/**
	 * Every member of the groups an item with these keys would join (all of them: ORCID merges
	 * the groups an item bridges), each group's members in the order they were given.
	 */
	groupOf(keys: readonly string[]): GroupMember[] {
		const roots = new Set<number>();
		for (const k of keys) {
			const i = this.byKey.get(k);
			if (i !== undefined) roots.add(this.find(i));
		}
		if (roots.size === 0) return [];
		if (this.byRoot === null) {
			this.byRoot = new Map();
			for (let i = 0; i < this.members.length; i++) {
				const r = this.find(i);
				const list = this.byRoot.get(r);
				if (list === undefined) this.byRoot.set(r, [this.members[i]]);
				else list.push(this.members[i]);
			}
		}
		if (roots.size === 1) return this.byRoot.get([...roots][0]) ?? [];
		const out: GroupMember[] = [];
		for (const r of [...roots].sort((a, b) => a - b)) out.push(...(this.byRoot.get(r) ?? []));
		return out;
	}
}

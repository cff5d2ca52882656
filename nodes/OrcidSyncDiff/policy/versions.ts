/**
 * Versions: a repository that mints a concept DOI and a DOI per version (Zenodo, Dataverse)
 * sends each version with `self` = the version's DOI and `version-of` = the concept's DOI.
 * ORCID groups by version-of as by self (groups.ts), but refuses a duplicate only when two
 * `self` identifiers of one source are equal (ORCID-Source: orcid-core/.../manager/v3/
 * validator/ActivityValidator.java checkExternalIdentifiersForDuplicates; version-of needs a
 * self identifier beside it: ExternalIDValidator.java). Two choices:
 * - `concept` (One Work for the Concept): the concept and its versions are one work on ORCID.
 *   The local concept item stands for them; without one, the version that has a put code, else
 *   the first. A version whose ORCID work is the concept's (its self identifiers name the
 *   concept, not the version) stays as it is.
 * - `perVersion` (A Work per Version, Grouped): every version is its own work, matched by its
 *   self identifiers only; ORCID shows them as one group through version-of.
 * Pure: no n8n imports, no I/O.
 */
import { externalIdKey, externalIdList } from '../../shared/orcid/model/externalIds';

export type VersionsPolicy = 'concept' | 'perVersion';

export const VERSIONS_POLICIES: readonly VersionsPolicy[] = ['concept', 'perVersion'];

function relationshipOf(id: Record<string, unknown>): string {
	return String(id['external-id-relationship'] ?? '')
		.trim()
		.toLowerCase()
		.replace(/_/g, '-');
}

function keysWith(container: unknown, rel: string): string[] {
	const keys: string[] = [];
	for (const id of externalIdList(container)) {
		if (!id || typeof id !== 'object' || relationshipOf(id) !== rel) continue;
		const key = externalIdKey(id['external-id-type'], id['external-id-value']);
		if (key !== null && !keys.includes(key)) keys.push(key);
	}
	return keys;
}

/** Normalised keys of the `self` identifiers. */
export function selfKeysOf(container: unknown): string[] {
	return keysWith(container, 'self');
}

/** Normalised keys of the `version-of` identifiers: the concepts this item is a version of. */
export function conceptKeysOf(container: unknown): string[] {
	return keysWith(container, 'version-of');
}

/** What folding needs of a local work. */
export interface VersionedItem {
	selfKeys: string[];
	conceptKeys: string[];
	/** Something is stored for it (put code or hash): it stood for its concept before. */
	hasPutCode: boolean;
}

/**
 * One Work for the Concept, on the local side: for each local work that another stands for,
 * the index of that representative. Works are linked through a concept: a version (it has
 * version-of identifiers) links to every work whose self identifiers or version-of identifiers
 * name the same concept. A set of linked works with no version in it is left alone (plain
 * duplicates are the engine's business). Representative: a work that is not a version (the
 * concept itself), else a version that has a put code, else the first; always the earliest
 * such in input order. Only versions fold.
 */
export function foldVersions(items: readonly VersionedItem[]): Map<number, number> {
	const parent = items.map((_, i) => i);
	const find = (i: number): number => {
		while (parent[i] !== i) i = parent[i] = parent[parent[i]];
		return i;
	};
	const link = (a: number, b: number) => {
		const ra = find(a);
		const rb = find(b);
		if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
	};
	const byConcept = new Map<string, number>();
	const note = (key: string, i: number) => {
		const first = byConcept.get(key);
		if (first === undefined) byConcept.set(key, i);
		else link(first, i);
	};
	// concepts named by versions; only these keys link anything
	const concepts = new Set<string>();
	for (const it of items) for (const c of it.conceptKeys) concepts.add(c);
	if (concepts.size === 0) return new Map();
	items.forEach((it, i) => {
		for (const c of it.conceptKeys) note(c, i);
		for (const s of it.selfKeys) if (concepts.has(s)) note(s, i);
	});
	const members = new Map<number, number[]>();
	items.forEach((_, i) => {
		const r = find(i);
		const list = members.get(r);
		if (list === undefined) members.set(r, [i]);
		else list.push(i);
	});
	const folded = new Map<number, number>();
	for (const list of members.values()) {
		if (list.length < 2 || !list.some((i) => items[i].conceptKeys.length > 0)) continue;
		const rep =
			list.find((i) => items[i].conceptKeys.length === 0) ??
			list.find((i) => items[i].hasPutCode) ??
			list[0];
		// only versions fold: two concept items with one DOI stay the engine's duplicate
		for (const i of list) if (i !== rep && items[i].conceptKeys.length > 0) folded.set(i, rep);
	}
	return folded;
}

/**
 * Whether an ORCID work stands for the concept of a local version rather than for the version
 * itself: its self identifiers name one of the version's concepts and none of the version's
 * own self identifiers.
 */
export function standsForConcept(
	version: VersionedItem,
	remoteSelfKeys: readonly string[],
): boolean {
	if (version.conceptKeys.length === 0) return false;
	if (version.selfKeys.some((k) => remoteSelfKeys.includes(k))) return false;
	return version.conceptKeys.some((k) => remoteSelfKeys.includes(k));
}

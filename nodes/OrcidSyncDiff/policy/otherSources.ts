/**
 * When Another Source Has the Item: whether a new item of ours is written when the record
 * already shows the same item (one ORCID group, see groups.ts) from another source. ORCID
 * refuses duplicates per source only (409 needs the same source), so writing ours is allowed;
 * whether it is wanted is the vendor's choice (MyCoRe's createOwn / createOwnDuplicate).
 * Pure: no n8n imports, no I/O.
 */
import type { GroupMember } from './groups';

export type OtherSourcePolicy = 'createOurs' | 'skipIfAny' | 'skipIfTrusted';

export const OTHER_SOURCE_POLICIES: readonly OtherSourcePolicy[] = [
	'createOurs',
	'skipIfAny',
	'skipIfTrusted',
];

/** The word in a trusted-sources list that stands for the researcher's own items. */
export const RESEARCHER_SOURCE = 'researcher';

const CLIENT_ID = /^(?:APP-[0-9A-Z]{16}|[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])$/i;

export class TrustedSourcesError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TrustedSourcesError';
	}
}

/**
 * The Trusted Sources option: client ids (APP-... or a legacy iD-shaped client id) and
 * `researcher`, as a list or as text separated by commas, spaces or new lines; in order.
 */
export function parseTrustedSources(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const parts = Array.isArray(value)
		? value.map((v) => String(v))
		: typeof value === 'string'
			? value.split(/[\s,;]+/)
			: null;
	if (parts === null) {
		throw new TrustedSourcesError(`must be a list of client ids, got ${typeof value}`);
	}
	const out: string[] = [];
	for (const raw of parts) {
		const p = raw.trim();
		if (p === '') continue;
		const id = p.toLowerCase() === RESEARCHER_SOURCE ? RESEARCHER_SOURCE : p.toUpperCase();
		if (id !== RESEARCHER_SOURCE && !CLIENT_ID.test(id)) {
			throw new TrustedSourcesError(
				`"${p}" is not a client id (APP-XXXXXXXXXXXXXXXX) nor "${RESEARCHER_SOURCE}"`,
			);
		}
		if (!out.includes(id)) out.push(id);
	}
	return out;
}

export interface HeldBy {
	putCode: number;
	/** null: the researcher's own item (or another person's). */
	sourceClientId: string | null;
}

/**
 * The other source's item that holds a new item of ours back, or null to write ours. `group`
 * is every ORCID item in the group the new item would join (groups.ts), ours included.
 * Several candidates: the first trusted source in list order, then the lowest put code.
 */
export function heldByOtherSource(
	group: readonly GroupMember[],
	policy: OtherSourcePolicy,
	trusted: readonly string[],
	ourClientId: string,
): HeldBy | null {
	if (policy === 'createOurs' || group.length === 0) return null;
	let best: GroupMember | null = null;
	let bestRank = Infinity;
	for (const m of group) {
		if (m.sourceClientId === ourClientId) continue;
		let rank = 0;
		if (policy === 'skipIfTrusted') {
			rank = trusted.indexOf(m.sourceClientId === null ? RESEARCHER_SOURCE : m.sourceClientId);
			if (rank < 0) continue;
		}
		if (best === null || rank < bestRank || (rank === bestRank && m.putCode < best.putCode)) {
			best = m;
			bestRank = rank;
		}
	}
	return best === null ? null : { putCode: best.putCode, sourceClientId: best.sourceClientId };
}

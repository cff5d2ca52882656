/**
 * A researcher's choices that a sync must keep: the do-not-send ledger (an item the
 * researcher deleted from their record is never written again until a staff member clears
 * it) and opt-outs per item type ("don't send my peer reviews"). Pure: no n8n imports, no I/O.
 */
import { ITEM_TYPES, type ItemType } from '../../shared/orcid/model/itemTypes';

/**
 * The ledger state stored with an item's put code: `active` (sync it) or `researcher-deleted`
 * (the researcher deleted our item: do not send it again).
 */
export type LedgerState = 'active' | 'researcher-deleted';

export const LEDGER_STATES: readonly LedgerState[] = ['active', 'researcher-deleted'];

export class ChoiceError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ChoiceError';
	}
}

/** Empty means active (rows written before the ledger existed); anything unknown is an error. */
export function parseLedgerState(value: unknown): LedgerState {
	if (value === undefined || value === null) return 'active';
	if (typeof value !== 'string') {
		throw new ChoiceError(`must be "active" or "researcher-deleted", got ${typeof value}`);
	}
	const s = value
		.trim()
		.toLowerCase()
		.replace(/[_\s]+/g, '-');
	if (s === '' || s === 'active') return 'active';
	if (s === 'researcher-deleted') return 'researcher-deleted';
	throw new ChoiceError(`must be "active" or "researcher-deleted", got "${value.trim()}"`);
}

const TYPE_SET: ReadonlySet<string> = new Set(ITEM_TYPES);

/** `Peer Reviews`, `peer_review`, `peerReview` -> `peer-review`; null if not an item type. */
export function itemTypeName(value: string): ItemType | null {
	let s = value
		.trim()
		.replace(/([a-z])([A-Z])/g, '$1-$2')
		.replace(/[_\s]+/g, '-')
		.toLowerCase();
	if (TYPE_SET.has(s)) return s as ItemType;
	if (s.endsWith('s')) s = s.slice(0, -1);
	return TYPE_SET.has(s) ? (s as ItemType) : null;
}

/**
 * The item types a researcher opted out of: a list (e.g. the `item_type` column of
 * orcid_opt_outs aggregated) or text separated by commas. An unknown name is an error, never
 * ignored: ignoring it would send what the researcher refused.
 */
export function parseOptOuts(value: unknown): Set<ItemType> {
	const out = new Set<ItemType>();
	if (value === undefined || value === null || value === '') return out;
	const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
	if (names === null) throw new ChoiceError(`must be a list of item types, got ${typeof value}`);
	for (const name of names) {
		if (name === null || name === undefined) continue;
		if (typeof name !== 'string')
			throw new ChoiceError(`must be item type names, got ${typeof name}`);
		if (name.trim() === '') continue;
		const t = itemTypeName(name);
		if (t === null) {
			throw new ChoiceError(`unknown item type "${name.trim()}" (use ${ITEM_TYPES.join(', ')})`);
		}
		out.add(t);
	}
	return out;
}

/** What the engine decided for a local item, before the researcher's choices. */
export interface Tentative {
	output: string;
	reason: string;
}

export interface Held {
	output: 'unchanged';
	/** `do-not-send`: record `researcher-deleted` in the ledger now; else nothing to store. */
	action: 'unchanged' | 'do-not-send';
	reason: 'researcher-deleted' | 'researcher-opted-out';
}

/**
 * The researcher's choices over the engine's decision for one local item: null to keep it.
 * - ledger `researcher-deleted`: whatever the engine found, nothing is sent;
 * - the item type is opted out: nothing is sent;
 * - the put code is gone now (the engine reports it) and the policy keeps deletions: the item
 *   goes to Unchanged with action `do-not-send`, to be written into the ledger.
 */
export function heldByChoice(
	t: Tentative,
	ledger: LedgerState,
	optedOut: boolean,
	keepDeletions: boolean,
): Held | null {
	if (ledger === 'researcher-deleted') {
		return { output: 'unchanged', action: 'unchanged', reason: 'researcher-deleted' };
	}
	if (optedOut) return { output: 'unchanged', action: 'unchanged', reason: 'researcher-opted-out' };
	if (keepDeletions && t.output === 'conflict' && t.reason === 'put-code-gone') {
		return { output: 'unchanged', action: 'do-not-send', reason: 'researcher-deleted' };
	}
	return null;
}

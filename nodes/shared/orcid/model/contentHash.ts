/**
 * A stable hash of the ORCID JSON we would send, so that a sync run can tell "nothing changed
 * since we last wrote it" without reading the item back.
 *
 * Canonical form: object keys sorted, fields ORCID sets or that we cannot write dropped
 * (put-code, path, source, created/last-modified dates, visibility, display-index at the
 * item's root; external-id-normalized(-error) anywhere), null members and members that are
 * empty after that dropped. Array order is kept (contributor order is content).
 */
import { createHash, hash as oneShotHash } from 'crypto';

/** Read-only fields at the item's root. */
export const READ_ONLY_ROOT_FIELDS: ReadonlySet<string> = new Set([
	'put-code',
	'path',
	'source',
	'created-date',
	'last-modified-date',
	'visibility',
	'display-index',
]);

/** Read-only fields wherever they appear (ORCID adds them to external identifiers on read). */
export const READ_ONLY_NESTED_FIELDS: ReadonlySet<string> = new Set([
	'external-id-normalized',
	'external-id-normalized-error',
]);

const EMPTY = '';

// Items share few key names: quote each once (bounded, so odd data cannot grow it forever).
const quotedKeys = new Map<string, string>();
function quote(key: string): string {
	let q = quotedKeys.get(key);
	if (q === undefined) {
		q = JSON.stringify(key);
		if (quotedKeys.size < 10_000) quotedKeys.set(key, q);
	}
	return q;
}

function serialize(value: unknown, root: boolean): string {
	if (value === null || value === undefined) return EMPTY;
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value);
		case 'number':
			return Number.isFinite(value) ? String(value) : 'null';
		case 'boolean':
			return value ? 'true' : 'false';
		case 'bigint':
			return value.toString();
		case 'object':
			break;
		default:
			return EMPTY;
	}
	if (Array.isArray(value)) {
		if (value.length === 0) return EMPTY;
		let out = '[';
		for (let i = 0; i < value.length; i++) {
			const s = serialize(value[i], false);
			out += (i === 0 ? '' : ',') + (s === EMPTY ? 'null' : s);
		}
		return out + ']';
	}
	const obj = value as Record<string, unknown>;
	const keys = Object.keys(obj);
	if (keys.length > 1) keys.sort();
	let out = '';
	for (let i = 0; i < keys.length; i++) {
		const k = keys[i];
		if (READ_ONLY_NESTED_FIELDS.has(k) || (root && READ_ONLY_ROOT_FIELDS.has(k))) continue;
		const s = serialize(obj[k], false);
		if (s === EMPTY) continue;
		out += (out === '' ? '{' : ',') + quote(k) + ':' + s;
	}
	return out === '' ? EMPTY : out + '}';
}

/** The canonical JSON text of an item (an empty item gives `{}`). */
export function canonicalJson(json: unknown): string {
	const s = serialize(json, true);
	return s === EMPTY ? '{}' : s;
}

/** sha256 (hex) of the canonical JSON of the item we would send. */
export function contentHash(json: unknown): string {
	const text = canonicalJson(json);
	// crypto.hash (Node >= 20.12) skips a Hash object per item
	return typeof oneShotHash === 'function'
		? oneShotHash('sha256', text, 'hex')
		: createHash('sha256').update(text).digest('hex');
}

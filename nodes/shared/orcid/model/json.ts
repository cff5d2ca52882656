/** Small helpers for walking ORCID JSON, which wraps many strings as {"value": ...}. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field that ORCID may wrap as {"value": "..."}; null when absent or empty. */
export function text(value: unknown): string | null {
	if (isObject(value)) return text(value.value);
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

export function get(value: unknown, ...path: string[]): unknown {
	let cur = value;
	for (const key of path) {
		if (!isObject(cur)) return undefined;
		cur = cur[key];
	}
	return cur;
}

export function asArray(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (value === undefined || value === null) return [];
	return [value];
}

/** Trimmed string, or undefined when not a string or blank. */
export function clean(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/** Drops keys whose value is undefined, so built JSON holds only what was given. */
export function compact<T extends JsonObject>(obj: T): T {
	for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
	return obj;
}

export function wrap(value: string | undefined): { value: string } | undefined {
	return value === undefined ? undefined : { value };
}

/** Arrays and objects that JSON writes as their own entries (no class, no other prototype). */
export function isPlainContainer(value: object): boolean {
	const proto = Object.getPrototypeOf(value) as unknown;
	return Array.isArray(value)
		? proto === Array.prototype
		: proto === Object.prototype || proto === null;
}

/**
 * Whether JSON would give `value` back as it is: plain objects and arrays of strings, finite
 * numbers, booleans and null; no undefined, function, Date or other class, hole or cycle.
 */
export function isPlainJson(value: unknown, open: Set<object> = new Set()): boolean {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
	if (typeof value !== 'object' || open.has(value) || !isPlainContainer(value)) return false;
	open.add(value);
	let plain = true;
	if (Array.isArray(value)) {
		for (let i = 0; plain && i < value.length; i++) {
			plain = i in value && isPlainJson(value[i], open);
		}
	} else {
		for (const key of Object.keys(value)) {
			if (!isPlainJson((value as JsonObject)[key], open)) {
				plain = false;
				break;
			}
		}
	}
	open.delete(value);
	return plain;
}

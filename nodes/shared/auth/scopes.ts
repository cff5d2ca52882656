/**
 * Scope presets for three-legged OAuth, following ORCID's scope rules:
 * `openid` replaces `/authenticate` (never both); public API clients get only
 * `/authenticate` or `openid`; member scopes are `/read-limited`, `/activities/update`,
 * `/person/update`.
 */

export type ScopePreset = 'authenticate' | 'readLimited' | 'activitiesUpdate' | 'personUpdate';

export const SCOPE_PRESETS: Record<ScopePreset, readonly string[]> = {
	authenticate: ['/authenticate'],
	readLimited: ['/read-limited'],
	activitiesUpdate: ['/read-limited', '/activities/update'],
	personUpdate: ['/read-limited', '/activities/update', '/person/update'],
};

/** Three-legged scopes ORCID grants to a researcher's token. */
export const THREE_LEGGED_SCOPES = [
	'/authenticate',
	'openid',
	'/read-limited',
	'/activities/update',
	'/person/update',
] as const;

const PUBLIC_API_SCOPES = new Set(['/authenticate', 'openid']);
const MEMBER_ONLY_SCOPES = new Set(['/read-limited', '/activities/update', '/person/update']);

export class ScopeError extends Error {}

export function isScopePreset(value: unknown): value is ScopePreset {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SCOPE_PRESETS, value);
}

/** Splits a space- or comma-separated scope string (or an array) into unique scopes. */
export function parseScopes(value: unknown): string[] {
	const raw = Array.isArray(value)
		? value.map((v) => String(v))
		: typeof value === 'string'
			? value.split(/[\s,]+/)
			: [];
	const out: string[] = [];
	for (const s of raw.map((v) => v.trim()).filter(Boolean)) {
		if (!out.includes(s)) out.push(s);
	}
	return out;
}

/**
 * The scopes to request for a preset. With `openid`, `openid` takes the place of
 * `/authenticate` (and is added to member presets for an id_token).
 */
export function scopesForPreset(
	preset: ScopePreset,
	options: { openid?: boolean; apiType?: 'member' | 'public' } = {},
): string[] {
	if (!isScopePreset(preset)) throw new ScopeError(`Unknown scope preset "${String(preset)}"`);
	let scopes = [...SCOPE_PRESETS[preset]];
	if (options.openid) {
		scopes = scopes.filter((s) => s !== '/authenticate');
		scopes.unshift('openid');
	}
	validateScopes(scopes, options.apiType ?? 'member');
	return scopes;
}

/** Throws a ScopeError when the combination breaks ORCID's rules. */
export function validateScopes(scopes: string[], apiType: 'member' | 'public'): void {
	if (scopes.length === 0) throw new ScopeError('No scope given');
	for (const s of scopes) {
		if (!(THREE_LEGGED_SCOPES as readonly string[]).includes(s)) {
			throw new ScopeError(`"${s}" is not a scope a researcher can grant`);
		}
	}
	if (scopes.includes('openid') && scopes.includes('/authenticate')) {
		throw new ScopeError(
			'Ask for "openid" or "/authenticate", not both (openid includes /authenticate)',
		);
	}
	if (apiType === 'public') {
		const bad = scopes.filter((s) => !PUBLIC_API_SCOPES.has(s));
		if (bad.length) {
			throw new ScopeError(
				`Public API clients can only ask for /authenticate or openid, not ${bad.join(', ')}; use a member API credential`,
			);
		}
	}
}

/** The space-separated form ORCID's authorize URL and token endpoint take. */
export function scopeString(scopes: string[]): string {
	return scopes.join(' ');
}

/** Whether `granted` includes `wanted`, honouring ORCID's inheritance. */
export function scopeCovers(granted: string[], wanted: string): boolean {
	if (granted.includes(wanted)) return true;
	if (wanted === '/authenticate')
		return granted.includes('openid') || granted.some((g) => MEMBER_ONLY_SCOPES.has(g));
	if (wanted === '/read-public') {
		return granted.some(
			(g) => g === '/authenticate' || g === 'openid' || MEMBER_ONLY_SCOPES.has(g),
		);
	}
	return false;
}

/**
 * Checks a narrower scope asked for on refresh: every scope must be covered by what the
 * researcher granted.
 */
export function checkNarrowerScopes(granted: string[], asked: string[]): void {
	const missing = asked.filter((s) => !scopeCovers(granted, s));
	if (missing.length) {
		throw new ScopeError(
			`The token was granted ${granted.join(' ') || '(no scope)'}; it cannot be refreshed to ${missing.join(' ')}`,
		);
	}
}

/** What the researcher allows, per scope, as keys into the page strings. */
export type ScopeExplanationKey =
	| 'scopeAuthenticate'
	| 'scopeReadLimited'
	| 'scopeActivitiesUpdate'
	| 'scopePersonUpdate';

export function scopeExplanationKeys(scopes: string[]): ScopeExplanationKey[] {
	const keys: ScopeExplanationKey[] = ['scopeAuthenticate'];
	if (scopes.includes('/read-limited')) keys.push('scopeReadLimited');
	if (scopes.includes('/activities/update')) keys.push('scopeActivitiesUpdate');
	if (scopes.includes('/person/update')) keys.push('scopePersonUpdate');
	return keys;
}

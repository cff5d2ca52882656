/**
 * ORCID's authorize URL (`<oauth host>/oauth/authorize` with client_id, response_type=code,
 * scope, redirect_uri, state; OpenID Connect Core 1.0 §3.1.2.1) and the sign-in prefill a start link may carry.
 * No n8n imports.
 */
import { isValidOrcidId, parseOrcidId } from '../orcid/orcidId';
import type { OrcidEnvironment } from '../orcid/environments';
import { orcidUiLanguage } from '../orcid/languages';

export interface Prefill {
	givenNames?: string;
	familyNames?: string;
	email?: string;
	orcid?: string;
}

export interface AuthorizeUrlOptions {
	environment: OrcidEnvironment;
	clientId: string;
	scopes: string[];
	redirectUri: string;
	state: string;
	/** OpenID nonce, echoed in the id_token */
	nonce?: string;
	/** any language tag; passed on only when ORCID has that UI language */
	lang?: string;
	prefill?: Prefill;
}

// ORCID documents %20 between scopes (URLSearchParams would write '+')
function q(name: string, value: string): string {
	return `${name}=${encodeURIComponent(value)}`;
}

export function buildAuthorizeUrl(o: AuthorizeUrlOptions): string {
	const parts = [
		q('client_id', o.clientId),
		q('response_type', 'code'),
		q('scope', o.scopes.join(' ')),
		q('redirect_uri', o.redirectUri),
		q('state', o.state),
	];
	if (o.nonce) parts.push(q('nonce', o.nonce));
	const lang = orcidUiLanguage(o.lang);
	if (lang) parts.push(q('lang', lang));
	const p = o.prefill ?? {};
	if (p.orcid) {
		// ORCID: when the iD is known, send only the iD
		parts.push(q('orcid', p.orcid));
	} else {
		if (p.givenNames) parts.push(q('given_names', p.givenNames));
		if (p.familyNames) parts.push(q('family_names', p.familyNames));
		if (p.email) parts.push(q('email', p.email));
	}
	return `${o.environment.oauthBaseUrl}/oauth/authorize?${parts.join('&')}`;
}

function cleanText(value: unknown, max: number): string | undefined {
	if (typeof value !== 'string') return undefined;
	// control characters never belong in a name
	const visible = Array.from(value, (ch) => {
		const c = ch.charCodeAt(0);
		return c < 0x20 || c === 0x7f ? ' ' : ch;
	}).join('');
	const text = visible.replace(/\s+/g, ' ').trim();
	if (text === '' || text.length > max) return undefined;
	return text;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Prefill from a start link's query (given_names, family_names, email, orcid). Anything
 * unusable is dropped rather than refused: prefill only saves the researcher some typing.
 */
export function prefillFromQuery(query: Record<string, unknown>): Prefill {
	const prefill: Prefill = {};
	const givenNames = cleanText(query.given_names, 150);
	const familyNames = cleanText(query.family_names, 150);
	const email = cleanText(query.email, 254);
	if (givenNames) prefill.givenNames = givenNames;
	if (familyNames) prefill.familyNames = familyNames;
	if (email && EMAIL.test(email)) prefill.email = email;
	if (isValidOrcidId(query.orcid)) prefill.orcid = parseOrcidId(query.orcid);
	return prefill;
}

/** Query parameters for a start link carrying this prefill (the inverse of prefillFromQuery). */
export function prefillToQuery(prefill: Prefill): Record<string, string> {
	const out: Record<string, string> = {};
	if (prefill.givenNames) out.given_names = prefill.givenNames;
	if (prefill.familyNames) out.family_names = prefill.familyNames;
	if (prefill.email) out.email = prefill.email;
	if (prefill.orcid) out.orcid = prefill.orcid;
	return out;
}

/** True for https URLs and for http on loopback (127.0.0.0/8, ::1, localhost). */
export function isHttpsOrLoopback(url: string | undefined): boolean {
	if (!url) return false;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.protocol === 'https:') return true;
	if (parsed.protocol !== 'http:') return false;
	const host = parsed.hostname.replace(/^\[|\]$/g, '');
	return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

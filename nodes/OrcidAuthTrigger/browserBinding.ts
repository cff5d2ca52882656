/**
 * Binds a sign-in to the browser that started it (RFC 6749 §10.12; OAuth 2.0 Security BCP,
 * RFC 9700 §4.7): `start` sets a random cookie and signs its hash into the state; `callback`
 * accepts the state only from a browser that still holds that cookie, and marks it used after
 * a successful exchange, so the state serves one connection only. Nothing is stored server-side.
 *
 * One cookie per sign-in (its name comes from the state's nonce), so two tabs that each started
 * a sign-in both work. HttpOnly; SameSite=Lax, so it travels on ORCID's top-level redirect back;
 * scoped to this trigger's webhook path; Secure when the webhook URL is https.
 */
import { randomBytes } from 'crypto';

import { sameText, sha256 } from '../shared/auth/signing';

const COOKIE_PREFIX = 'orcid_signin_';
/** The value a used sign-in's cookie keeps until it expires (tells "used" from "other browser"). */
const USED = 'used';

export type BindingCheck = 'ok' | 'cookie_missing' | 'cookie_different' | 'already_used';

export interface BrowserBinding {
	/** the Set-Cookie header for the start response */
	setCookie: string;
	/** what the state carries */
	hash: string;
}

/** The cookie's name for a sign-in (from the state's nonce; no secret in it). */
export function bindingCookieName(nonce: string): string {
	return `${COOKIE_PREFIX}${sha256(nonce).slice(0, 16)}`;
}

function attributes(webhookUrl: string, maxAgeSeconds: number): string {
	const url = new URL(webhookUrl);
	// the trigger's folder: /webhook/<id>/ covers start, callback and the result page
	const path = url.pathname.replace(/[^/]*$/, '');
	const secure = url.protocol === 'https:' ? '; Secure' : '';
	return `Path=${path}; Max-Age=${Math.max(0, Math.round(maxAgeSeconds))}; HttpOnly; SameSite=Lax${secure}`;
}

export function newBrowserBinding(
	nonce: string,
	webhookUrl: string,
	lifetimeSeconds: number,
): BrowserBinding {
	const value = randomBytes(32).toString('base64url');
	return {
		setCookie: `${bindingCookieName(nonce)}=${value}; ${attributes(webhookUrl, lifetimeSeconds)}`,
		hash: sha256(value),
	};
}

/** After a successful exchange: the cookie says "used" until the state would have expired. */
export function usedBindingCookie(nonce: string, webhookUrl: string, untilSeconds: number): string {
	return `${bindingCookieName(nonce)}=${USED}; ${attributes(webhookUrl, untilSeconds)}`;
}

/** The request's cookies by name (the first of repeated names; malformed pairs skipped). */
export function parseCookies(header: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	const text = Array.isArray(header) ? header.join('; ') : header;
	if (typeof text !== 'string') return out;
	for (const pair of text.split(';')) {
		const at = pair.indexOf('=');
		if (at <= 0) continue;
		const name = pair.slice(0, at).trim();
		if (name && !(name in out)) out[name] = pair.slice(at + 1).trim();
	}
	return out;
}

export function checkBinding(
	cookies: Record<string, string>,
	nonce: string,
	expectedHash: string,
): BindingCheck {
	const value = cookies[bindingCookieName(nonce)];
	if (value === undefined || value === '') return 'cookie_missing';
	if (value === USED) return 'already_used';
	return sameText(sha256(value), expectedHash) ? 'ok' : 'cookie_different';
}

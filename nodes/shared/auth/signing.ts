/**
 * Stateless signed tokens for personal start links, the OAuth `state` and the result page
 * the callback redirects to (RFC 6749 §10.12: the state is bound to the trigger and to the
 * browser that started the sign-in).
 *
 * Format: base64url(JSON payload) + '.' + base64url(HMAC-SHA256(purpose + '.' + payload)).
 * The purpose is part of the MAC so a start link can never be replayed as a state (or the
 * other way round). Nothing is stored server-side: n8n's workflow static data is no safe
 * store for this (it is saved only with an execution, and queue-mode processes do not share
 * it), so everything the callback must trust travels signed.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

export type SignedPurpose = 'start-link' | 'state' | 'result' | 'manage-link' | 'manage-form';

/** Why a signed token was refused ('other_trigger': signed for another trigger). */
export type SignedTokenProblem =
	| 'malformed'
	| 'signature'
	| 'expired'
	| 'not_yet_valid'
	| 'other_trigger';

export interface StartLinkPayload {
	/** the vendor's own user key */
	ref: string;
	/** the trigger the link was made for (triggerId of its start URL) */
	trg: string;
	/** issued at, unix seconds */
	iat: number;
	/** expires at, unix seconds */
	exp: number;
}

export interface StatePayload {
	ref: string;
	/** random, also sent to ORCID as the OpenID nonce */
	nonce: string;
	iat: number;
	exp: number;
	/** the trigger whose callback accepts it (triggerId) */
	trg?: string;
	/** hash of the browser-binding cookie set by `start` (absent for permission states) */
	bh?: string;
	/** page language chosen at start, so the callback answers in the same language */
	lang?: string;
	/** bound iD: the state only accepts a token for this iD (inbox permission notifications) */
	orcid?: string;
	/** 'permission' for states made by the ORCID Token node's request permission operation */
	flow?: 'permission';
}

export type VerifyResult<T> =
	| { ok: true; payload: T }
	| { ok: false; problem: SignedTokenProblem; payload?: T };

/** Lifetime of states made for ORCID inbox permission notifications (days). */
export const PERMISSION_STATE_DAYS = 30;

/** Allowed clock difference between the n8n processes that sign and verify (seconds). */
const CLOCK_SKEW_SECONDS = 60;

function base64url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

/** SHA-256 of a text, base64url (the cookie hash a state carries). */
export function sha256(value: string): string {
	return createHash('sha256').update(value).digest('base64url');
}

/** Compares two texts in constant time (for values derived from secrets). */
export function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A trigger's identity: its webhook URL without the last path segment (start, callback),
 * so `.../webhook/<id>/start` and `.../webhook/<id>/callback` name the same trigger, and
 * another workflow's trigger (another webhook id or host) another one.
 */
export function triggerId(webhookUrl: string): string {
	const url = new URL(webhookUrl);
	const base = url.pathname.replace(/\/+[^/]*\/*$/, '');
	return sha256(`${url.protocol}//${url.host}${base}`).slice(0, 22);
}

export function checkTrigger<T extends { trg?: string }>(
	result: VerifyResult<T>,
	trigger: string,
): VerifyResult<T> {
	if (!result.ok || result.payload.trg === trigger) return result;
	return { ok: false, problem: 'other_trigger', payload: result.payload };
}

function mac(purpose: SignedPurpose, body: string, secret: string): Buffer {
	return createHmac('sha256', secret).update(`orcid:${purpose}.${body}`).digest();
}

export function nowSeconds(now?: number | Date): number {
	const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
	return Math.floor(ms / 1000);
}

/** A random nonce, base64url, 128 bits. */
export function randomNonce(): string {
	return randomBytes(16).toString('base64url');
}

export function sign(purpose: SignedPurpose, payload: object, secret: string): string {
	if (!secret) throw new Error('A signing secret is required');
	const body = base64url(JSON.stringify(payload));
	return `${body}.${mac(purpose, body, secret).toString('base64url')}`;
}

/**
 * Checks the MAC in constant time, then the time window. A payload is returned with
 * 'expired' so the caller can still name the reference on the page (the MAC was valid).
 */
export function verify<T extends { iat: number; exp: number }>(
	purpose: SignedPurpose,
	token: unknown,
	secret: string,
	options: { now?: number | Date; maxAgeSeconds?: number } = {},
): VerifyResult<T> {
	if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
		return { ok: false, problem: 'malformed' };
	}
	const parts = token.split('.');
	if (
		parts.length !== 2 ||
		!/^[A-Za-z0-9_-]+$/.test(parts[0]) ||
		!/^[A-Za-z0-9_-]+$/.test(parts[1])
	) {
		return { ok: false, problem: 'malformed' };
	}
	const expected = mac(purpose, parts[0], secret);
	const given = Buffer.from(parts[1], 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return { ok: false, problem: 'signature' };
	}
	let payload: T;
	try {
		payload = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as T;
	} catch {
		return { ok: false, problem: 'malformed' };
	}
	if (
		payload === null ||
		typeof payload !== 'object' ||
		!Number.isFinite(payload.iat) ||
		!Number.isFinite(payload.exp)
	) {
		return { ok: false, problem: 'malformed' };
	}
	const now = nowSeconds(options.now);
	if (payload.iat > now + CLOCK_SKEW_SECONDS)
		return { ok: false, problem: 'not_yet_valid', payload };
	if (now > payload.exp) return { ok: false, problem: 'expired', payload };
	if (options.maxAgeSeconds !== undefined && now - payload.iat > options.maxAgeSeconds) {
		return { ok: false, problem: 'expired', payload };
	}
	return { ok: true, payload };
}

export function signStartLink(
	ref: string,
	secret: string,
	options: { lifetimeSeconds: number; startUrl: string; now?: number | Date },
): { token: string; payload: StartLinkPayload } {
	if (typeof ref !== 'string' || ref.length === 0) throw new Error('The reference is empty');
	if (ref.length > 512) throw new Error('The reference is longer than 512 characters');
	if (!(options.lifetimeSeconds > 0)) throw new Error('The link lifetime must be positive');
	const iat = nowSeconds(options.now);
	const payload: StartLinkPayload = {
		ref,
		trg: triggerId(options.startUrl),
		iat,
		exp: iat + Math.round(options.lifetimeSeconds),
	};
	return { token: sign('start-link', payload, secret), payload };
}

/** `trigger`: the verifying trigger's triggerId; links made for another one are refused. */
export function verifyStartLink(
	token: unknown,
	secret: string,
	options: { trigger: string; now?: number | Date },
): VerifyResult<StartLinkPayload> {
	const result = verify<StartLinkPayload>('start-link', token, secret, options);
	if (result.ok && typeof result.payload.ref !== 'string')
		return { ok: false, problem: 'malformed' };
	return checkTrigger(result, options.trigger);
}

export function signState(
	fields: {
		ref: string;
		lang?: string;
		orcid?: string;
		flow?: 'permission';
		nonce?: string;
		/** hash of the browser-binding cookie (start-link states) */
		browserHash?: string;
		/** a webhook URL of the trigger that will receive it */
		triggerUrl: string;
	},
	secret: string,
	options: { lifetimeSeconds: number; now?: number | Date },
): { token: string; payload: StatePayload } {
	if (!(options.lifetimeSeconds > 0)) throw new Error('The state lifetime must be positive');
	if (fields.flow === 'permission' && !fields.orcid) {
		throw new Error('A permission state must be bound to an ORCID iD');
	}
	const iat = nowSeconds(options.now);
	const payload: StatePayload = {
		ref: fields.ref,
		nonce: fields.nonce ?? randomNonce(),
		iat,
		exp: iat + Math.round(options.lifetimeSeconds),
		trg: triggerId(fields.triggerUrl),
	};
	if (fields.browserHash) payload.bh = fields.browserHash;
	if (fields.lang) payload.lang = fields.lang;
	if (fields.orcid) payload.orcid = fields.orcid;
	if (fields.flow) payload.flow = fields.flow;
	return { token: sign('state', payload, secret), payload };
}

/**
 * Verifies a state. Ordinary states must be younger than `maxAgeSeconds` (the trigger's
 * configured lifetime), name this trigger and carry a browser hash; permission-notification
 * states carry their own 30-day expiry and must name an iD (they are bound to it instead of
 * a browser: ORCID's inbox link never passes through `start`).
 */
export function verifyState(
	token: unknown,
	secret: string,
	options: { maxAgeSeconds: number; trigger: string; now?: number | Date },
): VerifyResult<StatePayload> {
	const probe = verify<StatePayload>('state', token, secret, {
		now: options.now,
	});
	const payload = probe.payload;
	if (payload) {
		const validShape =
			typeof payload.ref === 'string' &&
			typeof payload.nonce === 'string' &&
			(payload.lang === undefined || typeof payload.lang === 'string') &&
			(payload.orcid === undefined || typeof payload.orcid === 'string') &&
			(payload.bh === undefined || typeof payload.bh === 'string');
		if (!validShape) return { ok: false, problem: 'malformed' };
		if (payload.flow === 'permission') {
			if (!payload.orcid) return { ok: false, problem: 'malformed' };
			if (payload.exp - payload.iat > PERMISSION_STATE_DAYS * 86400 + CLOCK_SKEW_SECONDS) {
				return { ok: false, problem: 'malformed' };
			}
			// states sent to ORCID inboxes before trigger binding existed: still bound to the iD
			return payload.trg === undefined ? probe : checkTrigger(probe, options.trigger);
		}
		if (probe.ok && !payload.bh) return { ok: false, problem: 'malformed' };
	}
	if (!probe.ok) return probe;
	const timed = verify<StatePayload>('state', token, secret, {
		now: options.now,
		maxAgeSeconds: options.maxAgeSeconds,
	});
	return checkTrigger(timed, options.trigger);
}

/** What a result page says besides its kind and language (the trigger's PageOutcome too). */
export interface ResultFields {
	ref?: string;
	orcid?: string;
	orcidUri?: string;
	name?: string;
	/** ORCID's error code, shown where ORCID itself failed (the orcid_error page) */
	code?: string;
	/** denial page (access_denied): a fresh start link token for its retry button */
	retry?: string;
	/** manage confirmations: whether our items were removed, the kinds now stopped, a fresh manage link */
	items?: boolean;
	off?: string[];
	again?: string;
}

/** What the result page shows: signed so nobody can draw our page with their own words. */
export interface ResultPayload extends ResultFields {
	/** 'success' or the problem page's kind */
	kind: string;
	lang: string;
	trg: string;
	iat: number;
	exp: number;
}

export function signResult(
	fields: Omit<ResultPayload, 'trg' | 'iat' | 'exp'>,
	secret: string,
	options: { triggerUrl: string; lifetimeSeconds: number; now?: number | Date },
): string {
	const iat = nowSeconds(options.now);
	const payload: ResultPayload = {
		...fields,
		trg: triggerId(options.triggerUrl),
		iat,
		exp: iat + options.lifetimeSeconds,
	};
	return sign('result', payload, secret);
}

export function verifyResult(
	token: unknown,
	secret: string,
	options: { trigger: string; now?: number | Date },
): VerifyResult<ResultPayload> {
	const result = verify<ResultPayload>('result', token, secret, options);
	if (
		result.payload &&
		(typeof result.payload.kind !== 'string' || typeof result.payload.lang !== 'string')
	) {
		return { ok: false, problem: 'malformed' };
	}
	return checkTrigger(result, options.trigger);
}

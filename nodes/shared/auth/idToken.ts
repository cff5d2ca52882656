/**
 * OpenID Connect id_token verification (RS256, ORCID's only algorithm per its discovery
 * document): signature against the issuer's JWKS, then iss, aud, exp (and iat), nonce.
 */
import {
	createPublicKey,
	verify as verifySignature,
	type JsonWebKey,
	type KeyObject,
} from 'crypto';

export interface Jwk {
	kty?: string;
	kid?: string;
	use?: string;
	alg?: string;
	n?: string;
	e?: string;
	[key: string]: unknown;
}

export interface IdTokenClaims {
	iss: string;
	sub: string;
	aud: string | string[];
	exp: number;
	iat: number;
	nonce?: string;
	auth_time?: number;
	amr?: string | string[];
	given_name?: string;
	family_name?: string;
	name?: string;
	jti?: string;
	[claim: string]: unknown;
}

export type IdTokenProblem =
	| 'malformed'
	| 'unsupported_algorithm'
	| 'unknown_key'
	| 'signature'
	| 'issuer'
	| 'audience'
	| 'expired'
	| 'issued_in_future'
	| 'nonce'
	| 'subject';

export class IdTokenError extends Error {
	constructor(
		readonly problem: IdTokenProblem,
		message: string,
	) {
		super(message);
		this.name = 'IdTokenError';
	}
}

export interface VerifyIdTokenOptions {
	/** the `keys` array of the issuer's /oauth/jwks, or the whole JWKS document */
	jwks: Jwk[] | { keys: Jwk[] };
	issuer: string;
	audience: string;
	nonce?: string;
	/** the researcher's iD from the token response; `sub` must match when given */
	subject?: string;
	now?: number | Date;
	clockToleranceSeconds?: number;
}

function decodePart(part: string, what: string): Record<string, unknown> {
	if (!/^[A-Za-z0-9_-]+$/.test(part))
		throw new IdTokenError('malformed', `The id_token ${what} is not base64url`);
	let value: unknown;
	try {
		value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
	} catch {
		value = undefined;
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new IdTokenError('malformed', `The id_token ${what} is not a JSON object`);
	}
	return value as Record<string, unknown>;
}

/** Decodes without verifying (for diagnostics only). */
export function decodeIdToken(token: string): {
	header: Record<string, unknown>;
	claims: IdTokenClaims;
} {
	const parts = typeof token === 'string' ? token.split('.') : [];
	if (parts.length !== 3)
		throw new IdTokenError('malformed', 'The id_token is not a JWT (three dot-separated parts)');
	return {
		header: decodePart(parts[0], 'header'),
		claims: decodePart(parts[1], 'payload') as IdTokenClaims,
	};
}

function pickKey(keys: Jwk[], kid: unknown): KeyObject {
	const rsaKeys = keys.filter(
		(k) =>
			k &&
			k.kty === 'RSA' &&
			(k.use === undefined || k.use === 'sig') &&
			(k.alg === undefined || k.alg === 'RS256'),
	);
	const candidates = typeof kid === 'string' ? rsaKeys.filter((k) => k.kid === kid) : rsaKeys;
	if (candidates.length !== 1) {
		throw new IdTokenError(
			'unknown_key',
			typeof kid === 'string'
				? `The issuer's JWKS has no RS256 signing key with kid "${kid}"`
				: 'The id_token names no key id and the JWKS does not hold exactly one RS256 key',
		);
	}
	let key: KeyObject | undefined;
	try {
		key = createPublicKey({ key: candidates[0] as JsonWebKey, format: 'jwk' });
	} catch {
		key = undefined;
	}
	if (!key) {
		throw new IdTokenError('unknown_key', 'The JWKS key could not be read as an RSA public key');
	}
	return key;
}

export function verifyIdToken(token: string, options: VerifyIdTokenOptions): IdTokenClaims {
	const parts = typeof token === 'string' ? token.split('.') : [];
	if (parts.length !== 3)
		throw new IdTokenError('malformed', 'The id_token is not a JWT (three dot-separated parts)');
	const header = decodePart(parts[0], 'header');
	const claims = decodePart(parts[1], 'payload') as IdTokenClaims;
	if (header.alg !== 'RS256') {
		throw new IdTokenError(
			'unsupported_algorithm',
			`The id_token is signed with "${String(header.alg)}"; only RS256 is accepted`,
		);
	}
	const keys = Array.isArray(options.jwks) ? options.jwks : options.jwks?.keys;
	if (!Array.isArray(keys)) throw new IdTokenError('unknown_key', 'The JWKS has no "keys" array');
	const key = pickKey(keys, header.kid);
	if (!/^[A-Za-z0-9_-]*$/.test(parts[2]))
		throw new IdTokenError('malformed', 'The id_token signature is not base64url');
	const signatureOk = verifySignature(
		'RSA-SHA256',
		Buffer.from(`${parts[0]}.${parts[1]}`),
		key,
		Buffer.from(parts[2], 'base64url'),
	);
	if (!signatureOk)
		throw new IdTokenError('signature', "The id_token signature does not match the issuer's key");

	const tolerance = options.clockToleranceSeconds ?? 60;
	const nowMs =
		options.now === undefined
			? Date.now()
			: options.now instanceof Date
				? options.now.getTime()
				: options.now;
	const now = Math.floor(nowMs / 1000);
	const issuer = options.issuer.replace(/\/+$/, '');
	if (typeof claims.iss !== 'string' || claims.iss.replace(/\/+$/, '') !== issuer) {
		throw new IdTokenError(
			'issuer',
			`The id_token was issued by "${String(claims.iss)}", expected "${issuer}"`,
		);
	}
	const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
	if (!audiences.includes(options.audience)) {
		throw new IdTokenError(
			'audience',
			`The id_token is for "${audiences.join(', ')}", not for client ${options.audience}`,
		);
	}
	if (!Number.isFinite(claims.exp))
		throw new IdTokenError('malformed', 'The id_token has no exp claim');
	if (now > claims.exp + tolerance) {
		throw new IdTokenError(
			'expired',
			`The id_token expired at ${new Date(claims.exp * 1000).toISOString()}`,
		);
	}
	if (Number.isFinite(claims.iat) && claims.iat > now + tolerance) {
		throw new IdTokenError('issued_in_future', 'The id_token is issued in the future');
	}
	if (options.nonce !== undefined && claims.nonce !== options.nonce) {
		throw new IdTokenError(
			'nonce',
			'The id_token nonce does not match the one sent with the authorization request',
		);
	}
	if (options.subject !== undefined && claims.sub !== options.subject) {
		throw new IdTokenError(
			'subject',
			`The id_token is about "${String(claims.sub)}", not ${options.subject}`,
		);
	}
	return claims;
}

/**
 * Researcher tokens: ORCID's token response -> the stored token record (StoredTokenRecord),
 * and optional AES-256-GCM encryption ('orcidenc:v1:...') so that stored rows and saved
 * executions carry only ciphertext. No n8n imports.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'crypto';
import { DateTime } from 'luxon';

import { orcidUri, type OrcidEnvironment, type OrcidEnvironmentName } from '../orcid/environments';
import { parseOrcidId } from '../orcid/orcidId';

export type OrcidApiType = 'member' | 'public';
export type TokenStatus = 'connected' | 'revoked' | 'expired';

/** ORCID's /oauth/token answer (authorization_code, refresh_token and client_credentials). */
export interface OrcidTokenResponse {
	access_token: string;
	token_type?: string;
	refresh_token?: string | null;
	expires_in?: number | string | null;
	scope?: string | null;
	name?: string | null;
	orcid?: string | null;
	id_token?: string | null;
	[key: string]: unknown;
}

export interface StoredTokenRecord {
	orcid: string;
	orcidUri: string;
	name: string | null;
	environment: OrcidEnvironmentName;
	apiType: OrcidApiType;
	/** Plain, or 'orcidenc:v1:...' when token encryption is on. */
	accessToken: string;
	refreshToken: string | null;
	tokenType: string;
	scopes: string[];
	expiresIn: number | null;
	expiresAt: string | null;
	obtainedAt: string;
	idToken?: string;
	/** The id token's payload, decoded but not signature-checked (informational). */
	idTokenClaims?: Record<string, unknown>;
	reference?: string;
	status: TokenStatus;
}

export interface StoredTokenContext {
	environment: OrcidEnvironment;
	apiType: OrcidApiType;
	reference?: string;
	/** When set, accessToken, refreshToken and idToken are stored encrypted. */
	encryptionKey?: string;
	/** iD to use when the response carries none (some refresh answers). */
	orcid?: string;
	now?: DateTime | Date | string;
}

export class TokenError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TokenError';
	}
}

export function parseScopes(scope: unknown): string[] {
	if (Array.isArray(scope)) return scope.map(String).filter((s) => s !== '');
	if (typeof scope !== 'string') return [];
	return scope.split(/[\s,]+/).filter((s) => s !== '');
}

function toDateTime(now: StoredTokenContext['now']): DateTime {
	if (now === undefined) return DateTime.utc();
	if (DateTime.isDateTime(now)) return now.toUTC();
	if (now instanceof Date) return DateTime.fromJSDate(now).toUTC();
	const parsed = DateTime.fromISO(now, { zone: 'utc' });
	if (!parsed.isValid) throw new TokenError(`"now" is not an ISO-8601 time: "${now}"`);
	return parsed;
}

/** Payload of a JWT, decoded without checking its signature; undefined if it is not a JWT. */
export function decodeJwtClaims(jwt: string): Record<string, unknown> | undefined {
	const parts = jwt.split('.');
	if (parts.length !== 3) return undefined;
	try {
		const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		return claims !== null && typeof claims === 'object' && !Array.isArray(claims)
			? (claims as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

function expiresInSeconds(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const n = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(n) || n < 0) {
		throw new TokenError(`ORCID's token response has an invalid expires_in: ${String(value)}`);
	}
	return Math.floor(n);
}

export function toStoredTokenRecord(
	resp: OrcidTokenResponse,
	ctx: StoredTokenContext,
): StoredTokenRecord {
	if (resp === null || typeof resp !== 'object') {
		throw new TokenError('ORCID sent no token response (expected a JSON object)');
	}
	if (typeof resp.access_token !== 'string' || resp.access_token === '') {
		throw new TokenError("ORCID's token response has no access_token");
	}
	const claims = typeof resp.id_token === 'string' ? decodeJwtClaims(resp.id_token) : undefined;
	const rawOrcid = resp.orcid ?? ctx.orcid ?? (claims?.sub as string | undefined);
	if (rawOrcid === undefined || rawOrcid === null || rawOrcid === '') {
		throw new TokenError(
			"ORCID's token response names no ORCID iD (no orcid field): it is not a researcher's token",
		);
	}
	const orcid = parseOrcidId(rawOrcid);
	const obtained = toDateTime(ctx.now);
	const expiresIn = expiresInSeconds(resp.expires_in);
	const key = ctx.encryptionKey ? ctx.encryptionKey : undefined;
	const protect = (token: string) => (key ? encryptToken(token, key) : token);

	const record: StoredTokenRecord = {
		orcid,
		orcidUri: orcidUri(ctx.environment, orcid),
		name: typeof resp.name === 'string' && resp.name.trim() !== '' ? resp.name : null,
		environment: ctx.environment.name,
		apiType: ctx.apiType,
		accessToken: protect(resp.access_token),
		refreshToken:
			typeof resp.refresh_token === 'string' && resp.refresh_token !== ''
				? protect(resp.refresh_token)
				: null,
		tokenType: typeof resp.token_type === 'string' ? resp.token_type.toLowerCase() : 'bearer',
		scopes: parseScopes(resp.scope),
		expiresIn,
		expiresAt: expiresIn === null ? null : obtained.plus({ seconds: expiresIn }).toISO(),
		obtainedAt: obtained.toISO() as string,
		status: 'connected',
	};
	if (typeof resp.id_token === 'string' && resp.id_token !== '') {
		record.idToken = protect(resp.id_token);
		if (claims) record.idTokenClaims = claims;
	}
	if (ctx.reference !== undefined && ctx.reference !== '') record.reference = ctx.reference;
	return record;
}

/** 'expired' once expiresAt has passed; a stored 'revoked' stays revoked. */
export function tokenStatus(
	record: Pick<StoredTokenRecord, 'status' | 'expiresAt'>,
	now?: StoredTokenContext['now'],
): TokenStatus {
	if (record.status === 'revoked') return 'revoked';
	if (record.expiresAt) {
		const expires = DateTime.fromISO(record.expiresAt, { zone: 'utc' });
		if (expires.isValid && expires <= toDateTime(now)) return 'expired';
	}
	return record.status === 'expired' ? 'expired' : 'connected';
}

// ---- encryption -------------------------------------------------------------------------

export const ENCRYPTED_TOKEN_PREFIX = 'orcidenc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// A fixed, versioned salt: the passphrase is the secret; scrypt makes guessing it slow.
const KDF_SALT = 'n8n-nodes-orcid/token-encryption/v1';
const derivedKeys = new Map<string, Buffer>();

function deriveKey(passphrase: string): Buffer {
	// scrypt costs ~50 ms; cache by a hash of the passphrase, never the passphrase itself
	const id = createHash('sha256').update(passphrase).digest('hex');
	let key = derivedKeys.get(id);
	if (!key) {
		key = scryptSync(passphrase, KDF_SALT, 32, { N: 16384, r: 8, p: 1 });
		if (derivedKeys.size > 16) derivedKeys.clear();
		derivedKeys.set(id, key);
	}
	return key;
}

export function isEncryptedToken(value: unknown): value is string {
	return typeof value === 'string' && value.startsWith(ENCRYPTED_TOKEN_PREFIX);
}

/** 'orcidenc:v1:' + base64url(iv | ciphertext | tag), AES-256-GCM. */
export function encryptToken(plain: string, key: string): string {
	if (typeof plain !== 'string' || plain === '') {
		throw new TokenError('There is no token to encrypt (empty value)');
	}
	if (typeof key !== 'string' || key === '') {
		throw new TokenError('Token encryption needs a key: the credential has none');
	}
	if (isEncryptedToken(plain)) return plain;
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', deriveKey(key), iv);
	const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	const tag = cipher.getAuthTag();
	return ENCRYPTED_TOKEN_PREFIX + Buffer.concat([iv, body, tag]).toString('base64url');
}

/** Plain tokens pass through; 'orcidenc:v1:' values are decrypted with `key`. */
export function decryptToken(value: string, key?: string): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new TokenError('The token is empty');
	}
	const text = value.trim();
	if (!isEncryptedToken(text)) return text;
	if (!key) {
		throw new TokenError(
			'The token is encrypted (orcidenc:v1:...) but the credential has no token encryption key; set the key that encrypted it',
		);
	}
	const raw = Buffer.from(text.slice(ENCRYPTED_TOKEN_PREFIX.length), 'base64url');
	if (raw.length <= IV_BYTES + TAG_BYTES) {
		throw new TokenError('The encrypted token is truncated or malformed (orcidenc:v1:...)');
	}
	const iv = raw.subarray(0, IV_BYTES);
	const tag = raw.subarray(raw.length - TAG_BYTES);
	const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
	const plain = openSealed(deriveKey(key), iv, body, tag);
	if (plain === null) {
		throw new TokenError(
			"The encrypted token could not be decrypted: the credential's token encryption key is not the key that encrypted it (or the stored value was altered)",
		);
	}
	return plain;
}

/**
 * Why `value` cannot be used as a token with `key` (empty, encrypted without the key, wrong
 * key, damaged), or null when decryptToken would open it. Lets callers name the field first.
 */
export function tokenProblem(value: unknown, key?: string): string | null {
	if (typeof value !== 'string') return 'The token must be text';
	try {
		decryptToken(value, key);
		return null;
	} catch (error) {
		return (error as Error).message;
	}
}

/** AES-256-GCM open; null when the tag does not match (wrong key or altered value). */
function openSealed(key: Buffer, iv: Buffer, body: Buffer, tag: Buffer): string | null {
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, iv);
		decipher.setAuthTag(tag);
		return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
	} catch {
		return null;
	}
}

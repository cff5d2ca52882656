import { DateTime } from 'luxon';

import { resolveEnvironment } from '../../nodes/shared/orcid/environments';
import {
	decodeJwtClaims,
	decryptToken,
	encryptToken,
	ENCRYPTED_TOKEN_PREFIX,
	isEncryptedToken,
	parseScopes,
	tokenStatus,
	toStoredTokenRecord,
	TokenError,
} from '../../nodes/shared/auth/tokens';

const sandbox = resolveEnvironment({ environment: 'sandbox' });
const production = resolveEnvironment({ environment: 'production' });

// ORCID's documented token response (orcid-api-web README)
const RESPONSE = {
	access_token: 'f5af9f51-07e6-4332-8f1a-c0c11c1e3728',
	token_type: 'bearer',
	refresh_token: 'f725f747-3a65-49f6-a231-3e8944ce464d',
	expires_in: 631138518,
	scope: '/activities/update /read-limited',
	name: 'Sofia Garcia',
	orcid: '0000-0001-5109-3700',
};

function jwt(payload: object): string {
	const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
	return `${part({ alg: 'RS256' })}.${part(payload)}.c2ln`;
}

describe('toStoredTokenRecord', () => {
	it('normalises the token response into the stored record (expiry via luxon)', () => {
		const now = DateTime.fromISO('2026-11-24T10:00:00.000Z', { zone: 'utc' });
		const record = toStoredTokenRecord(RESPONSE, {
			environment: production,
			apiType: 'member',
			reference: 'user-42',
			now,
		});
		expect(record).toEqual({
			orcid: '0000-0001-5109-3700',
			orcidUri: 'https://orcid.org/0000-0001-5109-3700',
			name: 'Sofia Garcia',
			environment: 'production',
			apiType: 'member',
			accessToken: RESPONSE.access_token,
			refreshToken: RESPONSE.refresh_token,
			tokenType: 'bearer',
			scopes: ['/activities/update', '/read-limited'],
			expiresIn: 631138518,
			expiresAt: '2046-11-24T06:15:18.000Z',
			obtainedAt: '2026-11-24T10:00:00.000Z',
			reference: 'user-42',
			status: 'connected',
		});
		// 631138518 s is about 20 years, as ORCID documents
		expect(DateTime.fromISO(record.expiresAt!).diff(now, 'years').years).toBeCloseTo(20, 1);
	});

	it('uses the sandbox URI, keeps the id token and decodes its claims', () => {
		const idToken = jwt({ sub: '0000-0002-1694-233X', aud: 'APP-1', nonce: 'n1' });
		const record = toStoredTokenRecord(
			{
				...RESPONSE,
				orcid: '0000-0002-1694-233x',
				name: '',
				scope: 'openid',
				id_token: idToken,
				expires_in: '3600',
			},
			{ environment: sandbox, apiType: 'public', now: new Date('2026-01-01T00:00:00Z') },
		);
		expect(record.orcid).toBe('0000-0002-1694-233X');
		expect(record.orcidUri).toBe('https://sandbox.orcid.org/0000-0002-1694-233X');
		expect(record.name).toBeNull();
		expect(record.scopes).toEqual(['openid']);
		expect(record.expiresAt).toBe('2026-01-01T01:00:00.000Z');
		expect(record.idToken).toBe(idToken);
		expect(record.idTokenClaims).toEqual({ sub: '0000-0002-1694-233X', aud: 'APP-1', nonce: 'n1' });
		expect(record).not.toHaveProperty('reference');
	});

	it('takes the iD from the context or the id token when the response has none', () => {
		const { orcid: _omit, ...noOrcid } = RESPONSE;
		void _omit;
		expect(
			toStoredTokenRecord(noOrcid, {
				environment: sandbox,
				apiType: 'member',
				orcid: 'https://sandbox.orcid.org/0000-0002-1825-0097',
			}).orcid,
		).toBe('0000-0002-1825-0097');
		expect(
			toStoredTokenRecord(
				{ ...noOrcid, id_token: jwt({ sub: '0000-0001-5109-3700' }) },
				{ environment: sandbox, apiType: 'member' },
			).orcid,
		).toBe('0000-0001-5109-3700');
	});

	it('encrypts access, refresh and id tokens when a key is given', () => {
		const record = toStoredTokenRecord(
			{ ...RESPONSE, id_token: jwt({ sub: RESPONSE.orcid }) },
			{ environment: sandbox, apiType: 'member', encryptionKey: 'correct horse battery staple' },
		);
		for (const value of [record.accessToken, record.refreshToken, record.idToken]) {
			expect(isEncryptedToken(value)).toBe(true);
			expect(value).not.toContain(RESPONSE.access_token);
		}
		expect(decryptToken(record.accessToken, 'correct horse battery staple')).toBe(
			RESPONSE.access_token,
		);
		expect(decryptToken(record.refreshToken!, 'correct horse battery staple')).toBe(
			RESPONSE.refresh_token,
		);
		expect(record.idTokenClaims).toEqual({ sub: RESPONSE.orcid });
	});

	it.each([
		[null, 'no token response'],
		[{}, 'has no access_token'],
		[{ access_token: 'a', scope: '/read-public', orcid: null }, 'names no ORCID iD'],
		[{ access_token: 'a', orcid: '0000-0002-1825-0098' }, 'check digit'],
		[{ access_token: 'a', orcid: '0000-0002-1825-0097', expires_in: 'soon' }, 'invalid expires_in'],
	])('rejects %j', (resp, message) => {
		expect(() =>
			toStoredTokenRecord(resp as never, { environment: sandbox, apiType: 'member' }),
		).toThrow(message);
	});

	it('accepts a missing expires_in (no expiry known)', () => {
		const record = toStoredTokenRecord(
			{ access_token: 'a', orcid: '0000-0002-1825-0097' },
			{ environment: sandbox, apiType: 'member' },
		);
		expect(record.expiresIn).toBeNull();
		expect(record.expiresAt).toBeNull();
		expect(record.refreshToken).toBeNull();
		expect(record.tokenType).toBe('bearer');
	});
});

describe('parseScopes, tokenStatus, decodeJwtClaims', () => {
	it('splits scopes', () => {
		expect(parseScopes('/read-limited  /activities/update')).toEqual([
			'/read-limited',
			'/activities/update',
		]);
		expect(parseScopes(['/a', ''])).toEqual(['/a']);
		expect(parseScopes(undefined)).toEqual([]);
	});

	it('reports expiry and keeps revoked', () => {
		const record = { status: 'connected' as const, expiresAt: '2026-01-01T00:00:00.000Z' };
		expect(tokenStatus(record, '2025-12-31T23:59:59Z')).toBe('connected');
		expect(tokenStatus(record, '2026-01-01T00:00:00Z')).toBe('expired');
		expect(tokenStatus({ ...record, status: 'revoked' }, '2025-01-01T00:00:00Z')).toBe('revoked');
		expect(tokenStatus({ status: 'connected', expiresAt: null })).toBe('connected');
	});

	it('decodes JWT payloads and refuses other text', () => {
		expect(decodeJwtClaims(jwt({ a: 1 }))).toEqual({ a: 1 });
		expect(decodeJwtClaims('not-a-jwt')).toBeUndefined();
		expect(decodeJwtClaims('a.b.c')).toBeUndefined();
	});
});

describe('token encryption', () => {
	const KEY = 'a passphrase from the credential';

	it('round-trips with AES-256-GCM under the orcidenc:v1: prefix, fresh IV each time', () => {
		const a = encryptToken('token-1', KEY);
		const b = encryptToken('token-1', KEY);
		expect(a.startsWith(ENCRYPTED_TOKEN_PREFIX)).toBe(true);
		expect(a).not.toBe(b);
		expect(a).not.toContain('token-1');
		expect(decryptToken(a, KEY)).toBe('token-1');
		expect(decryptToken(b, KEY)).toBe('token-1');
	});

	it('passes plain tokens through, with or without a key', () => {
		expect(decryptToken('plain-token')).toBe('plain-token');
		expect(decryptToken(' plain-token ', KEY)).toBe('plain-token');
	});

	it('does not encrypt twice', () => {
		const once = encryptToken('t', KEY);
		expect(encryptToken(once, KEY)).toBe(once);
	});

	it('refuses a wrong key with a clear message', () => {
		const sealed = encryptToken('token-1', KEY);
		expect(() => decryptToken(sealed, 'another key')).toThrow(TokenError);
		expect(() => decryptToken(sealed, 'another key')).toThrow(
			"the credential's token encryption key is not the key that encrypted it",
		);
	});

	it('refuses an altered value, a missing key and truncated text', () => {
		const sealed = encryptToken('token-1', KEY);
		const body = Buffer.from(sealed.slice(ENCRYPTED_TOKEN_PREFIX.length), 'base64url');
		body[14] ^= 1;
		const altered = ENCRYPTED_TOKEN_PREFIX + body.toString('base64url');
		expect(() => decryptToken(altered, KEY)).toThrow('could not be decrypted');
		expect(() => decryptToken(sealed)).toThrow('the credential has no token encryption key');
		expect(() => decryptToken(`${ENCRYPTED_TOKEN_PREFIX}abc`, KEY)).toThrow('truncated');
		expect(() => decryptToken('', KEY)).toThrow('The token is empty');
		expect(() => encryptToken('x', '')).toThrow('needs a key');
	});
});

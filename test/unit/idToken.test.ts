import { generateKeyPairSync, sign as rsaSign, type KeyObject } from 'crypto';

import { decodeIdToken, IdTokenError, verifyIdToken } from '../../nodes/shared/auth/idToken';

const ISSUER = 'https://sandbox.orcid.org';
const CLIENT = 'APP-EMUMEMBER0000001';
const NOW = Date.parse('2026-03-01T10:00:00Z');
const nowS = NOW / 1000;

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = {
	...(pair.publicKey.export({ format: 'jwk' }) as any),
	kid: 'k1',
	use: 'sig',
	alg: 'RS256',
};
const otherJwk = {
	...(other.publicKey.export({ format: 'jwk' }) as any),
	kid: 'k2',
	use: 'sig',
	alg: 'RS256',
};

function b64(obj: unknown): string {
	return Buffer.from(JSON.stringify(obj)).toString('base64url');
}
function jwt(
	claims: Record<string, unknown>,
	header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' },
	key: KeyObject = pair.privateKey,
): string {
	const input = `${b64(header)}.${b64(claims)}`;
	return `${input}.${rsaSign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}
const good = {
	iss: ISSUER,
	aud: CLIENT,
	sub: '0000-0002-1825-0097',
	iat: nowS - 5,
	exp: nowS + 600,
	auth_time: nowS - 10,
	nonce: 'n-123',
	amr: 'pwd',
};
const opts = { jwks: { keys: [otherJwk, jwk] }, issuer: ISSUER, audience: CLIENT, now: NOW };

function problem(fn: () => unknown): string {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(IdTokenError);
		return (e as IdTokenError).problem;
	}
	throw new Error('no error thrown');
}

describe('verifyIdToken', () => {
	it('accepts a good token and returns its claims', () => {
		const claims = verifyIdToken(jwt(good), {
			...opts,
			nonce: 'n-123',
			subject: '0000-0002-1825-0097',
		});
		expect(claims).toMatchObject({ sub: '0000-0002-1825-0097', nonce: 'n-123', amr: 'pwd' });
	});

	it('accepts a JWKS given as the keys array, and tolerates a trailing slash on the issuer', () => {
		expect(verifyIdToken(jwt({ ...good, iss: `${ISSUER}/` }), { ...opts, jwks: [jwk] }).sub).toBe(
			'0000-0002-1825-0097',
		);
	});

	it('refuses a token signed by another key', () => {
		expect(problem(() => verifyIdToken(jwt(good, undefined, other.privateKey), opts))).toBe(
			'signature',
		);
	});

	it('refuses altered claims', () => {
		const token = jwt(good);
		const [h, , s] = token.split('.');
		const forged = `${h}.${b64({ ...good, sub: '0000-0001-5109-3700' })}.${s}`;
		expect(problem(() => verifyIdToken(forged, opts))).toBe('signature');
	});

	it.each([
		['issuer', { iss: 'https://evil.example' }],
		['audience', { aud: 'APP-SOMEONEELSE00001' }],
		['expired', { exp: nowS - 3600 }],
		['issued_in_future', { iat: nowS + 3600 }],
	])('refuses a bad %s', (expected, patch) => {
		expect(problem(() => verifyIdToken(jwt({ ...good, ...patch }), opts))).toBe(expected);
	});

	it('checks the nonce and subject only when asked', () => {
		expect(problem(() => verifyIdToken(jwt(good), { ...opts, nonce: 'other' }))).toBe('nonce');
		expect(
			problem(() => verifyIdToken(jwt({ ...good, nonce: undefined }), { ...opts, nonce: 'n-123' })),
		).toBe('nonce');
		expect(
			problem(() => verifyIdToken(jwt(good), { ...opts, subject: '0000-0001-5109-3700' })),
		).toBe('subject');
		expect(verifyIdToken(jwt({ ...good, nonce: undefined }), opts).sub).toBe(good.sub);
	});

	it('refuses other algorithms (alg=none, HS256)', () => {
		const none = `${b64({ alg: 'none' })}.${b64(good)}.`;
		expect(problem(() => verifyIdToken(none, opts))).toBe('unsupported_algorithm');
		expect(problem(() => verifyIdToken(jwt(good, { alg: 'HS256', kid: 'k1' }), opts))).toBe(
			'unsupported_algorithm',
		);
	});

	it('refuses an unknown key id and malformed tokens', () => {
		expect(problem(() => verifyIdToken(jwt(good, { alg: 'RS256', kid: 'nope' }), opts))).toBe(
			'unknown_key',
		);
		expect(problem(() => verifyIdToken('abc', opts))).toBe('malformed');
		expect(problem(() => verifyIdToken('a.b.c', opts))).toBe('malformed');
		expect(problem(() => decodeIdToken('x'))).toBe('malformed');
	});
});

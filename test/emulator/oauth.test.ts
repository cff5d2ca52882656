/**
 * OAuth 2.0 / OpenID Connect conformance: the authorize page, codes, token grants, errors exactly
 * as ORCID gives them, revocation, id_token, JWKS, discovery, userinfo.
 */
import * as crypto from 'crypto';
import { TestEmulator, MEMBER, PUBLIC, JOSIAH, LAURE, call, form, work } from './helpers';
import { checkDigit, isValidOrcid } from './lib/orcid-id';

const REDIRECT = 'http://127.0.0.1:5678/rest/oauth/callback';

const t = TestEmulator.forSuite();

function authorizeUrl(params: Record<string, string>): string {
	return `${t.url}/oauth/authorize?${new URLSearchParams({
		client_id: MEMBER.clientId,
		response_type: 'code',
		scope: '/read-limited /activities/update',
		redirect_uri: REDIRECT,
		...params,
	}).toString()}`;
}

/** What an Authorize click gives (through the control API); `extra`: nonce, deny... */
async function consent(
	scope = '/read-limited /activities/update',
	orcid = JOSIAH,
	state = 'xyz',
	extra: Record<string, unknown> = {},
) {
	const r = await t.control('POST', '/_emulator/consent', {
		clientId: MEMBER.clientId,
		orcid,
		scope,
		redirectUri: REDIRECT,
		state,
		...extra,
	});
	return r as { redirect: string; code: string; state: string };
}

/** A POST to /oauth/token authenticated as `client` (form body). */
function tokenEndpoint(fields: Record<string, string>, client = MEMBER) {
	return form(`${t.url}/oauth/token`, {
		client_id: client.clientId,
		client_secret: client.clientSecret,
		...fields,
	});
}

function exchange(code: string, extra: Record<string, string> = {}) {
	return tokenEndpoint({
		grant_type: 'authorization_code',
		code,
		redirect_uri: REDIRECT,
		...extra,
	});
}

function decodeJwt(jwt: string) {
	const [h, p, s] = jwt.split('.');
	const dec = (x: string) => JSON.parse(Buffer.from(x, 'base64url').toString('utf8'));
	return {
		header: dec(h),
		payload: dec(p),
		signingInput: `${h}.${p}`,
		signature: Buffer.from(s, 'base64url'),
	};
}

describe('/oauth/authorize page', () => {
	it('shows the client name, the requested scopes, the researchers, Authorize and Deny', async () => {
		const r = await call('GET', authorizeUrl({ state: 's1', lang: 'es' }), { accept: 'text/html' });
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toContain('text/html');
		expect(r.text).toContain('<html lang="es">');
		expect(r.text).toContain('Emulator Member (sandbox)');
		expect(r.text).toContain('/read-limited');
		expect(r.text).toContain('/activities/update');
		expect(r.text).toContain(JOSIAH);
		expect(r.text).toContain('Josiah Carberry');
		expect(r.text).toMatch(/<button[^>]*value="authorize"[^>]*>Authorize access<\/button>/);
		expect(r.text).toMatch(/<button[^>]*value="deny"[^>]*>Deny access<\/button>/);
		expect(r.text).not.toContain('<script');
	});

	it('prefills the registration form and preselects a given iD', async () => {
		const reg = await call(
			'GET',
			authorizeUrl({ given_names: 'Huckleberry', family_names: 'Finn', email: 'huck@example.org' }),
			{ accept: 'text/html' },
		);
		expect(reg.text).toContain('value="Huckleberry"');
		expect(reg.text).toContain('value="Finn"');
		expect(reg.text).toContain('value="huck@example.org"');
		expect(reg.text).toMatch(/value="new" checked/);
		const signIn = await call('GET', authorizeUrl({ orcid: LAURE }), { accept: 'text/html' });
		expect(signIn.text).toMatch(new RegExp(`value="${LAURE}" checked`));
	});

	it('Authorize redirects with a 6-character code and the state; the code works once', async () => {
		const r = await form(authorizeUrl({ state: 'abc 123' }), {
			action: 'authorize',
			researcher: JOSIAH,
		});
		expect(r.status).toBe(302);
		const loc = new URL(r.headers.get('location') as string);
		expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
		expect(loc.searchParams.get('state')).toBe('abc 123');
		const code = loc.searchParams.get('code') as string;
		expect(code).toMatch(/^[A-Za-z0-9]{6}$/);
		const tok = await exchange(code);
		expect(tok.status).toBe(200);
		expect(tok.body.orcid).toBe(JOSIAH);
	});

	it('Deny redirects with error=access_denied and the state', async () => {
		const r = await form(authorizeUrl({ state: 'st' }), { action: 'deny', researcher: JOSIAH });
		expect(r.status).toBe(302);
		const loc = new URL(r.headers.get('location') as string);
		expect(loc.searchParams.get('error')).toBe('access_denied');
		expect(loc.searchParams.get('state')).toBe('st');
		expect(loc.searchParams.get('code')).toBeNull();
	});

	it('the control API can deny like the Deny button', async () => {
		const r = await consent('/authenticate', JOSIAH, 'd1', { deny: true });
		const loc = new URL(r.redirect);
		expect(loc.searchParams.get('error')).toBe('access_denied');
		expect(loc.searchParams.get('state')).toBe('d1');
		expect(r.code).toBeNull();
	});

	it('registering creates a researcher with a valid MOD 11-2 iD', async () => {
		const r = await form(authorizeUrl({}), {
			action: 'authorize',
			researcher: 'new',
			given_names: 'Ada',
			family_names: 'Lovelace',
			email: 'ada@example.org',
		});
		expect(r.status).toBe(302);
		const code = new URL(r.headers.get('location') as string).searchParams.get('code') as string;
		const tok = await exchange(code);
		expect(tok.body.name).toBe('Ada Lovelace');
		const orcid = tok.body.orcid as string;
		expect(isValidOrcid(orcid)).toBe(true);
		const digits = orcid.replace(/-/g, '');
		expect(checkDigit(digits.slice(0, 15))).toBe(digits[15]);
		const rec = await call('GET', t.pub(`/${orcid}/person`));
		expect(rec.body.name['given-names'].value).toBe('Ada');
	});

	it('a redirect URI that is not registered gets an error page, not a redirect', async () => {
		const r = await call('GET', authorizeUrl({ redirect_uri: 'https://evil.example.com/cb' }), {
			accept: 'text/html',
		});
		expect(r.status).toBe(400);
		expect(r.headers.get('location')).toBeNull();
		expect(r.text).toContain("Redirect URI doesn't match your registered redirect URIs.");
	});

	it('an unknown client gets an error page', async () => {
		const r = await call('GET', authorizeUrl({ client_id: 'APP-0000000000000000' }), {
			accept: 'text/html',
		});
		expect(r.status).toBe(400);
		expect(r.text).toContain('Client not found: APP-0000000000000000');
	});

	it('a member scope asked by a public client is refused with invalid_scope', async () => {
		const r = await call('GET', authorizeUrl({ client_id: PUBLIC.clientId }), {
			accept: 'text/html',
		});
		expect(r.status).toBe(302);
		const loc = new URL(r.headers.get('location') as string);
		expect(loc.searchParams.get('error')).toBe('invalid_scope');
	});

	it('prompt=none: login_required without a session, then a code once signed in and granted', async () => {
		const params = { scope: 'openid', prompt: 'none', state: 'p' };
		const r1 = await call('GET', authorizeUrl(params), { accept: 'text/html' });
		expect(new URL(r1.headers.get('location') as string).searchParams.get('error')).toBe(
			'login_required',
		);
		const signIn = await form(authorizeUrl({ scope: 'openid' }), {
			action: 'authorize',
			researcher: LAURE,
		});
		const cookie = (signIn.headers.get('set-cookie') as string).split(';')[0];
		const r2 = await call('GET', authorizeUrl(params), {
			accept: 'text/html',
			headers: { Cookie: cookie },
		});
		const loc = new URL(r2.headers.get('location') as string);
		expect(loc.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{6}$/);
		const r3 = await call('GET', authorizeUrl({ ...params, scope: 'openid /read-limited' }), {
			accept: 'text/html',
			headers: { Cookie: cookie },
		});
		expect(new URL(r3.headers.get('location') as string).searchParams.get('error')).toBe(
			'interaction_required',
		);
	});
});

describe('/oauth/token', () => {
	it('authorization_code answers exactly like ORCID', async () => {
		const c = await consent();
		const r = await exchange(c.code);
		expect(r.status).toBe(200);
		expect(Object.keys(r.body).sort()).toEqual(
			[
				'access_token',
				'expires_in',
				'name',
				'orcid',
				'refresh_token',
				'scope',
				'token_type',
			].sort(),
		);
		expect(r.body).toMatchObject({
			token_type: 'bearer',
			expires_in: 631138518,
			scope: '/read-limited /activities/update',
			name: 'Josiah Carberry',
			orcid: JOSIAH,
		});
		expect(r.body.access_token).toMatch(/^[0-9a-f-]{36}$/);
		expect(r.body.refresh_token).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('accepts HTTP Basic client authentication', async () => {
		const c = await consent();
		const basic = Buffer.from(`${MEMBER.clientId}:${MEMBER.clientSecret}`).toString('base64');
		const r = await form(
			`${t.url}/oauth/token`,
			{ grant_type: 'authorization_code', code: c.code, redirect_uri: REDIRECT },
			{ Authorization: `Basic ${basic}` },
		);
		expect(r.status).toBe(200);
		expect(r.body.orcid).toBe(JOSIAH);
	});

	it('a reused code -> invalid_grant, and the tokens of the first exchange stop working', async () => {
		const c = await consent();
		const first = await exchange(c.code);
		expect(first.status).toBe(200);
		const before = await call('GET', t.member(`/${JOSIAH}/works`), {
			token: first.body.access_token,
		});
		expect(before.status).toBe(200);
		const again = await exchange(c.code);
		expect(again.status).toBe(400);
		expect(again.body).toEqual({
			error: 'invalid_grant',
			// ORCID-Source: orcid-api-web/tutorial/api_errors.md (the 2026 authorization server's text)
			error_description:
				'One of the provided parameters is invalid, or, the provided token/code is invalid or expired',
		});
		const after = await call('GET', t.member(`/${JOSIAH}/works`), {
			token: first.body.access_token,
		});
		expect(after.status).toBe(401);
		expect(after.body).toEqual({
			error: 'invalid_token',
			error_description: `Invalid access token: ${first.body.access_token}`,
		});
		const refresh = await tokenEndpoint({
			grant_type: 'refresh_token',
			refresh_token: first.body.refresh_token,
		});
		expect(refresh.body.error).toBe('invalid_grant');
	});

	it('an unknown or expired code -> invalid_grant', async () => {
		const r = await exchange('ZZZZZZ');
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			error: 'invalid_grant',
			error_description: 'Invalid authorization code: ZZZZZZ',
		});
		const c = await consent();
		t.internal.state.codes.get(c.code).created -= 11 * 60 * 1000;
		const old = await exchange(c.code);
		expect(old.body.error).toBe('invalid_grant');
	});

	it('a redirect URI that does not match -> invalid_grant with ORCID words', async () => {
		const c = await consent();
		const r = await exchange(c.code, { redirect_uri: 'https://elsewhere.example.org/cb' });
		expect(r.status).toBe(400);
		// ORCID-Source: orcid-api-web/tutorial/api_errors.md (the 2026 authorization server's text)
		expect(r.body).toEqual({
			error: 'invalid_grant',
			error_description:
				'One of the provided parameters is invalid, or, the provided token/code is invalid or expired',
		});
	});

	it.each([
		[
			'an unknown client',
			{ clientId: 'APP-NOTREGISTERED01', clientSecret: 'x' },
			'Client not found: APP-NOTREGISTERED01',
		],
		['a wrong secret', { ...MEMBER, clientSecret: 'wrong' }, 'Bad client credentials'],
	])('%s -> 401 invalid_client', async (_name, client, description) => {
		const r = await tokenEndpoint(
			{ grant_type: 'client_credentials', scope: '/read-public' },
			client,
		);
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ error: 'invalid_client', error_description: description });
	});

	it('client_credentials: /read-public for everyone, premium scopes for member clients only', async () => {
		const r = await tokenEndpoint(
			{ grant_type: 'client_credentials', scope: '/read-public' },
			PUBLIC,
		);
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({
			token_type: 'bearer',
			scope: '/read-public',
			orcid: null,
			expires_in: 631138518,
		});
		for (const scope of ['/webhook', '/group-id-record/update', '/premium-notification']) {
			const pub = await tokenEndpoint({ grant_type: 'client_credentials', scope }, PUBLIC);
			expect(pub.status).toBe(401);
			expect(pub.body).toEqual({
				error: 'invalid_scope',
				error_description: `Invalid scope: ${scope}`,
			});
			const mem = await tokenEndpoint({ grant_type: 'client_credentials', scope });
			expect(mem.status).toBe(200);
		}
		const threeLegged = await tokenEndpoint({
			grant_type: 'client_credentials',
			scope: '/activities/update',
		});
		expect(threeLegged.body.error).toBe('invalid_scope');
	});

	it('unsupported grant types and missing parameters', async () => {
		const r = await tokenEndpoint({ grant_type: 'password' });
		expect(r.status).toBe(400);
		expect(r.body.error).toBe('unsupported_grant_type');
		const noCode = await tokenEndpoint({ grant_type: 'authorization_code' });
		expect(noCode.body.error).toBe('invalid_request');
		const get = await call('GET', `${t.url}/oauth/token`);
		expect(get.status).toBe(405);
	});

	it('refresh_token: a narrower scope; revoke_old and expires_in are ignored (2025)', async () => {
		// ORCID-Source: orcid-core/src/main/java/org/orcid/core/oauth/authorizationServer/
		// AuthorizationServerUtil.java (forwardRefreshTokenRequest: client, refresh token, scope)
		const first = await exchange((await consent()).code);
		const refresh = (extra: Record<string, string>) =>
			tokenEndpoint({
				grant_type: 'refresh_token',
				refresh_token: first.body.refresh_token,
				...extra,
			});
		const narrower = await refresh({ scope: '/read-limited', expires_in: '3600' });
		expect(narrower.status).toBe(200);
		expect(narrower.body).toMatchObject({
			scope: '/read-limited',
			expires_in: 631138518,
			orcid: JOSIAH,
		});
		expect(narrower.body.access_token).not.toBe(first.body.access_token);
		const cannotWrite = await call('POST', t.member(`/${JOSIAH}/work`), {
			token: narrower.body.access_token,
			body: work('10.9999/narrow'),
		});
		expect(cannotWrite.status).toBe(403);
		const wider = await refresh({ scope: '/person/update' });
		expect(wider.status).toBe(401);
		expect(wider.body.error).toBe('invalid_scope');
		const old = await call('GET', t.member(`/${JOSIAH}/works`), { token: first.body.access_token });
		expect(old.status).toBe(200);
		const replaced = await refresh({ revoke_old: 'true' });
		expect(replaced.status).toBe(200);
		const oldAfter = await call('GET', t.member(`/${JOSIAH}/works`), {
			token: first.body.access_token,
		});
		expect(oldAfter.status).toBe(200);
		const fresh = await call('GET', t.member(`/${JOSIAH}/works`), {
			token: replaced.body.access_token,
		});
		expect(fresh.status).toBe(200);
	});

	it('an expired token -> 401 invalid_token', async () => {
		const first = await exchange((await consent()).code);
		const short = await tokenEndpoint({
			grant_type: 'refresh_token',
			refresh_token: first.body.refresh_token,
		});
		const stored = t.internal.state.tokens.get(short.body.access_token);
		stored.issuedAt -= stored.expiresIn * 1000 + 1000;
		const r = await call('GET', t.member(`/${JOSIAH}/works`), { token: short.body.access_token });
		expect(r.status).toBe(401);
		expect(r.body.error).toBe('invalid_token');
	});
});

describe('/oauth/revoke', () => {
	it('revokes an access token; the API then answers 401 invalid_token', async () => {
		const tok = await exchange((await consent()).code);
		const r = await form(`${t.url}/oauth/revoke`, {
			client_id: MEMBER.clientId,
			client_secret: MEMBER.clientSecret,
			token: tok.body.access_token,
		});
		expect(r.status).toBe(200);
		const api = await call('GET', t.member(`/${JOSIAH}/record`), { token: tok.body.access_token });
		expect(api.status).toBe(401);
		expect(api.body.error).toBe('invalid_token');
	});

	it('revoking the refresh token revokes its access token too', async () => {
		const tok = await exchange((await consent()).code);
		await form(`${t.url}/oauth/revoke`, {
			client_id: MEMBER.clientId,
			client_secret: MEMBER.clientSecret,
			token: tok.body.refresh_token,
		});
		const api = await call('GET', t.member(`/${JOSIAH}/record`), { token: tok.body.access_token });
		expect(api.status).toBe(401);
	});
});

describe('OpenID Connect', () => {
	it('discovery names the emulator as issuer and its endpoints', async () => {
		const r = await call('GET', `${t.url}/.well-known/openid-configuration`, {
			accept: 'application/json',
		});
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({
			issuer: t.url,
			authorization_endpoint: `${t.url}/oauth/authorize`,
			token_endpoint: `${t.url}/oauth/token`,
			userinfo_endpoint: `${t.url}/oauth/userinfo`,
			jwks_uri: `${t.url}/oauth/jwks`,
			id_token_signing_alg_values_supported: ['RS256'],
			token_endpoint_auth_methods_supported: ['client_secret_post'],
		});
	});

	it('an openid code exchange returns an RS256 id_token that the JWKS verifies', async () => {
		const c = await consent('openid', JOSIAH, 's', { nonce: 'n-0S6_WzA2Mj' });
		const tok = await exchange(c.code);
		expect(tok.body.scope).toBe('openid');
		const jwt = decodeJwt(tok.body.id_token);
		expect(jwt.header.alg).toBe('RS256');
		expect(jwt.payload).toMatchObject({
			aud: MEMBER.clientId,
			sub: JOSIAH,
			iss: t.url,
			nonce: 'n-0S6_WzA2Mj',
			amr: 'pwd',
		});
		expect(jwt.payload.exp).toBeGreaterThan(jwt.payload.iat);
		const jwks = await call('GET', `${t.url}/oauth/jwks`, { accept: 'application/json' });
		const jwk = jwks.body.keys.find((k: any) => k.kid === jwt.header.kid);
		expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
		const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
		expect(crypto.verify('RSA-SHA256', Buffer.from(jwt.signingInput), key, jwt.signature)).toBe(
			true,
		);
		const tampered = Buffer.from(jwt.signingInput.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')));
		expect(crypto.verify('RSA-SHA256', tampered, key, jwt.signature)).toBe(false);
	});

	it('userinfo answers for an openid token', async () => {
		const c = await consent('openid', LAURE);
		const tok = await exchange(c.code);
		const r = await call('GET', `${t.url}/oauth/userinfo`, {
			token: tok.body.access_token,
			accept: 'application/json',
		});
		expect(r.status).toBe(200);
		// OpenIDConnectUserInfo: name is the credit name only (Laure has none)
		expect(r.body).toEqual({
			id: `https://sandbox.orcid.org/${LAURE}`,
			sub: LAURE,
			family_name: 'Haak',
			given_name: 'Laure',
		});
		const noOpenid = await exchange((await consent('/read-limited', LAURE)).code);
		const denied = await call('GET', `${t.url}/oauth/userinfo`, {
			token: noOpenid.body.access_token,
		});
		expect(denied.status).toBe(403);
	});

	it('the implicit flow returns tokens in the fragment', async () => {
		const r = await form(
			authorizeUrl({ response_type: 'token', scope: '/authenticate', state: 'i' }),
			{
				action: 'authorize',
				researcher: JOSIAH,
			},
		);
		const loc = r.headers.get('location') as string;
		const frag = new URLSearchParams(loc.split('#')[1]);
		expect(frag.get('token_type')).toBe('bearer');
		expect(frag.get('expires_in')).toBe('599');
		expect(frag.get('state')).toBe('i');
		expect(frag.get('access_token')).toMatch(/^[0-9a-f-]{36}$/);
	});
});

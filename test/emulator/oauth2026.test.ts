/**
 * ORCID's authorization server as it runs since 2025, each test citing the ORCID-Source file it
 * follows. (The independent clients, openid-client and oauth4webapi, are in
 * independentClients.test.ts.)
 */
import { JOSIAH, LAURE, MEMBER, TestEmulator, call, form } from './helpers';

const REDIRECT = 'http://127.0.0.1:5678/rest/oauth/callback';
const t = TestEmulator.forSuite();

async function code(scope = '/read-limited', orcid = JOSIAH, redirectUri = REDIRECT) {
	const r = await t.control('POST', '/_emulator/consent', {
		clientId: MEMBER.clientId,
		orcid,
		scope,
		redirectUri,
		state: 's',
	});
	return r.code as string;
}

function asForm(client: { clientId: string; clientSecret: string }) {
	return { client_id: client.clientId, client_secret: client.clientSecret };
}

function token(fields: Record<string, string>, headers: Record<string, string> = {}) {
	return form(`${t.url}/oauth/token`, fields, headers);
}

function basic(id: string, secret: string): string {
	// RFC 6749 §2.3.1: form-encode each part, then base64 of "id:secret"
	const enc = (s: string) => new URLSearchParams({ x: s }).toString().slice(2);
	return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

/** The code exchange for a fresh consent, with the client in the form. */
async function exchange(
	scope = '/read-limited',
	orcid = JOSIAH,
	extra: Record<string, string> = {},
) {
	return token({
		...asForm(MEMBER),
		grant_type: 'authorization_code',
		code: await code(scope, orcid),
		...extra,
	});
}

async function status(accessToken: string): Promise<number> {
	return (await call('GET', t.member(`/${JOSIAH}/works`), { token: accessToken })).status;
}

// ORCID-Source: orcid-core/src/main/java/org/orcid/core/oauth/authorizationServer/
// AuthorizationServerUtil.java (forwardRefreshTokenRequest: client, refresh token and scope only)
describe('refresh grant', () => {
	it('ignores revoke_old and expires_in', async () => {
		const first = await exchange('/read-limited', JOSIAH, { redirect_uri: REDIRECT });
		const refreshed = await token({
			...asForm(MEMBER),
			grant_type: 'refresh_token',
			refresh_token: first.body.refresh_token,
			revoke_old: 'true',
			expires_in: '60',
		});
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.expires_in).toBe(first.body.expires_in);
		expect(await status(first.body.access_token)).toBe(200);
		expect(await status(refreshed.body.access_token)).toBe(200);
	});
});

// ORCID-Source: orcid-core/src/main/java/org/orcid/core/oauth/authorizationServer/
// AuthorizationServerUtil.java (forwardAuthorizationCodeExchangeRequest: redirect_uri only when
// not blank)
describe('code exchange', () => {
	it('needs no redirect_uri; a given one must still match', async () => {
		const without = await exchange();
		expect(without.status).toBe(200);
		expect(without.body.orcid).toBe(JOSIAH);
		const other = await exchange('/read-limited', JOSIAH, {
			redirect_uri: 'http://127.0.0.1:5678/elsewhere',
		});
		expect(other.status).toBe(400);
		expect(other.body.error).toBe('invalid_grant');
	});

	// orcid-web/src/main/java/org/orcid/frontend/web/controllers/OauthGenericCallsController.java
	it('a missing grant_type -> 400 unsupported_grant_type', async () => {
		const r = await token({ ...asForm(MEMBER), code: 'x' });
		expect(r.status).toBe(400);
		expect(r.body.error).toBe('unsupported_grant_type');
	});
});

// ORCID-Source: orcid-web/src/main/java/org/orcid/frontend/web/controllers/
// OauthGenericCallsController.java and orcid-web/src/main/java/org/orcid/frontend/oauth2/
// RevokeController.java forward the Authorization header; RFC 6749 §2.3.1 says how it is encoded
describe('HTTP Basic client authentication', () => {
	const SPECIAL = { clientId: 'APP-BASICSPECIAL0001', clientSecret: 'a+b c:d%e/f' };
	beforeAll(async () => {
		await t.control('POST', '/_emulator/clients', {
			...SPECIAL,
			apiType: 'member',
			name: 'Basic special',
			redirectUris: ['http://127.0.0.1:*/'],
		});
	});

	it('decodes form-encoded id and secret ("+" is a space) on token and revoke', async () => {
		const issued = await token(
			{ grant_type: 'client_credentials', scope: '/read-public' },
			{ Authorization: basic(SPECIAL.clientId, SPECIAL.clientSecret) },
		);
		expect(issued.status).toBe(200);
		// a "+" in the encoded secret is a space: "a+b" is not the secret "a+b"
		const plus = await token(
			{ grant_type: 'client_credentials', scope: '/read-public' },
			{
				Authorization: `Basic ${Buffer.from(`${SPECIAL.clientId}:a+b+c:d%25e%2Ff`).toString('base64')}`,
			},
		);
		expect(plus.status).toBe(401);
		expect(plus.body.error).toBe('invalid_client');
		const revoked = await form(
			`${t.url}/oauth/revoke`,
			{ token: issued.body.access_token },
			{ Authorization: basic(SPECIAL.clientId, SPECIAL.clientSecret) },
		);
		expect(revoked.status).toBe(200);
		const read = await call('GET', t.member(`/${JOSIAH}/record`), {
			token: issued.body.access_token,
		});
		expect(read.status).toBe(401);
	});

	it.each([
		['not base64', 'Basic ***'],
		['no colon', `Basic ${Buffer.from('APP-EMUMEMBER0000001').toString('base64')}`],
		['a bad percent escape', `Basic ${Buffer.from('APP-EMUMEMBER0000001:%zz').toString('base64')}`],
		['another scheme', 'Digest username="x"'],
	])('a malformed header (%s) -> 401 invalid_client in JSON', async (_name, header) => {
		for (const endpoint of ['token', 'revoke']) {
			const r = await form(
				`${t.url}/oauth/${endpoint}`,
				{ grant_type: 'client_credentials', scope: '/read-public', token: 'x' },
				{ Authorization: header },
			);
			expect(r.status).toBe(401);
			expect(r.headers.get('content-type')).toMatch(/json/);
			expect(r.body.error).toBe('invalid_client');
		}
	});
});

// ORCID-Source: orcid-web/src/main/java/org/orcid/frontend/web/controllers/OpenIDController.java
// and orcid-core/src/main/java/org/orcid/core/oauth/openid/OpenIDConnectUserInfo.java
describe('/oauth/userinfo', () => {
	const DENIED = { error: 'access_denied', 'error-description': 'access_token is invalid' };

	it('accepts the token in a POST form', async () => {
		const tok = await exchange('openid', LAURE);
		const r = await form(`${t.url}/oauth/userinfo`, { access_token: tok.body.access_token });
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({ sub: LAURE, id: `https://sandbox.orcid.org/${LAURE}` });
	});

	it('answers 403 access_denied for no token, an unknown or revoked one, or one without /authenticate', async () => {
		const tok = await exchange('openid', LAURE);
		const readOnly = await exchange('/read-limited', LAURE);
		await form(`${t.url}/oauth/revoke`, { ...asForm(MEMBER), token: tok.body.access_token });
		for (const value of [
			undefined,
			'unknown-token',
			tok.body.access_token,
			readOnly.body.access_token,
		]) {
			const r = await call('GET', `${t.url}/oauth/userinfo`, { token: value });
			expect(r.status).toBe(403);
			expect(r.body).toEqual(DENIED);
		}
		const posted = await form(`${t.url}/oauth/userinfo`, { access_token: 'unknown-token' });
		expect(posted.status).toBe(403);
		expect(posted.body).toEqual(DENIED);
	});
});

// orcid-core/src/main/java/org/orcid/core/oauth/openid/OpenIDConnectDiscoveryService.java
it('discovery lists token_endpoint_auth_signing_alg_values_supported and only client_secret_post', async () => {
	const r = await call('GET', `${t.url}/.well-known/openid-configuration`, {
		accept: 'application/json',
	});
	expect(r.body.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS256']);
	expect(r.body.token_endpoint_auth_methods_supported).toEqual(['client_secret_post']);
});

// orcid-core/src/main/java/org/orcid/core/oauth/openid/OpenIDConnectTokenEnhancer.java at
// 80b50c1fb6^ (buildIdToken adds the public name claims whatever the flow)
it('a code-flow id_token carries the name claims when the name is public, none when private', async () => {
	const claims = async (orcid: string) => {
		const tok = await exchange('openid', orcid);
		return JSON.parse(Buffer.from(tok.body.id_token.split('.')[1], 'base64url').toString('utf8'));
	};
	expect(await claims(LAURE)).toMatchObject({ given_name: 'Laure', family_name: 'Haak' });
	const hidden = await t.researcher({
		givenNames: 'H',
		familyName: 'P',
		nameVisibility: 'limited',
	});
	const privateClaims = await claims(hidden);
	expect(privateClaims.sub).toBe(hidden);
	expect(privateClaims).not.toHaveProperty('given_name');
	expect(privateClaims).not.toHaveProperty('family_name');
	expect(privateClaims).not.toHaveProperty('name');
});

// orcid-core/src/main/java/org/orcid/core/oauth/openid/OpenIDConnectDiscoveryService.java lists
// response type "id_token" beside "id_token token"; OpenID Connect Core 3.2.2.5: no access token
it('response_type=id_token gives an id_token and no access token; "id_token token" gives both', async () => {
	const fragment = async (responseType: string) => {
		const r = await t.control('POST', '/_emulator/consent', {
			clientId: MEMBER.clientId,
			orcid: LAURE,
			scope: 'openid',
			redirectUri: REDIRECT,
			state: 's',
			nonce: 'n',
			responseType,
		});
		return new URLSearchParams(new URL(r.redirect).hash.slice(1));
	};
	const idOnly = await fragment('id_token');
	expect(idOnly.get('id_token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
	expect(idOnly.has('access_token')).toBe(false);
	const both = await fragment('id_token token');
	expect(both.get('id_token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
	expect(both.get('access_token')).toMatch(/^[0-9a-f-]{36}$/);
});

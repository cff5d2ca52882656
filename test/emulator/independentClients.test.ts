/**
 * The emulator against two independent clients, openid-client and oauth4webapi (each run in its
 * own Node process, as they are ES modules): discovery, the code flow with HTTP Basic and
 * form-post client authentication, id_token validation, userinfo, refresh and revocation.
 * What each checks follows ORCID-Source:
 * - orcid-web/src/main/java/org/orcid/frontend/web/controllers/OpenIDController.java (userinfo:
 *   403 access_denied for a token it cannot use)
 * - orcid-core/src/main/java/org/orcid/core/oauth/openid/OpenIDConnectDiscoveryService.java
 *   (token_endpoint_auth_signing_alg_values_supported)
 * - orcid-core/src/main/java/org/orcid/core/oauth/openid/OpenIDConnectTokenEnhancer.java at
 *   80b50c1fb6^ (buildIdToken: the public name claims in the code flow, name = credit name)
 * - orcid-web/src/main/java/org/orcid/frontend/web/controllers/OauthGenericCallsController.java and
 *   orcid-web/src/main/java/org/orcid/frontend/oauth2/RevokeController.java (HTTP Basic on token
 *   and revoke)
 */
import { execFile } from 'child_process';
import * as path from 'path';

import { TestEmulator } from './helpers';

const t = TestEmulator.forSuite();
const REDIRECT = 'http://127.0.0.1:9/cb';
// RFC 6749 §2.3.1: the client encodes id and secret as form data before Basic; these characters
// only survive when the server decodes them the same way
const CLIENT = { clientId: 'APP-INDEPENDENT00001', clientSecret: 's3cr+t: with/%and space' };

let orcid: string;
beforeAll(async () => {
	await t.control('POST', '/_emulator/clients', {
		...CLIENT,
		apiType: 'member',
		name: 'Independent client',
		redirectUris: ['http://127.0.0.1:*/'],
	});
	orcid = await t.researcher({
		givenNames: 'Josephine',
		familyName: 'Carberry',
		creditName: 'J. Carberry',
	});
});

function runClient(script: string): Promise<any> {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			[
				path.join(__dirname, 'clients', script),
				t.url,
				CLIENT.clientId,
				CLIENT.clientSecret,
				orcid,
				REDIRECT,
			],
			{ timeout: 60_000 },
			(error, stdout, stderr) => {
				if (error) reject(new Error(`${script} failed: ${stderr || error.message}`));
				else resolve(JSON.parse(stdout));
			},
		);
	});
}

it('openid-client: discovery, code flow with HTTP Basic, id_token, userinfo, refresh, revoke', async () => {
	const out = await runClient('openid-client.mjs');
	expect(out.issuer).toBe(t.url);
	expect(out.authorizeHasState).toBe(true);
	expect(out.claims).toMatchObject({
		sub: orcid,
		iss: t.url,
		aud: CLIENT.clientId,
		name: 'J. Carberry',
		given_name: 'Josephine',
		family_name: 'Carberry',
	});
	expect(out.userinfo).toEqual({
		id: `https://sandbox.orcid.org/${orcid}`,
		sub: orcid,
		name: 'J. Carberry',
		given_name: 'Josephine',
		family_name: 'Carberry',
	});
	expect(out.badUserinfo).toMatchObject({ status: 403 });
	expect(out.refreshedDiffers).toBe(true);
	expect(out.revokedUserinfo).toMatchObject({ status: 403 });
});

it('oauth4webapi: form-post client authentication, no PKCE, id_token only, userinfo 403', async () => {
	const out = await runClient('oauth4webapi.mjs');
	expect(out.signingAlgs).toEqual(['RS256']);
	expect(out.claims).toEqual({
		sub: orcid,
		name: 'J. Carberry',
		given_name: 'Josephine',
		family_name: 'Carberry',
	});
	expect(out.userinfo).toMatchObject({ sub: orcid });
	expect(out.badUserinfo).toEqual({
		status: 403,
		body: { error: 'access_denied', 'error-description': 'access_token is invalid' },
	});
	expect(out.idTokenOnly).toEqual({ idToken: true, accessToken: false });
	expect(out.discoveryRevocation).toBeNull();
	expect(out.afterRevokeStatus).toBe(403);
});

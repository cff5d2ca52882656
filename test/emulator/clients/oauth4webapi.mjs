// Runs oauth4webapi (an independent OAuth 2.0 / OpenID Connect client) against the emulator and
// prints what it saw as one JSON object. Usage: node oauth4webapi.mjs <emulator url> <client id>
// <client secret> <orcid> <redirect uri>. Spawned by test/emulator/independentClients.test.ts.
import * as oauth from 'oauth4webapi';

const [url, clientId, secret, orcid, redirectUri] = process.argv.slice(2);
const out = {};
const insecure = { [oauth.allowInsecureRequests]: true };
const issuer = new URL(url);
const as = await oauth.processDiscoveryResponse(
	issuer,
	await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }),
);
out.signingAlgs = as.token_endpoint_auth_signing_alg_values_supported ?? null;
const client = { client_id: clientId };
const auth = oauth.ClientSecretPost(secret);

async function consent(extra) {
	const r = await fetch(`${url}/_emulator/consent`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ clientId, orcid, redirectUri, ...extra }),
	});
	return r.json();
}

const state = oauth.generateRandomState();
const nonce = oauth.generateRandomNonce();
const given = await consent({ scope: 'openid', state, nonce });
const params = oauth.validateAuthResponse(as, client, new URL(given.redirect), state);
// ORCID has no PKCE
const response = await oauth.authorizationCodeGrantRequest(
	as,
	client,
	auth,
	params,
	redirectUri,
	oauth.nopkce,
	insecure,
);
const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
	expectedNonce: nonce,
	requireIdToken: true,
});
const claims = oauth.getValidatedIdTokenClaims(tokens);
out.claims = {
	sub: claims.sub,
	name: claims.name ?? null,
	given_name: claims.given_name ?? null,
	family_name: claims.family_name ?? null,
};

const info = await oauth.userInfoRequest(as, client, tokens.access_token, insecure);
out.userinfo = await oauth.processUserInfoResponse(as, client, orcid, info);
const bad = await oauth.userInfoRequest(as, client, 'not-a-token', insecure);
out.badUserinfo = { status: bad.status, body: await bad.json() };

// the implicit flow with response_type=id_token: an id_token and no access token
const implicit = await consent({
	scope: 'openid',
	state: 'i',
	nonce: 'n-i',
	responseType: 'id_token',
});
const fragment = new URLSearchParams(new URL(implicit.redirect).hash.slice(1));
out.idTokenOnly = {
	idToken: fragment.has('id_token'),
	accessToken: fragment.has('access_token'),
};

// ORCID's discovery document names no revocation endpoint (OpenIDConnectDiscoveryService)
out.discoveryRevocation = as.revocation_endpoint ?? null;
const withRevoke = { ...as, revocation_endpoint: `${url}/oauth/revoke` };
const revoke = await oauth.revocationRequest(
	withRevoke,
	client,
	auth,
	tokens.access_token,
	insecure,
);
await oauth.processRevocationResponse(revoke);
const after = await oauth.userInfoRequest(as, client, tokens.access_token, insecure);
out.afterRevokeStatus = after.status;
process.stdout.write(JSON.stringify(out));

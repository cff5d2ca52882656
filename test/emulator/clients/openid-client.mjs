// Runs openid-client (an independent OpenID Connect client) against the emulator and prints
// what it saw as one JSON object. Usage: node openid-client.mjs <emulator url> <client id>
// <client secret> <orcid> <redirect uri>. Spawned by test/emulator/independentClients.test.ts.
import * as client from 'openid-client';

const [url, clientId, secret, orcid, redirectUri] = process.argv.slice(2);
const out = {};

async function control(path, body) {
	const r = await fetch(`${url}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	return r.json();
}

async function caught(promise) {
	try {
		await promise;
		return null;
	} catch (error) {
		const cause = error.cause ?? {};
		return {
			name: error.name,
			code: error.code ?? null,
			error: error.error ?? cause.error ?? null,
			status: error.status ?? cause.status ?? null,
		};
	}
}

const config = await client.discovery(
	new URL(url),
	clientId,
	undefined,
	client.ClientSecretBasic(secret),
	{
		execute: [client.allowInsecureRequests],
	},
);
out.issuer = config.serverMetadata().issuer;

// what the researcher's Authorize click gives (the emulator's consent page, without a browser)
const state = client.randomState();
const nonce = client.randomNonce();
const authUrl = client.buildAuthorizationUrl(config, {
	redirect_uri: redirectUri,
	scope: 'openid',
	state,
	nonce,
});
out.authorizeHasState = authUrl.searchParams.get('state') === state;
const consent = await control('/_emulator/consent', {
	clientId,
	orcid,
	scope: 'openid',
	redirectUri,
	state,
	nonce,
});

const tokens = await client.authorizationCodeGrant(config, new URL(consent.redirect), {
	expectedState: state,
	expectedNonce: nonce,
});
out.claims = tokens.claims();
out.tokenType = tokens.token_type;
out.userinfo = await client.fetchUserInfo(config, tokens.access_token, orcid);
out.badUserinfo = await caught(client.fetchUserInfo(config, 'not-a-token', orcid));

const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
out.refreshedDiffers = refreshed.access_token !== tokens.access_token;
// ORCID's discovery document names no revocation endpoint (OpenIDConnectDiscoveryService)
const withRevoke = new client.Configuration(
	{ ...config.serverMetadata(), revocation_endpoint: `${url}/oauth/revoke` },
	clientId,
	undefined,
	client.ClientSecretBasic(secret),
);
client.allowInsecureRequests(withRevoke);
await client.tokenRevocation(withRevoke, refreshed.access_token);
out.revokedUserinfo = await caught(client.fetchUserInfo(config, refreshed.access_token, orcid));
process.stdout.write(JSON.stringify(out));

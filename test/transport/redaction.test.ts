/**
 * Every traffic record of a session that handled codes, tokens and secrets is searched for
 * them: none may appear (ORCID echoes some of them back, on purpose, in this fake).
 */
import { encryptToken } from '../../nodes/shared/auth/tokens';
import { REDACTED } from '../../nodes/shared/http/traffic';
import {
	CLIENT_SECRET,
	fakeOrcidPerTest,
	json,
	ORCID,
	recordingSleep,
	reset,
	sessionAt,
} from './helpers';

const CODE = 'Qx7RtZ';
const ACCESS = '5d0a1c44-7b1f-4c9e-9f51-researcher-access';
const REFRESH = '9e3b7e10-0f7a-4b4e-8a2e-researcher-refresh';
const NEW_ACCESS = 'aa11bb22-cc33-4d44-8e55-refreshed-access';
const NEW_REFRESH = 'ff66ee77-dd88-4c99-8baa-refreshed-refresh';
const CLIENT_TOKEN = '0c0c0c0c-1d1d-4e2e-8f3f-client-two-legged';
const ENCRYPTION_KEY = 'token encryption passphrase 42';
const LINK_SECRET = 'link-signing-secret-abcdef';
const ID_TOKEN =
	Buffer.from('{"alg":"RS256"}').toString('base64url') +
	'.' +
	Buffer.from(JSON.stringify({ sub: ORCID, aud: 'APP-1', nonce: 'n' })).toString('base64url') +
	'.c2lnbmF0dXJlLXZhbHVl';

const orcid = fakeOrcidPerTest();

it('no traffic record or error carries a secret, token or code', async () => {
	let resetOnce = true;
	orcid.handle((req, res, raw) => {
		const form = Object.fromEntries(new URLSearchParams(req.body));
		if (req.path === '/oauth/token') {
			if (form.grant_type === 'client_credentials') {
				return json(res, 200, {
					access_token: CLIENT_TOKEN,
					token_type: 'bearer',
					scope: form.scope,
				});
			}
			if (form.grant_type === 'authorization_code') {
				// a careless server echoing what it was sent
				return json(res, 200, {
					access_token: ACCESS,
					refresh_token: REFRESH,
					id_token: ID_TOKEN,
					token_type: 'bearer',
					expires_in: 631138518,
					scope: '/read-limited /activities/update openid',
					name: 'Josiah Carberry',
					orcid: ORCID,
					debug: `received ${req.body}`,
				});
			}
			if (form.refresh_token === 'already-revoked-refresh') {
				return json(res, 400, {
					error: 'invalid_grant',
					error_description: `Invalid refresh token: ${form.refresh_token}`,
				});
			}
			return json(res, 200, { access_token: NEW_ACCESS, refresh_token: NEW_REFRESH, orcid: ORCID });
		}
		if (req.path === '/oauth/revoke') return json(res, 200, { revoked: form.token });
		if (req.path.includes('/works') && resetOnce) {
			resetOnce = false;
			return reset(raw);
		}
		if (req.headers.authorization === `Bearer ${NEW_ACCESS}`) {
			return json(res, 401, {
				error: 'invalid_token',
				error_description: `Invalid access token: ${NEW_ACCESS}`,
			});
		}
		json(res, 200, {
			seen: `${req.headers.authorization} ${req.path}`,
			title: 'A work',
			orcid: ORCID,
		});
	});

	const s = sessionAt(
		orcid.url,
		{ sleep: recordingSleep().sleep },
		{},
		{ tokenEncryptionKey: ENCRYPTION_KEY, linkSigningSecret: LINK_SECRET },
	);
	const sealed = encryptToken(ACCESS, ENCRYPTION_KEY);
	const errors: unknown[] = [];
	const attempt = async (call: () => Promise<unknown>) => {
		try {
			await call();
		} catch (error) {
			errors.push(error);
		}
	};

	await attempt(() =>
		s.tokenRequest({
			grant_type: 'authorization_code',
			code: CODE,
			redirect_uri: `${orcid.url}/cb?code=${CODE}`,
		}),
	);
	await attempt(() =>
		s.request({ api: 'member', method: 'GET', path: `/${ORCID}/works`, token: sealed }),
	);
	await attempt(() =>
		s.request({
			api: 'member',
			method: 'GET',
			path: `/${ORCID}/person`,
			token: ACCESS,
			qs: { access_token: ACCESS },
		}),
	);
	await attempt(() => s.request({ api: 'public', method: 'GET', path: `/${ORCID}/record` }));
	await attempt(() => s.tokenRequest({ grant_type: 'refresh_token', refresh_token: REFRESH }));
	await attempt(() =>
		s.request({ api: 'member', method: 'GET', path: `/${ORCID}/email`, token: NEW_ACCESS }),
	);
	await attempt(() =>
		s.tokenRequest({ grant_type: 'refresh_token', refresh_token: 'already-revoked-refresh' }),
	);
	await attempt(() => s.revokeRequest(NEW_REFRESH));
	await attempt(() => s.revokeRequest(sealed));

	// the run did what it should: every kind of call is recorded
	expect(errors).toHaveLength(2);
	expect(s.traffic.length).toBeGreaterThanOrEqual(10);
	expect(s.traffic.filter((t) => t.status === null)).toHaveLength(1);
	expect(s.traffic.map((t) => t.orcidErrorCode).filter(Boolean)).toEqual([
		'invalid_token',
		'invalid_grant',
	]);
	const exchange = s.traffic[0];
	expect(exchange.requestBody).toEqual({
		grant_type: 'authorization_code',
		code: REDACTED,
		redirect_uri: `${orcid.url}/cb?code=${REDACTED}`,
		client_id: 'APP-EMUMEMBER0000001',
		client_secret: REDACTED,
	});
	expect(exchange.responseBody).toMatchObject({
		name: 'Josiah Carberry',
		orcid: ORCID,
		access_token: REDACTED,
		id_token: REDACTED,
	});

	// what the server receives, then what only ORCID's answers or our own storage hold
	const sent = [CLIENT_SECRET, CODE, ACCESS, REFRESH, NEW_ACCESS, NEW_REFRESH, CLIENT_TOKEN];
	const secrets = [
		...sent,
		ID_TOKEN,
		ENCRYPTION_KEY,
		LINK_SECRET,
		'already-revoked-refresh',
		sealed,
	];
	const everything =
		JSON.stringify({ traffic: s.traffic, errors: errors.map((e) => JSON.stringify(e)) }) +
		errors
			.map((e) => `${(e as Error).message} ${(e as { description?: string }).description}`)
			.join(' ');
	for (const secret of secrets) {
		expect({ secret, found: everything.includes(secret) }).toEqual({ secret, found: false });
		expect(everything.includes(encodeURIComponent(secret))).toBe(false);
	}
	// ... while the server really received them (the test is not vacuous)
	const received = JSON.stringify(orcid.requests);
	for (const secret of sent) {
		expect(received.includes(secret) || received.includes(encodeURIComponent(secret))).toBe(true);
	}
});

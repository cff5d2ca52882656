'use strict';
// OAuth 2.0 and OpenID Connect as ORCID runs them: /oauth/authorize (sign-in + consent page),
// /oauth/token (authorization_code, refresh_token, client_credentials), /oauth/revoke,
// /oauth/jwks, /oauth/userinfo, /.well-known/openid-configuration.

const crypto = require('crypto');
const { oauth } = require('./errors');
const { readBody, send } = require('./http');
const { consentPage, errorPage } = require('./pages');
const { parseScopes, expandScopes } = require('./scopes');
const { CLIENT_CREDENTIAL_SCOPES, EXPIRES_IN } = require('./state');

const CODE_LIFETIME_MS = 10 * 60 * 1000;
// ORCID's authorization server's answer to a code exchange it refuses for a reused code or a
// parameter that does not match (ORCID-Source: orcid-api-web/tutorial/api_errors.md, PR #7496)
const EXCHANGE_REFUSED =
	'One of the provided parameters is invalid, or, the provided token/code is invalid or expired';
const THREE_LEGGED = new Set([
	'/authenticate',
	'openid',
	'/read-public',
	'/read-limited',
	'/activities/read-limited',
	'/person/read-limited',
	'/activities/update',
	'/person/update',
]);

function b64url(buf) {
	return Buffer.from(buf)
		.toString('base64')
		.replace(/\+/g, '-')
		.replace(/\//g, '_')
		.replace(/=+$/, '');
}

function redirectMatches(registered, uri) {
	for (const pattern of registered) {
		const re = new RegExp(
			'^' +
				pattern
					.split('*')
					.map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
					.join('\\d+'),
		);
		if (re.test(uri)) return true;
	}
	return false;
}

function withParams(uri, params, fragment = false) {
	const qs = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) qs.set(k, v);
	if (fragment) return `${uri.split('#')[0]}#${qs.toString()}`;
	return uri + (uri.includes('?') ? '&' : '?') + qs.toString();
}

function parseCookies(header) {
	const out = {};
	for (const part of String(header || '').split(';')) {
		const i = part.indexOf('=');
		if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
	}
	return out;
}

class OAuth {
	constructor(emu) {
		this.emu = emu;
		this.state = emu.state;
		const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
		this.privateKey = privateKey;
		this.kid = crypto.randomBytes(8).toString('hex');
		this.jwk = { ...publicKey.export({ format: 'jwk' }), use: 'sig', kid: this.kid, alg: 'RS256' };
	}

	async handle(req, res, call, url) {
		const p = url.pathname;
		if (p === '/oauth/authorize') return this.authorize(req, res, call, url);
		if (p === '/oauth/token') return this.token(req, res, call, url);
		if (p === '/oauth/revoke') return this.revoke(req, res, call, url);
		if (p === '/oauth/jwks') return send(res, 200, { keys: [this.jwk] });
		if (p === '/oauth/userinfo') return this.userinfo(req, res, call, url);
		if (p === '/.well-known/openid-configuration') return send(res, 200, this.discovery());
		if (p === '/userStatus.json') {
			const cookies = parseCookies(req.headers.cookie);
			if (url.searchParams.get('logUserOut') === 'true' && cookies.orcid_emu_session) {
				this.state.sessions.delete(cookies.orcid_emu_session);
			}
			return send(
				res,
				200,
				{ loggedIn: false },
				{ 'Set-Cookie': 'orcid_emu_session=; Path=/; Max-Age=0' },
			);
		}
		throw oauth(404, 'not_found', `No such endpoint: ${p}`);
	}

	discovery() {
		const base = this.emu.url;
		return {
			issuer: base,
			authorization_endpoint: `${base}/oauth/authorize`,
			token_endpoint: `${base}/oauth/token`,
			userinfo_endpoint: `${base}/oauth/userinfo`,
			jwks_uri: `${base}/oauth/jwks`,
			scopes_supported: ['openid'],
			response_types_supported: ['code', 'id_token', 'id_token token'],
			grant_types_supported: ['authorization_code', 'implicit', 'refresh_token'],
			claims_supported: ['family_name', 'given_name', 'name', 'auth_time', 'iss', 'sub'],
			subject_types_supported: ['public'],
			id_token_signing_alg_values_supported: ['RS256'],
			// ORCID-Source: orcid-core/src/main/java/org/orcid/core/oauth/openid/
			// OpenIDConnectDiscoveryService.java lists it (and still only client_secret_post,
			// although HTTP Basic is accepted)
			token_endpoint_auth_signing_alg_values_supported: ['RS256'],
			token_endpoint_auth_methods_supported: ['client_secret_post'],
			claims_parameter_supported: false,
		};
	}

	// ---------- /oauth/authorize ----------

	htmlError(res, status, lang, error, description) {
		send(res, status, errorPage(lang, error, description), {
			'Content-Type': 'text/html;charset=UTF-8',
		});
	}

	/** Checks an authorize request; answers an error itself and returns null when it is not usable. */
	checkAuthorizeRequest(res, params) {
		const lang = params.lang;
		const client = this.state.clients.get(params.client_id || '');
		if (!client) {
			this.htmlError(
				res,
				400,
				lang,
				'invalid_client',
				`Client not found: ${params.client_id || ''}`,
			);
			return null;
		}
		const redirectUri = params.redirect_uri;
		if (!redirectUri || !redirectMatches(client.redirectUris, redirectUri)) {
			this.htmlError(
				res,
				400,
				lang,
				'invalid_grant',
				"Redirect URI doesn't match your registered redirect URIs.",
			);
			return null;
		}
		const responseType = params.response_type || '';
		const scopes = parseScopes(params.scope);
		const fail = (error, description) => {
			const fragment = responseType.includes('token');
			this.redirect(
				res,
				withParams(
					redirectUri,
					{ error, error_description: description, state: params.state },
					fragment,
				),
			);
			return null;
		};
		if (!['code', 'token', 'id_token token', 'id_token'].includes(responseType)) {
			return fail('unsupported_response_type', `Unsupported response type: ${responseType}`);
		}
		if (!scopes.length) return fail('invalid_scope', 'Missing scope');
		for (const s of scopes) {
			if (!THREE_LEGGED.has(s) || !client.scopes.includes(s)) {
				return fail('invalid_scope', `Invalid scope: ${s}`);
			}
		}
		if (responseType !== 'code' && scopes.some((s) => s !== '/authenticate' && s !== 'openid')) {
			return fail('invalid_scope', 'The implicit flow is only for /authenticate and openid');
		}
		if (params.prompt === 'none' && !scopes.includes('openid')) {
			return fail('invalid_request', 'prompt=none requires the openid scope');
		}
		return { client, redirectUri, scopes, responseType };
	}

	redirect(res, location, headers = {}) {
		send(res, 302, '', { Location: location, ...headers });
	}

	researchersForPage() {
		return [...this.state.records.values()]
			.filter((r) => !r.profile.primaryOrcid && !r.profile.deactivated)
			.map((r) => r.profile);
	}

	async authorize(req, res, call, url) {
		let params = Object.fromEntries(url.searchParams);
		if (req.method === 'POST') {
			const body = await readBody(req);
			params = { ...params, ...Object.fromEntries(new URLSearchParams(body)) };
		} else if (req.method !== 'GET') {
			throw oauth(405, 'invalid_request', `${req.method} is not supported`);
		}
		call.client = params.client_id || null;
		const checked = this.checkAuthorizeRequest(res, params);
		if (!checked) return;
		const { client, scopes } = checked;
		const cookies = parseCookies(req.headers.cookie);
		const sessionOrcid = cookies.orcid_emu_session
			? this.state.sessions.get(cookies.orcid_emu_session)
			: null;

		if (req.method === 'GET') {
			const granted =
				sessionOrcid &&
				this.state.grants.some(
					(g) =>
						g.clientId === client.clientId &&
						g.orcid === sessionOrcid &&
						scopes.every((s) => g.scopes.includes(s)),
				);
			if (params.prompt === 'none') {
				if (!sessionOrcid)
					return this.fail(res, checked, params, 'login_required', 'Login required');
				if (!granted)
					return this.fail(res, checked, params, 'interaction_required', 'Interaction required');
				return this.complete(res, checked, params, sessionOrcid);
			}
			if (granted && params.prompt !== 'login')
				return this.complete(res, checked, params, sessionOrcid);
			return this.page(
				res,
				client,
				scopes,
				params,
				null,
				params.prompt === 'login' ? null : sessionOrcid,
			);
		}

		// POST: the researcher clicked Authorize or Deny
		if (params.action === 'deny') {
			return this.fail(res, checked, params, 'access_denied', 'User denied access');
		}
		if (params.action !== 'authorize') {
			return this.page(
				res,
				client,
				scopes,
				params,
				'Choose Authorize access or Deny access.',
				sessionOrcid,
			);
		}
		let orcid = params.researcher;
		if (!orcid)
			return this.page(
				res,
				client,
				scopes,
				params,
				'Choose an ORCID iD to sign in with, or register.',
				null,
			);
		if (orcid === 'new') {
			const given = (params.given_names || '').trim();
			if (!given) {
				return this.page(
					res,
					client,
					scopes,
					params,
					'Given names are required to register.',
					null,
				);
			}
			const rec = this.state.addResearcher({
				givenNames: given,
				familyName: (params.family_names || '').trim() || null,
				email: (params.email || '').trim() || null,
			});
			orcid = rec.orcid;
		} else {
			const rec = this.state.record(orcid);
			if (!rec || rec.profile.primaryOrcid || rec.profile.deactivated) {
				return this.page(res, client, scopes, params, `Unknown ORCID iD ${orcid}.`, null);
			}
		}
		const session = crypto.randomBytes(16).toString('hex');
		this.state.sessions.set(session, orcid);
		return this.complete(res, checked, params, orcid, {
			'Set-Cookie': `orcid_emu_session=${session}; Path=/; HttpOnly; SameSite=Lax`,
		});
	}

	page(res, client, scopes, params, error, signedIn) {
		const html = consentPage({
			client,
			scopes,
			params,
			researchers: this.researchersForPage(),
			error,
			signedIn,
		});
		send(res, 200, html, { 'Content-Type': 'text/html;charset=UTF-8' });
	}

	fail(res, checked, params, error, description) {
		const fragment = checked.responseType !== 'code';
		this.redirect(
			res,
			withParams(
				checked.redirectUri,
				{ error, error_description: description, state: params.state },
				fragment,
			),
		);
	}

	/** What an Authorize click does: a code (or implicit tokens) on the redirect URI. */
	complete(res, checked, params, orcid, headers = {}) {
		const location = this.grant(checked, params, orcid);
		this.redirect(res, location, headers);
	}

	grant(checked, params, orcid) {
		const { client, redirectUri, scopes, responseType } = checked;
		if (responseType === 'code') {
			const code = this.state.createCode({
				clientId: client.clientId,
				orcid,
				scopes,
				redirectUri,
				state: params.state,
				nonce: params.nonce,
			});
			return withParams(redirectUri, { code: code.code, state: params.state });
		}
		const token = this.state.issueToken({
			clientId: client.clientId,
			orcid,
			scopes,
			expiresIn: 599,
			nonce: params.nonce,
		});
		this.state.grants.push({ clientId: client.clientId, orcid, scopes });
		const out = { state: params.state };
		// response_type "id_token" alone: an id_token and no access token (OpenID Connect Core
		// 3.2.2.5); "token" and "id_token token" carry the access token
		if (responseType.split(' ').includes('token')) {
			Object.assign(out, {
				access_token: token.accessToken,
				token_type: 'bearer',
				expires_in: 599,
				tokenVersion: 1,
				persistent: false,
			});
		}
		if (scopes.includes('openid')) out.id_token = this.idToken(token, client);
		return withParams(redirectUri, out, true);
	}

	/** POST /_emulator/consent: the same as a researcher's Authorize click, for tests. */
	consent({ clientId, orcid, scope, redirectUri, state, nonce, responseType }) {
		const params = {
			client_id: clientId,
			redirect_uri: redirectUri,
			scope: Array.isArray(scope) ? scope.join(' ') : scope,
			response_type: responseType || 'code',
			state,
			nonce,
		};
		let failure = null;
		const fakeRes = {
			headersSent: false,
			writeHead(status, headers) {
				failure = { status, location: headers && headers.Location };
			},
			end() {},
		};
		const checked = this.checkAuthorizeRequest(fakeRes, params);
		if (!checked) {
			const err = new Error(
				failure && failure.location
					? `authorize refused: ${failure.location}`
					: 'authorize refused',
			);
			err.status = 400;
			err.redirect = failure && failure.location;
			throw err;
		}
		const rec = this.state.record(orcid);
		if (!rec) {
			const err = new Error(`Unknown ORCID iD ${orcid}`);
			err.status = 404;
			throw err;
		}
		return this.grant(checked, params, orcid);
	}

	/** POST /_emulator/consent with {deny: true}: the researcher's Deny click. */
	deny({ clientId, redirectUri, state }) {
		const client = this.state.clients.get(clientId);
		if (!client || !redirectUri || !redirectMatches(client.redirectUris, redirectUri)) {
			const err = new Error('Unknown client or redirect URI not registered');
			err.status = 400;
			throw err;
		}
		return withParams(redirectUri, {
			error: 'access_denied',
			error_description: 'User denied access',
			state,
		});
	}

	// ---------- /oauth/token ----------

	async readForm(req, url) {
		const body = req.method === 'POST' ? await readBody(req) : '';
		return {
			...Object.fromEntries(url.searchParams),
			...Object.fromEntries(new URLSearchParams(body)),
		};
	}

	/**
	 * Client authentication: client_id/client_secret in the form, or HTTP Basic (accepted on
	 * token and revoke since 2025; ORCID-Source: orcid-web/.../OauthGenericCallsController.java,
	 * orcid-web/.../oauth2/RevokeController.java forward the header to the authorization server).
	 */
	authenticateClient(req, form) {
		let id = form.client_id;
		let secret = form.client_secret;
		const auth = req.headers.authorization;
		if (auth && String(auth).trim() !== '') {
			({ id, secret } = decodeBasic(auth));
		}
		if (!id) throw oauth(401, 'invalid_client', 'No client credentials presented');
		const client = this.state.clients.get(id);
		if (!client) throw oauth(401, 'invalid_client', `Client not found: ${id}`);
		if (secret !== client.clientSecret)
			throw oauth(401, 'invalid_client', 'Bad client credentials');
		return client;
	}

	async token(req, res, call, url) {
		if (req.method !== 'POST') {
			throw oauth(
				405,
				'invalid_request',
				'Method GET is not supported for token requests. POST IS supported, but BASIC authentication is the preferred method of authenticating clients.',
			);
		}
		const form = await this.readForm(req, url);
		const client = this.authenticateClient(req, form);
		call.client = client.clientId;
		const grant = form.grant_type;
		// ORCID-Source: orcid-web/.../OauthGenericCallsController.java (obtainOauth2TokenPost)
		if (!grant) throw oauth(400, 'unsupported_grant_type', 'grant_type is missing');
		let body;
		if (grant === 'authorization_code') body = this.codeGrant(client, form);
		else if (grant === 'refresh_token') body = this.refreshGrant(client, form);
		else if (grant === 'client_credentials') body = this.clientCredentials(client, form);
		else throw oauth(400, 'unsupported_grant_type', `Unsupported grant type: ${grant}`);
		send(res, 200, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
	}

	displayName(orcid) {
		const rec = orcid && this.state.record(orcid);
		if (!rec || rec.profile.nameVisibility !== 'public') return null;
		const p = rec.profile;
		return p.creditName || [p.givenNames, p.familyName].filter((x) => x).join(' ') || null;
	}

	tokenResponse(token, client) {
		const out = {
			access_token: token.accessToken,
			token_type: 'bearer',
			refresh_token: token.refreshToken,
			expires_in: token.expiresIn,
			scope: token.scopes.join(' '),
			name: this.displayName(token.orcid),
			orcid: token.orcid,
		};
		if (token.scopes.includes('openid')) out.id_token = this.idToken(token, client);
		return out;
	}

	codeGrant(client, form) {
		const code = form.code;
		if (!code) throw oauth(400, 'invalid_request', 'An authorization code must be supplied');
		const c = this.state.codes.get(code);
		if (!c || c.clientId !== client.clientId) {
			throw oauth(400, 'invalid_grant', `Invalid authorization code: ${code}`);
		}
		if (c.usedAt) {
			// since 2017 ORCID revokes every token issued from a code that is used twice
			for (const t of this.state.tokens.values())
				if (t.code === code) this.state.revokeToken(t, 'reused-code');
			throw oauth(400, 'invalid_grant', EXCHANGE_REFUSED);
		}
		if (Date.now() - c.created > CODE_LIFETIME_MS) {
			throw oauth(400, 'invalid_grant', `Invalid authorization code: ${code}`);
		}
		// redirect_uri is optional since 2025 (ORCID-Source: orcid-core/.../oauth/
		// authorizationServer/AuthorizationServerUtil.java forwards it only when not blank); when
		// given it must still be the one the code was issued for
		const redirectUri = form.redirect_uri;
		if (redirectUri) {
			if (redirectUri !== c.redirectUri) throw oauth(400, 'invalid_grant', EXCHANGE_REFUSED);
		}
		c.usedAt = Date.now();
		const token = this.state.issueToken({
			clientId: client.clientId,
			orcid: c.orcid,
			scopes: c.scopes,
			codeId: code,
			nonce: c.nonce,
		});
		return this.tokenResponse(token, client);
	}

	refreshGrant(client, form) {
		const refresh = form.refresh_token;
		if (!refresh) throw oauth(400, 'invalid_request', 'Missing refresh token');
		const access = this.state.refreshTokens.get(refresh);
		const old = access && this.state.tokens.get(access);
		if (!old || old.clientId !== client.clientId || old.revoked) {
			throw oauth(400, 'invalid_grant', `Invalid refresh token: ${refresh}`);
		}
		let scopes = old.scopes;
		if (form.scope) {
			scopes = parseScopes(form.scope);
			const allowed = expandScopes(old.scopes);
			const bad = scopes.find((s) => !allowed.has(s));
			if (bad) throw oauth(401, 'invalid_scope', `Invalid scope: ${bad}`);
		}
		// Only client, refresh token and scope reach ORCID's authorization server since 2025:
		// revoke_old and expires_in are ignored (ORCID-Source: orcid-core/src/main/java/org/orcid/
		// core/oauth/authorizationServer/AuthorizationServerUtil.java, forwardRefreshTokenRequest)
		const token = this.state.issueToken({
			clientId: client.clientId,
			orcid: old.orcid,
			scopes,
			expiresIn: EXPIRES_IN,
			codeId: old.code,
			nonce: old.nonce,
		});
		return this.tokenResponse(token, client);
	}

	clientCredentials(client, form) {
		const scopes = parseScopes(form.scope);
		if (!scopes.length) throw oauth(400, 'invalid_request', 'Missing scope');
		for (const s of scopes) {
			if (!CLIENT_CREDENTIAL_SCOPES.includes(s) || !client.scopes.includes(s)) {
				throw oauth(401, 'invalid_scope', `Invalid scope: ${s}`);
			}
		}
		const token = this.state.issueToken({ clientId: client.clientId, orcid: null, scopes });
		return {
			access_token: token.accessToken,
			token_type: 'bearer',
			refresh_token: token.refreshToken,
			expires_in: token.expiresIn,
			scope: scopes.join(' '),
			orcid: null,
		};
	}

	/**
	 * The public name claims, as ORCID's buildIdToken and userinfo give them: name is the
	 * credit name only; nothing when the name is not public.
	 */
	nameClaims(orcid) {
		const rec = orcid && this.state.record(orcid);
		if (!rec || rec.profile.nameVisibility !== 'public') return {};
		const p = rec.profile;
		const out = {};
		if (p.creditName) out.name = p.creditName;
		if (p.familyName) out.family_name = p.familyName;
		if (p.givenNames) out.given_name = p.givenNames;
		return out;
	}

	// ORCID-Source: orcid-core/src/main/java/org/orcid/core/oauth/openid/
	// OpenIDConnectTokenEnhancer.java (buildIdToken, last at 80b50c1fb6^): the name claims are
	// added in every flow, code and implicit
	idToken(token, client) {
		const now = Math.floor(Date.now() / 1000);
		const header = { kid: this.kid, alg: 'RS256' };
		const atHash = b64url(
			crypto.createHash('sha256').update(token.accessToken).digest().subarray(0, 16),
		);
		const payload = {
			at_hash: atHash,
			aud: client.clientId,
			sub: token.orcid,
			auth_time: Math.floor(token.issuedAt / 1000),
			iss: this.emu.url,
			exp: now + 24 * 3600,
			iat: now,
			jti: crypto.randomUUID(),
		};
		if (client.apiType === 'member') payload.amr = 'pwd';
		if (token.nonce) payload.nonce = token.nonce;
		Object.assign(payload, this.nameClaims(token.orcid));
		const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
		const signature = crypto.sign('RSA-SHA256', Buffer.from(signingInput), this.privateKey);
		return `${signingInput}.${b64url(signature)}`;
	}

	// ---------- /oauth/revoke, /oauth/userinfo ----------

	async revoke(req, res, call, url) {
		if (req.method !== 'POST') throw oauth(405, 'invalid_request', 'Use POST');
		const form = await this.readForm(req, url);
		const client = this.authenticateClient(req, form);
		call.client = client.clientId;
		const value = form.token;
		if (!value) throw oauth(400, 'invalid_request', 'Missing token');
		const access = this.state.tokens.has(value) ? value : this.state.refreshTokens.get(value);
		const token = access && this.state.tokens.get(access);
		if (token && token.clientId === client.clientId) this.state.revokeToken(token, 'client');
		send(res, 200, '');
	}

	/**
	 * ORCID-Source: orcid-web/src/main/java/org/orcid/frontend/web/controllers/OpenIDController.java
	 * (getUserInfo, getUserInfoPOST): the token in the Authorization header, or access_token in a
	 * POST form; any token that is missing, unknown, revoked, expired or without a scope that
	 * includes /authenticate -> 403 {"error":"access_denied","error-description":...}.
	 */
	async userinfo(req, res, call, url) {
		if (req.method !== 'GET' && req.method !== 'POST') {
			throw oauth(405, 'invalid_request', `${req.method} is not supported`);
		}
		const candidates = [];
		if (req.method === 'POST') {
			const form = await this.readForm(req, url);
			if (form.access_token) candidates.push(form.access_token);
		}
		if (req.headers.authorization !== undefined) {
			candidates.push(
				String(req.headers.authorization)
					.replace(/Bearer|bearer/g, '')
					.trim(),
			);
		}
		for (const value of candidates) {
			const token = this.state.tokens.get(value);
			if (!token || token.revoked || token.issuedAt + token.expiresIn * 1000 < Date.now()) continue;
			if (!token.orcid || !expandScopes(token.scopes).has('/authenticate')) continue;
			call.client = token.clientId;
			return send(res, 200, {
				id: `https://${this.emu.recordHost}/${token.orcid}`,
				sub: token.orcid,
				...this.nameClaims(token.orcid),
			});
		}
		send(res, 403, { error: 'access_denied', 'error-description': 'access_token is invalid' });
	}
}

/**
 * HTTP Basic client credentials as RFC 6749 §2.3.1 has them: base64 of id ":" secret, each
 * application/x-www-form-urlencoded ("+" is a space). Anything else -> 401 invalid_client.
 */
function decodeBasic(header) {
	const m = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(String(header));
	const bad = () => oauth(401, 'invalid_client', 'Bad client credentials');
	if (!m || m[1].length % 4 === 1) throw bad();
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	if (i < 0) throw bad();
	const formDecode = (text) => {
		try {
			return decodeURIComponent(text.replace(/\+/g, ' '));
		} catch {
			throw bad();
		}
	};
	return { id: formDecode(decoded.slice(0, i)), secret: formDecode(decoded.slice(i + 1)) };
}

module.exports = { OAuth, redirectMatches, decodeBasic };

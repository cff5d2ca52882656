/**
 * The ORCID Auth Trigger's whole OAuth round trip in the n8n engine, over real HTTP, against the
 * ORCID emulator: start link -> ORCID (the emulator's consent, as a researcher's Authorize
 * click) -> callback -> code exchange -> token record, pages and outputs.
 */
import type { IDataObject } from 'n8n-workflow';

import type { WebhookCallResult, WebhookServer } from '../harness';
import { followCallback, TestBrowser, type CallbackPage } from './authTrigger.helpers';
import { decryptToken } from '../../nodes/shared/auth/tokens';
import { SCOPE_PRESETS } from '../../nodes/shared/auth/scopes';
import { signState } from '../../nodes/shared/auth/signing';
import {
	CARBERRY,
	consent,
	CONTINUE_URL,
	MEMBER_SECRET,
	PUBLIC_SECRET,
	SECOND,
	staleState,
	startLink,
	SUPPORT,
	TRIGGER,
	triggerSuite,
} from './authTrigger.helpers';

const suite = triggerSuite();
const emu = suite.emu;

async function serve(
	parameters: IDataObject = {},
	apiType: 'member' | 'public' = 'member',
	credential: IDataObject = {},
): Promise<WebhookServer> {
	return await suite.serve(parameters, { apiType, credential });
}

interface RoundTrip {
	authorize: URL;
	redirect: string;
	/** the result page the callback's 303 led to, with the callback's run */
	callback: CallbackPage;
	browser: TestBrowser;
}

/** Start link -> 302 to ORCID -> the researcher authorizes -> back to the callback. */
async function roundTrip(
	server: WebhookServer,
	options: {
		ref?: string;
		orcid?: string;
		secret?: string;
		clientId?: string;
		query?: IDataObject;
		browser?: TestBrowser;
	} = {},
): Promise<RoundTrip> {
	const browser = options.browser ?? new TestBrowser(server);
	const start = await browser.request('setup', {
		query: {
			link: startLink(server, options.ref ?? 'user-1', options.secret ?? MEMBER_SECRET),
			...(options.query as object),
		},
	});
	expect(start.status).toBe(302);
	const authorize = new URL(start.location!);
	const { redirect } = await consent(emu, {
		clientId: authorize.searchParams.get('client_id'),
		orcid: options.orcid ?? CARBERRY,
		scope: authorize.searchParams.get('scope'),
		redirectUri: authorize.searchParams.get('redirect_uri'),
		state: authorize.searchParams.get('state'),
		nonce: authorize.searchParams.get('nonce') ?? undefined,
	});
	const callback = await followCallback(browser, await browser.fetch(redirect));
	return { authorize, redirect, callback, browser };
}

/** The researcher authorizes and comes back to the trigger carrying `state`. */
async function comeBackWith(browser: TestBrowser, state: string): Promise<CallbackPage> {
	const { redirect } = await consent(emu, {
		scope: '/read-limited /activities/update',
		redirectUri: browser.server.webhookUrl(TRIGGER, 'default'),
		state,
	});
	return await followCallback(browser, await browser.fetch(redirect));
}

/** A browser that opened a start link for `ref`: the authorize URL it was sent to. */
async function started(
	browser: TestBrowser,
	ref = 'user-1',
	query: IDataObject = {},
): Promise<URL> {
	const start = await browser.request('setup', {
		query: { link: startLink(browser.server, ref), ...(query as object) },
	});
	expect(start.status).toBe(302);
	return new URL(start.location!);
}

/** The callback showed the page of `reason`, connected nobody and failed so; its traffic. */
function refused(r: WebhookCallResult, reason: string, failure: IDataObject): IDataObject[] {
	expect(r.body).toContain(`data-page="${reason}"`);
	const [connected, failed, traffic] = outputs(r);
	expect(connected).toEqual([]);
	expect(failed[0]).toMatchObject({ reason, ...failure });
	return traffic;
}

function outputs(r: WebhookCallResult): IDataObject[][] {
	const node = r.run!.nodes[TRIGGER];
	return [node.outputs[0] ?? [], node.outputs[1] ?? [], node.outputs[2] ?? []];
}

async function person(token: string, orcid = CARBERRY): Promise<number> {
	const res = await fetch(`${emu.memberApi}/v3.0/${orcid}/person`, {
		headers: { Accept: 'application/vnd.orcid+json', Authorization: `Bearer ${token}` },
	});
	return res.status;
}

describe('ORCID Auth Trigger: connected', () => {
	it.each(Object.keys(SCOPE_PRESETS))(
		'preset %s: emits the token record and shows the iD',
		async (preset) => {
			const server = await serve({ scopePreset: preset });
			const { callback } = await roundTrip(server, { ref: `user-${preset}` });

			expect(callback.status).toBe(200);
			expect(callback.headers['content-type']).toBe('text/html; charset=utf-8');
			expect(callback.headers['referrer-policy']).toBe('no-referrer');
			const html = callback.body;
			expect(html).toContain('data-page="success"');
			expect(html).toContain(
				`<a href="https://sandbox.orcid.org/${CARBERRY}" aria-label="View ORCID record"`,
			);
			expect(html).toContain(`>https://sandbox.orcid.org/${CARBERRY}</span></a>`);
			expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="ORCID iD icon"/);
			expect(html).toContain('Josiah Carberry');
			expect(html).toContain(`href="${CONTINUE_URL}"`);
			expect(html).toContain(SUPPORT);

			const [connected, failed, traffic] = outputs(callback);
			expect(failed).toEqual([]);
			expect(connected).toHaveLength(1);
			const record = connected[0];
			expect(record).toMatchObject({
				orcid: CARBERRY,
				orcidUri: `https://sandbox.orcid.org/${CARBERRY}`,
				name: 'Josiah Carberry',
				environment: 'sandbox',
				apiType: 'member',
				tokenType: 'bearer',
				scopes: [...SCOPE_PRESETS[preset as keyof typeof SCOPE_PRESETS]],
				reference: `user-${preset}`,
				status: 'connected',
			});
			expect(record.expiresIn).toBeGreaterThan(600_000_000);
			expect(Date.parse(record.expiresAt as string)).toBeGreaterThan(
				Date.now() + 19 * 365 * 86400_000,
			);
			expect(record.idToken).toBeUndefined();
			expect(await person(record.accessToken as string)).toBe(200);

			// one traffic record: the code exchange, redacted
			expect(traffic).toHaveLength(1);
			expect(traffic[0]).toMatchObject({
				method: 'POST',
				url: `${emu.url}/oauth/token`,
				status: 200,
			});
			const trafficText = JSON.stringify(traffic);
			expect(trafficText).not.toContain(record.accessToken as string);
			expect(trafficText).not.toContain(record.refreshToken as string);
			expect(trafficText).not.toContain(MEMBER_SECRET);
			expect(trafficText).toContain('[redacted]');
		},
	);

	it('public API client: /authenticate token record', async () => {
		const server = await serve({}, 'public');
		const { callback } = await roundTrip(server, { secret: PUBLIC_SECRET });
		const [connected] = outputs(callback);
		expect(connected[0]).toMatchObject({
			apiType: 'public',
			scopes: ['/authenticate'],
			orcid: CARBERRY,
		});
	});

	it("answers in the start link's language", async () => {
		const server = await serve();
		const { callback } = await roundTrip(server, { query: { lang: 'fr' } });
		expect(callback.body).toContain('<html lang="fr">');
		expect(callback.body).toContain('Votre identifiant ORCID est connecté');
	});

	it('openid: verifies the id_token (signature, issuer, audience, nonce) and keeps its claims', async () => {
		const server = await serve({ openid: true, scopePreset: 'readLimited' });
		const { authorize, callback } = await roundTrip(server);
		expect(authorize.searchParams.get('scope')).toBe('openid /read-limited');
		const [connected, failed, traffic] = outputs(callback);
		expect(failed).toEqual([]);
		const record = connected[0];
		expect(record.scopes).toEqual(['openid', '/read-limited']);
		expect(typeof record.idToken).toBe('string');
		expect(record.idTokenClaims).toMatchObject({
			sub: CARBERRY,
			aud: 'APP-EMUMEMBER0000001',
			iss: emu.url,
			nonce: authorize.searchParams.get('nonce'),
		});
		expect(traffic.map((t) => `${t.method} ${t.url}`)).toEqual([
			`POST ${emu.url}/oauth/token`,
			`GET ${emu.url}/oauth/jwks`,
		]);
		expect(JSON.stringify(traffic)).not.toContain(record.idToken as string);
	});

	it('openid: an id_token that fails verification is refused and its token revoked', async () => {
		const server = await serve({ openid: true, scopePreset: 'authenticate' });
		const browser = new TestBrowser(server);
		const authorize = await started(browser);
		// the researcher comes back with a code issued for another nonce
		const { redirect } = await consent(emu, {
			scope: 'openid',
			redirectUri: authorize.searchParams.get('redirect_uri'),
			state: authorize.searchParams.get('state'),
			nonce: 'not-the-nonce-we-sent',
		});
		const callback = await followCallback(browser, await browser.fetch(redirect));
		const traffic = refused(callback, 'orcid_error', {
			detail: 'id_token_nonce',
			reference: 'user-1',
		});
		expect(traffic.map((t) => t.url)).toEqual([
			`${emu.url}/oauth/token`,
			`${emu.url}/oauth/jwks`,
			`${emu.url}/oauth/revoke`,
		]);
		const tokens = (await emu.control('GET', '/_emulator/state')).tokens as any[];
		expect(tokens.filter((t: any) => t.orcid === CARBERRY).every((t: any) => t.revoked)).toBe(true);
	});
});

describe('ORCID Auth Trigger: not connected', () => {
	it('denial: kind page (no internal reference on it), failure output with the reference, no token request', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const state = (await started(browser, 'user-5')).searchParams.get('state')!;
		const r = await followCallback(
			browser,
			await browser.request('default', {
				query: { error: 'access_denied', error_description: 'User denied access', state },
			}),
		);
		expect(r.status).toBe(200);
		expect(r.body).toContain('data-page="access_denied"');
		expect(r.body).toContain('You did not grant access');
		expect(r.body).toContain(SUPPORT);
		expect(r.body).not.toContain('user-5');
		const [connected, failed, traffic] = outputs(r);
		expect(connected).toEqual([]);
		expect(traffic).toEqual([]);
		expect(failed).toEqual([
			expect.objectContaining({
				reason: 'access_denied',
				reference: 'user-5',
				orcidErrorCode: 'access_denied',
				stateValid: true,
				flow: 'start-link',
			}),
		]);
	});

	it('tampered state: refused before any exchange, the code stays unused', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const authorize = await started(browser);
		const state = authorize.searchParams.get('state')!;
		const body = JSON.parse(Buffer.from(state.split('.')[0], 'base64url').toString());
		const tampered = `${Buffer.from(JSON.stringify({ ...body, ref: 'user-666' })).toString('base64url')}.${state.split('.')[1]}`;
		const { code } = await consent(emu, {
			scope: authorize.searchParams.get('scope'),
			redirectUri: authorize.searchParams.get('redirect_uri'),
			state: tampered,
		});
		const r = await followCallback(
			browser,
			await browser.request('default', { query: { code, state: tampered } }),
		);
		expect(r.status).toBe(400);
		expect(r.body).not.toContain('user-666');
		const traffic = refused(r, 'state_invalid', {
			reference: null,
			detail: 'signature',
			stateValid: false,
		});
		expect(traffic).toEqual([]);
		const calls = await emu.control('GET', '/_emulator/calls?path=/oauth/token');
		expect(calls).toEqual([]);
	});

	it('an empty or repeated state is refused, never taken for an ORCID-initiated one', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		for (const state of ['', ['a', 'b']]) {
			const r = await browser.request('default', { query: { code: 'Ab12Cd', state } });
			expect(outputs(r)[1][0]).toMatchObject({ reason: 'state_invalid', detail: 'malformed' });
			expect(outputs(r)[2]).toEqual([]);
		}
	});

	it('expired state: refused, the reference still named (on the page too when the admin shows references)', async () => {
		const server = await serve({ options: { showReference: true } });
		const browser = new TestBrowser(server);
		const r = await comeBackWith(browser, staleState(browser, 'user-8', 11 * 60));
		expect(r.status).toBe(410);
		expect(r.body).toContain('user-8');
		const traffic = refused(r, 'state_expired', { reference: 'user-8', stateValid: false });
		expect(traffic).toEqual([]);
	});

	it('a longer configured lifetime accepts the same state', async () => {
		const server = await serve({ options: { stateLifetimeMinutes: 15 } });
		const browser = new TestBrowser(server);
		const r = await comeBackWith(browser, staleState(browser, 'user-8', 11 * 60));
		expect(outputs(r)[0][0]).toMatchObject({ reference: 'user-8', orcid: CARBERRY });
	});

	it('reused code (a permission state, bound to an iD, not a browser): ORCID revokes the first token', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const state = signState(
			{
				ref: 'user-1',
				orcid: CARBERRY,
				flow: 'permission',
				triggerUrl: server.webhookUrl(TRIGGER, 'default'),
			},
			MEMBER_SECRET,
			{ lifetimeSeconds: 86400 },
		).token;
		const { redirect } = await consent(emu, {
			scope: '/read-limited /activities/update',
			redirectUri: server.webhookUrl(TRIGGER, 'default'),
			state,
		});
		const first = {
			redirect,
			callback: await followCallback(browser, await browser.fetch(redirect)),
		};
		const token = outputs(first.callback)[0][0].accessToken as string;
		expect(outputs(first.callback)[0][0].origin).toBe('permission');
		expect(await person(token)).toBe(200);

		const second = await followCallback(browser, await browser.fetch(first.redirect));
		expect(second.status).toBe(409);
		const traffic = refused(second, 'code_reused', {
			orcidErrorCode: 'invalid_grant',
			reference: 'user-1',
		});
		expect(traffic).toHaveLength(1);
		expect(traffic[0].status).toBe(400);
		expect(JSON.stringify(traffic)).not.toContain(
			new URL(first.redirect).searchParams.get('code')!,
		);
		expect(await person(token)).toBe(401);
	});

	it.each([
		[500, 'orcid_unavailable'],
		[502, 'orcid_unavailable'],
	])(
		'ORCID %s during the exchange: kind page, reason %s, exchanged once',
		async (status, reason) => {
			const server = await serve();
			await emu.control('POST', '/_emulator/faults', {
				method: 'POST',
				path: '/oauth/token',
				status,
				times: 0,
			});
			const { callback } = await roundTrip(server);
			expect(callback.status).toBe(503);
			expect(callback.body).toContain(SUPPORT);
			expect(callback.body).not.toMatch(/stack|\.ts:\d+|NodeApiError/);
			const traffic = refused(callback, reason, { detail: `http_${status}`, reference: 'user-1' });
			// a code is single use: a possibly-applied exchange is never sent twice
			expect(traffic).toHaveLength(1);
		},
	);

	it('ORCID 503 once: retried (ORCID cannot have used the code) and connected', async () => {
		const server = await serve();
		await emu.control('POST', '/_emulator/faults', {
			method: 'POST',
			path: '/oauth/token',
			status: 503,
			times: 1,
		});
		const { callback } = await roundTrip(server);
		const [connected, , traffic] = outputs(callback);
		expect(connected[0]).toMatchObject({ orcid: CARBERRY });
		expect(traffic.map((t) => t.status)).toEqual([503, 200]);
	});

	it('ORCID unreachable (connection reset): orcid_unavailable', async () => {
		const server = await serve();
		await emu.control('POST', '/_emulator/faults', {
			type: 'reset',
			method: 'POST',
			path: '/oauth/token',
		});
		const { callback } = await roundTrip(server);
		expect(callback.body).toContain('data-page="orcid_unavailable"');
		expect(outputs(callback)[1][0]).toMatchObject({
			reason: 'orcid_unavailable',
			detail: 'network',
		});
	});

	it('an ORCID OAuth error on the redirect is reported as orcid_error', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const state = (await started(browser)).searchParams.get('state')!;
		const r = await followCallback(
			browser,
			await browser.request('default', { query: { error: 'invalid_scope', state } }),
		);
		expect(r.body).toContain('<code>invalid_scope</code>');
		expect(outputs(r)[1][0]).toMatchObject({
			reason: 'orcid_error',
			orcidErrorCode: 'invalid_scope',
		});
	});
});

describe('ORCID Auth Trigger: token protection and hostile input', () => {
	it('encryption on: no plain token anywhere in the run data', async () => {
		const key = 'a long token encryption passphrase';
		const server = await serve({ openid: true }, 'member', { tokenEncryptionKey: key });
		const { callback, redirect } = await roundTrip(server);
		const record = outputs(callback)[0][0];
		expect(record.accessToken).toMatch(/^orcidenc:v1:/);
		expect(record.refreshToken).toMatch(/^orcidenc:v1:/);
		expect(record.idToken).toMatch(/^orcidenc:v1:/);
		const plain = {
			access: decryptToken(record.accessToken as string, key),
			refresh: decryptToken(record.refreshToken as string, key),
			id: decryptToken(record.idToken as string, key),
		};
		expect(await person(plain.access)).toBe(200);
		const everything =
			JSON.stringify(callback.run!.run) +
			JSON.stringify(callback.webhookResult) +
			JSON.stringify(callback.redirect.headers) +
			callback.body;
		for (const secret of [plain.access, plain.refresh, plain.id, key, MEMBER_SECRET]) {
			expect(everything).not.toContain(secret);
		}
		expect(everything).not.toContain(`code=${new URL(redirect).searchParams.get('code')}`);
	});

	it('a hostile reference and researcher name come out escaped on every page', async () => {
		const evilName = `<script>alert("name")</script>'"`;
		const { orcid } = await emu.control('POST', '/_emulator/researchers', {
			givenNames: evilName,
			familyName: 'Tester',
		});
		const ref = `<script>alert("ref")</script>'"&`;
		const server = await serve({ showExplainPage: true, options: { showReference: true } });
		const pages: string[] = [];
		const browser = new TestBrowser(server);
		const back = async (query: IDataObject) =>
			(await followCallback(browser, await browser.request('default', { query: query as never })))
				.body;

		const explain = await browser.request('setup', { query: { link: startLink(server, ref) } });
		pages.push(explain.body);
		const ok = await roundTrip(server, { ref, orcid, query: { confirm: '1' }, browser });
		pages.push(ok.callback.body);
		expect(outputs(ok.callback)[0][0].name).toBe(`${evilName} Tester`);
		pages.push((await followCallback(browser, await browser.fetch(ok.redirect))).body); // used
		const state = (await started(browser, ref, { confirm: '1' })).searchParams.get('state')!;
		pages.push(await back({ error: 'access_denied', state }));
		pages.push(await back({ code: 'x', state: staleState(browser, ref, 3600) }));
		pages.push(
			(
				await browser.request('setup', {
					query: { link: startLink(server, ref, MEMBER_SECRET, 7200) },
				})
			).body,
		);
		pages.push(await back({ code: '<script>', state: `<script>"'` }));

		expect(pages.map((p) => /data-page="([a-z_]+)"/.exec(p)![1])).toEqual([
			'explain',
			'success',
			'state_used',
			'access_denied',
			'state_expired',
			'link_expired',
			'state_invalid',
		]);
		for (const page of pages) {
			expect(page).not.toContain('<script>');
			expect(page).not.toContain('alert("');
		}
		for (const page of pages.slice(0, 6)) {
			expect(page).toContain('&lt;script&gt;alert(&quot;ref&quot;)&lt;/script&gt;&#39;&quot;&amp;');
		}
		expect(pages[1]).toContain(
			'&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;&#39;&quot; Tester',
		);
	});

	it('pages show the reference only when the admin asks for it (Show Reference on Pages)', async () => {
		const ref = 'library-user-4711';
		const hidden = await roundTrip(await serve(), { ref });
		expect(hidden.callback.body).toContain('data-page="success"');
		expect(hidden.callback.body).not.toContain(ref);
		const shown = await roundTrip(await serve({ options: { showReference: true } }), { ref });
		expect(shown.callback.body).toContain('data-page="success"');
		expect(shown.callback.body).toContain(`<span class="reference">${ref}</span>`);
	});

	it('a continue URL in the query is never used', async () => {
		const server = await serve();
		const { callback } = await roundTrip(server, {
			query: { continue: 'https://evil.example/next' },
		});
		const withQuery = await followCallback(
			new TestBrowser(server),
			await server.fetch(
				`${server.webhookUrl(TRIGGER, 'default')}?continue=https://evil.example/next&code=x&state=y`,
			),
		);
		for (const html of [callback.body, withQuery.body]) expect(html).not.toContain('evil.example');
		expect(callback.body).toContain(`href="${CONTINUE_URL}"`);
	});

	it('without a configured continue URL the success page has no continue link', async () => {
		const server = await serve({ continueUrl: '' });
		const { callback } = await roundTrip(server);
		expect(callback.body).toContain('data-page="success"');
		expect(callback.body).not.toContain('id="continue"');
	});

	it('each researcher gets their own record (two connections, one workflow)', async () => {
		const server = await serve();
		const a = await roundTrip(server, { ref: 'user-a', orcid: CARBERRY });
		const b = await roundTrip(server, { ref: 'user-b', orcid: SECOND });
		expect(outputs(a.callback)[0][0]).toMatchObject({ reference: 'user-a', orcid: CARBERRY });
		expect(outputs(b.callback)[0][0]).toMatchObject({ reference: 'user-b', orcid: SECOND });
	});
});

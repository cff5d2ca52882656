/**
 * The ORCID Auth Trigger's start webhook in the n8n engine over real HTTP: start links are
 * verified, the explanation page or the redirect to ORCID follows, nothing else runs.
 */
import { credentialsFor, serveWorkflow, type WebhookServer } from '../harness';
import { signState, triggerId, verifyState } from '../../nodes/shared/auth/signing';
import {
	CARBERRY,
	decodePayload,
	MEMBER_SECRET,
	NOWHERE,
	reencode,
	startLink,
	TRIGGER,
	triggerWorkflow,
} from './authTrigger.helpers';

// start makes no ORCID call: an address nobody listens on proves that
const emu = NOWHERE;

async function serve(
	parameters = {},
	apiType: 'member' | 'public' = 'member',
): Promise<WebhookServer> {
	return await serveWorkflow(triggerWorkflow({ apiType, ...parameters }), {
		credentials: credentialsFor(emu, apiType),
	});
}

describe('ORCID Auth Trigger: start', () => {
	let server: WebhookServer;
	afterEach(async () => await server?.stop());
	/** A researcher opening the start webhook with this query. */
	const start = (query: Record<string, string>) => server.request(TRIGGER, 'setup', { query });
	/** The same with a valid start link for `ref`, and the rest of the query. */
	const startAs = (ref: string, query: Record<string, string> = {}) =>
		start({ link: startLink(server, ref), ...query });

	it('302s a valid link to ORCID with the preset scopes, the callback URL and a signed state', async () => {
		server = await serve();
		const r = await startAs('user-1', {
			lang: 'fr',
			given_names: 'Josiah',
			family_names: 'Carberry',
		});
		expect(r.status).toBe(302);
		expect(r.webhookResult).toEqual({ noWebhookResponse: true });
		expect(r.run).toBeUndefined();
		const url = new URL(r.location!);
		expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:9/oauth/authorize');
		expect(url.searchParams.get('client_id')).toBe('APP-EMUMEMBER0000001');
		expect(url.searchParams.get('response_type')).toBe('code');
		expect(url.searchParams.get('scope')).toBe('/read-limited /activities/update');
		expect(r.location).toContain('scope=%2Fread-limited%20%2Factivities%2Fupdate');
		expect(url.searchParams.get('redirect_uri')).toBe(server.webhookUrl(TRIGGER, 'default'));
		expect(url.searchParams.get('redirect_uri')).toMatch(/\/webhook\/6f1c2a57-[^/]+\/callback$/);
		expect(url.searchParams.get('lang')).toBe('fr');
		expect(url.searchParams.get('given_names')).toBe('Josiah');
		expect(url.searchParams.get('family_names')).toBe('Carberry');
		expect(url.searchParams.get('nonce')).toBeNull();
		const state = verifyState(url.searchParams.get('state'), MEMBER_SECRET, {
			maxAgeSeconds: 600,
			trigger: triggerId(server.webhookUrl(TRIGGER, 'default')),
		});
		expect(state).toMatchObject({ ok: true, payload: { ref: 'user-1', lang: 'fr' } });
		expect(r.headers['cache-control']).toBe('no-store');
	});

	it('sends only the iD when the link carries one, and openid with a nonce', async () => {
		server = await serve({ openid: true, scopePreset: 'authenticate' });
		const r = await startAs('u', { orcid: CARBERRY, email: 'x@example.edu' });
		const url = new URL(r.location!);
		expect(url.searchParams.get('scope')).toBe('openid');
		expect(url.searchParams.get('orcid')).toBe(CARBERRY);
		expect(url.searchParams.get('email')).toBeNull();
		const state = verifyState(url.searchParams.get('state'), MEMBER_SECRET, {
			maxAgeSeconds: 600,
			trigger: triggerId(server.webhookUrl(TRIGGER, 'default')),
		});
		expect(state.ok && url.searchParams.get('nonce')).toBe(state.ok ? state.payload.nonce : 'x');
	});

	it('public clients ask for /authenticate only, whatever preset is stored', async () => {
		server = await serve({ scopePreset: 'personUpdate' }, 'public');
		const r = await start({ link: startLink(server, 'u', 'emu-public-secret') });
		expect(new URL(r.location!).searchParams.get('scope')).toBe('/authenticate');
	});

	it('shows the explanation page first, whose button goes on to ORCID', async () => {
		server = await serve({ showExplainPage: true, options: { purpose: 'We list your works.' } });
		const link = startLink(server, 'user-7');
		const page = await start({ link, lang: 'de', given_names: 'Jo' });
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(page.headers['content-security-policy']).toContain("default-src 'none'");
		expect(page.body).toContain('<html lang="de">');
		expect(page.body).toContain('ORCID iD erstellen oder verbinden');
		expect(page.body).toContain('We list your works.');
		expect(page.body).not.toContain('user-7'); // an internal key: shown only when asked for
		const href = /id="orcid-connect" href="([^"]+)"/.exec(page.body)![1].replace(/&amp;/g, '&');
		expect(href.startsWith('?')).toBe(true);
		const next = await server.fetch(`${server.webhookUrl(TRIGGER, 'setup')}${href}`);
		expect(next.status).toBe(302);
		const url = new URL(next.location!);
		expect(url.searchParams.get('given_names')).toBe('Jo');
		expect(url.searchParams.get('lang')).toBe('de');
	});

	it('refuses a forged reference with a kind page and nothing else', async () => {
		server = await serve();
		const genuine = startLink(server, 'user-1');
		const forged = reencode({ ...decodePayload(genuine), ref: 'user-2' }, genuine);
		const r = await start({ link: forged });
		expect(r.status).toBe(400);
		expect(r.location).toBeUndefined();
		expect(r.webhookResult).toEqual({ noWebhookResponse: true });
		expect(r.body).toContain('This link is not valid');
		expect(r.body).toContain('orcid-help@example.edu');
		expect(r.body).not.toContain('user-2');
		expect(r.body).not.toMatch(/at .+\.ts:\d+/);
	});

	it('refuses a link signed with another secret, a missing link and a state used as a link', async () => {
		server = await serve();
		for (const link of [
			startLink(server, 'user-1', 'someone else'),
			undefined,
			signState(
				{ ref: 'user-1', triggerUrl: server.webhookUrl(TRIGGER, 'default'), browserHash: 'h' },
				MEMBER_SECRET,
				{ lifetimeSeconds: 600 },
			).token,
		]) {
			const r = await start(link ? { link } : {});
			expect(r.status).toBe(400);
			expect(r.body).toContain('data-page="link_invalid"');
		}
	});

	it('refuses an expired link, naming its reference for support when the admin shows references', async () => {
		server = await serve({ options: { defaultLanguage: 'es', showReference: true } });
		const r = await start({ link: startLink(server, 'user-9', MEMBER_SECRET, 7200, 3600) });
		expect(r.status).toBe(410);
		expect(r.location).toBeUndefined();
		expect(r.body).toContain('Este enlace ha caducado');
		expect(r.body).toContain('user-9');
	});

	it('ignores a continue URL in the query', async () => {
		server = await serve();
		const r = await startAs('u', {
			continue: 'https://evil.example/x',
			redirect_uri: 'https://evil.example/cb',
		});
		expect(r.status).toBe(302);
		expect(r.location).not.toContain('evil.example');
		expect(new URL(r.location!).searchParams.get('redirect_uri')).toBe(
			server.webhookUrl(TRIGGER, 'default'),
		);
	});

	it('the explanation page does not show the reference unless the admin asks for it', async () => {
		server = await serve({ showExplainPage: true });
		const r = await startAs('library-user-9');
		expect(r.status).toBe(200);
		expect(r.body).toContain('data-page="explain"');
		expect(r.body).not.toContain('library-user-9');
	});

	it('escapes a hostile reference on the explanation page', async () => {
		server = await serve({ showExplainPage: true, options: { showReference: true } });
		const ref = `<script>alert("ref")</script>'"`;
		const r = await startAs(ref, { given_names: '<script>x</script>' });
		expect(r.status).toBe(200);
		expect(r.body).not.toContain('<script>');
		expect(r.body).toContain('&lt;script&gt;alert(&quot;ref&quot;)&lt;/script&gt;&#39;&quot;');
	});

	it('activation and deactivation register nothing remotely (honest no-op lifecycle)', async () => {
		server = await serveWorkflow(triggerWorkflow(), {
			credentials: credentialsFor(emu, 'member'),
			runWebhookMethods: true,
		});
		const r = await startAs('u');
		expect(r.status).toBe(302);
		const type = server.ctx.nodeTypes.getByNameAndVersion('n8n-nodes-orcid.orcidAuthTrigger', 1);
		const methods = type.webhookMethods!.default;
		expect(Object.keys(methods ?? {}).sort()).toEqual(['checkExists', 'create', 'delete']);
	});

	it('a misconfigured node shows a kind page instead of an n8n error', async () => {
		server = await serve({ organizationName: '' });
		const r = await startAs('u');
		expect(r.status).toBe(503);
		expect(r.body).toContain('data-page="setup_error"');
		expect(r.body).toContain('orcid-help@example.edu');
	});
});

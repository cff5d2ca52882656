/**
 * The denial page in the n8n engine over real HTTP: two sentences on what ORCID is and what the
 * institution would do (naming only the Items You Add), and a button that starts a new sign-in
 * through `start` (a fresh start link: a new state and a new browser cookie, never the refused
 * state again). A denial without the browser's cookie, or of an inbox permission, gets no button.
 */
import type { IDataObject } from 'n8n-workflow';

import { signState, triggerId, verifyState } from '../../nodes/shared/auth/signing';
import { credentialsFor, serveWorkflow, type WebhookServer } from '../harness';
import {
	CARBERRY,
	followCallback,
	MEMBER_SECRET,
	NOWHERE,
	startLink,
	TestBrowser,
	TRIGGER,
	triggerWorkflow,
} from './authTrigger.helpers';

let server: WebhookServer;
afterEach(async () => await server?.stop());

async function serve(parameters: IDataObject = {}): Promise<WebhookServer> {
	server = await serveWorkflow(
		triggerWorkflow({ itemKinds: ['works', 'funding'], ...parameters }),
		{ credentials: credentialsFor(NOWHERE, 'member') },
	);
	return server;
}

/** The researcher opens their start link and is sent to ORCID: the state ORCID got. */
async function leaveForOrcid(browser: TestBrowser, query: Record<string, string> = {}) {
	const start = await browser.request('setup', {
		query: { link: startLink(server, 'u-denied'), ...query },
	});
	expect(start.status).toBe(302);
	return new URL(start.location!).searchParams.get('state')!;
}

const retryHref = (html: string) =>
	/id="orcid-retry" href="([^"]+)"/.exec(html)?.[1].replace(/&amp;/g, '&');

describe('denial page', () => {
	it('explains ORCID and what we would do in two sentences, with a retry that starts afresh', async () => {
		await serve();
		const browser = new TestBrowser(server);
		const state = await leaveForOrcid(browser);
		const denied = await followCallback(
			browser,
			await browser.request('default', { query: { error: 'access_denied', state } }),
		);
		expect(denied.status).toBe(200);
		expect(denied.body).toContain(
			'<p class="about">ORCID gives you a free, persistent identifier that tells you apart from every other researcher and connects you with your work. With your permission, Example University would add your works and funding to your ORCID record for you.</p>',
		);
		const href = retryHref(denied.body)!;
		const url = new URL(href);
		expect(url.pathname).toBe(new URL(server.webhookUrl(TRIGGER, 'setup')).pathname);
		expect(url.searchParams.get('confirm')).toBe('1');
		expect(url.searchParams.get('link')).not.toBe(null);

		// the retry goes through start: a new state (new nonce) and a new cookie, ORCID again
		const cookiesBefore = new Set(browser.cookies.keys());
		const again = await browser.fetch(href);
		expect(again.status).toBe(302);
		const newState = new URL(again.location!).searchParams.get('state')!;
		expect(newState).not.toBe(state);
		const checked = verifyState(newState, MEMBER_SECRET, {
			maxAgeSeconds: 600,
			trigger: triggerId(server.webhookUrl(TRIGGER, 'default')),
		});
		expect(checked).toMatchObject({ ok: true, payload: { ref: 'u-denied' } });
		expect([...browser.cookies.keys()].some((name) => !cookiesBefore.has(name))).toBe(true);
	});

	it('names no item kind when the workflow only authenticates', async () => {
		await serve({ scopePreset: 'authenticate' });
		const browser = new TestBrowser(server);
		const state = await leaveForOrcid(browser, { lang: 'de' });
		const denied = await followCallback(
			browser,
			await browser.request('default', { query: { error: 'access_denied', state } }),
		);
		expect(denied.body).toContain(
			'Mit Ihrer Erlaubnis würde Example University Ihre authentifizierte ORCID iD erfassen',
		);
		expect(denied.body).not.toMatch(/Werke|Förderungen/);
		expect(retryHref(denied.body)).toContain('lang=de');
	});

	it('gives no retry to a denial coming back without the browser cookie (a copied state)', async () => {
		await serve();
		const state = await leaveForOrcid(new TestBrowser(server));
		const stranger = new TestBrowser(server);
		const denied = await followCallback(
			stranger,
			await stranger.request('default', { query: { error: 'access_denied', state } }),
		);
		expect(denied.body).toContain('data-page="access_denied"');
		expect(retryHref(denied.body)).toBeUndefined();
		expect(denied.body).toContain('If you change your mind, open the link you received again.');
	});

	it('gives no retry to a denied inbox permission request (bound to an iD, not a browser)', async () => {
		await serve();
		const state = signState(
			{
				ref: 'u-inbox',
				orcid: CARBERRY,
				flow: 'permission',
				triggerUrl: server.webhookUrl(TRIGGER, 'default'),
			},
			MEMBER_SECRET,
			{ lifetimeSeconds: 3600 },
		).token;
		const browser = new TestBrowser(server);
		const denied = await followCallback(
			browser,
			await browser.request('default', { query: { error: 'access_denied', state } }),
		);
		expect(denied.body).toContain('data-page="access_denied"');
		expect(retryHref(denied.body)).toBeUndefined();
	});
});

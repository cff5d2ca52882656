/**
 * The researcher's own pages on the ORCID Auth Trigger, in the n8n engine over real HTTP: the
 * explanation page's scope bullets, privacy link, stored-data sentence and logo; the manage page
 * (a signed link made by the ORCID Token node, bound to its trigger and researcher) and its
 * form's protections against cross-site requests, forged links and links of another researcher.
 * The manage page makes no ORCID call: the work is the workflow's (see the e2e suite).
 */
import type { IDataObject } from 'n8n-workflow';

import { signManageLink } from '../../nodes/shared/auth/manageLink';
import { signStartLink } from '../../nodes/shared/auth/signing';
import { credentialsFor, runWorkflow, serveWorkflow, type WebhookServer } from '../harness';
import {
	CARBERRY,
	MEMBER_SECRET,
	NOWHERE,
	SECOND,
	startLink,
	TestBrowser,
	TOKEN,
	tokenWorkflow,
	TRIGGER,
	triggerWorkflow,
	type CallbackPage,
} from './authTrigger.helpers';

const PAGE_OPTIONS: IDataObject = {
	showExplainPage: true,
	itemKinds: ['works', 'peerReviews', 'profileLinks'],
	privacyUrl: 'https://www.example.edu/privacy',
	options: { logoUrl: 'https://cdn.example.edu/logo.svg?v=1&x="y"' },
};

let server: WebhookServer;
afterEach(async () => await server?.stop());

async function serve(parameters: IDataObject = {}, webhookId?: string): Promise<WebhookServer> {
	const workflow = triggerWorkflow(parameters);
	if (webhookId) workflow.nodes[0].webhookId = webhookId;
	server = await serveWorkflow(workflow, { credentials: credentialsFor(NOWHERE, 'member') });
	return server;
}

const manageUrl = (s: WebhookServer) =>
	s.webhookUrl(TRIGGER, 'default').replace(/callback$/, 'manage');

function manageLink(s: WebhookServer, orcid = CARBERRY, ref = 'u-josiah', optedOut?: string[]) {
	return signManageLink({ ref, orcid, optedOut }, MEMBER_SECRET, {
		lifetimeSeconds: 3600,
		manageUrl: manageUrl(s),
	}).token;
}

function hidden(html: string, name: string): string {
	const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
	if (!m) throw new Error(`no hidden ${name}`);
	return m[1].replace(/&amp;/g, '&');
}

function bullets(html: string): string[] {
	return [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
}

function form(fields: Array<[string, string]>): string {
	return new URLSearchParams(fields).toString();
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('explanation page', () => {
	it('names only the item kinds the workflow writes, with privacy link, stored data and logo', async () => {
		await serve({ ...PAGE_OPTIONS, scopePreset: 'personUpdate' });
		const r = await server.request(TRIGGER, 'setup', { query: { link: startLink(server, 'u') } });
		expect(r.status).toBe(200);
		const list = bullets(r.body);
		expect(list).toContain(
			'Add your works and peer reviews to your record, and keep the items we added up to date.',
		);
		expect(list).toContain(
			'Add a link to your profile page and your institutional identifier to your record, and keep them up to date.',
		);
		expect(r.body).not.toMatch(/funding|affiliation|employment/i);
		expect(r.body).toContain('<a id="privacy" href="https://www.example.edu/privacy"');
		expect(r.body).toContain('Example University keeps your ORCID iD, your name as ORCID gives it');
		// the logo, escaped, and its origin (only) allowed by the page's Content-Security-Policy
		expect(r.body).toContain(
			'<img class="logo" src="https://cdn.example.edu/logo.svg?v=1&amp;x=&quot;y&quot;" alt="Example University">',
		);
		expect(r.headers['content-security-policy']).toContain(
			'img-src data: https://cdn.example.edu;',
		);
		expect(r.headers['content-security-policy']).toContain("form-action 'none'");
	});

	it('names no item kind when none is chosen (never all by default)', async () => {
		await serve({ showExplainPage: true, scopePreset: 'personUpdate' });
		const r = await server.request(TRIGGER, 'setup', { query: { link: startLink(server, 'u') } });
		const list = bullets(r.body);
		expect(list).toContain('Add items to your record, and keep the items we added up to date.');
		expect(list).toContain('Add and update information about you on your record.');
		expect(r.body).not.toMatch(/works|funding|peer review|affiliation/i);
		expect(r.body).not.toContain('id="privacy"');
		expect(r.body).not.toContain('class="logo"');
		expect(r.headers['content-security-policy']).toContain('img-src data:;');
	});

	it('names a kind only where the scope lets the workflow write it, in the page language', async () => {
		await serve({ ...PAGE_OPTIONS, scopePreset: 'activitiesUpdate' });
		const r = await server.request(TRIGGER, 'setup', {
			query: { link: startLink(server, 'u'), lang: 'fr' },
		});
		const list = bullets(r.body);
		expect(list).toContain(
			'Ajouter vos travaux et évaluations par les pairs à votre dossier et tenir à jour les éléments que nous avons ajoutés.',
		);
		expect(r.body).not.toContain('profil');
	});

	it('refuses a logo that is not https: a setup page, no logo', async () => {
		await serve({ ...PAGE_OPTIONS, options: { logoUrl: 'http://cdn.example.edu/logo.svg' } });
		const r = await server.request(TRIGGER, 'setup', { query: { link: startLink(server, 'u') } });
		expect(r.status).toBe(503);
		expect(r.body).toContain('data-page="setup_error"');
		expect(r.body).not.toContain('cdn.example.edu');
	});
});

describe('Create Manage Link', () => {
	it('signs a link for the researcher and the trigger, carrying the current opt-outs', async () => {
		await serve(PAGE_OPTIONS);
		const run = await runWorkflow(
			tokenWorkflow({
				operation: 'createManageLink',
				manageUrl: manageUrl(server),
				reference: 'u-josiah',
				orcid: `https://orcid.org/${CARBERRY}`,
				options: { optedOut: 'peer-review, funding', lang: 'de' },
			}),
			{ credentials: credentialsFor(NOWHERE, 'member') },
		);
		const out = run.nodes[TOKEN].outputs[0][0] as IDataObject;
		expect(out).toMatchObject({ reference: 'u-josiah', orcid: CARBERRY, manageLinkLanguage: 'de' });
		const browser = new TestBrowser(server);
		const page = await browser.fetch(String(out.manageLink));
		expect(page.status).toBe(200);
		expect(page.body).toContain('data-page="manage"');
		expect(page.body).toContain('<html lang="de">');
		// works still sent (ticked), peer reviews stopped (unticked); funding is not this workflow's
		expect(page.body).toContain('name="send" value="works" checked>');
		expect(page.body).toContain('name="send" value="peerReviews">');
		expect(page.body).not.toContain('value="funding"');
	});

	it('refuses a URL that is not a manage URL, and a bad item type, naming the field', async () => {
		await serve();
		const base = {
			operation: 'createManageLink',
			reference: 'u',
			orcid: CARBERRY,
		};
		const wrongUrl = await runWorkflow(
			tokenWorkflow({ ...base, manageUrl: manageUrl(server).replace(/manage$/, 'start') }),
			{ credentials: credentialsFor(NOWHERE, 'member') },
		);
		expect(wrongUrl.error?.message).toMatch(
			/^Item 0, field "manageUrl": must be the ORCID Auth Trigger's manage URL/,
		);
		const badType = await runWorkflow(
			tokenWorkflow({ ...base, manageUrl: manageUrl(server), options: { optedOut: 'work,<b>' } }),
			{ credentials: credentialsFor(NOWHERE, 'member') },
		);
		expect(badType.error?.message).toMatch(/^Item 0, field "options.optedOut": .*"<b>"/);
	});
});

describe('manage page', () => {
	/** Opens the page as the researcher's browser; returns the browser and the form fields. */
	async function open(link: string) {
		const browser = new TestBrowser(server);
		const page = await browser.fetch(`${manageUrl(server)}?link=${encodeURIComponent(link)}`);
		return { browser, page, token: page.status === 200 ? hidden(page.body, 'form') : '' };
	}

	async function post(browser: TestBrowser, body: string, headers: Record<string, string> = {}) {
		return await browser.fetch(manageUrl(server), {
			method: 'POST',
			headers: { ...FORM, ...headers },
			body,
		});
	}

	function manageOutput(r: { run?: CallbackPage['run'] }): IDataObject[] {
		return (r.run?.nodes[TRIGGER]?.outputs[3] ?? []) as IDataObject[];
	}

	it('shows the iD, the kinds and both forms; sets a strict, HttpOnly form cookie', async () => {
		await serve(PAGE_OPTIONS);
		const { page } = await open(manageLink(server));
		expect(page.status).toBe(200);
		expect(page.run).toBeUndefined();
		expect(page.body).toContain(`https://sandbox.orcid.org/${CARBERRY}`);
		expect(page.body).toContain('id="remove-items"');
		expect(page.body).toContain('class="logo"');
		expect(page.headers['content-security-policy']).toContain("form-action 'self'");
		const cookie = String(page.headers['set-cookie']);
		expect(cookie).toMatch(
			/^orcid_manage_[\w-]{16}=[\w-]+; Path=\/webhook\/[^;]+\/manage; Max-Age=3600; HttpOnly; SameSite=Strict$/,
		);
	});

	it('disconnect: emits the request on the Manage output, then the received page', async () => {
		await serve(PAGE_OPTIONS);
		const link = manageLink(server);
		const { browser, token } = await open(link);
		const r = await post(
			browser,
			form([
				['link', link],
				['form', token],
				['lang', 'en'],
				['action', 'disconnect'],
				['removeItems', '1'],
			]),
			{ Origin: new URL(server.url).origin },
		);
		expect(r.run).toBeDefined();
		expect(r.status).toBe(303);
		const [item] = manageOutput(r);
		expect(item).toMatchObject({
			action: 'disconnect',
			orcid: CARBERRY,
			reference: 'u-josiah',
			removeItems: true,
		});
		const confirmation = await browser.fetch(String(item.confirmationPage));
		expect(confirmation.body).toContain('data-page="disconnected"');
		expect(confirmation.body).toContain('id="items-removed"');
		const received = await browser.fetch(r.location!);
		expect(received.body).toContain('data-page="received"');
	});

	it('preferences: only the changes against the link go out, as item types', async () => {
		await serve(PAGE_OPTIONS);
		// the link says peer reviews are stopped; the researcher now stops works and resumes peer reviews
		const link = manageLink(server, CARBERRY, 'u-josiah', ['peer-review', 'funding']);
		const { browser, token } = await open(link);
		// as Chromium sends our own form: the page sends no referrer, so its Origin is "null"
		const r = await post(
			browser,
			form([
				['link', link],
				['form', token],
				['action', 'preferences'],
				['send', 'peerReviews'],
				['send', 'profileLinks'],
			]),
			{ Origin: 'null', 'Sec-Fetch-Site': 'same-origin' },
		);
		const [item] = manageOutput(r);
		expect(item).toMatchObject({
			action: 'preferences',
			optOutsAdded: ['work'],
			optOutsRemoved: ['peer-review'],
			optedOutKinds: ['works'],
		});
		const saved = await browser.fetch(String(item.confirmationPage));
		expect(saved.body).toContain('data-page="saved"');
		expect(saved.body).toMatch(/<ul id="opted-out"><li>Works<\/li><\/ul>/);
		// "Change my choices" is a fresh link that knows the new state (funding kept: not ours)
		const again = /id="manage-again" href="([^"]+)"/.exec(saved.body)![1].replace(/&amp;/g, '&');
		const next = await browser.fetch(again);
		expect(next.body).toContain('name="send" value="works">');
		expect(next.body).toContain('name="send" value="peerReviews" checked>');
	});

	it('refuses a POST without the page cookie (a form on another site): no execution', async () => {
		await serve(PAGE_OPTIONS);
		const link = manageLink(server);
		const { token } = await open(link);
		const attacker = new TestBrowser(server);
		const r = await post(
			attacker,
			form([
				['link', link],
				['form', token],
				['action', 'disconnect'],
			]),
		);
		expect(r.status).toBe(303);
		expect(r.run).toBeUndefined();
		const page = await attacker.fetch(r.location!);
		expect(page.status).toBe(403);
		expect(page.body).toContain('data-page="form_refused"');
	});

	it('refuses a cross-site Origin even with the cookie, and a form made for another link', async () => {
		await serve(PAGE_OPTIONS);
		const linkA = manageLink(server);
		const linkB = manageLink(server, SECOND, 'u-laure');
		const { browser, token } = await open(linkA);
		const crossSite = await post(
			browser,
			form([
				['link', linkA],
				['form', token],
				['action', 'disconnect'],
			]),
			{
				Origin: 'https://evil.example',
			},
		);
		expect(crossSite.run).toBeUndefined();
		const fetchSite = await post(
			browser,
			form([
				['link', linkA],
				['form', token],
				['action', 'disconnect'],
			]),
			{
				'Sec-Fetch-Site': 'cross-site',
			},
		);
		expect(fetchSite.run).toBeUndefined();
		const sibling = await post(
			browser,
			form([
				['link', linkA],
				['form', token],
				['action', 'disconnect'],
			]),
			{
				'Sec-Fetch-Site': 'same-site',
			},
		);
		expect(sibling.run).toBeUndefined();
		// researcher A's page token with researcher B's link
		const swapped = await post(
			browser,
			form([
				['link', linkB],
				['form', token],
				['action', 'disconnect'],
			]),
		);
		expect(swapped.run).toBeUndefined();
		expect((await browser.fetch(swapped.location!)).body).toContain('data-page="form_refused"');
	});

	it('refuses forged, expired, start and other-trigger links before drawing anything', async () => {
		await serve(PAGE_OPTIONS);
		const link = manageLink(server);
		const [body, sig] = link.split('.');
		const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
		const forged = `${Buffer.from(JSON.stringify({ ...payload, orcid: SECOND })).toString('base64url')}.${sig}`;
		const expired = signManageLink({ ref: 'u', orcid: CARBERRY }, MEMBER_SECRET, {
			lifetimeSeconds: 60,
			manageUrl: manageUrl(server),
			now: Date.now() - 3600_000,
		}).token;
		const start = signStartLink('u', MEMBER_SECRET, {
			lifetimeSeconds: 3600,
			startUrl: manageUrl(server),
		}).token;
		const otherTrigger = signManageLink({ ref: 'u', orcid: CARBERRY }, MEMBER_SECRET, {
			lifetimeSeconds: 3600,
			manageUrl: 'http://127.0.0.1:5678/webhook/another-id/manage',
		}).token;
		for (const [token, kind, status] of [
			[forged, 'link_invalid', 400],
			[expired, 'link_expired', 410],
			[start, 'link_invalid', 400],
			[otherTrigger, 'link_invalid', 400],
		] as const) {
			const { page } = await open(token);
			expect([kind, page.status]).toEqual([kind, status]);
			expect(page.body).toContain(`data-page="${kind}"`);
			expect(page.headers['set-cookie']).toBeUndefined();
		}
	});
});

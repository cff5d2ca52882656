/**
 * The researcher flow's protections in the n8n engine, over real HTTP, against the ORCID
 * emulator: a state is bound to the browser that started the sign-in (cookie), good for one
 * connection, bound to its trigger; the result page is reached by a 303 (Post/Redirect/Get)
 * and reloads without calling ORCID; an authorization ORCID started itself (no state at all)
 * is exchanged and emitted with origin "orcid-initiated", a bad state still is not.
 */
import type { IDataObject } from 'n8n-workflow';

import { signState } from '../../nodes/shared/auth/signing';
import type { WebhookServer } from '../harness';
import {
	CARBERRY,
	consent,
	followCallback,
	MEMBER_SECRET,
	startLink,
	TestBrowser,
	TRIGGER,
	triggerSuite,
	type CallbackPage,
} from './authTrigger.helpers';

const { emu, serve: serveWith } = triggerSuite();

async function serve(parameters: IDataObject = {}, webhookId?: string): Promise<WebhookServer> {
	return await serveWith(parameters, { webhookId });
}

function outputs(r: { run?: CallbackPage['run'] }): IDataObject[][] {
	const node = r.run!.nodes[TRIGGER];
	return [node.outputs[0] ?? [], node.outputs[1] ?? [], node.outputs[2] ?? []];
}

/** Code exchanges the emulator received (each one names the code it was for). */
async function exchanges(): Promise<string[]> {
	const calls = (await emu.control('GET', '/_emulator/calls?path=/oauth/token')) as any[];
	return calls.map((c) => String(c.body ?? c.requestBody ?? JSON.stringify(c)));
}

/** Browser opens its start link; ORCID (the emulator) lets the researcher authorize. */
async function authorizeIn(browser: TestBrowser, ref = 'user-1'): Promise<string> {
	const start = await browser.request('setup', {
		query: { link: startLink(browser.server, ref) },
	});
	expect(start.status).toBe(302);
	const authorize = new URL(start.location!);
	return await codeFor(browser.server, authorize.searchParams.get('state'));
}

/** The researcher's Authorize click at ORCID for this state: the redirect back to us. */
async function codeFor(server: WebhookServer, state: string | null): Promise<string> {
	const { redirect } = await consent(emu, {
		scope: '/read-limited /activities/update',
		redirectUri: server.webhookUrl(TRIGGER, 'default'),
		state,
	});
	return redirect as string;
}

function refused(page: CallbackPage, kind: string, failure: IDataObject): void {
	expect(page.body).toContain(`data-page="${kind}"`);
	const [connected, failed, traffic] = outputs(page);
	expect(connected).toEqual([]);
	expect(failed[0]).toMatchObject(failure);
	expect(traffic).toEqual([]);
}

describe('the state is bound to the browser that started the sign-in', () => {
	it('another browser without the cookie: kind page, nothing exchanged, the code stays unused', async () => {
		const server = await serve();
		const attacker = new TestBrowser(server);
		const victimRedirect = await authorizeIn(attacker, 'attacker-ref');
		// the victim signs in through the attacker's ORCID URL and comes back in their own browser
		const victim = new TestBrowser(server);
		const page = await followCallback(victim, await victim.fetch(victimRedirect));
		expect(page.status).toBe(400);
		expect(page.body).toContain('Please finish in the same browser');
		expect(page.body).toContain('open your personal link again in this browser');
		refused(page, 'browser_mismatch', {
			reason: 'browser_mismatch',
			detail: 'cookie_missing',
			reference: 'attacker-ref',
			stateValid: true,
		});
		expect(await exchanges()).toEqual([]);
	});

	it('another browser with its own sign-in cookie, or a forged cookie value: refused', async () => {
		const server = await serve();
		const first = new TestBrowser(server);
		const redirect = await authorizeIn(first, 'user-a');
		const other = new TestBrowser(server);
		await authorizeIn(other, 'user-b'); // its own sign-in, its own cookie
		const page = await followCallback(other, await other.fetch(redirect));
		refused(page, 'browser_mismatch', { detail: 'cookie_missing' });

		const [name] = [...first.cookies.keys()];
		other.cookies.set(name, 'a-value-the-attacker-chose');
		const forged = await followCallback(other, await other.fetch(redirect));
		refused(forged, 'browser_mismatch', { detail: 'cookie_different' });
		expect(await exchanges()).toEqual([]);

		// the browser that started it still connects
		const own = await followCallback(first, await first.fetch(redirect));
		expect(outputs(own)[0][0]).toMatchObject({ reference: 'user-a', origin: 'start-link' });
	});

	it('the cookie: HttpOnly, SameSite=Lax, scoped to the trigger, only as long as the sign-in', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const start = await browser.request('setup', { query: { link: startLink(server, 'u') } });
		const [cookie] = start.headers['set-cookie']!;
		const path = new URL(server.webhookUrl(TRIGGER, 'default')).pathname.replace(/callback$/, '');
		expect(cookie).toMatch(/^orcid_signin_[A-Za-z0-9_-]{16}=[A-Za-z0-9_-]{43}; /);
		expect(cookie).toContain(`; Path=${path};`);
		expect(cookie).toContain('; Max-Age=600;');
		expect(cookie).toContain('; HttpOnly; SameSite=Lax');
		// plain http here (loopback); an https webhook URL adds Secure
		expect(cookie).not.toContain('Secure');
	});
});

describe('a state is good for one connection', () => {
	it('the same state with a fresh code is refused; the connection made stays', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const start = await browser.request('setup', { query: { link: startLink(server, 'u-1') } });
		const state = new URL(start.location!).searchParams.get('state');
		const first = await followCallback(browser, await browser.fetch(await codeFor(server, state)));
		expect(outputs(first)[0][0]).toMatchObject({ reference: 'u-1', orcid: CARBERRY });
		expect(first.redirect.headers['set-cookie']![0]).toMatch(/^orcid_signin_[^=]+=used; /);

		const again = await followCallback(browser, await browser.fetch(await codeFor(server, state)));
		expect(again.status).toBe(409);
		expect(again.body).toContain('This sign-in was already completed');
		refused(again, 'state_used', { reason: 'state_used', reference: 'u-1' });
		expect(await exchanges()).toHaveLength(1);
		// the first token still works: nothing was sent to ORCID a second time
		const token = outputs(first)[0][0].accessToken as string;
		const res = await fetch(`${emu.memberApi}/v3.0/${CARBERRY}/person`, {
			headers: { Accept: 'application/vnd.orcid+json', Authorization: `Bearer ${token}` },
		});
		expect(res.status).toBe(200);
	});
});

describe('start links and states are bound to their trigger', () => {
	it("another workflow's start link (same credential) is refused at start", async () => {
		const ours = await serve();
		const theirs = await serve({}, '0d2b9c4e-1111-4a5b-8c6d-7e8f9a0b1c2d');
		const browser = new TestBrowser(ours);
		const r = await browser.request('setup', { query: { link: startLink(theirs, 'user-1') } });
		expect(r.status).toBe(400);
		expect(r.location).toBeUndefined();
		expect(r.body).toContain('data-page="link_invalid"');
		expect(r.headers['set-cookie']).toBeUndefined();
		// and the same link works on its own trigger
		const own = await new TestBrowser(theirs).request('setup', {
			query: { link: startLink(theirs, 'user-1') },
		});
		expect(own.status).toBe(302);
	});

	it("another trigger's state is refused at the callback, nothing exchanged", async () => {
		const ours = await serve();
		const theirs = await serve({}, '0d2b9c4e-2222-4a5b-8c6d-7e8f9a0b1c2d');
		const browser = new TestBrowser(theirs);
		const start = await browser.request('setup', { query: { link: startLink(theirs, 'u') } });
		const state = new URL(start.location!).searchParams.get('state');
		// the same browser (the cookie path is not the issue) brings it to our callback
		const redirect = await codeFor(ours, state);
		const ourBrowser = new TestBrowser(ours);
		for (const [k, v] of browser.cookies) ourBrowser.cookies.set(k, v);
		const page = await followCallback(ourBrowser, await ourBrowser.fetch(redirect));
		refused(page, 'state_invalid', { reason: 'state_invalid', detail: 'other_trigger' });
		expect(await exchanges()).toEqual([]);
	});
});

describe('Post/Redirect/Get: the result page', () => {
	it('the callback answers 303 to a URL without the code; reloading it calls nobody and shows the same page', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const redirect = await authorizeIn(browser, 'user-7');
		const page = await followCallback(browser, await browser.fetch(redirect));
		expect(page.redirect.status).toBe(303);
		const location = page.redirect.location!;
		const code = new URL(redirect).searchParams.get('code')!;
		expect(location).not.toContain(code);
		expect(location.startsWith(server.webhookUrl(TRIGGER, 'default'))).toBe(true);
		expect(page.status).toBe(200);
		expect(page.body).toContain('data-page="success"');
		const record = outputs(page)[0][0];
		expect(location).not.toContain(record.accessToken as string);

		const before = (await emu.control('GET', '/_emulator/calls')) as unknown[];
		const callsBefore = server.calls.length;
		const reload = await browser.fetch(location);
		const preview = await server.fetch(location); // a link preview: another client, no cookie
		expect(reload.status).toBe(200);
		expect(reload.body).toBe(page.body);
		expect(preview.body).toBe(page.body);
		expect(reload.run).toBeUndefined();
		expect(reload.webhookResult).toEqual({ noWebhookResponse: true });
		expect(await emu.control('GET', '/_emulator/calls')).toEqual(before);
		expect(server.calls.length).toBe(callsBefore + 2);
	});

	it('a failure page reloads the same way; a tampered result shows "not valid"', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const start = await browser.request('setup', { query: { link: startLink(server, 'u-5') } });
		const state = new URL(start.location!).searchParams.get('state')!;
		const denied = await followCallback(
			browser,
			await browser.request('default', { query: { error: 'access_denied', state } }),
		);
		expect(denied.body).toContain('data-page="access_denied"');
		expect((await browser.fetch(denied.redirect.location!)).body).toBe(denied.body);

		const token = new URL(denied.redirect.location!).searchParams.get('result')!;
		const body = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
		const forged = `${Buffer.from(JSON.stringify({ ...body, kind: 'success', orcid: CARBERRY })).toString('base64url')}.${token.split('.')[1]}`;
		const page = await browser.request('default', { query: { result: forged } });
		expect(page.status).toBe(400);
		expect(page.body).toContain('data-page="link_invalid"');
		expect(page.run).toBeUndefined();
	});
});

describe('authorizations ORCID starts itself (no state at all)', () => {
	it('exchanged and emitted with reference null and origin orcid-initiated; the success page', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const redirect = await codeFor(server, null);
		expect(new URL(redirect).searchParams.has('state')).toBe(false);
		const page = await followCallback(browser, await browser.fetch(redirect));
		expect(page.status).toBe(200);
		expect(page.body).toContain('data-page="success"');
		expect(page.body).toContain(`https://sandbox.orcid.org/${CARBERRY}`);
		const [connected, failed, traffic] = outputs(page);
		expect(failed).toEqual([]);
		expect(connected).toHaveLength(1);
		expect(connected[0]).toMatchObject({
			orcid: CARBERRY,
			reference: null,
			origin: 'orcid-initiated',
			status: 'connected',
		});
		expect(traffic).toHaveLength(1);
	});

	it('a bad state is still refused and nothing exchanged', async () => {
		const server = await serve();
		const browser = new TestBrowser(server);
		const forged = signState(
			{ ref: 'x', triggerUrl: server.webhookUrl(TRIGGER, 'default'), browserHash: 'h' },
			'not-the-secret',
			{ lifetimeSeconds: 600 },
		).token;
		for (const state of [forged, 'garbage', '']) {
			const redirect = await codeFor(server, state);
			const page = await followCallback(browser, await browser.fetch(redirect));
			refused(page, 'state_invalid', { reason: 'state_invalid', origin: null });
		}
		expect(await exchanges()).toEqual([]);
		expect(MEMBER_SECRET).not.toBe('not-the-secret');
	});
});

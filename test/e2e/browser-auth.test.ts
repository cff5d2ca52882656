/**
 * A researcher in a real browser (Debian's chromium, headless, driven by playwright-core)
 * follows their start link to an active ORCID Auth Trigger in a real n8n 2.41.1: our
 * explanation page, the emulator's ORCID sign-in and consent page, and back to our success
 * page; the execution n8n saved holds the token record. Deny ends on the denial page.
 * Screenshots of the explanation, success and denial pages go to a temporary folder, or to
 * docs/screenshots/ for the README when UPDATE_SCREENSHOTS=1 (so test runs leave git clean).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';

import { assertChromium, launchChromium } from '../../scripts/chromium';
import * as n8nServer from '../../scripts/n8n-server';
import { signStartLink } from '../../nodes/shared/auth/signing';
import { startEmulator } from '../emulator';
import { byReference, waitForExecutions } from './templates.support';

const REPO = path.resolve(__dirname, '..', '..');
const SCREENSHOTS =
	process.env.UPDATE_SCREENSHOTS === '1'
		? path.join(REPO, 'docs', 'screenshots')
		: fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-auth-shots-'));
const MEMBER = { clientId: 'APP-EMUMEMBER0000001', clientSecret: 'emu-member-secret' };
const JOSIAH = '0000-0002-1825-0097';
const TRIGGER = 'ORCID Auth Trigger';
const CONTINUE_URL = 'https://portal.example.edu/orcid/done';

type N8n = Awaited<ReturnType<typeof n8nServer.startN8n>>;
type Emulator = Awaited<ReturnType<typeof startEmulator>>;

jest.setTimeout(180_000);

let n8n: N8n;
let emu: Emulator;
let browser: Browser;
let workflowId: string;
let startUrl: string;

function workflow() {
	return {
		name: 'ORCID connect (browser test)',
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER,
				type: 'n8n-nodes-orcid.orcidAuthTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: '0b6a3f70-5b2e-4c3a-9a61-3d5f8e0c1b22',
				parameters: {
					apiType: 'member',
					scopePreset: 'activitiesUpdate',
					organizationName: 'Example University Library',
					supportContact: 'orcid-help@example.edu',
					showExplainPage: true,
					continueUrl: CONTINUE_URL,
					privacyUrl: 'https://www.example.edu/privacy',
					itemKinds: ['works'],
					options: {
						purpose:
							'We add the publications in our repository to your ORCID record and keep them up to date.',
					},
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

function link(ref: string): string {
	const { token } = signStartLink(ref, MEMBER.clientSecret, { lifetimeSeconds: 3600, startUrl });
	return `${startUrl}?link=${encodeURIComponent(token)}`;
}

beforeAll(async () => {
	if (
		!fs.existsSync(path.join(REPO, 'dist', 'nodes', 'OrcidAuthTrigger', 'OrcidAuthTrigger.node.js'))
	) {
		throw new Error('dist/ is missing: run `make build` first (make test does)');
	}
	assertChromium();
	emu = await startEmulator({ port: 0, quiet: true });
	n8n = await n8nServer.startN8n();
	const credential = await n8n.createCredential({
		name: 'ORCID emulator (member)',
		type: 'orcidMemberOAuth2Api',
		data: {
			environment: 'custom',
			oauthBaseUrl: emu.url,
			publicApiBaseUrl: emu.publicApi,
			memberApiBaseUrl: emu.memberApi,
			recordBaseUrl: 'https://sandbox.orcid.org',
			...MEMBER,
		},
	});
	const wf = await n8n.importWorkflow(workflow(), {
		credentials: { orcidMemberOAuth2Api: { id: credential.id, name: credential.name } },
	});
	workflowId = wf.id;
	await n8n.activate(workflowId);
	const hooks = await n8n.webhookUrls(wf);
	startUrl = hooks.find((h: any) => h.node === TRIGGER && h.name === 'setup')!.url;
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await emu?.stop();
});

async function newPage() {
	const context = await browser.newContext({
		viewport: { width: 820, height: 560 },
		locale: 'en-GB',
	});
	const page = await context.newPage();
	// only loopback: the browser must never leave the machine
	await context.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
	return { context, page };
}

it('start link -> explanation page -> ORCID sign-in -> Authorize -> success page; the execution holds the token record', async () => {
	const { context, page } = await newPage();
	try {
		await page.goto(link('library-user-17'));
		await page.locator('#orcid-connect').waitFor();
		expect(await page.locator('h1').innerText()).toBe(
			'Connect your ORCID iD with Example University Library',
		);
		expect(await page.locator('#orcid-connect').innerText()).toContain(
			'Create or connect your ORCID iD',
		);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'auth-explain.png'), fullPage: true });

		await page.click('#orcid-connect');
		// the emulator's ORCID page: choose the researcher, authorize
		await page.waitForURL((u) => u.pathname === '/oauth/authorize');
		await page.check(`input[name="researcher"][value="${JOSIAH}"]`);
		await page.click('button[value="authorize"]');

		await page.waitForSelector('main[data-page="success"]');
		const idLink = page.locator('a[aria-label="View ORCID record"]');
		expect(await idLink.getAttribute('href')).toBe(`https://sandbox.orcid.org/${JOSIAH}`);
		expect((await idLink.innerText()).trim()).toBe(`https://sandbox.orcid.org/${JOSIAH}`);
		const icon = idLink.locator('img[alt="ORCID iD icon"]');
		expect(await icon.isVisible()).toBe(true);
		const box = await icon.boundingBox();
		expect(box!.width).toBeGreaterThan(10);
		// the icon really rendered (under our strict CSP): its pixels are ORCID's green
		// (runs in the page; the tests compile without the DOM types)
		const pixel = await icon.evaluate((img: any) => {
			const canvas = (globalThis as any).document.createElement('canvas');
			canvas.width = 64;
			canvas.height = 64;
			const g = canvas.getContext('2d');
			g.drawImage(img, 0, 0, 64, 64);
			return Array.from(g.getImageData(10, 32, 1, 1).data);
		});
		expect(pixel).toEqual([0xa6, 0xce, 0x39, 255]);
		const shot = await page.screenshot({
			path: path.join(SCREENSHOTS, 'auth-success.png'),
			fullPage: true,
		});
		expect(shot.length).toBeGreaterThan(5000);
		expect(await page.locator('#continue').getAttribute('href')).toBe(CONTINUE_URL);
		expect(await page.locator('body').innerText()).toContain('Josiah Carberry');

		const [{ raw: run }] = await waitForExecutions(n8n, workflowId, byReference('library-user-17'));
		expect(run.status).toBe('success');
		const main = run.data.resultData.runData[TRIGGER][0].data.main;
		const record = main[0][0].json;
		expect(record).toMatchObject({
			orcid: JOSIAH,
			orcidUri: `https://sandbox.orcid.org/${JOSIAH}`,
			name: 'Josiah Carberry',
			reference: 'library-user-17',
			scopes: ['/read-limited', '/activities/update'],
			status: 'connected',
		});
		// the token works against ORCID (the emulator)
		const res = await fetch(`${emu.memberApi}/v3.0/${JOSIAH}/person`, {
			headers: {
				Accept: 'application/vnd.orcid+json',
				Authorization: `Bearer ${record.accessToken}`,
			},
		});
		expect(res.status).toBe(200);
		expect(main[2]).toHaveLength(1);
		expect(JSON.stringify(main[2])).not.toContain(record.accessToken);
	} finally {
		await context.close();
	}
});

it('Deny ends on the denial page and a failure item; its button starts a fresh sign-in that connects', async () => {
	const { context, page } = await newPage();
	try {
		await page.goto(link('library-user-18'));
		await page.click('#orcid-connect');
		await page.waitForURL((u) => u.pathname === '/oauth/authorize');
		const deniedState = new URL(page.url()).searchParams.get('state');
		await page.click('button[value="deny"]');
		await page.waitForSelector('main[data-page="access_denied"]');
		expect(await page.locator('h1').innerText()).toBe('You did not grant access');
		expect(await page.locator('body').innerText()).toContain('orcid-help@example.edu');
		expect(await page.locator('body').innerText()).not.toContain('access_denied');
		await page.screenshot({ path: path.join(SCREENSHOTS, 'auth-denied.png'), fullPage: true });

		const [{ raw: run }] = await waitForExecutions(n8n, workflowId, byReference('library-user-18'));
		const failure = run.data.resultData.runData[TRIGGER][0].data.main[1][0].json;
		expect(failure).toMatchObject({ reason: 'access_denied', reference: 'library-user-18' });

		// two sentences on ORCID and on what the library would do (the trigger's Items You Add)
		expect(await page.locator('p.about').innerText()).toBe(
			'ORCID gives you a free, persistent identifier that tells you apart from every other researcher and connects you with your work. With your permission, Example University Library would add your works to your ORCID record for you.',
		);
		// the retry starts afresh through start: ORCID sees a new state, and Authorize connects
		await page.click('#orcid-retry');
		await page.waitForURL((u) => u.pathname === '/oauth/authorize');
		expect(new URL(page.url()).searchParams.get('state')).not.toBe(deniedState);
		await page.check(`input[name="researcher"][value="${JOSIAH}"]`);
		await page.click('button[value="authorize"]');
		await page.waitForSelector('main[data-page="success"]');
		const main = await runWhere((m) => m[0]?.[0]?.json?.reference === 'library-user-18');
		expect(main[0][0].json).toMatchObject({ orcid: JOSIAH, reference: 'library-user-18' });
	} finally {
		await context.close();
	}
});

/** The first finished execution whose trigger output matches; waits for it (never by recency). */
async function runWhere(match: (main: any[][]) => boolean): Promise<any[][]> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const runs = await n8n.executions(workflowId, { includeData: true });
		for (const run of runs) {
			const main = run.data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main;
			if (run.status !== 'running' && main && match(main)) return main;
		}
		if (Date.now() > deadline) throw new Error('no execution matched');
		await new Promise((r) => setTimeout(r, 300));
	}
}

async function tokenCalls(): Promise<number> {
	return ((await emu.control('GET', '/_emulator/calls?path=/oauth/token')) as unknown[]).length;
}

it('the result page: the URL has no code, and a reload shows the same page without calling ORCID', async () => {
	const { context, page } = await newPage();
	try {
		await page.goto(link('library-user-19'));
		await page.click('#orcid-connect');
		await page.waitForURL((u) => u.pathname === '/oauth/authorize');
		await page.check(`input[name="researcher"][value="${JOSIAH}"]`);
		await page.click('button[value="authorize"]');
		await page.waitForSelector('main[data-page="success"]');
		const url = new URL(page.url());
		expect(url.pathname.endsWith('/callback')).toBe(true);
		expect(url.searchParams.has('code')).toBe(false);
		expect(url.searchParams.has('result')).toBe(true);
		const before = await page.locator('main').innerText();
		const exchanges = await tokenCalls();

		await page.reload();
		await page.waitForSelector('main[data-page="success"]');
		expect(await page.locator('main').innerText()).toBe(before);
		expect(await tokenCalls()).toBe(exchanges);
		// the connection made is still working
		const main = await runWhere((m) => m[0]?.[0]?.json?.reference === 'library-user-19');
		const res = await fetch(`${emu.memberApi}/v3.0/${JOSIAH}/person`, {
			headers: {
				Accept: 'application/vnd.orcid+json',
				Authorization: `Bearer ${main[0][0].json.accessToken}`,
			},
		});
		expect(res.status).toBe(200);
	} finally {
		await context.close();
	}
});

it('a sign-in started in one browser and finished in another is refused: kind page, nothing exchanged', async () => {
	// someone opens their own start link up to ORCID and passes ORCID's URL to another person
	const first = await newPage();
	const second = await newPage();
	try {
		await first.page.goto(link('library-user-20'));
		await first.page.click('#orcid-connect');
		await first.page.waitForURL((u) => u.pathname === '/oauth/authorize');
		const orcidUrl = first.page.url();
		const exchanges = await tokenCalls();

		await second.page.goto(orcidUrl);
		await second.page.check(`input[name="researcher"][value="${JOSIAH}"]`);
		await second.page.click('button[value="authorize"]');
		await second.page.waitForSelector('main[data-page="browser_mismatch"]');
		expect(await second.page.locator('h1').innerText()).toBe('Please finish in the same browser');
		expect(await second.page.locator('body').innerText()).toContain(
			'open your personal link again in this browser',
		);
		expect(await tokenCalls()).toBe(exchanges);
		const main = await runWhere((m) => m[1]?.[0]?.json?.reference === 'library-user-20');
		expect(main[0] ?? []).toEqual([]);
		expect(main[1][0].json).toMatchObject({ reason: 'browser_mismatch', detail: 'cookie_missing' });
	} finally {
		await first.context.close();
		await second.context.close();
	}
});

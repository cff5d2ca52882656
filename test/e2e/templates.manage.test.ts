/**
 * Template 16 in a real n8n 2.41.1 with the ORCID emulator and PostgreSQL: a researcher's manage
 * link (made by the template's "When called by another workflow" branch, ORCID Token's Create
 * Manage Link) opens the ORCID Auth Trigger's manage page in Chromium; stopping item kinds
 * writes orcid_opt_outs; disconnecting removes the items we added (put codes of orcid_put_codes)
 * from the record, revokes the tokens at ORCID and deletes the token record, and a confirmation
 * page follows. Screenshots go to docs/screenshots/ when UPDATE_SCREENSHOTS=1.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';

import * as demo from '../../scripts/demo';
import { assertChromium, launchChromium } from '../../scripts/chromium';
import {
	emulatorItems,
	importTemplate,
	JOSIAH,
	LAURE,
	REPO,
	seedResearcher,
	startTemplateEnv,
	tableRows,
	type Row,
	type TemplateEnv,
} from './templates.support';

jest.setTimeout(180_000);

const SCREENSHOTS =
	process.env.UPDATE_SCREENSHOTS === '1'
		? path.join(REPO, 'docs', 'screenshots')
		: fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-manage-shots-'));
const FILE = '16-manage-connection.json';
const WEBHOOK_ID = 'c7d1e8a2-3f4b-4d6e-9a1c-5b7e2f9d0a16';

let env: TemplateEnv;
let browser: Browser;
let callerUrl: string;
const researchers: Record<string, Row> = {};

beforeAll(async () => {
	assertChromium();
	env = await startTemplateEnv();
	for (const [orcid, ref] of [
		[JOSIAH, 'u-josiah'],
		[LAURE, 'u-laure'],
	]) {
		researchers[orcid] = await seedResearcher(
			env,
			orcid,
			ref,
			'/read-limited /activities/update /person/update',
		);
	}
	const manageUrl = `${env.n8n.webhookUrl}/webhook/${WEBHOOK_ID}/manage`;
	const wf = await importTemplate(env, FILE, { 'Create manage link': { manageUrl } });
	await demo.activateAndWait(env.n8n, wf.id);
	callerUrl = await caller(wf.id);
	browser = await launchChromium();
}, 240_000);

afterAll(async () => {
	await browser?.close();
	await env?.stop();
}, 60_000);

/**
 * The institution's own workflow asking template 16 for a researcher's manage link, the way a
 * portal or a mail workflow would: Webhook -> Edit Fields (reference) -> Execute Workflow.
 */
async function caller(templateId: string): Promise<string> {
	const hookPath = `manage-link-${crypto.randomBytes(4).toString('hex')}`;
	const wf = await env.n8n.importWorkflow({
		name: 'Portal: manage link (test)',
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path: hookPath,
					responseMode: 'lastNode',
					responseData: 'firstEntryJson',
					options: {},
				},
			},
			{
				id: crypto.randomUUID(),
				name: 'Reference',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{
								id: crypto.randomUUID(),
								name: 'reference',
								value: '={{ $json.body.reference }}',
								type: 'string',
							},
						],
					},
					options: {},
				},
			},
			{
				id: crypto.randomUUID(),
				name: 'Manage link',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				position: [440, 0],
				parameters: {
					source: 'database',
					workflowId: { __rl: true, mode: 'id', value: templateId },
					mode: 'once',
					options: { waitForSubWorkflow: true },
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Reference', type: 'main', index: 0 }]] },
			Reference: { main: [[{ node: 'Manage link', type: 'main', index: 0 }]] },
		},
	});
	await demo.activateAndWait(env.n8n, wf.id);
	return `${env.n8n.webhookUrl}/webhook/${hookPath}`;
}

/** Adds an item to the record as our client would, and stores its put code as the templates do. */
async function addOurItem(orcid: string, type: 'work' | 'researcher-url', body: Row, key: string) {
	const section = type === 'work' ? 'work' : 'researcher-urls';
	const res = await fetch(`${env.emu.memberApi}/v3.0/${orcid}/${section}`, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${researchers[orcid].accessToken}`,
			'Content-Type': 'application/vnd.orcid+json',
			Accept: 'application/vnd.orcid+json',
		},
		body: JSON.stringify(body),
	});
	expect(res.status).toBe(201);
	const putCode = res.headers.get('location')!.split('/').pop()!;
	await env.db.query(
		`INSERT INTO orcid_put_codes (environment, orcid, item_type, local_key, put_code, status)
		 VALUES ('sandbox', $1, $2, $3, $4::bigint, 'created')`,
		[orcid, type, key, putCode],
	);
	return putCode;
}

const WORK = {
	title: { title: { value: 'A study we added' } },
	type: 'journal-article',
	'external-ids': {
		'external-id': [
			{
				'external-id-type': 'doi',
				'external-id-value': '10.5555/manage-16',
				'external-id-relationship': 'self',
			},
		],
	},
};
const PROFILE = {
	'url-name': 'Profile page',
	url: { value: 'https://www.example.edu/people/josiah' },
};

async function manageLinkFor(reference: string): Promise<string> {
	const res = await fetch(callerUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ reference }),
	});
	const out = (await res.json()) as Row;
	expect(out.manageLink).toMatch(new RegExp(`/webhook/${WEBHOOK_ID}/manage\\?link=`));
	return out.manageLink;
}

async function optOuts(orcid: string): Promise<string[]> {
	const rows = await env.db.query(
		'SELECT item_type FROM orcid_opt_outs WHERE orcid = $1 ORDER BY item_type',
		[orcid],
	);
	return rows.map((r) => r.item_type);
}

it('stopping item kinds on the manage page writes orcid_opt_outs (only what changed)', async () => {
	// a staff decision on a kind this workflow does not offer stays as it is
	await env.db.query(
		"INSERT INTO orcid_opt_outs (orcid, item_type, chosen_by) VALUES ($1, 'funding', 'researcher'), ($1, 'peer-review', 'staff-anna')",
		[LAURE],
	);
	const link = await manageLinkFor('u-laure');
	const page = await browser.newPage();
	try {
		await page.goto(link);
		await page.waitForSelector('main[data-page="manage"]');
		// funding was stopped already: the page shows it unticked
		expect(await page.isChecked('input[value="funding"]')).toBe(false);
		expect(await page.isChecked('input[value="works"]')).toBe(true);
		expect(await page.locator('input[value="peerReviews"]').count()).toBe(0);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'manage-page.png'), fullPage: true });
		await page.uncheck('input[value="works"]');
		await page.check('input[value="funding"]');
		await page.click('#save');
		await page.waitForSelector('main[data-page="saved"]');
		expect(await page.textContent('#opted-out')).toBe('Works');
	} finally {
		await page.close();
	}
	expect(await optOuts(LAURE)).toEqual(['peer-review', 'work']);
	// still connected: preferences never touch the token record
	const rows = await tableRows(env, 'orcid_researchers');
	expect(rows.find((r) => r.orcid === LAURE)?.status).toBe('connected');
});

it('disconnecting removes our items, revokes the tokens and deletes the token record', async () => {
	const workCode = await addOurItem(JOSIAH, 'work', WORK, 'pub-16');
	const urlCode = await addOurItem(JOSIAH, 'researcher-url', PROFILE, 'profile-url');
	const othersBefore = (await emulatorItems(env.emu, JOSIAH)).filter(
		(i) => ![workCode, urlCode].includes(String(i.putCode)),
	);
	const link = await manageLinkFor('u-josiah');
	const page = await browser.newPage();
	try {
		await page.goto(link);
		await page.waitForSelector('main[data-page="manage"]');
		await page.check('#remove-items');
		await page.click('#disconnect-button');
		await page.waitForSelector('main[data-page="disconnected"]');
		await page.locator('#items-removed').waitFor();
		await page.screenshot({
			path: path.join(SCREENSHOTS, 'manage-disconnected.png'),
			fullPage: true,
		});

		// ORCID: our two items are gone, everything else on the record stays; the token is revoked
		const after = await emulatorItems(env.emu, JOSIAH);
		expect(after.map((i) => String(i.putCode))).not.toEqual(expect.arrayContaining([workCode]));
		expect(after.map((i) => String(i.putCode))).not.toEqual(expect.arrayContaining([urlCode]));
		expect(after.map((i) => i.putCode).sort()).toEqual(othersBefore.map((i) => i.putCode).sort());
		const state = (await env.emu.control('GET', '/_emulator/state')) as Row;
		const token = (state.tokens as Row[]).find(
			(t) => t.accessToken === researchers[JOSIAH].accessToken,
		);
		expect(token?.revoked).toBeTruthy();

		// tables: no token record, no put codes, the disconnect recorded; Laure untouched
		const rows = await tableRows(env, 'orcid_researchers');
		expect(rows.map((r) => r.orcid)).toEqual([LAURE]);
		expect(await env.db.query('SELECT * FROM orcid_put_codes WHERE orcid = $1', [JOSIAH])).toEqual(
			[],
		);
		const failures = await tableRows(env, 'orcid_connection_failures');
		expect(failures).toEqual([
			expect.objectContaining({
				reference: 'u-josiah',
				orcid: JOSIAH,
				reason: 'disconnected',
				message:
					'Disconnected by the researcher on the manage page; the items we added were removed',
			}),
		]);

		// the same form sent again (back button): nothing left to disconnect, nothing changes
		await page.goBack();
		await page.waitForSelector('main[data-page="manage"]');
		await page.click('#disconnect-button');
		await page.waitForSelector('main[data-page="not_connected"]');
		expect((await tableRows(env, 'orcid_connection_failures')).length).toBe(1);
	} finally {
		await page.close();
	}
});

it('a forged manage link draws no page and starts nothing', async () => {
	const link = new URL(await manageLinkFor('u-laure'));
	const token = link.searchParams.get('link')!;
	const [body, sig] = token.split('.');
	const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	link.searchParams.set(
		'link',
		`${Buffer.from(JSON.stringify({ ...payload, orcid: JOSIAH })).toString('base64url')}.${sig}`,
	);
	const res = await fetch(link);
	expect(res.status).toBe(400);
	expect(await res.text()).toContain('data-page="link_invalid"');
});

it('a researcher with nothing of ours on the record disconnects cleanly (no browser: plain HTTP)', async () => {
	const link = await manageLinkFor('u-laure');
	const page = await fetch(link);
	const html = await page.text();
	const cookie = page.headers.getSetCookie()[0].split(';')[0];
	const field = (name: string) =>
		new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1].replace(/&amp;/g, '&');
	const res = await fetch(link, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Cookie: cookie,
			Origin: new URL(link).origin,
		},
		body: new URLSearchParams({
			link: field('link'),
			form: field('form'),
			action: 'disconnect',
			removeItems: '1',
		}),
	});
	expect(res.status).toBe(303);
	const done = await (await fetch(new URL(res.headers.get('location')!, link))).text();
	expect(done).toContain('data-page="disconnected"');
	// her opt-outs stay (a reconnect keeps her choices); nothing needed a person's attention
	expect(await optOuts(LAURE)).toEqual(['peer-review', 'work']);
	expect(await env.db.query('SELECT * FROM orcid_sync_issues')).toEqual([]);
	expect(await tableRows(env, 'orcid_researchers')).toEqual([]);
	const state = (await env.emu.control('GET', '/_emulator/state')) as Row;
	const token = (state.tokens as Row[]).find(
		(t) => t.accessToken === researchers[LAURE].accessToken,
	);
	expect(token?.revoked).toBeTruthy();
});

/**
 * The templates behind ORCID's Certified Service Provider criteria, in a real n8n 2.41.1 with
 * the ORCID emulator and PostgreSQL, one server for the suite: 11 (public iD page, badge,
 * JSON-LD and JSON feed; a revoked connection disappears after template 07's nightly run),
 * driven over HTTP and in Chromium. Screenshots go to docs/screenshots/ when
 * UPDATE_SCREENSHOTS=1 (so test runs leave git clean).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as demo from '../../scripts/demo';
import { assertChromium, launchChromium } from '../../scripts/chromium';
import {
	importTemplate,
	insertRows,
	JOSIAH,
	LAURE,
	MEMBER,
	REPO,
	seedResearcher,
	SOFIA,
	staffCredential,
	startTemplateEnv,
	tableRows,
	type Row,
	type TemplateEnv,
} from './templates.support';

jest.setTimeout(180_000);

const SCREENSHOTS =
	process.env.UPDATE_SCREENSHOTS === '1'
		? path.join(REPO, 'docs', 'screenshots')
		: fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-csp-shots-'));

let env: TemplateEnv;
const researchers: Record<string, Row> = {};

beforeAll(async () => {
	assertChromium();
	env = await startTemplateEnv();
	await staffCredential(env);
	for (const [orcid, ref] of [
		[JOSIAH, 'u-josiah'],
		[LAURE, 'u-laure'],
		[SOFIA, 'u-sofia'],
	]) {
		researchers[orcid] = await seedResearcher(env, orcid, ref);
	}
}, 240_000);

afterAll(async () => {
	await env?.stop();
}, 60_000);

const uri = (orcid: string) => `https://sandbox.orcid.org/${orcid}`;

function secrets(): string[] {
	return Object.values(researchers).flatMap((r) => [r.accessToken, r.refreshToken]);
}

/** The JSON-LD a page carries in its script element. */
function jsonLdOf(html: string): Row {
	const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
	if (!m) throw new Error('no JSON-LD in the page');
	return JSON.parse(m[1]);
}

describe('11 Public iD page', () => {
	let pageUrl: string;

	beforeAll(async () => {
		const wf = await importTemplate(env, '11-public-id-page.json');
		await demo.activateAndWait(env.n8n, wf.id);
		const upkeep = await importTemplate(env, '07-token-upkeep.json');
		await demo.activateAndWait(env.n8n, upkeep.id);
		pageUrl = `${env.n8n.webhookUrl}/webhook/orcid-ids`;
		// a production row of Josiah (another environment than the credential's) and a row whose
		// stored iD is not one: neither may appear
		await insertRows(env, 'orcid_researchers', [
			{
				reference: 'u-josiah-production',
				orcid: JOSIAH,
				orcidUri: `https://orcid.org/${JOSIAH}`,
				environment: 'production',
				apiType: 'member',
				accessToken: 'production-token-0011',
				status: 'connected',
			},
			{
				reference: 'u-typo',
				orcid: '0000-0002-1825-0098',
				orcidUri: 'https://sandbox.orcid.org/0000-0002-1825-0098',
				environment: 'custom',
				apiType: 'member',
				accessToken: 'typo-token-0011',
				status: 'connected',
			},
		]);
	}, 120_000);

	async function get(query = ''): Promise<{ status: number; type: string; text: string }> {
		// n8n publishes an activated workflow's webhook asynchronously: until then it answers 404
		// with its own JSON message, never the template's page
		const deadline = Date.now() + 60_000;
		for (;;) {
			const res = await fetch(`${pageUrl}${query}`);
			const text = await res.text();
			const type = res.headers.get('content-type') ?? '';
			const n8nNotFound = res.status === 404 && /not registered/.test(text);
			if (!n8nNotFound || Date.now() > deadline) return { status: res.status, type, text };
			await new Promise((r) => setTimeout(r, 500));
		}
	}

	it('lists every live connection with the iD icon and the full iD URI, one link each, and Person JSON-LD', async () => {
		const page = await get();
		expect(page.status).toBe(200);
		expect(page.type).toContain('text/html');
		for (const orcid of [JOSIAH, LAURE, SOFIA]) {
			const links = page.text.match(new RegExp(`<a href="${uri(orcid)}"[^>]*>`, 'g')) ?? [];
			expect(links).toHaveLength(1);
			expect(links[0]).toContain('aria-label="View ORCID record"');
			expect(page.text).toContain(`>${uri(orcid)}</span></a>`);
		}
		// the icon once per researcher, nothing of the other environment or the malformed row
		expect(page.text.match(/alt="ORCID iD icon"/g)).toHaveLength(3);
		expect(page.text).not.toContain(`https://orcid.org/${JOSIAH}`);
		expect(page.text).not.toContain('0000-0002-1825-0098');
		const ld = jsonLdOf(page.text);
		expect(ld['@context']).toBe('https://schema.org');
		expect(ld['@graph'].map((p: Row) => p['@id']).sort()).toEqual(
			[JOSIAH, LAURE, SOFIA].map(uri).sort(),
		);
		expect(ld['@graph'].find((p: Row) => p['@id'] === uri(JOSIAH))).toMatchObject({
			'@type': 'Person',
			identifier: {
				'@type': 'PropertyValue',
				propertyID: 'ORCID',
				value: JOSIAH,
				url: uri(JOSIAH),
			},
			sameAs: [uri(JOSIAH)],
			affiliation: { '@type': 'Organization', name: 'Example University' },
		});
		for (const s of [...secrets(), 'production-token-0011', 'typo-token-0011'])
			expect(page.text).not.toContain(s);
	});

	it('gives a JSON feed, JSON-LD alone, one researcher’s badge, and 404 for an iD not connected', async () => {
		const feed = await get('?format=json');
		expect(feed.type).toContain('application/json');
		const body = JSON.parse(feed.text);
		expect(body.organization).toBe('Example University');
		expect(body.researchers.map((r: Row) => r.orcid).sort()).toEqual([JOSIAH, LAURE, SOFIA].sort());
		for (const r of body.researchers) {
			expect(Object.keys(r).sort()).toEqual(['name', 'orcid', 'orcidUri']);
			expect(r.orcidUri).toBe(uri(r.orcid));
		}

		const ld = await get('?format=jsonld');
		expect(ld.type).toContain('application/ld+json');
		expect(JSON.parse(ld.text)['@graph']).toHaveLength(3);

		const badge = await get(`?orcid=${encodeURIComponent(uri(LAURE))}`);
		expect(badge.status).toBe(200);
		expect(badge.text.match(/<a href=/g)).toHaveLength(1);
		expect(badge.text).toContain(`<a href="${uri(LAURE)}"`);
		expect(jsonLdOf(badge.text)['@graph'].map((p: Row) => p['@id'])).toEqual([uri(LAURE)]);

		const missing = await get('?orcid=0000-0001-5000-0007');
		expect(missing.status).toBe(404);
		expect(missing.text).toContain('No connected ORCID iD');
		expect(missing.text).not.toContain('alt="ORCID iD icon"');
		for (const s of secrets()) {
			expect(feed.text + ld.text + badge.text).not.toContain(s);
		}
	});

	it('shows the page in Chromium: icon drawn, link to the record, badge embeddable', async () => {
		const browser = await launchChromium();
		try {
			const page = await browser.newPage({ viewport: { width: 900, height: 520 } });
			await page.goto(pageUrl);
			const link = page.locator(`a[href="${uri(JOSIAH)}"]`);
			await link.waitFor();
			expect(await link.innerText()).toBe(uri(JOSIAH));
			const icons = page.locator('img[alt="ORCID iD icon"]');
			expect(await icons.count()).toBe(3);
			// the icon really renders (a data: URI, allowed by n8n's sandbox policy)
			expect(await icons.first().evaluate((img: any) => img.naturalWidth)).toBeGreaterThan(0);
			await page.screenshot({ path: path.join(SCREENSHOTS, 'public-id-page.png') });

			await page.setViewportSize({ width: 620, height: 64 });
			await page.goto(`${pageUrl}?orcid=${JOSIAH}`);
			await page.locator(`a[href="${uri(JOSIAH)}"]`).waitFor();
			await page.screenshot({ path: path.join(SCREENSHOTS, 'public-id-badge.png') });
		} finally {
			await browser.close();
		}
	});

	it('a researcher who revokes access at ORCID disappears after the nightly upkeep run', async () => {
		await env.emu.control('POST', '/_emulator/revoke', { clientId: MEMBER.clientId, orcid: SOFIA });
		// until the upkeep run the page cannot know
		expect((await get()).text).toContain(uri(SOFIA));
		const run = await env.runner.run(env.workflows['07-token-upkeep.json'].id);
		expect(run.status).toBe('success');
		const row = (await tableRows(env, 'orcid_researchers')).find(
			(r) => r.orcid === SOFIA && r.environment === 'custom',
		)!;
		expect(row.status).toBe('revoked');

		const page = await get();
		expect(page.text).not.toContain(uri(SOFIA));
		expect(page.text).toContain(uri(JOSIAH));
		expect(page.text).toContain(uri(LAURE));
		const feed = JSON.parse((await get('?format=json')).text);
		expect(feed.researchers.map((r: Row) => r.orcid).sort()).toEqual([JOSIAH, LAURE].sort());
		expect((await get(`?orcid=${SOFIA}`)).status).toBe(404);
	});
});

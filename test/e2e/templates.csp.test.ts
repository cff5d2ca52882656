/**
 * The templates behind ORCID's Certified Service Provider criteria, in a real n8n 2.41.1 with
 * the ORCID emulator and PostgreSQL, one server for the suite: 11 (public iD page, badge,
 * JSON-LD and JSON feed; a revoked connection disappears after template 07's nightly run),
 * driven over HTTP and in Chromium; 12 (employments and educations from an HR table, kept up
 * to date on ORCID); 13 (grants with funder ids, amounts and everyone's role); 14 (profile URL and institutional
 * identifier, /person/update, removed when the researcher leaves). Screenshots go to docs/screenshots/ when
 * UPDATE_SCREENSHOTS=1 (so test runs leave git clean).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as demo from '../../scripts/demo';
import { assertChromium, launchChromium } from '../../scripts/chromium';
import {
	emulatorItems,
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
	// the HR positions and the grant of workflows-templates/sample-data.sql (Josiah's, Laure's)
	await env.db.query(
		fs.readFileSync(path.join(REPO, 'workflows-templates', 'sample-data.sql'), 'utf8'),
	);
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
				environment: 'sandbox',
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
			(r) => r.orcid === SOFIA && r.environment === 'sandbox',
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

describe('12 HR affiliations', () => {
	let workflowId: string;
	/** Josiah's employments and educations that our client added (the emulator's view). */
	async function ours(): Promise<Row[]> {
		const items = await emulatorItems(env.emu, JOSIAH);
		return items
			.filter((i) => ['employment', 'education'].includes(i.type))
			.filter((i) => i.source.clientId === MEMBER.clientId);
	}
	const byRole = (items: Row[]) =>
		Object.fromEntries(items.map((i) => [i.data['role-title'], i] as [string, Row]));
	async function putCodes(): Promise<Row[]> {
		return await env.db.query(
			"SELECT orcid, item_type, local_key, put_code::int AS put_code FROM orcid_put_codes WHERE item_type IN ('employment', 'education') ORDER BY local_key",
		);
	}
	async function run(): Promise<void> {
		const execution = await env.runner.run(workflowId);
		expect(execution.status).toBe('success');
		expect(await env.db.query('SELECT * FROM orcid_sync_issues')).toEqual([]);
	}

	beforeAll(async () => {
		// an employment Josiah added himself: never ours to change or delete
		await env.emu.control('POST', `/_emulator/records/${JOSIAH}/items`, {
			type: 'employment',
			data: {
				organization: {
					name: 'Self-added Institute',
					address: { city: 'Boston', country: 'US' },
				},
				'role-title': 'Self-added role',
				'start-date': { year: { value: '1980' } },
			},
		});
		const wf = await importTemplate(env, '12-hr-affiliations.json');
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	it('adds each HR position and degree with its ROR id, city and country, and stores the put codes', async () => {
		await run();
		const items = byRole(await ours());
		expect(Object.keys(items).sort()).toEqual(['PhD', 'Professor', 'Visiting Fellow']);
		expect(items.Professor.type).toBe('employment');
		expect(items.PhD.type).toBe('education');
		expect(items.Professor.data.organization).toMatchObject({
			name: 'Wesleyan University',
			address: { city: 'Middletown', region: 'CT', country: 'US' },
			'disambiguated-organization': {
				'disambiguated-organization-identifier': 'https://ror.org/05h7xva58',
				'disambiguation-source': 'ROR',
			},
		});
		expect(items.Professor.data['department-name']).toBe('Psychoceramics');
		expect(items.Professor.data['end-date'] ?? null).toBeNull();
		expect(items['Visiting Fellow'].data['end-date']).toMatchObject({
			year: { value: '1994' },
			month: { value: '12' },
		});
		expect((await putCodes()).map((r) => [r.local_key, r.item_type, r.put_code])).toEqual([
			['hr-1001', 'employment', items.Professor.putCode],
			['hr-1002', 'employment', items['Visiting Fellow'].putCode],
			['hr-1003', 'education', items.PhD.putCode],
		]);
		// a second run with nothing changed in HR writes nothing
		const calls = (await env.emu.control('GET', '/_emulator/calls')) as Row[];
		const since = calls[calls.length - 1].id;
		await run();
		const writes = (
			(await env.emu.control('GET', `/_emulator/calls?since=${since}`)) as Row[]
		).filter((c) => c.method !== 'GET');
		expect(writes).toEqual([]);
	});

	it('adds the end date when someone leaves, updates changes, deletes removed rows: only ours', async () => {
		const before = byRole(await ours());
		await env.db.query(
			"UPDATE hr_affiliations SET end_date = '2026-11-30' WHERE local_key = 'hr-1001'",
		);
		await env.db.query(
			"UPDATE hr_affiliations SET department = 'Applied Ceramics' WHERE local_key = 'hr-1002'",
		);
		await env.db.query("DELETE FROM hr_affiliations WHERE local_key = 'hr-1003'");
		await run();
		const after = byRole(await ours());
		expect(Object.keys(after).sort()).toEqual(['Professor', 'Visiting Fellow']);
		// updated in place (same put codes), not added again
		expect(after.Professor.putCode).toBe(before.Professor.putCode);
		expect(after.Professor.data['end-date']).toMatchObject({
			year: { value: '2026' },
			month: { value: '11' },
			day: { value: '30' },
		});
		expect(after['Visiting Fellow'].putCode).toBe(before['Visiting Fellow'].putCode);
		expect(after['Visiting Fellow'].data['department-name']).toBe('Applied Ceramics');
		expect((await putCodes()).map((r) => r.local_key)).toEqual(['hr-1001', 'hr-1002']);
		// the employment Josiah added himself is still there, untouched
		const his = (await emulatorItems(env.emu, JOSIAH, 'employment')).filter(
			(i) => i.data['role-title'] === 'Self-added role',
		);
		expect(his).toHaveLength(1);
		expect(his[0].source.clientId ?? null).not.toBe(MEMBER.clientId);
	});
});

describe('13 Grants', () => {
	let workflowId: string;
	async function ourFundings(orcid: string): Promise<Row[]> {
		return (await emulatorItems(env.emu, orcid, 'funding')).filter(
			(i) => i.source.clientId === MEMBER.clientId,
		);
	}
	async function run(): Promise<void> {
		const execution = await env.runner.run(workflowId);
		expect(execution.status).toBe('success');
		expect(await env.db.query('SELECT * FROM orcid_sync_issues')).toEqual([]);
	}
	const roles = (item: Row) =>
		(item.data.contributors?.contributor ?? []).map((c: Row) => [
			c['contributor-orcid']?.path,
			c['credit-name']?.value,
			c['contributor-attributes']?.['contributor-role'],
		]);

	beforeAll(async () => {
		const wf = await importTemplate(env, '13-grants.json');
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	it("adds the grant to each person's record: funder id, grant number, amount, dates, everyone's role", async () => {
		await run();
		const [josiahs] = await ourFundings(JOSIAH);
		const [laures] = await ourFundings(LAURE);
		expect(josiahs).toBeDefined();
		expect(laures).toBeDefined();
		expect(josiahs.data).toMatchObject({
			type: 'grant',
			title: { title: { value: 'Psychoceramics of cracked pots' } },
			organization: {
				name: 'National Science Foundation',
				address: { city: 'Alexandria', region: 'VA', country: 'US' },
				'disambiguated-organization': {
					'disambiguated-organization-identifier': 'https://doi.org/10.13039/100000001',
					'disambiguation-source': 'FUNDREF',
				},
			},
			amount: { value: '250000.00', 'currency-code': 'USD' },
			'start-date': { year: { value: '2024' }, month: { value: '01' } },
			'end-date': { year: { value: '2026' }, month: { value: '12' } },
		});
		expect(josiahs.data['external-ids']['external-id']).toEqual([
			expect.objectContaining({
				'external-id-type': 'grant_number',
				'external-id-value': 'NSF-1234567',
				'external-id-relationship': 'self',
			}),
		]);
		expect(roles(josiahs)).toEqual([
			[LAURE, 'Laure Haak', 'co-lead'],
			[JOSIAH, 'Josiah Carberry', 'lead'],
		]);
		expect(roles(laures)).toEqual(roles(josiahs));
		const stored = await env.db.query(
			"SELECT orcid, local_key, put_code::int AS put_code FROM orcid_put_codes WHERE item_type = 'funding' ORDER BY orcid",
		);
		expect(stored).toEqual([
			{ orcid: LAURE, local_key: 'gr-2001', put_code: laures.putCode },
			{ orcid: JOSIAH, local_key: 'gr-2001', put_code: josiahs.putCode },
		]);
	});

	it('updates a changed grant in place and deletes it from the record of someone who left it', async () => {
		const [before] = await ourFundings(JOSIAH);
		await env.db.query(
			"UPDATE grants SET amount = 300000, end_date = '2027-06' WHERE grant_key = 'gr-2001'",
		);
		await env.db.query(`DELETE FROM grant_people WHERE grant_key = 'gr-2001' AND orcid = $1`, [
			LAURE,
		]);
		await run();
		const after = await ourFundings(JOSIAH);
		expect(after).toHaveLength(1);
		expect(after[0].putCode).toBe(before.putCode);
		expect(after[0].data.amount).toEqual({ value: '300000.00', 'currency-code': 'USD' });
		expect(after[0].data['end-date']).toMatchObject({
			year: { value: '2027' },
			month: { value: '06' },
		});
		expect(roles(after[0])).toEqual([[JOSIAH, 'Josiah Carberry', 'lead']]);
		expect(await ourFundings(LAURE)).toEqual([]);
		expect(
			await env.db.query("SELECT orcid FROM orcid_put_codes WHERE item_type = 'funding'"),
		).toEqual([{ orcid: JOSIAH }]);
	});
});

describe('14 Profile links', () => {
	let workflowId: string;
	const PROFILE = 'https://www.example.edu/people/sofia-garcia';
	async function ourPersonItems(orcid: string): Promise<Row[]> {
		return (await emulatorItems(env.emu, orcid)).filter(
			(i) =>
				['researcher-url', 'external-identifier'].includes(i.type) &&
				i.source.clientId === MEMBER.clientId,
		);
	}
	async function run(): Promise<void> {
		const execution = await env.runner.run(workflowId);
		expect(execution.status).toBe('success');
		expect(await env.db.query('SELECT * FROM orcid_sync_issues')).toEqual([]);
	}
	async function stored(): Promise<Row[]> {
		return await env.db.query(
			"SELECT orcid, item_type, local_key, put_code::int AS put_code FROM orcid_put_codes WHERE item_type IN ('researcher-url', 'external-identifier') ORDER BY item_type",
		);
	}

	beforeAll(async () => {
		// Sofia connects again (her first connection was revoked above), this time granting
		// /person/update; Josiah's connection has no /person/update
		await seedResearcher(
			env,
			SOFIA,
			'u-sofia-2',
			'/read-limited /activities/update /person/update',
		);
		await env.db.query(
			`INSERT INTO staff_profiles (orcid, profile_url, url_name, identifier_type, identifier_value, identifier_url)
			 VALUES ($1, $2, 'Example University profile', 'Example University staff ID', 'EU-4711', 'https://www.example.edu/staff/EU-4711'),
			        ($3, 'https://www.example.edu/people/josiah-carberry', NULL, NULL, NULL, NULL)`,
			[SOFIA, PROFILE, JOSIAH],
		);
		const wf = await importTemplate(env, '14-profile-links.json');
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	it('adds the profile URL and the institutional identifier for a researcher who granted /person/update', async () => {
		await run();
		const items = await ourPersonItems(SOFIA);
		const url = items.find((i) => i.type === 'researcher-url')!;
		const id = items.find((i) => i.type === 'external-identifier')!;
		expect(url.data).toMatchObject({
			'url-name': 'Example University profile',
			url: { value: PROFILE },
		});
		expect(id.data).toMatchObject({
			'external-id-type': 'Example University staff ID',
			'external-id-value': 'EU-4711',
			'external-id-url': { value: 'https://www.example.edu/staff/EU-4711' },
			'external-id-relationship': 'self',
		});
		expect(items).toHaveLength(2);
		// without /person/update nothing is written for Josiah
		expect(await ourPersonItems(JOSIAH)).toEqual([]);
		expect(await stored()).toEqual([
			{
				orcid: SOFIA,
				item_type: 'external-identifier',
				local_key: 'institutional-id',
				put_code: id.putCode,
			},
			{
				orcid: SOFIA,
				item_type: 'researcher-url',
				local_key: 'profile-url',
				put_code: url.putCode,
			},
		]);
		// nothing changed: nothing sent
		const calls = (await env.emu.control('GET', '/_emulator/calls')) as Row[];
		const since = calls[calls.length - 1].id;
		await run();
		const after = (await env.emu.control('GET', `/_emulator/calls?since=${since}`)) as Row[];
		expect(after).toEqual([]);
	});

	it('updates a changed profile URL in place and removes both items when the researcher leaves', async () => {
		const [before] = (await ourPersonItems(SOFIA)).filter((i) => i.type === 'researcher-url');
		const moved = 'https://www.example.edu/people/s-garcia';
		await env.db.query('UPDATE staff_profiles SET profile_url = $1 WHERE orcid = $2', [
			moved,
			SOFIA,
		]);
		await run();
		const [after] = (await ourPersonItems(SOFIA)).filter((i) => i.type === 'researcher-url');
		expect(after.putCode).toBe(before.putCode);
		expect(after.data.url).toEqual({ value: moved });

		await env.db.query("UPDATE staff_profiles SET left_on = '2026-12-01' WHERE orcid = $1", [
			SOFIA,
		]);
		await run();
		expect(await ourPersonItems(SOFIA)).toEqual([]);
		expect(await stored()).toEqual([]);
	});
});

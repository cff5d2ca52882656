/**
 * `make demo` (scripts/demo.js) as a user meets it: it prints the editor URL, the login and a
 * researcher's start link; following that link in a real browser (Chromium) through ORCID's
 * pages (the emulator's) ends on the success page and adds a row to the researchers Data table;
 * Ctrl-C stops everything; a second start reuses the state and is quick.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { decryptToken } from '../../nodes/shared/auth/tokens';
import { Client } from 'pg';

import { launchChromium } from '../../scripts/chromium';
import * as demo from '../../scripts/demo';
import * as demoData from '../../scripts/demo-data';
import {
	demoApi as api,
	demoTableRows,
	startDemo,
	stopDemo,
	type RunningDemo as Running,
} from './demo.support';
import { JOSIAH } from './templates.support';

jest.setTimeout(600_000);

async function researchers(run: Running): Promise<any[]> {
	return await demoTableRows(run, 'orcid_researchers');
}

async function answers(url: string): Promise<boolean> {
	try {
		const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
		await res.arrayBuffer();
		return true;
	} catch {
		return false;
	}
}

describe('make demo', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-demo-test-'));
	let first: Running | undefined;
	let second: Running | undefined;

	afterAll(async () => {
		for (const run of [first, second]) if (run) await stopDemo(run);
		fs.rmSync(dir, { recursive: true, force: true });
		await demoData.dropDatabase(dir);
	}, 60_000);

	it('prints the editor URL, the login and a start link, within 6 minutes on a first run', async () => {
		first = await startDemo(dir, 360_000);
		expect(first.readyMs).toBeLessThan(360_000);
		expect(first.editor).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
		expect(first.startLink).toMatch(
			/^http:\/\/127\.0\.0\.1:\d+\/webhook\/[0-9a-f-]+\/start\?link=/,
		);
		const login = await fetch(`${first.editor}rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				emailOrLdapLoginId: first.login.email,
				password: first.login.password,
			}),
		});
		expect(login.status).toBe(200);
		// every template imported, the connect template active
		const workflows = (await api(first, '/workflows?limit=250')).data;
		expect(workflows.map((w: any) => w.name).sort()).toEqual(
			demo
				.templateFiles()
				.map((f: string) => demo.loadTemplate(f).name)
				.sort(),
		);
		const connect = workflows.find(
			(w: any) => w.name === demo.loadTemplate(demo.CONNECT_TEMPLATE).name,
		);
		expect(connect.active).toBe(true);
		expect(await researchers(first)).toEqual([]);
	});

	it('sets up what the other templates need: database, credentials, staff forms, mailbox, samples', async () => {
		const lines = first!.lines;
		// PostgreSQL answers on this machine: the demo's own database with schema.sql and samples
		expect(lines.PostgreSQL).toContain(demoData.databaseName(dir));
		const db = new Client({ ...demoData.postgresServer(), database: demoData.databaseName(dir) });
		await db.connect();
		try {
			const pubs = (
				await db.query('SELECT orcid, count(*)::int AS n FROM publications GROUP BY orcid')
			).rows;
			expect(pubs.map((r) => r.orcid).sort()).toEqual(
				Object.values(demoData.RESEARCHERS)
					.map((r) => r.orcid)
					.sort(),
			);
			expect(pubs.every((r) => r.n >= 2)).toBe(true);
			const invited = (await db.query('SELECT email FROM orcid_invitations')).rows;
			expect(invited).toHaveLength(demoData.INVITATIONS.length);
		} finally {
			await db.end();
		}
		const creds = (await api(first!, '/credentials?limit=250')).data.map((c: any) => c.type);
		expect(creds).toEqual(
			expect.arrayContaining(['orcidMemberOAuth2Api', 'postgres', 'httpBasicAuth', 'smtp']),
		);
		// the staff forms are live behind the printed staff login
		const [user, password] = lines['Staff login'].replace(/ \(.*$/, '').split(' / ');
		const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
		for (const n of ['03', '05', '06', '07', '10']) {
			const url = lines[`Form ${n}`];
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/form\//);
			expect((await fetch(url)).status).toBe(401);
			expect((await fetch(url, { headers: { Authorization: auth } })).status).toBe(200);
		}
		const mailbox = lines.Mailbox.split(' ')[0];
		expect(await (await fetch(mailbox)).text()).toContain('No email yet.');
		const samples = lines.Samples.split(' ')[0];
		expect(fs.readdirSync(samples).sort()).toEqual(['employments.csv', 'works.csv']);
	});

	it('following the start link in a browser ends on the success page and adds a researcher row', async () => {
		const browser = await launchChromium();
		try {
			const page = await browser.newPage();
			await page.goto(first!.startLink);
			// the explanation page, then ORCID's (the emulator's) sign-in and consent page
			await page.getByText('Create or connect your ORCID iD').first().click();
			await page.locator(`input[name="researcher"][value="${JOSIAH}"]`).check();
			await page.locator('button[value="authorize"]').click();
			await page.waitForURL(/\/callback\?/);
			await page.getByText(`https://sandbox.orcid.org/${JOSIAH}`).first().waitFor();
		} finally {
			await browser.close();
		}
		const deadline = Date.now() + 30_000;
		let rows: any[] = [];
		while (Date.now() < deadline && rows.length === 0) {
			rows = await researchers(first!);
			if (!rows.length) await new Promise((r) => setTimeout(r, 300));
		}
		expect(rows).toEqual([
			expect.objectContaining({
				reference: 'demo-researcher-1',
				orcid: JOSIAH,
				name: 'Josiah Carberry',
				status: 'connected',
			}),
		]);
	});

	it('the tokens issued appear only as ciphertext in every saved execution, table and log line', async () => {
		const [row] = await researchers(first!);
		expect(row.accessToken).toMatch(/^orcidenc:v1:/);
		expect(row.refreshToken).toMatch(/^orcidenc:v1:/);
		const key = fs.readFileSync(path.join(dir, 'token-encryption-key'), 'utf8').trim();
		const plain = [decryptToken(row.accessToken, key), decryptToken(row.refreshToken, key)];
		for (const token of plain) expect(token).toMatch(/^[0-9a-f-]{20,}$/i);

		const haystacks: Record<string, string> = {};
		const executions = (await api(first!, '/executions?includeData=true&limit=250')).data;
		expect(executions.length).toBeGreaterThan(0);
		for (const e of executions) haystacks[`execution ${e.id}`] = JSON.stringify(e);
		for (const table of (await api(first!, '/data-tables?limit=250')).data) {
			const rows = (await api(first!, `/data-tables/${table.id}/rows?limit=250`)).data;
			haystacks[`table ${table.name}`] = JSON.stringify(rows);
		}
		const logs = /Logs:\s+(\S+)/.exec(first!.output())![1];
		for (const file of fs.existsSync(logs) ? fs.readdirSync(logs) : []) {
			haystacks[`log ${file}`] = fs.readFileSync(path.join(logs, file), 'utf8');
		}
		haystacks['demo output'] = first!.output();
		expect(Object.keys(haystacks).some((k) => k.startsWith('table orcid_researchers'))).toBe(true);
		const found = Object.entries(haystacks)
			.filter(([, text]) => plain.some((token) => text.includes(token)))
			.map(([where]) => where);
		expect(found).toEqual([]);
	});

	it('Ctrl-C stops everything', async () => {
		const editor = first!.editor;
		expect(await stopDemo(first!)).toBe(0);
		expect(first!.output()).toContain('Stopped.');
		expect(await answers(editor)).toBe(false);
		const emulatorUrl = /ORCID emulator: (\S+)/.exec(first!.output())![1];
		expect(await answers(`${emulatorUrl}/_emulator/clients`)).toBe(false);
	});

	it('a later run starts from the kept state: no first-time setup, same workflows and researchers', async () => {
		second = await startDemo(dir, 180_000);
		// n8n's database exists already (the first start creates it) and nothing is installed
		expect(second.output()).not.toMatch(/the first time|install-n8n/);
		expect((await api(second, '/workflows?limit=250')).data).toHaveLength(
			demo.templateFiles().length,
		);
		expect((await researchers(second)).map((r) => r.orcid)).toEqual([JOSIAH]);
		// the new start link answers with the explanation page at once
		const res = await fetch(second.startLink);
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Create or connect your ORCID iD');
		expect(await stopDemo(second)).toBe(0);
	});
});

describe('demo target', () => {
	it('uses the emulator unless all three ORCID_* variables name the sandbox', () => {
		expect(demo.orcidTargetFromEnv({})).toEqual({ kind: 'emulator' });
		expect(
			demo.orcidTargetFromEnv({
				ORCID_CLIENT_ID: 'APP-123',
				ORCID_CLIENT_SECRET: 's3cret',
				ORCID_ENV: 'sandbox',
			}),
		).toEqual({
			kind: 'sandbox',
			environment: 'sandbox',
			clientId: 'APP-123',
			clientSecret: 's3cret',
		});
		expect(() =>
			demo.orcidTargetFromEnv({ ORCID_CLIENT_ID: 'APP-123', ORCID_ENV: 'sandbox' }),
		).toThrow(/ORCID_CLIENT_SECRET/);
		expect(() =>
			demo.orcidTargetFromEnv({
				ORCID_CLIENT_ID: 'APP-123',
				ORCID_CLIENT_SECRET: 's',
				ORCID_ENV: 'production',
			}),
		).toThrow(/ORCID_ENV=sandbox/);
	});

	it('shows the API key only when asked', () => {
		const key = 'n8n_api_0123456789abcdefghijklmnop';
		expect(demo.maskedKey(key, {})).not.toContain('0123456789');
		expect(demo.maskedKey(key, {})).toMatch(/^n8n_ap…mnop /);
		expect(demo.maskedKey(key, { DEMO_SHOW_API_KEY: '1' })).toBe(key);
	});

	it('points the credential at the sandbox with the given client', () => {
		expect(
			demo.orcidCredentialData({
				environment: 'sandbox',
				clientId: 'APP-123',
				clientSecret: 's3cret',
			}),
		).toEqual({
			environment: 'sandbox',
			clientId: 'APP-123',
			clientSecret: 's3cret',
		});
	});
});

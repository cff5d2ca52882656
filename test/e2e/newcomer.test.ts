/**
 * The newcomer's first hour, as a test: `make demo` as the README says (scripts/demo.js in a
 * folder of its own), then every template the demo can run, the way a person does it: opened
 * in the editor (its REST API, logged in with the printed login), run with the demo's sample
 * data (a manual run starts from the trigger the person clicks, as the editor's "Execute
 * workflow" does: POST /rest/workflows/:id/run with triggerToStartFrom), forms filled in with
 * the printed staff login, the start link followed in Chromium; and what the person then looks
 * at: rows, put codes, the record on ORCID (the emulator), the file the form hands over, the
 * email in the mailbox. Outcomes, not internals: a template may change how it does its work.
 *
 * Not here: the Google Sheets variants (they need a Google account) and the Postgres variant of
 * 01 (the demo activates the Data-table one); templates.connect.test.ts runs the Postgres one.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { Client } from 'pg';
import * as XLSX from 'xlsx';

import { launchChromium } from '../../scripts/chromium';
import { dismissChecklist } from '../../scripts/demo-screenshots';
import * as demoData from '../../scripts/demo-data';
import { executionMethods } from '../../scripts/n8n-server';
import { demoApi, demoTableRows, startDemo, stopDemo, type RunningDemo } from './demo.support';
import {
	Execution,
	JOSIAH,
	MEMBER,
	formDownloads,
	nextPage,
	openForm,
	prefilled,
	submitForm,
	type Row,
} from './templates.support';

jest.setTimeout(600_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-newcomer-'));
let demo: RunningDemo;
let cookie = '';
let db: Client;
let emulatorUrl: string;
let staffAuth: string;

/** Polls `look` until it gives a value (deadline-bounded; never a fixed wait). */
async function until<T>(what: string, look: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await look();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not after ${ms} ms`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** The editor's REST API (/rest), with the login cookie. */
async function rest(method: string, p: string, body?: unknown): Promise<any> {
	const res = await fetch(`${demo.editor}rest${p}`, {
		method,
		headers: {
			Cookie: cookie,
			...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} /rest${p} -> ${res.status}: ${text.slice(0, 500)}`);
	const json = JSON.parse(text);
	return json && typeof json === 'object' && 'data' in json ? json.data : json;
}

/** A template as the editor opens it: the workflow list, then the workflow, by its number. */
async function openTemplate(number: string, variant = ''): Promise<Row> {
	const list: Row[] = await rest('GET', '/workflows');
	const found = list.filter(
		(w) => String(w.name).startsWith(`${number} · `) && String(w.name).includes(variant),
	);
	expect(found.map((w) => w.name)).toHaveLength(1);
	return await rest('GET', `/workflows/${found[0].id}`);
}

/**
 * "Execute workflow" in the editor, from the workflow's schedule trigger (or the named one):
 * the execution, once finished.
 */
async function executeWorkflow(wf: Row, triggerName?: string, pinned?: Row[]): Promise<Execution> {
	const trigger =
		triggerName ?? wf.nodes.find((n: Row) => n.type === 'n8n-nodes-base.scheduleTrigger').name;
	// data pinned on the trigger goes along, as the editor sends it
	const data =
		pinned &&
		({
			startTime: Date.now(),
			executionTime: 0,
			executionIndex: 0,
			source: [],
			data: { main: [pinned.map((json) => ({ json }))] },
		} as Row);
	const runs = executionMethods({
		api: (method: string, p: string) => demoApi(demo, p, { method }),
	});
	const before = new Set((await runs.allExecutions(wf.id)).map((e: Row) => String(e.id)));
	const started = await rest('POST', `/workflows/${wf.id}/run`, {
		triggerToStartFrom: data ? { name: trigger, data } : { name: trigger },
	});
	expect(started.executionId).toBeDefined();
	const run = await until(`execution ${started.executionId} of "${wf.name}"`, async () => {
		const raw = await demoApi(demo, `/executions/${started.executionId}?includeData=true`).catch(
			() => undefined,
		);
		const e = raw && new Execution(raw);
		return e && e.finished ? e : undefined;
	});
	// the runs it started without waiting (template 04's lanes and their batches) end too, and
	// succeed (a lane that could not start its batches syncs nothing: no check below would see it)
	await runs.settled(wf.id, before);
	const failed = (await runs.executions(wf.id, { includeData: false }))
		.filter((e: Row) => !before.has(String(e.id)) && String(e.id) !== String(started.executionId))
		.filter((e: Row) => e.status !== 'success')
		.map((e: Row) => `execution ${e.id}: ${e.status}`);
	expect(failed).toEqual([]);
	return run;
}

async function query(sql: string, params: unknown[] = []): Promise<Row[]> {
	return (await db.query(sql, params)).rows;
}

/** Our client's items on an iD's record, as ORCID (the emulator) holds them. */
async function onTheRecord(orcid: string, types: string[]): Promise<Row[]> {
	const res = await fetch(`${emulatorUrl}/_emulator/records/${orcid}`);
	const record = (await res.json()) as Row;
	return (record.items as Row[]).filter(
		(i) => types.includes(i.type) && i.source.clientId === MEMBER.clientId,
	);
}

async function putCodes(orcid: string, itemType: string): Promise<Row[]> {
	return await query(
		`SELECT local_key, put_code::int AS put_code, environment FROM orcid_put_codes
		 WHERE orcid = $1 AND item_type = $2 AND put_code IS NOT NULL ORDER BY local_key`,
		[orcid, itemType],
	);
}

function expectSuccess(e: Execution): void {
	if (e.status !== 'success') throw new Error(e.describe());
}

/** A staff form the demo printed ("Form NN: …/form/<path>"): submit its first page, open what comes next. */
async function staffForm(
	number: string,
	formPath: string,
	values: Parameters<typeof submitForm>[1],
) {
	const printed = new RegExp(`Form ${number}:\\s+(\\S+/form/${formPath})$`, 'm').exec(
		demo.output(),
	);
	expect(printed).not.toBeNull();
	const url = printed![1];
	expect((await openForm(url)).status).toBe(401);
	const first = await submitForm(url, values, staffAuth);
	expect(first.status).toBe(200);
	expect(first.next).toBeDefined();
	return { first, page: await nextPage(first.next!) };
}

function csvRows(data: Buffer): Row[] {
	const book = XLSX.read(data.toString('utf8').replace(/^\uFEFF/, ''), { type: 'string' });
	return XLSX.utils.sheet_to_json<Row>(book.Sheets[book.SheetNames[0]], { raw: false });
}

beforeAll(async () => {
	// as the README says: make demo (here in a folder of its own, on any free port)
	demo = await startDemo(dir, 420_000);
	const login = await fetch(`${demo.editor}rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: demo.login.email, password: demo.login.password }),
	});
	expect(login.status).toBe(200);
	cookie = login.headers
		.getSetCookie()
		.find((c) => c.startsWith('n8n-auth='))!
		.split(';')[0];
	emulatorUrl = /ORCID emulator: (\S+)/.exec(demo.output())![1];
	const [user, password] = demo.lines['Staff login'].replace(/ \(.*$/, '').split(' / ');
	staffAuth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
	db = new Client({ ...demoData.postgresServer(), database: demoData.databaseName(dir) });
	await db.connect();
}, 480_000);

/**
 * With NEWCOMER_SCREENSHOTS=<folder>: each template's last execution as the editor shows it
 * (canvas with the items each node passed on), for workflows-templates/README.md. Not a check.
 */
async function resultScreenshots(outDir: string): Promise<void> {
	const browser = await launchChromium();
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
		const [name, value] = cookie.split('=');
		await context.addCookies([{ name, value, url: demo.editor }]);
		const page = await context.newPage();
		fs.mkdirSync(outDir, { recursive: true });
		const list: Row[] = await rest('GET', '/workflows');
		for (const w of list) {
			if (/Google Sheets|\(Postgres\)/.test(w.name)) continue;
			const runs = (await demoApi(demo, `/executions?workflowId=${w.id}&limit=1`)).data;
			if (!runs.length) continue;
			await page.goto(`${demo.editor}workflow/${w.id}/executions/${runs[0].id}`, {
				waitUntil: 'domcontentloaded',
			});
			// the preview's nodes, in the page or in an iframe, whichever this n8n draws
			// (bounded: a missing preview costs one picture, never the whole step)
			const node = '[data-test-id="canvas-node"]';
			await Promise.any([
				page.locator(node).first().waitFor({ timeout: 30_000 }),
				page.frameLocator('iframe').first().locator(node).first().waitFor({ timeout: 30_000 }),
			]).catch(() => undefined);
			await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
			await dismissChecklist(page);
			await page.screenshot({ path: path.join(outDir, `result-${w.name.slice(0, 2)}.png`) });
		}
	} finally {
		await browser.close();
	}
}

afterAll(async () => {
	if (demo && process.env.NEWCOMER_SCREENSHOTS)
		await resultScreenshots(path.resolve(process.env.NEWCOMER_SCREENSHOTS));
	await db?.end();
	if (demo) await stopDemo(demo);
	fs.rmSync(dir, { recursive: true, force: true });
	await demoData.dropDatabase(dir);
}, 1_800_000);

describe('the demo, template by template, as a newcomer runs it', () => {
	it('every template carries its number and says on its canvas how to run it in the demo', async () => {
		const list: Row[] = await rest('GET', '/workflows');
		expect(list.length).toBeGreaterThanOrEqual(15);
		for (const w of list) {
			expect(w.name).toMatch(/^\d\d · /);
			const wf = await rest('GET', `/workflows/${w.id}`);
			const notes = wf.nodes
				.filter((n: Row) => n.type === 'n8n-nodes-base.stickyNote')
				.map((n: Row) => String(n.parameters.content))
				.join('\n');
			expect({ name: w.name, inTheDemo: /### In the demo/.test(notes) }).toEqual({
				name: w.name,
				inTheDemo: true,
			});
		}
	});

	it('01: the start link connects Josiah; the success page links his iD visibly and hides the reference; his row says sandbox', async () => {
		await openTemplate('01', '(Data table)');
		const browser = await launchChromium();
		try {
			const page = await browser.newPage();
			await page.goto(demo.startLink);
			await page.getByText('Create or connect your ORCID iD').first().click();
			await page.locator(`input[name="researcher"][value="${JOSIAH}"]`).check();
			await page.locator('button[value="authorize"]').click();
			await page.waitForURL(/\/callback\?/);
			const link = page.locator(`a[href="https://sandbox.orcid.org/${JOSIAH}"]`).first();
			await link.waitFor();
			// it looks like a link: underlined, in the page's link colour, not the text colour
			const look = await link.evaluate((a: any) => {
				const view = a.ownerDocument.defaultView;
				return {
					underline: view.getComputedStyle(a.querySelector('span')).textDecorationLine,
					color: view.getComputedStyle(a).color,
					text: view.getComputedStyle(a.ownerDocument.body).color,
				};
			});
			expect(look.underline).toBe('underline');
			expect(look.color).not.toBe(look.text);
			expect(await page.locator('body').innerText()).not.toContain('demo-researcher-1');
		} finally {
			await browser.close();
		}
		const row = await until('Josiah in orcid_researchers', async () =>
			(await demoTableRows(demo, 'orcid_researchers')).find((r) => r.orcid === JOSIAH),
		);
		expect(row).toMatchObject({
			reference: 'demo-researcher-1',
			status: 'connected',
			environment: 'sandbox',
			orcidUri: `https://sandbox.orcid.org/${JOSIAH}`,
		});
		expect(row.scopes).toContain('/activities/update');
		expect(row.scopes).toContain('/person/update');
	});

	it("02: Execute workflow writes Josiah's two sample publications; their put codes are stored", async () => {
		const run = await executeWorkflow(await openTemplate('02'));
		expectSuccess(run);
		const written = run.output('ORCID Write Item').filter((w) => w.putCode);
		expect(written).toHaveLength(2);
		const stored = await putCodes(JOSIAH, 'work');
		expect(stored.map((r) => [r.local_key, r.environment])).toEqual([
			['demo-pub-1', 'sandbox'],
			['demo-pub-2', 'sandbox'],
		]);
		const works = await onTheRecord(JOSIAH, ['work']);
		for (const r of stored) expect(works.map((w) => w.putCode)).toContain(r.put_code);
	});

	it("03: form 03 prefills the second page from Josiah's record; saving fills researcher_profiles", async () => {
		const { first, page } = await staffForm('03', 'orcid-collect-profile', [JOSIAH]);
		expect(prefilled(page.text, 0)).toBe('Josiah');
		expect(prefilled(page.text, 1)).toBe('Carberry');
		const saved = await submitForm(first.next!, [
			'Josiah',
			'Carberry',
			'Studies cracked pots.',
			'psychoceramics',
			'US',
			'https://www.example.edu/people/josiah-carberry',
		]);
		expect((await nextPage(saved.next!)).text).toContain('Profile saved');
		const rows = await demoTableRows(demo, 'researcher_profiles');
		expect(rows).toEqual([
			expect.objectContaining({ orcid: JOSIAH, biography: 'Studies cracked pots.' }),
		]);
	});

	it('04: Execute workflow syncs: nothing added twice, every stored put code is on the record', async () => {
		const before = await onTheRecord(JOSIAH, ['work']);
		expectSuccess(await executeWorkflow(await openTemplate('04')));
		const after = await onTheRecord(JOSIAH, ['work']);
		const dois = after.map((w) =>
			(w.data['external-ids']?.['external-id'] ?? [])
				.map((x: Row) => x['external-id-value'])
				.join(' '),
		);
		expect(new Set(dois).size).toBe(dois.length);
		expect(after.length).toBeGreaterThanOrEqual(before.length);
		for (const r of await putCodes(JOSIAH, 'work'))
			expect(after.map((w) => w.putCode)).toContain(r.put_code);
	});

	it('05: form 05 hands over a CSV with a row per put code', async () => {
		await openTemplate('05', '(XLSX, CSV)');
		const { page } = await staffForm('05', 'orcid-export-connections', ['CSV']);
		const [file] = formDownloads(page.text);
		expect(file.fileName).toMatch(/^orcid-connections-.*\.csv$/);
		const rows = csvRows(file.data).filter((r) => r.orcid === JOSIAH);
		const codes = (await putCodes(JOSIAH, 'work')).map((r) => String(r.put_code));
		expect(rows.map((r) => String(r.putCode))).toEqual(expect.arrayContaining(codes));
	});

	it("06: form 06 with today's date twice hands over the CSV of today's ORCID calls", async () => {
		await openTemplate('06');
		const today = new Date().toISOString().slice(0, 10);
		const { page } = await staffForm('06', 'orcid-api-log-export', [today, today]);
		const [file] = formDownloads(page.text);
		expect(file.fileName).toBe(`orcid-api-log-${today}-to-${today}.csv`);
		const rows = csvRows(file.data);
		// template 02's writes are among them
		expect(rows.filter((r) => r.method === 'POST' && /\/work$/.test(r.url)).length).toBeGreaterThan(
			0,
		);
	});

	it('09: Execute workflow emails each sample invitee a personal start link (the mailbox)', async () => {
		expectSuccess(await executeWorkflow(await openTemplate('09')));
		const folder = demo.lines.Mailbox.replace(/^.*also (\S+)\)$/, '$1');
		const mails = await until('two invitations in the mailbox', async () => {
			const files = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
			const texts = files.map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));
			const invites = texts.filter((t) => /ada\.lovelace|alan\.turing/.test(t));
			return invites.length >= 2 ? invites : undefined;
		});
		for (const mail of mails) expect(mail.replace(/=\r?\n/g, '')).toMatch(/\/start\?link=/);
		const page = await (await fetch(demo.lines.Mailbox.split(' ')[0])).text();
		expect(page).toContain('ada.lovelace@example.edu');
	});

	it('10: form 10 with the sample works file writes them to Josiah; put codes stored', async () => {
		await openTemplate('10');
		const samples = demo.lines.Samples.split(' ')[0];
		const file = fs.readFileSync(path.join(samples, 'works.csv'));
		const { page } = await staffForm('10', 'orcid-bulk-upload', [
			{ file, name: 'works.csv', type: 'text/csv' },
			'Works',
		]);
		expect(page.status).toBe(200);
		// the sample file's two works are on his record, each with its put code stored
		const works = (await onTheRecord(JOSIAH, ['work'])).filter((w) =>
			JSON.stringify(w.data['external-ids']).match(/10\.5555\/demo\.1[12]/),
		);
		expect(works).toHaveLength(2);
		const stored = (await putCodes(JOSIAH, 'work')).map((r) => r.put_code);
		for (const w of works) expect(stored).toContain(w.putCode);
	});

	it("11: the public iD page shows Josiah's iD URI", async () => {
		await openTemplate('11');
		const res = await fetch(`${demo.editor}webhook/orcid-ids`);
		expect(res.status).toBe(200);
		expect(await res.text()).toContain(`https://sandbox.orcid.org/${JOSIAH}`);
	});

	it("12: Execute workflow puts Josiah's HR positions and degree on his record", async () => {
		expectSuccess(await executeWorkflow(await openTemplate('12')));
		const items = await onTheRecord(JOSIAH, ['employment', 'education']);
		expect(items.map((i) => i.type).sort()).toEqual(['education', 'employment', 'employment']);
		expect((await putCodes(JOSIAH, 'employment')).length).toBe(2);
	});

	it("13: Execute workflow puts the sample grant on Josiah's record as funding", async () => {
		expectSuccess(await executeWorkflow(await openTemplate('13')));
		const fundings = await onTheRecord(JOSIAH, ['funding']);
		expect(fundings.map((f) => f.data.title.title.value)).toEqual([
			'Psychoceramics of cracked pots',
		]);
		expect(await putCodes(JOSIAH, 'funding')).toHaveLength(1);
	});

	it("14: Execute workflow puts Josiah's profile page and staff ID on his record", async () => {
		expectSuccess(await executeWorkflow(await openTemplate('14')));
		const items = await onTheRecord(JOSIAH, ['researcher-url', 'external-identifier']);
		expect(JSON.stringify(items)).toContain('https://www.example.edu/people/josiah-carberry');
		expect(JSON.stringify(items)).toContain('EU-4711');
	});

	it("15: form 15 shows Josiah's sync history", async () => {
		await openTemplate('15');
		const { page } = await staffForm('15', 'orcid-sync-history', [
			JOSIAH,
			'',
			'On this page',
			'',
			'[]',
			'[]',
		]);
		expect(page.text).toContain(`ORCID sync history of ${JOSIAH}`);
	});

	it('07: Execute workflow checks every token (checkedAt set)', async () => {
		expectSuccess(await executeWorkflow(await openTemplate('07')));
		const row = (await demoTableRows(demo, 'orcid_researchers')).find((r) => r.orcid === JOSIAH);
		expect(row.checkedAt).toBeTruthy();
		expect(row.status).toBe('connected');
	});

	it("08: Execute workflow registers the change notice; Josiah's edit at ORCID starts a sync of him", async () => {
		const wf = await openTemplate('08');
		// ORCID batches its calls (about five minutes): here the batch goes out when the test says
		await fetch(`${emulatorUrl}/_emulator/config`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ webhookDelayMs: 3_600_000 }),
		});
		expectSuccess(await executeWorkflow(wf));
		const hooks = (await (await fetch(`${emulatorUrl}/_emulator/webhooks`)).json()) as Row[];
		expect(hooks.map((h) => h.orcid)).toContain(JOSIAH);
		const known = new Set(
			(await demoApi(demo, `/executions?workflowId=${wf.id}&limit=250`)).data.map((e: Row) =>
				String(e.id),
			),
		);
		await fetch(`${emulatorUrl}/_emulator/records/${JOSIAH}/items`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				type: 'work',
				data: {
					title: { title: { value: 'Added by Josiah himself' } },
					type: 'other',
					'external-ids': { 'external-id': [] },
				},
			}),
		});
		await fetch(`${emulatorUrl}/_emulator/webhooks/flush`, { method: 'POST' });
		const trigger = wf.nodes.find((n: Row) => n.type === 'n8n-nodes-base.webhook').name;
		const run = await until('the sync started by the change notice', async () => {
			const list = (await demoApi(demo, `/executions?workflowId=${wf.id}&limit=250`)).data;
			for (const e of list) {
				if (known.has(String(e.id)) || ['new', 'running', 'waiting'].includes(e.status)) continue;
				const full = new Execution(await demoApi(demo, `/executions/${e.id}?includeData=true`));
				if (full.received(trigger)?.orcid === JOSIAH) return full;
			}
			return undefined;
		});
		expectSuccess(run);
		const collected = await query('SELECT title FROM orcid_collected_items WHERE orcid = $1', [
			JOSIAH,
		]);
		expect(collected.map((c) => c.title)).toContain('Added by Josiah himself');
	});

	it("16: Execute workflow with Josiah's reference pinned gives his manage link; it opens his manage page", async () => {
		const run = await executeWorkflow(await openTemplate('16'), 'When called by another workflow', [
			{ reference: 'demo-researcher-1' },
		]);
		expectSuccess(run);
		const link = String(run.output('Create manage link')[0]?.manageLink ?? '');
		expect(link).toMatch(/\/manage\?/);
		const page = await fetch(link);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('data-page="manage"');
	});

	it('07: form 07 disconnects Josiah: his row says revoked', async () => {
		const { page } = await staffForm('07', 'orcid-disconnect', [JOSIAH, 'asked by email']);
		expect(page.text).toContain('is disconnected');
		const row = (await demoTableRows(demo, 'orcid_researchers')).find((r) => r.orcid === JOSIAH);
		expect(row.status).toBe('revoked');
	});
});

/**
 * Templates in a real n8n 2.41.1: every template imports and uses only node types n8n knows;
 * the connect template (Data table, Postgres) stores the token record a researcher's start link
 * leads to, and records denials and traffic without secrets.
 */
import { launchChromium } from '../../scripts/chromium';
import * as demo from '../../scripts/demo';
import {
	formUrl,
	nextPage,
	staffCredential,
	STAFF_AUTH,
	submitForm,
	assertNothingSecret,
	followStartLink,
	importTemplate,
	JOSIAH,
	LAURE,
	MEMBER,
	SOFIA,
	startTemplateEnv,
	tableRows,
	byReference,
	executionIds,
	waitForExecutions,
	type Row,
	type TemplateEnv,
} from './templates.support';

jest.setTimeout(180_000);

let env: TemplateEnv;

beforeAll(async () => {
	env = await startTemplateEnv();
}, 240_000);

afterAll(async () => {
	await env?.stop();
}, 60_000);

describe('every template', () => {
	const files = demo.templateFiles();

	it('is there: sixteen templates, with the connect variants', () => {
		const numbers = new Set(files.map((f: string) => f.slice(0, 2)));
		expect([...numbers].sort()).toEqual([
			'01',
			'02',
			'03',
			'04',
			'05',
			'06',
			'07',
			'08',
			'09',
			'10',
			'11',
			'12',
			'13',
			'14',
			'15',
			'16',
		]);
		expect(files).toEqual(
			expect.arrayContaining([
				'01-connect-researchers-datatable.json',
				'01-connect-researchers-postgres.json',
				'01-connect-researchers-google-sheets.json',
			]),
		);
	});

	it.each(files)('%s carries no credential ids and explains its setup in a sticky note', (file) => {
		const wf = demo.loadTemplate(file);
		// the name carries the template number, as the README and the other templates refer to it
		expect(wf.name).toMatch(new RegExp(`^${file.slice(0, 2)} · `));
		for (const node of wf.nodes) expect(node.credentials).toBeUndefined();
		const notes = wf.nodes.filter((n: Row) => n.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThan(0);
		expect(notes.map((n: Row) => n.parameters.content).join('\n')).toMatch(/Setup/);
		// and how to run it in the demo: the clicks, then what to look at
		const demoNote = notes.find((n: Row) => n.name === 'In the demo');
		expect(demoNote?.parameters.content).toMatch(
			/^### In the demo\n[\s\S]*1\. [\s\S]*\*\*Look at:\*\*/,
		);
		// node names are unique and every connection names an existing node
		const names = new Set(wf.nodes.map((n: Row) => n.name));
		expect(names.size).toBe(wf.nodes.length);
		for (const [from, conn] of Object.entries(wf.connections as Record<string, Row>)) {
			expect(names.has(from)).toBe(true);
			for (const out of conn.main) for (const c of out ?? []) expect(names.has(c.node)).toBe(true);
		}
	});

	it.each(files)('%s imports into n8n 2.41.1 and uses only node types it knows', async (file) => {
		const types: Row[] = await env.n8n.nodeTypes();
		const wf = demo.loadTemplate(file);
		for (const node of wf.nodes) {
			const known = types.filter((t) => t.name === node.type);
			expect({ node: node.name, type: node.type, known: known.length > 0 }).toEqual({
				node: node.name,
				type: node.type,
				known: true,
			});
			const versions = known.flatMap((t) => [].concat(t.version));
			expect(versions).toContain(node.typeVersion);
		}
		const created = await demo.importTemplate(env.n8n, wf, { name: `${wf.name} (import check)` });
		const back = await env.n8n.api('GET', `/workflows/${created.id}`);
		expect(back.nodes).toHaveLength(wf.nodes.length);
		expect(Object.keys(back.connections).sort()).toEqual(Object.keys(wf.connections).sort());
		await env.n8n.api('DELETE', `/workflows/${created.id}`);
	});
});

/** A table's rows once `ready` says they hold what a run wrote (never by the count of runs). */
async function rowsWhen(table: string, ready: (rows: Row[]) => boolean): Promise<Row[]> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const rows = await tableRows(env, table);
		if (ready(rows)) return rows;
		if (Date.now() > deadline) throw new Error(`${table}: the expected rows never came`);
		await new Promise((r) => setTimeout(r, 300));
	}
}

describe('01 Connect researchers (Data table)', () => {
	const FILE = '01-connect-researchers-datatable.json';
	let startUrl: string;
	let workflowId: string;
	const codes: string[] = [];

	let callbackUrl: string;

	beforeAll(async () => {
		const wf = await importTemplate(env, FILE);
		workflowId = wf.id;
		callbackUrl = await demo.webhookUrlOf(env.n8n, wf, 'ORCID Auth Trigger', 'default');
		await demo.activateAndWait(env.n8n, wf.id);
		startUrl = await demo.webhookUrlOf(env.n8n, wf, 'ORCID Auth Trigger', 'setup');
	}, 120_000);

	it('stores the token record of each researcher who follows their start link', async () => {
		for (const [ref, orcid] of [
			['user-1', JOSIAH],
			['user-2', LAURE],
		]) {
			const link = demo.startLink(startUrl, ref, MEMBER.clientSecret);
			const page = await followStartLink(link, { orcid });
			expect(page.status).toBe(200);
			expect(page.html).toContain(`https://sandbox.orcid.org/${orcid}`);
			if (page.code) codes.push(page.code);
		}
		await waitForExecutions(env.n8n, workflowId, byReference('user-1', 'user-2'), { count: 2 });
		const rows = await tableRows(env, 'orcid_researchers');
		expect(rows.map((r) => [r.reference, r.orcid])).toEqual([
			['user-1', JOSIAH],
			['user-2', LAURE],
		]);
		const josiah = rows[0];
		expect(josiah).toMatchObject({
			orcidUri: `https://sandbox.orcid.org/${JOSIAH}`,
			name: 'Josiah Carberry',
			environment: 'sandbox',
			apiType: 'member',
			tokenType: 'bearer',
			scopes: '/read-limited /activities/update',
			status: 'connected',
		});
		expect(Date.parse(josiah.expiresAt)).toBeGreaterThan(Date.now() + 365 * 86400_000);
		expect(Date.parse(josiah.obtainedAt)).toBeLessThanOrEqual(Date.now());
		// the stored token is the one ORCID issued: it reads the record
		const res = await fetch(`${env.emu.memberApi}/v3.0/${JOSIAH}/person`, {
			headers: { Authorization: `Bearer ${josiah.accessToken}`, Accept: 'application/json' },
		});
		expect(res.status).toBe(200);
	});

	it('connecting again with the same reference updates the row instead of adding one', async () => {
		const [before] = (await tableRows(env, 'orcid_researchers')).filter((r) => r.orcid === JOSIAH);
		const link = demo.startLink(startUrl, 'user-1', MEMBER.clientSecret);
		expect((await followStartLink(link, { orcid: JOSIAH })).status).toBe(200);
		const rows = await rowsWhen('orcid_researchers', (all) =>
			all.some((r) => r.orcid === JOSIAH && r.accessToken !== before.accessToken),
		);
		const josiah = rows.filter((r) => r.orcid === JOSIAH);
		expect(josiah).toHaveLength(1);
		expect(josiah[0].reference).toBe('user-1');
	});

	it('an iD already stored under another reference: the row stays, a conflict row names both references, the researcher is told whom to contact', async () => {
		const [before] = (await tableRows(env, 'orcid_researchers')).filter((r) => r.orcid === JOSIAH);
		const link = demo.startLink(startUrl, 'user-1b', MEMBER.clientSecret);
		const page = await followStartLink(link, { orcid: JOSIAH });
		expect(page.status).toBe(409);
		expect(page.html).toContain('data-page="already_connected"');
		expect(page.html).toContain('This ORCID iD is already connected to another account');
		expect(page.html).toContain('orcid-help@example.edu');
		const failures = await rowsWhen('orcid_connection_failures', (all) =>
			all.some((r) => r.reference === 'user-1b'),
		);
		expect(failures.filter((r) => r.reference === 'user-1b')).toEqual([
			expect.objectContaining({
				reason: 'already_connected',
				orcid: JOSIAH,
				existingReference: 'user-1',
				environment: 'sandbox',
			}),
		]);
		const josiah = (await tableRows(env, 'orcid_researchers')).filter((r) => r.orcid === JOSIAH);
		expect(josiah).toEqual([before]);
	});

	it('a researcher who denies access gets a kind page and leaves a failure row, no token', async () => {
		const link = demo.startLink(startUrl, 'user-3', MEMBER.clientSecret);
		const page = await followStartLink(link, { orcid: SOFIA, deny: true });
		expect(page.status).toBeGreaterThanOrEqual(200);
		expect(page.html).toContain('orcid-help@example.edu');
		const failures = (
			await rowsWhen('orcid_connection_failures', (all) =>
				all.some((r) => r.reference === 'user-3'),
			)
		).filter((r) => r.reference === 'user-3');
		expect(failures).toEqual([
			expect.objectContaining({
				reference: 'user-3',
				reason: 'access_denied',
				orcidErrorCode: 'access_denied',
			}),
		]);
		const rows = await tableRows(env, 'orcid_researchers');
		expect(rows.map((r) => r.orcid)).not.toContain(SOFIA);
	});

	it('a forged start link gets an error page and starts nothing', async () => {
		const link = demo.startLink(startUrl, 'user-9', 'not-the-secret');
		const known = await executionIds(env.n8n, workflowId);
		const page = await followStartLink(link, { orcid: SOFIA });
		expect(page.status).toBe(400);
		expect(page.authorizeUrl).toBeUndefined();
		// a later sign-in (denied) does start a run: once it has finished, it is the only new one
		const later = demo.startLink(startUrl, 'user-10', MEMBER.clientSecret);
		await followStartLink(later, { orcid: SOFIA, deny: true });
		const [run] = await waitForExecutions(env.n8n, workflowId, byReference('user-10'), { known });
		const added = [...(await executionIds(env.n8n, workflowId))].filter((id) => !known.has(id));
		expect(added).toEqual([String(run.id)]);
	});

	it('logs each token exchange in orcid_api_log, with no token, code or secret in it', async () => {
		const log = await tableRows(env, 'orcid_api_log');
		const exchanges = log.filter((r) => r.url.endsWith('/oauth/token'));
		expect(exchanges).toHaveLength(4);
		for (const row of exchanges) {
			expect(row).toMatchObject({ method: 'POST', status: 200, node: 'ORCID Auth Trigger' });
			expect(row.workflow).toBe('01 · Connect researchers to ORCID (Data table)');
			expect(JSON.parse(row.requestBody)).toMatchObject({
				grant_type: 'authorization_code',
				client_id: MEMBER.clientId,
			});
		}
		const researchers = await tableRows(env, 'orcid_researchers');
		assertNothingSecret(log, [
			MEMBER.clientSecret,
			...codes,
			...researchers.flatMap((r) => [r.accessToken, r.refreshToken]),
		]);
	});

	it("ORCID's own invitation (no state): the researcher authorizes in a browser and sees the success page; staff match the pending connection in template 07's form; the row is then a normal connected row", async () => {
		const notice = await env.emu.control('POST', '/_emulator/institutional-notices', {
			clientId: MEMBER.clientId,
			orcid: SOFIA,
			redirectUri: callbackUrl,
			memberName: 'Example University Library',
		});
		expect(notice.data['notification-subject']).toBe(
			'Connect your ORCID iD with Example University Library',
		);
		const link = new URL(notice.data['authorization-url'].uri);
		expect(link.searchParams.has('state')).toBe(false);

		const browser = await launchChromium();
		try {
			const context = await browser.newContext({ locale: 'en-GB' });
			await context.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
			const page = await context.newPage();
			await page.goto(link.toString());
			await page.check(`input[name="researcher"][value="${SOFIA}"]`);
			await page.click('button[value="authorize"]');
			await page.waitForSelector('main[data-page="success"]');
			expect(await page.locator('a[aria-label="View ORCID record"]').getAttribute('href')).toBe(
				`https://sandbox.orcid.org/${SOFIA}`,
			);
		} finally {
			await browser.close();
		}
		const [pending] = (
			await rowsWhen('orcid_pending_connections', (all) => all.some((r) => r.orcid === SOFIA))
		).filter((r) => r.orcid === SOFIA);
		expect(pending).toMatchObject({
			environment: 'sandbox',
			scopes: '/read-limited /activities/update',
		});
		expect((await tableRows(env, 'orcid_researchers')).map((r) => r.orcid)).not.toContain(SOFIA);

		// the staff form that matches pending connections is in template 07 (Basic Auth)
		await staffCredential(env);
		const upkeep = await importTemplate(env, '07-token-upkeep.json');
		await demo.activateAndWait(env.n8n, upkeep.id);
		const url = formUrl(env, 'orcid-match-pending');
		const first = await submitForm(url, [SOFIA, 'user-sofia'], STAFF_AUTH);
		expect(first.status).toBe(200);
		const done = await nextPage(first.next!, env);
		expect(done.text).toContain(`ORCID iD ${SOFIA} is now connected under reference user-sofia.`);

		const [row] = (await tableRows(env, 'orcid_researchers')).filter((r) => r.orcid === SOFIA);
		expect(row).toMatchObject({
			reference: 'user-sofia',
			orcidUri: `https://sandbox.orcid.org/${SOFIA}`,
			status: 'connected',
			scopes: '/read-limited /activities/update',
			accessToken: pending.accessToken,
		});
		const res = await fetch(`${env.emu.memberApi}/v3.0/${SOFIA}/person`, {
			headers: { Authorization: `Bearer ${row.accessToken}`, Accept: 'application/json' },
		});
		expect(res.status).toBe(200);
		const left = (await tableRows(env, 'orcid_pending_connections')).filter(
			(r) => r.orcid === SOFIA,
		);
		expect(left).toEqual([]);

		// an iD already connected under another reference is refused in the form as well
		const again = await submitForm(url, [JOSIAH, 'someone-else'], STAFF_AUTH);
		expect((await nextPage(again.next!, env)).text).toContain(
			`No pending connection for ORCID iD ${JOSIAH}.`,
		);
	});
});

describe('01 Connect researchers (Postgres)', () => {
	it('stores the token record in orcid_researchers with scopes as an array, and logs the exchange', async () => {
		const wf = await importTemplate(env, '01-connect-researchers-postgres.json');
		await demo.activateAndWait(env.n8n, wf.id);
		const startUrl = await demo.webhookUrlOf(env.n8n, wf, 'ORCID Auth Trigger', 'setup');
		const page = await followStartLink(demo.startLink(startUrl, 'pg-user-7', MEMBER.clientSecret), {
			orcid: SOFIA,
		});
		expect(page.status).toBe(200);
		await waitForExecutions(env.n8n, wf.id, byReference('pg-user-7'));
		const rows = await env.db.query('SELECT * FROM orcid_researchers');
		expect(rows).toEqual([
			expect.objectContaining({
				orcid: SOFIA,
				environment: 'sandbox',
				reference: 'pg-user-7',
				orcid_uri: `https://sandbox.orcid.org/${SOFIA}`,
				api_type: 'member',
				scopes: ['/read-limited', '/activities/update'],
				status: 'connected',
			}),
		]);
		expect(rows[0].access_token).toMatch(/\S{10,}/);
		const log = await env.db.query('SELECT * FROM orcid_api_log');
		expect(log).toEqual([
			expect.objectContaining({ method: 'POST', status: 200, node: 'ORCID Auth Trigger' }),
		]);
		assertNothingSecret(log, [
			MEMBER.clientSecret,
			rows[0].access_token,
			rows[0].refresh_token,
			page.code ?? '',
		]);

		// the same iD under another reference: the row stays, the attempt is a conflict
		const again = await followStartLink(
			demo.startLink(startUrl, 'pg-user-8', MEMBER.clientSecret),
			{ orcid: SOFIA },
		);
		expect(again.status).toBe(409);
		expect(again.html).toContain('data-page="already_connected"');
		const deadline = Date.now() + 60_000;
		let conflicts: Row[] = [];
		while (conflicts.length === 0 && Date.now() < deadline) {
			conflicts = await env.db.query(
				"SELECT * FROM orcid_connection_conflicts WHERE reference = 'pg-user-8'",
			);
			if (conflicts.length === 0) await new Promise((r) => setTimeout(r, 300));
		}
		expect(conflicts).toEqual([
			expect.objectContaining({
				orcid: SOFIA,
				environment: 'sandbox',
				existing_reference: 'pg-user-7',
				status: 'open',
			}),
		]);
		const after = await env.db.query('SELECT * FROM orcid_researchers');
		expect(after).toEqual([
			expect.objectContaining({ reference: 'pg-user-7', access_token: rows[0].access_token }),
		]);
	});
});

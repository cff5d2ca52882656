/**
 * Templates in a real n8n 2.41.1: every template imports and uses only node types n8n knows;
 * the connect template (Data table, Postgres) stores the token record a researcher's start link
 * leads to, and records denials and traffic without secrets.
 */
import * as demo from '../../scripts/demo';
import {
	assertNothingSecret,
	followStartLink,
	importTemplate,
	JOSIAH,
	LAURE,
	MEMBER,
	SOFIA,
	startTemplateEnv,
	tableRows,
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

	it('is there: ten templates, with the connect variants', () => {
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
		for (const node of wf.nodes) expect(node.credentials).toBeUndefined();
		const notes = wf.nodes.filter((n: Row) => n.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThan(0);
		expect(notes.map((n: Row) => n.parameters.content).join('\n')).toMatch(/Setup/);
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

describe('01 Connect researchers (Data table)', () => {
	const FILE = '01-connect-researchers-datatable.json';
	let startUrl: string;
	let workflowId: string;
	const codes: string[] = [];

	beforeAll(async () => {
		const wf = await importTemplate(env, FILE);
		workflowId = wf.id;
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
		await waitForExecutions(env.n8n, workflowId, 2);
		const rows = await tableRows(env, 'orcid_researchers');
		expect(rows.map((r) => [r.reference, r.orcid])).toEqual([
			['user-1', JOSIAH],
			['user-2', LAURE],
		]);
		const josiah = rows[0];
		expect(josiah).toMatchObject({
			orcidUri: `https://sandbox.orcid.org/${JOSIAH}`,
			name: 'Josiah Carberry',
			environment: 'custom',
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

	it('connecting again updates the row instead of adding one', async () => {
		const link = demo.startLink(startUrl, 'user-1b', MEMBER.clientSecret);
		expect((await followStartLink(link, { orcid: JOSIAH })).status).toBe(200);
		await waitForExecutions(env.n8n, workflowId, 3);
		const rows = (await tableRows(env, 'orcid_researchers')).filter((r) => r.orcid === JOSIAH);
		expect(rows).toHaveLength(1);
		expect(rows[0].reference).toBe('user-1b');
	});

	it('a researcher who denies access gets a kind page and leaves a failure row, no token', async () => {
		const link = demo.startLink(startUrl, 'user-3', MEMBER.clientSecret);
		const page = await followStartLink(link, { orcid: SOFIA, deny: true });
		expect(page.status).toBeGreaterThanOrEqual(200);
		expect(page.html).toContain('orcid-help@example.edu');
		await waitForExecutions(env.n8n, workflowId, 4);
		const failures = await tableRows(env, 'orcid_connection_failures');
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
		const before = (await env.n8n.executions(workflowId, { includeData: false })).length;
		const page = await followStartLink(link, { orcid: SOFIA });
		expect(page.status).toBe(400);
		expect(page.authorizeUrl).toBeUndefined();
		await new Promise((r) => setTimeout(r, 500));
		expect((await env.n8n.executions(workflowId, { includeData: false })).length).toBe(before);
	});

	it('logs each token exchange in orcid_api_log, with no token, code or secret in it', async () => {
		const log = await tableRows(env, 'orcid_api_log');
		const exchanges = log.filter((r) => r.url.endsWith('/oauth/token'));
		expect(exchanges).toHaveLength(3);
		for (const row of exchanges) {
			expect(row).toMatchObject({ method: 'POST', status: 200, node: 'ORCID Auth Trigger' });
			expect(row.workflow).toBe('ORCID: Connect researchers (Data table)');
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
		await waitForExecutions(env.n8n, wf.id, 1);
		const rows = await env.db.query('SELECT * FROM orcid_researchers');
		expect(rows).toEqual([
			expect.objectContaining({
				orcid: SOFIA,
				environment: 'custom',
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
	});
});

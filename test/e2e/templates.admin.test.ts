/**
 * The staff-facing templates in a real n8n 2.41.1: 03 (collect a profile through a two-page
 * form), 05 (export connections as XLSX/CSV), 06 (API log: append, export, archive), 07 (token
 * upkeep and disconnect), 09 (invitations by email and ORCID inbox). Forms are driven over HTTP
 * the way n8n's form page drives them; files are read back with a spreadsheet reader; email
 * goes to an SMTP sink.
 */
import * as XLSX from 'xlsx';

import * as demo from '../../scripts/demo';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import {
	assertNothingSecret,
	followStartLink,
	formDownloads,
	formUrl,
	importTemplate,
	insertRows,
	JOSIAH,
	LAURE,
	MEMBER,
	nextPage,
	openForm,
	prefilled,
	seedResearcher,
	SOFIA,
	staffCredential,
	STAFF_AUTH,
	startTemplateEnv,
	submitForm,
	tableRows,
	byReference,
	waitForExecutions,
	type Row,
	type TemplateEnv,
} from './templates.support';

jest.setTimeout(180_000);

let env: TemplateEnv;
let smtp: SmtpSink;
const researchers: Record<string, Row> = {};

beforeAll(async () => {
	smtp = await startSmtpSink();
	env = await startTemplateEnv();
	await staffCredential(env);
	// the demo's mail credential, pointed at this suite's sink
	Object.assign(env.credentials, await demo.demoCredentials(env.n8n, { smtp }));
	for (const [orcid, ref] of [
		[JOSIAH, 'u-josiah'],
		[LAURE, 'u-laure'],
	]) {
		researchers[orcid] = await seedResearcher(env, orcid, ref);
	}
}, 240_000);

afterAll(async () => {
	await env?.stop();
	await smtp?.stop();
}, 60_000);

/** Removes the production rows a test added to orcid_researchers (the suite's are sandbox ones). */
async function removeProductionRows(): Promise<void> {
	const filter = JSON.stringify({
		type: 'and',
		filters: [{ columnName: 'environment', condition: 'eq', value: 'production' }],
	});
	await env.n8n.api(
		'DELETE',
		`/data-tables/${env.tables.orcid_researchers}/rows/delete?filter=${encodeURIComponent(filter)}`,
	);
}

/** An iD whose checksum is wrong (a staff typo of Josiah's): no ORCID iD at all. */
const MALFORMED = '0000-0002-1825-0098';

/** Removes the rows of orcid_researchers with this orcid. */
async function removeRowsOf(orcid: string): Promise<void> {
	const filter = JSON.stringify({
		type: 'and',
		filters: [{ columnName: 'orcid', condition: 'eq', value: orcid }],
	});
	await env.n8n.api(
		'DELETE',
		`/data-tables/${env.tables.orcid_researchers}/rows/delete?filter=${encodeURIComponent(filter)}`,
	);
}

const secrets = () => [
	MEMBER.clientSecret,
	...Object.values(researchers).flatMap((r) => [r.accessToken, r.refreshToken]),
];

describe('03 Collect a profile from ORCID (form)', () => {
	let url: string;

	beforeAll(async () => {
		const wf = await importTemplate(env, '03-collect-profile-form.json');
		await demo.activateAndWait(env.n8n, wf.id);
		url = formUrl(env, 'orcid-collect-profile');
	}, 120_000);

	it('is only for staff: the form asks for a login', async () => {
		expect((await openForm(url)).status).toBe(401);
		expect((await openForm(url, STAFF_AUTH)).status).toBe(200);
	});

	it("prefills the second page from the researcher's ORCID record and saves what staff keep", async () => {
		const person = (await (
			await fetch(`${env.emu.memberApi}/v3.0/${JOSIAH}/person`, {
				headers: {
					Authorization: `Bearer ${researchers[JOSIAH].accessToken}`,
					Accept: 'application/json',
				},
			})
		).json()) as Row;
		const first = await submitForm(url, [` https://sandbox.orcid.org/${JOSIAH} `], STAFF_AUTH);
		expect(first.status).toBe(200);
		expect(first.next).toBeDefined();
		const page = await nextPage(first.next!, env);
		expect(page.status).toBe(200);
		expect(prefilled(page.text, 0)).toBe(person.name['given-names'].value);
		expect(prefilled(page.text, 1)).toBe(person.name['family-name'].value);
		const keywords = (person.keywords?.keyword ?? []).map((k: Row) => k.content).join(', ');
		expect(prefilled(page.text, 3)).toBe(keywords);
		// the link names the iD in the credential's environment (the emulator stands for the sandbox)
		expect(page.text).toContain(`Read from https://sandbox.orcid.org/${JOSIAH} just now`);

		const saved = await submitForm(first.next!, [
			'Josiah S.',
			'Carberry',
			'Studies psychoceramics.',
			'ceramics, cracks',
			'US',
			'https://example.edu/~jc',
		]);
		expect(saved.next).toBeDefined();
		const done = await nextPage(saved.next!, env);
		expect(done.text).toContain('Profile saved');
		const log = (await tableRows(env, 'orcid_api_log')).filter(
			(r) => r.node === 'ORCID Read Record',
		);
		expect(log.map((r) => [r.method, r.status, r.url])).toEqual([
			['GET', 200, `${env.emu.memberApi}/v3.0/${JOSIAH}/person`],
		]);
		assertNothingSecret(log, secrets());
		const rows = await tableRows(env, 'researcher_profiles');
		expect(rows).toEqual([
			expect.objectContaining({
				orcid: JOSIAH,
				givenNames: 'Josiah S.',
				familyName: 'Carberry',
				biography: 'Studies psychoceramics.',
				keywords: 'ceramics, cracks',
				country: 'US',
				website: 'https://example.edu/~jc',
			}),
		]);
	});

	it('says so when the researcher has not connected, and reads nothing', async () => {
		// connected on production only: not a row of this credential's environment
		await insertRows(env, 'orcid_researchers', [
			{
				reference: 'u-sofia-production',
				orcid: SOFIA,
				orcidUri: `https://orcid.org/${SOFIA}`,
				environment: 'production',
				apiType: 'member',
				accessToken: 'production-token-0001',
				refreshToken: 'production-refresh-0001',
				scopes: '/read-limited',
				status: 'connected',
			},
		]);
		try {
			const before = (await env.emu.control('GET', '/_emulator/calls')) as Row[];
			const since = before.length ? before[before.length - 1].id : 0;
			const first = await submitForm(url, [SOFIA], STAFF_AUTH);
			const done = await nextPage(first.next!, env);
			expect(done.text).toContain('Not connected');
			expect(done.text).toContain(SOFIA);
			const calls = (await env.emu.control('GET', `/_emulator/calls?since=${since}`)) as Row[];
			expect(calls.filter((c) => String(c.path).includes(SOFIA))).toEqual([]);
		} finally {
			await removeProductionRows();
		}
		expect((await tableRows(env, 'orcid_researchers')).map((r) => r.environment)).not.toContain(
			'production',
		);
	});

	it('an iD with a typo (bad checksum) gets the not-connected page, not an error', async () => {
		const first = await submitForm(url, [MALFORMED], STAFF_AUTH);
		expect(first.status).toBe(200);
		const done = await nextPage(first.next!, env);
		expect(done.status).toBe(200);
		expect(done.text).toContain('Not connected');
		expect(done.text).toContain(MALFORMED);
	});
});

describe('05 Export connections (XLSX, CSV)', () => {
	let url: string;

	beforeAll(async () => {
		await env.db.query(
			`INSERT INTO orcid_put_codes (environment, orcid, item_type, local_key, put_code, status)
			 VALUES ('sandbox', $1, 'work', 'pub-1', 1234, 'created'), ('sandbox', $1, 'work', 'pub-2', 1235, 'created')`,
			[JOSIAH],
		);
		const wf = await importTemplate(env, '05-export-connections.json');
		await demo.activateAndWait(env.n8n, wf.id);
		url = formUrl(env, 'orcid-export-connections');
	}, 120_000);

	async function download(format: string): Promise<Buffer> {
		const first = await submitForm(url, [format], STAFF_AUTH);
		expect(first.next).toBeDefined();
		const page = await nextPage(first.next!, env);
		expect(page.status).toBe(200);
		expect(page.text).toContain('Your export is ready');
		const [file] = formDownloads(page.text);
		expect(file.fileName).toMatch(
			new RegExp(`^orcid-connections-\\d{4}-\\d{2}-\\d{2}\\.${format.toLowerCase()}$`),
		);
		return file.data;
	}

	it('downloads an XLSX with one row per researcher and put code, tokens included', async () => {
		const book = XLSX.read(await download('XLSX'), { type: 'buffer' });
		expect(book.SheetNames).toEqual(['ORCID connections']);
		const rows = XLSX.utils.sheet_to_json<Row>(book.Sheets['ORCID connections'], { defval: null });
		const josiah = rows.filter((r) => r.orcid === JOSIAH);
		expect(josiah.map((r) => [r.localKey, Number(r.putCode)])).toEqual([
			['pub-1', 1234],
			['pub-2', 1235],
		]);
		for (const r of josiah) {
			expect(r).toMatchObject({
				orcidUri: `https://sandbox.orcid.org/${JOSIAH}`,
				reference: 'u-josiah',
				status: 'connected',
				scopes: '/read-limited /activities/update',
				accessToken: researchers[JOSIAH].accessToken,
				refreshToken: researchers[JOSIAH].refreshToken,
				itemType: 'work',
			});
			expect(Date.parse(r.expiresAt)).toBeGreaterThan(Date.now());
		}
		// a researcher without items still has a row
		expect(rows.filter((r) => r.orcid === LAURE)).toEqual([
			expect.objectContaining({ accessToken: researchers[LAURE].accessToken, putCode: null }),
		]);
	});

	it('downloads the same rows as CSV', async () => {
		const book = XLSX.read((await download('CSV')).toString('utf8').replace(/^\uFEFF/, ''), {
			type: 'string',
		});
		const rows = XLSX.utils.sheet_to_json<Row>(book.Sheets[book.SheetNames[0]], {
			defval: null,
			raw: false,
		});
		expect(rows.map((r) => [r.orcid, r.localKey ?? null])).toEqual([
			[LAURE, null],
			[JOSIAH, 'pub-1'],
			[JOSIAH, 'pub-2'],
		]);
		expect(rows[1].refreshToken).toBe(researchers[JOSIAH].refreshToken);
	});
});

describe('07 Token upkeep and disconnect', () => {
	let workflowId: string;
	let sofia: Row;

	beforeAll(async () => {
		sofia = await seedResearcher(env, SOFIA, 'u-sofia');
		const wf = await importTemplate(env, '07-token-upkeep.json');
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	it('marks a token the researcher revoked at ORCID, stamps the ones that work, and leaves rows of another environment alone', async () => {
		// Josiah is connected on production too: a row the credential (the emulator stands for
		// the sandbox) cannot check, so the nightly run must leave it alone
		const production = {
			reference: 'u-josiah-production',
			orcid: JOSIAH,
			orcidUri: `https://orcid.org/${JOSIAH}`,
			environment: 'production',
			apiType: 'member',
			accessToken: 'production-token-0007',
			refreshToken: 'production-refresh-0007',
			scopes: '/read-limited',
			status: 'connected',
			checkedAt: '2026-01-02T03:04:05.000Z',
			revokedAt: null,
		};
		await insertRows(env, 'orcid_researchers', [production]);
		try {
			// Laure removes the client from her Trusted parties
			await env.emu.control('POST', '/_emulator/revoke', {
				clientId: MEMBER.clientId,
				orcid: LAURE,
			});
			const calls = (await env.emu.control('GET', '/_emulator/calls')) as Row[];
			const since = calls.length ? calls[calls.length - 1].id : 0;
			const before = Date.now();
			const run = await env.runner.run(workflowId);
			expect(run.status).toBe('success');
			const rows = await tableRows(env, 'orcid_researchers');
			const laure = rows.find((r) => r.orcid === LAURE)!;
			expect(laure).toMatchObject({ status: 'revoked', accessToken: '', refreshToken: '' });
			expect(Date.parse(laure.revokedAt)).toBeGreaterThanOrEqual(before - 1000);
			for (const orcid of [JOSIAH, SOFIA]) {
				const row = rows.find((r) => r.orcid === orcid && r.environment === 'sandbox')!;
				expect(row.status).toBe('connected');
				expect(Date.parse(row.checkedAt)).toBeGreaterThanOrEqual(before - 1000);
			}
			expect(run.output('Mark checked')).toHaveLength(2);

			// the production row is untouched: not checked, not marked, nothing recorded
			const kept = rows.find((r) => r.environment === 'production')!;
			expect(kept).toMatchObject({
				status: 'connected',
				accessToken: production.accessToken,
				refreshToken: production.refreshToken,
				revokedAt: null,
			});
			expect(new Date(kept.checkedAt).toISOString()).toBe(production.checkedAt);
			const failures = await tableRows(env, 'orcid_connection_failures');
			expect(failures.filter((r) => r.environment === 'production')).toEqual([]);
			// one check per sandbox row, each with a token the emulator issued to our client (the
			// production token is unknown to it: a call with it would carry no client)
			const checks = (
				(await env.emu.control('GET', `/_emulator/calls?since=${since}`)) as Row[]
			).filter((c) => String(c.path).endsWith('/person'));
			expect(checks.map((c) => c.path).sort()).toEqual(
				[JOSIAH, LAURE, SOFIA].map((orcid) => `/api/v3.0/${orcid}/person`).sort(),
			);
			expect(checks.map((c) => c.client)).toEqual(checks.map(() => MEMBER.clientId));
		} finally {
			await removeProductionRows();
		}
	});

	it('disconnects a researcher on request: the token stops working at ORCID and the row says revoked', async () => {
		const url = formUrl(env, 'orcid-disconnect');
		const first = await submitForm(url, [SOFIA, 'asked by email'], STAFF_AUTH);
		const done = await nextPage(first.next!, env);
		expect(done.text).toContain('is disconnected');
		const res = await fetch(`${env.emu.memberApi}/v3.0/${SOFIA}/person`, {
			headers: { Authorization: `Bearer ${sofia.accessToken}`, Accept: 'application/json' },
		});
		expect(res.status).toBe(401);
		const row = (await tableRows(env, 'orcid_researchers')).find((r) => r.orcid === SOFIA)!;
		expect(row).toMatchObject({ status: 'revoked', accessToken: '', refreshToken: '' });
		// the reason staff gave is kept
		const noted = (await tableRows(env, 'orcid_connection_failures')).filter(
			(r) => r.orcid === SOFIA && r.reason === 'disconnected',
		);
		expect(noted).toEqual([
			expect.objectContaining({
				reference: 'u-sofia',
				message: 'asked by email',
				environment: 'sandbox',
			}),
		]);
		// asking again finds nothing to disconnect
		const again = await submitForm(url, [SOFIA, ''], STAFF_AUTH);
		expect((await nextPage(again.next!, env)).text).toContain('Nothing to disconnect');
	});

	it('logs the checks and the revocation without secrets', async () => {
		const log = (await tableRows(env, 'orcid_api_log')).filter(
			(r) => r.workflow === '07 · ORCID token upkeep and disconnect',
		);
		expect(
			log
				.filter((r) => r.url.endsWith('/person'))
				.map((r) => r.status)
				.sort(),
		).toEqual([200, 200, 401]);
		expect(log.map((r) => [r.method, r.url.replace(env.emu.url, ''), r.status])).toEqual(
			expect.arrayContaining([['POST', '/oauth/revoke', 200]]),
		);
		assertNothingSecret(log, [...secrets(), sofia.accessToken, sofia.refreshToken]);
	});

	it('a stored orcid that is not an iD is recorded as check-failed; the other rows are still checked', async () => {
		await insertRows(env, 'orcid_researchers', [
			{
				reference: 'u-typo',
				orcid: MALFORMED,
				orcidUri: `https://sandbox.orcid.org/${MALFORMED}`,
				environment: 'sandbox',
				apiType: 'member',
				accessToken: 'typo-token-0007',
				refreshToken: 'typo-refresh-0007',
				scopes: '/read-limited',
				status: 'connected',
			},
		]);
		try {
			const before = Date.now();
			const run = await env.runner.run(workflowId);
			expect(run.status).toBe('success');
			const rows = await tableRows(env, 'orcid_researchers');
			const josiah = rows.find((r) => r.orcid === JOSIAH && r.environment === 'sandbox')!;
			expect(josiah.status).toBe('connected');
			expect(Date.parse(josiah.checkedAt)).toBeGreaterThanOrEqual(before - 1000);
			expect(rows.find((r) => r.orcid === MALFORMED)).toMatchObject({
				status: 'connected',
				accessToken: 'typo-token-0007',
			});
			const failures = (await tableRows(env, 'orcid_connection_failures')).filter(
				(r) => r.orcid === MALFORMED,
			);
			expect(failures).toEqual([
				expect.objectContaining({
					reference: 'u-typo',
					reason: 'check-failed',
					environment: 'sandbox',
					message: expect.stringMatching(/check digit|ORCID iD/),
				}),
			]);
		} finally {
			await removeRowsOf(MALFORMED);
		}
	});

	it('the disconnect form answers an iD with a typo with "Nothing to disconnect"', async () => {
		const url = formUrl(env, 'orcid-disconnect');
		const first = await submitForm(url, [MALFORMED, ''], STAFF_AUTH);
		expect(first.status).toBe(200);
		const done = await nextPage(first.next!, env);
		expect(done.text).toContain('Nothing to disconnect');
		expect(done.text).toContain(MALFORMED);
	});
});

describe('06 API log (append, export, archive)', () => {
	let wf: { id: string; name: string; nodes: any[] };

	beforeAll(async () => {
		wf = await importTemplate(env, '06-api-log.json', {
			'Sync history form': { historyFormUrl: formUrl(env, 'orcid-sync-history') },
		});
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	/** The caller's run whose traffic the first test appended. */
	let callerRunId = '';

	it("appends the Traffic output of a user's own workflow through Execute Workflow", async () => {
		// a workflow of the user's: reads a record and hands the traffic to the API log workflow
		const hook = `read-and-log-${Date.now()}`;
		const caller = await env.n8n.importWorkflow(
			{
				name: 'My record reader',
				nodes: [
					{
						id: 'w1',
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: hook,
						parameters: { path: hook, responseMode: 'lastNode', options: {} },
					},
					{
						id: 'w2',
						name: 'Read Josiah',
						type: 'n8n-nodes-orcid.orcidReadRecord',
						typeVersion: 1,
						position: [220, 0],
						parameters: {
							apiType: 'member',
							resource: 'record',
							operation: 'getPerson',
							orcid: JOSIAH,
							accessToken: researchers[JOSIAH].accessToken,
							output: 'simplify',
						},
					},
					{
						id: 'w4',
						name: 'Name the caller',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						position: [440, 100],
						parameters: {
							assignments: {
								assignments: [
									{ id: 'a1', name: 'workflow', value: '={{ $workflow.name }}', type: 'string' },
									{ id: 'a2', name: 'execution', value: '={{ $execution.id }}', type: 'string' },
								],
							},
							includeOtherFields: true,
							options: {},
						},
					},
					{
						id: 'w3',
						name: 'To the API log',
						type: 'n8n-nodes-base.executeWorkflow',
						typeVersion: 1.2,
						position: [660, 100],
						parameters: {
							source: 'database',
							workflowId: { __rl: true, mode: 'id', value: wf.id },
							mode: 'once',
							options: { waitForSubWorkflow: true },
						},
					},
				],
				connections: {
					Webhook: { main: [[{ node: 'Read Josiah', type: 'main', index: 0 }]] },
					'Read Josiah': { main: [[], [{ node: 'Name the caller', type: 'main', index: 0 }]] },
					'Name the caller': { main: [[{ node: 'To the API log', type: 'main', index: 0 }]] },
				},
			},
			{ credentials: env.credentials },
		);
		await demo.activateAndWait(env.n8n, caller.id);
		const res = await fetch(`${env.n8n.webhookUrl}/webhook/${hook}`);
		expect(res.status).toBe(200);
		// the API log's run that received the caller's traffic, and the caller's run that read
		await waitForExecutions(env.n8n, wf.id, (e) =>
			e.outputs('Traffic from another workflow').some((j) => j.node === 'Read Josiah'),
		);
		const rows = (await tableRows(env, 'orcid_api_log')).filter((r) => r.node === 'Read Josiah');
		const [callerRun] = await waitForExecutions(env.n8n, caller.id, (e) => e.ran('Read Josiah'));
		callerRunId = String(callerRun.id);
		expect(rows).toEqual([
			expect.objectContaining({
				// the caller's workflow and execution, not the API log's own
				workflow: 'My record reader',
				execution: String(callerRun.id),
				method: 'GET',
				status: 200,
				url: `${env.emu.memberApi}/v3.0/${JOSIAH}/person`,
			}),
		]);
		assertNothingSecret(rows, secrets());
	});

	it('exports the calls of a period as CSV', async () => {
		const day = (n: number) => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10);
		await insertRows(env, 'orcid_api_log', [
			{
				time: `${day(10)}T12:00:00.000Z`,
				workflow: 'w',
				node: 'n',
				method: 'GET',
				url: 'https://api.sandbox.orcid.org/v3.0/x/a',
				status: 200,
				durationMs: 5,
				retries: 0,
			},
			{
				time: `${day(9)}T12:00:00.000Z`,
				workflow: 'w',
				node: 'n',
				method: 'POST',
				url: 'https://api.sandbox.orcid.org/v3.0/x/b',
				status: 201,
				durationMs: 7,
				retries: 1,
			},
			{
				time: `${day(8)}T12:00:00.000Z`,
				workflow: 'w',
				node: 'n',
				method: 'GET',
				url: 'https://api.sandbox.orcid.org/v3.0/x/c',
				status: 404,
				durationMs: 3,
				retries: 0,
			},
		]);
		const first = await submitForm(
			formUrl(env, 'orcid-api-log-export'),
			[day(10), day(9)],
			STAFF_AUTH,
		);
		const [file] = formDownloads((await nextPage(first.next!, env)).text);
		expect(file.fileName).toBe(`orcid-api-log-${day(10)}-to-${day(9)}.csv`);
		const book = XLSX.read(file.data.toString('utf8'), { type: 'string' });
		const rows = XLSX.utils.sheet_to_json<Row>(book.Sheets[book.SheetNames[0]], { raw: false });
		expect(rows.map((r) => r.url.split('/').pop())).toEqual(['a', 'b']);
		expect(rows[1]).toMatchObject({ method: 'POST', status: '201', retries: '1' });
	});

	it("links each call to the sync history form (template 15) opened on that researcher's run", async () => {
		expect(callerRunId).not.toBe('');
		// what a sync run wrote to the history: this run's decision, and another run's
		await env.db.query(
			`INSERT INTO orcid_sync_log (time, workflow, execution, environment, orcid, local_key, item_type, action, reason, put_code_before, put_code_after)
			 VALUES (now(), 'My record reader', $2, 'sandbox', $1, 'api-log-run', 'work', 'create', 'new', NULL, 4242),
			        (now(), 'My record reader', 'other-run', 'sandbox', $1, 'api-log-other', 'work', 'create', 'new', NULL, 4243)`,
			[JOSIAH, callerRunId],
		);
		const history = await importTemplate(env, '15-sync-history.json');
		await demo.activateAndWait(env.n8n, history.id);
		// yesterday to tomorrow: the form reads dates in n8n's time zone, the call was made now
		const day = (n: number) => new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);
		const period = [day(-1), day(1)];
		const first = await submitForm(formUrl(env, 'orcid-api-log-export'), period, STAFF_AUTH);
		const [file] = formDownloads((await nextPage(first.next!, env)).text);
		const book = XLSX.read(file.data.toString('utf8'), { type: 'string' });
		const rows = XLSX.utils.sheet_to_json<Row>(book.Sheets[book.SheetNames[0]], { raw: false });
		const link = `${formUrl(env, 'orcid-sync-history')}?orcid=${JOSIAH}&execution=${callerRunId}`;
		const calls = rows.filter((r) => r.node === 'Read Josiah');
		expect(calls).toEqual([expect.objectContaining({ execution: callerRunId, syncHistory: link })]);
		const call = calls[0];
		// the link opens the form prefilled; submitted as it is, it shows that run's rows only
		const form = await openForm(call.syncHistory, STAFF_AUTH);
		const given = [prefilled(form.text, 0) ?? '', prefilled(form.text, 1) ?? ''];
		expect(given).toEqual([JOSIAH, callerRunId]);
		const shown = await submitForm(
			call.syncHistory,
			[...given, 'On this page', '', '[]', '[]'],
			STAFF_AUTH,
		);
		const page = (await nextPage(shown.next!, env)).text;
		expect(page).toContain('api-log-run');
		expect(page).not.toContain('api-log-other');
		await env.n8n.deactivate(history.id);
	});

	it('archives rows older than 90 days into PostgreSQL every night and removes them from the Data table', async () => {
		const old = new Date(Date.now() - 200 * 86400_000).toISOString();
		await insertRows(env, 'orcid_api_log', [
			{
				time: old,
				workflow: 'archived',
				node: 'n',
				method: 'GET',
				url: 'https://api.sandbox.orcid.org/v3.0/old',
				status: 200,
				durationMs: 9,
				retries: 0,
				requestBody: null,
				responseBody: '{"a":1}',
			},
		]);
		// the nightly schedule, made to fire every two seconds for the test
		const current = await env.n8n.api('GET', `/workflows/${wf.id}`);
		await env.n8n.deactivate(wf.id);
		const nodes = current.nodes.map((n: Row) =>
			n.name === 'Every night'
				? { ...n, parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 2 }] } } }
				: n,
		);
		await env.n8n.api('PUT', `/workflows/${wf.id}`, {
			name: current.name,
			nodes,
			connections: current.connections,
			settings: { executionOrder: 'v1' },
		});
		await demo.activateAndWait(env.n8n, wf.id);
		const deadline = Date.now() + 60_000;
		let archived: Row[] = [];
		while (Date.now() < deadline) {
			archived = await env.db.query("SELECT * FROM orcid_api_log WHERE workflow = 'archived'");
			if (archived.length) break;
			await new Promise((r) => setTimeout(r, 500));
		}
		await env.n8n.deactivate(wf.id);
		expect(archived).toEqual([
			expect.objectContaining({
				method: 'GET',
				url: 'https://api.sandbox.orcid.org/v3.0/old',
				status: 200,
				duration_ms: 9,
				response_body: '{"a":1}',
			}),
		]);
		const left = (await tableRows(env, 'orcid_api_log')).map((r) => r.workflow);
		expect(left).not.toContain('archived');
		expect(left).toContain('w'); // recent rows stay
	});
});

describe('09 Invite researchers (email or ORCID inbox)', () => {
	let workflowId: string;
	let startUrl: string;
	let connectId: string;

	beforeAll(async () => {
		const connect = await importTemplate(env, '01-connect-researchers-datatable.json');
		connectId = connect.id;
		await demo.activateAndWait(env.n8n, connect.id);
		startUrl = await demo.webhookUrlOf(env.n8n, connect, 'ORCID Auth Trigger', 'setup');
		const callbackUrl = await demo.webhookUrlOf(env.n8n, connect, 'ORCID Auth Trigger', 'default');
		await env.db.query(
			`INSERT INTO orcid_invitations (reference, email, given_names, family_names, orcid, channel, invited_at) VALUES
			 ('inv-new', 'new@example.edu', 'Nora', 'Neu', NULL, 'email', NULL),
			 ('u-josiah', 'josiah@example.edu', 'Josiah', 'Carberry', NULL, 'email', NULL),
			 ('inv-inbox', NULL, 'Sofia', NULL, $1, 'orcid-inbox', NULL),
			 ('inv-late', 'late@example.edu', 'Lars', 'Spät', NULL, 'email', now() - interval '20 days'),
			 ('inv-recent', 'recent@example.edu', 'Rita', NULL, NULL, 'email', now() - interval '2 days')`,
			[SOFIA],
		);
		const wf = await importTemplate(env, '09-invite-researchers.json', {
			Settings: { startUrl, callbackUrl, fromEmail: 'ORCID at Example <orcid@example.edu>' },
		});
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	it('emails personal start links to those not connected, and one reminder after the set days', async () => {
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		await smtp.waitFor(2);
		expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([
			'late@example.edu',
			'new@example.edu',
		]);
		const first = smtp.messages.find((m) => m.to[0] === 'new@example.edu')!;
		expect(first.subject).toBe('Connect your ORCID iD with Example University Library');
		expect(first.from).toBe('orcid@example.edu');
		const reminder = smtp.messages.find((m) => m.to[0] === 'late@example.edu')!;
		expect(reminder.subject).toMatch(/^Reminder: connect your ORCID iD/);
		const rows = await env.db.query(
			'SELECT reference, status, invited_at, reminded_at, start_link_expires_at FROM orcid_invitations ORDER BY reference',
		);
		const by = Object.fromEntries(rows.map((r) => [r.reference, r]));
		expect(by['inv-new'].status).toBe('invited');
		expect(by['inv-late'].status).toBe('reminded');
		expect(by['inv-recent'].status).toBe('pending');
		expect(by['u-josiah'].invited_at).toBeNull(); // connected already: left alone
		expect(by['inv-new'].start_link_expires_at.getTime()).toBeGreaterThan(
			Date.now() + 29 * 86400_000,
		);
	});

	it("the emailed link connects the researcher to the invitation's reference", async () => {
		const mail = smtp.messages.find((m) => m.to[0] === 'new@example.edu')!;
		const link = /href="([^"]+\/start\?[^"]+)"/.exec(mail.body)?.[1]?.replace(/&amp;/g, '&');
		expect(link).toBeDefined();
		const page = await followStartLink(link!, {
			register: { givenNames: 'Nora', familyNames: 'Neu' },
		});
		expect(page.status).toBe(200);
		await waitForExecutions(env.n8n, connectId, byReference('inv-new'));
		const row = (await tableRows(env, 'orcid_researchers')).find((r) => r.reference === 'inv-new');
		expect(row).toMatchObject({ name: 'Nora Neu', status: 'connected' });
	});

	it('sends an ORCID inbox permission request for the orcid-inbox channel', async () => {
		const notifications = (await env.emu.control('GET', '/_emulator/notifications')) as Row[];
		const mine = notifications.filter(
			(n) => n.orcid === SOFIA || JSON.stringify(n).includes(SOFIA),
		);
		expect(mine).toHaveLength(1);
		const text = JSON.stringify(mine[0]);
		expect(text).toContain('your publications');
		expect(text).toContain(`client_id=${MEMBER.clientId}`);
		const [row] = await env.db.query(
			"SELECT status, permission_put_code FROM orcid_invitations WHERE reference = 'inv-inbox'",
		);
		expect(row.status).toBe('invited');
		expect(Number(row.permission_put_code)).toBeGreaterThan(0);
	});

	it('a second run the same day sends nothing new', async () => {
		const before = smtp.messages.length;
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		// the sink holds a mail before it accepts it, and the run ends only after that
		expect(smtp.messages.length).toBe(before);
		expect(((await env.emu.control('GET', '/_emulator/notifications')) as Row[]).length).toBe(1);
	});
});

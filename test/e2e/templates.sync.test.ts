/**
 * A sync's history and a researcher's decisions in a real n8n 2.41.1: template 15 (the staff
 * history form: one researcher's orcid_sync_log rows on the page, as XLSX and CSV, one run by
 * execution id; clearing a do-not-send decision and setting opt-outs, each logged); template
 * 13 appending one orcid_sync_log row per decision, under the API log's execution id;
 * template 04: the works written, the researcher deletes one of ours, the next runs do not
 * write it back (do-not-send ledger), and the history form shows every run's rows.
 */
import * as XLSX from 'xlsx';

import * as demo from '../../scripts/demo';
import {
	addPublications,
	formDownloads,
	formUrl,
	importTemplate,
	JOSIAH,
	LAURE,
	MEMBER,
	nextPage,
	openForm,
	ourWorks,
	prefilled,
	seedResearcher,
	staffCredential,
	STAFF_AUTH,
	startTemplateEnv,
	submitForm,
	tableRows,
	type Row,
	type TemplateEnv,
} from './templates.support';

jest.setTimeout(180_000);

let env: TemplateEnv;

beforeAll(async () => {
	env = await startTemplateEnv();
	await staffCredential(env);
}, 240_000);

afterAll(async () => {
	await env?.stop();
}, 60_000);

const NONE = '[]';

describe('15 Sync history (staff)', () => {
	let url: string;

	beforeAll(async () => {
		await env.db.query(
			`INSERT INTO orcid_sync_log (time, workflow, execution, environment, orcid, local_key, item_type, action, reason, put_code_before, put_code_after, orcid_error_code, message)
			 VALUES ('2026-01-01T02:00:00Z', 'ORCID: Scheduled sync', '101', 'sandbox', $1, 'pub-1', 'work', 'create', 'new', NULL, 1234, NULL, NULL),
			        ('2026-01-01T02:00:01Z', 'ORCID: Scheduled sync', '101', 'sandbox', $1, 'pub-2', 'work', 'conflict', 'put-code-not-ours', 999, NULL, NULL, '<b>not ours</b>'),
			        ('2026-01-02T02:00:00Z', 'ORCID: Scheduled sync', '102', 'sandbox', $1, 'pub-1', 'work', 'unchanged', 'researcher-deleted', 1234, NULL, NULL, NULL),
			        ('2026-01-02T02:00:00Z', 'ORCID: Scheduled sync', '102', 'sandbox', $2, 'pub-9', 'work', 'create', 'new', NULL, 77, NULL, NULL)`,
			[JOSIAH, LAURE],
		);
		const wf = await importTemplate(env, '15-sync-history.json');
		await demo.activateAndWait(env.n8n, wf.id);
		url = formUrl(env, 'orcid-sync-history');
	}, 120_000);

	async function open(values: string[]) {
		const first = await submitForm(url, values, STAFF_AUTH);
		expect(first.status).toBe(200);
		expect(first.next).toBeDefined();
		const page = await nextPage(first.next!, env);
		expect(page.status).toBe(200);
		return page;
	}

	/** The table's rows on the page, as cell texts. */
	function tableOf(html: string): string[][] {
		return [...html.matchAll(/<tr>(.*?)<\/tr>/gs)]
			.slice(1)
			.map((m) => [...m[1].matchAll(/<td>(.*?)<\/td>/gs)].map((c) => c[1]));
	}

	it('is behind Basic Auth', async () => {
		const res = await fetch(url);
		expect(res.status).toBe(401);
	});

	it("shows one researcher's decisions, oldest first, and nobody else's; markup in a message stays text", async () => {
		const page = await open([`https://orcid.org/${JOSIAH}`, '', 'On this page', '', NONE, NONE]);
		expect(page.text).toContain(`ORCID sync history of ${JOSIAH}`);
		const rows = tableOf(page.text);
		expect(rows.map((r) => [r[2], r[4], r[5], r[6], r[7], r[8]])).toEqual([
			['101', 'pub-1', 'create', 'new', '', '1234'],
			['101', 'pub-2', 'conflict', 'put-code-not-ours', '999', ''],
			['102', 'pub-1', 'unchanged', 'researcher-deleted', '1234', ''],
		]);
		expect(page.text).toContain('&lt;b&gt;not ours&lt;/b&gt;');
		expect(page.text).not.toContain('pub-9');
	});

	it('opens on one run from a link: ?orcid=...&execution=... prefill the form', async () => {
		const page = await openForm(`${url}?orcid=${JOSIAH}&execution=102`, STAFF_AUTH);
		expect(page.status).toBe(200);
		expect([prefilled(page.text, 0), prefilled(page.text, 1)]).toEqual([JOSIAH, '102']);
	});

	it('shows one run by its execution id (the id the API log carries)', async () => {
		const page = await open([JOSIAH, '102', 'On this page', '', NONE, NONE]);
		expect(tableOf(page.text).map((r) => [r[2], r[4], r[6]])).toEqual([
			['102', 'pub-1', 'researcher-deleted'],
		]);
	});

	it('downloads the same rows as XLSX and CSV', async () => {
		const xlsx = formDownloads((await open([JOSIAH, '', 'XLSX', '', NONE, NONE])).text);
		expect(xlsx[0].fileName).toMatch(
			new RegExp(`^orcid-sync-history-${JOSIAH}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`),
		);
		const book = XLSX.read(xlsx[0].data, { type: 'buffer' });
		const rows = XLSX.utils.sheet_to_json<Row>(book.Sheets['ORCID sync history'], { defval: null });
		expect(rows.map((r) => [r.execution, r.local_key, r.action, r.reason])).toEqual([
			['101', 'pub-1', 'create', 'new'],
			['101', 'pub-2', 'conflict', 'put-code-not-ours'],
			['102', 'pub-1', 'unchanged', 'researcher-deleted'],
		]);
		const csv = formDownloads((await open([JOSIAH, '101', 'CSV', '', NONE, NONE])).text);
		expect(csv[0].fileName).toMatch(/\.csv$/);
		const text = csv[0].data.toString('utf8');
		expect(text).toContain('put-code-not-ours');
		expect(text).not.toContain('researcher-deleted');
	});

	it('clears a do-not-send decision and sets opt-outs, each written to the history', async () => {
		await env.db.query(
			`INSERT INTO orcid_put_codes (environment, orcid, item_type, local_key, put_code, status, sync_state, state_changed_by)
			 VALUES ('sandbox', $1, 'work', 'pub-1', 1234, 'created', 'researcher-deleted', 'sync')`,
			[JOSIAH],
		);
		await env.db.query(
			"INSERT INTO orcid_opt_outs (orcid, item_type, chosen_by) VALUES ($1, 'funding', 'researcher')",
			[JOSIAH],
		);
		const page = await open([
			JOSIAH,
			'',
			'On this page',
			'pub-1',
			JSON.stringify(['peer-review']),
			JSON.stringify(['funding']),
		]);
		const [stored] = await env.db.query(
			"SELECT sync_state, state_changed_by, put_code, content_hash FROM orcid_put_codes WHERE orcid = $1 AND local_key = 'pub-1'",
			[JOSIAH],
		);
		// the next sync sends it anew
		expect(stored).toEqual({
			sync_state: 'active',
			state_changed_by: 'staff',
			put_code: null,
			content_hash: null,
		});
		const optOuts = await env.db.query(
			'SELECT item_type, chosen_by FROM orcid_opt_outs WHERE orcid = $1',
			[JOSIAH],
		);
		expect(optOuts).toEqual([{ item_type: 'peer-review', chosen_by: 'staff' }]);
		const logged = tableOf(page.text).map((r) => [r[3], r[4], r[5], r[6], r[7]]);
		expect(logged).toEqual(
			expect.arrayContaining([
				['work', 'pub-1', 'clear', 'staff-cleared', '1234'],
				['peer-review', '', 'opt-out', 'staff-opted-out', ''],
				['funding', '', 'opt-in', 'staff-opted-in', ''],
			]),
		);
	});
});

describe('13 Grants: one history row per decision', () => {
	let workflowId: string;
	const SOFIA = '0000-0002-1694-233X';

	beforeAll(async () => {
		await seedResearcher(env, SOFIA, 'u-sofia');
		await env.db.query(
			`INSERT INTO grants (grant_key, title, funder, funder_id, funder_id_source, funder_city, funder_country, grant_number, start_date)
			 VALUES ('gr-log', 'Logged grant', 'National Science Foundation', 'https://doi.org/10.13039/100000001', 'FUNDREF',
			         'Alexandria', 'US', 'NSF-LOG-1', '2024')`,
		);
		await env.db.query(
			"INSERT INTO grant_people (grant_key, orcid, name, role) VALUES ('gr-log', $1, 'Sofia', 'lead')",
			[SOFIA],
		);
		const wf = await importTemplate(env, '13-grants.json');
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	it('logs the create, then the unchanged decision of the next run, each under its execution id', async () => {
		const first = await env.runner.run(workflowId);
		expect(first.status).toBe('success');
		const second = await env.runner.run(workflowId);
		expect(second.status).toBe('success');
		const [funding] = (
			(await env.emu.control('GET', `/_emulator/records/${SOFIA}`)) as Row
		).items.filter((i: Row) => i.type === 'funding' && i.source.clientId === MEMBER.clientId);
		expect(funding).toBeDefined();
		const rows = await env.db.query(
			`SELECT workflow, execution, environment, local_key, item_type, action, reason,
			        put_code_before::int AS before, put_code_after::int AS after, orcid_error_code
			 FROM orcid_sync_log WHERE orcid = $1 ORDER BY id`,
			[SOFIA],
		);
		expect(
			rows.map((r) => [r.local_key, r.item_type, r.action, r.reason, r.before, r.after]),
		).toEqual([
			['gr-log', 'funding', 'create', 'new', null, funding.putCode],
			['gr-log', 'funding', 'unchanged', 'same-hash', funding.putCode, funding.putCode],
		]);
		expect(rows[0].workflow).toBe(env.workflows['13-grants.json'].name);
		expect(rows[0].environment).toBe('sandbox');
		expect(rows[0].execution).not.toBe(rows[1].execution);
		// the API log carries the same execution ids: a run's calls and decisions side by side
		const calls = await tableRows(env, 'orcid_api_log');
		for (const r of rows) {
			expect(
				calls.some((c) => String(c.execution) === r.execution && String(c.url).includes(SOFIA)),
			).toBe(true);
		}
	});
});

describe('04 Scheduled sync: a work the researcher deleted is not written back; the history shows it', () => {
	let workflowId: string;
	const DOIS = ['10.5555/ledger-1', '10.5555/ledger-2', '10.5555/ledger-3'];

	beforeAll(async () => {
		await seedResearcher(env, LAURE, 'u-laure');
		await addPublications(
			env,
			DOIS.map((doi, i) => ({
				local_key: `ledger-${i + 1}`,
				orcid: LAURE,
				title: `Ledger work ${i + 1}`,
				doi,
				publication_date: '2024',
			})),
		);
		const wf = await importTemplate(env, '04-scheduled-sync.json');
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
		if (!env.workflows['15-sync-history.json']) {
			const history = await importTemplate(env, '15-sync-history.json');
			await demo.activateAndWait(env.n8n, history.id);
		}
	}, 120_000);

	const history = () =>
		env.db.query(
			`SELECT execution, local_key, action, reason, put_code_before::int AS before, put_code_after::int AS after
			 FROM orcid_sync_log WHERE orcid = $1 AND local_key LIKE 'ledger-%' ORDER BY id`,
			[LAURE],
		);

	it("uses Sync Diff 2 auto-mapping the publications query's columns: no Code node, no expression per work", () => {
		const nodes = env.workflows['04-scheduled-sync.json'].nodes;
		expect(nodes.filter((n) => n.type === 'n8n-nodes-base.code')).toEqual([]);
		const diff = nodes.find((n) => n.type === 'n8n-nodes-orcid.orcidSyncDiff');
		expect(diff.typeVersion).toBe(2);
		expect(diff.parameters.dataMode).toBe('autoMapInputData');
		const values: string[] = [];
		const walk = (v: unknown) => {
			if (typeof v === 'string') values.push(v);
			else if (v && typeof v === 'object') Object.values(v).forEach(walk);
		};
		walk(diff.parameters);
		expect(values.filter((x) => x.startsWith('='))).toEqual([]);
		// the query names its columns as Sync Diff reads them, the token among them
		const query = nodes.find((n) => n.name === 'Their publications').parameters.query as string;
		for (const column of ['localKey', 'itemType', 'putCode', 'contentHash', 'syncState', 'optOuts'])
			expect(query).toContain(`AS "${column}"`);
		expect(query).toContain('AS "accessToken"');
		// one query per batch: the batch's researchers come in one JSON list (Batch, in one list)
		expect(query).toContain("jsonb_array_elements($1::jsonb -> 'researchers')");
	});

	it("writes the works, keeps the researcher's deletion in the ledger, and never writes it back", async () => {
		expect((await env.runner.run(workflowId)).status).toBe('success');
		const works = await ourWorks(env, LAURE);
		expect(works).toHaveLength(3);
		const first = await history();
		expect(first.map((r) => [r.local_key, r.action, r.reason])).toEqual([
			['ledger-1', 'create', 'new'],
			['ledger-2', 'create', 'new'],
			['ledger-3', 'create', 'new'],
		]);
		const [stored2] = await env.db.query(
			"SELECT put_code::int AS put_code FROM orcid_put_codes WHERE local_key = 'ledger-2'",
		);
		expect(first[1].after).toBe(stored2.put_code);

		// the researcher deletes our second work on their record page
		await env.emu.control('DELETE', `/_emulator/records/${LAURE}/items/${stored2.put_code}`);
		for (let run = 0; run < 2; run++) {
			expect((await env.runner.run(workflowId)).status).toBe('success');
			const titles = (await ourWorks(env, LAURE)).map((w) => w.data.title.title.value).sort();
			expect(titles).toEqual(['Ledger work 1', 'Ledger work 3']);
		}
		const [ledger] = await env.db.query(
			"SELECT put_code::int AS put_code, sync_state FROM orcid_put_codes WHERE local_key = 'ledger-2'",
		);
		expect(ledger).toEqual({ put_code: stored2.put_code, sync_state: 'researcher-deleted' });
		const rows = await history();
		const runs = [...new Set(rows.map((r) => r.execution))];
		expect(runs).toHaveLength(3);
		const of = (execution: string) =>
			rows.filter((r) => r.execution === execution).map((r) => [r.local_key, r.action, r.reason]);
		expect(of(runs[1])).toEqual([
			['ledger-1', 'unchanged', 'same-hash'],
			['ledger-2', 'do-not-send', 'researcher-deleted'],
			['ledger-3', 'unchanged', 'same-hash'],
		]);
		expect(of(runs[2])).toEqual([
			['ledger-1', 'unchanged', 'same-hash'],
			['ledger-2', 'unchanged', 'researcher-deleted'],
			['ledger-3', 'unchanged', 'same-hash'],
		]);
	});

	it("the history form shows both runs' rows for that researcher", async () => {
		const url = formUrl(env, 'orcid-sync-history');
		const first = await submitForm(url, [LAURE, '', 'On this page', '', NONE, NONE], STAFF_AUTH);
		const page = await nextPage(first.next!, env);
		const rows = [...page.text.matchAll(/<tr>(.*?)<\/tr>/gs)]
			.slice(1)
			.map((m) => [...m[1].matchAll(/<td>(.*?)<\/td>/gs)].map((c) => c[1]));
		// (the section above gave Laure a row of her own too)
		const runs = new Set(rows.filter((r) => r[4].startsWith('ledger-')).map((r) => r[2]));
		expect(runs.size).toBe(3);
		expect(rows.filter((r) => r[4] === 'ledger-2').map((r) => [r[5], r[6]])).toEqual([
			['create', 'new'],
			['do-not-send', 'researcher-deleted'],
			['unchanged', 'researcher-deleted'],
		]);
	});
});

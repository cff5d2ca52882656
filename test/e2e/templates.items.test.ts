/**
 * Templates that write researchers' items, in a real n8n 2.41.1 against the emulator and
 * PostgreSQL: 02 (write publications, store put codes) and 04 (scheduled two-way sync).
 * Assertions read what a user would look at: the put code table, the emulator's records,
 * the issues table, the API log.
 */
import {
	addPublications,
	assertNothingSecret,
	doiOf,
	emulatorItems,
	formDownloads,
	formUrl,
	importTemplate,
	nextPage,
	JOSIAH,
	LAURE,
	MEMBER,
	ourWorks,
	seedResearcher,
	SOFIA,
	staffCredential,
	STAFF_AUTH,
	startTemplateEnv,
	submitForm,
	tableRows,
	titleOf,
	deliverRecordChanges,
	executionIds,
	waitForExecutions,
	type Row,
	type TemplateEnv,
} from './templates.support';
import * as XLSX from 'xlsx';

import * as demo from '../../scripts/demo';

jest.setTimeout(180_000);

let env: TemplateEnv;
const tokens: string[] = [];

beforeAll(async () => {
	env = await startTemplateEnv();
	for (const [orcid, ref] of [
		[JOSIAH, 'u-josiah'],
		[LAURE, 'u-laure'],
	]) {
		const row = await seedResearcher(env, orcid, ref);
		tokens.push(row.accessToken, row.refreshToken);
	}
}, 240_000);

afterAll(async () => {
	await env?.stop();
}, 60_000);

async function callCount(method: string, sinceId = 0): Promise<number> {
	const calls = (await env.emu.control(
		'GET',
		`/_emulator/calls?method=${method}&since=${sinceId}`,
	)) as Row[];
	return calls.filter((c) => /\/v3\.0\//.test(c.path ?? c.url ?? '')).length;
}

async function lastCallId(): Promise<number> {
	const calls = (await env.emu.control('GET', '/_emulator/calls')) as Row[];
	return calls.length ? calls[calls.length - 1].id : 0;
}

async function putCodes(orcid?: string): Promise<Row[]> {
	return await env.db.query(
		`SELECT environment, orcid, item_type, local_key, put_code::int AS put_code, content_hash, status
		 FROM orcid_put_codes ${orcid ? 'WHERE orcid = $1' : ''} ORDER BY local_key`,
		orcid ? [orcid] : [],
	);
}

describe('02 Write publications to ORCID', () => {
	const FILE = '02-write-publications.json';
	let workflowId: string;

	beforeAll(async () => {
		await addPublications(env, [
			{
				local_key: 'pub-j1',
				orcid: JOSIAH,
				title: 'On the nature of iDs',
				doi: '10.5555/j1',
				journal: 'Journal of Identifiers',
				publication_date: '2021-03',
			},
			{
				local_key: 'pub-j2',
				orcid: JOSIAH,
				title: 'Persistent people',
				doi: '10.5555/j2',
				publication_date: '2022',
			},
			{
				local_key: 'pub-l1',
				orcid: LAURE,
				title: 'Synchronising records',
				doi: '10.5555/l1',
				work_type: 'book-chapter',
			},
			{
				local_key: 'pub-l2',
				orcid: LAURE,
				title: 'A work of no known type',
				doi: '10.5555/l2',
				work_type: 'not-a-work-type',
			},
			{ local_key: 'pub-s1', orcid: SOFIA, title: 'Not connected yet', doi: '10.5555/s1' },
		]);
		const wf = await importTemplate(env, FILE);
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	it("adds each connected researcher's new works and stores the put codes ORCID gave them", async () => {
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		const stored = await putCodes();
		expect(stored.map((r) => [r.orcid, r.local_key, r.status])).toEqual([
			[JOSIAH, 'pub-j1', 'created'],
			[JOSIAH, 'pub-j2', 'created'],
			[LAURE, 'pub-l1', 'created'],
		]);
		for (const [orcid, keys] of [
			[JOSIAH, ['pub-j1', 'pub-j2']],
			[LAURE, ['pub-l1']],
		] as const) {
			const works = await ourWorks(env, orcid);
			expect(works).toHaveLength(keys.length);
			for (const key of keys) {
				const row = stored.find((r) => r.local_key === key)!;
				const work = works.find((w) => w.putCode === row.put_code);
				expect(work).toBeDefined();
				expect(doiOf(work!)).toBe(`10.5555/${key.slice(4)}`);
			}
		}
		const j1 = (await ourWorks(env, JOSIAH)).find((w) => doiOf(w) === '10.5555/j1')!;
		expect(titleOf(j1)).toBe('On the nature of iDs');
		expect(j1.data['journal-title'].value).toBe('Journal of Identifiers');
		expect(j1.data.type).toBe('journal-article');
		// the researcher who has not connected is left alone
		expect(await ourWorks(env, SOFIA)).toHaveLength(0);
	});

	it('records the work ORCID cannot take in orcid_sync_issues, naming the field', async () => {
		const issues = await env.db.query("SELECT * FROM orcid_sync_issues WHERE local_key = 'pub-l2'");
		expect(issues).toHaveLength(1);
		expect(issues[0]).toMatchObject({ orcid: LAURE, reason: 'write-failed', item_type: 'work' });
		expect(issues[0].message).toMatch(/type/i);
		expect(issues[0].message).toContain('not-a-work-type');
	});

	it('a second run adds nothing: no duplicates on ORCID, the same put codes', async () => {
		const before = await putCodes();
		const since = await lastCallId();
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		expect(await putCodes()).toEqual(before);
		expect(await ourWorks(env, JOSIAH)).toHaveLength(2);
		expect(await ourWorks(env, LAURE)).toHaveLength(1);
		// the refused work is checked again, and refused before any call to ORCID
		expect(await callCount('POST', since)).toBe(0);
		const issues = await env.db.query("SELECT * FROM orcid_sync_issues WHERE local_key = 'pub-l2'");
		expect(issues).toHaveLength(2);
	});

	it('a lost put code is found again (ORCID says 409) instead of adding the work twice', async () => {
		const lost = (await putCodes(JOSIAH)).find((r) => r.local_key === 'pub-j2')!;
		await env.db.query("DELETE FROM orcid_put_codes WHERE local_key = 'pub-j2'");
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		const again = (await putCodes(JOSIAH)).find((r) => r.local_key === 'pub-j2')!;
		expect(again).toMatchObject({ put_code: lost.put_code, status: 'existing' });
		expect(await ourWorks(env, JOSIAH)).toHaveLength(2);
	});

	it('logs every ORCID call with nothing secret in it', async () => {
		const log = (await tableRows(env, 'orcid_api_log')).filter(
			(r) => r.workflow === '02 · Write publications to ORCID',
		);
		const posts = log.filter((r) => r.method === 'POST' && /\/work$/.test(r.url));
		expect(posts.filter((r) => r.status === 201)).toHaveLength(3);
		expect(log.some((r) => r.status === 409)).toBe(true);
		assertNothingSecret(log, [...tokens, MEMBER.clientSecret]);
	});
});

describe('04 Scheduled two-way sync', () => {
	const FILE = '04-scheduled-sync.json';
	let workflowId: string;
	let employmentPutCode: number;

	beforeAll(async () => {
		const row = await seedResearcher(env, SOFIA, 'u-sofia');
		tokens.push(row.accessToken, row.refreshToken);
		await env.db.query('DELETE FROM publications WHERE orcid = $1', [SOFIA]);
		await addPublications(env, [
			{
				local_key: 'sync-bad',
				orcid: LAURE,
				title: 'Of no known type either',
				doi: '10.5555/bad',
				work_type: 'not-a-work-type',
			},
			{
				local_key: 'sync-a',
				orcid: SOFIA,
				title: 'Alpha',
				doi: '10.5555/sync-a',
				publication_date: '2020',
			},
			{
				local_key: 'sync-b',
				orcid: SOFIA,
				title: 'Beta',
				doi: '10.5555/sync-b',
				publication_date: '2021',
			},
			{
				local_key: 'sync-c',
				orcid: SOFIA,
				title: 'Gamma',
				doi: '10.5555/sync-c',
				publication_date: '2022',
			},
		]);
		// an item the researcher added herself: ORCID's side only
		await env.emu.control('POST', `/_emulator/records/${SOFIA}/items`, {
			type: 'work',
			data: {
				title: { title: { value: 'My own preprint' } },
				type: 'preprint',
				'external-ids': {
					'external-id': [
						{
							'external-id-type': 'doi',
							'external-id-value': '10.5555/own',
							'external-id-relationship': 'self',
						},
					],
				},
			},
		});
		// an employment our client wrote from elsewhere (template 10): not the sync's to delete
		const employment = (await env.emu.control('POST', `/_emulator/records/${SOFIA}/items`, {
			type: 'employment',
			data: {
				'role-title': 'Research Fellow',
				'start-date': { year: { value: '2019' } },
				organization: {
					name: 'National Institutes of Health',
					address: { city: 'Bethesda', country: 'US' },
				},
			},
			sourceClientId: MEMBER.clientId,
		})) as Row;
		employmentPutCode = employment.putCode;
		const wf = await importTemplate(env, FILE);
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	it('adds the new works, stores put codes with content hashes, collects the remote-only one', async () => {
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		// the run split the researchers into two lanes, each started as a run of the same workflow
		// (not waited for: the runner waits until no run of it is left); it synced nobody itself
		expect(run.runData['ORCID Sync Diff']).toBeUndefined();
		const lanes = ['A', 'B'].flatMap((l) => run.output(`Lane ${l}, in one list`));
		expect(lanes.flatMap((j) => j.lane as Row[]).map((r) => r.orcid)).toEqual(
			expect.arrayContaining([SOFIA]),
		);
		for (const j of lanes) {
			// each lane holds what a batch needs of a researcher, nothing else
			for (const r of j.lane as Row[])
				expect(Object.keys(r).sort()).toEqual(['accessToken', 'environment', 'orcid']);
		}
		// by their row's number, odd and even: each researcher in one lane
		const connected = run.output('Connected researchers');
		const inLane = (l: string) =>
			run.output(`Lane ${l}, in one list`).flatMap((j) => (j.lane as Row[]).map((r) => r.orcid));
		expect(inLane('A')).toEqual(
			connected.filter((r) => Number(r.id) % 2 === 1).map((r) => r.orcid),
		);
		expect(inLane('B')).toEqual(
			connected.filter((r) => Number(r.id) % 2 === 0).map((r) => r.orcid),
		);
		const stored = await putCodes(SOFIA);
		expect(stored.map((r) => [r.local_key, r.status])).toEqual([
			['sync-a', 'created'],
			['sync-b', 'created'],
			['sync-c', 'created'],
		]);
		for (const r of stored) expect(r.content_hash).toMatch(/\S{8,}/);
		const works = await ourWorks(env, SOFIA);
		expect(works.map((w) => w.putCode).sort()).toEqual(stored.map((r) => r.put_code).sort());
		const collected = await env.db.query('SELECT * FROM orcid_collected_items WHERE orcid = $1', [
			SOFIA,
		]);
		expect(collected.map((c) => c.title)).toContain('My own preprint');
		// works already on Josiah's and Laure's records (template 02) are recognised, not added again
		const written = (await putCodes()).filter((r) => r.orcid !== SOFIA);
		for (const orcid of [JOSIAH, LAURE]) {
			expect((await ourWorks(env, orcid)).map((w) => w.putCode).sort()).toEqual(
				written
					.filter((r) => r.orcid === orcid)
					.map((r) => r.put_code)
					.sort(),
			);
		}
	});

	it('updates a changed work and deletes a removed one, on ORCID and in the put code table', async () => {
		await env.db.query(
			"UPDATE publications SET title = 'Beta, revised' WHERE local_key = 'sync-b'",
		);
		await env.db.query("DELETE FROM publications WHERE local_key = 'sync-c'");
		const c = (await putCodes(SOFIA)).find((r) => r.local_key === 'sync-c')!;
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		const works = await ourWorks(env, SOFIA);
		expect(works.map(titleOf).sort()).toEqual(['Alpha', 'Beta, revised']);
		expect(works.find((w) => w.putCode === c.put_code)).toBeUndefined();
		expect((await putCodes(SOFIA)).map((r) => [r.local_key, r.status])).toEqual([
			['sync-a', 'created'],
			['sync-b', 'updated'],
		]);
	});

	it("leaves our client's employment alone: only works are compared, so nothing deletes it", async () => {
		expect(employmentPutCode).toEqual(expect.any(Number));
		const employments = await emulatorItems(env.emu, SOFIA, 'employment');
		expect(employments.map((e) => e.putCode)).toEqual([employmentPutCode]);
		const calls = (await env.emu.control('GET', '/_emulator/calls?method=DELETE')) as Row[];
		const paths = calls.map((c) => String(c.path ?? c.url ?? ''));
		expect(paths.some((p) => p.includes(`/${SOFIA}/`))).toBe(true); // sync-c was deleted
		expect(paths.filter((p) => p.endsWith(`/${employmentPutCode}`))).toEqual([]);
		const collected = await env.db.query(
			"SELECT put_code::int AS put_code FROM orcid_collected_items WHERE orcid = $1 AND item_type = 'employment'",
			[SOFIA],
		);
		expect(collected).toEqual([]);
	});

	it('a run with nothing changed writes nothing', async () => {
		const since = await lastCallId();
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		for (const m of ['POST', 'PUT', 'DELETE']) expect(await callCount(m, since)).toBe(0);
	});

	it('after a crash that lost a put code, the rerun recovers it instead of adding a duplicate', async () => {
		const a = (await putCodes(SOFIA)).find((r) => r.local_key === 'sync-a')!;
		await env.db.query("DELETE FROM orcid_put_codes WHERE local_key = 'sync-a'");
		const since = await lastCallId();
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		expect(await callCount('POST', since)).toBe(0);
		const again = (await putCodes(SOFIA)).find((r) => r.local_key === 'sync-a')!;
		expect(again.put_code).toBe(a.put_code);
		expect(await ourWorks(env, SOFIA)).toHaveLength(2);
	});

	it('a work the researcher deleted on ORCID goes into the do-not-send ledger, not pushed again', async () => {
		const b = (await putCodes(SOFIA)).find((r) => r.local_key === 'sync-b')!;
		const token = tokens[tokens.length - 2];
		const res = await fetch(`${env.emu.memberApi}/v3.0/${SOFIA}/work/${b.put_code}`, {
			method: 'DELETE',
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
		});
		expect(res.status).toBe(204);
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		expect((await ourWorks(env, SOFIA)).map(titleOf)).toEqual(['Alpha']);
		const [ledger] = await env.db.query(
			"SELECT put_code::int AS put_code, sync_state, state_changed_by FROM orcid_put_codes WHERE local_key = 'sync-b'",
		);
		expect(ledger).toEqual({
			put_code: b.put_code,
			sync_state: 'researcher-deleted',
			state_changed_by: 'sync',
		});
		// the next run leaves it deleted
		const again = await env.runner.run(workflowId);
		expect(again.status).toBe('success');
		expect((await ourWorks(env, SOFIA)).map(titleOf)).toEqual(['Alpha']);
	});

	it('records the unusable work in orcid_sync_issues and logs the traffic without secrets', async () => {
		const issues = await env.db.query(
			"SELECT * FROM orcid_sync_issues WHERE workflow = '04 · Scheduled two-way ORCID sync'",
		);
		expect(issues).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					local_key: 'sync-bad',
					orcid: LAURE,
					message: expect.stringContaining('not-a-work-type'),
				}),
			]),
		);
		const log = (await tableRows(env, 'orcid_api_log')).filter(
			(r) => r.workflow === '04 · Scheduled two-way ORCID sync',
		);
		expect(log.some((r) => r.method === 'GET' && r.url.endsWith(`/${SOFIA}/activities`))).toBe(
			true,
		);
		assertNothingSecret(log, [...tokens, MEMBER.clientSecret]);
	});

	it('leaves the emulator with no duplicates of ours on any record', async () => {
		for (const orcid of [JOSIAH, LAURE, SOFIA]) {
			const dois = (await emulatorItems(env.emu, orcid, 'work'))
				.filter((w) => w.source.clientId === MEMBER.clientId)
				.map(doiOf);
			expect(new Set(dois).size).toBe(dois.length);
		}
	});
});

describe('08 Sync a researcher when their record changes (webhook)', () => {
	const FILE = '08-record-change-webhook.json';
	let workflowId: string;
	let notificationUrl: string;

	beforeAll(async () => {
		const template = demo.loadTemplate(FILE);
		const hookId = template.nodes.find((n: Row) => n.name === 'ORCID record changed').webhookId;
		notificationUrl = `${env.n8n.webhookUrl}/webhook/${hookId}/orcid-record-changed`;
		const wf = await importTemplate(env, FILE, { Settings: { notificationUrl } });
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
		// ORCID batches its calls (about five minutes); here a batch ends when a test flushes it,
		// so each notification arrives when the test says and no earlier one arrives late
		await env.emu.control('PUT', '/_emulator/config', { webhookDelayMs: 3_600_000 });
	}, 120_000);

	const TRIGGER = 'ORCID record changed';
	const notifications = (known: Set<string>) =>
		deliverRecordChanges(env, workflowId, { hookUrl: notificationUrl, trigger: TRIGGER, known });

	it('registers the change notification of every connected researcher, with the iD in the URL', async () => {
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		const connected = (await tableRows(env, 'orcid_researchers'))
			.filter((r) => r.status === 'connected')
			.map((r) => r.orcid);
		expect(connected).toEqual(expect.arrayContaining([JOSIAH, LAURE]));
		const hooks = (await env.emu.control('GET', '/_emulator/webhooks')) as Row[];
		expect(hooks.map((h) => [h.orcid, h.url]).sort()).toEqual(
			connected.map((o) => [o, `${notificationUrl}/${o}`]).sort(),
		);
		expect(run.output('Register change notification').map((r) => r.webhookStatus)).toEqual(
			connected.map(() => 'registered'),
		);
	});

	it('syncs the researcher whose record changed: their new work is written and its put code stored', async () => {
		await addPublications(env, [
			{
				local_key: 'pub-j3',
				orcid: JOSIAH,
				title: 'Written after a change notice',
				doi: '10.5555/j3',
				publication_date: '2024',
			},
		]);
		const known = await executionIds(env.n8n, workflowId);
		// Josiah edits his record at ORCID: ORCID calls the registered URL
		await env.emu.control('POST', `/_emulator/records/${JOSIAH}/items`, {
			type: 'work',
			data: {
				title: { title: { value: 'Added by Josiah himself' } },
				type: 'other',
				'external-ids': { 'external-id': [] },
			},
		});
		const runs = await notifications(known);
		expect(runs.map((r) => r.received(TRIGGER)?.orcid)).toEqual([JOSIAH]);
		const [run] = runs;
		expect(run.status).toBe('success');
		expect(run.output('Researcher').map((r) => r.orcid)).toEqual([JOSIAH]);
		const stored = await putCodes(JOSIAH);
		const j3 = stored.find((r) => r.local_key === 'pub-j3')!;
		expect(j3).toMatchObject({ status: 'created' });
		const works = await ourWorks(env, JOSIAH);
		expect(works.find((w) => w.putCode === j3.put_code)).toBeDefined();
		const collected = await env.db.query(
			'SELECT title FROM orcid_collected_items WHERE orcid = $1',
			[JOSIAH],
		);
		expect(collected.map((c) => c.title)).toContain('Added by Josiah himself');
		// nobody else was synced: Laure's works were not even read
		const log = (await tableRows(env, 'orcid_api_log')).filter(
			(r) => r.execution === String(run.id),
		);
		expect(log.filter((r) => r.method === 'GET').map((r) => r.url)).toEqual([
			`${env.emu.memberApi}/v3.0/${JOSIAH}/activities`,
		]);

		// ORCID then notifies the change this run made (the new work): that run writes nothing
		const since = await lastCallId();
		const echo = await notifications(new Set([...known, String(run.id)]));
		expect(echo.map((r) => [r.received(TRIGGER)?.orcid, r.status])).toEqual([[JOSIAH, 'success']]);
		for (const m of ['POST', 'PUT', 'DELETE']) expect(await callCount(m, since)).toBe(0);
		expect((await putCodes(JOSIAH)).find((r) => r.local_key === 'pub-j3')).toEqual(j3);
	});

	it('a call whose iD is not one (bad checksum) is answered like an unknown researcher: no failed execution', async () => {
		const JUNK = '0000-0002-1825-0098';
		const known = await executionIds(env.n8n, workflowId);
		const res = await fetch(`${notificationUrl}/${JUNK}`, { method: 'POST' });
		expect(res.status).toBe(204);
		// the junk call's run: the one whose trigger received that iD
		const [run] = await waitForExecutions(
			env.n8n,
			workflowId,
			(e) => e.received(TRIGGER)?.orcid === JUNK,
			{ known },
		);
		expect(run.status).toBe('success');
		expect(run.output('iD URI of this environment', 2)).toHaveLength(1);
		expect(run.ran('Researcher')).toBe(false);
	});

	afterAll(async () => {
		// later suites write to the same records: keep this workflow from syncing along
		await env.n8n.deactivate(workflowId);
	});
});

describe('10 Bulk upload works or employments (form)', () => {
	let url: string;
	let readOnly: string;

	function xlsxFile(rows: Row[]): Buffer {
		const book = XLSX.utils.book_new();
		XLSX.utils.book_append_sheet(book, XLSX.utils.json_to_sheet(rows), 'Works');
		return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
	}
	const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

	/** the rows a refused upload sends back (empty when the upload went through) */
	function rowsToFix(html: string): Row[] {
		const [report] = formDownloads(html);
		if (!report) return [];
		const book = XLSX.read(report.data.toString('utf8').replace(/^\uFEFF/, ''), { type: 'string' });
		return XLSX.utils.sheet_to_json<Row>(book.Sheets[book.SheetNames[0]], { raw: false });
	}

	async function upload(file: Buffer, name: string, type: string, kind: string) {
		const first = await submitForm(url, [{ file, name, type }, kind], STAFF_AUTH);
		expect(first.next).toBeDefined();
		return await nextPage(first.next!, env);
	}

	beforeAll(async () => {
		await staffCredential(env);
		// a researcher who connected with read access only
		const added = (await env.emu.control('POST', '/_emulator/researchers', {
			givenNames: 'Rea',
			familyName: 'Donly',
		})) as Row;
		readOnly = added.orcid;
		await seedResearcher(env, readOnly, 'u-readonly', '/read-limited');
		const wf = await importTemplate(env, '10-bulk-upload.json');
		await demo.activateAndWait(env.n8n, wf.id);
		url = formUrl(env, 'orcid-bulk-upload');
	}, 120_000);

	const works = [
		{
			orcid: JOSIAH,
			title: 'Bulk one',
			doi: '10.5555/bulk-1',
			publication_date: '2023-05',
			journal: 'Journal of Uploads',
		},
		{
			orcid: `https://sandbox.orcid.org/${JOSIAH}`,
			title: 'Bulk two',
			doi: '10.5555/bulk-2',
			type: 'book',
			publication_date: '2019',
		},
		{ orcid: LAURE, title: 'Bulk three', doi: '10.5555/bulk-3', publication_date: '2020-13' },
	];

	it('refuses a file with bad rows: nothing is written, the rows to fix come back as a file', async () => {
		const before = {
			j: (await ourWorks(env, JOSIAH)).length,
			l: (await ourWorks(env, LAURE)).length,
		};
		const file = xlsxFile([
			...works,
			{ orcid: readOnly, title: 'No permission', doi: '10.5555/bulk-4' },
			{ orcid: JOSIAH, title: '' },
		]);
		const page = await upload(file, 'works.xlsx', XLSX_TYPE, 'Works');
		expect(page.text).toContain('Nothing was written');
		expect(formDownloads(page.text)[0].fileName).toBe('orcid-upload-rows-to-fix.csv');
		const rows = rowsToFix(page.text);
		expect(rows.map((r) => Number(r.row))).toEqual([4, 5, 6]);
		expect(rows[0].problem).toMatch(/publicationDate|publication/i);
		expect(rows[0].problem).toContain('2020-13');
		expect(rows[1].problem).toContain('has not granted /activities/update');
		expect(rows[2].problem).toBe('title: empty');
		expect((await ourWorks(env, JOSIAH)).length).toBe(before.j);
		expect((await ourWorks(env, LAURE)).length).toBe(before.l);
	});

	it('writes a file without problems and stores the put codes; the same file again adds nothing', async () => {
		const fixed = works.map((w) =>
			w.publication_date === '2020-13' ? { ...w, publication_date: '2020-12' } : w,
		);
		const page = await upload(xlsxFile(fixed), 'works.xlsx', XLSX_TYPE, 'Works');
		expect(page.text).toContain('3 added, 0 updated, 0 already on ORCID');
		const stored = await env.db.query(
			"SELECT orcid, local_key, put_code::int AS put_code FROM orcid_put_codes WHERE local_key LIKE 'upload|work|%' ORDER BY local_key",
		);
		expect(stored.map((r) => r.local_key)).toEqual(
			[
				`upload|work|${LAURE}|10.5555/bulk-3`,
				`upload|work|${JOSIAH}|10.5555/bulk-1`,
				`upload|work|${JOSIAH}|10.5555/bulk-2`,
			].sort(),
		);
		for (const r of stored) {
			const w = (await ourWorks(env, r.orcid)).find((x) => x.putCode === r.put_code);
			expect(w).toBeDefined();
		}
		const two = (await ourWorks(env, JOSIAH)).find((w) => doiOf(w) === '10.5555/bulk-2')!;
		expect(two.data.type).toBe('book');
		// the uploaded works are in the publications table too, so the sync keeps them
		const pubs = await env.db.query(
			"SELECT local_key, title, work_type FROM publications WHERE local_key LIKE 'upload|%' ORDER BY local_key",
		);
		expect(pubs.map((p) => p.title).sort()).toEqual(['Bulk one', 'Bulk three', 'Bulk two']);

		const again = await upload(xlsxFile(fixed), 'works.xlsx', XLSX_TYPE, 'Works');
		expect(again.text).toContain('0 added, 0 updated, 3 already on ORCID');
		// one history row per decision and upload: added the first time, left alone the second
		const log = await env.db.query(
			`SELECT local_key, action, reason, put_code_after::int AS after FROM orcid_sync_log
			 WHERE local_key LIKE 'upload|work|%' ORDER BY id`,
		);
		expect(log.map((r) => r.action)).toEqual([
			'create',
			'create',
			'create',
			'unchanged',
			'unchanged',
			'unchanged',
		]);
		for (const r of stored) {
			expect(log.filter((l) => l.local_key === r.local_key).map((l) => l.after)).toEqual([
				r.put_code,
				r.put_code,
			]);
		}
		for (const orcid of [JOSIAH, LAURE]) {
			const dois = (await ourWorks(env, orcid)).map(doiOf);
			expect(new Set(dois).size).toBe(dois.length);
		}
	});

	it('takes employments from a CSV file', async () => {
		const csv = [
			'orcid,organization,city,country,ror,department,role,start_date',
			`${LAURE},Example University,Berlin,DE,https://ror.org/04fa4r544,Library,Data steward,2021-04`,
		].join('\n');
		const page = await upload(Buffer.from(csv), 'employments.csv', 'text/csv', 'Employments');
		expect(rowsToFix(page.text)).toEqual([]);
		expect(page.text).toContain('1 added');
		const items = (await emulatorItems(env.emu, LAURE, 'employment')).filter(
			(i) => i.source.clientId === MEMBER.clientId,
		);
		expect(items).toHaveLength(1);
		expect(items[0].data.organization.name).toBe('Example University');
		expect(items[0].data['role-title']).toBe('Data steward');
		const [row] = await env.db.query(
			"SELECT put_code::int AS put_code, item_type FROM orcid_put_codes WHERE item_type = 'employment'",
		);
		expect(row.put_code).toBe(items[0].putCode);
	});
});

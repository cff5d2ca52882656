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
	importTemplate,
	JOSIAH,
	LAURE,
	MEMBER,
	ourWorks,
	seedResearcher,
	SOFIA,
	startTemplateEnv,
	tableRows,
	titleOf,
	type Row,
	type TemplateEnv,
} from './templates.support';
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
	const calls = (await env.emu.control('GET', `/_emulator/calls?method=${method}&since=${sinceId}`)) as Row[];
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
			{ local_key: 'pub-j1', orcid: JOSIAH, title: 'On the nature of iDs', doi: '10.5555/j1', journal: 'Journal of Identifiers', publication_date: '2021-03' },
			{ local_key: 'pub-j2', orcid: JOSIAH, title: 'Persistent people', doi: '10.5555/j2', publication_date: '2022' },
			{ local_key: 'pub-l1', orcid: LAURE, title: 'Synchronising records', doi: '10.5555/l1', work_type: 'book-chapter' },
			{ local_key: 'pub-l2', orcid: LAURE, title: 'A work of no known type', doi: '10.5555/l2', work_type: 'not-a-work-type' },
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
		const log = (await tableRows(env, 'orcid_api_log')).filter((r) => r.workflow === 'ORCID: Write publications to ORCID');
		const posts = log.filter((r) => r.method === 'POST' && /\/work$/.test(r.url));
		expect(posts.filter((r) => r.status === 201)).toHaveLength(3);
		expect(log.some((r) => r.status === 409)).toBe(true);
		assertNothingSecret(log, [...tokens, MEMBER.clientSecret]);
	});
});

describe('04 Scheduled two-way sync', () => {
	const FILE = '04-scheduled-sync.json';
	let workflowId: string;

	beforeAll(async () => {
		const row = await seedResearcher(env, SOFIA, 'u-sofia');
		tokens.push(row.accessToken, row.refreshToken);
		await env.db.query('DELETE FROM publications WHERE orcid = $1', [SOFIA]);
		await addPublications(env, [
			{ local_key: 'sync-bad', orcid: LAURE, title: 'Of no known type either', doi: '10.5555/bad', work_type: 'not-a-work-type' },
			{ local_key: 'sync-a', orcid: SOFIA, title: 'Alpha', doi: '10.5555/sync-a', publication_date: '2020' },
			{ local_key: 'sync-b', orcid: SOFIA, title: 'Beta', doi: '10.5555/sync-b', publication_date: '2021' },
			{ local_key: 'sync-c', orcid: SOFIA, title: 'Gamma', doi: '10.5555/sync-c', publication_date: '2022' },
		]);
		// an item the researcher added herself: ORCID's side only
		await env.emu.control('POST', `/_emulator/records/${SOFIA}/items`, {
			type: 'work',
			data: {
				title: { title: { value: 'My own preprint' } },
				type: 'preprint',
				'external-ids': {
					'external-id': [
						{ 'external-id-type': 'doi', 'external-id-value': '10.5555/own', 'external-id-relationship': 'self' },
					],
				},
			},
		});
		const wf = await importTemplate(env, FILE);
		workflowId = wf.id;
		await demo.activateAndWait(env.n8n, wf.id);
	}, 120_000);

	it('adds the new works, stores put codes with content hashes, collects the remote-only one', async () => {
		const run = await env.runner.run(workflowId);
		expect(run.status).toBe('success');
		const stored = await putCodes(SOFIA);
		expect(stored.map((r) => [r.local_key, r.status])).toEqual([
			['sync-a', 'created'],
			['sync-b', 'created'],
			['sync-c', 'created'],
		]);
		for (const r of stored) expect(r.content_hash).toMatch(/\S{8,}/);
		const works = await ourWorks(env, SOFIA);
		expect(works.map((w) => w.putCode).sort()).toEqual(stored.map((r) => r.put_code).sort());
		const collected = await env.db.query('SELECT * FROM orcid_collected_items WHERE orcid = $1', [SOFIA]);
		expect(collected.map((c) => c.title)).toContain('My own preprint');
		// works already on Josiah's and Laure's records (template 02) are recognised, not added again
		const written = (await putCodes()).filter((r) => r.orcid !== SOFIA);
		for (const orcid of [JOSIAH, LAURE]) {
			expect((await ourWorks(env, orcid)).map((w) => w.putCode).sort()).toEqual(
				written.filter((r) => r.orcid === orcid).map((r) => r.put_code).sort(),
			);
		}
	});

	it('updates a changed work and deletes a removed one, on ORCID and in the put code table', async () => {
		await env.db.query("UPDATE publications SET title = 'Beta, revised' WHERE local_key = 'sync-b'");
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

	it('a work the researcher deleted on ORCID is forgotten, not pushed again', async () => {
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
		expect((await putCodes(SOFIA)).find((r) => r.local_key === 'sync-b')).toMatchObject({
			put_code: null,
			status: 'forgotten',
		});
	});

	it('records the unusable work in orcid_sync_issues and logs the traffic without secrets', async () => {
		const issues = await env.db.query("SELECT * FROM orcid_sync_issues WHERE workflow = 'ORCID: Scheduled two-way sync'");
		expect(issues).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ local_key: 'sync-bad', orcid: LAURE, message: expect.stringContaining('not-a-work-type') }),
			]),
		);
		const log = (await tableRows(env, 'orcid_api_log')).filter((r) => r.workflow === 'ORCID: Scheduled two-way sync');
		expect(log.some((r) => r.method === 'GET' && r.url.endsWith(`/${SOFIA}/activities`))).toBe(true);
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

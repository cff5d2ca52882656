/**
 * ORCID Sync Diff in the real n8n engine, fetching each researcher's activities from the ORCID
 * emulator over HTTP: the acceptance scenario (a researcher who deleted one of our items, made
 * another private and added their own copy of a third) under every policy and both APIs, a
 * rerun after a crash that recovers every put code, one read per researcher, traffic records
 * without tokens, and a revoked token under Continue On Fail.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { startEmulator } from '../emulator';
import { credentialsFor, runWorkflow, type WorkflowResult } from '../harness';
import { contentHash } from '../../nodes/shared/orcid/model/contentHash';
import { employment, work } from '../unit/sync/helpers';
import { byOutput as itemsByOutput, NODE, OUTPUTS, workflow } from './syncDiff.support';

const OUR_CLIENT = 'APP-EMUMEMBER0000001';
const SCOPES = '/read-limited /activities/update';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, limits: { enabled: false } });
});
afterAll(async () => {
	await emu?.stop();
});

/** The emulator's control API (loopback only), untyped JSON. */
async function control(method: string, path: string, body?: unknown): Promise<any> {
	return (await emu.control(method, path, body)) as unknown;
}

async function sync(
	input: IDataObject[],
	parameters: IDataObject = {},
	opts: { apiType?: 'member' | 'public'; extra?: Partial<INode> } = {},
) {
	const apiType = opts.apiType ?? 'member';
	const result = await runWorkflow(
		workflow({ remoteSource: 'fetch', apiType, ...parameters }, opts.extra),
		{
			credentials: credentialsFor(emu, apiType),
			input: input.map((json) => ({ json })),
		},
	);
	return result;
}

function byOutput(result: WorkflowResult) {
	expect(result.status).toBe('success');
	return itemsByOutput(result);
}

/** localKey -> "output:reason" (remote items as remote:<put code>). */
function routes(out: Record<string, IDataObject[]>): Record<string, string> {
	const r: Record<string, string> = {};
	for (const name of OUTPUTS.slice(0, 6)) {
		for (const j of out[name]) {
			const action = j.action === name ? name : `${name}/${String(j.action)}`;
			r[(j.localKey as string | null) ?? `remote:${String(j.putCode)}`] =
				`${action}:${String(j.reason)}`;
		}
	}
	return r;
}

async function newResearcher(): Promise<{ orcid: string; token: string }> {
	const r = await control('POST', '/_emulator/researchers', {
		givenNames: 'Sync',
		familyName: 'Tester',
	});
	const t = await control('POST', '/_emulator/tokens', {
		clientId: OUR_CLIENT,
		orcid: r.orcid,
		scope: SCOPES,
	});
	return { orcid: r.orcid as string, token: t.access_token as string };
}

/** Our client writes a work through the member API, as an earlier sync (Write Item) did. */
async function postWork(orcid: string, token: string, json: IDataObject): Promise<number> {
	const res = await fetch(`${emu.memberApi}/v3.0/${orcid}/work`, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${token}`,
			'Content-Type': 'application/vnd.orcid+json',
			Accept: 'application/vnd.orcid+json',
		},
		body: JSON.stringify(json),
	});
	expect(res.status).toBe(201);
	return Number(/\/(\d+)$/.exec(res.headers.get('location') ?? '')![1]);
}

async function apiCall(
	method: 'PUT' | 'DELETE',
	orcid: string,
	token: string,
	putCode: number,
	json?: IDataObject,
) {
	const res = await fetch(`${emu.memberApi}/v3.0/${orcid}/work/${putCode}`, {
		method,
		headers: {
			Authorization: `Bearer ${token}`,
			'Content-Type': 'application/vnd.orcid+json',
			Accept: 'application/vnd.orcid+json',
		},
		body: json ? JSON.stringify(json) : undefined,
	});
	expect(res.status).toBeLessThan(300);
}

async function works(orcid: string) {
	const state = await control('GET', `/_emulator/records/${orcid}`);
	return (state.items as IDataObject[]).filter((i) => i.type === 'work');
}

async function activityReads(orcid: string): Promise<number> {
	const calls = (await control('GET', `/_emulator/calls?path=`)) as IDataObject[];
	return calls.filter((c) => String(c.path).includes(`/${orcid}/activities`)).length;
}

const doi = (v: string) => ({ type: 'doi', value: v });

/** One local work of a researcher, as a vendor's table row maps it. */
const localWork = (
	r: { orcid: string; token: string },
	localKey: string,
	title: string,
	doiValue: string,
) => ({
	orcid: r.orcid,
	accessToken: r.token,
	localKey,
	itemType: 'work',
	orcidJson: work(title, [doi(doiValue)]),
});

describe('ORCID Sync Diff fetching from the emulator', () => {
	describe('a researcher deleted one of our items, made another private, added their own copy of a third', () => {
		const w1 = work('Deleted by the researcher', [doi('10.5555/sync-one')]);
		const w2 = work('Made private by the researcher', [doi('10.5555/sync-two')]);
		const w3 = work('Copied by the researcher', [doi('10.5555/sync-three')]);
		let orcid: string;
		let token: string;
		let putCodes: number[];
		let theirCopy: number;

		beforeAll(async () => {
			({ orcid, token } = await newResearcher());
			const p1 = await postWork(orcid, token, w1);
			await apiCall('DELETE', orcid, token, p1); // what the researcher's delete leaves behind
			// ORCID keeps the item and its source when the researcher makes it private
			const p2 = (
				await control('POST', `/_emulator/records/${orcid}/items`, {
					type: 'work',
					data: w2,
					sourceClientId: OUR_CLIENT,
					visibility: 'private',
				})
			).putCode as number;
			const p3 = await postWork(orcid, token, w3);
			theirCopy = (
				await control('POST', `/_emulator/records/${orcid}/items`, {
					type: 'work',
					data: work('My own copy', [doi('https://doi.org/10.5555/SYNC-THREE')]),
				})
			).putCode as number;
			putCodes = [p1, p2, p3];
		});

		// the ledger as the last sync stored it: put codes and content hashes
		const ledger = () =>
			[w1, w2, w3].map((json, i) => ({
				orcid,
				accessToken: token,
				localKey: `w${i + 1}`,
				itemType: 'work',
				orcidJson: json,
				putCode: putCodes[i],
				contentHash: contentHash(json),
			}));

		const expectedW1 = {
			recreate: 'create:put-code-gone',
			forget: 'unchanged/forget:put-code-gone',
			report: 'conflict:put-code-gone',
		};

		for (const policy of ['recreate', 'forget', 'report'] as const) {
			it(`member API (read-limited): put-code-gone ${policy}`, async () => {
				const out = byOutput(
					await sync(ledger(), {
						options: { putCodeGone: policy, deleteRemovedLocally: true, localSetComplete: true },
					}),
				);
				expect(routes(out)).toEqual({
					w1: expectedW1[policy],
					w2: 'unchanged:same-hash',
					w3: 'unchanged:same-hash',
					[`remote:${theirCopy}`]: 'remoteOnly:other-source',
				});
				const w1Result = [...out.create, ...out.unchanged, ...out.conflict].find(
					(j) => j.localKey === 'w1',
				)!;
				expect(w1Result.previousPutCode).toBe(putCodes[0]);
				expect(out.unchanged.find((j) => j.localKey === 'w2')!.remote).toMatchObject({
					visibility: 'private',
				});
				expect(out.remoteOnly[0]).toMatchObject({ matchedLocalKey: 'w3', sourceClientId: null });
			});

			it(`public API: put-code-gone ${policy} never re-creates or forgets what it cannot see`, async () => {
				const out = byOutput(
					await sync(
						ledger(),
						// the vendor reads with its public client; its items carry the member client's id
						{ options: { putCodeGone: policy, clientId: OUR_CLIENT } },
						{ apiType: 'public' },
					),
				);
				expect(routes(out)).toEqual({
					w1: 'unchanged:not-visible',
					w2: 'unchanged:not-visible',
					w3: 'unchanged:same-hash',
					[`remote:${theirCopy}`]: 'remoteOnly:other-source',
				});
			});
		}

		it('recreate, written back: the next run writes nothing and ORCID holds one copy of each', async () => {
			const out = byOutput(await sync(ledger(), { options: { putCodeGone: 'recreate' } }));
			const create = out.create[0];
			const newPutCode = await postWork(orcid, token, create.orcidJson as IDataObject);
			const stored = ledger();
			stored[0] = { ...stored[0], putCode: newPutCode, contentHash: create.contentHash as string };
			const again = byOutput(await sync(stored, { options: { putCodeGone: 'recreate' } }));
			expect(routes(again)).toEqual({
				w1: 'unchanged:same-hash',
				w2: 'unchanged:same-hash',
				w3: 'unchanged:same-hash',
				[`remote:${theirCopy}`]: 'remoteOnly:other-source',
			});
			const dois = (await works(orcid)).map(
				(w) =>
					((w.data as IDataObject)['external-ids'] as any)['external-id'][0]['external-id-value'],
			);
			expect(dois.sort()).toEqual([
				'10.5555/sync-one',
				'10.5555/sync-three',
				'10.5555/sync-two',
				'https://doi.org/10.5555/SYNC-THREE',
			]);
		});
	});

	it('crash after ORCID accepted the writes, before put codes were stored: every put code recovered, no duplicate', async () => {
		const { orcid, token } = await newResearcher();
		const items = Array.from({ length: 6 }, (_, i) =>
			work(`Crash test ${i}`, [doi(`10.5555/crash-${i}`)]),
		);
		const local = (stored: Record<string, { putCode: number; contentHash: string }> = {}) =>
			items.map((json, i) => ({
				orcid,
				accessToken: token,
				localKey: `c${i}`,
				itemType: 'work',
				orcidJson: json,
				...(stored[`c${i}`] ?? {}),
			}));
		// the first run: everything is new
		const first = byOutput(await sync(local()));
		expect(first.create.map((j) => j.localKey)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
		// ORCID accepted every create, then the run died before the put codes were stored
		const accepted: Record<string, number> = {};
		for (const j of first.create)
			accepted[j.localKey as string] = await postWork(orcid, token, j.orcidJson as IDataObject);
		// the rerun finds every item again: no create, each put code recovered
		const rerun = byOutput(await sync(local()));
		expect(rerun.create).toEqual([]);
		expect(rerun.conflict).toEqual([]);
		expect(
			Object.fromEntries(
				rerun.update.map((j) => [
					j.localKey,
					[j.recoveredPutCode, j.putCode, (j.orcidJson as IDataObject)['put-code']],
				]),
			),
		).toEqual(Object.fromEntries(Object.entries(accepted).map(([k, pc]) => [k, [pc, pc, pc]])));
		// Write Item performs the updates (same content) and the workflow stores put codes + hashes
		const stored: Record<string, { putCode: number; contentHash: string }> = {};
		for (const j of rerun.update) {
			await apiCall('PUT', orcid, token, j.putCode as number, j.orcidJson as IDataObject);
			stored[j.localKey as string] = {
				putCode: j.putCode as number,
				contentHash: j.contentHash as string,
			};
		}
		expect(await works(orcid)).toHaveLength(6);
		const before = await activityReads(orcid);
		const third = byOutput(await sync(local(stored)));
		expect(third.unchanged.map((j) => j.localKey)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
		expect([...third.create, ...third.update, ...third.delete, ...third.conflict]).toEqual([]);
		// one read for the researcher, nothing else
		expect(await activityReads(orcid)).toBe(before + 1);
		expect(third.traffic).toHaveLength(1);
		expect(third.traffic[0]).toMatchObject({ method: 'GET', status: 200 });
		expect(String(third.traffic[0].url)).toContain(`/v3.0/${orcid}/activities`);
	});

	it('one read per researcher, traffic without tokens, every output paired', async () => {
		const a = await newResearcher();
		const b = await newResearcher();
		const input = [
			localWork(a, 'a1', 'A1', '10.5555/a1'),
			localWork(b, 'b1', 'B1', '10.5555/b1'),
			localWork(a, 'a2', 'A2', '10.5555/a2'),
		];
		const result = await sync(input);
		const out = byOutput(result);
		expect(out.create.map((j) => [j.orcid, j.localKey])).toEqual([
			[a.orcid, 'a1'],
			[a.orcid, 'a2'],
			[b.orcid, 'b1'],
		]);
		expect(result.nodes[NODE].pairedItems[0]).toEqual([{ item: 0 }, { item: 2 }, { item: 1 }]);
		expect(out.traffic.map((t) => t.url)).toEqual([
			expect.stringContaining(`/${a.orcid}/activities`),
			expect.stringContaining(`/${b.orcid}/activities`),
		]);
		expect(result.nodes[NODE].pairedItems[6]).toEqual([{ item: 0 }, { item: 1 }]);
		const text = JSON.stringify(out.traffic);
		expect(text).not.toContain(a.token);
		expect(text).not.toContain(b.token);
	});

	it("Unchanged items carry ORCID's summaries as the Traffic answer holds them: one object, unchanged", async () => {
		const r = await newResearcher();
		const jsons = [
			work('Kept one', [doi('10.5555/kept.1')]),
			work('Kept two', [doi('10.5555/kept.2')]),
		];
		const putCodes = [
			await postWork(r.orcid, r.token, jsons[0]),
			await postWork(r.orcid, r.token, jsons[1]),
		];
		const input = jsons.map((json, i) => ({
			...localWork(r, `k${i}`, '', ''),
			orcidJson: json,
			putCode: putCodes[i],
			contentHash: contentHash(json),
		}));
		const result = await sync(input);
		const out = byOutput(result);
		expect(out.unchanged.map((j) => j.localKey)).toEqual(['k0', 'k1']);
		const answer = out.traffic[0].responseBody as IDataObject;
		// what ORCID answers now (nothing changed since): the record holds it as answered
		const fresh = await fetch(`${emu.memberApi}/v3.0/${r.orcid}/activities`, {
			headers: { Authorization: `Bearer ${r.token}`, Accept: 'application/vnd.orcid+json' },
		});
		expect(answer).toEqual(await fresh.json());
		const summaries = (((answer['works'] as IDataObject)['group'] as IDataObject[]) ?? []).flatMap(
			(g) => g['work-summary'] as IDataObject[],
		);
		for (const item of out.unchanged) {
			expect(summaries.some((s) => s === item.remote)).toBe(true);
		}
		expect(JSON.stringify(out.traffic)).not.toContain(r.token);
	});

	it('a revoked token: the node fails naming the item; with Continue On Fail that researcher goes to Conflict', async () => {
		const good = await newResearcher();
		const gone = await newResearcher();
		await control('POST', '/_emulator/revoke', { token: gone.token });
		const input = [
			localWork(gone, 'x1', 'X1', '10.5555/x1'),
			localWork(good, 'g1', 'G1', '10.5555/g1'),
		];
		const failed = await sync(input);
		expect(failed.status).toBe('error');
		const out = byOutput(await sync(input, {}, { extra: { onError: 'continueRegularOutput' } }));
		expect(out.create.map((j) => j.localKey)).toEqual(['g1']);
		expect(out.conflict).toHaveLength(1);
		expect(out.conflict[0]).toMatchObject({
			action: 'error',
			reason: 'orcid-read-failed',
			localKey: 'x1',
			tokenRevoked: true,
		});
		// the token ORCID echoes in its 401 answer is in neither the error nor the traffic
		expect(JSON.stringify(out.conflict)).not.toContain(gone.token);
		expect(JSON.stringify(out.traffic)).not.toContain(gone.token);
		expect(out.traffic.map((t) => t.status)).toEqual([401, 200]);
	});
	it("Item Types to Compare: the researcher's other items are left alone, local items of other types refused", async () => {
		const { orcid, token } = await newResearcher();
		const ours = work('Synced work', [doi('10.5555/scope-one')]);
		const putCode = await postWork(orcid, token, ours);
		// our employment (written by another workflow) and the researcher's own funding
		const employmentPutCode = (
			await control('POST', `/_emulator/records/${orcid}/items`, {
				type: 'employment',
				data: employment('National Institutes of Health', 'Program Officer'),
				sourceClientId: OUR_CLIENT,
			})
		).putCode as number;
		await control('POST', `/_emulator/records/${orcid}/items`, {
			type: 'funding',
			data: { title: { title: { value: 'Own grant' } }, type: 'grant' },
		});
		const local = [
			{
				orcid,
				accessToken: token,
				localKey: 'w1',
				itemType: 'work',
				orcidJson: ours,
				putCode,
				contentHash: contentHash(ours),
			},
		];
		const options = { deleteRemovedLocally: true, localSetComplete: true };

		// without the option, every type on the record is compared: our employment is deleted
		const all = byOutput(await sync(local, { options }));
		expect(all.delete.map((j) => j.putCode)).toEqual([employmentPutCode]);
		expect(all.remoteOnly.map((j) => j.itemType)).toEqual(['funding']);

		const worksOnly = byOutput(await sync(local, { options: { ...options, itemTypes: ['work'] } }));
		expect(routes(worksOnly)).toEqual({ w1: 'unchanged:same-hash' });
		// the same from an expression ("works, peer reviews" as text), never "every type"
		const fromText = byOutput(await sync(local, { options: { ...options, itemTypes: '=works' } }));
		expect(routes(fromText)).toEqual({ w1: 'unchanged:same-hash' });
		const unknown = await sync(local, { options: { ...options, itemTypes: '=work, grants' } });
		expect(unknown.status).toBe('error');
		expect(unknown.nodes[NODE].error?.message).toBe(
			'Item Types to Compare: unknown item type "grants"',
		);
		expect(await activityReads(orcid)).toBe(3);

		const withFunding = [
			...local,
			{
				...local[0],
				localKey: 'f1',
				itemType: 'funding',
				orcidJson: {
					title: { title: { value: 'Our grant' } },
					type: 'grant',
					'external-ids': {
						'external-id': [
							{
								'external-id-type': 'grant_number',
								'external-id-value': 'R01-0001',
								'external-id-relationship': 'self',
							},
						],
					},
					organization: {
						name: 'National Institutes of Health',
						address: { city: 'Bethesda', country: 'US' },
					},
				},
			},
		];
		const refused = await sync(
			withFunding,
			{ options: { ...options, itemTypes: ['work'] } },
			{ extra: { onError: 'continueRegularOutput' } },
		);
		const out = byOutput(refused);
		expect(out.conflict).toEqual([
			expect.objectContaining({
				itemIndex: 1,
				field: 'itemType',
				error: 'Item 1, field "itemType": funding is not among the Item Types to Compare',
			}),
		]);
		// a researcher with a refused item is not complete: nothing of theirs is deleted
		expect(out.delete).toEqual([]);
		expect(out.unchanged.map((j) => j.localKey)).toEqual(['w1']);
	});
});

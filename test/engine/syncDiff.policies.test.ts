/**
 * Sync Diff's policies in the real n8n engine, reading the researcher's activities from the
 * ORCID emulator over HTTP, on one scenario: the researcher's own copy of our work, Crossref's
 * copy of another, a deleted one of ours, and a version DOI of a concept already on the record.
 * The emulator groups a record's works across sources by self and version-of identifiers as
 * ORCID does (ORCID-Source ActivitiesGroupGenerator.java); items of other sources and the
 * researcher's deletion are seeded through its control API.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { startEmulator } from '../emulator';
import { afterManualTrigger, credentialsFor, runWorkflow } from '../harness';
import { contentHash } from '../../nodes/shared/orcid/model/contentHash';
import { work } from '../unit/sync/helpers';

const NODE = 'ORCID Sync Diff';
const OUR_CLIENT = 'APP-EMUMEMBER0000001';
const CROSSREF = 'APP-CROSSREF00000001';
const OUTPUTS = ['create', 'update', 'delete', 'unchanged', 'remoteOnly', 'conflict', 'traffic'];

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emulator;
let orcid: string;
let token: string;
let deletedPutCode: number;
let conceptPutCode: number;
let ownCopy: number;
let crossrefCopy: number;

const doi = (value: string, rel = 'self') => ({ type: 'doi', value, rel });
const ours = work('Ours, and the researcher added it too', [doi('10.5555/pol-own')]);
const crossrefs = work('Another, from Crossref', [doi('10.5555/pol-crossref')]);
const deleted = work('Ours, deleted by the researcher', [doi('10.5555/pol-deleted')]);
const concept = work('A data set', [doi('10.5281/zenodo.700')]);
const version = work('A data set, version 2', [
	doi('10.5281/zenodo.702'),
	doi('10.5281/zenodo.700', 'version-of'),
]);

async function control(method: string, path: string, body?: unknown): Promise<any> {
	return (await emu.control(method, path, body)) as unknown;
}

async function postWork(json: IDataObject): Promise<number> {
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

beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, limits: { enabled: false } });
	await control('POST', '/_emulator/clients', {
		clientId: CROSSREF,
		name: 'Crossref',
		type: 'member',
	}).catch(() => undefined);
	const r = await control('POST', '/_emulator/researchers', {
		givenNames: 'Policy',
		familyName: 'Tester',
	});
	orcid = r.orcid;
	token = (
		await control('POST', '/_emulator/tokens', {
			clientId: OUR_CLIENT,
			orcid,
			scope: '/read-limited /activities/update',
		})
	).access_token;
	ownCopy = (
		await control('POST', `/_emulator/records/${orcid}/items`, { type: 'work', data: ours })
	).putCode;
	crossrefCopy = (
		await control('POST', `/_emulator/records/${orcid}/items`, {
			type: 'work',
			data: crossrefs,
			sourceClientId: CROSSREF,
		})
	).putCode;
	deletedPutCode = await postWork(deleted);
	conceptPutCode = await postWork(concept);
	// the researcher deletes our work on their record page
	await control('DELETE', `/_emulator/records/${orcid}/items/${deletedPutCode}`);
});
afterAll(async () => {
	await emu?.stop();
});

function input(ledger: Record<string, string> = {}, optOuts = ''): IDataObject[] {
	const row = (localKey: string, json: IDataObject, putCode: number | null) => ({
		orcid,
		accessToken: token,
		localKey,
		itemType: 'work',
		orcidJson: json,
		putCode,
		contentHash: putCode === null ? null : contentHash(json),
		syncState: ledger[localKey] ?? '',
		optOuts,
	});
	return [
		row('own', ours, null),
		row('crossref', crossrefs, null),
		row('deleted', deleted, deletedPutCode),
		row('concept', concept, conceptPutCode),
		row('v2', version, null),
	];
}

async function sync(options: IDataObject, items = input()) {
	const node: Partial<INode> & { parameters: IDataObject } = {
		id: 'sync',
		name: NODE,
		type: 'n8n-nodes-orcid.orcidSyncDiff',
		typeVersion: 1,
		parameters: {
			remoteSource: 'fetch',
			options: { syncState: '={{ $json.syncState }}', optOuts: '={{ $json.optOuts }}', ...options },
		},
	};
	const result = await runWorkflow(
		afterManualTrigger(node as INode, { settings: { executionOrder: 'v1' } }),
		{
			credentials: credentialsFor(emu, 'member'),
			input: items.map((json) => ({ json })),
		},
	);
	expect(result.status).toBe('success');
	const routes: Record<string, string> = {};
	const all: IDataObject[] = [];
	OUTPUTS.slice(0, 6).forEach((name, i) => {
		for (const j of result.nodes[NODE].outputs[i] ?? []) {
			all.push(j);
			const action = j.action === name ? name : `${name}/${String(j.action)}`;
			routes[(j.localKey as string | null) ?? `remote:${String(j.putCode)}`] =
				`${action}:${String(j.reason)}`;
		}
	});
	return { routes, byKey: (k: string) => all.find((j) => j.localKey === k)! };
}

describe('Sync Diff policies against the emulator: own copy, Crossref copy, a deleted one, a version of a concept', () => {
	it('defaults: ours beside the others, the deletion kept, the version folded into its concept', async () => {
		const { routes, byKey } = await sync({});
		expect(routes).toEqual({
			own: 'create:new',
			crossref: 'create:new',
			deleted: 'unchanged/do-not-send:researcher-deleted',
			concept: 'unchanged:same-hash',
			v2: 'unchanged:version-of-concept',
			[`remote:${ownCopy}`]: 'remoteOnly:other-source',
			[`remote:${crossrefCopy}`]: 'remoteOnly:other-source',
		});
		expect(byKey('deleted').previousPutCode).toBe(deletedPutCode);
		expect(byKey('v2')).toMatchObject({
			conceptLocalKey: 'concept',
			conceptPutCode,
			putCode: null,
		});
	});

	it('Skip If Any Source Has It: the copies held, each naming the other put code and client id', async () => {
		const { routes, byKey } = await sync({ otherSources: 'skipIfAny' });
		expect([routes.own, routes.crossref]).toEqual([
			'unchanged:held-by-other-source',
			'unchanged:held-by-other-source',
		]);
		expect(byKey('own')).toMatchObject({ heldByPutCode: ownCopy, heldBySourceClientId: null });
		expect(byKey('crossref')).toMatchObject({
			heldByPutCode: crossrefCopy,
			heldBySourceClientId: CROSSREF,
		});
	});

	it('Skip If a Trusted Source Has It: only Crossref is trusted', async () => {
		const { routes } = await sync({ otherSources: 'skipIfTrusted', trustedSources: CROSSREF });
		expect([routes.own, routes.crossref]).toEqual(['create:new', 'unchanged:held-by-other-source']);
	});

	it('the ledger says researcher-deleted: never sent, even with Put Code Gone: Recreate', async () => {
		expect((await sync({ putCodeGone: 'recreate' })).routes.deleted).toBe('create:put-code-gone');
		const { routes } = await sync(
			{ putCodeGone: 'recreate' },
			input({ deleted: 'researcher-deleted' }),
		);
		expect(routes.deleted).toBe('unchanged:researcher-deleted');
	});

	it('A Work per Version, Grouped: the version is its own work, beside its concept', async () => {
		const { routes } = await sync({ versions: 'perVersion' });
		expect([routes.concept, routes.v2]).toEqual(['unchanged:same-hash', 'create:new']);
	});

	it('the researcher opted out of works: nothing created, updated or deleted', async () => {
		const { routes } = await sync(
			{ deleteRemovedLocally: true, localSetComplete: true },
			input({}, 'work'),
		);
		for (const k of ['own', 'crossref', 'v2'])
			expect(routes[k]).toBe('unchanged:researcher-opted-out');
		expect(Object.values(routes).filter((r) => /^(create|update|delete)/.test(r))).toEqual([]);
	});
});

/**
 * The sync engine with its policies, on the scenario: the researcher's own copy of our
 * work, Crossref's copy of another, a deleted one of ours, a version DOI of a concept already on
 * the record; a concept with three versions under both Versions choices; opt-outs.
 */
import {
	diffResearcher,
	type LocalItem,
	type SyncDiffOptions,
} from '../../../nodes/OrcidSyncDiff/diff';
import { flattenRemote } from '../../../nodes/OrcidSyncDiff/remote';
import { activities, byKey, local, ORCID, OUR_CLIENT, summary, summaryOf, work } from './helpers';

const CROSSREF = 'APP-CROSSREF00000001';
/** The node's defaults (the engine's own are the older behaviour). */
const NODE: Partial<SyncDiffOptions> = { putCodeGone: 'keep', versions: 'concept' };
const doi = (v: string, rel = 'self') => ({ type: 'doi', value: v, rel });

function run(
	locals: LocalItem[],
	remote: Array<{ itemType: any; summary: any }>,
	o: Partial<SyncDiffOptions> = {},
	side: { optOuts?: Set<string>; localComplete?: boolean } = {},
) {
	return diffResearcher(
		{ orcid: ORCID, local: locals, remote: flattenRemote(activities(remote)), ref: 'R', ...side },
		{ clientId: OUR_CLIENT, ...NODE, ...o },
	);
}

// the scenario
const ownCopy = work('Ours, copied by the researcher', [doi('10.1/own')]);
const crossrefs = work('Another, from Crossref', [doi('10.1/crossref')]);
const deleted = work('Deleted by the researcher', [doi('10.1/deleted')]);
const concept = work('Data set', [doi('10.5281/zenodo.100')]);
const version2 = work('Data set', [
	doi('10.5281/zenodo.102'),
	doi('10.5281/zenodo.100', 'version-of'),
]);

const remote = [
	{ itemType: 'work', summary: summary('work', ownCopy, 11, { clientId: null, orcid: ORCID }) },
	{ itemType: 'work', summary: summary('work', crossrefs, 12, { clientId: CROSSREF }) },
	{ itemType: 'work', summary: summary('work', concept, 13) },
];
const locals = () => [
	local('own', ownCopy),
	local('crossref', crossrefs),
	local('deleted', deleted, { putCode: 14, hash: 'current' }),
	local('concept', concept, { putCode: 13, hash: 'current' }),
	local('v2', version2),
];

describe('the scenario under each policy', () => {
	it('defaults: ours created beside other sources, the deletion kept, the version folded into its concept', () => {
		const res = run(locals(), remote);
		expect(summaryOf(res)).toEqual({
			own: 'create:new',
			crossref: 'create:new',
			deleted: 'unchanged/do-not-send:researcher-deleted',
			concept: 'unchanged:same-hash',
			v2: 'unchanged:version-of-concept',
			'remote:work:11': 'remoteOnly:other-source',
			'remote:work:12': 'remoteOnly:other-source',
		});
		const r = byKey(res);
		expect(r.deleted.previousPutCode).toBe(14);
		expect(r.deleted.putCode).toBeNull();
		expect(r.v2.conceptLocalKey).toBe('concept');
		expect(r.v2.conceptPutCode).toBe(13);
		expect(r.v2.putCode).toBeNull();
	});

	it('Skip If Any Source Has It: both copies held, with the other source put code and client id', () => {
		const r = byKey(run(locals(), remote, { otherSources: 'skipIfAny' }));
		expect([r.own.output, r.own.reason, r.own.heldByPutCode, r.own.heldBySourceClientId]).toEqual([
			'unchanged',
			'held-by-other-source',
			11,
			null,
		]);
		expect([r.crossref.reason, r.crossref.heldByPutCode, r.crossref.heldBySourceClientId]).toEqual([
			'held-by-other-source',
			12,
			CROSSREF,
		]);
	});

	it('Skip If a Trusted Source Has It: only the trusted source holds an item back', () => {
		const crossref = byKey(
			run(locals(), remote, { otherSources: 'skipIfTrusted', trustedSources: [CROSSREF] }),
		);
		expect(summaryOf(Object.values(crossref)).own).toBe('create:new');
		expect(crossref.crossref.reason).toBe('held-by-other-source');
		const researcher = byKey(
			run(locals(), remote, { otherSources: 'skipIfTrusted', trustedSources: ['researcher'] }),
		);
		expect(researcher.own.reason).toBe('held-by-other-source');
		expect(researcher.crossref.output).toBe('create');
	});

	it('works grouped as ORCID groups them count as the same item (a version-of link to the other copy)', () => {
		const preprint = work('Preprint', [doi('10.1/pre'), doi('10.1/crossref', 'version-of')]);
		const r = byKey(
			run([local('pre', preprint)], remote, { otherSources: 'skipIfAny', versions: 'perVersion' }),
		);
		expect([r.pre.reason, r.pre.heldByPutCode]).toEqual(['held-by-other-source', 12]);
	});

	it('Put Code Gone: Recreate writes the deleted item back; Report sends it to Conflict', () => {
		expect(summaryOf(run(locals(), remote, { putCodeGone: 'recreate' })).deleted).toBe(
			'create:put-code-gone',
		);
		expect(summaryOf(run(locals(), remote, { putCodeGone: 'report' })).deleted).toBe(
			'conflict:put-code-gone',
		);
	});

	it('a researcher-deleted item in the ledger is never sent again, whatever the policy or its content', () => {
		for (const putCodeGone of ['keep', 'recreate', 'report', 'forget'] as const) {
			const items = locals();
			items[2] = {
				...local('deleted', work('Deleted, edited since', [doi('10.1/deleted')]), { putCode: 14 }),
				ledger: 'researcher-deleted',
			};
			const r = byKey(run(items, remote, { putCodeGone }));
			expect(`${r.deleted.output}/${r.deleted.action}:${r.deleted.reason}`).toBe(
				'unchanged/unchanged:researcher-deleted',
			);
			// cleared by staff (template 15: active again, put code and hash forgotten): sent anew
			items[2] = { ...items[2], ledger: 'active', putCode: null, contentHash: null };
			expect(summaryOf(run(items, remote, { putCodeGone })).deleted).toBe('create:new');
		}
	});

	it('opted-out types: nothing created, updated or deleted, reason researcher-opted-out', () => {
		const items = locals();
		items[3] = local('concept', work('Data set, renamed', [doi('10.5281/zenodo.100')]), {
			putCode: 13,
			hash: 'x',
		});
		const res = run(
			items,
			remote,
			{ deleteRemovedLocally: true },
			{ optOuts: new Set(['work']), localComplete: true },
		);
		for (const r of res) expect(['create', 'update', 'delete']).not.toContain(r.output);
		const r = byKey(res);
		expect(r.own.reason).toBe('researcher-opted-out');
		expect(r.concept.reason).toBe('researcher-opted-out');
		// our work nobody claims any more is not deleted either
		const unclaimed = byKey(
			run(
				[],
				remote,
				{ deleteRemovedLocally: true },
				{ optOuts: new Set(['work']), localComplete: true },
			),
		);
		expect(summaryOf(Object.values(unclaimed))['remote:work:13']).toBe(
			'remoteOnly:researcher-opted-out',
		);
	});
});

describe('Versions: a concept and three versions (Zenodo)', () => {
	const c = work('Data set', [doi('10.5281/zenodo.100')]);
	const v = (n: number) =>
		work(`Data set v${n}`, [
			doi(`10.5281/zenodo.10${n}`),
			doi('https://doi.org/10.5281/zenodo.100', 'version-of'),
		]);
	const all = () => [local('v1', v(1)), local('c', c), local('v2', v(2)), local('v3', v(3))];

	it('One Work for the Concept: one create, the versions wait on it; next run nothing is written', () => {
		const res = run(all(), []);
		expect(summaryOf(res)).toEqual({
			v1: 'unchanged:version-of-concept',
			c: 'create:new',
			v2: 'unchanged:version-of-concept',
			v3: 'unchanged:version-of-concept',
		});
		expect(res[0].conceptPutCode).toBeNull();
		// ORCID gave the concept put code 50
		const items = all();
		items[1] = local('c', c, { putCode: 50, hash: 'current' });
		const again = run(items, [{ itemType: 'work', summary: summary('work', c, 50) }]);
		expect(summaryOf(again)).toEqual({
			v1: 'unchanged:version-of-concept',
			c: 'unchanged:same-hash',
			v2: 'unchanged:version-of-concept',
			v3: 'unchanged:version-of-concept',
		});
		expect(again.map((r) => r.conceptPutCode)).toEqual([50, undefined, 50, 50]);
	});

	it('One Work for the Concept, versions only: the first stands for the others', () => {
		expect(summaryOf(run([local('v1', v(1)), local('v2', v(2))], []))).toEqual({
			v1: 'create:new',
			v2: 'unchanged:version-of-concept',
		});
	});

	it('A Work per Version, Grouped: a work per version, matched by its own DOI, none refused', () => {
		const res = run(all(), [{ itemType: 'work', summary: summary('work', c, 50) }], {
			versions: 'perVersion',
		});
		expect(summaryOf(res)).toEqual({
			v1: 'create:new',
			c: 'update:put-code-recovered',
			v2: 'create:new',
			v3: 'create:new',
		});
		// the next run, every version on the record with its put code: nothing to write
		const onOrcid = [c, v(1), v(2), v(3)].map((json, i) => ({
			itemType: 'work',
			summary: summary('work', json, 50 + i),
		}));
		const stored = [
			local('v1', v(1), { putCode: 51, hash: 'current' }),
			local('c', c, { putCode: 50, hash: 'current' }),
			local('v2', v(2), { putCode: 52, hash: 'current' }),
			local('v3', v(3), { putCode: 53, hash: 'current' }),
		];
		expect(Object.values(summaryOf(run(stored, onOrcid, { versions: 'perVersion' })))).toEqual(
			Array(4).fill('unchanged:same-hash'),
		);
	});
});

/** Counterexamples fast-check found for policies.property.test.ts, pinned. */
describe('counterexamples of the property tests', () => {
	it('Keep Deleted: the researcher deleted the concept work our version stood for; another work of ours with the version DOI is not updated in its place', () => {
		const v = work('Alpha', [doi('10.1/a'), doi('10.9/k', 'version-of')]);
		// ours: the version's own DOI (put code 2); the concept's work (put code 4) is gone
		const onOrcid = [
			{ itemType: 'work', summary: summary('work', work('Alpha', [doi('10.1/a')]), 2) },
		];
		const r = byKey(run([local('v', v, { putCode: 4 })], onOrcid));
		expect(`${r.v.output}/${r.v.action}:${r.v.reason}`).toBe(
			'unchanged/do-not-send:researcher-deleted',
		);
		expect([r.v.putCode, r.v.previousPutCode]).toEqual([null, 4]);
		// recovering a put code stays for the other policies
		expect(
			summaryOf(run([local('v', v, { putCode: 4 })], onOrcid, { putCodeGone: 'report' })).v,
		).toBe('update:put-code-recovered');
	});

	it('Skip If a Trusted Source Has It: a work of ours that this run deletes bridges no group', () => {
		const concept = work('Alpha', [doi('10.9/k')]);
		// our version work links 10.9/k to Crossref's 10.1/a; the local set no longer has it
		const onOrcid = [
			{
				itemType: 'work',
				summary: summary('work', work('Alpha', [doi('10.1/a'), doi('10.9/k', 'version-of')]), 1),
			},
			{
				itemType: 'work',
				summary: summary('work', work('Alpha', [doi('10.1/a')]), 2, { clientId: CROSSREF }),
			},
		];
		const o = {
			otherSources: 'skipIfTrusted',
			trustedSources: [CROSSREF],
			versions: 'perVersion',
			deleteRemovedLocally: true,
		} as const;
		const res = summaryOf(run([local('k', concept)], onOrcid, o, { localComplete: true }));
		// not held now and created next run: it waits for the delete (ORCID's bulk rule counts
		// our version-of as taken), then is created
		expect(res).toMatchObject({
			k: 'conflict:duplicate-local-ids',
			'remote:work:1': 'delete:removed-locally',
		});
		// kept (no delete): the group stands, and the item is held every run
		const kept = summaryOf(
			run([local('k', concept)], onOrcid, { ...o, deleteRemovedLocally: false }),
		);
		expect(kept.k).toBe('unchanged:held-by-other-source');
	});
});

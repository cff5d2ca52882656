import {
	diffAll,
	diffResearcher,
	type LocalItem,
	type SyncDiffOptions,
} from '../../../nodes/OrcidSyncDiff/diff';
import { flattenRemote } from '../../../nodes/OrcidSyncDiff/remote';
import { contentHash } from '../../../nodes/shared/orcid/model/contentHash';
import {
	activities,
	byKey,
	employment,
	local,
	ORCID,
	OTHER_CLIENT,
	OUR_CLIENT,
	summary,
	summaryOf,
	work,
} from './helpers';

const doi = (v: string, rel = 'self') => ({ type: 'doi', value: v, rel });
const opts = (o: Partial<SyncDiffOptions> = {}): SyncDiffOptions => ({
	clientId: OUR_CLIENT,
	...o,
});

function run(
	locals: LocalItem[],
	remoteSummaries: Array<{ itemType: any; summary: any }>,
	o: Partial<SyncDiffOptions> = {},
	side: { localComplete?: boolean; remoteComplete?: boolean } = {},
) {
	return diffResearcher(
		{
			orcid: ORCID,
			local: locals,
			remote: flattenRemote(activities(remoteSummaries)),
			ref: 'R',
			...side,
		},
		opts(o),
	);
}

describe('sync diff: matching', () => {
	const a = work('Alpha', [doi('10.1/A')]);
	const b = work('Beta', [doi('10.1/b')]);

	it('new local items are created, without a put code in the JSON', () => {
		const res = run([local('a', { ...a, 'put-code': 99 })], []);
		expect(summaryOf(res)).toEqual({ a: 'create:new' });
		expect(res[0].json).toEqual(a);
		expect(res[0].putCode).toBeNull();
		expect(res[0].contentHash).toBe(contentHash(a));
		expect(res[0].orcid).toBe(ORCID);
		expect(res[0].itemType).toBe('work');
	});

	it('stored put code and same hash: unchanged; changed hash: update with the put code in the JSON', () => {
		const remote = [
			{ itemType: 'work', summary: summary('work', a, 11) },
			{ itemType: 'work', summary: summary('work', b, 12) },
		];
		const res = run(
			[
				local('a', a, { putCode: 11, hash: 'current' }),
				local('b', { ...b, type: 'preprint' }, { putCode: 12, hash: contentHash(b) }),
			],
			remote,
		);
		expect(summaryOf(res)).toEqual({ a: 'unchanged:same-hash', b: 'update:changed' });
		expect(res[0].json).toBeNull();
		expect(res[0].putCode).toBe(11);
		expect(res[0].remote!['put-code']).toBe(11);
		expect(res[1].json).toEqual({ ...b, type: 'preprint', 'put-code': 12 });
		expect(res[1].putCode).toBe(12);
		expect(res[1].matchedBy).toBe('put-code');
	});

	it('a put code with no stored hash is updated (we cannot know what ORCID has)', () => {
		const res = run(
			[local('a', a, { putCode: 11 })],
			[{ itemType: 'work', summary: summary('work', a, 11) }],
		);
		expect(summaryOf(res)).toEqual({ a: 'update:no-stored-hash' });
	});

	it('a local item without a put code that matches one of OUR items by DOI recovers the put code', () => {
		const res = run(
			[
				local('a', work('Alpha', [doi('https://doi.org/10.1/a')])),
				local('b', b, { hash: 'stale' }),
			],
			[
				{ itemType: 'work', summary: summary('work', a, 11) },
				{ itemType: 'work', summary: summary('work', b, 12) },
			],
		);
		expect(summaryOf(res)).toEqual({
			a: 'update:put-code-recovered',
			b: 'update:put-code-recovered',
		});
		expect(res[0].recoveredPutCode).toBe(11);
		expect(res[0].putCode).toBe(11);
		expect(res[0].json!['put-code']).toBe(11);
		expect(res[0].matchedBy).toBe('external-id');
		expect(res[1].recoveredPutCode).toBe(12);
	});

	it('a forgotten item (no put code, stored hash = current hash) claims nothing', () => {
		const res = run(
			[local('b', b, { hash: 'current' })],
			[{ itemType: 'work', summary: summary('work', b, 12) }],
		);
		expect(summaryOf(res)).toEqual({
			b: 'unchanged:forgotten',
			'remote:work:12': 'remoteOnly:not-claimed',
		});
	});

	it('version-of identifies the item; part-of and funded-by never do', () => {
		const remote = [
			{ itemType: 'work', summary: summary('work', work('V', [doi('10.1/v', 'version-of')]), 11) },
			{
				itemType: 'work',
				summary: summary(
					'work',
					work('J', [{ type: 'issn', value: '1741-4857', rel: 'part-of' }, doi('10.1/j1')]),
					12,
				),
			},
			{
				itemType: 'work',
				summary: summary(
					'work',
					work('G', [{ type: 'grant_number', value: 'G1', rel: 'funded-by' }, doi('10.1/g1')]),
					13,
				),
			},
		];
		const res = run(
			[
				local('v', work('V2', [doi('10.1/v')])),
				local(
					'j',
					work('J2', [{ type: 'issn', value: '17414857', rel: 'part-of' }, doi('10.1/j2')]),
				),
				local(
					'g',
					work('G2', [{ type: 'grant_number', value: 'G1', rel: 'funded-by' }, doi('10.1/g2')]),
				),
			],
			remote,
		);
		expect(summaryOf(res)).toEqual({
			v: 'update:put-code-recovered',
			j: 'create:new',
			g: 'create:new',
			'remote:work:12': 'remoteOnly:not-claimed',
			'remote:work:13': 'remoteOnly:not-claimed',
		});
	});

	it('identifiers match only within one item type', () => {
		const f = {
			title: { title: { value: 'Alpha' } },
			type: 'grant',
			'external-ids': a['external-ids'],
		};
		const res = run(
			[local('f', f, { itemType: 'funding' })],
			[{ itemType: 'work', summary: summary('work', a, 11) }],
		);
		expect(summaryOf(res)).toEqual({ f: 'create:new', 'remote:work:11': 'remoteOnly:not-claimed' });
	});

	it('a put code is claimed before identifiers, across the whole local set', () => {
		// 'x' comes first and has the same DOI, but 'a' owns put code 11.
		const res = run(
			[
				local('x', work('Alpha again', [doi('10.1/a')])),
				local('a', a, { putCode: 11, hash: 'current' }),
			],
			[{ itemType: 'work', summary: summary('work', a, 11) }],
		);
		expect(summaryOf(res)).toEqual({ x: 'conflict:already-claimed', a: 'unchanged:same-hash' });
		expect(byKey(res).x.claimedBy).toBe('a');
	});

	it("another source's item is never matched, updated or deleted: remote only, and we still create", () => {
		const theirs = summary('work', a, 50, { clientId: null, orcid: ORCID });
		const res = run(
			[local('a', a)],
			[{ itemType: 'work', summary: theirs }],
			{ deleteRemovedLocally: true },
			{ localComplete: true },
		);
		expect(summaryOf(res)).toEqual({
			a: 'create:new',
			'remote:work:50': 'remoteOnly:other-source',
		});
		const remoteOnly = byKey(res)['remote:work:50'];
		expect(remoteOnly.matchedLocalKey).toBe('a');
		expect(remoteOnly.sourceClientId).toBeNull();
		expect(remoteOnly.remote).toBe(theirs);
		expect(remoteOnly.ref).toBe('R');
	});

	it('a stored put code that belongs to another source is a conflict, never an update', () => {
		const res = run(
			[local('a', a, { putCode: 50, hash: 'old' })],
			[{ itemType: 'work', summary: summary('work', a, 50, { clientId: OTHER_CLIENT }) }],
		);
		expect(summaryOf(res)).toEqual({
			a: 'conflict:put-code-not-ours',
			'remote:work:50': 'remoteOnly:other-source',
		});
	});

	it('title + type + year matching is off by default, and never pairs items that both have ids', () => {
		const e = employment('ORCID', 'Engineer');
		const remote = [
			{ itemType: 'employment', summary: summary('employment', e, 21) },
			{ itemType: 'work', summary: summary('work', work('Same Title', [doi('10.1/x')]), 11) },
		];
		const locals = [
			local(
				'e',
				{ ...employment('orcid', 'engineer'), 'department-name': undefined },
				{ itemType: 'employment' },
			),
			local('w', work('same  title!', [doi('10.1/y')])),
		];
		expect(summaryOf(run(locals, remote))).toEqual({
			e: 'create:new',
			w: 'create:new',
			'remote:employment:21': 'remoteOnly:not-claimed',
			'remote:work:11': 'remoteOnly:not-claimed',
		});
		const res = run(locals, remote, { matchByTitle: true });
		expect(summaryOf(res)).toEqual({
			e: 'update:put-code-recovered',
			w: 'create:new',
			'remote:work:11': 'remoteOnly:not-claimed',
		});
		expect(res[0].matchedBy).toBe('title');
		// a different year or type is a different item
		const other = run(
			[local('e', employment('ORCID', 'Engineer', '2018'), { itemType: 'employment' })],
			remote.slice(0, 1),
			{
				matchByTitle: true,
			},
		);
		expect(summaryOf(other)['e']).toBe('create:new');
		const noIds = work('Same Title', []);
		const byTitle = run([local('n', noIds)], remote.slice(1), { matchByTitle: true });
		expect(summaryOf(byTitle)).toEqual({ n: 'update:put-code-recovered' });
	});

	it('duplicate local keys and duplicate identifiers among new items are conflicts', () => {
		const res = run(
			[local('a', a), local('a', b), local('c', work('Alpha 2', [doi('10.1/a')]))],
			[],
		);
		expect(res.map((r) => `${r.localKey}:${r.output}:${r.reason}`)).toEqual([
			'a:create:new',
			'a:conflict:duplicate-local-key',
			'c:conflict:duplicate-local-ids',
		]);
		expect(res[2].claimedBy).toBe('a');
	});

	it('two local items with one stored put code: the second is a conflict', () => {
		const res = run(
			[
				local('a', a, { putCode: 11, hash: 'current' }),
				local('a2', a, { putCode: 11, hash: 'current' }),
			],
			[{ itemType: 'work', summary: summary('work', a, 11) }],
		);
		expect(summaryOf(res)).toEqual({ a: 'unchanged:same-hash', a2: 'conflict:put-code-claimed' });
	});
});

describe('sync diff: deletion policy', () => {
	const a = work('Alpha', [doi('10.1/a')]);
	const gone = work('Gone locally', [doi('10.1/gone')]);
	const remote = [
		{ itemType: 'work', summary: summary('work', a, 11) },
		{ itemType: 'work', summary: summary('work', gone, 12) },
		{
			itemType: 'work',
			summary: summary('work', work('Theirs', [doi('10.1/t')]), 13, {
				clientId: null,
				orcid: ORCID,
			}),
		},
	];
	const locals = [local('a', a, { putCode: 11, hash: 'current' })];

	it("on, with a complete local set: our unclaimed items are deleted, others' are not", () => {
		const res = run(locals, remote, { deleteRemovedLocally: true }, { localComplete: true });
		expect(summaryOf(res)).toEqual({
			a: 'unchanged:same-hash',
			'remote:work:12': 'delete:removed-locally',
			'remote:work:13': 'remoteOnly:other-source',
		});
		const del = byKey(res)['remote:work:12'];
		expect(del.putCode).toBe(12);
		expect(del.localKey).toBeNull();
		expect(del.sourceClientId).toBe(OUR_CLIENT);
	});

	it('on, without the caller vouching for a complete local set: nothing is deleted', () => {
		const res = run(locals, remote, { deleteRemovedLocally: true });
		expect(summaryOf(res)['remote:work:12']).toBe('remoteOnly:not-claimed');
	});

	it('off: our unclaimed items are reported as remote only', () => {
		const res = run(locals, remote, { deleteRemovedLocally: false }, { localComplete: true });
		expect(summaryOf(res)['remote:work:12']).toBe('remoteOnly:not-claimed');
	});

	it('a researcher with no local items left: every item of ours is deleted', () => {
		const res = run([], remote, { deleteRemovedLocally: true }, { localComplete: true });
		expect(res.filter((r) => r.output === 'delete').map((r) => r.putCode)).toEqual([11, 12]);
	});

	it('our duplicates on ORCID (same DOI twice) heal: one is claimed, the other deleted', () => {
		const res = run(
			[local('a', a)],
			[
				{ itemType: 'work', summary: summary('work', a, 11) },
				{ itemType: 'work', summary: summary('work', a, 14) },
			],
			{ deleteRemovedLocally: true },
			{ localComplete: true },
		);
		expect(summaryOf(res)).toEqual({
			a: 'update:put-code-recovered',
			'remote:work:14': 'delete:removed-locally',
		});
	});
});

describe('sync diff: a stored put code gone from ORCID', () => {
	const a = work('Alpha', [doi('10.1/a')]);
	const locals = () => [local('a', a, { putCode: 11, hash: 'current' })];

	it('report (default): conflict put-code-gone, nothing written', () => {
		const res = run(locals(), []);
		expect(summaryOf(res)).toEqual({ a: 'conflict:put-code-gone' });
		expect(res[0].previousPutCode).toBe(11);
		expect(res[0].json).toBeNull();
	});

	it('recreate: create with the previous put code noted', () => {
		const res = run(locals(), [], { putCodeGone: 'recreate' });
		expect(summaryOf(res)).toEqual({ a: 'create:put-code-gone' });
		expect(res[0].previousPutCode).toBe(11);
		expect(res[0].json).toEqual(a);
		expect(res[0].putCode).toBeNull();
	});

	it('forget: on the unchanged output with action forget and the put code cleared; stays forgotten', () => {
		const res = run(locals(), [], { putCodeGone: 'forget' });
		expect(summaryOf(res)).toEqual({ a: 'unchanged/forget:put-code-gone' });
		expect(res[0].putCode).toBeNull();
		expect(res[0].contentHash).toBe(contentHash(a));
		// the workflow stores putCode null + contentHash: the next run leaves it alone ...
		const next = run([local('a', a, { putCode: null, hash: res[0].contentHash })], [], {
			putCodeGone: 'forget',
		});
		expect(summaryOf(next)).toEqual({ a: 'unchanged:forgotten' });
		// ... until the local item changes
		const changed = run([local('a', { ...a, type: 'preprint' }, { hash: res[0].contentHash })], []);
		expect(summaryOf(changed)).toEqual({ a: 'create:new' });
	});

	it('any policy: the item found again under another put code of ours is recovered, not re-created', () => {
		for (const putCodeGone of ['recreate', 'forget', 'report'] as const) {
			const res = run(locals(), [{ itemType: 'work', summary: summary('work', a, 77) }], {
				putCodeGone,
			});
			expect(summaryOf(res)).toEqual({ a: 'unchanged:put-code-recovered' });
			expect(res[0].recoveredPutCode).toBe(77);
			expect(res[0].previousPutCode).toBe(11);
			expect(res[0].putCode).toBe(77);
		}
	});

	it('a public (incomplete) read never calls a put code gone: it may be private', () => {
		for (const putCodeGone of ['recreate', 'forget', 'report'] as const) {
			const res = run(locals(), [], { putCodeGone }, { remoteComplete: false });
			expect(summaryOf(res)).toEqual({ a: 'unchanged:not-visible' });
			expect(res[0].putCode).toBe(11);
			const changed = run(
				[local('a', { ...a, type: 'preprint' }, { putCode: 11, hash: contentHash(a) })],
				[],
				{ putCodeGone },
				{ remoteComplete: false },
			);
			expect(summaryOf(changed)).toEqual({ a: 'update:not-visible' });
			expect(changed[0].json!['put-code']).toBe(11);
		}
	});
});

describe('scenario: the researcher deleted one of our items, made another private, added their own copy of a third', () => {
	const w1 = work('Deleted by the researcher', [doi('10.5555/one')]);
	const w2 = work('Made private', [doi('10.5555/two')]);
	const w3 = work('Copied by the researcher', [doi('10.5555/three')]);
	const locals = () => [
		local('w1', w1, { putCode: 101, hash: 'current' }),
		local('w2', w2, { putCode: 102, hash: 'current' }),
		local('w3', w3, { putCode: 103, hash: 'current' }),
	];
	const theirCopy = summary(
		'work',
		work('Copied by the researcher (my copy)', [doi('https://doi.org/10.5555/THREE')]),
		200,
		{
			clientId: null,
			orcid: ORCID,
		},
	);
	// What a member read with /read-limited shows: w2 still there (private, we are its source).
	const memberRead = [
		{ itemType: 'work', summary: summary('work', w2, 102, undefined, 'private') },
		{ itemType: 'work', summary: summary('work', w3, 103) },
		{ itemType: 'work', summary: theirCopy },
	];
	// What a public read shows: private items are left out.
	const publicRead = memberRead.filter((r) => r.summary.visibility === 'public');

	const expected = {
		recreate: { w1: 'create:put-code-gone' },
		forget: { w1: 'unchanged/forget:put-code-gone' },
		report: { w1: 'conflict:put-code-gone' },
	};

	for (const policy of ['recreate', 'forget', 'report'] as const) {
		for (const deleteRemovedLocally of [false, true]) {
			it(`member read, put-code-gone ${policy}, delete ${deleteRemovedLocally ? 'on' : 'off'}`, () => {
				const res = run(
					locals(),
					memberRead,
					{ putCodeGone: policy, deleteRemovedLocally },
					{ localComplete: true },
				);
				expect(summaryOf(res)).toEqual({
					...expected[policy],
					w2: 'unchanged:same-hash',
					w3: 'unchanged:same-hash',
					'remote:work:200': 'remoteOnly:other-source',
				});
				expect(byKey(res)['remote:work:200'].matchedLocalKey).toBe('w3');
				expect(byKey(res).w2.remote!.visibility).toBe('private');
			});

			it(`public read, put-code-gone ${policy}, delete ${deleteRemovedLocally ? 'on' : 'off'}`, () => {
				const res = run(
					locals(),
					publicRead,
					{ putCodeGone: policy, deleteRemovedLocally },
					{ localComplete: true, remoteComplete: false },
				);
				expect(summaryOf(res)).toEqual({
					w1: 'unchanged:not-visible',
					w2: 'unchanged:not-visible',
					w3: 'unchanged:same-hash',
					'remote:work:200': 'remoteOnly:other-source',
				});
			});
		}
	}
});

describe('sync diff: many researchers', () => {
	it('diffAll keeps researchers apart and in order', () => {
		const a = work('Alpha', [doi('10.1/a')]);
		const res = diffAll(
			[
				{ orcid: '0000-0001-5109-3700', local: [local('a', a)], remote: [] },
				{
					orcid: ORCID,
					local: [],
					remote: flattenRemote(
						activities([{ itemType: 'work', summary: summary('work', a, 11) }]),
					),
				},
			],
			opts(),
		);
		expect(res.map((r) => `${r.orcid}:${r.output}`)).toEqual([
			'0000-0001-5109-3700:create',
			`${ORCID}:remoteOnly`,
		]);
	});
});

/**
 * Property tests (fast-check) of the sync with its policies, against a small model of ORCID:
 * with any mix of other sources' items (the researcher's, Crossref's, DataCite's), trusted
 * lists, opt-outs, versions and items the researcher deleted,
 * - applying a run's outputs (writes, put codes, hashes, the do-not-send ledger) and diffing
 *   again yields no write;
 * - an opted-out item or one the ledger holds as researcher-deleted is never in Create or
 *   Update (nor deleted), and no write touches another source's item;
 * - ORCID never refuses a create as a duplicate (bulk rule: a new self identifier that one of
 *   our works carries as self or version-of; ORCID-Source WorkManagerImpl.createWorks).
 */
import fc from 'fast-check';
import {
	diffResearcher,
	type LocalItem,
	type PutCodeGonePolicy,
	type SyncDiffOptions,
	type SyncDiffResult,
} from '../../../nodes/OrcidSyncDiff/diff';
import { foldedVersions } from '../../../nodes/OrcidSyncDiff/engine/policies';
import { flattenRemote } from '../../../nodes/OrcidSyncDiff/remote';
import { externalIdsOf } from '../../../nodes/shared/orcid/identity';
import { contentHash } from '../../../nodes/shared/orcid/model/contentHash';
import { matchingExternalIdKeys } from '../../../nodes/shared/orcid/model/externalIds';
import type { ActivityType as ItemType } from '../../../nodes/shared/orcid/model/itemTypes';
import { selfKeysOf } from '../../../nodes/OrcidSyncDiff/policy/versions';
import { activities, employment, ORCID, OUR_CLIENT, summary, work } from './helpers';

type Json = Record<string, any>;
const CROSSREF = 'APP-CROSSREF00000001';
const DATACITE = 'APP-DATACITE00000001';
type Source = 'ours' | 'crossref' | 'datacite' | 'researcher';
const CLIENT: Record<Source, string | null> = {
	ours: OUR_CLIENT,
	crossref: CROSSREF,
	datacite: DATACITE,
	researcher: null,
};

interface Item {
	itemType: ItemType;
	putCode: number;
	json: Json;
	source: Source;
}

class Orcid {
	items = new Map<number, Item>();
	next = 1000;
	refused: string[] = [];
	foreign: string[] = [];

	create(t: ItemType, json: Json, label: string): number | null {
		const self = selfKeysOf(externalIdsOf(t, json));
		for (const it of this.items.values()) {
			if (it.source !== 'ours' || it.itemType !== t) continue;
			const taken = matchingExternalIdKeys(externalIdsOf(t, it.json));
			if (self.some((k) => taken.includes(k))) {
				this.refused.push(`${label} duplicates ${it.putCode}`);
				return null;
			}
		}
		const putCode = this.next++;
		this.items.set(putCode, { itemType: t, putCode, json, source: 'ours' });
		return putCode;
	}

	write(putCode: number, json: Json | null, label: string): void {
		const it = this.items.get(putCode);
		if (!it) return;
		if (it.source !== 'ours') this.foreign.push(`${label} -> ${putCode}`);
		else if (json === null) this.items.delete(putCode);
		else it.json = { ...json };
	}

	read(): Json {
		return activities(
			[...this.items.values()].map((it) => ({
				itemType: it.itemType,
				summary: summary(it.itemType, it.json, it.putCode, {
					clientId: CLIENT[it.source],
					orcid: it.source === 'researcher' ? ORCID : null,
				}),
			})),
		);
	}
}

interface Setting {
	options: SyncDiffOptions;
	optOuts: Set<string>;
	localComplete: boolean;
}

function diff(orcid: Orcid, locals: LocalItem[], s: Setting): SyncDiffResult[] {
	return diffResearcher(
		{
			orcid: ORCID,
			local: locals,
			localComplete: s.localComplete,
			remote: flattenRemote(orcid.read()),
			remoteComplete: true,
			optOuts: s.optOuts,
		},
		s.options,
	);
}

/** Writes (creates first), then what a template stores: put codes, hashes, the ledger. */
function apply(orcid: Orcid, locals: LocalItem[], results: SyncDiffResult[]): void {
	const byKey = new Map(locals.map((l) => [l.localKey, l]));
	for (const r of results) {
		const l = r.localKey === null ? undefined : byKey.get(r.localKey);
		if (r.output === 'create') {
			const pc = orcid.create(r.itemType, r.json!, r.localKey!);
			if (pc !== null && l) Object.assign(l, { putCode: pc, contentHash: r.contentHash });
		} else if (r.output === 'update') {
			orcid.write(r.putCode!, r.json, r.localKey!);
			if (l) Object.assign(l, { putCode: r.putCode, contentHash: r.contentHash });
		} else if (r.output === 'delete') {
			orcid.write(r.putCode!, null, `delete ${r.putCode}`);
		} else if (r.output === 'unchanged' && l) {
			if (r.action === 'do-not-send') l.ledger = 'researcher-deleted';
			else if (r.action === 'forget')
				Object.assign(l, { putCode: null, contentHash: r.contentHash });
			else if (
				![
					'held-by-other-source',
					'version-of-concept',
					'researcher-opted-out',
					'researcher-deleted',
				].includes(r.reason)
			) {
				Object.assign(l, { putCode: r.putCode, contentHash: r.contentHash });
			}
		}
	}
}

// few identifiers, so that matches, groups and collisions are frequent
const selfDoi = fc.constantFrom('10.1/a', '10.1/b', '10.1/c', '10.9/k');
const workArb = fc
	.record({
		title: fc.constantFrom('Alpha', 'Beta'),
		self: selfDoi,
		concept: fc.option(fc.constant('10.9/k'), { nil: undefined }),
	})
	.map((w) => ({
		itemType: 'work' as ItemType,
		json: work(w.title, [
			{ type: 'doi', value: w.self },
			...(w.concept && w.concept !== w.self
				? [{ type: 'doi', value: w.concept, rel: 'version-of' }]
				: []),
		]),
	}));
const employmentArb = fc
	.constantFrom('ORCID', 'NASA')
	.map((org) => ({ itemType: 'employment' as ItemType, json: employment(org, 'Engineer') }));
const itemArb = fc.oneof(
	{ arbitrary: workArb, weight: 3 },
	{ arbitrary: employmentArb, weight: 1 },
);

const remoteArb = fc.array(
	fc.record({
		item: itemArb,
		source: fc.constantFrom<Source>('ours', 'ours', 'crossref', 'datacite', 'researcher'),
	}),
	{ maxLength: 8 },
);
const localArb = fc.array(
	fc.record({
		item: itemArb,
		putCode: fc.oneof(fc.constant<null>(null), fc.integer({ min: 1, max: 8 }), fc.constant(999)),
		hash: fc.constantFrom('none', 'current', 'stale'),
		deleted: fc.boolean(),
	}),
	{ maxLength: 8 },
);
const settingArb = fc.record({
	otherSources: fc.constantFrom('createOurs', 'skipIfAny', 'skipIfTrusted') as fc.Arbitrary<
		SyncDiffOptions['otherSources']
	>,
	trusted: fc.subarray([CROSSREF, DATACITE, 'researcher'], { minLength: 1 }),
	versions: fc.constantFrom('concept', 'perVersion') as fc.Arbitrary<SyncDiffOptions['versions']>,
	putCodeGone: fc.constantFrom<PutCodeGonePolicy>('keep', 'keep', 'report', 'forget'),
	deleteRemovedLocally: fc.boolean(),
	localComplete: fc.boolean(),
	optOuts: fc.subarray(['work', 'employment']),
	gone: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
});

function setup(remote: any[], local: any[], st: any) {
	const orcid = new Orcid();
	remote.forEach((r, i) => orcid.items.set(i + 1, { ...r.item, putCode: i + 1, source: r.source }));
	const locals: LocalItem[] = local.map((l, i) => ({
		localKey: `L${i}`,
		itemType: l.item.itemType,
		json: l.item.json,
		putCode: l.putCode,
		contentHash:
			l.hash === 'current' ? contentHash(l.item.json) : l.hash === 'stale' ? 'stale' : null,
		ledger: l.deleted && l.putCode !== null ? 'researcher-deleted' : 'active',
	}));
	const setting: Setting = {
		options: {
			clientId: OUR_CLIENT,
			otherSources: st.otherSources,
			trustedSources: st.trusted,
			versions: st.versions,
			putCodeGone: st.putCodeGone,
			deleteRemovedLocally: st.deleteRemovedLocally,
		},
		optOuts: new Set(st.optOuts),
		localComplete: st.localComplete,
	};
	return { orcid, locals, setting };
}

/**
 * No two local items with one self identifier, every identifier wanted by at most one local
 * item that takes part in matching (folded versions do not), and no item of ours wanted by
 * two: otherwise runs converge over several runs (diff.property.test.ts), not in one.
 */
function unambiguous(orcid: Orcid, locals: LocalItem[], s: Setting): boolean {
	const folded = foldedVersions(locals, s.options);
	const active = locals.filter((l) => !folded.has(l));
	const self = new Set<string>();
	for (const l of locals) {
		for (const k of selfKeysOf(externalIdsOf(l.itemType, l.json))) {
			if (self.has(`${l.itemType}|${k}`)) return false;
			self.add(`${l.itemType}|${k}`);
		}
	}
	const owner = new Map<string, string>();
	for (const l of active) {
		for (const k of matchingExternalIdKeys(externalIdsOf(l.itemType, l.json))) {
			const key = `${l.itemType}|${k}`;
			if (owner.has(key) && owner.get(key) !== l.localKey) return false;
			owner.set(key, l.localKey);
		}
	}
	for (const it of orcid.items.values()) {
		if (it.source !== 'ours') continue;
		const wanting = new Set<string>();
		for (const l of active)
			if (l.itemType === it.itemType && l.putCode === it.putCode) wanting.add(l.localKey);
		for (const k of matchingExternalIdKeys(externalIdsOf(it.itemType, it.json))) {
			const o = owner.get(`${it.itemType}|${k}`);
			if (o !== undefined) wanting.add(o);
		}
		if (wanting.size > 1) return false;
	}
	return true;
}

const WRITES = ['create', 'update', 'delete'];
const WAITING = new Set(['already-claimed', 'duplicate-local-ids']);
const writes = (rs: SyncDiffResult[]) => rs.filter((r) => WRITES.includes(r.output));
const show = (rs: SyncDiffResult[]) =>
	rs.map((r) => `${r.localKey ?? r.putCode}:${r.output}:${r.reason}`);

/** Nothing held by the researcher's choices is written, nothing foreign is touched. */
function checkRun(rs: SyncDiffResult[], locals: LocalItem[], s: Setting, orcid: Orcid): void {
	const held = new Set(
		locals.filter((l) => l.ledger === 'researcher-deleted').map((l) => l.localKey),
	);
	for (const r of rs) {
		if (s.optOuts.has(r.itemType)) expect(WRITES).not.toContain(r.output);
		if (r.localKey !== null && held.has(r.localKey))
			expect(['create', 'update']).not.toContain(r.output);
	}
	expect(orcid.refused).toEqual([]);
	expect(orcid.foreign).toEqual([]);
}

describe('sync policies: properties (fast-check)', () => {
	it('any mix of other sources, trusted lists, opt-outs, versions and deletions: apply, diff again, no write', () => {
		fc.assert(
			fc.property(remoteArb, localArb, settingArb, (remote, local, st) => {
				const { orcid, locals, setting } = setup(remote, local, st);
				fc.pre(unambiguous(orcid, locals, setting));
				const first = diff(orcid, locals, setting);
				checkRun(first, locals, setting, orcid);
				apply(orcid, locals, first);
				checkRun([], locals, setting, orcid);
				// only items held back by the first run because another item of ours still carried
				// their identifiers may be written now (README: why some conflicts resolve on the
				// next run); the run after that writes nothing
				const second = diff(orcid, locals, setting);
				checkRun(second, locals, setting, orcid);
				const waiting = new Set(first.filter((r) => WAITING.has(r.reason)).map((r) => r.localKey));
				expect(show(writes(second).filter((r) => !waiting.has(r.localKey)))).toEqual([]);
				apply(orcid, locals, second);
				const third = diff(orcid, locals, setting);
				checkRun(third, locals, setting, orcid);
				expect(show(writes(third))).toEqual([]);
			}),
			{ numRuns: 500 },
		);
	});

	it('the researcher deletes some of our items between runs: they are never written back (Keep Deleted)', () => {
		fc.assert(
			fc.property(remoteArb, localArb, settingArb, (remote, local, st) => {
				const { orcid, locals, setting } = setup(remote, local, { ...st, putCodeGone: 'keep' });
				fc.pre(unambiguous(orcid, locals, setting));
				apply(orcid, locals, diff(orcid, locals, setting));
				// the researcher deletes some of our items on their record page
				const ours = [...orcid.items.values()].filter((i) => i.source === 'ours');
				const deleted = new Set<number>();
				ours.forEach((it, i) => {
					if (st.gone[i % st.gone.length]) {
						orcid.items.delete(it.putCode);
						deleted.add(it.putCode);
					}
				});
				const owners = new Set(
					locals
						.filter((l) => l.putCode !== null && deleted.has(l.putCode!))
						.map((l) => l.localKey),
				);
				for (let run = 0; run < 3; run++) {
					const rs = diff(orcid, locals, setting);
					checkRun(rs, locals, setting, orcid);
					for (const r of rs) {
						if (r.localKey !== null && owners.has(r.localKey))
							expect(['create', 'update']).not.toContain(r.output);
					}
					if (run > 0) expect(show(writes(rs))).toEqual([]);
					apply(orcid, locals, rs);
				}
			}),
			{ numRuns: 500 },
		);
	});
});

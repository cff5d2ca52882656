/**
 * The sync's policy modules on their own: ORCID's groups across sources, When Another Source
 * Has the Item, Versions, the do-not-send ledger and opt-outs.
 */
import fc from 'fast-check';
import {
	groupKeysOf,
	OrcidGroups,
	type GroupMember,
} from '../../../nodes/OrcidSyncDiff/policy/groups';
import {
	heldByOtherSource,
	parseTrustedSources,
	RESEARCHER_SOURCE,
} from '../../../nodes/OrcidSyncDiff/policy/otherSources';
import {
	conceptKeysOf,
	foldVersions,
	selfKeysOf,
	standsForConcept,
	type VersionedItem,
} from '../../../nodes/OrcidSyncDiff/policy/versions';
import {
	heldByChoice,
	parseLedgerState,
	parseOptOuts,
} from '../../../nodes/OrcidSyncDiff/policy/choices';
import { ids } from './helpers';

const CROSSREF = 'APP-CROSSREF00000001';
const DATACITE = 'APP-DATACITE00000001';
const OURS = 'APP-EMUMEMBER0000001';

describe('ORCID groups (ORCID-Source ActivitiesGroupGenerator.java, orcid-model ExternalID.isGroupAble)', () => {
	it('groups by self and version-of identifiers, never by part-of or funded-by or empty values', () => {
		const keys = groupKeysOf(
			ids([
				{ type: 'doi', value: 'https://doi.org/10.5281/ZENODO.2' },
				{ type: 'doi', value: '10.5281/zenodo.1', rel: 'version-of' },
				{ type: 'issn', value: '1234-5678', rel: 'part-of' },
				{ type: 'grant_number', value: 'G-1', rel: 'funded-by' },
				{ type: 'doi', value: '  ' },
			]),
		);
		expect(keys).toEqual(['doi:10.5281/zenodo.2', 'doi:10.5281/zenodo.1']);
	});

	it('merges the groups an item bridges, across sources', () => {
		const members: GroupMember[] = [
			{ putCode: 1, sourceClientId: CROSSREF, keys: ['doi:a'] },
			{ putCode: 2, sourceClientId: null, keys: ['doi:b'] },
			{ putCode: 3, sourceClientId: OURS, keys: ['doi:a', 'doi:b'] },
			{ putCode: 4, sourceClientId: DATACITE, keys: ['doi:c'] },
		];
		const g = new OrcidGroups(members);
		expect(g.groupOf(['doi:b']).map((m) => m.putCode)).toEqual([1, 2, 3]);
		expect(g.groupOf(['doi:c']).map((m) => m.putCode)).toEqual([4]);
		// a new item carrying a and c would merge both groups
		expect(g.groupOf(['doi:c', 'doi:a']).map((m) => m.putCode)).toEqual([1, 2, 3, 4]);
		expect(g.groupOf(['doi:z'])).toEqual([]);
	});

	it('is the transitive closure of sharing a key (property)', () => {
		const member = fc.record({
			putCode: fc.integer({ min: 1, max: 10_000 }),
			sourceClientId: fc.constantFrom(null, OURS, CROSSREF),
			keys: fc.uniqueArray(fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6'), { maxLength: 2 }),
		});
		fc.assert(
			fc.property(
				fc.array(member, { maxLength: 12 }),
				fc.constantFrom('k1', 'k3', 'k6'),
				(ms, key) => {
					// reference: grow the set from the key until nothing more shares a key with it
					const keys = new Set<string>([key]);
					const inGroup = new Set<number>();
					let grew = true;
					while (grew) {
						grew = false;
						ms.forEach((m, i) => {
							if (!inGroup.has(i) && m.keys.some((k) => keys.has(k))) {
								inGroup.add(i);
								m.keys.forEach((k) => keys.add(k));
								grew = true;
							}
						});
					}
					const got = new OrcidGroups(ms).groupOf([key]);
					expect(new Set(got)).toEqual(new Set([...inGroup].map((i) => ms[i])));
				},
			),
		);
	});
});

describe('When Another Source Has the Item', () => {
	const group: GroupMember[] = [
		{ putCode: 9, sourceClientId: OURS, keys: ['doi:a'] },
		{ putCode: 7, sourceClientId: DATACITE, keys: ['doi:a'] },
		{ putCode: 5, sourceClientId: null, keys: ['doi:a'] },
		{ putCode: 8, sourceClientId: CROSSREF, keys: ['doi:a'] },
	];

	it('Create Ours Anyway never holds an item back', () => {
		expect(heldByOtherSource(group, 'createOurs', [], OURS)).toBeNull();
	});

	it('Skip If Any Source Has It: the lowest put code of another source (ours never counts)', () => {
		expect(heldByOtherSource(group, 'skipIfAny', [], OURS)).toEqual({
			putCode: 5,
			sourceClientId: null,
		});
		expect(heldByOtherSource([group[0]], 'skipIfAny', [], OURS)).toBeNull();
	});

	it('Skip If a Trusted Source Has It: the first trusted source in list order', () => {
		expect(heldByOtherSource(group, 'skipIfTrusted', [CROSSREF, DATACITE], OURS)).toEqual({
			putCode: 8,
			sourceClientId: CROSSREF,
		});
		expect(heldByOtherSource(group, 'skipIfTrusted', [RESEARCHER_SOURCE], OURS)).toEqual({
			putCode: 5,
			sourceClientId: null,
		});
		expect(heldByOtherSource(group, 'skipIfTrusted', ['APP-SOMEONEELSE00001'], OURS)).toBeNull();
		expect(heldByOtherSource(group, 'skipIfTrusted', [], OURS)).toBeNull();
	});

	it('reads trusted sources as a list or text, and refuses what is not a client id', () => {
		expect(
			parseTrustedSources(` ${CROSSREF.toLowerCase()}, Researcher\n${DATACITE};${CROSSREF}`),
		).toEqual([CROSSREF, RESEARCHER_SOURCE, DATACITE]);
		expect(parseTrustedSources([DATACITE])).toEqual([DATACITE]);
		expect(parseTrustedSources('')).toEqual([]);
		expect(() => parseTrustedSources('Crossref')).toThrow('"Crossref" is not a client id');
		expect(() => parseTrustedSources(42)).toThrow('must be a list of client ids, got number');
	});
});

describe('Versions (ORCID-Source ActivityValidator.checkExternalIdentifiersForDuplicates: only self = self is a duplicate)', () => {
	const concept = ids([{ type: 'doi', value: '10.5281/zenodo.100' }]);
	const version = (n: number) =>
		ids([
			{ type: 'doi', value: `10.5281/zenodo.10${n}` },
			{ type: 'doi', value: 'https://doi.org/10.5281/zenodo.100', rel: 'version-of' },
		]);
	const item = (c: unknown, hasPutCode = false): VersionedItem => ({
		selfKeys: selfKeysOf(c),
		conceptKeys: conceptKeysOf(c),
		hasPutCode,
	});

	it('reads self and version-of keys apart', () => {
		expect(selfKeysOf(version(1))).toEqual(['doi:10.5281/zenodo.101']);
		expect(conceptKeysOf(version(1))).toEqual(['doi:10.5281/zenodo.100']);
		expect(conceptKeysOf(concept)).toEqual([]);
	});

	it('a concept and three versions: the concept stands for all', () => {
		const items = [item(version(1)), item(concept), item(version(2)), item(version(3))];
		expect([...foldVersions(items)].sort()).toEqual([
			[0, 1],
			[2, 1],
			[3, 1],
		]);
	});

	it('three versions without their concept: the one with a put code, else the first', () => {
		expect(
			[...foldVersions([item(version(1)), item(version(2)), item(version(3))])].sort(),
		).toEqual([
			[1, 0],
			[2, 0],
		]);
		expect(
			[...foldVersions([item(version(1)), item(version(2), true), item(version(3))])].sort(),
		).toEqual([
			[0, 1],
			[2, 1],
		]);
	});

	it('leaves works that are no versions alone (duplicates are the engine business)', () => {
		expect(foldVersions([item(concept), item(concept)]).size).toBe(0);
	});

	it('an ORCID work stands for the concept when its self identifiers name the concept, not the version', () => {
		expect(standsForConcept(item(version(2)), selfKeysOf(concept))).toBe(true);
		expect(standsForConcept(item(version(2)), selfKeysOf(version(2)))).toBe(false);
		expect(standsForConcept(item(concept), selfKeysOf(concept))).toBe(false);
	});

	it('folds versions only, onto a representative that is not folded itself (property)', () => {
		const anItem = fc.record({
			selfKeys: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 2 }),
			conceptKeys: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { maxLength: 1 }),
			hasPutCode: fc.boolean(),
		});
		fc.assert(
			fc.property(fc.array(anItem, { maxLength: 10 }), (items) => {
				const folded = foldVersions(items);
				for (const [i, rep] of folded) {
					expect(i).not.toBe(rep);
					expect(folded.has(rep)).toBe(false);
					// only versions fold
					expect(items[i].conceptKeys.length).toBeGreaterThan(0);
				}
			}),
		);
	});
});

describe('the do-not-send ledger and opt-outs', () => {
	it('reads ledger states; empty is active; unknown is an error', () => {
		expect(parseLedgerState(undefined)).toBe('active');
		expect(parseLedgerState('')).toBe('active');
		expect(parseLedgerState('Researcher_Deleted')).toBe('researcher-deleted');
		expect(() => parseLedgerState('gone')).toThrow(
			'must be "active" or "researcher-deleted", got "gone"',
		);
		expect(() => parseLedgerState(3)).toThrow('got number');
	});

	it('reads opt-outs as a list or text of item type names', () => {
		expect([...parseOptOuts(['peer-review', 'Fundings'])]).toEqual(['peer-review', 'funding']);
		expect([...parseOptOuts('peer reviews, researcherUrl')]).toEqual([
			'peer-review',
			'researcher-url',
		]);
		expect(parseOptOuts(null).size).toBe(0);
		expect(() => parseOptOuts('books')).toThrow('unknown item type "books"');
	});

	it('a researcher-deleted or opted-out item is never sent, whatever the engine decided (property)', () => {
		const outputs = ['create', 'update', 'unchanged', 'conflict', 'delete'];
		const reasons = ['new', 'changed', 'put-code-gone', 'same-hash', 'already-claimed'];
		fc.assert(
			fc.property(
				fc.constantFrom(...outputs),
				fc.constantFrom(...reasons),
				fc.constantFrom('active', 'researcher-deleted') as fc.Arbitrary<
					'active' | 'researcher-deleted'
				>,
				fc.boolean(),
				fc.boolean(),
				(output, reason, ledger, optedOut, keep) => {
					const held = heldByChoice({ output, reason }, ledger, optedOut, keep);
					if (ledger === 'researcher-deleted') expect(held?.reason).toBe('researcher-deleted');
					else if (optedOut) expect(held?.reason).toBe('researcher-opted-out');
					if (held) expect(held.output).toBe('unchanged');
				},
			),
		);
	});

	it('a put code gone now is recorded (do-not-send) when deletions are kept, reported otherwise', () => {
		const gone = { output: 'conflict', reason: 'put-code-gone' };
		expect(heldByChoice(gone, 'active', false, true)).toEqual({
			output: 'unchanged',
			action: 'do-not-send',
			reason: 'researcher-deleted',
		});
		expect(heldByChoice(gone, 'active', false, false)).toBeNull();
		expect(heldByChoice({ output: 'create', reason: 'new' }, 'active', false, true)).toBeNull();
	});
});

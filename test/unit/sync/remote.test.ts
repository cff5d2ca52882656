import { flattenRemote, RemoteShapeError } from '../../../nodes/OrcidSyncDiff/remote';
import { parseActivityType } from '../../../nodes/shared/orcid/model/itemTypes';
import { activities, employment, ORCID, OTHER_CLIENT, OUR_CLIENT, summary, work } from './helpers';

const doi = (v: string) => ({ type: 'doi', value: v });

describe('the ORCID side, flattened', () => {
	const w1 = summary('work', work('A', [doi('10.1/a')]), 11);
	const w2 = summary('work', work('A copy', [doi('10.1/a')]), 12, { clientId: null, orcid: ORCID });
	const e1 = summary('employment', employment('ORCID', 'Engineer'), 21);
	const f1 = summary('funding', { title: { title: { value: 'Grant' } }, type: 'grant' }, 31, {
		clientId: OTHER_CLIENT,
	});
	const p1 = summary(
		'peer-review',
		{ 'review-group-id': 'issn:1741-4857', 'external-ids': { 'external-id': [] } },
		41,
	);
	const r1 = summary('research-resource', { proposal: { title: { title: { value: 'R' } } } }, 51);
	const all = activities([
		{ itemType: 'work', summary: w1 },
		{ itemType: 'work', summary: w2 },
		{ itemType: 'employment', summary: e1 },
		{ itemType: 'funding', summary: f1 },
		{ itemType: 'peer-review', summary: p1 },
		{ itemType: 'research-resource', summary: r1 },
	]);

	it('reads every summary of /activities with its type, put code and source', () => {
		const items = flattenRemote(all);
		expect(items.map((i) => [i.itemType, i.putCode, i.sourceClientId])).toEqual([
			['work', 11, OUR_CLIENT],
			['work', 12, null],
			['funding', 31, OTHER_CLIENT],
			['employment', 21, OUR_CLIENT],
			['peer-review', 41, OUR_CLIENT],
			['research-resource', 51, OUR_CLIENT],
		]);
		expect(items.find((i) => i.putCode === 11)!.summary).toBe(w1);
	});

	it('reads a full record, one section, a summary list, and a list of reads', () => {
		expect(flattenRemote({ 'activities-summary': all })).toHaveLength(6);
		expect(flattenRemote(all.works).map((i) => i.putCode)).toEqual([11, 12]);
		expect(flattenRemote(all.employments).map((i) => i.itemType)).toEqual(['employment']);
		expect(flattenRemote([w1, e1]).map((i) => i.itemType)).toEqual(['work', 'employment']);
		expect(flattenRemote([{ 'activities-summary': all }, all.works])).toHaveLength(6);
		expect(flattenRemote({ 'employment-summary': e1 })).toHaveLength(1);
		expect(flattenRemote(null)).toEqual([]);
		expect(flattenRemote({})).toEqual([]);
	});

	it('reads ORCID sample record-full-3.0 shapes (three-level peer reviews, affiliation groups)', () => {
		const sample = {
			'peer-reviews': {
				group: [
					{
						'peer-review-group': [
							{
								'peer-review-summary': [
									{ 'put-code': 1961, path: '/0000-0002-7319-2192/peer-review/1961' },
								],
							},
						],
					},
				],
			},
			employments: {
				'affiliation-group': [{ summaries: [{ 'employment-summary': { 'put-code': 9266 } }] }],
			},
		};
		expect(
			flattenRemote(sample).map((i) => `${i.itemType}:${i.putCode}:${i.sourceClientId}`),
		).toEqual(['employment:9266:null', 'peer-review:1961:null']);
	});

	it('a summary without any type information is refused with its put code named', () => {
		expect(() => flattenRemote([{ 'put-code': 7 }])).toThrow(RemoteShapeError);
		expect(() => flattenRemote([{ 'put-code': 7 }])).toThrow(/put code 7/);
	});

	it('strict: refuses what is not ORCID activities instead of reading it as an empty record', () => {
		expect(flattenRemote([], { strict: true })).toEqual([]);
		expect(
			flattenRemote({ path: '/x/activities', works: { group: [] } }, { strict: true }),
		).toEqual([]);
		expect(() => flattenRemote({ hello: 'world' }, { strict: true })).toThrow(
			/no ORCID activities/,
		);
		expect(() => flattenRemote('<xml/>', { strict: true })).toThrow(RemoteShapeError);
		// Read Record's simplified output lacks the relationships of identifiers
		const simplified = {
			works: [{ entryType: 'work', putCode: 11, title: 'A', externalIds: ['doi:10.1/a'] }],
		};
		expect(() => flattenRemote(simplified, { strict: true })).toThrow(/simplified output/);
		expect(() => flattenRemote([{ entryType: 'work', putCode: 11 }], { strict: true })).toThrow(
			/Raw ORCID JSON/,
		);
	});

	it('parses item type spellings', () => {
		expect(parseActivityType('Work')).toBe('work');
		expect(parseActivityType('peerReview')).toBe('peer-review');
		expect(parseActivityType('invited_position')).toBe('invited-position');
		expect(parseActivityType('research-resources')).toBe('research-resource');
		expect(parseActivityType('book')).toBeNull();
		expect(parseActivityType(3)).toBeNull();
	});
});

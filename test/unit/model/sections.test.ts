/**
 * flattenSection / flattenActivities on ORCID's read sample record-full-3.0.json (a sandbox
 * capture: one work, two fundings, affiliations of every type, two peer reviews in three
 * levels, one research resource). The expected put codes were read off the sample by hand.
 */
import * as fs from 'fs';
import * as path from 'path';

import { ACTIVITY_TYPES, itemTypeInfo } from '../../../nodes/shared/orcid/model/itemTypes';
import { flattenActivities, flattenSection } from '../../../nodes/shared/orcid/model/sections';
import { READ_SAMPLES_DIR } from '../../support/xsd';

type Obj = Record<string, unknown>;

const record = JSON.parse(
	fs.readFileSync(path.join(READ_SAMPLES_DIR, 'record-full-3.0.json'), 'utf8'),
) as Obj;
const activities = record['activities-summary'] as Obj;
const person = record.person as Obj;

const codes = (summaries: Obj[]) => summaries.map((s) => s['put-code']);

describe('flattenActivities', () => {
	it('lists every activity summary of the sample, section by section', () => {
		const flat = flattenActivities(activities);
		expect(flat.map((a) => `${a.itemType} ${String(a.summary['put-code'])}`)).toEqual([
			'work 178602',
			'funding 5132',
			'funding 5909',
			'employment 9266',
			'education 6455',
			'education 9265',
			'education 8718',
			'distinction 9264',
			'invited-position 9267',
			'membership 9268',
			'qualification 9269',
			'service 7093',
			'service 9270',
			'peer-review 1961',
			'peer-review 2389',
			'research-resource 1498',
		]);
		// each summary is the item's own, not a group around it
		for (const { itemType, summary } of flat) {
			expect(summary.path).toBe(`/0000-0002-7319-2192/${itemType}/${String(summary['put-code'])}`);
		}
	});

	it('reads nothing from what is not an activities answer', () => {
		expect(flattenActivities(undefined)).toEqual([]);
		expect(flattenActivities('works')).toEqual([]);
		expect(flattenActivities([activities])).toEqual([]);
		expect(flattenActivities({ works: { group: [] } })).toEqual([]);
	});
});

describe('flattenSection', () => {
	it.each(ACTIVITY_TYPES.map((t) => [t]))('%s: the same summaries as the whole', (itemType) => {
		const section = activities[itemTypeInfo(itemType).sectionKey];
		expect(flattenSection(itemType, section)).toEqual(
			flattenActivities(activities)
				.filter((a) => a.itemType === itemType)
				.map((a) => a.summary),
		);
	});

	it('reads three levels for peer reviews and ignores another type’s summaries', () => {
		const reviews = activities['peer-reviews'];
		expect(codes(flattenSection('peer-review', reviews))).toEqual([1961, 2389]);
		// a section read as the wrong type yields nothing rather than wrong items
		expect(flattenSection('work', reviews)).toEqual([]);
		expect(flattenSection('employment', activities.educations)).toEqual([]);
	});

	it.each<[string, string, number[]]>([
		['keyword', 'keywords', [4249, 5097]],
		['other-name', 'other-names', [4923, 5028, 5029, 5654, 5813]],
		['researcher-url', 'researcher-urls', [9401, 9519]],
		['external-identifier', 'external-identifiers', [3995]],
		['address', 'addresses', [2621, 2813, 3527]],
		['email', 'emails', []],
	])('person list %s (%s): put codes %j', (itemType, key, putCodes) => {
		const section = person[key] as Obj;
		const flat = flattenSection(itemType, section);
		expect(codes(flat)).toEqual(putCodes);
		expect(flat).toEqual(section[itemType]);
	});

	it('takes a single object where ORCID has a list (JSON converted from XML)', () => {
		const work = { 'put-code': 7, title: { title: { value: 'W' } } };
		expect(flattenSection('work', { group: { 'work-summary': work } })).toEqual([work]);
		const employment = { 'put-code': 8 };
		expect(
			flattenSection('employment', {
				'affiliation-group': { summaries: { 'employment-summary': employment } },
			}),
		).toEqual([employment]);
		const review = { 'put-code': 9 };
		expect(
			flattenSection('peer-review', {
				group: { 'peer-review-group': { 'peer-review-summary': review } },
			}),
		).toEqual([review]);
		expect(flattenSection('keyword', { keyword: { content: 'k' } })).toEqual([{ content: 'k' }]);
	});

	it('skips what is not an object', () => {
		expect(flattenSection('work', null)).toEqual([]);
		expect(flattenSection('work', [{ group: [] }])).toEqual([]);
		expect(
			codes(
				flattenSection('work', {
					group: [null, 'x', { 'work-summary': [null, 3, { 'put-code': 4 }] }],
				}),
			),
		).toEqual([4]);
		expect(flattenSection('keyword', { keyword: ['k', { content: 'k' }] })).toEqual([
			{ content: 'k' },
		]);
	});
});

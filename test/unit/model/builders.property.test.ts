/**
 * Properties: (1) whatever the editor fields hold, a builder either returns JSON or throws a
 * ModelValidationError naming a field, never another error; (2) every work it accepts from
 * generated plausible input is valid against ORCID's XSD.
 */
import fc from 'fast-check';
import {
	CITATION_TYPES,
	COUNTRY_CODES,
	ITEM_TYPES,
	ItemType,
	ModelValidationError,
	RELATIONSHIPS,
	WORK_TYPES,
	buildItem,
	buildWork,
} from '../../../nodes/shared/orcid/model';
import { orcidJsonToXml } from '../../support/orcidXml';
import { validateAgainstXsd } from '../../support/xsd';

const FIELD_NAMES: Record<ItemType, string[]> = {
	work: [
		'title',
		'subtitle',
		'translatedTitle',
		'translatedTitleLanguage',
		'type',
		'publicationDate',
		'externalIds',
		'url',
		'journalTitle',
		'shortDescription',
		'citation',
		'contributors',
		'languageCode',
		'country',
		'putCode',
		'visibility',
	],
	funding: [
		'title',
		'type',
		'amount',
		'currency',
		'startDate',
		'endDate',
		'externalIds',
		'grantNumber',
		'grantUrl',
		'contributors',
		'organization',
		'putCode',
	],
	employment: [
		'organization',
		'department',
		'roleTitle',
		'startDate',
		'endDate',
		'url',
		'externalIds',
		'putCode',
	],
	education: ['organization', 'startDate', 'endDate'],
	distinction: ['organization', 'startDate'],
	'invited-position': ['organization', 'roleTitle'],
	membership: ['organization', 'department'],
	qualification: ['organization', 'endDate'],
	service: ['organization', 'url'],
	'peer-review': [
		'reviewerRole',
		'reviewType',
		'reviewUrl',
		'reviewDate',
		'reviewIdentifiers',
		'groupId',
		'subjectExternalId',
		'subjectType',
		'subjectName',
		'organization',
		'putCode',
	],
	'research-resource': ['proposal', 'resourceItems', 'putCode'],
	keyword: ['content', 'putCode'],
	'other-name': ['content'],
	'researcher-url': ['name', 'url'],
	'external-identifier': ['type', 'value', 'url', 'relationship'],
};

test('any field values: a result or a ModelValidationError naming a field, nothing else', () => {
	fc.assert(
		fc.property(
			fc.constantFrom(...ITEM_TYPES),
			fc.dictionary(fc.constantFrom(...new Set(Object.values(FIELD_NAMES).flat())), fc.anything(), {
				maxKeys: 8,
			}),
			(itemType, fields) => {
				try {
					const json = buildItem(itemType, fields);
					expect(typeof json).toBe('object');
				} catch (e) {
					expect(e).toBeInstanceOf(ModelValidationError);
					const err = e as ModelValidationError;
					expect(err.field.length).toBeGreaterThan(0);
					expect(err.message.startsWith(`${err.field}: `)).toBe(true);
				}
			},
		),
		{ numRuns: 400 },
	);
});

const ORCID_IDS = ['0000-0002-1825-0097', '0000-0001-5109-3700', '0000-0002-1694-233X'];
// any UTF-16, including control characters and lone surrogates the builders must refuse
const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const date = fc
	.date({
		min: new Date('1900-01-01T00:00:00Z'),
		max: new Date('2100-12-31T00:00:00Z'),
		noInvalidDate: true,
	})
	.chain((d) =>
		fc.constantFrom(
			d.toISOString().slice(0, 4),
			d.toISOString().slice(0, 7),
			d.toISOString().slice(0, 10),
		),
	);
const externalId = fc.record({
	type: fc.constantFrom('doi', 'isbn', 'pmid', 'source-work-id', 'uri', 'other-id'),
	value: text,
	url: fc.option(fc.webUrl(), { nil: undefined }),
	relationship: fc.constantFrom(...RELATIONSHIPS),
});
const workFields = fc.record(
	{
		title: text,
		subtitle: text,
		type: fc.constantFrom(...WORK_TYPES),
		publicationDate: date,
		externalIds: fc
			.array(externalId, { minLength: 0, maxLength: 3 })
			.map((ids) => [{ type: 'doi', value: '10.1234/x', relationship: 'self' }, ...ids]),
		url: fc.webUrl(),
		journalTitle: text,
		shortDescription: text,
		citation: fc.record({ type: fc.constantFrom(...CITATION_TYPES), value: text }),
		contributors: fc.array(
			fc.record({
				name: text,
				orcid: fc.option(fc.constantFrom(...ORCID_IDS), { nil: undefined }),
				role: fc.constantFrom(
					'author',
					'editor',
					'http://credit.niso.org/contributor-roles/software/',
				),
				sequence: fc.constantFrom('first', 'additional'),
			}),
			{ maxLength: 3 },
		),
		languageCode: fc.constantFrom('en', 'fr', 'zh_CN'),
		country: fc.constantFrom(...COUNTRY_CODES),
		putCode: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: undefined }),
	},
	{ requiredKeys: ['title', 'type', 'externalIds'] },
);

test('every work built from generated input is XSD-valid; refused ones name a field', async () => {
	const samples = fc.sample(workFields, { numRuns: 120, seed: 20261124 });
	const docs: Array<{ name: string; xml: string }> = [];
	const refused: string[] = [];
	samples.forEach((fields, i) => {
		try {
			docs.push({
				name: `work-${i}`,
				xml: orcidJsonToXml(buildWork(fields as never), 'work:work'),
			});
		} catch (e) {
			expect(e).toBeInstanceOf(ModelValidationError);
			refused.push((e as ModelValidationError).field);
		}
	});
	// both outcomes occur: the input is rich enough to test both
	expect(docs.length).toBeGreaterThan(20);
	expect(refused.length).toBeGreaterThan(5);
	const results = await validateAgainstXsd(docs, 'work-3.0.xsd');
	expect(results.filter((r) => !r.valid)).toEqual([]);
	expect(results).toHaveLength(docs.length);
});

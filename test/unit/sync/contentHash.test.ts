import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, contentHash } from '../../../nodes/shared/orcid/model/contentHash';

// ORCID's write sample work-simple-3.0.json, trimmed
const work = {
	title: { title: { value: 'Work title' }, subtitle: { value: 'Subtitle' } },
	'journal-title': { value: 'Journal title' },
	type: 'journal-article',
	'external-ids': {
		'external-id': [
			{
				'external-id-type': 'doi',
				'external-id-value': '10.1087/20120404',
				'external-id-url': { value: 'https://doi.org/10.1087/20120404' },
				'external-id-relationship': 'self',
			},
		],
	},
	'publication-date': { year: { value: '2019' }, month: null, day: null },
};

describe('content hash', () => {
	it('ignores key order at every depth', () => {
		const a = {
			type: 'journal-article',
			title: { title: { value: 'T' }, subtitle: { value: 'S' } },
		};
		const b = {
			title: { subtitle: { value: 'S' }, title: { value: 'T' } },
			type: 'journal-article',
		};
		expect(contentHash(a)).toBe(contentHash(b));
		expect(canonicalJson(a)).toBe(
			'{"title":{"subtitle":{"value":"S"},"title":{"value":"T"}},"type":"journal-article"}',
		);
	});

	it('drops the read-only fields ORCID adds, at the root', () => {
		const sent = { type: 'journal-article', title: { title: { value: 'T' } } };
		const read = {
			...sent,
			'put-code': 178602,
			path: '/0000-0002-7319-2192/work/178602',
			source: { 'source-client-id': { path: 'APP-1' } },
			'created-date': { value: 1 },
			'last-modified-date': { value: 2 },
			visibility: 'public',
			'display-index': '0',
		};
		expect(contentHash(read)).toBe(contentHash(sent));
	});

	it('drops external-id-normalized wherever it is, keeps nested path fields', () => {
		const id = {
			'external-id-type': 'doi',
			'external-id-value': '10.1/a',
			'external-id-relationship': 'self',
		};
		const sent = { 'external-ids': { 'external-id': [id] } };
		const read = {
			'external-ids': {
				'external-id': [
					{
						...id,
						'external-id-normalized': { value: '10.1/a', transient: true },
						'external-id-normalized-error': null,
					},
				],
			},
		};
		expect(contentHash(read)).toBe(contentHash(sent));
		const c1 = {
			contributors: { contributor: [{ 'contributor-orcid': { path: '0000-0002-1825-0097' } }] },
		};
		const c2 = {
			contributors: { contributor: [{ 'contributor-orcid': { path: '0000-0001-5109-3700' } }] },
		};
		expect(contentHash(c1)).not.toBe(contentHash(c2));
	});

	it('null members and empty containers carry nothing; values and array order do', () => {
		expect(contentHash({ a: 1, b: null, c: {}, d: [], e: { f: null } })).toBe(
			contentHash({ a: 1 }),
		);
		expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
		expect(contentHash({ a: '1' })).not.toBe(contentHash({ a: 1 }));
		expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
		expect(contentHash({ a: 'x' })).not.toBe(contentHash({ b: 'x' }));
		expect(canonicalJson({})).toBe('{}');
		expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
	});

	it('equals sha256 of the canonical JSON, and canonical JSON parses back to the same data', () => {
		const text = canonicalJson(work);
		expect(contentHash(work)).toBe(createHash('sha256').update(text).digest('hex'));
		expect(JSON.parse(text)).toEqual({ ...work, 'publication-date': { year: { value: '2019' } } });
	});

	it('property: key order never changes the hash; any value change does', () => {
		const json = fc.dictionary(
			fc
				.string({ minLength: 1, maxLength: 6 })
				.filter(
					(k) =>
						![
							'put-code',
							'path',
							'source',
							'visibility',
							'created-date',
							'last-modified-date',
							'display-index',
							'external-id-normalized',
							'external-id-normalized-error',
						].includes(k),
				),
			fc.oneof(fc.string({ minLength: 1 }), fc.integer(), fc.boolean()),
			{ minKeys: 1, maxKeys: 8 },
		);
		fc.assert(
			fc.property(json, (obj) => {
				const reversed = Object.fromEntries(Object.entries(obj).reverse());
				expect(contentHash(reversed)).toBe(contentHash(obj));
				const key = Object.keys(obj)[0];
				const changed = { ...obj, [key]: typeof obj[key] === 'string' ? `${obj[key]}!` : 'other' };
				expect(contentHash(changed)).not.toBe(contentHash(obj));
			}),
		);
	});
});

import {
	externalIdKey,
	isMatchingRelationship,
	matchingExternalIdKeys,
	normalizeExternalIdValue,
	normalizeUrl,
} from '../../../nodes/shared/orcid/model/externalIds';

const same = (type: string, a: string, b: string) =>
	expect(normalizeExternalIdValue(type, a)).toBe(normalizeExternalIdValue(type, b));
const differ = (type: string, a: string, b: string) =>
	expect(normalizeExternalIdValue(type, a)).not.toBe(normalizeExternalIdValue(type, b));

describe('external identifier normalisation', () => {
	it('DOI: case-insensitive, doi: prefix and resolver URL forms', () => {
		expect(normalizeExternalIdValue('doi', ' 10.1087/20120404 ')).toBe('10.1087/20120404');
		same('doi', '10.1000/ABC.def', '10.1000/abc.DEF');
		same('doi', 'doi:10.1000/abc', '10.1000/abc');
		same('doi', 'DOI: 10.1000/abc', '10.1000/abc');
		same('doi', 'https://doi.org/10.1000/ABC', '10.1000/abc');
		same('doi', 'http://dx.doi.org/10.1000/abc', '10.1000/abc');
		same('doi', 'HTTPS://DX.DOI.ORG/10.1000/abc', '10.1000/abc');
		same('doi', 'doi.org/10.1000/abc', '10.1000/abc');
		same('doi', 'https://doi.org/10.1000/a%2Fb', '10.1000/a/b');
		same('doi', 'info:doi/10.1000/abc', '10.1000/abc');
		differ('doi', '10.1000/abc', '10.1000/abd');
		differ('doi', '10.1000/abc', '10.1001/abc');
	});

	it('ISBN: hyphens, spaces and prefix; ISBN-10 and ISBN-13 stay distinct', () => {
		same('isbn', '978-3-16-148410-0', '9783161484100');
		same('isbn', '978 3 16 148410 0', '9783161484100');
		same('isbn', 'ISBN 978-3-16-148410-0', '9783161484100');
		same('isbn', 'ISBN-13: 978-3-16-148410-0', '9783161484100');
		same('isbn', '0-8044-2957-x', '080442957X');
		differ('isbn', '0-306-40615-2', '978-0-306-40615-7');
	});

	it('ISSN: hyphen and check character case', () => {
		same('issn', '1741-4857', '17414857');
		same('issn', '0378-595x', '0378-595X');
		expect(normalizeExternalIdValue('issn', '17414857')).toBe('1741-4857');
	});

	it('handles: hdl: and https://hdl.handle.net/ forms', () => {
		same('handle', 'hdl:10101/abc', '10101/abc');
		same('handle', 'https://hdl.handle.net/10101/abc', '10101/abc');
		same('handle', 'http://hdl.handle.net/10101/abc/', '10101/abc');
		same('handle', 'info:hdl/10101/abc', '10101/abc');
		differ('handle', '10101/abc', '10101/abd');
	});

	it('arXiv, PubMed and PubMed Central prefixes', () => {
		same('arxiv', 'arXiv:2101.00001', '2101.00001');
		same('arxiv', 'https://arxiv.org/abs/2101.00001', '2101.00001');
		same('arxiv', 'https://arxiv.org/pdf/2101.00001.pdf', '2101.00001');
		same('arxiv', 'hep-th/9901001', 'arxiv:hep-th/9901001');
		differ('arxiv', '2101.00001v1', '2101.00001v2');
		same('pmid', 'PMID: 12345678', '12345678');
		same('pmid', 'https://pubmed.ncbi.nlm.nih.gov/12345678/', '12345678');
		same('pmid', 'https://www.ncbi.nlm.nih.gov/pubmed/12345678', '12345678');
		same('pmc', '12345', 'PMC12345');
		same('pmc', 'pmc12345', 'PMC12345');
		same('pmc', 'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC12345/', 'PMC12345');
		same('pmc', 'https://pmc.ncbi.nlm.nih.gov/articles/PMC12345', 'PMC12345');
	});

	it('URLs: scheme and host case, default port, trailing slash; path case kept', () => {
		same('uri', 'HTTPS://Example.ORG/Path/', 'https://example.org/Path');
		same('uri', 'https://example.org:443/a', 'https://example.org/a');
		same('uri', 'http://example.org:80/a', 'http://example.org/a');
		differ('uri', 'https://example.org/Path', 'https://example.org/path');
		differ('uri', 'http://example.org/a', 'https://example.org/a');
		expect(normalizeUrl('https://example.org/a/?q=1')).toBe('https://example.org/a?q=1');
		expect(normalizeUrl('not a url/')).toBe('not a url');
	});

	it('other types: trimmed, otherwise as given (case matters)', () => {
		same('source-work-id', ' abc ', 'abc');
		differ('source-work-id', 'ABC', 'abc');
		expect(externalIdKey('SOURCE-WORK-ID', ' x1 ')).toBe('source-work-id:x1');
		expect(externalIdKey('doi', '   ')).toBeNull();
		expect(externalIdKey('', 'x')).toBeNull();
		expect(normalizeExternalIdValue('doi', null)).toBe('');
	});

	it('only self and version-of identify the item itself', () => {
		expect(isMatchingRelationship('self')).toBe(true);
		expect(isMatchingRelationship('version-of')).toBe(true);
		expect(isMatchingRelationship('VERSION_OF')).toBe(true);
		expect(isMatchingRelationship('part-of')).toBe(false);
		expect(isMatchingRelationship('funded-by')).toBe(false);
		expect(isMatchingRelationship(null)).toBe(false);
		expect(isMatchingRelationship(undefined)).toBe(false);
	});

	it('matching keys skip part-of and funded-by, and repeat none', () => {
		const keys = matchingExternalIdKeys({
			'external-id': [
				{
					'external-id-type': 'doi',
					'external-id-value': '10.1/A',
					'external-id-relationship': 'self',
				},
				{
					'external-id-type': 'doi',
					'external-id-value': 'https://doi.org/10.1/a',
					'external-id-relationship': 'version-of',
				},
				{
					'external-id-type': 'issn',
					'external-id-value': '1741-4857',
					'external-id-relationship': 'part-of',
				},
				{
					'external-id-type': 'grant_number',
					'external-id-value': 'G1',
					'external-id-relationship': 'funded-by',
				},
				{
					'external-id-type': 'pmid',
					'external-id-value': '42',
					'external-id-relationship': 'self',
				},
				null,
			],
		});
		expect(keys).toEqual(['doi:10.1/a', 'pmid:42']);
		expect(matchingExternalIdKeys(undefined)).toEqual([]);
		expect(matchingExternalIdKeys({ 'external-id': null })).toEqual([]);
	});
});

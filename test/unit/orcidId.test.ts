import fc from 'fast-check';

import {
	isValidOrcidId,
	orcidCheckDigit,
	OrcidIdError,
	parseOrcidId,
} from '../../nodes/shared/orcid/orcidId';

const VALID = ['0000-0002-1825-0097', '0000-0001-5109-3700', '0000-0002-1694-233X'];

describe('parseOrcidId', () => {
	it.each(VALID)('accepts %s bare, as URIs, as people paste it and with a lowercase x', (id) => {
		const forms = [
			id,
			id.toLowerCase(),
			`https://orcid.org/${id}`,
			`http://orcid.org/${id}`,
			`https://sandbox.orcid.org/${id}`,
			`http://sandbox.orcid.org/${id.toLowerCase()}`,
			`HTTPS://ORCID.ORG/${id}/`,
			`  ${id}\n`,
			`orcid.org/${id}`,
			`sandbox.orcid.org/${id}/`,
			`www.orcid.org/${id}`,
			id.replace(/-/g, ''),
			id.replace(/-/g, '').toLowerCase(),
			`https://orcid.org/${id.replace(/-/g, '')}`,
		];
		for (const form of forms) expect(parseOrcidId(form)).toBe(id);
		expect(isValidOrcidId(`https://orcid.org/${id}`)).toBe(true);
	});

	it('normalises the lowercase x check character to X', () => {
		expect(parseOrcidId('0000-0002-1694-233x')).toBe('0000-0002-1694-233X');
		expect(parseOrcidId('https://orcid.org/0000-0002-1694-233x')).toBe('0000-0002-1694-233X');
	});

	it('rejects a wrong check digit with a message showing the value and the expected digit', () => {
		expect(() => parseOrcidId('0000-0002-1825-0098')).toThrow(OrcidIdError);
		expect(() => parseOrcidId('0000-0002-1825-0098')).toThrow(
			'"0000-0002-1825-0098" is not a valid ORCID iD: its last character (check digit) should be 7, not 8',
		);
		expect(() => parseOrcidId('https://orcid.org/0000-0002-1825-0098')).toThrow(
			'"https://orcid.org/0000-0002-1825-0098" is not a valid ORCID iD',
		);
		expect(isValidOrcidId('0000-0002-1825-0098')).toBe(false);
	});

	it.each([
		['', '"" is not an ORCID iD'],
		['000000021825009', '"000000021825009" is not an ORCID iD'],
		['00000002182500970', '"00000002182500970" is not an ORCID iD'],
		['0000-00021825-0097', '"0000-00021825-0097" is not an ORCID iD'],
		['0000 0002 1825 0097', '"0000 0002 1825 0097" is not an ORCID iD'],
		['0000000218250098', '"0000000218250098" is not a valid ORCID iD: its last character'],
		['orcid.org0000-0002-1825-0097', '"orcid.org0000-0002-1825-0097" is not an ORCID iD'],
		['example.org/0000-0002-1825-0097', '"example.org/0000-0002-1825-0097" is not an ORCID iD'],
		['ftp://orcid.org/0000-0002-1825-0097', '"ftp://orcid.org/0000-0002-1825-0097"'],
		['0000-0002-1825-009', '"0000-0002-1825-009" is not an ORCID iD'],
		['0000-0002-1825-00970', 'is not an ORCID iD'],
		['https://example.org/0000-0002-1825-0097', '"https://example.org/0000-0002-1825-0097"'],
		['0000-0002-1825-009X', 'should be 7, not X'],
		['X000-0002-1825-0097', 'is not an ORCID iD'],
	])('rejects %j', (input, message) => {
		expect(() => parseOrcidId(input)).toThrow(message);
	});

	it.each([
		[undefined, 'nothing (undefined) is not an ORCID iD'],
		[null, 'null is not an ORCID iD'],
		[18250097, 'number 18250097 is not an ORCID iD'],
		[{ orcid: '0000-0002-1825-0097' }, 'an object is not an ORCID iD'],
	])('rejects non-text %p naming what it got', (input, message) => {
		expect(() => parseOrcidId(input)).toThrow(message);
		try {
			parseOrcidId(input);
		} catch (error) {
			expect((error as OrcidIdError).value).toBe(input);
		}
	});

	it('cuts very long bad values short in the message', () => {
		const long = 'a'.repeat(500);
		expect(() => parseOrcidId(long)).toThrow(/"a{77}\.\.\." is not an ORCID iD/);
	});
});

describe('orcidCheckDigit', () => {
	it("matches ORCID's documented examples", () => {
		expect(orcidCheckDigit('000000021825009')).toBe('7');
		expect(orcidCheckDigit('0000-0001-5109-370')).toBe('0');
		expect(orcidCheckDigit('000000021694233')).toBe('X');
		expect(orcidCheckDigit('000000031419240')).toBe('5');
		expect(orcidCheckDigit('000900037578321')).toBe('4');
		expect(orcidCheckDigit('888888888888888')).toBe('0');
	});

	it('needs exactly 15 digits', () => {
		expect(() => orcidCheckDigit('12345')).toThrow('exactly 15 digits');
	});

	it('every single-digit change of a valid iD is caught (MOD 11-2 property)', () => {
		fc.assert(
			fc.property(
				fc.stringMatching(/^\d{15}$/),
				fc.integer({ min: 0, max: 14 }),
				fc.integer({ min: 1, max: 9 }),
				(base, position, delta) => {
					const id = base + orcidCheckDigit(base);
					const changed = (Number(id[position]) + delta) % 10;
					const mutated = id.slice(0, position) + changed + id.slice(position + 1);
					const dashed = (s: string) => s.match(/.{4}/g)!.join('-');
					expect(parseOrcidId(dashed(id))).toBe(dashed(id));
					expect(isValidOrcidId(dashed(mutated))).toBe(false);
				},
			),
		);
	});
});

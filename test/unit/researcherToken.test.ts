import {
	NO_ACCESS_TOKEN,
	readResearcherToken,
	researcherTokenOrError,
	ResearcherTokenError,
	type ResearcherTokenOptions,
} from '../../nodes/shared/auth/researcherToken';
import { encryptToken } from '../../nodes/shared/auth/tokens';

const ORCID = '0000-0002-1825-0097';
const OTHER = '0000-0001-5109-3700';
const NOW = '2026-06-01T00:00:00Z';
const TOKEN = '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9';
const required: ResearcherTokenOptions = { orcid: ORCID, required: true, now: NOW };
const optional: ResearcherTokenOptions = { ...required, required: false };

/** The error readResearcherToken throws for `value`, as { problem, description }. */
function refusal(value: unknown, options: ResearcherTokenOptions = required) {
	try {
		readResearcherToken(value, options);
	} catch (error) {
		expect(error).toBeInstanceOf(ResearcherTokenError);
		const { problem, description, message } = error as ResearcherTokenError;
		expect(message).toBe(problem);
		return { problem, description };
	}
	throw new Error(`accepted ${JSON.stringify(value)}`);
}

const record = (fields: Record<string, unknown> = {}) => ({
	orcid: ORCID,
	accessToken: TOKEN,
	status: 'connected',
	expiresAt: '2046-06-01T00:00:00.000Z',
	...fields,
});

describe('readResearcherToken: what it accepts', () => {
	it('returns the token trimmed, given as text or inside a stored token record', () => {
		expect(readResearcherToken(`  ${TOKEN}\n`, required)).toBe(TOKEN);
		expect(readResearcherToken(record({ accessToken: ` ${TOKEN} ` }), required)).toBe(TOKEN);
	});

	it('takes a record naming the iD as a URI, or naming none, or with no expiry', () => {
		const uri = `https://sandbox.orcid.org/${ORCID}`;
		expect(readResearcherToken(record({ orcid: uri }), required)).toBe(TOKEN);
		expect(readResearcherToken(record({ orcid: '' }), required)).toBe(TOKEN);
		expect(readResearcherToken(record({ expiresAt: null }), required)).toBe(TOKEN);
	});

	it('opens an encrypted token with the key, and returns it as stored', () => {
		const sealed = encryptToken(TOKEN, 'the key');
		expect(readResearcherToken(sealed, { ...required, encryptionKey: 'the key' })).toBe(sealed);
	});

	it.each([undefined, null, '', '   ', {}])('optional: %p is no token', (value) => {
		expect(readResearcherToken(value, optional)).toBeUndefined();
	});
});

describe('readResearcherToken: what it refuses', () => {
	it.each([undefined, null, '', '   ', {}])('required: %p is "no access token given"', (value) => {
		expect(refusal(value)).toEqual({
			problem: NO_ACCESS_TOKEN,
			description: expect.stringContaining('{{ $json.accessToken }}'),
		});
	});

	it('a record of another iD, required or not, before its status', () => {
		const other = record({ orcid: `https://orcid.org/${OTHER}`, status: 'revoked' });
		for (const options of [required, optional]) {
			expect(refusal(other, options).problem).toBe(
				`the token record belongs to ${OTHER}, not to ${ORCID}`,
			);
		}
	});

	it('a record whose iD is not an iD is shown as a value, not quoted as a token', () => {
		expect(refusal(record({ orcid: TOKEN })).problem).toMatch(
			new RegExp(`^the token record belongs to .*, not to ${ORCID}$`),
		);
		expect(refusal(record({ orcid: TOKEN })).problem).not.toContain(TOKEN);
	});

	it.each([
		['revoked', record({ status: 'revoked' })],
		['expired', record({ status: 'expired' })],
		['expired', record({ expiresAt: '2026-05-31T23:59:59.000Z' })],
	])('a record that is %s (by status or expiresAt)', (status, value) => {
		expect(refusal(value, optional)).toEqual({
			problem: `the stored token record says the token is ${status}`,
			description: expect.stringMatching(/connect again/),
		});
	});

	it('a record without a token', () => {
		expect(refusal(record({ accessToken: ' ' }), optional).problem).toBe(
			'the token record has no accessToken',
		);
	});

	it.each([
		[42, 'number'],
		[true, 'boolean'],
		[[TOKEN], 'an array'],
		[record({ accessToken: 42 }), 'number'],
	])('a token that is not text: %p', (value, kind) => {
		expect(refusal(value, optional).problem).toBe(`the access token must be text, got ${kind}`);
	});

	it.each(['revoked', ' Expired ', 'REVOKED'])('a token marked %p', (value) => {
		expect(refusal(value, optional)).toEqual({
			problem: `the token is marked ${value.trim().toLowerCase()}`,
			description: expect.stringMatching(/connect again/),
		});
	});

	it('an encrypted token without the key, or with another key', () => {
		const sealed = encryptToken(TOKEN, 'the key');
		const withoutKey = refusal(sealed, optional);
		expect(withoutKey.problem).toMatch(/encrypted .* no token encryption key/);
		expect(withoutKey.description).toMatch(/orcidenc:v1:/);
		const wrongKey = refusal(record({ accessToken: sealed }), {
			...optional,
			encryptionKey: 'another key',
		});
		expect(wrongKey.problem).toMatch(/could not be decrypted/);
		expect(wrongKey.problem).not.toContain(sealed);
	});
});

describe('researcherTokenOrError: the same verdict, the error returned', () => {
	it('returns the token, undefined, or the error readResearcherToken throws', () => {
		expect(researcherTokenOrError(` ${TOKEN} `, required)).toBe(TOKEN);
		expect(researcherTokenOrError('', optional)).toBeUndefined();
		const error = researcherTokenOrError(record({ status: 'revoked' }), required);
		expect(error).toBeInstanceOf(ResearcherTokenError);
		expect(error).toMatchObject(refusal(record({ status: 'revoked' })));
	});
});

import {
	buildAuthorizeUrl,
	isHttpsOrLoopback,
	prefillFromQuery,
	prefillToQuery,
} from '../../nodes/shared/auth/authorize';
import { resolveEnvironment } from '../../nodes/shared/orcid/environments';

const sandbox = resolveEnvironment({ environment: 'sandbox' });

describe('buildAuthorizeUrl', () => {
	it("builds ORCID's authorize URL with %20 between scopes", () => {
		const url = buildAuthorizeUrl({
			environment: sandbox,
			clientId: 'APP-EMUMEMBER0000001',
			scopes: ['/read-limited', '/activities/update'],
			redirectUri: 'https://n8n.example.edu/webhook/abc/callback',
			state: 'st.sig',
			lang: 'fr-FR',
			prefill: { givenNames: 'Josiah', familyNames: 'Carberry', email: 'j@example.edu' },
		});
		expect(url).toBe(
			'https://sandbox.orcid.org/oauth/authorize?client_id=APP-EMUMEMBER0000001&response_type=code' +
				'&scope=%2Fread-limited%20%2Factivities%2Fupdate' +
				'&redirect_uri=https%3A%2F%2Fn8n.example.edu%2Fwebhook%2Fabc%2Fcallback&state=st.sig' +
				'&lang=fr&given_names=Josiah&family_names=Carberry&email=j%40example.edu',
		);
	});

	it('sends only the iD when it is known, the nonce with openid, and no unknown language', () => {
		const url = new URL(
			buildAuthorizeUrl({
				environment: sandbox,
				clientId: 'APP-X',
				scopes: ['openid'],
				redirectUri: 'http://127.0.0.1:1/cb',
				state: 's',
				nonce: 'n1',
				lang: 'xx',
				prefill: { givenNames: 'J', orcid: '0000-0002-1825-0097' },
			}),
		);
		expect(url.searchParams.get('orcid')).toBe('0000-0002-1825-0097');
		expect(url.searchParams.get('given_names')).toBeNull();
		expect(url.searchParams.get('nonce')).toBe('n1');
		expect(url.searchParams.get('lang')).toBeNull();
	});
});

describe('prefill', () => {
	it('keeps usable values and drops the rest', () => {
		expect(
			prefillFromQuery({
				given_names: '  Josiah\u0000 ',
				family_names: 'x'.repeat(151),
				email: 'not an email',
				orcid: 'https://orcid.org/0000-0002-1825-0097',
			}),
		).toEqual({ givenNames: 'Josiah', orcid: '0000-0002-1825-0097' });
		expect(prefillFromQuery({ orcid: '0000-0002-1825-0098', email: 'a@b.org' })).toEqual({
			email: 'a@b.org',
		});
		expect(prefillToQuery({ givenNames: 'A', email: 'a@b.org' })).toEqual({
			given_names: 'A',
			email: 'a@b.org',
		});
	});
});

describe('isHttpsOrLoopback', () => {
	it.each([
		['https://n8n.example.edu/webhook/x/callback', true],
		['http://127.0.0.1:5678/webhook/x/callback', true],
		['http://localhost:5678/x', true],
		['http://[::1]:5678/x', true],
		['http://n8n.example.edu/webhook/x/callback', false],
		['ftp://example.edu', false],
		['not a url', false],
		[undefined, false],
	])('%s -> %s', (url, expected) => {
		expect(isHttpsOrLoopback(url)).toBe(expected);
	});
});

import {
	apiUrl,
	oauthUrl,
	OrcidEnvironmentError,
	orcidUri,
	resolveEnvironment,
} from '../../nodes/shared/environments';

describe('resolveEnvironment', () => {
	it('knows production', () => {
		const env = resolveEnvironment({ environment: 'production' });
		expect(env).toEqual({
			name: 'production',
			oauthBaseUrl: 'https://orcid.org',
			publicApiBaseUrl: 'https://pub.orcid.org',
			memberApiBaseUrl: 'https://api.orcid.org',
			recordBaseUrl: 'https://orcid.org',
		});
		expect(apiUrl(env, 'member', '/0000-0002-1825-0097/work')).toBe(
			'https://api.orcid.org/v3.0/0000-0002-1825-0097/work',
		);
		expect(apiUrl(env, 'public', '/0000-0002-1825-0097/record')).toBe(
			'https://pub.orcid.org/v3.0/0000-0002-1825-0097/record',
		);
		expect(oauthUrl(env, 'token')).toBe('https://orcid.org/oauth/token');
		expect(orcidUri(env, '0000-0002-1825-0097')).toBe('https://orcid.org/0000-0002-1825-0097');
	});

	it('knows the sandbox', () => {
		const env = resolveEnvironment({ environment: 'sandbox', oauthBaseUrl: 'http://ignored' });
		expect(env.oauthBaseUrl).toBe('https://sandbox.orcid.org');
		expect(apiUrl(env, 'public', 'search')).toBe('https://pub.sandbox.orcid.org/v3.0/search');
		expect(apiUrl(env, 'member', '/x')).toBe('https://api.sandbox.orcid.org/v3.0/x');
		expect(oauthUrl(env, 'authorize')).toBe('https://sandbox.orcid.org/oauth/authorize');
		expect(oauthUrl(env, 'revoke')).toBe('https://sandbox.orcid.org/oauth/revoke');
		expect(orcidUri(env, '0000-0001-5109-3700')).toBe(
			'https://sandbox.orcid.org/0000-0001-5109-3700',
		);
	});

	it('returns a copy that callers cannot use to change the presets', () => {
		const env = resolveEnvironment({ environment: 'production' });
		env.oauthBaseUrl = 'http://evil';
		expect(resolveEnvironment({ environment: 'production' }).oauthBaseUrl).toBe(
			'https://orcid.org',
		);
	});

	it('takes custom URLs, trimmed and without trailing slashes', () => {
		const env = resolveEnvironment({
			environment: 'custom',
			oauthBaseUrl: ' http://127.0.0.1:8089/ ',
			publicApiBaseUrl: 'http://127.0.0.1:8089/pub/',
			memberApiBaseUrl: 'http://127.0.0.1:8089/api',
		});
		expect(env).toEqual({
			name: 'custom',
			oauthBaseUrl: 'http://127.0.0.1:8089',
			publicApiBaseUrl: 'http://127.0.0.1:8089/pub',
			memberApiBaseUrl: 'http://127.0.0.1:8089/api',
			recordBaseUrl: 'https://sandbox.orcid.org',
		});
		expect(apiUrl(env, 'member', '/0000-0002-1825-0097/works')).toBe(
			'http://127.0.0.1:8089/api/v3.0/0000-0002-1825-0097/works',
		);
		// webhooks are unversioned on the member host
		expect(apiUrl(env, 'webhook', '/0000-0002-1825-0097/webhook/x')).toBe(
			'http://127.0.0.1:8089/api/0000-0002-1825-0097/webhook/x',
		);
		expect(oauthUrl(env, 'token')).toBe('http://127.0.0.1:8089/oauth/token');
	});

	it('uses a custom record base URL when given', () => {
		const env = resolveEnvironment({
			environment: 'custom',
			oauthBaseUrl: 'http://127.0.0.1:1',
			publicApiBaseUrl: 'http://127.0.0.1:1/pub',
			memberApiBaseUrl: 'http://127.0.0.1:1/api',
			recordBaseUrl: 'https://orcid.org/',
		});
		expect(orcidUri(env, '0000-0002-1825-0097')).toBe('https://orcid.org/0000-0002-1825-0097');
	});

	it.each([
		[{ environment: 'staging' }, 'Unknown ORCID environment "staging"', 'environment'],
		[
			{ environment: 'custom', publicApiBaseUrl: 'http://a', memberApiBaseUrl: 'http://b' },
			'needs "oauthBaseUrl"',
			'oauthBaseUrl',
		],
		[
			{
				environment: 'custom',
				oauthBaseUrl: 'localhost:8089',
				publicApiBaseUrl: 'http://a',
				memberApiBaseUrl: 'http://b',
			},
			'"oauthBaseUrl" must start with http:// or https://, got "localhost:8089"',
			'oauthBaseUrl',
		],
		[
			{
				environment: 'custom',
				oauthBaseUrl: 'http://a',
				publicApiBaseUrl: 'not a url',
				memberApiBaseUrl: 'http://b',
			},
			'"publicApiBaseUrl" is not a URL: "not a url"',
			'publicApiBaseUrl',
		],
		[
			{
				environment: 'custom',
				oauthBaseUrl: 'http://a',
				publicApiBaseUrl: 'http://b',
				memberApiBaseUrl: 'http://c/api?x=1',
			},
			'without query or fragment',
			'memberApiBaseUrl',
		],
	])('rejects %j', (settings, message, field) => {
		expect(() => resolveEnvironment(settings)).toThrow(message);
		try {
			resolveEnvironment(settings);
		} catch (error) {
			expect(error).toBeInstanceOf(OrcidEnvironmentError);
			expect((error as OrcidEnvironmentError).field).toBe(field);
		}
	});
});

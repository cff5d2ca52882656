import {
	apiUrl,
	oauthUrl,
	OrcidEnvironmentError,
	orcidUri,
	resolveEnvironment,
} from '../../nodes/shared/orcid/environments';

/** A custom environment whose APIs sit under /pub and /api of one host. */
const customAt = (base: string) => ({
	environment: 'custom',
	oauthBaseUrl: base,
	publicApiBaseUrl: `${base}/pub`,
	memberApiBaseUrl: `${base}/api`,
});

describe('resolveEnvironment', () => {
	it.each([
		[
			'production',
			{ environment: 'production' },
			'https://orcid.org',
			'https://pub.orcid.org',
			'https://api.orcid.org',
		],
		[
			'the sandbox',
			// a preset ignores URLs given beside it
			{ environment: 'sandbox', oauthBaseUrl: 'http://ignored' },
			'https://sandbox.orcid.org',
			'https://pub.sandbox.orcid.org',
			'https://api.sandbox.orcid.org',
		],
	])('knows %s', (_label, credentials, site, pub, member) => {
		const env = resolveEnvironment(credentials);
		const name = credentials.environment;
		expect(env).toEqual({
			name,
			oauthBaseUrl: site,
			publicApiBaseUrl: pub,
			memberApiBaseUrl: member,
			recordBaseUrl: site,
		});
		expect(apiUrl(env, 'member', '/0000-0002-1825-0097/work')).toBe(
			`${member}/v3.0/0000-0002-1825-0097/work`,
		);
		expect(apiUrl(env, 'member', '/x')).toBe(`${member}/v3.0/x`);
		expect(apiUrl(env, 'public', '/0000-0002-1825-0097/record')).toBe(
			`${pub}/v3.0/0000-0002-1825-0097/record`,
		);
		expect(apiUrl(env, 'public', 'search')).toBe(`${pub}/v3.0/search`);
		expect(oauthUrl(env, 'token')).toBe(`${site}/oauth/token`);
		expect(oauthUrl(env, 'authorize')).toBe(`${site}/oauth/authorize`);
		expect(oauthUrl(env, 'revoke')).toBe(`${site}/oauth/revoke`);
		expect(orcidUri(env, '0000-0002-1825-0097')).toBe(`${site}/0000-0002-1825-0097`);
		expect(orcidUri(env, '0000-0001-5109-3700')).toBe(`${site}/0000-0001-5109-3700`);
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
		// Custom URLs stand for the sandbox unless the credential says otherwise: rows made
		// through an emulator say "sandbox", like their orcidUri.
		expect(env).toEqual({
			name: 'sandbox',
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

	it('names a custom environment after the ORCID environment it stands for', () => {
		const production = resolveEnvironment({
			...customAt('http://127.0.0.1:1'),
			standsFor: 'production',
		});
		expect(production.name).toBe('production');
		// without a record base URL, iD URIs are those of the environment it stands for
		expect(orcidUri(production, '0000-0002-1825-0097')).toBe(
			'https://orcid.org/0000-0002-1825-0097',
		);
		expect(
			resolveEnvironment({ ...customAt('http://127.0.0.1:1'), standsFor: 'sandbox' }).name,
		).toBe('sandbox');
		// credentials saved before the field existed
		expect(resolveEnvironment({ ...customAt('http://127.0.0.1:1'), standsFor: '' }).name).toBe(
			'sandbox',
		);
	});

	it('uses a custom record base URL when given', () => {
		const env = resolveEnvironment({
			...customAt('http://127.0.0.1:1'),
			recordBaseUrl: 'https://orcid.org/',
		});
		expect(orcidUri(env, '0000-0002-1825-0097')).toBe('https://orcid.org/0000-0002-1825-0097');
	});

	it.each([
		[{ environment: 'staging' }, 'Unknown ORCID environment "staging"', 'environment'],
		[
			{ ...customAt('http://a'), standsFor: 'custom' },
			'"standsFor" must be sandbox or production, got "custom"',
			'standsFor',
		],
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

import {
	checkNarrowerScopes,
	parseScopes,
	scopeCovers,
	scopeExplanationKeys,
	scopesForPreset,
	scopeString,
	validateScopes,
} from '../../nodes/shared/auth/scopes';

describe('scope presets', () => {
	it.each([
		['authenticate', false, ['/authenticate']],
		['authenticate', true, ['openid']],
		['readLimited', false, ['/read-limited']],
		['readLimited', true, ['openid', '/read-limited']],
		['activitiesUpdate', false, ['/read-limited', '/activities/update']],
		['personUpdate', false, ['/read-limited', '/activities/update', '/person/update']],
		['personUpdate', true, ['openid', '/read-limited', '/activities/update', '/person/update']],
	] as const)('%s (openid %s) -> %j', (preset, openid, expected) => {
		const scopes = scopesForPreset(preset, { openid });
		expect(scopes).toEqual(expected);
		expect(scopes.includes('openid') && scopes.includes('/authenticate')).toBe(false);
	});

	it('public API clients may only ask for /authenticate or openid', () => {
		expect(scopesForPreset('authenticate', { apiType: 'public' })).toEqual(['/authenticate']);
		expect(scopesForPreset('authenticate', { apiType: 'public', openid: true })).toEqual([
			'openid',
		]);
		expect(() => scopesForPreset('readLimited', { apiType: 'public' })).toThrow(/member API/);
	});

	it('refuses unknown presets and both openid and /authenticate', () => {
		expect(() => scopesForPreset('everything' as any)).toThrow(/Unknown scope preset/);
		expect(() => validateScopes(['openid', '/authenticate'], 'member')).toThrow(/not both/);
		expect(() => validateScopes(['/read-public'], 'member')).toThrow(/not a scope a researcher/);
		expect(() => validateScopes([], 'member')).toThrow(/No scope/);
	});

	it('joins with spaces for ORCID', () => {
		expect(scopeString(['/read-limited', '/activities/update'])).toBe(
			'/read-limited /activities/update',
		);
	});
});

describe('scope helpers', () => {
	it('parses strings and arrays, dropping duplicates', () => {
		expect(parseScopes('/read-limited  /activities/update,/read-limited')).toEqual([
			'/read-limited',
			'/activities/update',
		]);
		expect(parseScopes(['openid'])).toEqual(['openid']);
		expect(parseScopes(undefined)).toEqual([]);
	});

	it('knows ORCID inheritance for narrower refreshes', () => {
		expect(scopeCovers(['openid'], '/authenticate')).toBe(true);
		expect(scopeCovers(['/read-limited'], '/authenticate')).toBe(true);
		expect(scopeCovers(['/authenticate'], '/read-limited')).toBe(false);
		expect(() =>
			checkNarrowerScopes(['/read-limited', '/activities/update'], ['/read-limited']),
		).not.toThrow();
		expect(() => checkNarrowerScopes(['/read-limited'], ['/activities/update'])).toThrow(
			/cannot be refreshed to \/activities\/update/,
		);
	});

	it('explains each granted scope', () => {
		expect(scopeExplanationKeys(['openid'])).toEqual(['scopeAuthenticate']);
		expect(scopeExplanationKeys(['/read-limited', '/activities/update', '/person/update'])).toEqual(
			['scopeAuthenticate', 'scopeReadLimited', 'scopeActivitiesUpdate', 'scopePersonUpdate'],
		);
	});
});

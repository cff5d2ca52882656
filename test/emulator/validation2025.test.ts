/**
 * ORCID's 2025 validation rules, each test citing the ORCID-Source (or orcid-model) file it
 * follows: professional activities need an organization id OR an external identifier (9062);
 * city and country only for education and employment (9060); the public-speech work type;
 * work contributor names returned exactly as written.
 */
import { TestEmulator, call, externalIds, organization, work } from './helpers';

const t = TestEmulator.forSuite();

async function fresh() {
	const orcid = await t.researcher();
	const token = await t.token(orcid);
	return { orcid, token, ...t.writer(orcid, token) };
}

const PROFESSIONAL = ['distinction', 'invited-position', 'membership', 'qualification', 'service'];

function activity(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		'role-title': 'Fellow',
		'start-date': { year: { value: '2021' } },
		organization: { name: 'Psychoceramics Society', address: {} },
		...extra,
	};
}

// ORCID-Source: orcid-core/src/main/java/org/orcid/core/manager/v3/validator/ActivityValidator.java
// (validateAffiliation, validateDisambiguatedOrgAndExternalIdentifiersForProfessionalActivities),
// orcid-core/src/main/java/org/orcid/core/exception/OrcidCoreExceptionMapper.java (9046, 9060-9062)
describe('affiliations (ActivityValidator, 2025)', () => {
	it.each(PROFESSIONAL)(
		'%s: neither an organization id nor an external identifier -> 400/9062',
		async (section) => {
			const { post } = await fresh();
			const r = await post(section, activity());
			expect(r.status).toBe(400);
			expect(r.body['error-code']).toBe(9062);
			expect(r.body['developer-message']).toMatch(/organization id\/external identifier/);
		},
	);

	it.each(PROFESSIONAL)(
		'%s: an external identifier alone, no city or country -> 201',
		async (section) => {
			const { post } = await fresh();
			const r = await post(
				section,
				activity(externalIds(['grant_number', `${section}-1`, 'self'])),
			);
			expect(r.status).toBe(201);
		},
	);

	it('a professional activity with an organization id and no address details -> 201', async () => {
		const { post } = await fresh();
		const r = await post(
			'distinction',
			activity({ organization: organization('ORCID', {}, '385488', 'RINGGOLD') }),
		);
		expect(r.status).toBe(201);
	});

	it('a professional activity still needs an organization (9046) and a country with a city (9061)', async () => {
		const { post } = await fresh();
		const ids = externalIds(['grant_number', 'm-1', 'self']);
		const noOrg = await post('membership', { ...activity(ids), organization: undefined });
		expect(noOrg.status).toBe(400);
		expect(noOrg.body['error-code']).toBe(9046);
		const cityOnly = await post(
			'membership',
			activity({ ...ids, organization: { name: 'X', address: { city: 'Paris' } } }),
		);
		expect(cityOnly.body['error-code']).toBe(9061);
	});

	it.each(['education', 'employment'])(
		'%s still needs a disambiguated organization (9045) and city and country (9060)',
		async (section) => {
			const { post } = await fresh();
			const ids = externalIds(['grant_number', 'e-1', 'self']);
			const noId = await post(section, activity(ids));
			expect(noId.body['error-code']).toBe(9045);
			const noCity = await post(
				section,
				activity({ organization: organization('ORCID', { country: 'US' }, '385488', 'RINGGOLD') }),
			);
			expect(noCity.body['error-code']).toBe(9060);
		},
	);
});

describe('works', () => {
	// orcid-model: src/main/java/org/orcid/jaxb/model/common/WorkType.java (PUBLIC_SPEECH, 2025)
	it('accepts the public-speech work type', async () => {
		const { post } = await fresh();
		const r = await post('work', work('10.7777/speech', { type: 'public-speech' }));
		expect(r.status).toBe(201);
	});

	// ORCID-Source PR #7326 removed orcid-core/src/main/java/org/orcid/core/utils/v3/ContributorUtils
	// .filterContributorPrivateData(Work): the credit name is no longer replaced by the named
	// record's public name (or emptied when that name is private)
	it('returns a contributor name exactly as written, even for an iD whose name is private', async () => {
		const hidden = await t.researcher({
			givenNames: 'Hidden',
			familyName: 'Name',
			nameVisibility: 'private',
		});
		const { orcid, token, create } = await fresh();
		const written = ' J.  Carberry (Brown) ';
		const pc = await create(
			'work',
			work('10.7777/contrib', {
				contributors: {
					contributor: [
						{
							'contributor-orcid': {
								uri: `https://sandbox.orcid.org/${hidden}`,
								path: hidden,
								host: 'sandbox.orcid.org',
							},
							'credit-name': { value: written },
							'contributor-attributes': { 'contributor-role': 'author' },
						},
					],
				},
			}),
		);
		for (const url of [t.member(`/${orcid}/work/${pc}`), t.member(`/${orcid}/works/${pc}`)]) {
			const r = await call('GET', url, { token });
			const work = r.body.bulk ? r.body.bulk[0].work : r.body;
			expect(work.contributors.contributor[0]['credit-name'].value).toBe(written);
		}
	});
});

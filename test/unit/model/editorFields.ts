/**
 * Organizations as the editor's fields give them, shared by the builder and validation tests.
 */

export const ROR_ORG = {
	name: 'Boston University',
	city: 'Boston',
	region: 'MA',
	country: 'US',
	disambiguatedId: 'https://ror.org/05qwgg493',
	disambiguationSource: 'ROR',
};

/** The least an organization needs: a name and a disambiguated id. */
export const RINGGOLD_ORG = {
	name: 'Org',
	disambiguatedId: '385488',
	disambiguationSource: 'RINGGOLD',
};

export const GRID_HOST = {
	name: 'H',
	disambiguatedId: 'grid.455335.1',
	disambiguationSource: 'GRID',
};

/** A research resource proposal with only what ORCID requires. */
export const MINIMAL_PROPOSAL = {
	title: 'P',
	hosts: [GRID_HOST],
	externalIds: [{ type: 'proposal-id', value: 'p' }],
};

/** The least each person item needs. */
export const MINIMAL_PERSON_ITEMS = {
	keyword: { content: 'k' },
	'other-name': { content: 'n' },
	'researcher-url': { url: 'https://x.org' },
	'external-identifier': { type: 'Local ID', value: 'A-1' },
};

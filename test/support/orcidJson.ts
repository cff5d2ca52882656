/**
 * Builders of ORCID v3.0 JSON pieces that tests write out again and again (external
 * identifiers, organizations), for request bodies and for expected values alike.
 */

/** One external identifier; `url` only when given. */
export function externalId(
	type: string,
	value: string,
	relationship = 'self',
	url?: string,
): Record<string, unknown> {
	return {
		'external-id-type': type,
		'external-id-value': value,
		...(url === undefined ? {} : { 'external-id-url': { value: url } }),
		'external-id-relationship': relationship,
	};
}

/** An `external-ids` block, one [type, value, relationship, url?] per identifier. */
export function externalIds(...ids: Array<[string, string, string, string?]>) {
	return { 'external-ids': { 'external-id': ids.map((id) => externalId(...id)) } };
}

/** An organization, disambiguated when an identifier and its source are given. */
export function organization(
	name: string,
	address: Record<string, string>,
	identifier?: string,
	source?: string,
): Record<string, unknown> {
	const disambiguated =
		identifier === undefined
			? {}
			: {
					'disambiguated-organization': {
						'disambiguated-organization-identifier': identifier,
						'disambiguation-source': source,
					},
				};
	return { name, address, ...disambiguated };
}

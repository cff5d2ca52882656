/**
 * Organizations (affiliations, funders, convening and host organizations): name, address
 * (ORCID answers 9060 / 9061) and the disambiguated id in the shape of its source (9045).
 */
import { DISAMBIGUATION_SOURCES, isCountryCode, isOneOf } from '../enums';
import { showValue } from '../errors';
import { isObject, text } from '../json';
import { Checker, JsonPath, checkEnum, checkText } from './checker';

const ROR_ID = /^https:\/\/ror\.org\/0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$/;
const FUNDREF_ID = /^((https?:\/\/(dx\.)?doi\.org\/)?10\.13039\/)?[0-9]+$/;
const GRID_ID = /^grid\.[0-9]+\.[0-9a-f]+$/;
const RINGGOLD_ID = /^[0-9]+$/;

function checkDisambiguatedId(c: Checker, path: JsonPath, source: string, id: string): void {
	const shapes: Record<string, [RegExp, string]> = {
		ROR: [
			ROR_ID,
			'https://ror.org/ followed by the 9-character ROR id, e.g. https://ror.org/05qwgg493',
		],
		FUNDREF: [FUNDREF_ID, 'a Crossref Funder ID such as http://dx.doi.org/10.13039/100000001'],
		GRID: [GRID_ID, 'a GRID id such as grid.455335.1'],
		RINGGOLD: [RINGGOLD_ID, 'the numeric Ringgold id, e.g. 385488'],
	};
	const shape = shapes[source];
	if (shape && !shape[0].test(id)) {
		c.add(path, `${showValue(id)} is not a ${source} identifier; expected ${shape[1]}`, id);
	}
}

interface OrgRule {
	requireDisambiguated: boolean;
	requireCityCountry: boolean;
	label: string;
}

export function checkOrganization(c: Checker, path: JsonPath, org: unknown, rule: OrgRule): void {
	if (org === undefined || org === null) {
		const parts = rule.requireDisambiguated ? 'name, country and disambiguated id' : 'name';
		c.add(path, `is required: the ${rule.label} with its ${parts}`, org);
		return;
	}
	if (!isObject(org)) {
		c.add(path, `must be an organization object, got ${showValue(org)}`, org);
		return;
	}
	checkText(c, [...path, 'name'], org.name, { required: true, max: 4000 });
	checkAddress(c, path, org.address, rule);
	checkDisambiguated(
		c,
		[...path, 'disambiguated-organization'],
		org['disambiguated-organization'],
		rule,
	);
}

/** City and country where ORCID needs them (9060), a country with a city or region (9061). */
function checkAddress(c: Checker, path: JsonPath, address: unknown, rule: OrgRule): void {
	let city: string | null = null;
	let region: string | null = null;
	let country: unknown = null;
	if (address !== undefined && address !== null) {
		if (!isObject(address)) {
			c.add(
				[...path, 'address'],
				`must be an object with city, region, country, got ${showValue(address)}`,
				address,
			);
		} else {
			city = checkText(c, [...path, 'address', 'city'], address.city, { max: 4000 });
			region = checkText(c, [...path, 'address', 'region'], address.region, { max: 4000 });
			country = address.country;
			if (country !== undefined && country !== null) {
				const code = text(country);
				if (!isCountryCode(code)) {
					c.add(
						[...path, 'address', 'country'],
						`${showValue(code ?? country)} is not an ISO 3166-1 alpha-2 country code (e.g. US, GB, DE)`,
						country,
					);
				}
			}
		}
	}
	const hasCountry = country !== undefined && country !== null;
	if (rule.requireCityCountry) {
		if (city === null) {
			c.add(
				[...path, 'address', 'city'],
				'is required for employment and education (ORCID answers 9060)',
				city,
			);
		}
		if (!hasCountry) {
			c.add(
				[...path, 'address', 'country'],
				'is required for employment and education (ORCID answers 9060)',
				country,
			);
		}
	} else if ((city !== null || region !== null) && !hasCountry) {
		c.add(
			[...path, 'address', 'country'],
			'is required when a city or region is given (ORCID answers 9061)',
			country,
		);
	}
}

/** The disambiguated organization: its id in the shape of its source (9045 when missing). */
function checkDisambiguated(c: Checker, path: JsonPath, dis: unknown, rule: OrgRule): void {
	if (dis === undefined || dis === null) {
		if (rule.requireDisambiguated) {
			c.add(
				path,
				`is required: ORCID needs a RINGGOLD, FUNDREF, ROR or GRID id for the ${rule.label} (9045)`,
				dis,
			);
		}
		return;
	}
	if (!isObject(dis)) {
		c.add(path, `must be an object, got ${showValue(dis)}`, dis);
		return;
	}
	const id = checkText(
		c,
		[...path, 'disambiguated-organization-identifier'],
		dis['disambiguated-organization-identifier'],
		{ required: true, max: 500, why: 'the ROR, Ringgold, Crossref Funder or GRID id' },
	);
	const source = dis['disambiguation-source'];
	checkEnum(
		c,
		[...path, 'disambiguation-source'],
		source,
		DISAMBIGUATION_SOURCES,
		'disambiguation source',
		true,
	);
	if (id !== null && isOneOf(DISAMBIGUATION_SOURCES, source)) {
		checkDisambiguatedId(c, [...path, 'disambiguated-organization-identifier'], source, id);
	}
}

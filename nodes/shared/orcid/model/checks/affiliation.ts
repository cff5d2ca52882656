/** Affiliations: employment, education and the professional activities. */
import { ItemType } from '../itemTypes';
import { JsonObject, isObject, text } from '../json';
import { Checker, checkStartEnd, checkText, checkUrl } from './checker';
import { checkExternalIds } from './externalIds';
import { checkOrganization } from './organization';

function hasDisambiguatedId(org: unknown): boolean {
	if (!isObject(org)) return false;
	const dis = org['disambiguated-organization'];
	return isObject(dis) && text(dis['disambiguated-organization-identifier']) !== null;
}

function hasExternalId(ids: unknown): boolean {
	return isObject(ids) && Array.isArray(ids['external-id']) && ids['external-id'].length > 0;
}

/**
 * Since 2025 only education and employment need a disambiguated organization with city and
 * country (9045, 9060); the professional activities need a disambiguated organization OR an
 * external identifier (9062). ORCID-Source: orcid-core/.../v3/validator/ActivityValidator.java
 * (validateAffiliation, validateDisambiguatedOrgAndExternalIdentifiersForProfessionalActivities).
 */
export function checkAffiliation(c: Checker, itemType: ItemType, a: JsonObject): void {
	checkText(c, ['department-name'], a['department-name'], { max: 4000 });
	checkText(c, ['role-title'], a['role-title'], { max: 4000 });
	checkStartEnd(c, [], a);
	const educationOrEmployment = itemType === 'employment' || itemType === 'education';
	checkOrganization(c, ['organization'], a.organization, {
		requireDisambiguated: educationOrEmployment,
		requireCityCountry: educationOrEmployment,
		label: 'organization',
	});
	if (a.url !== undefined && a.url !== null) checkUrl(c, ['url'], a.url);
	checkExternalIds(c, ['external-ids'], a['external-ids'], {
		orcidTypeNames: true,
		required: false,
	});
	if (
		!educationOrEmployment &&
		isObject(a.organization) &&
		!hasDisambiguatedId(a.organization) &&
		!hasExternalId(a['external-ids'])
	) {
		c.add(
			['organization', 'disambiguated-organization'],
			`is required unless the ${itemType} has an external identifier: ORCID needs a RINGGOLD, FUNDREF, ROR or GRID id or an external identifier (9062)`,
			undefined,
		);
	}
}

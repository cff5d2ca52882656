import {
	COMMON_RULES,
	ExternalIdInput,
	ItemFieldsBase,
	OrganizationInput,
	buildExternalIds,
	buildOrganization,
	externalIdRules,
	fieldsObject,
	organizationRules,
	putCodeOf,
	token,
} from './common';
import { parseFuzzyDate } from './dates';
import { ModelValidationError, showValue } from './errors';
import { AFFILIATION_TYPES, AffiliationType, isAffiliationType } from './itemTypes';
import { JsonObject, clean, compact, wrap } from './json';
import { FieldRule, assertValidBuilt } from './validate';

/** Shared by employment, education, distinction, invited-position, membership, qualification, service. */
export interface AffiliationFields extends ItemFieldsBase {
	/** employment and education: disambiguatedId + source, city and country; the others: disambiguatedId or an external id */
	organization: OrganizationInput;
	department?: string;
	roleTitle?: string;
	startDate?: string;
	endDate?: string;
	url?: string;
	externalIds?: ExternalIdInput[];
}

export const AFFILIATION_FIELD_RULES: FieldRule[] = [
	...COMMON_RULES,
	['department-name', 'department'],
	['role-title', 'roleTitle'],
	['start-date', 'startDate'],
	['end-date', 'endDate'],
	...organizationRules('organization', 'organization'),
	['url', 'url'],
	...externalIdRules('external-ids', 'externalIds'),
];

/** Editor fields -> ORCID v3.0 JSON for one of the seven affiliation types. */
export function buildAffiliation(
	affiliationType: AffiliationType,
	fields: AffiliationFields,
): JsonObject {
	if (!isAffiliationType(affiliationType)) {
		throw new ModelValidationError(
			'itemType',
			`${showValue(affiliationType)} is not an affiliation type; expected one of ${AFFILIATION_TYPES.join(', ')}`,
			affiliationType,
		);
	}
	const f = fieldsObject(fields, affiliationType);
	const json = compact({
		'put-code': putCodeOf(f.putCode),
		'department-name': clean(f.department),
		'role-title': clean(f.roleTitle),
		'start-date': parseFuzzyDate(f.startDate, 'startDate'),
		'end-date': parseFuzzyDate(f.endDate, 'endDate'),
		organization: buildOrganization(f.organization, 'organization'),
		url: wrap(clean(f.url)),
		'external-ids': buildExternalIds(f.externalIds, 'externalIds'),
		visibility: token(f.visibility),
	}) as JsonObject;
	return assertValidBuilt(affiliationType, json, AFFILIATION_FIELD_RULES);
}

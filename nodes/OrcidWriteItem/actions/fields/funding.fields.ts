import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { FUNDING_TYPES } from '../../../shared/orcid/model/enums';
import {
	additionalFieldsProperty,
	contributorsOption,
	dateOption,
	enumerationProperty,
	externalIdsProperty,
	fixedList,
	nonBlank,
	organizationProperties,
	readOrganization,
	requiredTextProperty,
	shortDescriptionOption,
	translatedTitleOptions,
	type ParamReader,
	urlOption,
} from './shared';

export const fundingProperties: INodeProperties[] = [
	requiredTextProperty(
		['funding'],
		'Title',
		'fundingTitle',
		'e.g. Bacterial degradation of polymers',
		'The title of the grant, contract or award as the funder names it',
	),
	enumerationProperty(
		['funding'],
		'Funding Type',
		'fundingType',
		FUNDING_TYPES,
		'grant',
		"ORCID's kind of funding: Grant, Contract, Award or Salary Award",
	),
	...organizationProperties(['funding'], 'funder', 'Funder', false),
	externalIdsProperty(
		['funding'],
		'Grant numbers and other identifiers of the funding; one with relationship Self identifies it (ORCID finds duplicates by it)',
	),
	additionalFieldsProperty(['funding'], 'fundingFields', [
		{
			displayName: 'Amount',
			name: 'amount',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1000000',
			description: 'Digits with an optional decimal point; needs a currency',
		},
		contributorsOption(
			'Lead, co-lead, supported-by, other-contribution, or a CRediT role URI',
			false,
		),
		{
			displayName: 'Currency',
			name: 'currency',
			type: 'string',
			default: '',
			placeholder: 'e.g. EUR',
			description: 'ISO 4217 currency code of the amount',
		},
		dateOption('End Date', 'endDate', 'e.g. 2024-12'),
		{
			displayName: 'Funder Defined Type',
			name: 'organizationDefinedType',
			type: 'string',
			default: '',
			placeholder: 'e.g. Starting Grant',
			description:
				"The funder's own name for this kind of funding (ORCID: organization-defined-type), shown beside the funding type",
		},
		{
			displayName: 'Grant Number',
			name: 'grantNumber',
			type: 'string',
			default: '',
			placeholder: 'e.g. 851234',
			description: 'Shortcut: becomes a grant_number identifier with relationship Self',
		},
		{
			displayName: 'Grant URL',
			name: 'grantUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://cordis.europa.eu/project/851234',
			description: "The grant's page at the funder: the URL of the Grant Number identifier",
		},
		shortDescriptionOption(),
		dateOption('Start Date', 'startDate', 'e.g. 2020-01'),
		...translatedTitleOptions(),
		urlOption('e.g. https://example.org/funding/851234'),
	]),
];

/** The funding's builder fields (model/funding.ts FundingFields). */
export function readFunding(get: ParamReader): IDataObject {
	const { contributors, ...rest } = nonBlank((get('fundingFields', {}) as IDataObject) ?? {});
	const fields: IDataObject = {
		...rest,
		title: get('fundingTitle', '') as string,
		type: get('fundingType', '') as string,
		organization: readOrganization(get, 'funder'),
		externalIds: fixedList(get('externalIds', {}), 'externalId'),
	};
	const people = fixedList(contributors, 'contributor');
	if (people.length) fields.contributors = people;
	return fields;
}

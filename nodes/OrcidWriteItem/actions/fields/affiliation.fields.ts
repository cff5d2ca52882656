import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { AFFILIATION_RESOURCES } from '../itemTypes';
import {
	additionalFieldsProperty,
	DATE_DESCRIPTION,
	externalIdsProperty,
	fixedList,
	nonBlank,
	organizationProperties,
	readOrganization,
	showFields,
	type ParamReader,
	urlOption,
} from './shared';

const show = showFields(AFFILIATION_RESOURCES);

export const affiliationProperties: INodeProperties[] = [
	...organizationProperties(
		AFFILIATION_RESOURCES,
		'organization',
		'Organization',
		false,
		'Required for employment and education; a distinction, invited position, membership, qualification or service needs it or an external identifier',
	),
	{
		displayName: 'Department',
		name: 'department',
		type: 'string',
		default: '',
		placeholder: 'e.g. Department of Psychoceramics',
		description: 'Optional. The department, faculty or unit within the organization.',
		displayOptions: show,
	},
	{
		displayName: 'Role Title',
		name: 'roleTitle',
		type: 'string',
		default: '',
		placeholder: 'e.g. Professor',
		description: 'Optional. The researcher\'s position or degree, as the organization names it.',
		displayOptions: show,
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2018-09',
		description: DATE_DESCRIPTION,
		displayOptions: show,
	},
	additionalFieldsProperty(AFFILIATION_RESOURCES, 'affiliationFields', [
		{
			displayName: 'End Date',
			name: 'endDate',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2023-08-31',
			description: `${DATE_DESCRIPTION}; needs a start date`,
		},
		urlOption('e.g. https://example.org/people/carberry'),
	]),
	externalIdsProperty(
		AFFILIATION_RESOURCES,
		'Optional identifiers of the affiliation (e.g. your own source-work-id); one with relationship Self lets ORCID recognise it again',
	),
];

/** Builder fields shared by the seven affiliation types (model/affiliation.ts AffiliationFields). */
export function readAffiliation(get: ParamReader): IDataObject {
	const extra = nonBlank((get('affiliationFields', {}) as IDataObject) ?? {});
	return nonBlank({
		...extra,
		organization: readOrganization(get, 'organization'),
		department: get('department', '') as string,
		roleTitle: get('roleTitle', '') as string,
		startDate: get('startDate', '') as string,
		externalIds: fixedList(get('externalIds', {}), 'externalId'),
	});
}

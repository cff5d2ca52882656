import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { RELATIONSHIPS, RESOURCE_TYPES } from '../../../shared/orcid/model/enums';
import {
	additionalFieldsProperty,
	dateOption,
	externalIdsProperty,
	fixedList,
	nonBlank,
	optionsOf,
	organizationProperties,
	readOrganization,
	requiredTextProperty,
	showFields,
	translatedTitleOptions,
	type ParamReader,
	urlOption,
} from './shared';

const show = showFields(['researchResource']);

export const researchResourceProperties: INodeProperties[] = [
	requiredTextProperty(
		['researchResource'],
		'Proposal Title',
		'proposalTitle',
		'e.g. Cryo-EM time for the psychoceramics project',
		'The title of the proposal the resource was granted for',
	),
	...organizationProperties(['researchResource'], 'host', 'Host', false),
	externalIdsProperty(
		['researchResource'],
		'Identifiers of the proposal, e.g. a proposal-id with relationship Self (ORCID finds duplicates by them)',
	),
	{
		displayName: 'Resource Items',
		name: 'resourceItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Resource Item',
		default: {},
		description: 'At least one resource used (hosted by the host above)',
		displayOptions: show,
		options: [
			{
				displayName: 'Resource Item',
				name: 'resourceItem',
				values: [
					{
						displayName: 'Identifier Relationship',
						name: 'idRelationship',
						type: 'options',
						options: optionsOf(RELATIONSHIPS),
						default: 'self',
						description: 'How the identifier relates to this resource: usually Self',
					},
					{
						displayName: 'Identifier Type',
						name: 'idType',
						type: 'string',
						default: 'rrid',
						placeholder: 'e.g. rrid',
						description: 'ORCID\'s identifier type in lowercase: rrid, doi, uri',
					},
					{
						displayName: 'Identifier Value',
						name: 'idValue',
						type: 'string',
						default: '',
						placeholder: 'e.g. RRID:SCR_012345',
						description: 'The identifier of the resource itself (ORCID needs one per resource)',
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Titan Krios G3i',
						description: 'The name of the instrument, collection, service or infrastructure',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: optionsOf(RESOURCE_TYPES),
						default: 'equipment',
						description:
							"ORCID's kind of resource: Equipment, Collections, Services or Infrastructures",
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						description: 'Optional. The resource\'s web page.',
					},
				],
			},
		],
	},
	additionalFieldsProperty(['researchResource'], 'researchResourceFields', [
		dateOption('End Date', 'endDate'),
		dateOption('Start Date', 'startDate'),
		...translatedTitleOptions(),
		urlOption(),
	]),
];

/** The research resource's builder fields (model/researchResource.ts). */
export function readResearchResource(get: ParamReader): IDataObject {
	const host = readOrganization(get, 'host');
	const extra = nonBlank((get('researchResourceFields', {}) as IDataObject) ?? {});
	const items = fixedList(get('resourceItems', {}), 'resourceItem').map((item) => {
		const { idType, idValue, idRelationship, ...rest } = item;
		const entry: IDataObject = { ...rest, hosts: [host] };
		entry.externalIds =
			idValue === undefined
				? []
				: [
						nonBlank({
							type: idType,
							value: idValue,
							relationship: idRelationship,
						}),
					];
		return entry;
	});
	return {
		proposal: nonBlank({
			...extra,
			title: get('proposalTitle', '') as string,
			hosts: [host],
			externalIds: fixedList(get('externalIds', {}), 'externalId'),
		}),
		resourceItems: items,
	};
}

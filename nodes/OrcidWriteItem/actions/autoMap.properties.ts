/**
 * The editor side of Data Mode (helpers/autoMap.ts reads it): the choice, and what an input
 * item must carry when its fields are mapped automatically.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { ignoreOtherFieldsProperty } from '../../shared/node/nodeDescription';
import { builderFieldNames } from '../../shared/orcid/model/fieldNames';
import { AUTO_MAP, DEFINE_BELOW } from '../helpers/autoMap';
import { BODY_OPERATIONS } from './fields/shared';
import { itemTypeOfResource, type WriteResource } from './itemTypes';

/** Shown only when each value is set in the editor. */
export const MAPPED_BELOW: IDisplayOptions = { show: { dataMode: [DEFINE_BELOW] } };

export const dataModeProperty: INodeProperties = {
	displayName: 'Data Mode',
	name: 'dataMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Auto-Map Input Data to Fields',
			value: AUTO_MAP,
			description:
				"Use when the input item's field names are the ones this node reads: orcid, accessToken, putCode and the item's fields (title, type, externalIds ...)",
		},
		{
			name: 'Map Each Field Below',
			value: DEFINE_BELOW,
			description: 'Set each value below, fixed or with an expression',
		},
	],
	default: DEFINE_BELOW,
};

const AUTO: IDisplayOptions['show'] = { dataMode: [AUTO_MAP] };

function fieldsNotice(resource: WriteResource): INodeProperties {
	const itemType = itemTypeOfResource(resource);
	const names = builderFieldNames(itemType).filter((n) => n !== 'putCode');
	if (itemType === 'peer-review') names.push('groupName', 'groupDescription', 'groupType');
	return {
		displayName: `Each input item gives orcid, accessToken (putCode to update) and the ${itemType}'s fields by these names: ${names.join(', ')}. Empty values are left out.`,
		name: 'autoMapFieldsNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { ...AUTO, resource: [resource], operation: BODY_OPERATIONS, inputMode: ['fields'] },
		},
	};
}

/** The notices telling which fields are read, and what to do with the item's other fields. */
export function autoMapProperties(resources: WriteResource[]): INodeProperties[] {
	return [
		{
			displayName:
				'Each input item gives orcid, accessToken and putCode (Update and Delete); with ORCID JSON the item in orcidJson, with ORCID XML in orcidXml, as ORCID Sync Diff outputs them. Other fields are left alone.',
			name: 'autoMapNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { ...AUTO, operation: BODY_OPERATIONS, inputMode: ['json', 'xml'] } },
		},
		{
			displayName:
				'Each input item gives orcid, accessToken and putCode. Other fields are left alone.',
			name: 'autoMapDeleteNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { ...AUTO, operation: ['delete'] } },
		},
		...resources.map(fieldsNotice),
		ignoreOtherFieldsProperty({ ...AUTO, operation: BODY_OPERATIONS, inputMode: ['fields'] }),
	];
}

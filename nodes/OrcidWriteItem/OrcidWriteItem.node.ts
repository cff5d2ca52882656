import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { writeItemProperties } from './actions/properties';
import { router } from './actions/router';

/** Writes works, fundings, affiliations, peer reviews, research resources and person items. */
export class OrcidWriteItem implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ORCID Write Item',
		name: 'orcidWriteItem',
		icon: { light: 'file:../shared/icons/orcid.svg', dark: 'file:../shared/icons/orcid.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Add, update and delete works, fundings, affiliations, peer reviews and other items on ORCID records',
		defaults: { name: 'ORCID Write Item' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Items', 'Traffic'],
		credentials: [
			{
				name: 'orcidMemberOAuth2Api',
				required: true,
				displayOptions: { show: { apiType: ['member'] } },
			},
			{
				name: 'orcidPublicOAuth2Api',
				required: true,
				displayOptions: { show: { apiType: ['public'] } },
			},
		],
		properties: writeItemProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

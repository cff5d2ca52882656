import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { readRecordProperties } from './actions/properties';
import { router } from './actions/router';

/** Reads ORCID records, sections, items and search results, raw or simplified for forms. */
export class OrcidReadRecord implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ORCID Read Record',
		name: 'orcidReadRecord',
		icon: { light: 'file:../shared/icons/orcid.svg', dark: 'file:../shared/icons/orcid.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read ORCID records, sections, works and other items, or search researchers; raw or simplified',
		defaults: { name: 'ORCID Read Record' },
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
		properties: readRecordProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

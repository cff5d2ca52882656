import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import * as token from './actions/token/Token.resource';

/** A researcher's ORCID connection: start links, code exchange, refresh, check, revoke, display. */
export class OrcidToken implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ORCID Token',
		name: 'orcidToken',
		icon: { light: 'file:../shared/icons/orcid.svg', dark: 'file:../shared/icons/orcid.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: "Create start links and manage researchers' ORCID tokens",
		defaults: { name: 'ORCID Token' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Result', 'Traffic'],
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
		properties: [
			{
				displayName: 'ORCID API',
				name: 'apiType',
				type: 'options',
				options: [
					{ name: 'Member API', value: 'member' },
					{ name: 'Public API', value: 'public' },
				],
				default: 'member',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Token', value: 'token' }],
				default: 'token',
			},
			...token.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

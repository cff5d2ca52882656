import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { orcidNodeDescription, singleResourceProperties } from '../shared/node/nodeDescription';
import { router } from './actions/router';
import * as token from './actions/token/Token.resource';

/** A researcher's ORCID connection: start links, code exchange, refresh, check, revoke, display. */
export class OrcidToken implements INodeType {
	description: INodeTypeDescription = {
		...orcidNodeDescription({
			displayName: 'ORCID Token',
			name: 'orcidToken',
			group: ['transform'],
			description: "Create start links and manage researchers' ORCID tokens",
			outputNames: ['Result', 'Traffic'],
			properties: [
				...singleResourceProperties(
					'Token',
					'token',
					undefined,
					"Researchers' access tokens: start links, permission requests, checks, refresh and revoke",
				),
				...token.description,
			],
		}),
		// n8n's lint reads these from the class itself (and checks the icon files)
		icon: { light: 'file:../shared/icons/orcid.svg', dark: 'file:../shared/icons/orcid.dark.svg' },
		subtitle: '={{$parameter["operation"]}}',
		usableAsTool: true,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

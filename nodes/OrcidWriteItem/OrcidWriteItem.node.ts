import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { orcidNodeDescription } from '../shared/node/nodeDescription';
import { writeItemProperties } from './actions/properties';
import { router } from './actions/router';

/** Writes works, fundings, affiliations, peer reviews, research resources and person items. */
export class OrcidWriteItem implements INodeType {
	description: INodeTypeDescription = {
		...orcidNodeDescription({
			displayName: 'ORCID Write Item',
			name: 'orcidWriteItem',
			group: ['output'],
			description:
				'Add, update and delete works, fundings, affiliations, peer reviews and other items on ORCID records',
			outputNames: ['Items', 'Traffic'],
			properties: writeItemProperties,
		}),
		// n8n's lint reads these from the class itself (and checks the icon files)
		icon: { light: 'file:../shared/icons/orcid.svg', dark: 'file:../shared/icons/orcid.dark.svg' },
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		usableAsTool: true,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { orcidNodeDescription } from '../shared/node/nodeDescription';
import { readRecordProperties } from './actions/properties';
import { router } from './actions/router';

/** Reads ORCID records, sections, items and search results, raw or simplified for forms. */
export class OrcidReadRecord implements INodeType {
	description: INodeTypeDescription = {
		...orcidNodeDescription({
			displayName: 'ORCID Read Record',
			name: 'orcidReadRecord',
			group: ['input'],
			description:
				'Read ORCID records, sections, works and other items, or search researchers; raw or simplified',
			outputNames: ['Items', 'Traffic'],
			properties: readRecordProperties,
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

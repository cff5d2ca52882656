import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { orcidNodeDescription, singleResourceProperties } from '../shared/node/nodeDescription';
import { router } from './actions/router';
import { OUTPUT_NAMES } from './actions/sync/diff.operation';
import * as sync from './actions/sync/Sync.resource';

/** Two-way sync without duplicates: local items against each researcher's ORCID activities. */
export class OrcidSyncDiff implements INodeType {
	description: INodeTypeDescription = {
		...orcidNodeDescription({
			displayName: 'ORCID Sync Diff',
			name: 'orcidSyncDiff',
			group: ['transform'],
			description:
				'Compare local items with ORCID records: what to create, update, delete, leave, collect or check',
			outputNames: [...OUTPUT_NAMES, 'Traffic'],
			properties: [
				// version 1's Resource and Operation had one choice each: kept so its workflows load
				...singleResourceProperties('Sync', 'sync', {
					description:
						"The credential to use. Member: reads with the researcher's token show their private items; public reads do not.",
				}).map((p) =>
					p.name === 'resource' ? { ...p, displayOptions: { show: { '@version': [1] } } } : p,
				),
				...sync.description,
			],
		}),
		// n8n's lint reads these from the class itself (and checks the icon files)
		icon: { light: 'file:../shared/icons/orcid.svg', dark: 'file:../shared/icons/orcid.dark.svg' },
		subtitle:
			'={{ "diff: " + ($parameter["remoteSource"] === "input" ? "given ORCID data" : "fetch from ORCID") }}',
		usableAsTool: true,
		version: [1, 2],
		defaultVersion: 2,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

import type { INodeProperties } from 'n8n-workflow';

import * as diff from './diff.operation';

export { diff };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { '@version': [1], resource: ['sync'] } },
		options: [
			{
				name: 'Diff',
				value: 'diff',
				description:
					"Compare local items with each researcher's ORCID activities and route them to create, update, delete, unchanged, remote only or conflict",
				action: 'Diff local items against ORCID for sync',
			},
		],
		default: 'diff',
	},
	...diff.description,
];

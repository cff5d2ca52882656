import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import {
	getFollowing,
	outputOptions,
	readEach,
	readReader,
	ReadFieldError,
	shape,
	type ReadContext,
} from '../../helpers/read';
import { SECTIONS } from '../sections';
import { itemParameter } from '../../../shared/parameters';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['section'], operation: ['get'] } },
	[
		{
			displayName: 'Section',
			name: 'section',
			type: 'options',
			options: Object.entries(SECTIONS)
				.map(([value, info]) => ({ name: info.displayName, value }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: 'works',
		},
	],
);

/** Reads one section list (GET /{orcid}/works, /employments, /keywords ...) per input item. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	rc: ReadContext,
): Promise<INodeExecutionData[]> {
	return await readEach(this, items, async (itemIndex) => {
		const name = itemParameter(this, 'section', itemIndex, 'works') as string;
		const section = SECTIONS[name];
		if (!section) throw new ReadFieldError('section', `unknown section "${name}"`);
		const reader = readReader(this, rc, itemIndex);
		const { output, split } = outputOptions(this, itemIndex);
		const { response, orcid } = await getFollowing(
			rc,
			reader,
			itemIndex,
			(id) => `/${id}${section.path}`,
			output === 'xml' ? 'xml' : 'json',
		);
		return shape(response.body, {
			kind: 'section',
			output,
			split,
			orcid,
			section,
			movedFrom: orcid === reader.orcid ? undefined : reader.orcid,
		});
	});
}

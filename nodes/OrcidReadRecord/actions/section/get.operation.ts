import type { INodeProperties } from 'n8n-workflow';

import { itemParameter } from '../../../shared/node/parameters';
import { FieldError } from '../../../shared/node/runner';
import { forOperation, perItem, readDocument } from '../operation';
import { SECTIONS } from '../sections';

export const description: INodeProperties[] = forOperation('section', 'get', [
	{
		displayName: 'Section',
		name: 'section',
		type: 'options',
		options: Object.entries(SECTIONS)
			.map(([value, info]) => ({ name: info.displayName, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: 'works',
		description:
			'Which list of the record to read: activities (works, fundings, affiliations, peer reviews ...) come as summaries with put codes; person sections (keywords, websites ...) in full',
	},
]);

/** Reads one section list (GET /{orcid}/works, /employments, /keywords ...) per input item. */
export const execute = perItem(async (ctx, rc, itemIndex) => {
	const name = itemParameter(ctx, 'section', itemIndex, 'works') as string;
	const section = SECTIONS[name];
	if (!section) throw new FieldError('section', `unknown section "${name}"`);
	return await readDocument(ctx, rc, itemIndex, {
		kind: 'section',
		section,
		pathOf: (id) => `/${id}${section.path}`,
	});
});

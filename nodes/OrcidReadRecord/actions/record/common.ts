import type { INodeProperties } from 'n8n-workflow';

import { perItem, readDocument } from '../operation';

/**
 * A whole-record document operation: the record, the person or the activities of each input
 * item's iD. They have no parameters of their own.
 */
export function documentOperation(kind: 'record' | 'person' | 'activities', pathAfterId: string) {
	return {
		description: [] as INodeProperties[],
		execute: perItem(
			async (ctx, rc, itemIndex) =>
				await readDocument(ctx, rc, itemIndex, { kind, pathOf: (id) => `/${id}${pathAfterId}` }),
		),
	};
}

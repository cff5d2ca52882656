/**
 * What Read Record operations are built from: their own parameters, shown only for them, and
 * one read per input item (with Continue On Fail a failed item becomes an error item).
 */
import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import {
	getFollowing,
	outputOptions,
	readEach,
	readReader,
	shape,
	type ReadContext,
	type ShapeOptions,
	type SplitMode,
} from '../helpers/read';

/** The operation's own parameters, shown only when its resource and operation are chosen. */
export function forOperation(
	resource: string,
	operation: string,
	properties: INodeProperties[],
): INodeProperties[] {
	return updateDisplayOptions(
		{ show: { resource: [resource], operation: [operation] } },
		properties,
	);
}

/** An operation that reads each input item on its own into zero or more output objects. */
export function perItem(
	read: (ctx: IExecuteFunctions, rc: ReadContext, itemIndex: number) => Promise<IDataObject[]>,
) {
	return async function (this: IExecuteFunctions, items: INodeExecutionData[], rc: ReadContext) {
		return await readEach(this, items, async (itemIndex) => await read(this, rc, itemIndex));
	};
}

/** One document of an iD: where it is and how its answer is simplified. */
export interface DocumentTarget extends Pick<ShapeOptions, 'kind' | 'itemType' | 'section'> {
	pathOf: (orcid: string) => string;
	/** Set where the user's split choice does not apply (an item is one object). */
	split?: SplitMode;
}

/** GETs one document of the item's iD, following a merged record, shaped as the user asked. */
export async function readDocument(
	ctx: IExecuteFunctions,
	rc: ReadContext,
	itemIndex: number,
	target: DocumentTarget,
): Promise<IDataObject[]> {
	const reader = readReader(ctx, rc, itemIndex);
	const { output, split, preferredOnly } = outputOptions(ctx, itemIndex);
	const { response, orcid } = await getFollowing(
		rc,
		reader,
		itemIndex,
		target.pathOf,
		output === 'xml' ? 'xml' : 'json',
	);
	return shape(response.body, {
		kind: target.kind,
		output,
		split: target.split ?? split,
		orcid,
		itemType: target.itemType,
		section: target.section,
		preferredOnly,
		movedFrom: orcid === reader.orcid ? undefined : reader.orcid,
	});
}

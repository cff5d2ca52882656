import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	getFollowing,
	outputOptions,
	readEach,
	readReader,
	shape,
	type DocumentKind,
	type ReadContext,
} from '../../helpers/read';

/** Reads one whole-record document per input item: the record, the person or the activities. */
export async function readDocument(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	rc: ReadContext,
	kind: DocumentKind,
	pathAfterId: string,
): Promise<INodeExecutionData[]> {
	return await readEach(ctx, items, async (itemIndex) => {
		const reader = readReader(ctx, rc, itemIndex);
		const { output, split } = outputOptions(ctx, itemIndex);
		const { response, orcid } = await getFollowing(
			rc,
			reader,
			itemIndex,
			(id) => `/${id}${pathAfterId}`,
			output === 'xml' ? 'xml' : 'json',
		);
		return shape(response.body, {
			kind,
			output,
			split,
			orcid,
			movedFrom: orcid === reader.orcid ? undefined : reader.orcid,
		});
	});
}

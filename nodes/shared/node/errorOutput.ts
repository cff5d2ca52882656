/**
 * Continue On Fail has two forms in n8n: "Continue" keeps a failed item on the regular output;
 * "Continue (using error output)" moves to the error output n8n appends the items that carry
 * an `error` or whose json holds only `error`, `message` and `details`, and adds the input
 * item's fields. An item carrying `error` would be cut down to the message, so for the error
 * output our failed items keep their fields under `details`.
 *
 * Builders mark failed items by setting `error`; this puts them in the form n8n routes by.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

export function forErrorOutput(
	ctx: { getNode(): INode },
	items: INodeExecutionData[],
): INodeExecutionData[] {
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	for (const item of items) {
		if (item.error === undefined) continue;
		if (toErrorOutput) {
			const { error, ...details } = item.json as IDataObject;
			item.json = { error: error ?? item.error.message, details };
		}
		delete item.error;
	}
	return items;
}

/** Resolves resource/operation to the operation's execute (one today: Sync > Diff). */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as sync from './sync/Sync.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0, 'sync') as string;
	const operation = this.getNodeParameter('operation', 0, 'diff') as string;
	if (resource === 'sync' && operation === 'diff') return await sync.diff.execute.call(this);
	throw new NodeOperationError(
		this.getNode(),
		`The operation "${operation}" is not supported for resource "${resource}"`,
	);
}

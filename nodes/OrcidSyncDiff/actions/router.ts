/**
 * Resolves resource/operation to the operation (one today: Sync > Diff), run with the run's
 * session; its outputs and Traffic through the runner.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import {
	openSession,
	outputsWithTraffic,
	type Operation,
	type RunContext,
} from '../../shared/node/runner';
import * as sync from './sync/Sync.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0, 'sync') as string;
	const operation = this.getNodeParameter('operation', 0, 'diff') as string;
	if (resource === 'sync' && operation === 'diff') {
		const execute: Operation<RunContext, INodeExecutionData[][]> = sync.diff.execute;
		const apiType = this.getNodeParameter('apiType', 0, 'member') as string;
		const run = await openSession(this, apiType);
		const outputs = await execute.call(this, this.getInputData(), run);
		return outputsWithTraffic(this, outputs, run.session);
	}
	throw new NodeOperationError(
		this.getNode(),
		`The operation "${operation}" is not supported for resource "${resource}"`,
	);
}

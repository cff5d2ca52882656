import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { nodeOutputs, openSession, type Operation } from '../../shared/node/runner';
import { ItemWriter } from '../helpers/writer';
import type { WriteContext } from '../helpers/run';
import * as create from './item/create.operation';
import * as del from './item/delete.operation';
import * as update from './item/update.operation';
import { isWriteResource, itemTypeOfResource } from './itemTypes';
import * as createMany from './work/createMany.operation';

type Execute = Operation<WriteContext>;

const OPERATIONS: Record<string, Execute> = {
	create: create.execute,
	update: update.execute,
	delete: del.execute,
	createMany: createMany.execute,
};

/** Main output: one item per input item; Traffic output: one redacted record per ORCID call. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const apiType = this.getNodeParameter('apiType', 0, 'member') as string;

	const execute = OPERATIONS[operation];
	if (
		!isWriteResource(resource) ||
		!execute ||
		(operation === 'createMany' && resource !== 'work')
	) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for item type "${resource}"`,
		);
	}
	if (apiType !== 'member') {
		throw new NodeOperationError(
			this.getNode(),
			'ORCID lets only member API clients write to records',
			{
				description: 'Set API to Member API and choose an ORCID Member OAuth2 API credential.',
			},
		);
	}

	const { config, session } = await openSession(this, apiType);
	const wc: WriteContext = {
		session,
		config,
		writer: new ItemWriter(this, session, config.clientId),
		resource,
		itemType: itemTypeOfResource(resource),
	};
	return nodeOutputs(this, await execute.call(this, items, wc), session);
}

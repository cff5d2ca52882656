import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { nodeOutputs, openSession, type Operation } from '../../shared/node/runner';
import type { ReadContext } from '../helpers/read';
import * as getItem from './item/get.operation';
import * as getManyWorks from './item/getManyWorks.operation';
import * as getRecord from './record/get.operation';
import * as getActivities from './record/getActivities.operation';
import * as getPerson from './record/getPerson.operation';
import * as search from './researcher/search.operation';
import * as getSection from './section/get.operation';

type Execute = Operation<ReadContext>;

const OPERATIONS: Record<string, Record<string, Execute>> = {
	record: {
		get: getRecord.execute,
		getPerson: getPerson.execute,
		getActivities: getActivities.execute,
	},
	section: { get: getSection.execute },
	item: { get: getItem.execute, getManyWorks: getManyWorks.execute },
	researcher: { search: search.execute },
};

/** Main output: what was read; Traffic output: one redacted record per ORCID call. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = OPERATIONS[resource]?.[operation];
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for resource "${resource}"`,
		);
	}
	const apiType = this.getNodeParameter('apiType', 0, 'member') as 'member' | 'public';
	const readAs =
		apiType === 'member' && resource !== 'researcher'
			? (this.getNodeParameter('readAs', 0, 'researcher') as string)
			: 'client';
	const { config, session } = await openSession(this, apiType);
	const rc: ReadContext = {
		session,
		config,
		api: apiType,
		node: this.getNode(),
		asResearcher: readAs === 'researcher',
	};
	return nodeOutputs(this, await execute.call(this, items, rc), session);
}

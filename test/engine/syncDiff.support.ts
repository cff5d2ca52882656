/** The ORCID Sync Diff node alone after a manual trigger, fed its input, for the engine suites. */
import type { IDataObject, INode } from 'n8n-workflow';

import { OUTPUTS as SYNC_OUTPUTS } from '../../nodes/OrcidSyncDiff/actions/sync/diff.operation';
import { afterManualTrigger, credentialsFor, runWorkflow, type WorkflowResult } from '../harness';

export const NODE = 'ORCID Sync Diff';
/** The node's outputs by name, as it routes them, and its Traffic output last. */
export const OUTPUTS: string[] = [...SYNC_OUTPUTS, 'traffic'];
// loadClientConfig only reads the credential: nothing listens here, and nothing is called
const NOWHERE = {
	url: 'http://127.0.0.1:9',
	publicApi: 'http://127.0.0.1:9/pub',
	memberApi: 'http://127.0.0.1:9/api',
};

/** The workflow: the node with `parameters` (ORCID data from the input unless remoteSource is set). */
export function workflow(parameters: IDataObject, extra: Partial<INode> = {}) {
	return afterManualTrigger(
		{
			id: 'sync',
			name: NODE,
			type: 'n8n-nodes-orcid.orcidSyncDiff',
			parameters: { remoteSource: 'input', ...parameters } as INode['parameters'],
			...extra,
		},
		{ settings: { executionOrder: 'v1' } },
	);
}

/** Runs the node on `input` with `parameters` (ORCID data from the input unless set). */
export async function run(
	input: IDataObject[],
	parameters: IDataObject = {},
	extra: Partial<INode> = {},
): Promise<WorkflowResult> {
	return await runWorkflow(workflow(parameters, extra), {
		credentials: credentialsFor(NOWHERE, 'member'),
		input,
	});
}

/** The node's items by output name. */
export function byOutput(result: WorkflowResult): Record<string, IDataObject[]> {
	const node = result.nodes[NODE];
	const out: Record<string, IDataObject[]> = {};
	OUTPUTS.forEach((name, i) => (out[name] = node.outputs[i] ?? []));
	return out;
}

/**
 * Stand-ins for the few n8n-nodes-base nodes our test workflows use, registered under n8n's own
 * type names so that one workflow JSON runs unchanged in the harness and in a real n8n server
 * (which has the real n8n-nodes-base). They behave like the originals for what tests need.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/**
 * A version-1 node description: one main input and output and no properties unless `extra`
 * says otherwise; defaults.name is the display name.
 */
export function nodeDescription(
	name: string,
	displayName: string,
	group: INodeTypeDescription['group'][number],
	description: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName,
		name,
		group: [group],
		version: 1,
		description,
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}

/**
 * n8n's Manual Trigger emits one empty item. The real one is a trigger (trigger() +
 * manualTriggerFunction); this copy uses execute() so the harness can also start a workflow
 * with given items (the items put on the execution stack are its input).
 */
export class ManualTrigger implements INodeType {
	description = nodeDescription(
		'manualTrigger',
		'Manual Trigger',
		'trigger',
		'Runs the flow on clicking a button in n8n',
		{ defaults: { name: "When clicking 'Execute workflow'" }, inputs: [] },
	);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		return [items.length > 0 ? items : [{ json: {} }]];
	}
}

/** n8n's No Operation node: passes its input through unchanged. */
export class NoOp implements INodeType {
	description = nodeDescription('noOp', 'No Operation, do nothing', 'organization', 'No Operation');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Type name -> node, as a real n8n has them. */
export function baseNodeTypes(): Record<string, INodeType> {
	return {
		'n8n-nodes-base.manualTrigger': new ManualTrigger(),
		'n8n-nodes-base.noOp': new NoOp(),
	};
}

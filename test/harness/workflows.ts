/**
 * Workflow JSON builders for the common test shape: a manual trigger followed by the node
 * under test.
 */
import type { INode } from 'n8n-workflow';

import type { WorkflowJson } from './engine';

/** The node under test: name, type and parameters; id, version and position have defaults. */
export type NodeSpec = Pick<INode, 'name' | 'type' | 'parameters'> & Partial<INode>;

/** n8n's Manual Trigger as the first node of a test workflow, named "Start". */
export function manualStart(): INode {
	return {
		id: 'start',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/**
 * A manual trigger named "Start" connected to `node`; `workflow` adds id, name, settings...
 */
export function afterManualTrigger(
	node: NodeSpec,
	workflow: Partial<WorkflowJson> = {},
): WorkflowJson {
	return {
		...workflow,
		nodes: [manualStart(), { id: 'node', typeVersion: 1, position: [200, 0], ...node }],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	};
}

/**
 * The node-wide options of a Sync Diff run (read from the first item): which item types are
 * compared, whose items are ours, title matching, deletes, and the put-code-gone policy.
 */
import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import {
	ACTIVITY_TYPES,
	parseActivityType,
	type ActivityType,
} from '../../shared/orcid/model/itemTypes';
import type { PutCodeGonePolicy, SyncDiffOptions } from '../diff';
import type { RemoteItem } from '../remote';

const POLICIES: readonly PutCodeGonePolicy[] = ['keep', 'report', 'recreate', 'forget'];

/**
 * The item types the Item Types to Compare option names (a list, or text like "work, funding"
 * from an expression); null: every type. Anything it cannot read is an error, never "every
 * type": that would put the items the option protects up for deletion.
 */
export function comparedItemTypes(node: INode, value: unknown): Set<ActivityType> | null {
	if (value === undefined || value === null || value === '') return null;
	const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
	if (names === null) {
		throw new NodeOperationError(
			node,
			`Item Types to Compare: must be a list of item types, got ${typeof value}`,
		);
	}
	const scope = new Set<ActivityType>();
	for (const name of names) {
		if (typeof name === 'string' && name.trim() === '') continue;
		const itemType = parseActivityType(name);
		if (itemType === null) {
			throw new NodeOperationError(
				node,
				`Item Types to Compare: unknown item type ${JSON.stringify(String(name).trim())}`,
				{ description: `Use any of: ${ACTIVITY_TYPES.join(', ')}` },
			);
		}
		scope.add(itemType);
	}
	return scope.size === 0 ? null : scope;
}

export function inScope(remote: RemoteItem[], scope: Set<ActivityType> | null): RemoteItem[] {
	return scope === null ? remote : remote.filter((r) => scope.has(r.itemType));
}

/** The engine's options; the client ID defaults to the credential's. */
export function diffOptionsOf(
	node: INode,
	options: IDataObject,
	credentialClientId: string,
): SyncDiffOptions {
	const clientId =
		typeof options.clientId === 'string' && options.clientId.trim() !== ''
			? options.clientId.trim()
			: credentialClientId;
	const putCodeGone = (options.putCodeGone as PutCodeGonePolicy | undefined) ?? 'keep';
	if (!POLICIES.includes(putCodeGone)) {
		throw new NodeOperationError(node, `Put Code Gone: unknown policy "${String(putCodeGone)}"`);
	}
	return {
		clientId,
		matchByTitle: options.matchByTitle === true,
		deleteRemovedLocally: options.deleteRemovedLocally === true,
		putCodeGone,
	};
}

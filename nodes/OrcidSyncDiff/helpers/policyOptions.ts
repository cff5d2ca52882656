/**
 * Sync Diff's policy options (rules in policy/*.ts): When Another Source Has the Item, Trusted
 * Sources, Versions, and per item the do-not-send ledger state and the researcher's opt-outs.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';

import { DEFINE_BELOW } from '../../shared/node/autoMap';
import { FieldError } from '../../shared/node/runner';
import { parseLedgerState, parseOptOuts, type LedgerState } from '../policy/choices';
import {
	OTHER_SOURCE_POLICIES,
	parseTrustedSources,
	type OtherSourcePolicy,
} from '../policy/otherSources';
import { VERSIONS_POLICIES, type VersionsPolicy } from '../policy/versions';
import type { SyncDiffOptions } from '../diff';
import { inputValue } from './autoMap';

export const ledgerStateOption: INodeProperties = {
	displayName: 'Ledger State',
	name: 'syncState',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.sync_state }}',
	description:
		'The do-not-send ledger state stored with the put code: "researcher-deleted" (the researcher deleted our item: it is never sent again until a staff member sets it back) or empty/"active"',
	// with Auto-Map Input Data the item's syncState field gives it
	displayOptions: { show: { '/dataMode': [DEFINE_BELOW] } },
};

export const optOutsOption: INodeProperties = {
	displayName: 'Opted-Out Item Types',
	name: 'optOuts',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.opt_outs }}',
	description:
		'Item types the researcher does not want sent (a list, or text like "peer-review, funding"): nothing of these is created, updated or deleted (reason researcher-opted-out)',
	// with Auto-Map Input Data the item's optOuts field gives it
	displayOptions: { show: { '/dataMode': [DEFINE_BELOW] } },
};

export const trustedSourcesOption: INodeProperties = {
	displayName: 'Trusted Sources',
	name: 'trustedSources',
	type: 'string',
	default: '',
	placeholder: 'e.g. APP-XXXXXXXXXXXXXXXX, researcher',
	description:
		"Client IDs of the sources whose copy is enough (e.g. Crossref's, DataCite's), most trusted first; \"researcher\" for the researcher's own items",
	displayOptions: { show: { otherSources: ['skipIfTrusted'] } },
};

export const versionsOption: INodeProperties = {
	displayName: 'Versions',
	name: 'versions',
	type: 'options',
	options: [
		{
			name: 'One Work for the Concept',
			value: 'concept',
			description:
				'A version (version-of the concept DOI) is not written when its concept, or another version of it, stands for it',
		},
		{
			name: 'A Work per Version, Grouped',
			value: 'perVersion',
			description:
				'Every version is its own work, matched by its own DOI; ORCID groups them through version-of',
		},
	],
	default: 'concept',
	description:
		'Works with a concept DOI and version DOIs (Zenodo, Dataverse): how many works they become on ORCID',
};

export const otherSourcesOption: INodeProperties = {
	displayName: 'When Another Source Has the Item',
	name: 'otherSources',
	type: 'options',
	options: [
		{
			name: 'Create Ours Anyway',
			value: 'createOurs',
			description: "Add our item beside the other source's (ORCID groups them)",
		},
		{
			name: 'Skip If Any Source Has It',
			value: 'skipIfAny',
			description:
				'Send a new item to Unchanged (reason held-by-other-source) when the researcher or another client has it',
		},
		{
			name: 'Skip If a Trusted Source Has It',
			value: 'skipIfTrusted',
			description: 'The same, only for the Trusted Sources',
		},
	],
	default: 'createOurs',
	description:
		"A new item that ORCID would group with another source's item (a shared DOI or other identifier)",
};

/** The run-wide policy options (first item). */
export function policyOptionsOf(node: INode, options: IDataObject): Partial<SyncDiffOptions> {
	const otherSources = (options.otherSources as OtherSourcePolicy | undefined) ?? 'createOurs';
	if (!OTHER_SOURCE_POLICIES.includes(otherSources)) {
		throw new NodeOperationError(
			node,
			`When Another Source Has the Item: unknown choice "${String(otherSources)}"`,
		);
	}
	const versions = (options.versions as VersionsPolicy | undefined) ?? 'concept';
	if (!VERSIONS_POLICIES.includes(versions)) {
		throw new NodeOperationError(node, `Versions: unknown choice "${String(versions)}"`);
	}
	let trustedSources: string[] = [];
	if (otherSources === 'skipIfTrusted') {
		let problem = 'is empty';
		try {
			trustedSources = parseTrustedSources(options.trustedSources);
		} catch (error) {
			problem = error instanceof Error ? error.message : String(error);
		}
		if (trustedSources.length === 0) {
			throw new NodeOperationError(node, `Trusted Sources: ${problem}`, {
				description: 'Name at least one client ID, or "researcher", or choose another policy',
			});
		}
	}
	return { otherSources, trustedSources, versions };
}

function readChoice<T>(field: string, read: () => T): T {
	let problem: string;
	try {
		return read();
	} catch (error) {
		problem = error instanceof Error ? error.message : String(error);
	}
	throw new FieldError(field, problem);
}

/**
 * An item's ledger state and its researcher's opt-outs: the options, or with auto-mapped data
 * the item's fields of the same names (syncState, optOuts).
 */
export function readChoices(
	ctx: IExecuteFunctions,
	i: number,
): { ledger: LedgerState; optOuts: Set<string> } {
	const ledger = readChoice('syncState', () =>
		parseLedgerState(inputValue(ctx, 'options.syncState', i, '')),
	);
	const optOuts = readChoice('optOuts', () =>
		parseOptOuts(inputValue(ctx, 'options.optOuts', i, '')),
	);
	return { ledger, optOuts };
}

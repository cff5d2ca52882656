/**
 * Sync > Diff: local items against each researcher's ORCID activities, routed to the outputs
 * Create, Update, Delete, Unchanged, Remote Only, Conflict (+ Traffic).
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import {
	accessTokenProperty,
	ORCID_ID_BARE_OR_URI,
	orcidIdProperty,
	STORED_ACCESS_TOKEN,
} from '../../../shared/node/nodeDescription';
import { itemTypeInfo } from '../../../shared/orcid/model/itemTypes';
import { isValidOrcidId, parseOrcidId } from '../../../shared/orcid/orcidId';
import { redact } from '../../../shared/http/traffic';
import { isTokenRevokedError, orcidErrorCodeOf, OrcidSession } from '../../../shared/http/transport';
import { loadClientConfig } from '../../../shared/node/clientConfig';
import { trafficOutput } from '../../../shared/node/trafficOutput';
import {
	diffResearcher,
	type PutCodeGonePolicy,
	type SyncDiffResult,
	type SyncOutput,
} from '../../diff';
import { readItem, type ReadItem, type ReadSettings, type RemoteSource } from '../../helpers/input';
import { ITEM_TYPES, parseItemType, type ItemType } from '../../itemTypes';
import { flattenRemote, RemoteShapeError, type RemoteItem } from '../../remote';
import { itemParameter } from '../../../shared/node/parameters';

export const OUTPUTS: SyncOutput[] = [
	'create',
	'update',
	'delete',
	'unchanged',
	'remoteOnly',
	'conflict',
];
export const OUTPUT_NAMES = ['Create', 'Update', 'Delete', 'Unchanged', 'Remote Only', 'Conflict'];
const CONFLICT = OUTPUTS.indexOf('conflict');

const show = { resource: ['sync'], operation: ['diff'] };

export const description: INodeProperties[] = [
	{
		displayName: 'ORCID Side',
		name: 'remoteSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Fetch From ORCID',
				value: 'fetch',
				description: "One read of each researcher's activities with their access token",
			},
			{
				name: 'From an Input Field',
				value: 'input',
				description: 'Activities or items read before, e.g. by ORCID Read Record',
			},
		],
		default: 'fetch',
		displayOptions: { show },
	},
	orcidIdProperty(ORCID_ID_BARE_OR_URI, { show }),
	accessTokenProperty({
		description: `${STORED_ACCESS_TOKEN}. Fetch reads with it (member API: /read-limited shows private items too); it is passed on to the outputs for ORCID Write Item.`,
		displayOptions: { show },
	}),
	{
		displayName: 'ORCID Data',
		name: 'remoteData',
		type: 'json',
		default: '={{ $json.remote }}',
		description:
			"The researcher's ORCID side: an activities summary, a full record, a section, or a list of summaries. Needed on at least one item of each researcher.",
		displayOptions: { show: { ...show, remoteSource: ['input'] } },
	},
	{
		displayName: 'Local Key',
		name: 'localKey',
		type: 'string',
		default: '={{ $json.localKey }}',
		description:
			"Your system's own key of the item. An item with no local key, item type or content only names a researcher (so one whose local items are all gone is still compared).",
		displayOptions: { show },
	},
	{
		displayName: 'Item Type',
		name: 'itemType',
		type: 'string',
		default: '={{ $json.itemType }}',
		placeholder: 'e.g. work',
		description:
			'Work, funding, education, employment, distinction, invited-position, membership, qualification, service, peer-review or research-resource',
		displayOptions: { show },
	},
	{
		displayName: 'Item Content',
		name: 'contentMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'ORCID JSON',
				value: 'json',
				description: 'The ORCID v3.0 JSON of the item as it should be on ORCID',
			},
			{
				name: 'Builder Fields',
				value: 'fields',
				description:
					"The fields of ORCID Write Item's builders (title, type, externalIds, ...), built into ORCID JSON",
			},
		],
		default: 'json',
		displayOptions: { show },
	},
	{
		displayName: 'Item JSON',
		name: 'itemJson',
		type: 'json',
		default: '={{ $json.orcidJson }}',
		description: 'The ORCID v3.0 JSON of the item',
		displayOptions: { show: { ...show, contentMode: ['json'] } },
	},
	{
		displayName: 'Item Fields',
		name: 'itemFields',
		type: 'json',
		default: '={{ $json.fields }}',
		description:
			'Builder fields of the item, e.g. {"title": "...", "type": "journal-article", "externalIds": [...]}',
		displayOptions: { show: { ...show, contentMode: ['fields'] } },
	},
	{
		displayName: 'Put Code',
		name: 'putCode',
		type: 'string',
		default: '={{ $json.putCode }}',
		description: 'The stored put code of the item, if it was written before (empty otherwise)',
		displayOptions: { show },
	},
	{
		displayName: 'Content Hash',
		name: 'contentHash',
		type: 'string',
		default: '={{ $json.contentHash }}',
		description:
			"The content hash stored with the put code (from the last run's output), if any: equal hashes cost no write",
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Delete Removed Items',
				name: 'deleteRemovedLocally',
				type: 'boolean',
				default: false,
				description:
					'Whether to delete, on ORCID, items of ours that no local item claims any more. Only for researchers whose local set is complete.',
			},
			{
				displayName: 'Item Types to Compare',
				name: 'itemTypes',
				type: 'multiOptions',
				options: ITEM_TYPES.map((t) => ({ name: itemTypeInfo(t).displayName, value: t })).sort(
					(a, b) => a.name.localeCompare(b.name),
				),
				default: [],
				description:
					"Only these types are compared; the researcher's other items are left alone (never deleted, not listed as Remote Only). None: every type.",
			},
			{
				displayName: 'Local Set Is Complete',
				name: 'localSetComplete',
				type: 'boolean',
				default: true,
				description:
					'Whether the input holds every local item of the researcher (may be an expression per item). A researcher counts as complete only when all their items say so and none of them failed.',
				displayOptions: { show: { deleteRemovedLocally: [true] } },
			},
			{
				displayName: 'Match by Title, Type and Year',
				name: 'matchByTitle',
				type: 'boolean',
				default: false,
				description:
					'Whether items without matching identifiers are matched by normalised title, type and year (recovers items without identifiers, such as affiliations)',
			},
			{
				displayName: 'Our Client ID',
				name: 'clientId',
				type: 'string',
				default: '',
				placeholder: 'e.g. APP-XXXXXXXXXXXXXXXX',
				description:
					"Items whose source is this client are ours. Empty: the credential's client ID.",
			},
			{
				displayName: 'Put Code Gone',
				name: 'putCodeGone',
				type: 'options',
				options: [
					{
						name: 'Report',
						value: 'report',
						description: 'Send the item to Conflict (reason put-code-gone)',
					},
					{
						name: 'Recreate',
						value: 'recreate',
						description: 'Send the item to Create: it is written anew',
					},
					{
						name: 'Forget',
						value: 'forget',
						description:
							'Send the item to Unchanged with action forget and no put code: store that, and it is left alone until it changes',
					},
				],
				default: 'report',
				description:
					'What to do when a stored put code is no longer on ORCID (the researcher deleted the item)',
			},
			{
				displayName: 'Read Shows Private Items',
				name: 'remoteComplete',
				type: 'boolean',
				default: true,
				description:
					'Whether the ORCID data comes from a member read with /read-limited. Without it a missing put code may be a private item, so it is never treated as gone.',
				displayOptions: { show: { '/remoteSource': ['input'] } },
			},
		],
	},
];

interface Researcher {
	orcid: string;
	items: ReadItem[];
	/** Input index of the first item: remote-only and delete results pair to it. */
	first: number;
	complete: boolean;
	failed: boolean;
}

function resultJson(r: SyncDiffResult, accessToken: string | undefined): IDataObject {
	const json: IDataObject = {
		action: r.action,
		reason: r.reason,
		orcid: r.orcid,
		localKey: r.localKey,
		itemType: r.itemType,
		putCode: r.putCode,
		contentHash: r.contentHash,
		orcidJson: r.json as IDataObject | null,
		remote: r.remote as IDataObject | null,
		matchedBy: r.matchedBy,
	};
	if (r.previousPutCode !== undefined) json.previousPutCode = r.previousPutCode;
	if (r.recoveredPutCode !== undefined) json.recoveredPutCode = r.recoveredPutCode;
	if (r.claimedBy !== undefined) json.claimedBy = r.claimedBy;
	if (r.matchedLocalKey !== undefined) json.matchedLocalKey = r.matchedLocalKey;
	if (r.sourceClientId !== undefined) json.sourceClientId = r.sourceClientId;
	if (accessToken !== undefined) json.accessToken = accessToken;
	return json;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = OUTPUTS.map(() => []);
	const mode = this.getNodeParameter('remoteSource', 0, 'fetch') as RemoteSource;
	const apiType = this.getNodeParameter('apiType', 0, 'member') as string;
	const config = await loadClientConfig.call(this, apiType);
	const session = new OrcidSession(this, config);
	const continueOnFail = this.continueOnFail();
	const errorOutput = this.getNode().onError === 'continueErrorOutput';

	const fail = (index: number, error: Error, extra: IDataObject = {}) => {
		const message = redact(error.message, session.knownSecrets()) as string;
		// the item and field the error is about, as Write Item and Read Record give them
		const json: IDataObject = {
			action: 'error',
			reason: 'invalid-input',
			error: message,
			itemIndex: index,
			...extra,
		};
		const description = (error as { description?: unknown }).description;
		if (typeof description === 'string' && description) {
			json.description = redact(description, session.knownSecrets()) as string;
		}
		if (errorOutput) {
			// n8n moves items that carry an error to the node's error output (with the input
			// item's fields), and keeps only the message in their json
			const nodeError =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), message, { itemIndex: index });
			outputs[CONFLICT].push({ json, error: nodeError, pairedItem: { item: index } });
		} else {
			outputs[CONFLICT].push({ json, pairedItem: { item: index } });
		}
	};

	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const scope = comparedItemTypes(this.getNode(), options.itemTypes);

	const settings: ReadSettings = {
		mode,
		recordBaseUrl: config.environment.recordBaseUrl,
		tokenEncryptionKey: config.tokenEncryptionKey,
		itemTypes: scope,
	};

	// 1. Read and check every item before any request.
	const researchers = new Map<string, Researcher>();
	for (let i = 0; i < items.length; i++) {
		let read: ReadItem | null = null;
		let failure: NodeOperationError | null = null;
		try {
			read = readItem(this, i, settings);
		} catch (error) {
			failure =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
		if (read === null) {
			if (!continueOnFail) throw failure!;
			// the parameter's name ("accessToken"), as Write Item and Read Record give it
			fail(i, failure!, { field: (failure!.context.field as string | undefined) ?? null });
			// a researcher with a broken item is not complete: nothing of theirs gets deleted
			const orcid = safeOrcid(this, i);
			if (orcid) {
				const r = researchers.get(orcid);
				if (r) r.failed = true;
				else researchers.set(orcid, { orcid, items: [], first: i, complete: false, failed: true });
			}
			continue;
		}
		let r = researchers.get(read.orcid);
		if (!r) {
			r = { orcid: read.orcid, items: [], first: i, complete: true, failed: false };
			researchers.set(read.orcid, r);
		}
		if (r.items.length === 0) r.first = i;
		r.items.push(read);
		if (!read.localComplete) r.complete = false;
	}

	const clientId =
		typeof options.clientId === 'string' && options.clientId.trim() !== ''
			? options.clientId.trim()
			: config.clientId;
	const diffOptions = {
		clientId,
		matchByTitle: options.matchByTitle === true,
		deleteRemovedLocally: options.deleteRemovedLocally === true,
		putCodeGone: (options.putCodeGone as PutCodeGonePolicy | undefined) ?? 'report',
	};
	if (!['report', 'recreate', 'forget'].includes(diffOptions.putCodeGone)) {
		throw new NodeOperationError(
			this.getNode(),
			`Put Code Gone: unknown policy "${String(diffOptions.putCodeGone)}"`,
		);
	}

	// 2. One researcher at a time: the ORCID side, then the diff.
	for (const r of researchers.values()) {
		if (r.items.length === 0) continue;
		const token = r.items.find((it) => it.accessToken !== undefined)?.accessToken;
		let remote: RemoteItem[];
		let remoteComplete: boolean;
		try {
			if (mode === 'fetch') {
				if (token === undefined && apiType === 'member') {
					throw new NodeOperationError(
						this.getNode(),
						`Access Token: no item of researcher ${r.orcid} carries one (item ${r.first})`,
						{
							itemIndex: r.first,
							description:
								"Fetching reads the researcher's activities with their token: map it, e.g. {{ $json.accessToken }}",
						},
					);
				}
				const response = await session.request({
					api: apiType === 'public' ? 'public' : 'member',
					method: 'GET',
					path: `/${r.orcid}/activities`,
					token,
					itemIndex: r.first,
				});
				remote = inScope(flattenRemote(response.body, { strict: true }), scope);
				// only a member read with the researcher's token shows their private items
				remoteComplete = apiType === 'member' && token !== undefined;
			} else {
				const data = r.items.find((it) => it.remoteData !== undefined)?.remoteData;
				if (data === undefined) {
					throw new NodeOperationError(
						this.getNode(),
						`ORCID Data: no item of researcher ${r.orcid} carries it (item ${r.first})`,
						{
							itemIndex: r.first,
							description:
								"Map the researcher's activities read by ORCID Read Record, e.g. {{ $json.remote }}",
						},
					);
				}
				remote = inScope(flattenRemote(data, { strict: true }), scope);
				remoteComplete = options.remoteComplete !== false;
			}
		} catch (error) {
			const e =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(
							this.getNode(),
							error instanceof RemoteShapeError
								? `ORCID Data: ${error.message} (item ${r.first})`
								: (error as Error),
							{ itemIndex: r.first },
						);
			if (!continueOnFail) throw e;
			for (const it of r.items) {
				fail(it.index, e, {
					reason: 'orcid-read-failed',
					orcid: r.orcid,
					localKey: it.local?.localKey ?? null,
					orcidErrorCode: orcidErrorCodeOf(e),
					tokenRevoked: isTokenRevokedError(e),
				});
			}
			continue;
		}

		const local = [];
		for (const it of r.items) if (it.local) local.push(it.local);
		const results = diffResearcher(
			{
				orcid: r.orcid,
				local,
				localComplete: r.complete && !r.failed,
				remote,
				remoteComplete,
				ref: r.first,
			},
			diffOptions,
		);
		const tokens = new Map<number, string | undefined>();
		for (const it of r.items) tokens.set(it.index, it.accessToken ?? token);
		for (const res of results) {
			const index = res.ref as number;
			outputs[OUTPUTS.indexOf(res.output)].push({
				json: resultJson(res, tokens.get(index) ?? token),
				pairedItem: { item: index },
			});
		}
	}

	const traffic = trafficOutput(session.traffic);
	return [...outputs, traffic];
}

function safeOrcid(ctx: IExecuteFunctions, i: number): string | null {
	const value = itemParameter(ctx, 'orcid', i, '') as unknown;
	return isValidOrcidId(value) ? parseOrcidId(value) : null;
}

/**
 * The item types the Item Types to Compare option names (a list, or text like "work, funding"
 * from an expression); null: every type. Anything it cannot read is an error, never "every
 * type": that would put the items the option protects up for deletion.
 */
function comparedItemTypes(node: INode, value: unknown): Set<ItemType> | null {
	if (value === undefined || value === null || value === '') return null;
	const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
	if (names === null) {
		throw new NodeOperationError(
			node,
			`Item Types to Compare: must be a list of item types, got ${typeof value}`,
		);
	}
	const scope = new Set<ItemType>();
	for (const name of names) {
		if (typeof name === 'string' && name.trim() === '') continue;
		const itemType = parseItemType(name);
		if (itemType === null) {
			throw new NodeOperationError(
				node,
				`Item Types to Compare: unknown item type ${JSON.stringify(String(name).trim())}`,
				{ description: `Use any of: ${ITEM_TYPES.join(', ')}` },
			);
		}
		scope.add(itemType);
	}
	return scope.size === 0 ? null : scope;
}

function inScope(remote: RemoteItem[], scope: Set<ItemType> | null): RemoteItem[] {
	return scope === null ? remote : remote.filter((r) => scope.has(r.itemType));
}

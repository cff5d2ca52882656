/**
 * Sync > Diff: local items against each researcher's ORCID activities, routed to the outputs
 * Create, Update, Delete, Unchanged, Remote Only, Conflict (+ Traffic).
 */
import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ACTIVITY_TYPES, itemTypeInfo } from '../../../shared/orcid/model/itemTypes';
import { failItem, type RunContext } from '../../../shared/node/runner';
import { diffResearcher, type SyncOutput } from '../../diff';
import type { OrcidSession } from '../../../shared/http/transport';
import { QueueStopped, researchersAtOnce, taskQueue } from '../../../shared/node/concurrency';
import type { ReadSettings, RemoteSource } from '../../helpers/input';
import { comparedItemTypes, diffOptionsOf } from '../../helpers/options';
import {
	inputIdentity,
	readOrcidSide,
	readResearchers,
	type OrcidSide,
	type ReadProgress,
	type Researcher,
	type SideSettings,
} from '../../helpers/researchers';
import { resultJson, syncFailure } from '../../helpers/results';
import {
	ledgerStateOption,
	optOutsOption,
	otherSourcesOption,
	policyOptionsOf,
	trustedSourcesOption,
	versionsOption,
} from '../../helpers/policyOptions';
import { localItemProperties } from './localItem.properties';

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
const UNCHANGED = OUTPUTS.indexOf('unchanged');

export const description: INodeProperties[] = [
	...localItemProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
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
				displayName: 'Include ORCID Summary on Unchanged',
				name: 'unchangedRemote',
				type: 'boolean',
				default: true,
				description:
					'Whether Unchanged items carry the matched ORCID summary (remote). Off keeps the saved executions of big runs small (a nightly rerun is mostly Unchanged); the Traffic output still holds every answer.',
			},
			{
				displayName: 'Item Types to Compare',
				name: 'itemTypes',
				type: 'multiOptions',
				options: ACTIVITY_TYPES.map((t) => ({ name: itemTypeInfo(t).displayName, value: t })).sort(
					(a, b) => a.name.localeCompare(b.name),
				),
				default: [],
				description:
					"Only these types are compared; the researcher's other items are left alone (never deleted, not listed as Remote Only). None: every type.",
			},
			ledgerStateOption,
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
			optOutsOption,
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
						name: 'Keep Deleted (Do-Not-Send Ledger)',
						value: 'keep',
						description:
							'Send the item to Unchanged with action do-not-send: store "researcher-deleted" as its Ledger State; it is never sent again until a staff member clears it',
					},
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
				default: 'keep',
				description:
					"What to do when a stored put code is no longer on ORCID (the researcher deleted the item). Recreate writes it back against the researcher's decision: never the default.",
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
			trustedSourcesOption,
			versionsOption,
			otherSourcesOption,
		],
	},
];

/**
 * Every item read and checked, grouped by researcher; in fetch mode a researcher's ORCID read
 * starts as soon as one of their items carries a token (while the other items are read), as
 * many reads in flight as the client's rate and ORCID's observed latency need. Once every item
 * is read, each researcher is diffed as their read arrives. Results go out in researcher order
 * (as the input first names them), so the outputs do not depend on which read came back first.
 * Failed items go through the runner to Conflict.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[][]> {
	const mode = this.getNodeParameter('remoteSource', 0, 'fetch') as RemoteSource;
	const apiType = this.getNodeParameter('apiType', 0, 'member') as string;
	const { config, session } = run;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const scope = comparedItemTypes(this.getNode(), options.itemTypes);
	const outputs: INodeExecutionData[][] = OUTPUTS.map(() => []);
	const conflict = (item: INodeExecutionData) => outputs[CONFLICT].push(item);

	const settings: ReadSettings = {
		mode,
		recordBaseUrl: config.environment.recordBaseUrl,
		tokenEncryptionKey: config.tokenEncryptionKey,
		itemTypes: scope,
	};
	const each: ResearcherRun = {
		session,
		diffOptions: {
			...diffOptionsOf(this.getNode(), options, config.clientId),
			...policyOptionsOf(this.getNode(), options),
		},
		how: { mode, apiType, scope, remoteCompleteOption: options.remoteComplete !== false },
		unchangedRemote: options.unchangedRemote !== false,
		environment: config.environment.name,
	};
	const sides = orcidSides(this, each);
	const invalid = syncFailure(this, session, each.environment, 'invalid-input', (i) =>
		inputIdentity(this, i),
	);
	let results: Routed[][];
	try {
		const researchers = await readResearchers(
			this,
			items.length,
			settings,
			invalid,
			conflict,
			mode === 'fetch' ? sides.progress : undefined,
		);
		const todo = [...researchers.values()].filter((r) => r.items.length > 0);
		for (const r of todo) sides.start(r);
		results = await Promise.all(todo.map((r) => syncResearcher(this, each, r, sides.of(r))));
	} finally {
		// a node that fails (a bad item without Continue On Fail) starts no further read
		sides.stop();
	}
	for (const routed of results) {
		for (const { output, item } of routed) outputs[output].push(item);
	}
	return outputs;
}

/** Lets the event loop run at most this often while items are read (a timer's turn is ~1 ms). */
const PAUSE_EVERY_MS = 10;

/**
 * The researchers' ORCID sides, read through one queue (as many at once as the client's rate
 * and ORCID's observed latency need). A read that fails without Continue On Fail stops the
 * queue: the node fails with that error and no further read starts.
 */
function orcidSides(ctx: IExecuteFunctions, run: ResearcherRun) {
	const queue = taskQueue(researchersAtOnce(run.session, 'read'));
	const started = new Map<Researcher, Promise<SideRead>>();
	const start = (r: Researcher) => {
		if (started.has(r)) return;
		const side = queue(async () =>
			readOrcidSide(ctx, run.session, r, run.how).then(
				(value): SideRead => ({ value }),
				(error: unknown): SideRead => {
					if (!ctx.continueOnFail()) queue.stop();
					return { error };
				},
			),
		);
		// handled when the researcher is diffed, after every item is read
		side.catch(() => undefined);
		started.set(r, side);
	};
	let lastPause = Date.now();
	const progress: ReadProgress = {
		// the first token among a researcher's items is the one their read uses
		read: (r, item) => {
			if (item.accessToken !== undefined) start(r);
		},
		pause: async () => {
			if (Date.now() - lastPause < PAUSE_EVERY_MS) return;
			await sleep(0);
			lastPause = Date.now();
		},
	};
	return {
		progress,
		start,
		of: (r: Researcher) => started.get(r) as Promise<SideRead>,
		stop: () => queue.stop(),
	};
}

interface ResearcherRun {
	session: OrcidSession;
	diffOptions: Parameters<typeof diffResearcher>[1];
	how: SideSettings;
	/** Option Include ORCID Summary on Unchanged. */
	unchangedRemote: boolean;
	/** The credential's ORCID environment, on every output item. */
	environment: string;
}

/** A researcher's ORCID side, or why it could not be had. */
type SideRead = { value: OrcidSide } | { error: unknown };

/** An output item and the output it goes to. */
interface Routed {
	output: number;
	item: INodeExecutionData;
}

/** One researcher: the ORCID side (read or given), the diff, each result on its output. */
async function syncResearcher(
	ctx: IExecuteFunctions,
	run: ResearcherRun,
	r: Researcher,
	read: Promise<SideRead>,
): Promise<Routed[]> {
	let outcome: SideRead;
	try {
		outcome = await read;
	} catch (error) {
		// never read: another researcher's failed read is failing the node
		if (error instanceof QueueStopped) return [];
		outcome = { error };
	}
	if ('error' in outcome) {
		const { error } = outcome;
		const failure = syncFailure(
			ctx,
			run.session,
			run.environment,
			'orcid-read-failed',
			readFailedAbout(r),
		);
		return r.items.map((it) => ({
			output: CONFLICT,
			item: failItem(ctx, it.index, error, failure),
		}));
	}
	const side = outcome.value;
	const local = r.items.flatMap((it) => (it.local ? [it.local] : []));
	const optOuts = new Set(r.items.flatMap((it) => [...it.optOuts]));
	const results = diffResearcher(
		{
			orcid: r.orcid,
			local,
			localComplete: r.complete && !r.failed,
			...side,
			ref: r.first,
			optOuts,
		},
		run.diffOptions,
	);
	const tokens = new Map(r.items.map((it) => [it.index, it.accessToken ?? side.token]));
	return results.map((res) => {
		const index = res.ref as number;
		const output = OUTPUTS.indexOf(res.output);
		const json = resultJson(res, tokens.get(index) ?? side.token, run.environment);
		if (output === UNCHANGED && !run.unchangedRemote) json.remote = null;
		return {
			output,
			item: {
				json,
				pairedItem: { item: index },
			},
		};
	});
}

/** What a failed ORCID read says on each of the researcher's items. */
function readFailedAbout(r: Researcher): (itemIndex: number) => IDataObject {
	const byIndex = new Map(r.items.map((it) => [it.index, it]));
	return (i) => ({
		orcid: r.orcid,
		localKey: byIndex.get(i)?.local?.localKey ?? null,
		orcidErrorCode: null,
		tokenRevoked: false,
	});
}

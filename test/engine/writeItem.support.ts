/**
 * Shared by the Write Item and Read Record engine tests (the emulator pieces by the Token and
 * Auth Trigger ones too): an emulator, workflows with one of our nodes after a manual trigger,
 * researcher tokens, and reads of the emulator's state.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import {
	afterManualTrigger,
	credentialsFor,
	EMULATOR_CLIENTS,
	runWorkflow,
	type WorkflowResult,
} from '../harness';
import { startEmulator } from '../emulator';
import { suiteResource } from '../support/suiteResource';

export { JOSIAH } from '../emulator/helpers';
export const MEMBER_CLIENT: string = EMULATOR_CLIENTS.member.clientId;
export const WRITE_SCOPES = '/read-limited /activities/update /person/update';

/** What the tests use of test/emulator (plain JavaScript, so typed here). */
export interface Emulator {
	url: string;
	publicApi: string;
	memberApi: string;
	control(method: string, path: string, body?: unknown): Promise<any>;
	stop(): Promise<void>;
}

export async function startTestEmulator(options: IDataObject = {}): Promise<Emulator> {
	const emu = await startEmulator({ port: 0, quiet: true, limits: { enabled: false }, ...options });
	return emu as unknown as Emulator;
}

/** An emulator (as startTestEmulator) for the tests of the calling file. */
export function emulatorForSuite(options: IDataObject = {}): Emulator {
	return suiteResource(
		'all',
		async () => await startTestEmulator(options),
		async (emu) => await emu.stop(),
	);
}

export const WRITE_NODE = 'ORCID Write Item';
export const READ_NODE = 'ORCID Read Record';

export function workflowWith(
	name: string,
	type: 'orcidWriteItem' | 'orcidReadRecord',
	parameters: IDataObject,
	extra: Partial<INode> = {},
) {
	return afterManualTrigger(
		{
			name,
			type: `n8n-nodes-orcid.${type}`,
			parameters: parameters as INode['parameters'],
			...extra,
		},
		{ settings: { executionOrder: 'v1' } },
	);
}

export interface RunOpts {
	input?: IDataObject[];
	apiType?: 'member' | 'public';
	continueOnFail?: boolean;
}

type RunNode = (emu: Emulator, parameters: IDataObject, opts?: RunOpts) => Promise<WorkflowResult>;

/** Runs `name` (a node of `type`) once after a manual trigger, with emulator credentials. */
function runnerOf(name: string, type: 'orcidWriteItem' | 'orcidReadRecord'): RunNode {
	return async (emu, parameters, opts = {}) => {
		const extra: Partial<INode> = opts.continueOnFail ? { onError: 'continueRegularOutput' } : {};
		return await runWorkflow(workflowWith(name, type, parameters, extra), {
			credentials: credentialsFor(emu, opts.apiType ?? 'member'),
			input: opts.input ?? [{}],
		});
	};
}

export const runWrite = runnerOf(WRITE_NODE, 'orcidWriteItem');
export const runRead = runnerOf(READ_NODE, 'orcidReadRecord');

/** A researcher token minted by the emulator (what the Auth Trigger would have stored). */
export async function researcherToken(
	emu: Emulator,
	orcid: string,
	scope = WRITE_SCOPES,
	clientId = MEMBER_CLIENT,
): Promise<string> {
	const t = await emu.control('POST', '/_emulator/tokens', { clientId, orcid, scope });
	return t.access_token as string;
}

/** A fresh empty record and a token for it with the write scopes. */
export async function researcherWithToken(
	emu: Emulator,
	props: IDataObject = {},
): Promise<{ orcid: string; token: string }> {
	const orcid = await newResearcher(emu, props);
	return { orcid, token: await researcherToken(emu, orcid) };
}

/** A fresh empty record; returns its iD. */
export async function newResearcher(emu: Emulator, props: IDataObject = {}): Promise<string> {
	const r = await emu.control('POST', '/_emulator/researchers', {
		givenNames: 'Test',
		familyName: 'Person',
		...props,
	});
	return r.orcid as string;
}

export interface EmulatorItem {
	putCode: number;
	type: string;
	visibility: string;
	source: { clientId: string | null; orcid: string | null; name: string | null };
	data: IDataObject;
}

/** The items the emulator holds for a record (what ORCID would have stored). */
export async function recordItems(emu: Emulator, orcid: string): Promise<EmulatorItem[]> {
	const state = await emu.control('GET', `/_emulator/records/${orcid}`);
	return state.items as EmulatorItem[];
}

export interface EmulatorCall {
	id: number;
	method: string;
	path: string;
	status: number;
	[key: string]: unknown;
}

export async function calls(
	emu: Emulator,
	filter: { method?: string; path?: string; since?: number } = {},
): Promise<EmulatorCall[]> {
	const qs = new URLSearchParams();
	if (filter.method) qs.set('method', filter.method);
	if (filter.path) qs.set('path', filter.path);
	if (filter.since !== undefined) qs.set('since', String(filter.since));
	const query = qs.toString();
	return (await emu.control(
		'GET',
		`/_emulator/calls${query ? `?${query}` : ''}`,
	)) as EmulatorCall[];
}

/** ORCID applies the next POST to this member API path of the record, but its answer is lost. */
export async function loseAnswerOfNextPost(emu: Emulator, orcid: string, path: string) {
	await emu.control('POST', '/_emulator/faults', {
		type: 'reset-after-write',
		method: 'POST',
		path: `/api/v3.0/${orcid}${path}`,
		times: 1,
	});
}

/** A record merged into a new one: the old (deprecated) iD and the primary. */
export async function mergedRecord(
	emu: Emulator,
	primaryProps: IDataObject = {},
): Promise<{ old: string; primary: string }> {
	const primary = await newResearcher(emu, primaryProps);
	return { primary, old: await newResearcher(emu, { deprecatedTo: primary }) };
}

export async function lastCallId(emu: Emulator): Promise<number> {
	const all = await calls(emu);
	return all.length ? all[all.length - 1].id : 0;
}

/** Write Item parameters for works whose title and DOI come from each input item. */
export const WORKS_FROM_INPUT = {
	resource: 'work',
	inputMode: 'fields',
	workTitle: '={{ $json.title }}',
	workType: 'journal-article',
	externalIds: {
		externalId: [{ type: 'doi', value: '={{ $json.doi }}', relationship: 'self' }],
	},
};

/** The first external identifier's value of a stored work (its DOI in these tests). */
export function doiOf(data: IDataObject): string {
	const ids = (data['external-ids'] as IDataObject)['external-id'] as IDataObject[];
	return String(ids[0]['external-id-value']);
}

/** A work in ORCID's v3.0 JSON with one self DOI (the shape Write Item's JSON input takes). */
export function workJson(doi: string, title = `JSON work ${doi}`): IDataObject {
	return {
		title: { title: { value: title } },
		type: 'journal-article',
		'external-ids': {
			'external-id': [
				{
					'external-id-type': 'doi',
					'external-id-value': doi,
					'external-id-relationship': 'self',
				},
			],
		},
	};
}

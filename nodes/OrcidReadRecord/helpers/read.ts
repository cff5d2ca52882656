/**
 * What every Read Record operation shares: the session, who reads (researcher or client),
 * moved records, the output shape (raw, simplified, XML; per record or per entry), and the
 * loop over input items with Continue On Fail.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { followingMerges } from '../../shared/orcid/identity';
import type { ItemType } from '../../shared/orcid/model/itemTypes';
import { simplify, type SimplifyKind } from '../../shared/orcid/model/simplify';
import { parseOrcidId } from '../../shared/orcid/orcidId';
import {
	NO_ACCESS_TOKEN,
	researcherTokenOrError,
	ResearcherTokenError,
} from '../../shared/auth/researcherToken';
import {
	movedRecordOf,
	type OrcidClientConfig,
	type OrcidResponse,
	type OrcidSession,
} from '../../shared/http/transport';
import type { SectionInfo } from '../actions/sections';
import {
	activitiesEntries,
	personEntries,
	recordEntries,
	sectionEntries,
	type Entry,
} from './entries';
import { itemParameter } from '../../shared/node/parameters';
import {
	asNodeError,
	eachItem,
	errorItemOf,
	errorJson,
	FieldError,
	toItemError,
	type NodeError,
} from '../../shared/node/runner';

export interface ReadContext {
	session: OrcidSession;
	config: OrcidClientConfig;
	api: 'public' | 'member';
	node: INode;
	/** true: the researcher's token (/read-limited); false: the client's /read-public token. */
	asResearcher: boolean;
}

export type OutputMode = 'simplify' | 'raw' | 'xml';
export type SplitMode = 'record' | 'entries';

export interface Reader {
	orcid: string;
	token?: string;
}

/** The iD to read and, when reading as the researcher, their token (checked before any call). */
export function readReader(ctx: IExecuteFunctions, rc: ReadContext, itemIndex: number): Reader {
	const orcid = parseOrcidId(itemParameter(ctx, 'orcid', itemIndex, ''));
	if (!rc.asResearcher) return { orcid };
	const raw = itemParameter(ctx, 'accessToken', itemIndex, '') as unknown;
	const token = researcherTokenOrError(raw, {
		orcid,
		encryptionKey: rc.config.tokenEncryptionKey,
		required: true,
	});
	if (!(token instanceof ResearcherTokenError)) return { orcid, token };
	// Read Record can also do without the token: say so
	const problem =
		token.problem === NO_ACCESS_TOKEN
			? `${NO_ACCESS_TOKEN} (map the researcher's stored token, or read as the client)`
			: token.problem;
	throw new FieldError('accessToken', problem, token.description);
}

/** GET an iD's path, following a merged record (301, error 9007) to its primary iD. */
export async function getFollowing(
	rc: ReadContext,
	reader: Reader,
	itemIndex: number,
	pathOf: (orcid: string) => string,
	format: 'json' | 'xml' = 'json',
	qs?: Record<string, string | number>,
): Promise<{ response: OrcidResponse; orcid: string }> {
	const { value, orcid } = await followingMerges(
		reader.orcid,
		async (id) =>
			await rc.session.request({
				api: rc.api,
				method: 'GET',
				path: pathOf(id),
				token: reader.token,
				format,
				qs,
				itemIndex,
			}),
		{
			movedTo: movedRecordOf,
			giveUp: (error) => asNodeError({ getNode: () => rc.node }, error, itemIndex),
		},
	);
	return { response: value, orcid };
}

export type DocumentKind = 'record' | 'person' | 'activities' | 'section' | 'item';

export interface ShapeOptions {
	kind: DocumentKind;
	output: OutputMode;
	split: SplitMode;
	orcid: string;
	/** The iD asked for, when ORCID moved the record to `orcid`. */
	movedFrom?: string;
	itemType?: ItemType;
	section?: SectionInfo;
	/** simplified output: one entry per group of versions (the one ORCID's record page shows) */
	preferredOnly?: boolean;
}

function rawEntries(body: unknown, options: ShapeOptions): Entry[] {
	switch (options.kind) {
		case 'record':
			return recordEntries(body);
		case 'person':
			return personEntries(body);
		case 'activities':
			return activitiesEntries(body);
		case 'section':
			return sectionEntries(options.section as SectionInfo, body);
		default:
			return [];
	}
}

/** Person sections that are not items one can write: read through the person simplifier. */
function simplifyPersonPart(body: unknown, options: ShapeOptions): IDataObject[] {
	const section = options.section as SectionInfo;
	const person =
		section.key === 'personal-details' ? body : ({ [section.key]: body } as IDataObject);
	const mode = options.split === 'entries' ? 'entries' : 'record';
	const out = simplify(person, { kind: 'person', mode, orcid: options.orcid }) as IDataObject[];
	if (mode === 'record') return out;
	const wanted: Record<string, string> = { emails: 'email', addresses: 'address' };
	const type = wanted[section.key];
	return type
		? out.filter((e) => e.entryType === type)
		: out.filter((e) => e.entryType === 'person');
}

/** The output items (json only) of one ORCID answer, as the user asked for them. */
export function shape(body: unknown, options: ShapeOptions): IDataObject[] {
	const moved: IDataObject = options.movedFrom
		? { newOrcid: options.orcid, previousOrcid: options.movedFrom }
		: {};
	if (options.output === 'xml') {
		return [
			{ orcid: options.orcid, ...moved, xml: typeof body === 'string' ? body : String(body) },
		];
	}
	if (options.output === 'raw') {
		if (options.split === 'record' || options.kind === 'item') {
			const json = (body && typeof body === 'object' ? body : { value: body }) as IDataObject;
			return [options.movedFrom ? { ...json, ...moved } : json];
		}
		return rawEntries(body, options).map((entry) => ({
			orcid: options.orcid,
			entryType: entry.itemType,
			...moved,
			...entry.value,
		})) as IDataObject[];
	}
	let out: IDataObject[];
	if (options.kind === 'section' && !options.section?.itemType) {
		out = simplifyPersonPart(body, options);
	} else {
		const kind: SimplifyKind = options.kind;
		out = simplify(body, {
			kind,
			mode: options.split,
			orcid: options.orcid,
			itemType: options.kind === 'section' ? options.section?.itemType : options.itemType,
			preferredOnly: options.preferredOnly,
		}) as IDataObject[];
	}
	return options.movedFrom ? out.map((e) => ({ ...e, ...moved })) : out;
}

/** What Continue On Fail puts on the main output for a failed item. */
export function errorItem(error: NodeError, itemIndex: number): INodeExecutionData {
	// the router keeps `error` only for "Continue (using error output)" (shared/node/errorOutput)
	return errorItemOf(error, itemIndex, errorJson(error, itemIndex));
}

/** Runs `read` for every input item; each gives zero or more output objects. */
export async function readEach(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	return await eachItem(ctx, items.length, read, {
		toError: (i, error) => toItemError(ctx, i, error),
		item: (error, i) => errorItem(error, i),
	});
}

export function outputOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { output: OutputMode; split: SplitMode; preferredOnly: boolean } {
	const output = itemParameter(ctx, 'output', itemIndex, 'simplify') as OutputMode;
	const split = itemParameter(ctx, 'split', itemIndex, 'record') as SplitMode;
	const versions = output === 'simplify' ? itemParameter(ctx, 'versions', itemIndex, 'all') : 'all';
	if (versions !== 'all' && versions !== 'preferred') {
		throw new FieldError('versions', `must be all or preferred, got "${String(versions)}"`);
	}
	return {
		output,
		split: output === 'xml' ? 'record' : split,
		preferredOnly: versions === 'preferred',
	};
}

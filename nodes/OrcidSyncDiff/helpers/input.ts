/**
 * Reading one input item of the Sync Diff node: the researcher, the local item (or none: an
 * item that only names a researcher, so that one whose local items are all gone is still
 * compared), its stored put code and content hash, and the ORCID side's token or data.
 * Every problem names the field.
 */
import {
	jsonParse,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
} from 'n8n-workflow';

import { buildItem } from '../../shared/orcid/model/build';
import { ModelValidationError, showValue } from '../../shared/orcid/model/errors';
import { isPersonItemType } from '../../shared/orcid/model/itemTypes';
import { validateRawItem } from '../../shared/orcid/model/validate';
import { isValidOrcidId, OrcidIdError, parseOrcidId } from '../../shared/orcid/orcidId';
import { researcherTokenOrError, ResearcherTokenError } from '../../shared/auth/researcherToken';
import type { LocalItem } from '../diff';
import { ITEM_TYPES, parseItemType } from '../itemTypes';
import { putCodeOf } from '../remote';
import { itemParameter } from '../../shared/node/parameters';

/**
 * A bad input field, as n8n shows it: "<Field>: <problem> (item i)"; `context.field` holds the
 * parameter's name ("accessToken"), as in Write Item's and Read Record's error items.
 */
export function inputError(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	const error = new NodeOperationError(node, `${field}: ${problem} (item ${itemIndex})`, {
		itemIndex,
		description,
	});
	error.context.field = PARAMETERS[field] ?? field;
	return error;
}

/** The parameter name behind each field's display name, for error items. */
const PARAMETERS: Record<string, string> = {
	'(item)': 'item',
	'ORCID iD': 'orcid',
	'Access Token': 'accessToken',
	'ORCID Data': 'remoteData',
	'Local Key': 'localKey',
	'Item Type': 'itemType',
	'Item JSON': 'itemJson',
	'Item Fields': 'itemFields',
	'Put Code': 'putCode',
	'Content Hash': 'contentHash',
};

class Problem {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly description?: string,
	) {}
}

export type RemoteSource = 'fetch' | 'input';

export interface ReadItem {
	index: number;
	orcid: string;
	/** null: the item only names a researcher (no local item). */
	local: LocalItem | null;
	accessToken?: string;
	remoteData?: unknown;
	localComplete: boolean;
}

const READ_ONLY_ROOT = ['put-code', 'path', 'source', 'created-date', 'last-modified-date'];

function isEmpty(v: unknown): boolean {
	return (
		v === undefined ||
		v === null ||
		(typeof v === 'string' && v.trim() === '') ||
		(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)
	);
}

function param(ctx: IExecuteFunctions, name: string, i: number, fallback: unknown): unknown {
	return itemParameter(ctx, name, i, fallback) as unknown;
}

function readObject(value: unknown, field: string): IDataObject {
	let v = value;
	if (typeof v === 'string') {
		let parsed = false;
		try {
			v = jsonParse(v);
			parsed = true;
		} catch {
			// reported below, with the field's name
		}
		if (!parsed) throw new Problem(field, 'is not valid JSON');
	}
	if (v === null || typeof v !== 'object' || Array.isArray(v)) {
		throw new Problem(field, `must be an object, got ${Array.isArray(v) ? 'an array' : typeof v}`);
	}
	return v as IDataObject;
}

/** The item's token, checked as every node checks it (shared/auth/researcherToken); optional here. */
function readToken(value: unknown, orcid: string, encryptionKey?: string): string | undefined {
	// every item's token, not just the one the read uses: a bad one is never passed on
	const token = researcherTokenOrError(value, { orcid, encryptionKey, required: false });
	if (token instanceof ResearcherTokenError) {
		throw new Problem('Access Token', token.problem, token.description);
	}
	return token;
}

/** What reading an item depends on besides the item: the same for every item of a run. */
export interface ReadSettings {
	mode: RemoteSource;
	recordBaseUrl: string;
	tokenEncryptionKey?: string;
	/** Option Item Types to Compare; null: every type. */
	itemTypes: ReadonlySet<string> | null;
}

/** Reads input item `i`. Throws a NodeOperationError naming the field and the item. */
export function readItem(ctx: IExecuteFunctions, i: number, settings: ReadSettings): ReadItem {
	const outcome = tryRead(ctx, i, settings);
	if (outcome instanceof Problem) {
		throw inputError(ctx.getNode(), i, outcome.field, outcome.problem, outcome.description);
	}
	return outcome;
}

function tryRead(ctx: IExecuteFunctions, i: number, settings: ReadSettings): ReadItem | Problem {
	try {
		return read(ctx, i, settings);
	} catch (error) {
		if (error instanceof Problem) return error;
		if (error instanceof ModelValidationError) return new Problem(error.field, error.message);
		return new Problem('(item)', (error as Error).message);
	}
}

function read(ctx: IExecuteFunctions, i: number, settings: ReadSettings): ReadItem {
	const { mode, recordBaseUrl, tokenEncryptionKey, itemTypes } = settings;
	const rawOrcid = param(ctx, 'orcid', i, '');
	if (isEmpty(rawOrcid)) {
		throw new Problem('ORCID iD', 'is empty', "Map the researcher's iD, e.g. {{ $json.orcid }}");
	}
	if (!isValidOrcidId(rawOrcid)) {
		let message = 'is not a valid ORCID iD';
		try {
			parseOrcidId(rawOrcid);
		} catch (error) {
			if (error instanceof OrcidIdError) message = error.message;
		}
		throw new Problem('ORCID iD', message);
	}
	const orcid = parseOrcidId(rawOrcid);

	const out: ReadItem = { index: i, orcid, local: null, localComplete: false };
	const token = param(ctx, 'accessToken', i, '');
	out.accessToken = readToken(token, orcid, tokenEncryptionKey);
	if (mode === 'input') {
		const data = param(ctx, 'remoteData', i, '');
		if (!isEmpty(data)) {
			out.remoteData = typeof data === 'string' ? readObject(data, 'ORCID Data') : data;
		}
	}
	const deleting = param(ctx, 'options.deleteRemovedLocally', i, false) === true;
	out.localComplete = deleting && param(ctx, 'options.localSetComplete', i, true) === true;

	const contentMode = param(ctx, 'contentMode', i, 'json') as string;
	const rawKey = param(ctx, 'localKey', i, '');
	const rawType = param(ctx, 'itemType', i, '');
	const rawContent =
		contentMode === 'fields' ? param(ctx, 'itemFields', i, '') : param(ctx, 'itemJson', i, '');
	// An item with neither key, type nor content only names a researcher.
	if (isEmpty(rawKey) && isEmpty(rawType) && isEmpty(rawContent)) return out;

	if (isEmpty(rawKey)) {
		throw new Problem(
			'Local Key',
			'is empty',
			"Map your system's own key of the item, e.g. {{ $json.localKey }}",
		);
	}
	if (typeof rawKey !== 'string' && typeof rawKey !== 'number') {
		throw new Problem('Local Key', `must be text or a number, got ${typeof rawKey}`);
	}
	const localKey = String(rawKey).trim();

	if (isEmpty(rawType)) throw new Problem('Item Type', 'is empty');
	const itemType = parseItemType(rawType);
	if (itemType === null) {
		const t = String(rawType);
		throw new Problem(
			'Item Type',
			isPersonItemType(t.trim().toLowerCase())
				? `${showValue(t)} is a person item; Sync Diff compares activities only`
				: `unknown item type ${showValue(t)}`,
			`Use one of: ${ITEM_TYPES.join(', ')}`,
		);
	}
	if (itemTypes !== null && !itemTypes.has(itemType)) {
		throw new Problem(
			'Item Type',
			`${itemType} is not among the Item Types to Compare`,
			`Add it to Options > Item Types to Compare, or send only ${[...itemTypes].join(', ')} items here.`,
		);
	}

	const rawPutCode = param(ctx, 'putCode', i, '');
	let putCode: number | null = null;
	if (!isEmpty(rawPutCode)) {
		putCode = putCodeOf(rawPutCode);
		if (putCode === null) {
			throw new Problem(
				'Put Code',
				`must be a positive whole number, got ${showValue(rawPutCode)}`,
			);
		}
	}
	const rawHash = param(ctx, 'contentHash', i, '');
	let contentHash: string | null = null;
	if (!isEmpty(rawHash)) {
		if (typeof rawHash !== 'string') {
			throw new Problem('Content Hash', `must be text, got ${typeof rawHash}`);
		}
		contentHash = rawHash.trim();
	}

	let json: IDataObject = {};
	if (isEmpty(rawContent)) {
		throw new Problem(
			contentMode === 'fields' ? 'Item Fields' : 'Item JSON',
			'is empty',
			contentMode === 'fields'
				? 'Map the item builder fields, e.g. {{ $json.fields }}'
				: 'Map the ORCID JSON of the item, e.g. {{ $json.orcidJson }}',
		);
	}
	const field = contentMode === 'fields' ? 'Item Fields' : 'Item JSON';
	let problem: string | null = null;
	try {
		if (contentMode === 'fields') {
			json = buildItem(itemType, readObject(rawContent, field), {
				recordBaseUrl,
			}) as IDataObject;
		} else {
			json = { ...readObject(rawContent, field) };
			// what ORCID adds on read is not ours to send
			for (const k of READ_ONLY_ROOT) delete json[k];
			validateRawItem(itemType, json, { operation: 'create' });
		}
	} catch (error) {
		problem = error instanceof Error ? error.message : String(error);
	}
	if (problem !== null) throw new Problem(field, problem);

	out.local = { localKey, itemType, json, putCode, contentHash, ref: i };
	return out;
}

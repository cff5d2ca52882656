/**
 * Reading one input item of the Sync Diff node: the researcher, the local item (or none: an
 * item that only names a researcher, so that one whose local items are all gone is still
 * compared), its stored put code and content hash, and the ORCID side's token or data.
 * Every problem is a FieldError naming the parameter; the runner names the item.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { putCodeOf } from '../../shared/orcid/identity';
import { buildItem } from '../../shared/orcid/model/build';
import { ModelValidationError, showValue } from '../../shared/orcid/model/errors';
import {
	ACTIVITY_TYPES,
	isPersonItemType,
	parseActivityType,
	type ActivityType,
} from '../../shared/orcid/model/itemTypes';
import { validateRawItem } from '../../shared/orcid/model/validate';
import { isValidOrcidId, OrcidIdError, parseOrcidId } from '../../shared/orcid/orcidId';
import { researcherTokenOrError, ResearcherTokenError } from '../../shared/auth/researcherToken';
import { autoMappedFields, fieldName, inputValue, isAutoMap } from './autoMap';
import { MAPPER_PARAMETER, mappedFields, mapperKind } from './mapper';
import { FieldError } from '../../shared/node/runner';
import { parseJsonText } from '../../shared/node/parameters';
import type { LocalItem } from '../diff';
import { readChoices } from './policyOptions';

export type RemoteSource = 'fetch' | 'input';

export interface ReadItem {
	index: number;
	orcid: string;
	/** null: the item only names a researcher (no local item). */
	local: LocalItem | null;
	accessToken?: string;
	remoteData?: unknown;
	localComplete: boolean;
	/** Item types the researcher opted out of (option Opted-Out Item Types). */
	optOuts: Set<string>;
}

/** What reading an item depends on besides the item: the same for every item of a run. */
export interface ReadSettings {
	mode: RemoteSource;
	recordBaseUrl: string;
	tokenEncryptionKey?: string;
	/** Option Item Types to Compare; null: every type. */
	itemTypes: ReadonlySet<string> | null;
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
	return inputValue(ctx, name, i, fallback);
}

function readObject(value: unknown, field: string): IDataObject {
	const v = parseJsonText(value, field);
	if (v === null || typeof v !== 'object' || Array.isArray(v)) {
		throw new FieldError(
			field,
			`must be an object, got ${Array.isArray(v) ? 'an array' : typeof v}`,
		);
	}
	return v as IDataObject;
}

/** The item's token, checked as every node checks it (shared/auth/researcherToken); optional here. */
function readToken(value: unknown, orcid: string, encryptionKey?: string): string | undefined {
	// every item's token, not just the one the read uses: a bad one is never passed on
	const token = researcherTokenOrError(value, { orcid, encryptionKey, required: false });
	if (token instanceof ResearcherTokenError) {
		throw new FieldError('accessToken', token.problem, token.description);
	}
	return token;
}

function readOrcid(raw: unknown): string {
	if (isEmpty(raw)) {
		throw new FieldError('orcid', 'is empty', "Map the researcher's iD, e.g. {{ $json.orcid }}");
	}
	if (!isValidOrcidId(raw)) {
		let message = 'is not a valid ORCID iD';
		try {
			parseOrcidId(raw);
		} catch (error) {
			if (error instanceof OrcidIdError) message = error.message;
		}
		throw new FieldError('orcid', message);
	}
	return parseOrcidId(raw);
}

/** Reads input item `i`. Throws a FieldError naming the parameter (the runner adds the item). */
export function readItem(ctx: IExecuteFunctions, i: number, settings: ReadSettings): ReadItem {
	const orcid = readOrcid(param(ctx, 'orcid', i, ''));
	const choices = readChoices(ctx, i);
	const out: ReadItem = {
		index: i,
		orcid,
		local: null,
		localComplete: false,
		optOuts: choices.optOuts,
	};
	out.accessToken = readToken(param(ctx, 'accessToken', i, ''), orcid, settings.tokenEncryptionKey);
	if (settings.mode === 'input') {
		const data = param(ctx, 'remoteData', i, '');
		if (!isEmpty(data)) {
			out.remoteData =
				typeof data === 'string' ? readObject(data, fieldName(ctx, 'remoteData', i)) : data;
		}
	}
	const deleting = param(ctx, 'options.deleteRemovedLocally', i, false) === true;
	out.localComplete = deleting && param(ctx, 'options.localSetComplete', i, true) === true;
	out.local = readLocal(ctx, i, settings);
	if (out.local !== null) out.local.ledger = choices.ledger;
	return out;
}

/**
 * Where the item's content comes from: ORCID JSON or an Item Fields object (a parameter), the
 * item's own fields (auto-map), or version 2's field list for the item type (the mapper).
 */
type ContentSource = 'parameter' | 'auto' | 'mapper';

function contentSource(ctx: IExecuteFunctions, i: number, contentMode: string): ContentSource {
	if (contentMode !== 'fields') return 'parameter';
	if (isAutoMap(ctx, i)) return 'auto';
	return ctx.getNode().typeVersion >= 2 ? 'mapper' : 'parameter';
}

/** Version 2's mapped fields for the item type, as builder fields. */
function mapperContent(ctx: IExecuteFunctions, i: number, rawType: unknown): IDataObject {
	const parsed = parseActivityType(rawType);
	if (parsed === null) return {};
	const kind = mapperKind(parsed);
	if (kind === null) {
		throw new FieldError(
			'contentMode',
			`a ${parsed} has no field list: give it as ORCID JSON, or with Local Data Auto-Map`,
		);
	}
	return mappedFields(kind, (param(ctx, MAPPER_PARAMETER[kind], i, {}) as IDataObject) ?? {});
}

/** The local item, or null when the input item only names a researcher. */
function readLocal(ctx: IExecuteFunctions, i: number, settings: ReadSettings): LocalItem | null {
	const contentMode = param(ctx, 'contentMode', i, 'json') as string;
	const contentField = contentMode === 'fields' ? 'itemFields' : 'itemJson';
	const source = contentSource(ctx, i, contentMode);
	const rawKey = param(ctx, 'localKey', i, '');
	const rawType = param(ctx, 'itemType', i, '');
	// auto-mapped builder fields are the item's own fields, read once the item type is known
	const rawContent =
		source === 'auto'
			? undefined
			: source === 'mapper'
				? mapperContent(ctx, i, rawType)
				: param(ctx, contentField, i, '');
	// An item with neither key, type nor content only names a researcher; version 2's mapper
	// has one item type for the node, so there key and content decide.
	const noType = source === 'mapper' || isEmpty(rawType);
	if (isEmpty(rawKey) && noType && isEmpty(rawContent)) return null;

	const localKey = readLocalKey(rawKey);
	const itemType = readItemType(rawType, settings.itemTypes);
	const putCode = readPutCode(param(ctx, 'putCode', i, ''));
	const contentHash = readContentHash(param(ctx, 'contentHash', i, ''));
	if (source !== 'parameter') {
		const fields = source === 'auto' ? autoMappedFields(ctx, i, itemType) : rawContent;
		const json = readContent(itemType, fields, null, settings);
		return { localKey, itemType, json, putCode, contentHash, ref: i };
	}
	if (isEmpty(rawContent)) {
		throw new FieldError(
			fieldName(ctx, contentField, i),
			'is empty',
			contentMode === 'fields'
				? 'Map the item builder fields, e.g. {{ $json.fields }}'
				: 'Map the ORCID JSON of the item, e.g. {{ $json.orcidJson }}',
		);
	}
	const json = readContent(itemType, rawContent, fieldName(ctx, contentField, i), settings);
	return { localKey, itemType, json, putCode, contentHash, ref: i };
}

function readLocalKey(rawKey: unknown): string {
	if (isEmpty(rawKey)) {
		throw new FieldError(
			'localKey',
			'is empty',
			"Map your system's own key of the item, e.g. {{ $json.localKey }}",
		);
	}
	if (typeof rawKey !== 'string' && typeof rawKey !== 'number') {
		throw new FieldError('localKey', `must be text or a number, got ${typeof rawKey}`);
	}
	return String(rawKey).trim();
}

function readItemType(rawType: unknown, compared: ReadonlySet<string> | null): ActivityType {
	if (isEmpty(rawType)) throw new FieldError('itemType', 'is empty');
	const itemType = parseActivityType(rawType);
	if (itemType === null) {
		const t = String(rawType);
		throw new FieldError(
			'itemType',
			isPersonItemType(t.trim().toLowerCase())
				? `${showValue(t)} is a person item; Sync Diff compares activities only`
				: `unknown item type ${showValue(t)}`,
			`Use one of: ${ACTIVITY_TYPES.join(', ')}`,
		);
	}
	if (compared !== null && !compared.has(itemType)) {
		throw new FieldError(
			'itemType',
			`${itemType} is not among the Item Types to Compare`,
			`Add it to Options > Item Types to Compare, or send only ${[...compared].join(', ')} items here.`,
		);
	}
	return itemType;
}

function readPutCode(raw: unknown): number | null {
	if (isEmpty(raw)) return null;
	const putCode = putCodeOf(raw);
	if (putCode === null) {
		throw new FieldError('putCode', `must be a positive whole number, got ${showValue(raw)}`);
	}
	return putCode;
}

function readContentHash(raw: unknown): string | null {
	if (isEmpty(raw)) return null;
	if (typeof raw !== 'string')
		throw new FieldError('contentHash', `must be text, got ${typeof raw}`);
	return raw.trim();
}

/**
 * The ORCID JSON of the local item: built from builder fields (`field` null: the item's own
 * fields, so a problem is named by the builder field), or checked as given.
 */
function readContent(
	itemType: ActivityType,
	raw: unknown,
	field: string | null,
	settings: ReadSettings,
): IDataObject {
	let problem: FieldError;
	try {
		if (field === null || field === 'itemFields') {
			const fields = field === null ? (raw as IDataObject) : readObject(raw, field);
			return buildItem(itemType, fields, { recordBaseUrl: settings.recordBaseUrl }) as IDataObject;
		}
		const json = { ...readObject(raw, field) };
		// what ORCID adds on read is not ours to send
		for (const k of READ_ONLY_ROOT) delete json[k];
		validateRawItem(itemType, json, { operation: 'create' });
		return json;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		problem =
			field === null && error instanceof ModelValidationError
				? new FieldError(error.field, error.issues[0]?.problem ?? message)
				: new FieldError(field ?? '(item)', message);
	}
	throw problem;
}

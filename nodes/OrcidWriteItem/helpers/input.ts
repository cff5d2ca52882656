/**
 * Reading one input item into a write job: the researcher (iD and token), the put code, and
 * the body in ORCID v3.0 JSON or XML, all checked before anything is sent.
 */
import { jsonParse, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { matchKeysOf, personKeyOf } from '../../shared/orcid/identity';
import { buildItem } from '../../shared/orcid/model/build';
import {
	hasUntrimmedExternalIdValue,
	trimExternalIdValues,
} from '../../shared/orcid/model/externalIds';
import { isPlainJson } from '../../shared/orcid/model/json';
import {
	itemTypeInfo,
	parsePutCode,
	type ItemType,
	type ItemTypeInfo,
} from '../../shared/orcid/model/itemTypes';
import { validateRawItem } from '../../shared/orcid/model/validate';
import { parseOrcidId } from '../../shared/orcid/orcidId';
import { researcherTokenOrError, ResearcherTokenError } from '../../shared/auth/researcherToken';
import { readAffiliation } from '../actions/fields/affiliation.fields';
import { readFunding } from '../actions/fields/funding.fields';
import { readPeerReview, type GroupRecordFields } from '../actions/fields/peerReview.fields';
import { readPersonItem } from '../actions/fields/person.fields';
import { readResearchResource } from '../actions/fields/researchResource.fields';
import type { ParamReader } from '../actions/fields/shared';
import { readWork } from '../actions/fields/work.fields';
import { AFFILIATION_RESOURCES, PERSON_RESOURCES, type WriteResource } from '../actions/itemTypes';
import { FieldError } from '../../shared/node/runner';
import { withXmlPutCode, xmlExternalIds, xmlRoot, xmlText } from './xml';
import { itemParameter } from '../../shared/node/parameters';
import {
	autoMappedFields,
	inputFieldName,
	inputValue,
	isAutoMap,
	splitGroupFields,
} from './autoMap';

export interface Researcher {
	orcid: string;
	token: string;
}

export interface PreparedBody {
	format: 'json' | 'xml';
	body: IDataObject | string;
	/** Normalised self / version-of identifiers ('doi:10.1/abc'): how ORCID finds duplicates. */
	matchKeys: string[];
	/** Person items: what makes two of them the same (content, URL, type:value). */
	personKey?: string;
	/** Peer reviews: the review group and what to create its group-id record with. */
	group?: GroupRecordFields & { groupId: string };
}

export function paramReader(ctx: IExecuteFunctions, itemIndex: number): ParamReader {
	return (name, fallback) => itemParameter(ctx, name, itemIndex, fallback);
}

/**
 * The researcher's iD and token; a stored token record may be given instead of the token
 * (checked in shared/auth/researcherToken, reported here on the item and field "accessToken").
 */
export function readResearcher(
	ctx: IExecuteFunctions,
	itemIndex: number,
	tokenEncryptionKey?: string,
): Researcher {
	const orcid = parseOrcidId(inputValue(ctx, 'orcid', itemIndex, ''));
	const raw = inputValue(ctx, 'accessToken', itemIndex, '');
	const token = researcherTokenOrError(raw, {
		orcid,
		encryptionKey: tokenEncryptionKey,
		required: true,
	});
	if (token instanceof ResearcherTokenError) {
		throw new FieldError(
			inputFieldName(ctx, 'accessToken', itemIndex),
			token.problem,
			token.description,
		);
	}
	return { orcid, token };
}

export function readPutCode(ctx: IExecuteFunctions, itemIndex: number): number {
	const value = inputValue(ctx, 'putCode', itemIndex, '');
	const field = inputFieldName(ctx, 'putCode', itemIndex);
	if (value === '' || value === undefined || value === null) {
		throw new FieldError(field, 'no put code given');
	}
	return parsePutCode(value, field);
}

function readEditorFields(
	resource: WriteResource,
	get: ParamReader,
): { fields: IDataObject; group?: GroupRecordFields } {
	if (resource === 'work') return { fields: readWork(get) };
	if (resource === 'funding') return { fields: readFunding(get) };
	if (resource === 'peerReview') return readPeerReview(get);
	if (resource === 'researchResource') return { fields: readResearchResource(get) };
	if (AFFILIATION_RESOURCES.includes(resource)) return { fields: readAffiliation(get) };
	if (PERSON_RESOURCES.includes(resource)) return { fields: readPersonItem(resource, get) };
	throw new FieldError('resource', `unknown item type "${resource}"`);
}

function readAutoMapped(
	ctx: IExecuteFunctions,
	itemIndex: number,
	itemType: ItemType,
): { fields: IDataObject; group?: GroupRecordFields } {
	const fields = autoMappedFields(ctx, itemIndex, itemType);
	return itemType === 'peer-review' ? splitGroupFields(fields) : { fields };
}

/** The XML's root element; a malformed XML is an error on the field it came from. */
function xmlRootOf(xml: string, field: string): ReturnType<typeof xmlRoot> {
	let problem = '';
	try {
		return xmlRoot(xml);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new FieldError(field, problem);
}

/** The item's JSON; `own` when it was parsed here (not the input item's own object). */
function readJson(ctx: IExecuteFunctions, itemIndex: number): { value: IDataObject; own: boolean } {
	const raw = inputValue(ctx, 'itemJson', itemIndex, '');
	const field = inputFieldName(ctx, 'itemJson', itemIndex);
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') throw new FieldError(field, 'no JSON given');
		let problem: string | undefined;
		try {
			value = jsonParse(raw);
		} catch (error) {
			problem = (error as Error).message;
		}
		if (problem !== undefined) throw new FieldError(field, `not valid JSON: ${problem}`);
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new FieldError(
			field,
			`must be one ORCID item as a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
		);
	}
	return { value: value as IDataObject, own: typeof raw === 'string' };
}

/** What the identity rules (shared/orcid/identity.ts) read of an item, from its XML. */
function xmlIdentityView(xml: string): IDataObject {
	const ids = xmlExternalIds(xml).map((id) => ({
		'external-id-type': id.type,
		'external-id-value': id.value,
		'external-id-relationship': id.relationship || 'self',
	}));
	return {
		'external-ids': { 'external-id': ids },
		content: xmlText(xml, 'content'),
		url: xmlText(xml, 'url'),
		'external-id-type': xmlText(xml, 'external-id-type'),
		'external-id-value': xmlText(xml, 'external-id-value'),
	};
}

/**
 * The body to send for a create (putCode undefined) or an update (putCode in URL and body).
 * Throws ModelValidationError / FieldError / XmlBodyError naming the field.
 */
export function readBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	resource: WriteResource,
	itemType: ItemType,
	putCode: number | undefined,
	recordBaseUrl: string,
): PreparedBody {
	const info = itemTypeInfo(itemType);
	const inputMode = itemParameter(ctx, 'inputMode', itemIndex, 'fields') as string;
	if (inputMode === 'xml') return readXmlBody(ctx, itemIndex, itemType, info, putCode);

	let body: IDataObject;
	let group: GroupRecordFields | undefined;
	if (inputMode === 'json') {
		body = readJsonBody(ctx, itemIndex, itemType, putCode);
	} else if (inputMode === 'fields') {
		const read = isAutoMap(ctx, itemIndex)
			? readAutoMapped(ctx, itemIndex, itemType)
			: readEditorFields(resource, paramReader(ctx, itemIndex));
		group = read.group;
		const fields = putCode === undefined ? read.fields : { ...read.fields, putCode };
		body = buildItem(itemType, fields, { recordBaseUrl }) as IDataObject;
	} else {
		throw new FieldError('inputMode', `unknown input "${inputMode}": use fields, json or xml`);
	}

	const prepared: PreparedBody = {
		format: 'json',
		body,
		matchKeys: matchKeysOf(itemType, body),
	};
	const key = personKeyOf(itemType, body);
	if (key) prepared.personKey = key;
	if (itemType === 'peer-review') {
		prepared.group = {
			...(group ?? {}),
			groupId: String(body['review-group-id'] ?? ''),
		};
	}
	return prepared;
}

/** ORCID JSON from the item: trimmed identifiers, the put code to update, validated. */
function readJsonBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	itemType: ItemType,
	putCode: number | undefined,
): IDataObject {
	const { value, own } = readJson(ctx, itemIndex);
	// the input item's own object is sent and output as it is when nothing in it is to change
	// (an execution then saves it once); otherwise a copy, and the input item stays as it was
	const asGiven =
		putCode === undefined && (own || isPlainJson(value)) && !hasUntrimmedExternalIdValue(value);
	const body = asGiven || own ? value : (JSON.parse(JSON.stringify(value)) as IDataObject);
	if (!asGiven) trimExternalIdValues(body);
	if (putCode !== undefined) {
		const inBody = body['put-code'];
		if (inBody !== undefined && inBody !== null && String(inBody) !== String(putCode)) {
			throw new FieldError(
				'putCode',
				`the JSON carries put-code ${String(inBody)}, but the put code to update is ${putCode}`,
			);
		}
		body['put-code'] = putCode;
	}
	validateRawItem(itemType, body, { operation: putCode === undefined ? 'create' : 'update' });
	return body;
}

/** ORCID XML from the item: its root must be the item type's; sent as given (with the put code). */
function readXmlBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	itemType: ItemType,
	info: ItemTypeInfo,
	putCode: number | undefined,
): PreparedBody {
	const raw = inputValue(ctx, 'itemXml', itemIndex, '');
	const xmlField = inputFieldName(ctx, 'itemXml', itemIndex);
	if (typeof raw !== 'string' || raw.trim() === '') {
		throw new FieldError(xmlField, 'no XML given');
	}
	const root = xmlRootOf(raw, xmlField);
	if (root.localName !== info.xmlRoot.name) {
		throw new FieldError(
			xmlField,
			`the XML is a <${root.qualifiedName}>, but the item type is ${itemType} (root <${info.xmlRoot.prefix}:${info.xmlRoot.name}>)`,
		);
	}
	if (putCode === undefined && root.putCode !== undefined) {
		throw new FieldError(
			xmlField,
			`a new item must not carry a put code (the XML has put-code="${root.putCode}")`,
			'ORCID assigns the put code (error 9024 otherwise). Remove the attribute, or use Update.',
		);
	}
	const xml = putCode === undefined ? raw.trim() : withXmlPutCode(raw.trim(), putCode);
	// the identity rules read the XML's identifiers and person-item fields as they read JSON
	const view = xmlIdentityView(xml);
	const prepared: PreparedBody = {
		format: 'xml',
		body: xml,
		matchKeys: matchKeysOf(itemType, view),
	};
	const key = personKeyOf(itemType, view);
	if (key) prepared.personKey = key;
	if (itemType === 'peer-review') {
		const groupId = xmlText(xml, 'review-group-id');
		if (!groupId) throw new FieldError(xmlField, 'the peer review has no review-group-id');
		prepared.group = { groupId };
	}
	return prepared;
}

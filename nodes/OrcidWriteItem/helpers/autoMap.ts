/**
 * Data Mode "Auto-Map Input Data to Fields", as n8n's Postgres and Google Sheets nodes map
 * columns: each value is read from the input item's field of a documented name (orcid,
 * accessToken, putCode, the item's own fields such as title or externalIds, or orcidJson /
 * orcidXml), with no expression evaluated. "Map Each Field Below" reads the parameters through
 * n8n as usual.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { builderFieldNames } from '../../shared/orcid/model/fieldNames';
import type { ItemType } from '../../shared/orcid/model/itemTypes';
import { itemParameter } from '../../shared/node/parameters';
import { FieldError } from './errors';

export const AUTO_MAP = 'autoMapInputData';
export const DEFINE_BELOW = 'defineBelow';

/** The parameters auto-map reads from an item field, and that field's name. */
const ITEM_FIELDS = {
	orcid: 'orcid',
	accessToken: 'accessToken',
	putCode: 'putCode',
	itemJson: 'orcidJson',
	itemXml: 'orcidXml',
} as const;
export type MappedParameter = keyof typeof ITEM_FIELDS;

/** The peer review's group-id record, created with the review when it is missing. */
const PEER_REVIEW_GROUP_FIELDS = ['groupName', 'groupDescription', 'groupType'];

/** The fields an item in "fields" input may carry besides its builder fields. */
const RESEARCHER_FIELDS = ['orcid', 'accessToken'];

export function isAutoMap(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return itemParameter(ctx, 'dataMode', itemIndex, DEFINE_BELOW) === AUTO_MAP;
}

/** An own field of the item: never one inherited from Object.prototype ('constructor' ...). */
export function ownField(json: IDataObject, name: string): unknown {
	return Object.prototype.hasOwnProperty.call(json, name) ? json[name] : undefined;
}

function itemJson(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return ctx.getInputData()[itemIndex]?.json ?? {};
}

/** The value of a parameter that auto-map reads from the item; otherwise through n8n. */
export function inputValue(
	ctx: IExecuteFunctions,
	name: MappedParameter,
	itemIndex: number,
	fallback: unknown,
): unknown {
	if (!isAutoMap(ctx, itemIndex)) return itemParameter(ctx, name, itemIndex, fallback);
	const value = ownField(itemJson(ctx, itemIndex), ITEM_FIELDS[name]);
	return value === undefined || value === null ? fallback : value;
}

/** The name an error about this value gives: the item's field or the node's parameter. */
export function inputFieldName(
	ctx: IExecuteFunctions,
	name: MappedParameter,
	itemIndex: number,
): string {
	return isAutoMap(ctx, itemIndex) ? ITEM_FIELDS[name] : name;
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/**
 * The item's own fields for the builder of `itemType` (blank ones dropped: an empty column is
 * "not given"), and the peer review's group record fields. A field the item type does not have
 * is an error naming it, unless the node is set to ignore other fields.
 */
export function autoMappedFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	itemType: ItemType,
): IDataObject {
	const json = itemJson(ctx, itemIndex);
	const known = new Set([
		...builderFieldNames(itemType),
		...RESEARCHER_FIELDS,
		...(itemType === 'peer-review' ? PEER_REVIEW_GROUP_FIELDS : []),
	]);
	const ignoreOthers = itemParameter(ctx, 'ignoreOtherFields', itemIndex, false) === true;
	const fields: IDataObject = {};
	for (const name of Object.keys(json)) {
		if (!known.has(name)) {
			if (ignoreOthers) continue;
			throw new FieldError(
				name,
				`is not a field of ${itemType === 'work' ? 'a work' : `an item of type ${itemType}`}`,
				`Rename or remove it (fields read: ${[...known].join(', ')}), or turn on Ignore Other Fields.`,
			);
		}
		if (RESEARCHER_FIELDS.includes(name) || name === 'putCode') continue;
		const value = json[name];
		if (!isBlank(value)) fields[name] = value;
	}
	return fields;
}

/** Splits the peer review's group record fields off the builder fields. */
export function splitGroupFields(fields: IDataObject): {
	fields: IDataObject;
	group: { name?: string; description?: string; type?: string };
} {
	const { groupName, groupDescription, groupType, ...rest } = fields;
	return {
		fields: rest,
		group: {
			name: groupName as string | undefined,
			description: groupDescription as string | undefined,
			type: groupType as string | undefined,
		},
	};
}

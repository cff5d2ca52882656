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
import { AUTO_MAP, contentFields, DEFINE_BELOW, ownField } from '../../shared/node/autoMap';
import { FieldError } from '../../shared/node/runner';

export { AUTO_MAP, DEFINE_BELOW } from '../../shared/node/autoMap';

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

/** The fields an item in "fields" input carries besides the item's content. */
const ITEM_OWN_FIELDS: ReadonlySet<string> = new Set(['orcid', 'accessToken', 'putCode']);

export function isAutoMap(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return itemParameter(ctx, 'dataMode', itemIndex, DEFINE_BELOW) === AUTO_MAP;
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
	const content = new Set([
		...builderFieldNames(itemType).filter((name) => name !== 'putCode'),
		...(itemType === 'peer-review' ? PEER_REVIEW_GROUP_FIELDS : []),
	]);
	const ignoreOthers = itemParameter(ctx, 'ignoreOtherFields', itemIndex, false) === true;
	const read = contentFields(itemJson(ctx, itemIndex), content, ITEM_OWN_FIELDS, ignoreOthers);
	if (read.unknown !== undefined) {
		throw new FieldError(
			read.unknown,
			`is not a field of ${itemType === 'work' ? 'a work' : `an item of type ${itemType}`}`,
			`Rename or remove it (fields read: ${[...ITEM_OWN_FIELDS, ...content].join(', ')}), or turn on Ignore Other Fields.`,
		);
	}
	return read.fields;
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

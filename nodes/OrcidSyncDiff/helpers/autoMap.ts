/**
 * Sync Diff's Data Mode: "Auto-Map Input Data" reads each value from the input item's field of
 * the documented name (shared/node/autoMap.ts), "Map Each Field Below" reads the parameters
 * through n8n. One place knows which item field stands for which parameter.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { AUTO_MAP, contentFields, DEFINE_BELOW, ownField } from '../../shared/node/autoMap';
import { itemParameter } from '../../shared/node/parameters';
import { FieldError } from '../../shared/node/runner';
import { builderFieldNames } from '../../shared/orcid/model/fieldNames';
import type { ActivityType } from '../../shared/orcid/model/itemTypes';

/** Parameter -> the item field auto-map reads it from. */
const ITEM_FIELDS: Record<string, string> = {
	orcid: 'orcid',
	accessToken: 'accessToken',
	remoteData: 'remote',
	localKey: 'localKey',
	itemType: 'itemType',
	itemJson: 'orcidJson',
	putCode: 'putCode',
	contentHash: 'contentHash',
};

/** The fields an auto-mapped item carries besides the item's content. */
const OWN_FIELDS: ReadonlySet<string> = new Set(Object.values(ITEM_FIELDS));

export function isAutoMap(ctx: IExecuteFunctions, i: number): boolean {
	return itemParameter(ctx, 'dataMode', i, DEFINE_BELOW) === AUTO_MAP;
}

function itemJson(ctx: IExecuteFunctions, i: number): IDataObject {
	return ctx.getInputData()[i]?.json ?? {};
}

/** A parameter's value for item `i`: the item's field when auto-mapped, else through n8n. */
export function inputValue(
	ctx: IExecuteFunctions,
	name: string,
	i: number,
	fallback: unknown,
): unknown {
	const field = ITEM_FIELDS[name];
	if (field === undefined || !isAutoMap(ctx, i)) return itemParameter(ctx, name, i, fallback);
	const value = ownField(itemJson(ctx, i), field);
	return value === undefined || value === null ? fallback : value;
}

/** The name an error gives a value: the item's field when auto-mapped, else the parameter. */
export function fieldName(ctx: IExecuteFunctions, name: string, i: number): string {
	return isAutoMap(ctx, i) ? (ITEM_FIELDS[name] ?? name) : name;
}

/**
 * The item's own builder fields for `itemType` (Write Item's names: title, type, externalIds
 * ...). A field that is neither one of them nor one of the fields above fails the item by name,
 * unless the node ignores other fields.
 */
export function autoMappedFields(
	ctx: IExecuteFunctions,
	i: number,
	itemType: ActivityType,
): IDataObject {
	const content = new Set(builderFieldNames(itemType).filter((n) => n !== 'putCode'));
	const ignoreOthers = itemParameter(ctx, 'ignoreOtherFields', i, false) === true;
	const read = contentFields(itemJson(ctx, i), content, OWN_FIELDS, ignoreOthers);
	if (read.unknown !== undefined) {
		throw new FieldError(
			read.unknown,
			`is not a field of ${itemType === 'work' ? 'a work' : `an item of type ${itemType}`}`,
			`Rename or remove it (fields read: ${[...OWN_FIELDS, ...content].join(', ')}), or turn on Ignore Other Fields.`,
		);
	}
	return read.fields;
}

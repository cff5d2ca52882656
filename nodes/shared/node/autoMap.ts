/**
 * "Auto-Map Input Data", as n8n's Postgres and Google Sheets nodes map columns: values read
 * from the input item's fields of documented names, with no expression evaluated. Only the
 * item's own fields are read, never one inherited from Object.prototype ('constructor' ...).
 * "Map Each Field Below" reads the parameters through n8n as usual. Each node gives its own
 * table of which item field stands for which parameter (autoMapOf).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { builderFieldNames } from '../orcid/model/fieldNames';
import type { ItemType } from '../orcid/model/itemTypes';
import { itemParameter } from './parameters';
import { FieldError } from './runner';

export const AUTO_MAP = 'autoMapInputData';
export const DEFINE_BELOW = 'defineBelow';

/** An own field of the item, or undefined. */
export function ownField(json: IDataObject, name: string): unknown {
	return Object.prototype.hasOwnProperty.call(json, name) ? json[name] : undefined;
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/**
 * The item's fields named in `content` (blank ones dropped: an empty column means "not
 * given"). A field in neither `content` nor `other` is returned as `unknown` (the first one),
 * unless `ignoreOthers`.
 */
export function contentFields(
	json: IDataObject,
	content: ReadonlySet<string>,
	other: ReadonlySet<string>,
	ignoreOthers: boolean,
): { fields: IDataObject; unknown?: string } {
	const fields: IDataObject = {};
	for (const name of Object.keys(json)) {
		if (content.has(name)) {
			if (!isBlank(json[name])) fields[name] = json[name];
		} else if (!other.has(name) && !ignoreOthers) {
			return { fields, unknown: name };
		}
	}
	return { fields };
}

/** Item `i` is read in Data Mode "Auto-Map Input Data". */
export function isAutoMap(ctx: IExecuteFunctions, i: number): boolean {
	return itemParameter(ctx, 'dataMode', i, DEFINE_BELOW) === AUTO_MAP;
}

function itemJson(ctx: IExecuteFunctions, i: number): IDataObject {
	return ctx.getInputData()[i]?.json ?? {};
}

/** A node's auto-map, read through its table of parameters and item fields. */
export interface AutoMap<P extends string> {
	/** A parameter's value for item `i`: the item's field when auto-mapped, else through n8n. */
	inputValue(ctx: IExecuteFunctions, name: P, i: number, fallback: unknown): unknown;
	/** The name an error gives a value: the item's field when auto-mapped, else the parameter. */
	fieldName(ctx: IExecuteFunctions, name: P, i: number): string;
	/**
	 * The item's own builder fields for `itemType` (Write Item's names: title, type,
	 * externalIds ..., blank ones dropped) and the node's extra content fields. A field that is
	 * neither content nor one of the node's own fields fails the item by name, unless the node
	 * ignores other fields.
	 */
	autoMappedFields(ctx: IExecuteFunctions, i: number, itemType: ItemType): IDataObject;
}

/**
 * `itemFields`: parameter -> the item field auto-map reads it from (a parameter not in it is
 * always read through n8n); `ownFields`: the fields an auto-mapped item carries besides its
 * content; `extraContent`: content fields of an item type besides its builder's.
 */
export function autoMapOf<P extends string>(
	itemFields: Readonly<Partial<Record<P, string>>>,
	ownFields: ReadonlySet<string>,
	extraContent: (itemType: ItemType) => readonly string[] = () => [],
): AutoMap<P> {
	const fieldOf = (name: P) => ownField(itemFields as IDataObject, name) as string | undefined;
	return {
		inputValue(ctx, name, i, fallback) {
			const field = fieldOf(name);
			if (field === undefined || !isAutoMap(ctx, i)) return itemParameter(ctx, name, i, fallback);
			const value = ownField(itemJson(ctx, i), field);
			return value === undefined || value === null ? fallback : value;
		},
		fieldName(ctx, name, i) {
			return isAutoMap(ctx, i) ? (fieldOf(name) ?? name) : name;
		},
		autoMappedFields(ctx, i, itemType) {
			const content = new Set([
				...builderFieldNames(itemType).filter((name) => name !== 'putCode'),
				...extraContent(itemType),
			]);
			const ignoreOthers = itemParameter(ctx, 'ignoreOtherFields', i, false) === true;
			const read = contentFields(itemJson(ctx, i), content, ownFields, ignoreOthers);
			if (read.unknown !== undefined) {
				throw new FieldError(
					read.unknown,
					`is not a field of ${itemType === 'work' ? 'a work' : `an item of type ${itemType}`}`,
					`Rename or remove it (fields read: ${[...ownFields, ...content].join(', ')}), or turn on Ignore Other Fields.`,
				);
			}
			return read.fields;
		},
	};
}

/**
 * "Auto-Map Input Data", as n8n's Postgres and Google Sheets nodes map columns: values read
 * from the input item's fields of documented names, with no expression evaluated. Only the
 * item's own fields are read, never one inherited from Object.prototype ('constructor' ...).
 */
import type { IDataObject } from 'n8n-workflow';

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

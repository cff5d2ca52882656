/**
 * Parameters a node reads for every item, without asking n8n again for the ones that cannot
 * differ between items.
 *
 * A parameter with no expression anywhere in it (no string starting with '=', n8n's own mark
 * of an expression) has the same value for every item: it is read through n8n's
 * getNodeParameter once per run and reused. Every other parameter goes through
 * getNodeParameter for each item, so n8n alone decides what an expression means. Values
 * taken straight from the input item, with no expression at all, are the nodes' "Auto-Map
 * Input Data" mode (autoMap.ts), not this.
 */
import { jsonParse, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { FieldError } from './runner';

interface Fixed {
	value: unknown;
	/** The parameter has a value, so the fallback n8n was given does not matter. */
	set: boolean;
	fallback: unknown;
}

interface Reader {
	parameters: IDataObject;
	/** null: the parameter has an expression, read for each item. */
	fixed: Map<string, Fixed | null>;
}

const readers = new WeakMap<IExecuteFunctions, Reader>();

/** True when n8n would evaluate something in this value (a string starting with '='). */
export function hasExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(hasExpression);
	if (raw !== null && typeof raw === 'object') return Object.values(raw).some(hasExpression);
	return false;
}

function rawParameter(parameters: IDataObject, name: string): unknown {
	let value: unknown = parameters;
	for (const part of name.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
		value = (value as IDataObject)[part];
	}
	return value;
}

function readerOf(ctx: IExecuteFunctions): Reader {
	let reader = readers.get(ctx);
	if (reader === undefined) {
		reader = { parameters: ctx.getNode().parameters as IDataObject, fixed: new Map() };
		readers.set(ctx, reader);
	}
	return reader;
}

/**
 * `ctx.getNodeParameter(name, itemIndex, fallback)`, with the same result, for the parameters a
 * node reads once per item. Values read once per run are shared between items: callers must
 * not change what they get.
 */
export function itemParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
): unknown {
	const reader = readerOf(ctx);
	let fixed = reader.fixed.get(name);
	if (fixed === undefined) {
		const raw = rawParameter(reader.parameters, name);
		fixed = hasExpression(raw)
			? null
			: {
					value: ctx.getNodeParameter(name, itemIndex, fallback) as unknown,
					set: raw !== undefined,
					fallback,
				};
		reader.fixed.set(name, fixed);
	}
	if (fixed !== null && (fixed.set || fixed.fallback === fallback)) return fixed.value;
	return ctx.getNodeParameter(name, itemIndex, fallback as never) as unknown;
}

/**
 * A value given as JSON text (a text column holding JSON) parsed; any other value as it is.
 * Text that is not JSON fails the item naming `field`: "is not valid JSON" and `hint`.
 */
export function parseJsonText(value: unknown, field: string, hint = ''): unknown {
	if (typeof value !== 'string') return value;
	let parsed = false;
	let result: unknown;
	try {
		result = jsonParse(value);
		parsed = true;
	} catch {
		// reported below, with the field's name
	}
	if (!parsed) throw new FieldError(field, `is not valid JSON${hint}`);
	return result;
}

/**
 * Per-item parameters without n8n's per-item expression cost.
 *
 * n8n 2.x evaluates a parameter expression for every item it is read for, about 1 ms each
 * (it builds a data proxy every time); a sync of 10,000 works with seven mapped fields spent
 * most of its wall time there, not talking to ORCID (bench B1). Two cases are the same for
 * every item, or trivially per item, and are answered here without n8n's evaluator:
 * - a parameter with no expression anywhere in it: read through n8n once per run;
 * - a parameter that is exactly `={{ $json.field }}` (or `$json["field"]`): the input item's
 *   field as it is, which is what n8n computes (undefined when missing, values never evaluated
 *   again); test/engine/itemParameters.test.ts holds the two side by side in the engine.
 * Everything else goes through `getNodeParameter` as usual.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

type Plan =
	| { kind: 'field'; field: string }
	/** `set`: the parameter has a value, so the fallback n8n was given does not matter */
	| { kind: 'fixed'; value: unknown; set: boolean; fallback: unknown }
	| { kind: 'expression' };

interface Reader {
	items: INodeExecutionData[];
	/** As an AI agent's tool, $json is the agent's item, not this node's input: n8n decides. */
	asTool: boolean;
	parameters: IDataObject;
	plans: Map<string, Plan>;
}

/** `={{ $json.name }}`, `={{$json["name"]}}`, `={{ $json['name'] }}` */
const ITEM_FIELD =
	/^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\])\s*\}\}$/;

const readers = new WeakMap<IExecuteFunctions, Reader>();

/** The item field a parameter value maps as a whole, or null. Exported for tests. */
export function mappedItemField(raw: unknown): string | null {
	if (typeof raw !== 'string') return null;
	const m = ITEM_FIELD.exec(raw);
	if (m === null) return null;
	return m[1] ?? m[2] ?? m[3] ?? null;
}

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
		value = (value as IDataObject)[part];
	}
	return value;
}

function readerOf(ctx: IExecuteFunctions): Reader {
	let reader = readers.get(ctx);
	if (reader === undefined) {
		reader = {
			items: ctx.getInputData(),
			asTool: typeof ctx.isToolExecution === 'function' && ctx.isToolExecution(),
			parameters: ctx.getNode().parameters as IDataObject,
			plans: new Map(),
		};
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
	let plan = reader.plans.get(name);
	if (plan === undefined) {
		const raw = rawParameter(reader.parameters, name);
		const field = reader.asTool ? null : mappedItemField(raw);
		if (field !== null) plan = { kind: 'field', field };
		else if (hasExpression(raw)) plan = { kind: 'expression' };
		else {
			const value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
			plan = { kind: 'fixed', value, set: raw !== undefined, fallback };
		}
		reader.plans.set(name, plan);
	}
	if (plan.kind === 'field') {
		const json = reader.items[itemIndex]?.json;
		if (json !== undefined) return json[plan.field];
	} else if (plan.kind === 'fixed' && (plan.set || plan.fallback === fallback)) {
		return plan.value;
	}
	return ctx.getNodeParameter(name, itemIndex, fallback as never) as unknown;
}

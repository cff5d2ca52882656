import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { TrafficRecord } from '../http/traffic';
import { isPlainContainer } from '../orcid/model/json';

/** The longest body text a traffic item carries for a log table's text column. */
export const BODY_TEXT_LIMIT = 10_000;

/**
 * JSON.stringify(value).slice(0, limit), without writing the rest: a body's text is kept only
 * up to the limit, and ORCID's answers run to hundreds of kilobytes. Walks arrays and plain
 * objects as JSON.stringify does (toJSON, skipped and null entries) and leaves everything else
 * to JSON.stringify.
 */
export function jsonTextStart(value: unknown, limit: number): string {
	const parts: string[] = [];
	let length = 0;
	const put = (text: string): void => {
		parts.push(text);
		length += text.length;
	};
	// what JSON.stringify writes for `v` under `key`; false when it leaves the entry out
	const write = (key: string, v: unknown): boolean => {
		let current = v;
		if (current !== null && typeof current === 'object') {
			const toJSON = (current as { toJSON?: unknown }).toJSON;
			if (typeof toJSON === 'function')
				current = (toJSON as (k: string) => unknown).call(current, key);
		}
		if (current === null || typeof current !== 'object' || !isPlainContainer(current)) {
			const text = JSON.stringify(current) as string | undefined;
			if (text === undefined) return false;
			put(text);
			return true;
		}
		if (Array.isArray(current)) {
			put('[');
			for (let i = 0; i < current.length && length < limit; i++) {
				if (i > 0) put(',');
				if (!write(String(i), current[i])) put('null');
			}
			put(']');
			return true;
		}
		put('{');
		let first = true;
		for (const k of Object.keys(current)) {
			if (length >= limit) break;
			const at = parts.length;
			put(first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`);
			if (write(k, (current as Record<string, unknown>)[k])) {
				first = false;
			} else {
				// left out: take its key back
				length -= parts[at].length;
				parts.length = at;
			}
		}
		put('}');
		return true;
	};
	if (!write('', value)) return '';
	return parts.join('').slice(0, limit);
}

function bodyText(body: unknown): string | null {
	if (body === null || body === undefined) return null;
	return typeof body === 'string'
		? body.slice(0, BODY_TEXT_LIMIT)
		: jsonTextStart(body, BODY_TEXT_LIMIT);
}

/**
 * One traffic record as an item's JSON: the record as it is, plus its bodies as text cut at
 * BODY_TEXT_LIMIT characters (requestText, responseText), so a log table's text column takes
 * them with a plain `{{ $json.requestText }}` (Data table and Sheets columns refuse objects).
 */
export function trafficJson(record: TrafficRecord): IDataObject {
	return {
		...record,
		requestText: bodyText(record.requestBody),
		responseText: bodyText(record.responseBody),
	} as unknown as IDataObject;
}

/** The Traffic output: one redacted record per ORCID call, paired to the item that made it. */
export function trafficOutput(records: readonly TrafficRecord[]): INodeExecutionData[] {
	return records.map((record) => ({
		json: trafficJson(record),
		pairedItem: { item: record.itemIndex ?? 0 },
	}));
}

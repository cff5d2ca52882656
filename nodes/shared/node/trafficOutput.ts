import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { TrafficRecord } from '../http/traffic';

/** The longest body text a traffic item carries for a log table's text column. */
export const BODY_TEXT_LIMIT = 10_000;

function bodyText(body: unknown): string | null {
	if (body === null || body === undefined) return null;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return text.slice(0, BODY_TEXT_LIMIT);
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

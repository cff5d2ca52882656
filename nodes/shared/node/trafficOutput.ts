import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { TrafficRecord } from '../http/traffic';

/** The Traffic output: one redacted record per ORCID call, paired to the item that made it. */
export function trafficOutput(records: readonly TrafficRecord[]): INodeExecutionData[] {
	return records.map((record) => ({
		json: { ...record } as unknown as IDataObject,
		pairedItem: { item: record.itemIndex ?? 0 },
	}));
}

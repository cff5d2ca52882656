/**
 * Sync Diff's Data Mode: "Auto-Map Input Data" reads each value from the input item's field of
 * the documented name (shared/node/autoMap.ts), "Map Each Field Below" reads the parameters
 * through n8n. One place knows which item field stands for which parameter.
 */
import { autoMapOf } from '../../shared/node/autoMap';

export { isAutoMap } from '../../shared/node/autoMap';

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

/**
 * inputValue, fieldName: a parameter's value, and the name an error gives it, from the item's
 * field when auto-mapped. autoMappedFields: the item's own builder fields (Write Item's names);
 * besides them an item carries only the fields above.
 */
export const { inputValue, fieldName, autoMappedFields } = autoMapOf(
	ITEM_FIELDS,
	new Set(Object.values(ITEM_FIELDS)),
);

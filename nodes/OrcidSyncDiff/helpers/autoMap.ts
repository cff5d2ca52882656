/**
 * Sync Diff's Data Mode: "Auto-Map Input Data" reads each value from the input item's field of
 * the documented name (shared/node/autoMap.ts), "Map Each Field Below" reads the parameters
 * through n8n. One place knows which item field stands for which parameter.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { autoMapOf } from '../../shared/node/autoMap';
import type { ItemType } from '../../shared/orcid/model/itemTypes';
import { doiIdentifier } from './mapper';

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
	// per-item state of the local side: with auto-mapped data the options are not shown
	'options.syncState': 'syncState',
	'options.optOuts': 'optOuts',
};

/**
 * inputValue, fieldName: a parameter's value, and the name an error gives it, from the item's
 * field when auto-mapped. Besides Write Item's builder fields a work may give `doi`, as the
 * field list's DOI does; besides those an item carries only the fields above.
 */
const autoMap = autoMapOf(ITEM_FIELDS, new Set(Object.values(ITEM_FIELDS)), (itemType) =>
	itemType === 'work' ? ['doi'] : [],
);
export const { inputValue, fieldName } = autoMap;

/**
 * The item's own builder fields (Write Item's names); a work's `doi` (as people write it)
 * joins its external identifiers as a Self DOI, as the field list's DOI does.
 */
export function autoMappedFields(
	ctx: IExecuteFunctions,
	i: number,
	itemType: ItemType,
): IDataObject {
	const fields = autoMap.autoMappedFields(ctx, i, itemType);
	if (fields.doi === undefined) return fields;
	const { doi, ...rest } = fields;
	const given = rest.externalIds;
	const list = Array.isArray(given) ? given : given === undefined ? [] : [given];
	return { ...rest, externalIds: [...list, doiIdentifier(doi)] };
}

/**
 * Data Mode "Auto-Map Input Data to Fields", as n8n's Postgres and Google Sheets nodes map
 * columns: each value is read from the input item's field of a documented name (orcid,
 * accessToken, putCode, the item's own fields such as title or externalIds, or orcidJson /
 * orcidXml), with no expression evaluated. "Map Each Field Below" reads the parameters through
 * n8n as usual.
 */
import type { IDataObject } from 'n8n-workflow';

import { autoMapOf } from '../../shared/node/autoMap';

export { AUTO_MAP, DEFINE_BELOW, isAutoMap } from '../../shared/node/autoMap';

/** The parameters auto-map reads from an item field, and that field's name. */
const ITEM_FIELDS = {
	orcid: 'orcid',
	accessToken: 'accessToken',
	putCode: 'putCode',
	itemJson: 'orcidJson',
	itemXml: 'orcidXml',
} as const;
export type MappedParameter = keyof typeof ITEM_FIELDS;

/** The peer review's group-id record, created with the review when it is missing. */
const PEER_REVIEW_GROUP_FIELDS = ['groupName', 'groupDescription', 'groupType'];

/**
 * inputValue, inputFieldName: a parameter's value, and the name an error gives it, from the
 * item's field when auto-mapped. autoMappedFields: the item's own builder fields and the peer
 * review's group record fields; besides them an item in "fields" input carries only orcid,
 * accessToken and putCode.
 */
export const {
	inputValue,
	fieldName: inputFieldName,
	autoMappedFields,
} = autoMapOf<MappedParameter>(
	ITEM_FIELDS,
	new Set(['orcid', 'accessToken', 'putCode']),
	(itemType) => (itemType === 'peer-review' ? PEER_REVIEW_GROUP_FIELDS : []),
);

/** Splits the peer review's group record fields off the builder fields. */
export function splitGroupFields(fields: IDataObject): {
	fields: IDataObject;
	group: { name?: string; description?: string; type?: string };
} {
	const { groupName, groupDescription, groupType, ...rest } = fields;
	return {
		fields: rest,
		group: {
			name: groupName as string | undefined,
			description: groupDescription as string | undefined,
			type: groupType as string | undefined,
		},
	};
}

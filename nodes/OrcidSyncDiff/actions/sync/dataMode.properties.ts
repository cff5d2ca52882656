/**
 * The editor side of Sync Diff's Data Mode (helpers/autoMap.ts reads it): the choice, which
 * fields an auto-mapped input item gives, and what to do with its other fields.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { ignoreOtherFieldsProperty } from '../../../shared/node/nodeDescription';
import { AUTO_MAP, DEFINE_BELOW } from '../../../shared/node/autoMap';

type Show = NonNullable<IDisplayOptions['show']>;

export function dataModeProperties(): INodeProperties[] {
	const auto: Show = { dataMode: [AUTO_MAP] };
	return [
		{
			displayName: 'Local Data',
			name: 'dataMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Auto-Map Input Data',
					value: AUTO_MAP,
					description:
						"Use when the input item's field names are the ones this node reads: orcid, accessToken, localKey, itemType, putCode, contentHash, syncState, optOuts and the item (title, type, doi, externalIds ... or orcidJson). No expression per item: the fast choice for large syncs.",
				},
				{
					name: 'Map Each Field Below',
					value: DEFINE_BELOW,
					description: 'Set each value below, fixed or with an expression',
				},
			],
			default: DEFINE_BELOW,
		},
		{
			displayName:
				"Each input item gives orcid, accessToken, localKey, itemType, putCode and contentHash (the last two as stored by the previous run, may be empty), and the item: its fields by Write Item's names (title, type, externalIds, journalTitle, publicationDate, url, organization ... see the README; a work's doi too) or, with Item Content ORCID JSON, orcidJson. Optional: syncState (the do-not-send ledger state) and optOuts (the researcher's opted-out item types). With ORCID data from an input field: remote. An item with no localKey and no itemType only names a researcher.",
			name: 'autoMapNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: auto },
		},
		ignoreOtherFieldsProperty({ ...auto, contentMode: ['fields'] }),
	];
}

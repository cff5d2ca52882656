/**
 * Where the ORCID data comes from, and the local item: the researcher, your key, the item type,
 * its content (fields or ORCID JSON) and what the last run stored. Version 1 keeps its
 * parameters and defaults; version 2 lists the item type's fields (mapper.properties.ts).
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFINE_BELOW } from '../../../shared/node/autoMap';
import {
	accessTokenProperty,
	ORCID_ID_BARE_OR_URI,
	orcidIdProperty,
	STORED_ACCESS_TOKEN,
} from '../../../shared/node/nodeDescription';
import { dataModeProperties } from './dataMode.properties';
import { itemTypeV2, mapperProperties } from './mapper.properties';

/** Parameters mapped in the editor, hidden when the input data is auto-mapped. */
const mapped = { dataMode: [DEFINE_BELOW] };

function contentModeProperty(version: number, defaultMode: string): INodeProperties {
	return {
		displayName: 'Item Content',
		name: 'contentMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Fields (Title, DOI, Type ...)',
				value: 'fields',
				description:
					"The item's fields under ORCID Write Item's names, built into ORCID JSON by this node",
			},
			{
				name: 'ORCID JSON',
				value: 'json',
				description: 'The ORCID v3.0 JSON of the item as it should be on ORCID',
			},
		],
		default: defaultMode,
		displayOptions: { show: { '@version': [version] } },
	};
}

export const localItemProperties: INodeProperties[] = [
	{
		displayName: 'Where the ORCID Data Comes From',
		name: 'remoteSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Read It Now',
				value: 'fetch',
				description: "One read of each researcher's ORCID record with their access token",
			},
			{
				name: 'From an Input Field',
				value: 'input',
				description: 'The record as read before, e.g. by ORCID Read Record (Raw ORCID JSON)',
			},
		],
		default: 'fetch',
	},
	...dataModeProperties(),
	orcidIdProperty(ORCID_ID_BARE_OR_URI, { show: mapped }),
	accessTokenProperty({
		description: `${STORED_ACCESS_TOKEN}. Read It Now reads with it (member API: /read-limited shows private items too); it is passed on to the outputs for ORCID Write Item.`,
		displayOptions: { show: mapped },
	}),
	{
		displayName: 'ORCID Data',
		name: 'remoteData',
		type: 'json',
		default: '={{ $json.remote }}',
		description:
			"The researcher's ORCID record as ORCID's JSON: an activities summary, a full record, a section, or a list of summaries",
		hint: 'Needed on at least one item of each researcher',
		displayOptions: { show: { ...mapped, remoteSource: ['input'] } },
	},
	{
		displayName: 'Local Key',
		name: 'localKey',
		type: 'string',
		default: '={{ $json.localKey }}',
		description:
			"Your system's own key of the item, unique per researcher and item type, such as a publication's ID",
		hint: 'Empty with no content: the item only names a researcher (one whose items are all gone is still compared)',
		displayOptions: { show: mapped },
	},
	{
		displayName: 'Item Type',
		name: 'itemType',
		type: 'string',
		default: '={{ $json.itemType }}',
		placeholder: 'e.g. work',
		description:
			'Work, funding, education, employment, distinction, invited-position, membership, qualification, service, peer-review or research-resource',
		displayOptions: { show: { ...mapped, '@version': [1] } },
	},
	itemTypeV2,
	contentModeProperty(1, 'json'),
	contentModeProperty(2, 'fields'),
	{
		displayName: 'Item JSON',
		name: 'itemJson',
		type: 'json',
		default: '={{ $json.orcidJson }}',
		description: 'The ORCID v3.0 JSON of the item',
		displayOptions: { show: { ...mapped, contentMode: ['json'] } },
	},
	{
		displayName: 'Item Fields',
		name: 'itemFields',
		type: 'json',
		default: '={{ $json.fields }}',
		description:
			'The fields of the item, e.g. {"title": "...", "type": "journal-article", "externalIds": [...]}',
		displayOptions: { show: { ...mapped, contentMode: ['fields'], '@version': [1] } },
	},
	...mapperProperties,
	{
		displayName: 'Put Code',
		name: 'putCode',
		type: 'string',
		default: '={{ $json.putCode }}',
		description: "ORCID's number for the item, as stored after the last run wrote it",
		hint: 'Empty for an item never written: it is looked for on ORCID by its identifiers first',
		displayOptions: { show: mapped },
	},
	{
		displayName: 'Content Hash',
		name: 'contentHash',
		type: 'string',
		default: '={{ $json.contentHash }}',
		description: "The contentHash of the last run's output, stored with the put code",
		hint: 'Equal to the item now: nothing is sent. Empty: the item is compared and updated if needed.',
		displayOptions: { show: mapped },
	},
];

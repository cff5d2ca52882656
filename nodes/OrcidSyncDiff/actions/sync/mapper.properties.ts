/**
 * Sync Diff 2's field mapper in the editor: the fields of the chosen item type under Write
 * Item's names, each mapped with {{ $json.column }}; helpers/mapper.ts reads them.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFINE_BELOW } from '../../../shared/node/autoMap';
import {
	AFFILIATION_TYPES,
	ACTIVITY_TYPES,
	itemTypeInfo,
} from '../../../shared/orcid/model/itemTypes';
import { FUNDING_TYPES, WORK_TYPES } from '../../../shared/orcid/model/enums';
import { MAPPER_PARAMETER, type MapperKind } from '../../helpers/mapper';

const DATE = 'YYYY, YYYY-MM or YYYY-MM-DD';

function text(displayName: string, name: string, hint?: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		...(hint === undefined ? {} : { description: hint }),
	};
}

const EXTERNAL_IDS = text(
	'External Identifiers',
	'externalIds',
	'More identifiers as a list (or JSON text): [{"type": "isbn", "value": "...", "relationship": "self"}]. Self identifiers are how ORCID and this node tell items apart.',
);

function organization(prefix: string, what: string): INodeProperties[] {
	return [
		text(`${what} Name`, `${prefix}Name`),
		text(`${what} City`, `${prefix}City`),
		text(`${what} Region`, `${prefix}Region`, 'State or province, may be empty'),
		text(`${what} Country`, `${prefix}Country`, 'Two-letter ISO 3166-1 code, e.g. US'),
		text(
			`${what} ID`,
			`${prefix}DisambiguatedId`,
			'The organization in a registry, e.g. a ROR ID https://ror.org/05h7xva58',
		),
		text(
			`${what} ID Source`,
			`${prefix}DisambiguationSource`,
			'The registry of the ID: ROR, RINGGOLD, FUNDREF or GRID',
		),
	];
}

const FIELDS: Record<MapperKind, INodeProperties[]> = {
	work: [
		text('Title', 'title'),
		text('Work Type', 'type', `ORCID's work type, e.g. ${WORK_TYPES.slice(0, 6).join(', ')}`),
		text('DOI', 'doi', 'Bare (10.1/abc) or as https://doi.org/...; sent as a Self identifier'),
		text('Publication Date', 'publicationDate', DATE),
		text('Journal Title', 'journalTitle', 'The journal, book or series it appeared in'),
		text('URL', 'url'),
		text('Subtitle', 'subtitle'),
		text('Short Description', 'shortDescription'),
		text('Language Code', 'languageCode', 'e.g. en'),
		text('Country', 'country', 'Country of publication, two-letter ISO 3166-1 code'),
		text('Translated Title', 'translatedTitle'),
		text('Translated Title Language', 'translatedTitleLanguage', 'e.g. fr'),
		EXTERNAL_IDS,
		text(
			'Contributors',
			'contributors',
			'A list (or JSON text): [{"name": "...", "orcid": "...", "role": "author", "sequence": "first"}]',
		),
	],
	funding: [
		text('Title', 'title'),
		text('Funding Type', 'type', `One of ${FUNDING_TYPES.join(', ')}`),
		...organization('funder', 'Funder'),
		text('Grant Number', 'grantNumber', 'Sent as a Self grant_number identifier'),
		text('Grant URL', 'grantUrl'),
		text('Start Date', 'startDate', DATE),
		text('End Date', 'endDate', DATE),
		text('Amount', 'amount', 'e.g. 25000'),
		text('Currency', 'currency', 'ISO 4217 code, e.g. EUR'),
		text('URL', 'url'),
		text('Short Description', 'shortDescription'),
		EXTERNAL_IDS,
		text(
			'Contributors',
			'contributors',
			'A list (or JSON text): [{"name": "...", "orcid": "...", "role": "lead"}]',
		),
	],
	affiliation: [
		...organization('organization', 'Organization'),
		text('Department', 'department'),
		text('Role Title', 'roleTitle', 'e.g. Professor of Chemistry'),
		text('Start Date', 'startDate', DATE),
		text('End Date', 'endDate', `${DATE}; empty while it lasts`),
		text('URL', 'url'),
		EXTERNAL_IDS,
	],
};

const TYPES: Record<MapperKind, string[]> = {
	work: ['work'],
	funding: ['funding'],
	affiliation: [...AFFILIATION_TYPES],
};

/** Shown in version 2 when each field is mapped below and the item is given as fields. */
const SHOWN = { '@version': [2], dataMode: [DEFINE_BELOW], contentMode: ['fields'] };

/** Version 2's Item Type: one type per node, so the editor can list its fields. */
export const itemTypeV2: INodeProperties = {
	displayName: 'Item Type',
	name: 'itemType',
	type: 'options',
	options: ACTIVITY_TYPES.map((t) => ({ name: itemTypeInfo(t).displayName, value: t })),
	default: 'work',
	description:
		'The kind of the local items. Items of several kinds: one Sync Diff per kind (each with Item Types to Compare set to it), or Local Data Auto-Map with an itemType field.',
	displayOptions: { show: { '@version': [2], dataMode: [DEFINE_BELOW] } },
};

export const mapperProperties: INodeProperties[] = [
	...(Object.keys(FIELDS) as MapperKind[]).map(
		(kind): INodeProperties => ({
			displayName: 'Item Fields',
			name: MAPPER_PARAMETER[kind],
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description:
				"Map each field from a column of the input (drag it in). The names are Write Item's; empty values are left out.",
			options: FIELDS[kind],
			displayOptions: { show: { ...SHOWN, itemType: TYPES[kind] } },
		}),
	),
	{
		displayName:
			'Peer reviews and research resources have no field list here: give them as ORCID JSON (Item Content), or with Local Data Auto-Map.',
		name: 'noMapperNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...SHOWN, itemType: ['peer-review', 'research-resource'] } },
	},
];

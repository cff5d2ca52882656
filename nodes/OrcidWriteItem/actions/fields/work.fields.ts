import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { CITATION_TYPES, WORK_TYPES } from '../../../shared/model/enums';
import {
	contributorsOption,
	dateOption,
	externalIdsProperty,
	fixedList,
	nonBlank,
	optionsOf,
	showFields,
	translatedTitleOptions,
	type ParamReader,
	urlOption,
} from './shared';

const show = showFields(['work']);

export const workProperties: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'workTitle',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Current treatment of left main coronary artery disease',
		displayOptions: show,
	},
	{
		displayName: 'Work Type',
		name: 'workType',
		type: 'options',
		options: optionsOf(WORK_TYPES),
		default: 'journal-article',
		displayOptions: show,
	},
	externalIdsProperty(
		['work'],
		'At least one with relationship Self (a DOI, ISBN, handle, or your own source-work-id): ORCID finds duplicates by them',
	),
	{
		displayName: 'Additional Fields',
		name: 'workFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Citation Type',
				name: 'citationType',
				type: 'options',
				options: optionsOf(CITATION_TYPES),
				default: 'bibtex',
			},
			{
				displayName: 'Citation Value',
				name: 'citationValue',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description: 'The citation in the chosen citation type, for example a BibTeX entry',
			},
			contributorsOption(
				'Author, editor, chair-or-translator, ... or a CRediT role URI (http://credit.niso.org/contributor-roles/...)',
				true,
			),
			{
				displayName: 'Country',
				name: 'country',
				type: 'string',
				default: '',
				placeholder: 'e.g. US',
				description: 'Country of publication, two-letter ISO 3166-1 code',
			},
			{
				displayName: 'Journal Title',
				name: 'journalTitle',
				type: 'string',
				default: '',
				placeholder: 'e.g. Cor et Vasa',
			},
			{
				displayName: 'Language Code',
				name: 'languageCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. en',
			},
			dateOption('Publication Date', 'publicationDate', 'e.g. 2015-06-01'),
			{
				displayName: 'Short Description',
				name: 'shortDescription',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{
				displayName: 'Subtitle',
				name: 'subtitle',
				type: 'string',
				default: '',
			},
			...translatedTitleOptions(),
			urlOption('e.g. https://doi.org/10.1087/20120404'),
		],
	},
];

/** The work's builder fields (model/work.ts WorkFields). */
export function readWork(get: ParamReader): IDataObject {
	const extra = nonBlank((get('workFields', {}) as IDataObject) ?? {});
	const { citationType, citationValue, contributors, ...rest } = extra;
	const fields: IDataObject = {
		...rest,
		title: get('workTitle', '') as string,
		type: get('workType', '') as string,
		externalIds: fixedList(get('externalIds', {}), 'externalId'),
	};
	if (citationType !== undefined || citationValue !== undefined) {
		fields.citation = nonBlank({
			type: citationValue === undefined ? undefined : citationType,
			value: citationValue,
		});
	}
	const people = fixedList(contributors, 'contributor');
	if (people.length) fields.contributors = people;
	return fields;
}

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { CITATION_TYPES, WORK_TYPES } from '../../../shared/orcid/model/enums';
import {
	additionalFieldsProperty,
	contributorsOption,
	dateOption,
	enumerationProperty,
	externalIdsProperty,
	fixedList,
	nonBlank,
	optionsOf,
	requiredTextProperty,
	shortDescriptionOption,
	translatedTitleOptions,
	type ParamReader,
	urlOption,
} from './shared';

export const workProperties: INodeProperties[] = [
	requiredTextProperty(
		['work'],
		'Title',
		'workTitle',
		'e.g. Current treatment of left main coronary artery disease',
		'The title as published',
	),
	enumerationProperty(
		['work'],
		'Work Type',
		'workType',
		WORK_TYPES,
		'journal-article',
		"ORCID's kind of work (journal article, book, data set, ...); it decides which identifiers and citation ORCID expects",
	),
	externalIdsProperty(
		['work'],
		'At least one with relationship Self (a DOI, ISBN, handle, or your own source-work-id): ORCID finds duplicates by them',
	),
	additionalFieldsProperty(['work'], 'workFields', [
		{
			displayName: 'Citation Type',
			name: 'citationType',
			type: 'options',
			options: optionsOf(CITATION_TYPES),
			default: 'bibtex',
			description: 'The format of Citation Value: BibTeX, RIS, or a formatted citation in a style',
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
			description: 'The journal, book or series the work appeared in',
		},
		{
			displayName: 'Language Code',
			name: 'languageCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description:
				"The language the work is written in, as ORCID's language code: ISO 639-1, two lowercase letters (en, fr, de), zh_CN or zh_TW for Chinese",
		},
		dateOption('Publication Date', 'publicationDate', 'e.g. 2015-06-01'),
		shortDescriptionOption(),
		{
			displayName: 'Subtitle',
			name: 'subtitle',
			type: 'string',
			default: '',
			description: 'Shown under the title on the record',
		},
		...translatedTitleOptions(),
		urlOption('e.g. https://doi.org/10.1087/20120404'),
	]),
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

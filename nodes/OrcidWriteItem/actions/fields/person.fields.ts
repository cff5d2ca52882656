import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { RELATIONSHIPS } from '../../../shared/orcid/model/enums';
import type { WriteResource } from '../itemTypes';
import { nonBlank, optionsOf, showFields, type ParamReader } from './shared';

export const personProperties: INodeProperties[] = [
	{
		displayName: 'Keyword',
		name: 'keywordContent',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. psychoceramics',
		description: 'One keyword or phrase per item; shown under Keywords on the record',
		displayOptions: showFields(['keyword']),
	},
	{
		displayName: 'Other Name',
		name: 'otherNameContent',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. J. Carberry',
		description: 'A name the researcher is also known by (maiden name, transliteration, initials)',
		displayOptions: showFields(['otherName']),
	},
	{
		displayName: 'Link Name',
		name: 'urlName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Lab homepage',
		description: 'Optional. The link text shown on the record under Websites & social links.',
		displayOptions: showFields(['researcherUrl']),
	},
	{
		displayName: 'URL',
		name: 'researcherUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.org/~carberry',
		description: "The web page's address (http or https)",
		displayOptions: showFields(['researcherUrl']),
	},
	{
		displayName: 'Identifier Type',
		name: 'personIdType',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Scopus Author ID',
		description: 'Free text naming the identifier scheme',
		displayOptions: showFields(['externalIdentifier']),
	},
	{
		displayName: 'Identifier Value',
		name: 'personIdValue',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7004205658',
		description:
			"The researcher's identifier in the other system (the type above names the system)",
		displayOptions: showFields(['externalIdentifier']),
	},
	{
		displayName: 'Identifier URL',
		name: 'personIdUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://www.scopus.com/authid/detail.uri?authorId=7004205658',
		description: 'Optional. The researcher\'s profile page in that system.',
		displayOptions: showFields(['externalIdentifier']),
	},
	{
		displayName: 'Identifier Relationship',
		name: 'personIdRelationship',
		type: 'options',
		options: optionsOf(RELATIONSHIPS),
		default: 'self',
		description: "Self: the researcher's own identifier in that system (the usual case)",
		displayOptions: showFields(['externalIdentifier']),
	},
];

/** Builder fields of the four person item types (model/personItems.ts). */
export function readPersonItem(resource: WriteResource, get: ParamReader): IDataObject {
	switch (resource) {
		case 'keyword':
			return nonBlank({ content: get('keywordContent', '') as string });
		case 'otherName':
			return nonBlank({ content: get('otherNameContent', '') as string });
		case 'researcherUrl':
			return nonBlank({
				name: get('urlName', '') as string,
				url: get('researcherUrl', '') as string,
			});
		default:
			return nonBlank({
				type: get('personIdType', '') as string,
				value: get('personIdValue', '') as string,
				url: get('personIdUrl', '') as string,
				relationship: get('personIdRelationship', '') as string,
			});
	}
}

/**
 * Editor fields several item types share (external identifiers, organization, dates,
 * contributors), and the small readers that turn n8n parameter values into the model's
 * builder fields.
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	DISAMBIGUATION_SOURCES,
	RELATIONSHIPS,
	SEQUENCES,
} from '../../../shared/orcid/model/enums';
import type { WriteResource } from '../itemTypes';

/** Operations whose body the editor fields describe. */
export const BODY_OPERATIONS = ['create', 'update', 'createMany'];

export function showFields(resources: WriteResource[]) {
	return {
		show: {
			resource: resources,
			operation: BODY_OPERATIONS,
			inputMode: ['fields'],
			dataMode: ['defineBelow'],
		},
	};
}

/** 'journal-article' -> 'Journal Article'; keeps ORCID's words. */
export function label(value: string): string {
	const special: Record<string, string> = {
		ROR: 'ROR',
		RINGGOLD: 'Ringgold',
		FUNDREF: 'Crossref Funder Registry (FundRef)',
		GRID: 'GRID (Legacy)',
		// citation types as people write them
		bibtex: 'BibTeX',
		ris: 'RIS',
		'formatted-apa': 'Formatted APA',
		'formatted-ieee': 'Formatted IEEE',
		'formatted-mla': 'Formatted MLA',
		// work types as ORCID's own forms name them
		'dissertation-thesis': 'Dissertation/Thesis',
		'lecture-speech': 'Lecture/Speech',
	};
	if (special[value]) return special[value];
	// 'book-chapter' -> 'Book Chapter', 'peer-review service' -> 'Peer Review Service'
	return value
		.split(/[-\s]/)
		.map((w) => (w === '' ? w : w.charAt(0).toUpperCase() + w.slice(1)))
		.join(' ');
}

/** Options for an ORCID enumeration, sorted by name as the editor lists them. */
export function optionsOf(values: readonly string[]): INodePropertyOptions[] {
	return values
		.map((value) => ({ name: label(value), value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** A text field, empty by default; `rest` in the order the editor description lists it. */
function textProperty(
	displayName: string,
	name: string,
	rest: Partial<INodeProperties> = {},
): INodeProperties {
	return { displayName, name, type: 'string', default: '', ...rest };
}

/** An example placeholder, where there is one. */
function placeholderOf(placeholder?: string): Partial<INodeProperties> {
	return placeholder === undefined ? {} : { placeholder };
}

/** A required text field of the item, e.g. its title. */
export function requiredTextProperty(
	resources: WriteResource[],
	displayName: string,
	name: string,
	placeholder: string,
	description: string,
): INodeProperties {
	return textProperty(displayName, name, {
		required: true,
		placeholder,
		description,
		displayOptions: showFields(resources),
	});
}

/** A choice from one of ORCID's enumerations (work type, funding type, reviewer role ...). */
export function enumerationProperty(
	resources: WriteResource[],
	displayName: string,
	name: string,
	values: readonly string[],
	defaultValue: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		options: optionsOf(values),
		default: defaultValue,
		description,
		displayOptions: showFields(resources),
	};
}

/** The item type's optional fields, added one by one. */
export function additionalFieldsProperty(
	resources: WriteResource[],
	name: string,
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFields(resources),
		options,
	};
}

export function externalIdsProperty(
	resources: WriteResource[],
	description: string,
	name = 'externalIds',
	displayName = 'External Identifiers',
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add External Identifier',
		default: {},
		description,
		displayOptions: showFields(resources),
		options: [
			{
				displayName: 'External Identifier',
				name: 'externalId',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'string',
						default: 'doi',
						placeholder: 'e.g. doi',
						description:
							"ORCID's identifier type in lowercase, for example doi, isbn, issn, pmid, handle, uri, grant_number",
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. 10.1087/20120404',
						description:
							'The identifier itself, without a resolver prefix (a DOI as 10.…, not https://doi.org/10.…)',
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://doi.org/10.1087/20120404',
						description: 'Optional. Where the identifier resolves; ORCID links it on the record.',
					},
					{
						displayName: 'Relationship',
						name: 'relationship',
						type: 'options',
						options: optionsOf(RELATIONSHIPS),
						default: 'self',
						description:
							'Self: identifies this item. Part of: the item is part of what it identifies (a journal ISSN). Version of: another version of this item. Funded by: a grant.',
					},
				],
			},
		],
	};
}

/**
 * Organization name, ids and address; ORCID wants a disambiguated organization id, except on
 * the professional activities, where an external identifier may stand in for it (ORCID 9062).
 */
export function organizationProperties(
	resources: WriteResource[],
	prefix: string,
	what: string,
	addressRequired: boolean,
	idNote?: string,
): INodeProperties[] {
	const show = showFields(resources);
	return [
		textProperty(`${what} Name`, `${prefix}Name`, {
			required: true,
			placeholder: 'e.g. Wesleyan University',
			description: 'As the organization names itself; shown on the record',
			displayOptions: show,
		}),
		{
			displayName: `${what} ID Source`,
			name: `${prefix}DisambiguationSource`,
			type: 'options',
			options: optionsOf(DISAMBIGUATION_SOURCES),
			default: 'ROR',
			description: 'Registry of the organization identifier ORCID requires',
			displayOptions: show,
		},
		textProperty(`${what} ID`, `${prefix}DisambiguatedId`, {
			required: idNote === undefined,
			placeholder: 'e.g. https://ror.org/05h7xva58',
			description: `The organization in the chosen registry (a ROR ID may be given bare or as URL)${idNote ? `. ${idNote}` : ''}`,
			displayOptions: show,
		}),
		textProperty(`${what} City`, `${prefix}City`, {
			required: addressRequired,
			placeholder: 'e.g. Middletown',
			description: "The city of the organization's address, as ORCID shows it",
			displayOptions: show,
		}),
		textProperty(`${what} Region`, `${prefix}Region`, {
			placeholder: 'e.g. CT',
			description: 'Optional. State, province or region, in any form',
			displayOptions: show,
		}),
		textProperty(`${what} Country`, `${prefix}Country`, {
			required: addressRequired,
			placeholder: 'e.g. US',
			description: 'Two-letter ISO 3166-1 country code',
			displayOptions: show,
		}),
	];
}

export const DATE_DESCRIPTION = 'YYYY, YYYY-MM or YYYY-MM-DD';

/** An optional date of an item (start, end, publication): year, month or day. */
export function dateOption(
	displayName: string,
	name: string,
	placeholder?: string,
): INodeProperties {
	return textProperty(displayName, name, {
		...placeholderOf(placeholder),
		description: DATE_DESCRIPTION,
	});
}

/** The item's URL, with an example of the kind of page it points to. */
export function urlOption(placeholder?: string): INodeProperties {
	return textProperty('URL', 'url', {
		...placeholderOf(placeholder),
		description: 'A web page for the item; ORCID links it on the record',
	});
}

/** A free-text description of the item (works, fundings). */
export function shortDescriptionOption(): INodeProperties {
	return {
		displayName: 'Short Description',
		name: 'shortDescription',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'A few sentences shown with the item on the record (ORCID allows 5,000 characters)',
	};
}

/** The title in another language and that language (works, fundings, research resources). */
export function translatedTitleOptions(): INodeProperties[] {
	return [
		textProperty('Translated Title', 'translatedTitle', {
			description: 'The title in another language; needs Translated Title Language',
		}),
		textProperty('Translated Title Language', 'translatedTitleLanguage', {
			placeholder: 'e.g. fr',
			description:
				"The translated title's language as ORCID's language code: ISO 639-1, two lowercase letters (fr, de, es), zh_CN or zh_TW for Chinese",
		}),
	];
}

export function contributorsOption(
	roleDescription: string,
	withSequence: boolean,
): INodeProperties {
	const values: INodeProperties[] = [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. Josiah Carberry',
			description: 'The name as credited on the item',
		},
		{
			displayName: 'ORCID iD',
			name: 'orcid',
			type: 'string',
			default: '',
			placeholder: 'e.g. 0000-0002-1825-0097',
			description: 'Optional. The contributor\'s iD (bare or as https://orcid.org/… URI); ORCID links their record.',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Optional. Never shown publicly by ORCID.',
		},
		{
			displayName: 'Role',
			name: 'role',
			type: 'string',
			default: '',
			placeholder: 'e.g. author',
			description: roleDescription,
		},
	];
	if (withSequence) {
		values.push({
			displayName: 'Sequence',
			name: 'sequence',
			type: 'options',
			options: [{ name: '(None)', value: '' }, ...optionsOf(SEQUENCES)],
			default: '',
			description:
				'The place in the author list: First for the first author, Additional for everyone else; (None) leaves it out',
		});
	}
	return {
		displayName: 'Contributors',
		name: 'contributors',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Contributor',
		default: {},
		description: 'The people credited on the item, in order',
		options: [{ displayName: 'Contributor', name: 'contributor', values }],
	};
}

// ---- readers: n8n parameter values -> the model's builder fields --------------------------------

/** Drops blank strings so that builders see only what the user filled in. */
export function nonBlank(values: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(values)) {
		if (value === undefined || value === null) continue;
		if (typeof value === 'string' && value.trim() === '') continue;
		out[key] = value;
	}
	return out;
}

/** A fixedCollection with multiple values: { externalId: [{...}, ...] } -> [{...}, ...]. */
export function fixedList(value: unknown, key: string): IDataObject[] {
	if (!value || typeof value !== 'object') return [];
	const list = (value as IDataObject)[key];
	if (Array.isArray(list)) return (list as IDataObject[]).map(nonBlank);
	if (list && typeof list === 'object') return [nonBlank(list as IDataObject)];
	return [];
}

export type ParamReader = (name: string, fallback?: unknown) => unknown;

export function readOrganization(get: ParamReader, prefix: string): IDataObject {
	return nonBlank({
		name: get(`${prefix}Name`, '') as string,
		disambiguationSource: get(`${prefix}DisambiguationSource`, '') as string,
		disambiguatedId: get(`${prefix}DisambiguatedId`, '') as string,
		city: get(`${prefix}City`, '') as string,
		region: get(`${prefix}Region`, '') as string,
		country: get(`${prefix}Country`, '') as string,
	});
}

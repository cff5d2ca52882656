/**
 * Sync Diff 2's field mapper: the local item's fields, one editor field each (mapped with
 * {{ $json.column }}), under Write Item's names, turned into the builder fields of
 * shared/orcid/model. What the editor lists lives in actions/sync/mapper.properties.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseJsonText } from '../../shared/node/parameters';
import { FieldError } from '../../shared/node/runner';
import { AFFILIATION_TYPES, type ActivityType } from '../../shared/orcid/model/itemTypes';

/** The item types the mapper lists fields for, and the parameter holding them. */
export type MapperKind = 'work' | 'funding' | 'affiliation';

export const MAPPER_PARAMETER: Record<MapperKind, string> = {
	work: 'workFields',
	funding: 'fundingFields',
	affiliation: 'affiliationFields',
};

export function mapperKind(itemType: ActivityType): MapperKind | null {
	if (itemType === 'work' || itemType === 'funding') return itemType;
	return (AFFILIATION_TYPES as readonly string[]).includes(itemType) ? 'affiliation' : null;
}

/** The organization's fields: Write Item's names, with the prefix of the item kind. */
const ORGANIZATION = {
	Name: 'name',
	City: 'city',
	Region: 'region',
	Country: 'country',
	DisambiguatedId: 'disambiguatedId',
	DisambiguationSource: 'disambiguationSource',
} as const;

const ORGANIZATION_PREFIX: Partial<Record<MapperKind, string>> = {
	funding: 'funder',
	affiliation: 'organization',
};

/** Lists given as a list or as JSON text (a text column holding JSON). */
const LIST_FIELDS = ['externalIds', 'contributors'];

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function listOf(value: unknown, field: string): unknown[] {
	const v = parseJsonText(value, field, ': give a list such as [{...}]');
	if (Array.isArray(v)) return v as unknown[];
	if (v !== null && typeof v === 'object') return [v];
	throw new FieldError(field, `must be a list, got ${typeof v}`);
}

/** A DOI as people write it (bare, doi:, https://doi.org/...) as a Self identifier. */
export function doiIdentifier(value: unknown): IDataObject {
	const bare = String(value)
		.trim()
		.replace(/^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i, '');
	return { type: 'doi', value: bare, url: `https://doi.org/${bare}`, relationship: 'self' };
}

/** The mapper's values -> builder fields; blank values are "not given". */
export function mappedFields(kind: MapperKind, values: IDataObject): IDataObject {
	const fields: IDataObject = {};
	const organization: IDataObject = {};
	const prefix = ORGANIZATION_PREFIX[kind];
	for (const [name, value] of Object.entries(values)) {
		if (isBlank(value)) continue;
		const orgKey = prefix && name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
		if (orgKey !== undefined && orgKey in ORGANIZATION) {
			organization[ORGANIZATION[orgKey as keyof typeof ORGANIZATION]] = value;
		} else if (name === 'doi') {
			fields.externalIds = [...((fields.externalIds as IDataObject[]) ?? []), doiIdentifier(value)];
		} else if (LIST_FIELDS.includes(name)) {
			const list = listOf(value, name) as IDataObject[];
			fields[name] =
				name === 'externalIds' ? [...((fields.externalIds as IDataObject[]) ?? []), ...list] : list;
		} else {
			fields[name] = value;
		}
	}
	if (Object.keys(organization).length) fields.organization = organization;
	return fields;
}

/**
 * The node's item types (its "resource" parameter) and ORCID's names for them.
 * The editor uses camelCase values, as n8n does; outputs and paths use ORCID's words.
 */
import type { ItemType } from '../../shared/orcid/model/itemTypes';

export const RESOURCE_ITEM_TYPES = {
	distinction: 'distinction',
	education: 'education',
	employment: 'employment',
	externalIdentifier: 'external-identifier',
	funding: 'funding',
	invitedPosition: 'invited-position',
	keyword: 'keyword',
	membership: 'membership',
	otherName: 'other-name',
	peerReview: 'peer-review',
	qualification: 'qualification',
	researcherUrl: 'researcher-url',
	researchResource: 'research-resource',
	service: 'service',
	work: 'work',
} as const satisfies Record<string, ItemType>;

export type WriteResource = keyof typeof RESOURCE_ITEM_TYPES;

export const AFFILIATION_RESOURCES: WriteResource[] = [
	'distinction',
	'education',
	'employment',
	'invitedPosition',
	'membership',
	'qualification',
	'service',
];

export const PERSON_RESOURCES: WriteResource[] = [
	'externalIdentifier',
	'keyword',
	'otherName',
	'researcherUrl',
];

export function isWriteResource(value: unknown): value is WriteResource {
	return (
		typeof value === 'string' && Object.prototype.hasOwnProperty.call(RESOURCE_ITEM_TYPES, value)
	);
}

export function itemTypeOfResource(resource: WriteResource): ItemType {
	return RESOURCE_ITEM_TYPES[resource];
}

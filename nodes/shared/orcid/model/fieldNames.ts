/**
 * The top-level fields each item type's builder reads (work.ts WorkFields, funding.ts ...):
 * the names Write Item's "Auto-Map Input Data" reads from an input item, and the names of
 * Sync Diff's item fields. One list per item type, so a misspelt field can be named instead of
 * dropped.
 */
import { AFFILIATION_TYPES, type ItemType } from './itemTypes';

/** Every builder takes these (common.ts ItemFieldsBase). */
const BASE = ['putCode', 'visibility'] as const;

const AFFILIATION = [
	'organization',
	'department',
	'roleTitle',
	'startDate',
	'endDate',
	'url',
	'externalIds',
] as const;

const ACTIVITIES: Record<string, readonly string[]> = {
	work: [
		'title',
		'subtitle',
		'translatedTitle',
		'translatedTitleLanguage',
		'type',
		'publicationDate',
		'externalIds',
		'url',
		'journalTitle',
		'shortDescription',
		'citation',
		'contributors',
		'languageCode',
		'country',
	],
	funding: [
		'title',
		'translatedTitle',
		'translatedTitleLanguage',
		'type',
		'organizationDefinedType',
		'shortDescription',
		'amount',
		'currency',
		'url',
		'startDate',
		'endDate',
		'externalIds',
		'grantNumber',
		'grantUrl',
		'contributors',
		'organization',
	],
	'peer-review': [
		'reviewerRole',
		'reviewType',
		'reviewUrl',
		'reviewDate',
		'reviewIdentifiers',
		'groupId',
		'subjectExternalId',
		'subjectType',
		'subjectName',
		'subjectSubtitle',
		'subjectTranslatedName',
		'subjectTranslatedNameLanguage',
		'subjectContainerName',
		'subjectUrl',
		'organization',
	],
	'research-resource': ['proposal', 'resourceItems'],
	keyword: ['content'],
	'other-name': ['content'],
	'researcher-url': ['name', 'url'],
	'external-identifier': ['type', 'value', 'url', 'relationship'],
};

for (const type of AFFILIATION_TYPES) ACTIVITIES[type] = AFFILIATION;

/** The builder fields of an item type, putCode and visibility included. */
export function builderFieldNames(itemType: ItemType): readonly string[] {
	return [...(ACTIVITIES[itemType] ?? []), ...BASE];
}

/**
 * Splitting what ORCID returns into entries: the summaries of activity sections and the items
 * of person sections (flattened by shared/orcid/model/sections), with the section they came from.
 * No n8n imports.
 */
import { itemTypeInfo } from '../../shared/orcid/model/itemTypes';
import { flattenActivities, flattenSection } from '../../shared/orcid/model/sections';
import type { SectionInfo } from '../actions/sections';

type Obj = Record<string, unknown>;

export interface Entry {
	/** ORCID's name for the entry: 'work', 'employment', 'keyword', 'email', 'name' ... */
	itemType: string;
	/** Section key it came from: 'works', 'employments', 'keywords', 'emails'. */
	section: string;
	value: Obj;
}

function obj(value: unknown): Obj | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** 'works' -> 'work', 'invited-positions' -> 'invited-position', 'addresses' -> 'address'. */
function singular(sectionKey: string): string {
	if (sectionKey === 'addresses') return 'address';
	if (sectionKey === 'biography' || sectionKey === 'personal-details') return sectionKey;
	return sectionKey.replace(/s$/, '');
}

function listEntries(sectionKey: string, itemType: string, section: unknown): Entry[] {
	return flattenSection(itemType, section).map((value) => ({
		itemType,
		section: sectionKey,
		value,
	}));
}

/** Entries of one activity section list (works, employments, peer-reviews ...). */
export function activitySectionEntries(sectionKey: string, section: unknown): Entry[] {
	return listEntries(sectionKey, singular(sectionKey), section);
}

const PERSON_LISTS: Array<[string, string]> = [
	['other-names', 'other-name'],
	['researcher-urls', 'researcher-url'],
	['emails', 'email'],
	['addresses', 'address'],
	['keywords', 'keyword'],
	['external-identifiers', 'external-identifier'],
];

/** Entries of one person section list (keywords, emails, addresses ...). */
export function personSectionEntries(sectionKey: string, section: unknown): Entry[] {
	const root = obj(section);
	if (!root) return [];
	const pair = PERSON_LISTS.find(([key]) => key === sectionKey);
	if (!pair) return [{ itemType: singular(sectionKey), section: sectionKey, value: root }];
	return listEntries(sectionKey, pair[1], root);
}

export function personEntries(person: unknown): Entry[] {
	const root = obj(person);
	if (!root) return [];
	const out: Entry[] = [];
	const name = obj(root.name);
	if (name) out.push({ itemType: 'name', section: 'name', value: name });
	const biography = obj(root.biography);
	if (biography) out.push({ itemType: 'biography', section: 'biography', value: biography });
	for (const [key] of PERSON_LISTS) out.push(...personSectionEntries(key, root[key]));
	return out;
}

export function activitiesEntries(activities: unknown): Entry[] {
	return flattenActivities(activities).map(({ itemType, summary: value }) => ({
		itemType,
		section: itemTypeInfo(itemType).sectionKey,
		value,
	}));
}

export function recordEntries(record: unknown): Entry[] {
	const root = obj(record);
	if (!root) return [];
	return [...personEntries(root.person), ...activitiesEntries(root['activities-summary'])];
}

export function sectionEntries(section: SectionInfo, body: unknown): Entry[] {
	return section.kind === 'activity'
		? activitySectionEntries(section.key, body)
		: personSectionEntries(section.key, body);
}

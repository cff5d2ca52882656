/**
 * Splitting what ORCID returns into entries: the summaries of activity sections (grouped
 * by ORCID: works.group[].work-summary[], affiliation-group[].summaries[], three levels for
 * peer reviews) and the items of person sections. No n8n imports.
 */
import { SECTIONS, type SectionInfo } from '../actions/sections';

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

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** 'works' -> 'work', 'invited-positions' -> 'invited-position', 'addresses' -> 'address'. */
function singular(sectionKey: string): string {
	if (sectionKey === 'addresses') return 'address';
	if (sectionKey === 'biography' || sectionKey === 'personal-details') return sectionKey;
	return sectionKey.replace(/s$/, '');
}

const ACTIVITY_KEYS = Object.values(SECTIONS)
	.filter((s) => s.kind === 'activity')
	.map((s) => s.key);

/** Entries of one activity section list (works, employments, peer-reviews ...). */
export function activitySectionEntries(sectionKey: string, section: unknown): Entry[] {
	const root = obj(section);
	if (!root) return [];
	const itemType = singular(sectionKey);
	const summaryKey = `${itemType}-summary`;
	const out: Entry[] = [];
	const push = (v: unknown) => {
		const o = obj(v);
		if (o) out.push({ itemType, section: sectionKey, value: o });
	};
	if (Array.isArray(root['affiliation-group'])) {
		for (const group of list(root['affiliation-group'])) {
			for (const summary of list(obj(group)?.summaries)) push(obj(summary)?.[summaryKey]);
		}
		return out;
	}
	for (const group of list(root.group)) {
		const g = obj(group);
		if (!g) continue;
		if (Array.isArray(g['peer-review-group'])) {
			for (const inner of list(g['peer-review-group'])) {
				for (const summary of list(obj(inner)?.['peer-review-summary'])) push(summary);
			}
		} else {
			for (const summary of list(g[summaryKey])) push(summary);
		}
	}
	return out;
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
	return list(root[pair[1]])
		.map(obj)
		.filter((v): v is Obj => v !== undefined)
		.map((value) => ({ itemType: pair[1], section: sectionKey, value }));
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
	const root = obj(activities);
	if (!root) return [];
	return ACTIVITY_KEYS.flatMap((key) => activitySectionEntries(key, root[key]));
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

/** The person part of a record: names, biography, and every person item with its put code. */
import { ItemType } from '../itemTypes';
import { JsonObject, asArray, get, isObject } from '../json';
import { base, extId, instant, str } from './readers';
import { SimplePerson, SimplePersonItem, SimpleRecord, Str } from './types';
import { simplifyActivities } from './activities';

function personList(section: unknown, key: string): JsonObject[] {
	return asArray(get(section, key)).filter(isObject);
}

export function personItem(
	entryType: SimplePersonItem['entryType'],
	item: JsonObject,
): SimplePersonItem {
	const entry: SimplePersonItem = {
		entryType,
		...base(item),
		value: null,
		name: null,
		url: null,
		primary: null,
		verified: null,
	};
	switch (entryType) {
		case 'keyword':
		case 'other-name':
			entry.value = str(item.content);
			break;
		case 'researcher-url':
			entry.value = str(item.url);
			entry.url = entry.value;
			entry.name = str(item['url-name']);
			break;
		case 'external-identifier': {
			const id = extId(item);
			entry.value = id.value;
			entry.name = id.type;
			entry.url = id.url;
			break;
		}
		case 'email':
			entry.value = str(item.email);
			entry.primary = typeof item.primary === 'boolean' ? item.primary : null;
			entry.verified = typeof item.verified === 'boolean' ? item.verified : null;
			break;
		case 'address':
			entry.value = str(item.country);
			break;
	}
	return entry;
}

const PERSON_SECTIONS: Array<[SimplePersonItem['entryType'], string, string]> = [
	['keyword', 'keywords', 'keyword'],
	['other-name', 'other-names', 'other-name'],
	['researcher-url', 'researcher-urls', 'researcher-url'],
	['external-identifier', 'external-identifiers', 'external-identifier'],
	['email', 'emails', 'email'],
	['address', 'addresses', 'address'],
];

/** Every person item (keywords, other names, URLs, identifiers, emails, countries) with put codes. */
export function simplifyPersonItems(person: unknown): SimplePersonItem[] {
	const out: SimplePersonItem[] = [];
	for (const [entryType, section, key] of PERSON_SECTIONS) {
		for (const item of personList(get(person, section), key)) out.push(personItem(entryType, item));
	}
	return out;
}

/** One person section read on its own (GET /{orcid}/keywords ...). */
export function simplifyPersonSection(itemType: ItemType, section: unknown): SimplePersonItem[] {
	const found = PERSON_SECTIONS.find(([t]) => t === itemType);
	if (!found) return [];
	return personList(section, found[2]).map((i) => personItem(found[0], i));
}

export function orcidOfPath(path: unknown): Str {
	const m = typeof path === 'string' ? /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/.exec(path) : null;
	return m ? m[1] : null;
}

export function simplifyPerson(person: unknown): SimplePerson {
	const items = simplifyPersonItems(person);
	const values = (t: SimplePersonItem['entryType']) =>
		items.filter((i) => i.entryType === t && i.value !== null).map((i) => i.value as string);
	const given = str(get(person, 'name', 'given-names'));
	const family = str(get(person, 'name', 'family-name'));
	const credit = str(get(person, 'name', 'credit-name'));
	const emails = items.filter((i) => i.entryType === 'email' && i.value !== null);
	const joined = [given, family].filter((n) => n !== null).join(' ');
	return {
		orcid: orcidOfPath(get(person, 'name', 'path')) ?? orcidOfPath(get(person, 'path')),
		name: credit ?? (joined === '' ? null : joined),
		givenNames: given,
		familyName: family,
		creditName: credit,
		biography: str(get(person, 'biography', 'content')),
		emails: emails.map((e) => e.value as string),
		primaryEmail: emails.find((e) => e.primary === true)?.value ?? null,
		keywords: values('keyword'),
		otherNames: values('other-name'),
		researcherUrls: items
			.filter((i) => i.entryType === 'researcher-url')
			.map((i) => ({ name: i.name, url: i.url })),
		externalIds: items
			.filter((i) => i.entryType === 'external-identifier')
			.map((i) => ({ type: i.name, value: i.value, url: i.url })),
		countries: values('address'),
	};
}

/** A full record (GET /{orcid}/record): person, activities and the iD. */
export function simplifyRecord(record: unknown, preferredOnly = false): SimpleRecord {
	const person = simplifyPerson(get(record, 'person'));
	const orcid =
		str(get(record, 'orcid-identifier', 'path')) ??
		person.orcid ??
		orcidOfPath(get(record, 'path'));
	return {
		...person,
		orcid,
		orcidUri: str(get(record, 'orcid-identifier', 'uri')),
		lastModified: instant(get(record, 'history', 'last-modified-date')),
		...simplifyActivities(get(record, 'activities-summary'), preferredOnly),
	};
}

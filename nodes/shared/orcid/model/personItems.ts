import { COMMON_RULES, ItemFieldsBase, fieldsObject, putCodeOf, token } from './common';
import { JsonObject, clean, compact, wrap } from './json';
import { FieldRule, assertValidBuilt } from './validate';

export interface KeywordFields extends ItemFieldsBase {
	content: string;
}

export interface OtherNameFields extends ItemFieldsBase {
	content: string;
}

export interface ResearcherUrlFields extends ItemFieldsBase {
	/** display name of the link */
	name?: string;
	url: string;
}

/** A person external identifier (Scopus Author ID, ResearcherID ...): the type is free text. */
export interface PersonExternalIdentifierFields extends ItemFieldsBase {
	type: string;
	value: string;
	url?: string;
	relationship?: string;
}

const CONTENT_RULES: FieldRule[] = [...COMMON_RULES, ['content', 'content']];

export function buildKeyword(fields: KeywordFields): JsonObject {
	const f = fieldsObject(fields, 'keyword');
	const json = compact({
		'put-code': putCodeOf(f.putCode),
		content: clean(f.content),
		visibility: token(f.visibility),
	});
	return assertValidBuilt('keyword', json, CONTENT_RULES);
}

export function buildOtherName(fields: OtherNameFields): JsonObject {
	const f = fieldsObject(fields, 'other name');
	const json = compact({
		'put-code': putCodeOf(f.putCode),
		content: clean(f.content),
		visibility: token(f.visibility),
	});
	return assertValidBuilt('other-name', json, CONTENT_RULES);
}

export const RESEARCHER_URL_FIELD_RULES: FieldRule[] = [
	...COMMON_RULES,
	['url-name', 'name'],
	['url', 'url'],
];

export function buildResearcherUrl(fields: ResearcherUrlFields): JsonObject {
	const f = fieldsObject(fields, 'researcher URL');
	const json = compact({
		'put-code': putCodeOf(f.putCode),
		'url-name': clean(f.name),
		url: wrap(clean(f.url)),
		visibility: token(f.visibility),
	});
	return assertValidBuilt('researcher-url', json, RESEARCHER_URL_FIELD_RULES);
}

export const PERSON_EXTERNAL_IDENTIFIER_FIELD_RULES: FieldRule[] = [
	...COMMON_RULES,
	['external-id-type', 'type'],
	['external-id-value', 'value'],
	['external-id-url', 'url'],
	['external-id-relationship', 'relationship'],
];

export function buildPersonExternalIdentifier(fields: PersonExternalIdentifierFields): JsonObject {
	const f = fieldsObject(fields, 'external identifier');
	const json = compact({
		'put-code': putCodeOf(f.putCode),
		// free text (e.g. 'Scopus Author ID'): kept as given, unlike activity identifier types
		'external-id-type': clean(f.type),
		'external-id-value': clean(f.value),
		'external-id-url': wrap(clean(f.url)),
		'external-id-relationship': token(f.relationship) ?? 'self',
		visibility: token(f.visibility),
	});
	return assertValidBuilt('external-identifier', json, PERSON_EXTERNAL_IDENTIFIER_FIELD_RULES);
}

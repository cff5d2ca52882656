import {
	BuildOptions,
	COMMON_RULES,
	ContributorInput,
	ExternalIdInput,
	ItemFieldsBase,
	buildContributors,
	buildExternalIds,
	buildTitle,
	contributorRules,
	externalIdRules,
	fieldsObject,
	putCodeOf,
	titleRules,
	token,
} from './common';
import { parseFuzzyDate } from './dates';
import { JsonObject, clean, compact, wrap } from './json';
import { FieldRule, assertValidBuilt } from './validate';

export interface WorkFields extends ItemFieldsBase {
	title: string;
	subtitle?: string;
	translatedTitle?: string;
	/** language of the translated title, e.g. fr */
	translatedTitleLanguage?: string;
	/** ORCID work type, e.g. journal-article */
	type: string;
	/** YYYY, YYYY-MM or YYYY-MM-DD */
	publicationDate?: string;
	/** at least one with relationship self (the default) */
	externalIds?: ExternalIdInput[];
	url?: string;
	journalTitle?: string;
	shortDescription?: string;
	citation?: { type: string; value: string };
	contributors?: ContributorInput[];
	/** language of the work, e.g. en */
	languageCode?: string;
	/** country of publication, ISO 3166-1 alpha-2 */
	country?: string;
}

export const WORK_FIELD_RULES: FieldRule[] = [
	...COMMON_RULES,
	...titleRules('title', {
		title: 'title',
		subtitle: 'subtitle',
		translated: 'translatedTitle',
		language: 'translatedTitleLanguage',
	}),
	['type', 'type'],
	['journal-title', 'journalTitle'],
	['short-description', 'shortDescription'],
	['citation', 'citation'],
	['citation.citation-type', 'citation.type'],
	['citation.citation-value', 'citation.value'],
	['publication-date', 'publicationDate'],
	...externalIdRules('external-ids', 'externalIds'),
	['url', 'url'],
	...contributorRules('contributors', 'contributors'),
	['language-code', 'languageCode'],
	['country', 'country'],
];

/** Editor fields -> ORCID v3.0 work JSON (put-code at the root for updates); throws ModelValidationError. */
export function buildWork(fields: WorkFields, options: BuildOptions = {}): JsonObject {
	const f = fieldsObject(fields, 'work');
	const citation = f.citation as Record<string, unknown> | undefined;
	const citationType = clean(citation?.type);
	const citationValue =
		typeof citation?.value === 'string' && citation.value.trim() !== ''
			? citation.value
			: undefined;
	const country = clean(f.country)?.toUpperCase();
	const json = compact({
		'put-code': putCodeOf(f.putCode),
		title: buildTitle(f.title, f.subtitle, f.translatedTitle, f.translatedTitleLanguage),
		'journal-title': wrap(clean(f.journalTitle)),
		'short-description': clean(f.shortDescription),
		citation:
			citationType !== undefined || citationValue !== undefined
				? compact({ 'citation-type': token(citationType), 'citation-value': citationValue })
				: undefined,
		type: token(f.type),
		'publication-date': parseFuzzyDate(f.publicationDate, 'publicationDate'),
		'external-ids': buildExternalIds(f.externalIds, 'externalIds'),
		url: wrap(clean(f.url)),
		contributors: buildContributors(f.contributors, 'contributors', 'work', options),
		'language-code': clean(f.languageCode),
		country: wrap(country),
		visibility: token(f.visibility),
	}) as JsonObject;
	return assertValidBuilt('work', json, WORK_FIELD_RULES);
}

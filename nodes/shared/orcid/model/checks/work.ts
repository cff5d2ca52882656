/** A work: title, type, citation, publication date, identifiers, contributors, language, country. */
import { CITATION_TYPES, WORK_TYPES, isCountryCode, isLanguageCode } from '../enums';
import { showValue } from '../errors';
import { JsonObject, isObject, text } from '../json';
import { Checker, checkDate, checkEnum, checkText, checkUrl } from './checker';
import { checkContributors } from './contributors';
import { checkExternalIds } from './externalIds';
import { checkTitleBlock } from './titles';

export function checkWork(c: Checker, w: JsonObject): void {
	checkTitleBlock(c, ['title'], w.title, { subtitle: true, what: 'work' });
	checkEnum(c, ['type'], w.type, WORK_TYPES, 'work type', true);
	checkText(c, ['journal-title'], w['journal-title'], { max: 1000 });
	checkText(c, ['short-description'], w['short-description'], { max: 5000 });
	const citation = w.citation;
	if (citation !== undefined && citation !== null) {
		if (!isObject(citation)) {
			c.add(
				['citation'],
				`must be {"citation-type", "citation-value"}, got ${showValue(citation)}`,
				citation,
			);
		} else {
			checkEnum(
				c,
				['citation', 'citation-type'],
				citation['citation-type'],
				CITATION_TYPES,
				'citation type',
				true,
			);
			checkText(c, ['citation', 'citation-value'], citation['citation-value'], { required: true });
		}
	}
	checkDate(c, ['publication-date'], w['publication-date']);
	checkExternalIds(c, ['external-ids'], w['external-ids'], {
		orcidTypeNames: true,
		required: true,
		requiredWhy: `a work needs at least one identifier with relationship 'self', ORCID answers 9023 otherwise`,
		needSelf: true,
	});
	if (w.url !== undefined && w.url !== null) checkUrl(c, ['url'], w.url);
	checkContributors(c, ['contributors'], w.contributors, 'work');
	const lang = w['language-code'];
	if (lang !== undefined && lang !== null && !isLanguageCode(lang)) {
		c.add(
			['language-code'],
			`unknown language code ${showValue(lang)} (e.g. en, fr, de, zh_CN)`,
			lang,
		);
	}
	const country = w.country;
	if (country !== undefined && country !== null && !isCountryCode(text(country))) {
		c.add(
			['country'],
			`${showValue(text(country) ?? country)} is not an ISO 3166-1 alpha-2 country code`,
			country,
		);
	}
}

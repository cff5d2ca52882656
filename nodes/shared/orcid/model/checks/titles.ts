/** Title blocks (works, fundings, review subjects, proposals): title, subtitle, translated title. */
import { isLanguageCode } from '../enums';
import { showValue } from '../errors';
import { isObject, text } from '../json';
import { Checker, JsonPath, checkText, isBlank } from './checker';

export function checkTitleBlock(
	c: Checker,
	path: JsonPath,
	raw: unknown,
	opts: { subtitle: boolean; what: string },
): void {
	if (raw === undefined || raw === null) {
		c.add(
			[...path, 'title'],
			`is required (ORCID rejects a ${opts.what} without a title, 9022)`,
			raw,
		);
		return;
	}
	if (!isObject(raw)) {
		c.add(path, `must look like {"title": {"value": ...}}, got ${showValue(raw)}`, raw);
		return;
	}
	checkText(c, [...path, 'title'], raw.title, {
		required: true,
		max: 1000,
		why: `ORCID rejects a ${opts.what} without a title, 9022`,
	});
	if (opts.subtitle && raw.subtitle !== undefined && raw.subtitle !== null) {
		checkText(c, [...path, 'subtitle'], raw.subtitle, { max: 1000 });
	}
	const tt = raw['translated-title'];
	if (tt !== undefined && tt !== null) {
		const value = text(tt);
		const lang = isObject(tt) ? tt['language-code'] : undefined;
		if (value === null || isBlank(value)) {
			if (lang !== undefined && lang !== null) {
				c.add([...path, 'translated-title'], 'has a language code but no translated title', tt);
			}
		} else {
			if (value.length > 1000) {
				c.add(
					[...path, 'translated-title'],
					`is ${value.length} characters long; ORCID allows at most 1000`,
					tt,
				);
			}
			if (lang === undefined || lang === null || lang === '') {
				c.add(
					[...path, 'translated-title', 'language-code'],
					'is required with a translated title (e.g. en, fr, zh_CN)',
					lang,
				);
			} else if (!isLanguageCode(lang)) {
				c.add(
					[...path, 'translated-title', 'language-code'],
					`unknown language code ${showValue(lang)} (e.g. en, fr, de, zh_CN)`,
					lang,
				);
			}
		}
	}
}

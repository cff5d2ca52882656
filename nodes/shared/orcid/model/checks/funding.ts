/** A funding: type, title, amount, dates, identifiers, contributors, the funder. */
import { FUNDING_TYPES, isCurrencyCode } from '../enums';
import { showValue } from '../errors';
import { JsonObject, isObject, text } from '../json';
import { Checker, checkEnum, checkStartEnd, checkText, checkUrl, isBlank } from './checker';
import { checkContributors } from './contributors';
import { checkExternalIds } from './externalIds';
import { checkOrganization } from './organization';
import { checkTitleBlock } from './titles';

export function checkFunding(c: Checker, f: JsonObject): void {
	checkEnum(c, ['type'], f.type, FUNDING_TYPES, 'funding type', true);
	checkText(c, ['organization-defined-type'], f['organization-defined-type'], { max: 255 });
	checkTitleBlock(c, ['title'], f.title, { subtitle: false, what: 'funding' });
	checkText(c, ['short-description'], f['short-description'], { max: 5000 });
	const amount = f.amount;
	if (amount !== undefined && amount !== null) {
		if (!isObject(amount)) {
			c.add(
				['amount'],
				`must be {"value": "1000", "currency-code": "EUR"}, got ${showValue(amount)}`,
				amount,
			);
		} else {
			const value = text(amount.value);
			if (value === null || isBlank(value)) {
				c.add(['amount', 'value'], 'is required when an amount is given', amount.value);
			} else if (!/^\d+(\.\d+)?$/.test(value.trim())) {
				c.add(
					['amount', 'value'],
					`${showValue(value)} is not an amount; use digits with an optional decimal point, e.g. 25000 or 1000.50 (ORCID answers 9054)`,
					amount.value,
				);
			}
			const currency = amount['currency-code'];
			if (currency === undefined || currency === null || currency === '') {
				c.add(
					['amount', 'currency-code'],
					'is required with an amount (ISO 4217, e.g. USD, EUR)',
					currency,
				);
			} else if (!isCurrencyCode(currency)) {
				c.add(
					['amount', 'currency-code'],
					`${showValue(currency)} is not an ISO 4217 currency code (e.g. USD, EUR, GBP)`,
					currency,
				);
			}
		}
	}
	if (f.url !== undefined && f.url !== null) checkUrl(c, ['url'], f.url);
	checkStartEnd(c, [], f);
	checkExternalIds(c, ['external-ids'], f['external-ids'], {
		orcidTypeNames: true,
		required: true,
		requiredWhy: 'ORCID needs at least one identifier for a funding, e.g. the grant number',
	});
	checkContributors(c, ['contributors'], f.contributors, 'funding');
	checkOrganization(c, ['organization'], f.organization, {
		requireDisambiguated: true,
		requireCityCountry: false,
		label: 'funding organization',
	});
}

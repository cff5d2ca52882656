import {
	BuildOptions,
	COMMON_RULES,
	ExternalIdInput,
	ItemFieldsBase,
	OrganizationInput,
	buildContributors,
	buildExternalId,
	buildExternalIds,
	buildOrganization,
	buildTitle,
	contributorRules,
	externalIdRules,
	fieldsObject,
	listOf,
	organizationRules,
	putCodeOf,
	titleRules,
	token,
} from './common';
import { parseFuzzyDate } from './dates';
import { ModelValidationError, showValue } from './errors';
import { JsonObject, clean, compact, wrap } from './json';
import { FieldRule, assertValidBuilt } from './validate';

export interface FundingContributorInput {
	name?: string;
	orcid?: string;
	email?: string;
	/** lead, co-lead, supported-by, other-contribution (or a CRediT role URI) */
	role?: string;
}

export interface FundingFields extends ItemFieldsBase {
	title: string;
	translatedTitle?: string;
	translatedTitleLanguage?: string;
	/** grant, contract, award, salary-award */
	type: string;
	organizationDefinedType?: string;
	shortDescription?: string;
	/** digits with an optional decimal point; needs currency */
	amount?: string | number;
	/** ISO 4217, e.g. EUR */
	currency?: string;
	url?: string;
	startDate?: string;
	endDate?: string;
	externalIds?: ExternalIdInput[];
	/** shortcut: becomes a grant_number identifier with relationship self, after externalIds */
	grantNumber?: string;
	grantUrl?: string;
	contributors?: FundingContributorInput[];
	organization: OrganizationInput;
}

export const FUNDING_FIELD_RULES: FieldRule[] = [
	...COMMON_RULES,
	['type', 'type'],
	['organization-defined-type', 'organizationDefinedType'],
	...titleRules('title', {
		title: 'title',
		translated: 'translatedTitle',
		language: 'translatedTitleLanguage',
	}),
	['short-description', 'shortDescription'],
	['amount', 'amount'],
	['amount.value', 'amount'],
	['amount.currency-code', 'currency'],
	['url', 'url'],
	['start-date', 'startDate'],
	['end-date', 'endDate'],
	...externalIdRules('external-ids', 'externalIds'),
	...contributorRules('contributors', 'contributors'),
	...organizationRules('organization', 'organization'),
];

/** Editor fields -> ORCID v3.0 funding JSON; throws ModelValidationError naming the field. */
export function buildFunding(fields: FundingFields, options: BuildOptions = {}): JsonObject {
	const f = fieldsObject(fields, 'funding');
	const grantNumber = clean(f.grantNumber);
	const grant = grantNumber
		? buildExternalId(
				{ type: 'grant_number', value: grantNumber, url: f.grantUrl, relationship: 'self' },
				true,
			)
		: undefined;
	const idCount = listOf(f.externalIds, 'externalIds', '{type, value, url, relationship}').length;
	let amount: string | undefined;
	if (typeof f.amount === 'number') {
		if (!Number.isFinite(f.amount) || f.amount < 0) {
			throw new ModelValidationError('amount', `${showValue(f.amount)} is not an amount`, f.amount);
		}
		amount = String(f.amount);
	} else {
		amount = clean(f.amount);
	}
	const currency = clean(f.currency)?.toUpperCase();
	const json = compact({
		'put-code': putCodeOf(f.putCode),
		type: token(f.type),
		'organization-defined-type': wrap(clean(f.organizationDefinedType)),
		title: buildTitle(f.title, undefined, f.translatedTitle, f.translatedTitleLanguage),
		'short-description': clean(f.shortDescription),
		amount:
			amount !== undefined || currency !== undefined
				? compact({ value: amount, 'currency-code': currency })
				: undefined,
		url: wrap(clean(f.url)),
		'start-date': parseFuzzyDate(f.startDate, 'startDate'),
		'end-date': parseFuzzyDate(f.endDate, 'endDate'),
		'external-ids': buildExternalIds(f.externalIds, 'externalIds', grant ? [grant] : []),
		contributors: buildContributors(f.contributors, 'contributors', 'funding', options),
		organization: buildOrganization(f.organization, 'organization'),
		visibility: token(f.visibility),
	}) as JsonObject;
	// the grant number sits after the listed identifiers: name it by its own field
	return assertValidBuilt('funding', json, FUNDING_FIELD_RULES, (field) => {
		const m = /^externalIds\[(\d+)\](\.\w+)?$/.exec(field);
		if (!grant || !m || Number(m[1]) !== idCount) return field;
		return m[2] === '.url' ? 'grantUrl' : 'grantNumber';
	});
}

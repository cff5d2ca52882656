import {
	COMMON_RULES,
	ExternalIdInput,
	ItemFieldsBase,
	OrganizationInput,
	buildExternalIds,
	buildOrganization,
	buildTitle,
	fieldsObject,
	listOf,
	putCodeOf,
	token,
} from './common';
import { parseFuzzyDate } from './dates';
import { ModelValidationError, showValue } from './errors';
import { JsonObject, clean, compact, isObject, wrap } from './json';
import { FieldRule, assertValidBuilt } from './validate';

export interface ResearchResourceProposalInput {
	title: string;
	translatedTitle?: string;
	translatedTitleLanguage?: string;
	/** 1-10 host organizations, each with a disambiguated id */
	hosts: OrganizationInput[];
	externalIds: ExternalIdInput[];
	startDate?: string;
	endDate?: string;
	url?: string;
}

export interface ResourceItemInput {
	name: string;
	/** infrastructures, collections, equipment, services */
	type: string;
	hosts: OrganizationInput[];
	externalIds: ExternalIdInput[];
	url?: string;
}

export interface ResearchResourceFields extends ItemFieldsBase {
	proposal: ResearchResourceProposalInput;
	/** at least one */
	resourceItems: ResourceItemInput[];
}

function hostRules(json: string, field: string): FieldRule[] {
	return [
		[json, field],
		[`${json}.organization`, field],
		[`${json}.organization[]`, `${field}[]`],
		[`${json}.organization[].name`, `${field}[].name`],
		[`${json}.organization[].address`, `${field}[].country`],
		[`${json}.organization[].address.city`, `${field}[].city`],
		[`${json}.organization[].address.region`, `${field}[].region`],
		[`${json}.organization[].address.country`, `${field}[].country`],
		[`${json}.organization[].disambiguated-organization`, `${field}[].disambiguatedId`],
		[
			`${json}.organization[].disambiguated-organization.disambiguated-organization-identifier`,
			`${field}[].disambiguatedId`,
		],
		[
			`${json}.organization[].disambiguated-organization.disambiguation-source`,
			`${field}[].disambiguationSource`,
		],
	];
}

function idRules(json: string, field: string): FieldRule[] {
	return [
		[json, field],
		[`${json}.external-id[]`, `${field}[]`],
		[`${json}.external-id[].external-id-type`, `${field}[].type`],
		[`${json}.external-id[].external-id-value`, `${field}[].value`],
		[`${json}.external-id[].external-id-url`, `${field}[].url`],
		[`${json}.external-id[].external-id-relationship`, `${field}[].relationship`],
	];
}

export const RESEARCH_RESOURCE_FIELD_RULES: FieldRule[] = [
	...COMMON_RULES,
	['proposal', 'proposal'],
	['proposal.title', 'proposal.title'],
	['proposal.title.title', 'proposal.title'],
	['proposal.title.translated-title', 'proposal.translatedTitle'],
	['proposal.title.translated-title.language-code', 'proposal.translatedTitleLanguage'],
	...hostRules('proposal.hosts', 'proposal.hosts'),
	...idRules('proposal.external-ids', 'proposal.externalIds'),
	['proposal.start-date', 'proposal.startDate'],
	['proposal.end-date', 'proposal.endDate'],
	['proposal.url', 'proposal.url'],
	['resource-item', 'resourceItems'],
	['resource-item[]', 'resourceItems[]'],
	['resource-item[].resource-name', 'resourceItems[].name'],
	['resource-item[].resource-type', 'resourceItems[].type'],
	...hostRules('resource-item[].hosts', 'resourceItems[].hosts'),
	...idRules('resource-item[].external-ids', 'resourceItems[].externalIds'),
	['resource-item[].url', 'resourceItems[].url'],
];

function buildHosts(value: unknown, field: string): JsonObject | undefined {
	const list = listOf(
		value,
		field,
		'{name, city, region, country, disambiguatedId, disambiguationSource}',
	);
	if (!list.length) return undefined;
	return {
		organization: list.map((org, i) => buildOrganization(org, `${field}[${i}]`) as JsonObject),
	};
}

/** Editor fields -> ORCID v3.0 research-resource JSON (JSON names the item list "resource-item"). */
export function buildResearchResource(fields: ResearchResourceFields): JsonObject {
	const f = fieldsObject(fields, 'research resource');
	const p = f.proposal;
	if (p !== undefined && p !== null && !isObject(p)) {
		throw new ModelValidationError(
			'proposal',
			`must be an object with title, hosts, externalIds, got ${showValue(p)}`,
			p,
		);
	}
	const items = listOf(f.resourceItems, 'resourceItems', '{name, type, hosts, externalIds, url}');
	const proposal = p
		? compact({
				title: buildTitle(p.title, undefined, p.translatedTitle, p.translatedTitleLanguage),
				hosts: buildHosts(p.hosts, 'proposal.hosts'),
				'external-ids': buildExternalIds(p.externalIds, 'proposal.externalIds'),
				'start-date': parseFuzzyDate(p.startDate, 'proposal.startDate'),
				'end-date': parseFuzzyDate(p.endDate, 'proposal.endDate'),
				url: wrap(clean(p.url)),
			})
		: undefined;
	const json = compact({
		'put-code': putCodeOf(f.putCode),
		proposal,
		'resource-item': items.length
			? items.map((item, i) =>
					compact({
						'resource-name': clean(item.name),
						'resource-type': token(item.type),
						hosts: buildHosts(item.hosts, `resourceItems[${i}].hosts`),
						'external-ids': buildExternalIds(item.externalIds, `resourceItems[${i}].externalIds`),
						url: wrap(clean(item.url)),
					}),
				)
			: undefined,
		visibility: token(f.visibility),
	}) as JsonObject;
	return assertValidBuilt('research-resource', json, RESEARCH_RESOURCE_FIELD_RULES);
}

/** A research resource: the proposal and its resource items, each with hosts and identifiers. */
import { RESOURCE_TYPES } from '../enums';
import { showValue } from '../errors';
import { JsonObject, isObject } from '../json';
import { Checker, JsonPath, checkEnum, checkStartEnd, checkText, checkUrl } from './checker';
import { checkExternalIds } from './externalIds';
import { checkOrganization } from './organization';
import { checkTitleBlock } from './titles';

function checkHosts(c: Checker, path: JsonPath, raw: unknown): void {
	if (raw === undefined || raw === null) {
		c.add(path, 'are required: at least one host organization with a disambiguated id', raw);
		return;
	}
	if (!isObject(raw) || !Array.isArray(raw.organization)) {
		c.add(path, `must look like {"organization": [ ... ]}, got ${showValue(raw)}`, raw);
		return;
	}
	const orgs = raw.organization;
	if (orgs.length === 0) c.add(path, 'need at least one host organization', raw);
	if (orgs.length > 10)
		c.add(path, `has ${orgs.length} organizations; ORCID allows at most 10`, raw);
	orgs.forEach((org, i) =>
		checkOrganization(c, [...path, 'organization', i], org, {
			requireDisambiguated: true,
			requireCityCountry: false,
			label: 'host organization',
		}),
	);
}

export function checkResearchResource(c: Checker, r: JsonObject): void {
	const proposal = r.proposal;
	if (!isObject(proposal)) {
		c.add(
			['proposal'],
			`is required: the proposal with title, hosts and identifiers, got ${showValue(proposal)}`,
			proposal,
		);
	} else {
		checkTitleBlock(c, ['proposal', 'title'], proposal.title, {
			subtitle: false,
			what: 'research resource proposal',
		});
		checkHosts(c, ['proposal', 'hosts'], proposal.hosts);
		checkExternalIds(c, ['proposal', 'external-ids'], proposal['external-ids'], {
			orcidTypeNames: true,
			required: true,
			requiredWhy: 'ORCID needs an identifier for the proposal',
			versionOfNeedsSelf: true,
		});
		checkStartEnd(c, ['proposal'], proposal);
		if (proposal.url !== undefined && proposal.url !== null)
			checkUrl(c, ['proposal', 'url'], proposal.url);
	}
	const items = r['resource-item'];
	if (!Array.isArray(items) || items.length === 0) {
		c.add(
			['resource-item'],
			'needs at least one resource item (name, type, hosts, identifiers)',
			items,
		);
		return;
	}
	items.forEach((item, i) => {
		const p: JsonPath = ['resource-item', i];
		if (!isObject(item)) {
			c.add(p, `must be a resource item object, got ${showValue(item)}`, item);
			return;
		}
		checkText(c, [...p, 'resource-name'], item['resource-name'], { required: true, max: 1000 });
		checkEnum(
			c,
			[...p, 'resource-type'],
			item['resource-type'],
			RESOURCE_TYPES,
			'resource type',
			true,
		);
		checkHosts(c, [...p, 'hosts'], item.hosts);
		checkExternalIds(c, [...p, 'external-ids'], item['external-ids'], {
			orcidTypeNames: true,
			required: true,
			requiredWhy: 'ORCID needs an identifier for each resource item',
			versionOfNeedsSelf: true,
		});
		if (item.url !== undefined && item.url !== null) checkUrl(c, [...p, 'url'], item.url);
	});
}

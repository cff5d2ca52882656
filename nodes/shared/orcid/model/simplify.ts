/**
 * ORCID read JSON -> flat fields for prefilling forms and spreadsheets. Every entry of a
 * kind has the same keys (null or [] when ORCID has nothing), dates are 'YYYY', 'YYYY-MM'
 * or 'YYYY-MM-DD', identifiers 'type:value'. Works with summaries (record, activities,
 * section lists) and with full items (a single work, a bulk read).
 */
import { ModelValidationError, showValue } from './errors';
import { ItemType, itemTypeInfo } from './itemTypes';
import { JsonObject, get, isObject } from './json';
import {
	simplifyActivities,
	simplifyActivity,
	simplifyBulkWorks,
	simplifyGroupedSection,
} from './simple/activities';
import {
	orcidOfPath,
	personItem,
	simplifyPerson,
	simplifyPersonItems,
	simplifyPersonSection,
	simplifyRecord,
} from './simple/person';
import { SimplePersonItem, Str } from './simple/types';

export type {
	SimpleSource,
	SimpleOrganization,
	SimpleAffiliation,
	SimpleWork,
	SimpleFunding,
	SimplePeerReview,
	SimpleResearchResource,
	SimplePersonItem,
	SimpleActivity,
	SimplePerson,
	SimpleActivities,
	GroupCounts,
	SimpleRecord,
} from './simple/types';
export {
	simplifyAffiliation,
	simplifyWork,
	simplifyFunding,
	simplifyPeerReview,
	simplifyResearchResource,
	simplifyActivity,
	simplifySection,
	simplifyActivities,
	simplifyBulkWorks,
} from './simple/activities';
export {
	simplifyPersonItems,
	simplifyPersonSection,
	simplifyPerson,
	simplifyRecord,
} from './simple/person';

// ---- one call for the node ----

export type SimplifyMode = 'record' | 'entries';

export type SimplifyKind = 'record' | 'person' | 'activities' | 'section' | 'item' | 'bulk-works';

export interface SimplifyOptions {
	/** what the JSON is; the Read Record operation knows it */
	kind: SimplifyKind;
	/** for 'section' and 'item' */
	itemType?: ItemType;
	/** 'record': one output for the whole response; 'entries': one per person item / activity */
	mode: SimplifyMode;
	/** the iD read, put on every entry (else taken from the JSON) */
	orcid?: string;
	/** one entry per group of versions: the one ORCID's record page shows */
	preferredOnly?: boolean;
}

function withOrcid(orcid: Str, entries: object[]): JsonObject[] {
	// orcid first (stable columns), and it wins over a person's own (maybe null) orcid
	return entries.map((e) => Object.assign({ orcid }, e, { orcid }) as JsonObject);
}

/**
 * Simplify any Read Record response. 'record' mode gives one object: the record, person or
 * activities flattened, or { orcid, entries } for a list; 'entries' mode gives one object
 * per entry (person item or activity), each with `orcid` and `entryType`. A single item
 * always gives one entry.
 */
export function simplify(json: unknown, options: SimplifyOptions): JsonObject[] {
	const fromJson =
		orcidOfPath(get(json, 'orcid-identifier', 'path')) ?? orcidOfPath(get(json, 'path'));
	let orcid: Str = options.orcid ?? fromJson;
	let entries: object[];
	switch (options.kind) {
		case 'record': {
			const rec = simplifyRecord(json, options.preferredOnly);
			orcid = options.orcid ?? rec.orcid;
			if (options.mode === 'record') return withOrcid(orcid, [rec]);
			const person = get(json, 'person');
			entries = [
				{ entryType: 'person', ...simplifyPerson(person) },
				...simplifyPersonItems(person),
				...rec.affiliations,
				...rec.works,
				...rec.fundings,
				...rec.peerReviews,
				...rec.researchResources,
			];
			return withOrcid(orcid, entries);
		}
		case 'person': {
			const person = simplifyPerson(json);
			orcid = options.orcid ?? person.orcid;
			if (options.mode === 'record') return withOrcid(orcid, [person]);
			return withOrcid(orcid, [{ entryType: 'person', ...person }, ...simplifyPersonItems(json)]);
		}
		case 'activities': {
			const acts = simplifyActivities(json, options.preferredOnly);
			if (options.mode === 'record') return withOrcid(orcid, [acts]);
			entries = [
				...acts.affiliations,
				...acts.works,
				...acts.fundings,
				...acts.peerReviews,
				...acts.researchResources,
			];
			break;
		}
		case 'section': {
			const info = itemTypeInfo(options.itemType);
			if (info.kind === 'person') {
				entries = simplifyPersonSection(info.itemType, json);
				break;
			}
			const section = simplifyGroupedSection(info.itemType, json, options.preferredOnly === true);
			if (options.mode === 'entries') return withOrcid(orcid, section.entries);
			return [{ orcid, entries: section.entries, groupCount: section.groupCount } as JsonObject];
		}
		case 'item': {
			const info = itemTypeInfo(options.itemType);
			const one =
				info.kind === 'person'
					? isObject(json)
						? personItem(info.itemType as SimplePersonItem['entryType'], json)
						: null
					: simplifyActivity(info.itemType, json);
			return withOrcid(orcid, one ? [one] : []);
		}
		case 'bulk-works':
			entries = simplifyBulkWorks(json);
			break;
		default:
			throw new ModelValidationError(
				'kind',
				`unknown kind ${showValue(options.kind)}; expected record, person, activities, section, item or bulk-works`,
				options.kind,
			);
	}
	if (options.mode === 'entries') return withOrcid(orcid, entries);
	return [{ orcid, entries } as unknown as JsonObject];
}

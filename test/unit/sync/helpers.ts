/** Builders for sync tests: ORCID JSON as we send it, and as ORCID returns it in /activities. */
import type { ActivityType as ItemType } from '../../../nodes/shared/orcid/model/itemTypes';
import type { LocalItem, SyncDiffResult } from '../../../nodes/OrcidSyncDiff/diff';
import { contentHash } from '../../../nodes/shared/orcid/model/contentHash';

export const ORCID = '0000-0002-1825-0097';
export const OUR_CLIENT = 'APP-EMUMEMBER0000001';
export const OTHER_CLIENT = 'APP-OTHERCLIENT00001';

type Json = Record<string, any>;

export interface Ext {
	type: string;
	value: string;
	rel?: string;
}

export function ids(list: Ext[]): Json {
	return {
		'external-id': list.map((e) => ({
			'external-id-type': e.type,
			'external-id-value': e.value,
			'external-id-relationship': e.rel ?? 'self',
		})),
	};
}

export function work(
	title: string,
	ext: Ext[] = [],
	type = 'journal-article',
	year = '2020',
): Json {
	const json: Json = {
		title: { title: { value: title } },
		type,
		'publication-date': { year: { value: year } },
		'external-ids': ids(ext),
	};
	return json;
}

export function employment(org: string, role: string, year = '2019'): Json {
	return {
		'role-title': role,
		'start-date': { year: { value: year } },
		organization: {
			name: org,
			address: { city: 'Bethesda', country: 'US' },
			'disambiguated-organization': {
				'disambiguated-organization-identifier': '385488',
				'disambiguation-source': 'RINGGOLD',
			},
		},
	};
}

export interface Source {
	clientId?: string | null;
	orcid?: string | null;
}

/** The summary ORCID shows for an item: the sent fields plus what ORCID adds on read. */
export function summary(
	itemType: ItemType,
	json: Json,
	putCode: number,
	source: Source = { clientId: OUR_CLIENT },
	visibility = 'public',
	orcid = ORCID,
): Json {
	const extIds = json['external-ids'];
	return {
		...json,
		'external-ids': extIds
			? {
					'external-id': (extIds['external-id'] ?? []).map((e: Json) => ({
						...e,
						'external-id-normalized': {
							value: String(e['external-id-value']).toLowerCase(),
							transient: true,
						},
					})),
				}
			: extIds,
		'put-code': putCode,
		path: `/${orcid}/${itemType}/${putCode}`,
		'created-date': { value: 1559917017189 },
		'last-modified-date': { value: 1559917017189 },
		source: {
			'source-orcid': source.orcid
				? { path: source.orcid, uri: `https://sandbox.orcid.org/${source.orcid}` }
				: null,
			'source-client-id': source.clientId
				? { path: source.clientId, uri: `https://sandbox.orcid.org/client/${source.clientId}` }
				: null,
			'source-name': { value: source.clientId ? 'Vendor' : 'Researcher' },
		},
		visibility,
		'display-index': '0',
	};
}

const AFFILIATIONS = new Set([
	'education',
	'employment',
	'distinction',
	'invited-position',
	'membership',
	'qualification',
	'service',
]);

/** The /activities JSON for these summaries, grouped the way ORCID groups them. */
export function activities(
	items: Array<{ itemType: ItemType; summary: Json }>,
	orcid = ORCID,
): Json {
	const out: Json = { path: `/${orcid}/activities` };
	for (const { itemType, summary: s } of items) {
		const section = `${itemType}s`;
		if (AFFILIATIONS.has(itemType)) {
			out[section] ??= { 'affiliation-group': [], path: `/${orcid}/${section}` };
			out[section]['affiliation-group'].push({
				'external-ids': { 'external-id': [] },
				summaries: [{ [`${itemType}-summary`]: s }],
			});
		} else if (itemType === 'peer-review') {
			out[section] ??= { group: [], path: `/${orcid}/${section}` };
			out[section].group.push({
				'external-ids': {
					'external-id': [
						{ 'external-id-type': 'peer-review', 'external-id-value': s['review-group-id'] },
					],
				},
				'peer-review-group': [{ 'external-ids': s['external-ids'], 'peer-review-summary': [s] }],
			});
		} else {
			out[section] ??= { group: [], path: `/${orcid}/${section}` };
			// ORCID groups summaries that share an identifier; one group per summary is enough here
			// except when the first matching identifier already has a group.
			const key = s['external-ids']?.['external-id']?.[0]?.['external-id-value'];
			const group = key
				? out[section].group.find((g: Json) =>
						g['external-ids']['external-id'].some((e: Json) => e['external-id-value'] === key),
					)
				: undefined;
			if (group) group[`${itemType}-summary`].push(s);
			else {
				out[section].group.push({
					'external-ids': s['external-ids'] ?? { 'external-id': [] },
					[`${itemType}-summary`]: [s],
				});
			}
		}
	}
	return out;
}

export function local(
	localKey: string,
	json: Json,
	opts: { putCode?: number | null; hash?: string | null | 'current'; itemType?: ItemType } = {},
): LocalItem {
	return {
		localKey,
		itemType: opts.itemType ?? 'work',
		json,
		putCode: opts.putCode ?? null,
		contentHash: opts.hash === 'current' ? contentHash(json) : (opts.hash ?? null),
	};
}

export function byKey(results: SyncDiffResult[]): Record<string, SyncDiffResult> {
	const out: Record<string, SyncDiffResult> = {};
	for (const r of results) out[r.localKey ?? `remote:${r.itemType}:${r.putCode}`] = r;
	return out;
}

/** `localKey -> output/reason` (remote items as `remote:<type>:<putCode>`), for terse asserts. */
export function summaryOf(results: SyncDiffResult[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const r of results) {
		const k = r.localKey ?? `remote:${r.itemType}:${r.putCode}`;
		out[k] = `${r.action === r.output ? r.output : `${r.output}/${r.action}`}:${r.reason}`;
	}
	return out;
}

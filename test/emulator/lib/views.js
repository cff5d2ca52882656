'use strict';
// What a reader sees: items, summaries, grouped section lists, person, activities and record in
// ORCID v3.0 JSON, filtered by visibility for the reader (public API, /read-public, the source
// client, /read-limited).

const { schemas } = require('./xsd');
const { orderWorkGroups, orderAffiliations, orderAffiliationGroup } = require('./ordering');
const {
	ITEM_TYPES,
	AFFILIATIONS,
	externalIdsOf,
	externalIdKey,
	withNormalized,
} = require('./model');

const PEER_REVIEW_SUMMARY_RENAMES = {
	'review-identifiers': 'external-ids',
	'review-completion-date': 'completion-date',
};

let summaryKeyCache = null;
function summaryKeys(type) {
	if (!summaryKeyCache) {
		summaryKeyCache = {};
		const { v30 } = schemas();
		for (const t of Object.values(ITEM_TYPES)) {
			if (!t.activity) continue;
			const decl = v30.root(`${t.type}:${t.type}-summary`);
			summaryKeyCache[t.type] = new Set(v30.content(decl).children.map((c) => c.name));
		}
	}
	return summaryKeyCache[type];
}

/**
 * Reader of a request: api 'public' | 'member'; clientId; scopes (expanded); orcid the token is
 * for (null for two-legged and anonymous).
 */
function hasScope(viewer, scope) {
	return !!viewer.scopes && viewer.scopes.has(scope);
}

function sourceClientId(item) {
	return item.source && item.source.clientId;
}

/** null when visible, else the ORCID error code a single read of it gets. */
function visibilityError(viewer, rec, item) {
	if (item.visibility === 'public') return null;
	if (viewer.api === 'public') return 9039;
	if (viewer.clientId && sourceClientId(item) === viewer.clientId) return null;
	if (item.visibility === 'private') return 9013;
	const scope =
		ITEM_TYPES[item.type] && ITEM_TYPES[item.type].kind === 'person'
			? '/person/read-limited'
			: '/activities/read-limited';
	if (viewer.orcid === rec.orcid && hasScope(viewer, scope)) return null;
	return 9038;
}

function canSee(viewer, rec, item) {
	return visibilityError(viewer, rec, item) === null;
}

function hostOf(env, ctx) {
	if (env === 'production') return 'orcid.org';
	if (env === 'sandbox') return 'sandbox.orcid.org';
	return ctx.recordHost;
}

function orcidIdentifier(ctx, orcid) {
	return { uri: `https://${ctx.recordHost}/${orcid}`, path: orcid, host: ctx.recordHost };
}

function renderSource(ctx, item) {
	const s = item.source || {};
	if (s.raw) return s.raw;
	if (s.clientId) {
		const client = ctx.state.clients.get(s.clientId);
		const host = hostOf(client && client.environment, ctx);
		return {
			'source-orcid': null,
			'source-client-id': { uri: `https://${host}/client/${s.clientId}`, path: s.clientId, host },
			'source-name': { value: s.name || (client && client.name) || s.clientId },
			'assertion-origin-orcid': null,
			'assertion-origin-client-id': null,
			'assertion-origin-name': null,
		};
	}
	return {
		'source-orcid': s.orcid ? orcidIdentifier(ctx, s.orcid) : null,
		'source-client-id': null,
		'source-name': s.name ? { value: s.name } : null,
		'assertion-origin-orcid': null,
		'assertion-origin-client-id': null,
		'assertion-origin-name': null,
	};
}

function normaliseIdsIn(ids) {
	if (!ids || !Array.isArray(ids['external-id'])) return ids;
	return { ...ids, 'external-id': ids['external-id'].map(withNormalized) };
}

/** The full item as ORCID returns it on GET /{orcid}/{section}/{put-code}. */
function renderItem(ctx, rec, item) {
	const t = ITEM_TYPES[item.type];
	const data = { ...item.data };
	if (item.type === 'work' || t.kind === 'affiliation' || item.type === 'funding') {
		if (data['external-ids']) data['external-ids'] = normaliseIdsIn(data['external-ids']);
	}
	if (item.type === 'peer-review' && data['review-identifiers']) {
		data['review-identifiers'] = normaliseIdsIn(data['review-identifiers']);
	}
	if (item.type === 'work' && data.contributors) {
		// contributor emails are write-only
		data.contributors = {
			contributor: (data.contributors.contributor || []).map((c) => {
				const copy = { ...c };
				delete copy['contributor-email'];
				return copy;
			}),
		};
	}
	const out = {
		'created-date': { value: item.created },
		'last-modified-date': { value: item.lastModified },
		source: renderSource(ctx, item),
		...data,
		'put-code': item.putCode,
		path: `/${rec.orcid}/${t.section}/${item.putCode}`,
		visibility: item.visibility,
		'display-index': item.displayIndex,
	};
	return out;
}

// A read renders every summary of a record, most of them unchanged since the last read; each is
// kept with its item and rendered again only when something it shows has changed. Summaries are
// shared between reads, so nothing may change them.
const summaryMemo = new WeakMap();

// what a rendered summary depends on, one value each (s: the item's source, client: its client)
const SUMMARY_INPUTS = [
	(ctx, rec, item) => item.data,
	(ctx, rec, item) => item.lastModified,
	(ctx, rec, item) => item.visibility,
	(ctx, rec, item) => item.displayIndex,
	(ctx, rec, item, s) => s,
	(ctx, rec, item, s) => s.raw,
	(ctx, rec, item, s) => s.clientId,
	(ctx, rec, item, s) => s.name,
	(ctx, rec, item, s) => s.orcid,
	(ctx, rec, item, s, client) => client,
	(ctx, rec, item, s, client) => client && client.name,
	(ctx, rec, item, s, client) => client && client.environment,
	(ctx, rec) => rec.orcid,
	(ctx) => ctx.recordHost,
];

function clientOf(ctx, s) {
	return s.clientId ? ctx.state.clients.get(s.clientId) : null;
}

function summaryInputs(ctx, rec, item) {
	const s = item.source || {};
	const client = clientOf(ctx, s);
	return SUMMARY_INPUTS.map((input) => input(ctx, rec, item, s, client));
}

// the same comparison without building the list, so that a read of an unchanged summary
// allocates nothing
function sameInputs(known, ctx, rec, item) {
	const s = item.source || {};
	const client = clientOf(ctx, s);
	return SUMMARY_INPUTS.every((input, i) => known[i] === input(ctx, rec, item, s, client));
}

function renderSummary(ctx, rec, item) {
	const known = summaryMemo.get(item);
	if (known && sameInputs(known.inputs, ctx, rec, item)) return known.summary;
	const keys = summaryKeys(item.type);
	const full = renderItem(ctx, rec, item);
	const out = {};
	for (const [k, v] of Object.entries(full)) {
		const key = item.type === 'peer-review' ? PEER_REVIEW_SUMMARY_RENAMES[k] || k : k;
		if (keys.has(key) || ['put-code', 'path', 'visibility', 'display-index'].includes(key)) {
			out[key] = v;
		}
	}
	out['display-index'] = String(item.displayIndex ?? '0');
	summaryMemo.set(item, { inputs: summaryInputs(ctx, rec, item), summary: out });
	return out;
}

// a record's items by type in put-code order, kept until the record changes (rec.version)
const byTypeMemo = new WeakMap();

function itemsByType(rec) {
	const known = byTypeMemo.get(rec);
	if (known && known.version === rec.version) return known.byType;
	const byType = new Map();
	for (const item of rec.items.values()) {
		if (!byType.has(item.type)) byType.set(item.type, []);
		byType.get(item.type).push(item);
	}
	for (const list of byType.values()) list.sort((a, b) => a.putCode - b.putCode);
	byTypeMemo.set(rec, { version: rec.version, byType });
	return byType;
}

function maxModified(items) {
	let m = null;
	for (const i of items) if (m === null || i.lastModified > m) m = i.lastModified;
	return m === null ? null : { value: m };
}

/** Groups items that share a self or version-of identifier (union-find). */
function groupByExternalIds(items) {
	const parent = items.map((_, i) => i);
	const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
	const owner = new Map();
	items.forEach((item, i) => {
		for (const id of externalIdsOf(item.type, item.data)) {
			const rel = id['external-id-relationship'];
			if (rel === 'part-of' || rel === 'funded-by') continue;
			const key = externalIdKey(id, item.type !== 'funding');
			if (owner.has(key)) parent[find(i)] = find(owner.get(key));
			else owner.set(key, i);
		}
	});
	const groups = new Map();
	items.forEach((item, i) => {
		const root = find(i);
		if (!groups.has(root)) groups.set(root, []);
		groups.get(root).push(item);
	});
	return [...groups.values()];
}

function groupExternalIds(items) {
	const seen = new Set();
	const ids = [];
	for (const item of items) {
		for (const id of externalIdsOf(item.type, item.data)) {
			const rel = id['external-id-relationship'];
			if (rel === 'part-of' || rel === 'funded-by') continue;
			const key = externalIdKey(id, item.type !== 'funding');
			if (seen.has(key)) continue;
			seen.add(key);
			ids.push(item.type === 'funding' ? id : withNormalized(id));
		}
	}
	return { 'external-id': ids };
}

function sortSummaries(items) {
	return [...items].sort((a, b) => b.lastModified - a.lastModified || a.putCode - b.putCode);
}

/** A section list, e.g. GET /{orcid}/works, as ORCID groups it. */
function renderSection(ctx, rec, viewer, typeName) {
	const t = ITEM_TYPES[typeName];
	const items = (itemsByType(rec).get(typeName) || []).filter((i) => canSee(viewer, rec, i));
	const path = `/${rec.orcid}/${t.list}`;
	if (t.kind === 'person') {
		const key = t.type;
		return {
			'last-modified-date': maxModified(items),
			[key]: sortSummaries(items).map((i) => renderItem(ctx, rec, i)),
			path,
		};
	}
	if (t.kind === 'affiliation') {
		return {
			'last-modified-date': maxModified(items),
			'affiliation-group': groupByExternalIds(orderAffiliations(items)).map((g) => ({
				'last-modified-date': maxModified(g),
				'external-ids': groupExternalIds(g),
				summaries: orderAffiliationGroup(g).map((i) => ({
					[`${typeName}-summary`]: renderSummary(ctx, rec, i),
				})),
			})),
			path,
		};
	}
	if (t.kind === 'peer-review') {
		const byGroup = new Map();
		for (const i of items) {
			const gid = i.data['review-group-id'];
			if (!byGroup.has(gid)) byGroup.set(gid, []);
			byGroup.get(gid).push(i);
		}
		return {
			'last-modified-date': maxModified(items),
			group: [...byGroup.entries()].map(([gid, g]) => ({
				'last-modified-date': maxModified(g),
				'external-ids': {
					'external-id': [
						{
							'external-id-type': 'peer-review',
							'external-id-value': gid,
							'external-id-normalized': null,
							'external-id-normalized-error': null,
							'external-id-url': null,
							'external-id-relationship': null,
						},
					],
				},
				'peer-review-group': groupByExternalIds(g).map((dups) => ({
					'last-modified-date': maxModified(dups),
					'external-ids': groupExternalIds(dups),
					'peer-review-summary': sortSummaries(dups).map((i) => renderSummary(ctx, rec, i)),
				})),
			})),
			path,
		};
	}
	const groups =
		typeName === 'work'
			? orderWorkGroups(groupByExternalIds(items))
			: groupByExternalIds(items).map(sortSummaries);
	return {
		'last-modified-date': maxModified(items),
		group: groups.map((g) => ({
			'last-modified-date': maxModified(g),
			'external-ids': groupExternalIds(g),
			[`${typeName}-summary`]: g.map((i) => renderSummary(ctx, rec, i)),
		})),
		path,
	};
}

const ACTIVITY_SECTIONS = [
	'distinction',
	'education',
	'employment',
	'funding',
	'invited-position',
	'membership',
	'peer-review',
	'qualification',
	'research-resource',
	'service',
	'work',
];

function renderActivities(ctx, rec, viewer) {
	const out = { 'last-modified-date': null };
	let last = null;
	for (const type of ACTIVITY_SECTIONS) {
		const s = renderSection(ctx, rec, viewer, type);
		out[ITEM_TYPES[type].list] = s;
		if (s['last-modified-date'] && (!last || s['last-modified-date'].value > last)) {
			last = s['last-modified-date'].value;
		}
	}
	out['last-modified-date'] = last === null ? null : { value: last };
	out.path = `/${rec.orcid}/activities`;
	return out;
}

function nameVisible(viewer, rec, visibility) {
	if (visibility === 'public') return true;
	if (viewer.api === 'public') return false;
	return (
		visibility !== 'private' &&
		viewer.orcid === rec.orcid &&
		hasScope(viewer, '/person/read-limited')
	);
}

function renderName(ctx, rec, viewer) {
	const p = rec.profile;
	if (!nameVisible(viewer, rec, p.nameVisibility)) return null;
	return {
		'created-date': { value: p.created },
		'last-modified-date': { value: p.created },
		'given-names': p.givenNames ? { value: p.givenNames } : null,
		'family-name': p.familyName ? { value: p.familyName } : null,
		'credit-name': p.creditName ? { value: p.creditName } : null,
		source: null,
		visibility: p.nameVisibility,
		path: rec.orcid,
	};
}

function renderBiography(ctx, rec, viewer) {
	const b = rec.profile.biography;
	if (!b || !nameVisible(viewer, rec, b.visibility)) return null;
	return {
		'created-date': { value: rec.profile.created },
		'last-modified-date': { value: rec.profile.created },
		content: b.content,
		visibility: b.visibility,
		path: `/${rec.orcid}/biography`,
	};
}

function renderEmails(ctx, rec, viewer) {
	const emails = rec.profile.emails.filter((e) => nameVisible(viewer, rec, e.visibility));
	return {
		'last-modified-date': emails.length ? { value: rec.profile.created } : null,
		email: emails.map((e) => ({
			'created-date': { value: rec.profile.created },
			'last-modified-date': { value: rec.profile.created },
			source: {
				'source-orcid': orcidIdentifier(ctx, rec.orcid),
				'source-client-id': null,
				'source-name': null,
				'assertion-origin-orcid': null,
				'assertion-origin-client-id': null,
				'assertion-origin-name': null,
			},
			email: e.email,
			path: null,
			visibility: e.visibility,
			verified: e.verified,
			primary: e.primary,
			'put-code': null,
		})),
		path: `/${rec.orcid}/email`,
	};
}

function renderPersonalDetails(ctx, rec, viewer) {
	const other = renderSection(ctx, rec, viewer, 'other-name');
	const name = renderName(ctx, rec, viewer);
	return {
		'last-modified-date': other['last-modified-date'] || (name && name['last-modified-date']),
		name,
		'other-names': other,
		biography: renderBiography(ctx, rec, viewer),
		path: `/${rec.orcid}/personal-details`,
	};
}

function renderPerson(ctx, rec, viewer) {
	const sections = {
		'other-names': renderSection(ctx, rec, viewer, 'other-name'),
		'researcher-urls': renderSection(ctx, rec, viewer, 'researcher-url'),
		emails: renderEmails(ctx, rec, viewer),
		addresses: renderSection(ctx, rec, viewer, 'address'),
		keywords: renderSection(ctx, rec, viewer, 'keyword'),
		'external-identifiers': renderSection(ctx, rec, viewer, 'external-identifier'),
	};
	let last = null;
	for (const s of Object.values(sections)) {
		const v = s['last-modified-date'] && s['last-modified-date'].value;
		if (v && (!last || v > last)) last = v;
	}
	return {
		'last-modified-date': last ? { value: last } : null,
		name: renderName(ctx, rec, viewer),
		'other-names': sections['other-names'],
		biography: renderBiography(ctx, rec, viewer),
		'researcher-urls': sections['researcher-urls'],
		emails: sections.emails,
		addresses: sections.addresses,
		keywords: sections.keywords,
		'external-identifiers': sections['external-identifiers'],
		path: `/${rec.orcid}/person`,
	};
}

function renderRecord(ctx, rec, viewer) {
	return {
		'orcid-identifier': orcidIdentifier(ctx, rec.orcid),
		preferences: { locale: rec.profile.locale || 'en' },
		history: {
			'creation-method': 'DIRECT',
			'completion-date': null,
			'submission-date': { value: rec.profile.created },
			'last-modified-date': { value: rec.lastModified },
			claimed: true,
			source: null,
			'deactivation-date': rec.profile.deactivationDate
				? { value: rec.profile.deactivationDate }
				: null,
			'verified-email': true,
			'verified-primary-email': true,
		},
		person: renderPerson(ctx, rec, viewer),
		'activities-summary': renderActivities(ctx, rec, viewer),
		path: `/${rec.orcid}`,
	};
}

module.exports = {
	renderItem,
	renderSummary,
	renderSection,
	renderActivities,
	renderPerson,
	renderRecord,
	renderName,
	renderBiography,
	renderEmails,
	renderPersonalDetails,
	renderSource,
	visibilityError,
	canSee,
	hasScope,
	orcidIdentifier,
	hostOf,
	AFFILIATIONS,
};

'use strict';
// Seeding a record from an ORCID v3.0 record JSON (as GET /{orcid}/record returns it): the person
// and every activity summary become items that keep their put codes, sources, visibility and
// dates.

const { ITEM_TYPES, AFFILIATIONS, SYSTEM_FIELDS } = require('./model');

function stripReadOnly(value) {
	if (Array.isArray(value)) return value.map(stripReadOnly);
	if (!value || typeof value !== 'object') return value;
	const out = {};
	for (const [k, v] of Object.entries(value)) {
		if (v === null || v === undefined) continue;
		if (k === 'external-id-normalized' || k === 'external-id-normalized-error') continue;
		out[k] = stripReadOnly(v);
	}
	return out;
}

function sourceOf(raw) {
	if (!raw) return { clientId: null, orcid: null, name: null };
	const client = raw['source-client-id'];
	const orcid = raw['source-orcid'];
	return {
		clientId: client ? client.path : null,
		orcid: orcid ? orcid.path : null,
		name: raw['source-name'] ? raw['source-name'].value : null,
		raw,
	};
}

function toItem(type, summary) {
	const data = {};
	for (const [k, v] of Object.entries(summary)) {
		if (SYSTEM_FIELDS.includes(k) || v === null) continue;
		data[k] = v;
	}
	if (type === 'peer-review') {
		if (data['external-ids']) {
			data['review-identifiers'] = data['external-ids'];
			delete data['external-ids'];
		}
		if (data['completion-date']) {
			data['review-completion-date'] = data['completion-date'];
			delete data['completion-date'];
		}
	}
	const dates = (k) => (summary[k] && summary[k].value) || undefined;
	return {
		data: stripReadOnly(data),
		putCode: summary['put-code'],
		visibility: summary.visibility || 'public',
		created: dates('created-date'),
		lastModified: dates('last-modified-date'),
		displayIndex: summary['display-index'] ?? (ITEM_TYPES[type].kind === 'person' ? 0 : '0'),
		source: sourceOf(summary.source),
	};
}

/** Collects [type, summary] pairs from a record JSON. */
function collect(record) {
	const out = [];
	const person = record.person || {};
	const personLists = [
		['other-name', person['other-names'], 'other-name'],
		['keyword', person.keywords, 'keyword'],
		['researcher-url', person['researcher-urls'], 'researcher-url'],
		['external-identifier', person['external-identifiers'], 'external-identifier'],
		['address', person.addresses, 'address'],
	];
	for (const [type, section, key] of personLists) {
		for (const item of (section && section[key]) || []) out.push([type, item]);
	}
	const acts = record['activities-summary'] || {};
	for (const type of AFFILIATIONS) {
		const section = acts[ITEM_TYPES[type].list];
		for (const group of (section && section['affiliation-group']) || []) {
			for (const s of group.summaries || []) {
				if (s[`${type}-summary`]) out.push([type, s[`${type}-summary`]]);
			}
		}
	}
	for (const type of ['work', 'funding', 'research-resource']) {
		const section = acts[ITEM_TYPES[type].list];
		for (const group of (section && section.group) || []) {
			for (const s of group[`${type}-summary`] || []) out.push([type, s]);
		}
	}
	const reviews = acts['peer-reviews'];
	for (const group of (reviews && reviews.group) || []) {
		for (const inner of group['peer-review-group'] || []) {
			for (const s of inner['peer-review-summary'] || []) out.push(['peer-review', s]);
		}
	}
	return out;
}

/** Replaces the record of `orcid` with the contents of an ORCID record JSON. */
function seedRecord(state, orcid, record, extra = {}) {
	const person = record.person || {};
	const name = person.name || {};
	const emails = ((person.emails && person.emails.email) || []).map((e) => ({
		email: e.email,
		visibility: e.visibility || 'private',
		primary: !!e.primary,
		verified: e.verified !== false,
	}));
	const existing = state.record(orcid);
	const rec = state.addResearcher({
		...(existing ? existing.profile : {}),
		orcid,
		givenNames: name['given-names'] ? name['given-names'].value : null,
		familyName: name['family-name'] ? name['family-name'].value : null,
		creditName: name['credit-name'] ? name['credit-name'].value : null,
		nameVisibility: name.visibility || 'public',
		biography: person.biography ? person.biography.content : null,
		biographyVisibility: person.biography ? person.biography.visibility : undefined,
		locale: record.preferences && record.preferences.locale,
		...extra,
	});
	rec.profile.emails = emails;
	const history = record.history || {};
	if (history['submission-date'] && history['submission-date'].value) {
		rec.profile.created = history['submission-date'].value;
	}
	rec.items.clear();
	let count = 0;
	for (const [type, summary] of collect(record)) {
		const it = toItem(type, summary);
		state.addItem(rec, type, it.data, it.source, it);
		count += 1;
	}
	state.changed(orcid);
	return { orcid, items: count };
}

module.exports = { seedRecord };

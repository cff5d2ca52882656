'use strict';
// ORCID's item types, their enumerations and the rules ORCID's server applies after schema
// validation (orcid-core ActivityValidator / ExternalIDValidator, v3).
// Its own copy of ORCID's enumerations, on purpose: the emulator is an independent oracle for
// the nodes (nodes/shared/orcid/model/enums.ts), so a wrong value in one is caught by the other.

const { api } = require('./errors');

const AFFILIATIONS = [
	'distinction',
	'education',
	'employment',
	'invited-position',
	'membership',
	'qualification',
	'service',
];

/**
 * Item types. `section` is the singular path segment (POST/PUT/DELETE, single GET), `list` the
 * plural one (section GET), `kind` how the section list groups them.
 */
const ITEM_TYPES = {};
function defineType(type, props) {
	ITEM_TYPES[type] = { type, ...props };
}
defineType('work', { section: 'work', list: 'works', kind: 'group', activity: true });
defineType('funding', { section: 'funding', list: 'fundings', kind: 'group', activity: true });
for (const a of AFFILIATIONS) {
	defineType(a, { section: a, list: `${a}s`, kind: 'affiliation', activity: true });
}
defineType('peer-review', {
	section: 'peer-review',
	list: 'peer-reviews',
	kind: 'peer-review',
	activity: true,
});
defineType('research-resource', {
	section: 'research-resource',
	list: 'research-resources',
	kind: 'group',
	activity: true,
});
// person items: the item path and the list path are the same segment
defineType('other-name', {
	section: 'other-names',
	list: 'other-names',
	kind: 'person',
	listRoot: 'other-name:other-names',
});
defineType('keyword', {
	section: 'keywords',
	list: 'keywords',
	kind: 'person',
	listRoot: 'keyword:keywords',
});
defineType('researcher-url', {
	section: 'researcher-urls',
	list: 'researcher-urls',
	kind: 'person',
	listRoot: 'researcher-url:researcher-urls',
});
defineType('external-identifier', {
	section: 'external-identifiers',
	list: 'external-identifiers',
	kind: 'person',
	listRoot: 'external-identifier:external-identifiers',
});
defineType('address', {
	section: 'address',
	list: 'address',
	kind: 'person',
	listRoot: 'address:addresses',
	listKey: 'addresses',
});

/** Fields ORCID sets itself on every item; never part of what a client sends. */
const SYSTEM_FIELDS = [
	'put-code',
	'path',
	'visibility',
	'display-index',
	'created-date',
	'last-modified-date',
	'source',
];

const BY_SECTION = new Map();
const BY_LIST = new Map();
for (const t of Object.values(ITEM_TYPES)) {
	BY_SECTION.set(t.section, t);
	BY_LIST.set(t.list, t);
}

const WORK_TYPES = [
	'annotation',
	'artistic-performance',
	'blog-post',
	'book-chapter',
	'book-review',
	'book',
	'cartographic-material',
	'clinical-study',
	'conference-abstract',
	'conference-output',
	'conference-paper',
	'conference-poster',
	'conference-presentation',
	'conference-proceedings',
	'data-management-plan',
	'data-set',
	'design',
	'dictionary-entry',
	'disclosure',
	'dissertation-thesis',
	'edited-book',
	'encyclopedia-entry',
	'image',
	'invention',
	'journal-article',
	'journal-issue',
	'learning-object',
	'lecture-speech',
	'license',
	'magazine-article',
	'manual',
	'moving-image',
	'musical-composition',
	'newsletter-article',
	'newspaper-article',
	'online-resource',
	'other',
	'patent',
	'physical-object',
	'preprint',
	'public-speech',
	'registered-copyright',
	'report',
	'research-technique',
	'research-tool',
	'review',
	'software',
	'sound',
	'spin-off-company',
	'standards-and-policy',
	'supervised-student-publication',
	'technical-standard',
	'test',
	'trademark',
	'transcription',
	'translation',
	'website',
	'working-paper',
	'undefined',
];
const RELATIONSHIPS = ['self', 'part-of', 'version-of', 'funded-by'];
const FUNDING_TYPES = ['grant', 'contract', 'award', 'salary-award'];
const PEER_REVIEW_TYPES = ['review', 'evaluation'];
const PEER_REVIEW_ROLES = ['reviewer', 'editor', 'member', 'chair', 'organizer'];
// PeerReviewSubjectType (orcid-model PeerReview.java)
const PEER_REVIEW_SUBJECT_TYPES = [...WORK_TYPES, ...FUNDING_TYPES, 'research-resource-proposal'];
const CITATION_TYPES = [
	'formatted-unspecified',
	'bibtex',
	'formatted-apa',
	'formatted-harvard',
	'formatted-ieee',
	'formatted-mla',
	'formatted-vancouver',
	'formatted-chicago',
	'ris',
];
const CONTRIBUTOR_ROLES = [
	'author',
	'assignee',
	'editor',
	'chair-or-translator',
	'co-investigator',
	'co-inventor',
	'graduate-student',
	'other-inventor',
	'principal-investigator',
	'postdoctoral-researcher',
	'support-staff',
];
const FUNDING_CONTRIBUTOR_ROLES = ['lead', 'co-lead', 'supported-by', 'other-contribution'];
const CREDIT_ROLES = [
	'conceptualization',
	'data-curation',
	'formal-analysis',
	'funding-acquisition',
	'investigation',
	'methodology',
	'project-administration',
	'resources',
	'software',
	'supervision',
	'validation',
	'visualization',
	'writing-original-draft',
	'writing-review-editing',
].map((r) => `http://credit.niso.org/contributor-roles/${r}/`);
const SEQUENCES = ['first', 'additional'];
const RESOURCE_TYPES = ['infrastructures', 'collections', 'equipment', 'services'];
const DISAMBIGUATION_SOURCES = ['RINGGOLD', 'FUNDREF', 'ROR', 'GRID'];
// external identifier types ORCID accepts on activities (the /v3.0/identifiers list)
const EXTERNAL_ID_TYPES = new Set([
	'agr',
	'ark',
	'arxiv',
	'asin',
	'asin-tld',
	'authenticusid',
	'bibcode',
	'cba',
	'cgn',
	'cienciaiul',
	'cit',
	'cstr',
	'ctx',
	'dnb',
	'doi',
	'eid',
	'emdb',
	'empiar',
	'ethos',
	'grant_number',
	'handle',
	'hir',
	'isbn',
	'ismn',
	'issn',
	'jfm',
	'jstor',
	'k10plus',
	'kuid',
	'lccn',
	'lensid',
	'mr',
	'oclc',
	'ol',
	'osti',
	'other-id',
	'pat',
	'pdb',
	'pmc',
	'pmid',
	'ppr',
	'proposal-id',
	'raid',
	'rfc',
	'rrid',
	'source-work-id',
	'ssrn',
	'uri',
	'urn',
	'wosuid',
	'zbl',
]);
// types compared as written (everything else is compared case-insensitively)
const CASE_SENSITIVE_TYPES = new Set(['bibcode', 'ethos', 'ol', 'source-work-id', 'other-id']);

// ---------- external identifier normalisation (PIDNormalizationService) ----------

function normaliseExternalId(type, value) {
	if (value === null || value === undefined) return '';
	let v = String(value);
	if (!EXTERNAL_ID_TYPES.has(type)) return v;
	if (!CASE_SENSITIVE_TYPES.has(type)) v = v.toLowerCase();
	let m;
	switch (type) {
		case 'doi':
			m = /(10(\.[0-9a-zA-Z]+)+\/(?:(?!["&'])\S)+)/.exec(v);
			return m ? m[1] : '';
		case 'issn':
			m = /(?:^|[^\d])(\d{4} ?[-–]? ?\d{3}[\dXx])(?:$|[^-\d])/.exec(v);
			if (!m) return '';
			v = m[1].replace(/[ \-–]/g, '').toUpperCase();
			return `${v.slice(0, 4)}-${v.slice(4, 8)}`;
		case 'isbn':
			m = /([0-9][-0-9 ]{8,15}[0-9xX])(?:$|[^0-9])/.exec(v);
			if (!m) return '';
			v = m[1].replace(/[- ]/g, '').toUpperCase();
			return v.length === 10 || v.length === 13 ? v : '';
		case 'pmid':
			m =
				/(?:^\s*|PMID:?\s*|pubmed\/|med\/|pubmed.ncbi.nlm.nih.gov\/)(\d+)(?:$|[^a-zA-Z0-9.-])/i.exec(
					v,
				);
			return m ? m[1] : '';
		case 'pmc':
			m = /(?:^|[^a-z0-9])(?:pmc)?(\d+)(?:$|[^0-9])/i.exec(v);
			return m ? `PMC${m[1]}` : '';
		case 'arxiv':
			m = /(?:arxiv:)?(\d{4}\.\d{4,5}(v\d)?|[\w.-]+\/\d{7}(v\d)?)\b/i.exec(v);
			return m ? `arXiv:${m[1]}` : '';
		default:
			return v.trim();
	}
}

// Reads and duplicate checks ask for the same identifiers' keys again and again; an identifier
// object is never changed in place (an update replaces the item's data), so its answers are kept
// with it.
const keyMemo = new WeakMap();
const normalizedMemo = new WeakMap();

/** The key two external ids are equal under (type + normalised value, else raw value). */
function externalIdKey(id, normalise = true) {
	let memo = keyMemo.get(id);
	if (!memo) keyMemo.set(id, (memo = {}));
	const slot = normalise ? 'n' : 'raw';
	if (memo[slot] === undefined) {
		const type = id['external-id-type'];
		const raw = id['external-id-value'];
		const n = normalise ? normaliseExternalId(type, raw) : '';
		memo[slot] = `${type}|${n || raw}`;
	}
	return memo[slot];
}

/**
 * Adds external-id-normalized (or -error) to a copy of an external id, as reads show them. The
 * copy is shared by every read of the id, so it must not be changed.
 */
function withNormalized(id) {
	const type = id['external-id-type'];
	if (!EXTERNAL_ID_TYPES.has(type)) return id;
	const known = normalizedMemo.get(id);
	if (known) return known;
	const n = normaliseExternalId(type, id['external-id-value']);
	const out = { ...id };
	delete out['external-id-normalized'];
	delete out['external-id-normalized-error'];
	if (n) {
		out['external-id-normalized'] = { value: n, transient: true };
	} else {
		out['external-id-normalized-error'] = {
			'error-code': '8001',
			'error-message': `Cannot normalize identifier value ${type}:${id['external-id-value']}`,
			transient: true,
		};
	}
	normalizedMemo.set(id, out);
	return out;
}

// ---------- business validation ----------

const val = (v) => (v && typeof v === 'object' ? v.value : v);

function enumCheck(value, allowed, enumName) {
	if (value === undefined || value === null) return;
	if (!allowed.includes(value)) throw api(400, 9051, { value, enum: enumName });
}

function externalIdsOf(type, data) {
	let ids;
	if (type === 'peer-review') ids = data['review-identifiers'];
	else if (type === 'research-resource') ids = data.proposal && data.proposal['external-ids'];
	else ids = data['external-ids'];
	return (ids && ids['external-id']) || [];
}

function checkExternalIds(type, ids, { requireSelf }) {
	const errors = [];
	let self = false;
	let versionOf = false;
	for (const id of ids) {
		if (!EXTERNAL_ID_TYPES.has(id['external-id-type'])) errors.push(id['external-id-type']);
		if (!id['external-id-value']) errors.push('value');
		if (!id['external-id-relationship']) errors.push('relationship');
		else enumCheck(id['external-id-relationship'], RELATIONSHIPS, 'Relationship');
		if (id['external-id-relationship'] === 'self') self = true;
		if (id['external-id-relationship'] === 'version-of') versionOf = true;
	}
	if (requireSelf && !self)
		errors.push("At least one identifier with 'self' relationship is required");
	if (type === 'peer-review' && versionOf && !self) {
		errors.push('version-of requires at least one self identifier');
	}
	if (errors.length) {
		throw api(400, 9023, null, `Invalid external-id  ${errors.join(' ')}`.replace('  ', ' '));
	}
}

function fuzzyParts(d) {
	if (!d) return null;
	return { year: val(d.year), month: val(d.month), day: val(d.day) };
}

function validateFuzzyDate(d) {
	const p = fuzzyParts(d);
	if (!p) return;
	const text = [p.year, p.month, p.day].filter((x) => x).join('-');
	const bad = () => api(400, 9049, { dateString: text });
	if (!p.year && (p.month || p.day)) throw bad();
	if (p.day && !p.month) throw bad();
	if (p.year && !/^\d{4}$/.test(p.year)) throw bad();
	if (p.month && (!/^\d{2}$/.test(p.month) || +p.month < 1 || +p.month > 12)) throw bad();
	if (p.day) {
		if (!/^\d{2}$/.test(p.day)) throw bad();
		const days = new Date(Date.UTC(+p.year, +p.month, 0)).getUTCDate();
		if (+p.day < 1 || +p.day > days) throw bad();
	}
}

function compareFuzzy(a, b) {
	const pa = fuzzyParts(a);
	const pb = fuzzyParts(b);
	for (const k of ['year', 'month', 'day']) {
		if (!pa[k] || !pb[k]) return 0;
		if (+pa[k] !== +pb[k]) return +pa[k] - +pb[k];
	}
	return 0;
}

function checkDisambiguatedOrg(org) {
	if (!org) throw api(400, 9046);
	const d = org['disambiguated-organization'];
	if (!d || !d['disambiguated-organization-identifier']) throw api(400, 9045);
	if (!DISAMBIGUATION_SOURCES.includes(d['disambiguation-source'])) {
		throw api(400, 9045, null, `Invalid disambiguation source: ${d['disambiguation-source']}`);
	}
}

function checkContributorRoles(contributors, allowed) {
	for (const c of (contributors && contributors.contributor) || []) {
		const attrs = c['contributor-attributes'] || {};
		const role = attrs['contributor-role'];
		if (role && !allowed.includes(role)) {
			throw api(400, 9058, { role, validRoles: allowed.join(', ') });
		}
		enumCheck(attrs['contributor-sequence'], SEQUENCES, 'SequenceType');
		const orcid = c['contributor-orcid'];
		if (orcid && orcid.path && !/^(\d{4}-){3}\d{3}[\dX]$/.test(orcid.path)) {
			throw api(400, 9020, null, 'Invalid contributor ORCID');
		}
	}
}

function checkTranslatedTitle(title) {
	const tt = title && title['translated-title'];
	if (tt && tt.value && !tt['language-code']) {
		throw api(400, 9037, {
			type: 'translated title -> language code',
			values: 'the ISO 639 language codes',
		});
	}
}

/**
 * ORCID's checks after the schema check. `data` is the normalised JSON of the item.
 * Throws OrcidApiError.
 */
function validateItem(type, data) {
	const t = ITEM_TYPES[type];
	if (type === 'work') {
		const title = data.title;
		if (!title || !val(title.title)) throw api(400, 9022);
		checkTranslatedTitle(title);
		if (data.type === undefined) {
			throw api(400, 9037, { type: 'work type', values: WORK_TYPES.join(', ') });
		}
		enumCheck(data.type, WORK_TYPES, 'WorkType');
		if (data.citation) {
			enumCheck(data.citation['citation-type'], CITATION_TYPES, 'CitationType');
			if (!data.citation['citation-value']) {
				throw api(400, 9020, null, 'Please specify a citation or remove the parent tag');
			}
		}
		validateFuzzyDate(data['publication-date']);
		const ids = externalIdsOf(type, data);
		if (!ids.length) throw api(400, 9023);
		checkExternalIds(type, ids, { requireSelf: true });
		checkContributorRoles(data.contributors, [...CONTRIBUTOR_ROLES, ...CREDIT_ROLES]);
		return;
	}
	if (type === 'funding') {
		if (!data.title || !val(data.title.title)) throw api(400, 9022);
		checkTranslatedTitle(data.title);
		enumCheck(data.type, FUNDING_TYPES, 'FundingType');
		const ids = externalIdsOf(type, data);
		if (!ids.length) throw api(400, 9023);
		checkExternalIds(type, ids, { requireSelf: false });
		if (data.amount) {
			const a = data.amount;
			if (a.value && !a['currency-code']) {
				throw api(400, 9020, null, 'Please specify a currency code');
			}
			if (a.value !== undefined && Number.isNaN(Number(String(a.value).replace(/,/g, '')))) {
				throw api(400, 9054);
			}
		}
		checkDisambiguatedOrg(data.organization);
		validateFuzzyDate(data['end-date']);
		validateFuzzyDate(data['start-date']);
		if (data['end-date'] && !data['start-date']) throw api(400, 9050);
		checkContributorRoles(data.contributors, [...FUNDING_CONTRIBUTOR_ROLES, ...CREDIT_ROLES]);
		return;
	}
	if (AFFILIATIONS.includes(type)) {
		// ORCID-Source: orcid-core/src/main/java/org/orcid/core/manager/v3/validator/ActivityValidator.java
		// (validateAffiliation): since 2025 only education and employment need a disambiguated
		// organization with city and country (9045, 9060); the professional activities need a
		// disambiguated organization OR an external identifier (9062).
		const org = data.organization;
		const address = (org && org.address) || {};
		const ids = externalIdsOf(type, data);
		if (type === 'education' || type === 'employment') {
			checkDisambiguatedOrg(org);
			if (!address.city || !address.country) throw api(400, 9060);
		} else {
			if (!org) throw api(400, 9046);
			const d = org['disambiguated-organization'];
			if (!d && !val(org.name)) throw api(400, 9046);
			if (!(d && d['disambiguated-organization-identifier']) && !ids.length) throw api(400, 9062);
			if (d && d['disambiguated-organization-identifier']) checkDisambiguatedOrg(org);
			if ((address.city || address.region) && !address.country) throw api(400, 9061);
		}
		checkExternalIds(type, ids, { requireSelf: false });
		validateFuzzyDate(data['end-date']);
		validateFuzzyDate(data['start-date']);
		if (
			data['start-date'] &&
			data['end-date'] &&
			compareFuzzy(data['start-date'], data['end-date']) > 0
		) {
			throw api(400, 9055);
		}
		return;
	}
	if (type === 'peer-review') {
		const ids = externalIdsOf(type, data);
		if (!ids.length) throw api(400, 9023);
		enumCheck(data['reviewer-role'], PEER_REVIEW_ROLES, 'Role');
		enumCheck(data['review-type'], PEER_REVIEW_TYPES, 'PeerReviewType');
		enumCheck(data['subject-type'], PEER_REVIEW_SUBJECT_TYPES, 'PeerReviewSubjectType');
		checkExternalIds(type, ids, { requireSelf: false });
		const subject = data['subject-external-identifier'];
		if (subject) checkExternalIds(type, [subject], { requireSelf: false });
		checkDisambiguatedOrg(data['convening-organization']);
		validateFuzzyDate(data['review-completion-date']);
		return;
	}
	if (type === 'research-resource') {
		const proposal = data.proposal || {};
		const ids = externalIdsOf(type, data);
		if (!ids.length) {
			throw api(400, 9023, null, 'Missing external ID in Research Resource Proposal');
		}
		checkExternalIds(type, ids, { requireSelf: false });
		if (!proposal.title || !val(proposal.title.title)) throw api(400, 9022);
		for (const org of (proposal.hosts && proposal.hosts.organization) || [])
			checkDisambiguatedOrg(org);
		validateFuzzyDate(proposal['start-date']);
		validateFuzzyDate(proposal['end-date']);
		if (proposal['end-date'] && !proposal['start-date']) throw api(400, 9050);
		for (const item of data['resource-item'] || []) {
			enumCheck(item['resource-type'], RESOURCE_TYPES, 'ResourceType');
			for (const org of (item.hosts && item.hosts.organization) || []) checkDisambiguatedOrg(org);
		}
		return;
	}
	if (t && t.kind === 'person') {
		if (type === 'external-identifier') {
			if (!data['external-id-type'] || !data['external-id-value']) throw api(400, 9023);
			enumCheck(data['external-id-relationship'], RELATIONSHIPS, 'Relationship');
		}
	}
}

/** A short label of a person item, for 9030 duplicate messages. */
function personItemValue(type, data) {
	switch (type) {
		case 'other-name':
		case 'keyword':
			return data.content;
		case 'researcher-url':
			return val(data.url);
		case 'external-identifier':
			return `${data['external-id-type']}:${data['external-id-value']}`;
		case 'address':
			return val(data.country);
		default:
			return '';
	}
}

module.exports = {
	ITEM_TYPES,
	SYSTEM_FIELDS,
	BY_SECTION,
	BY_LIST,
	AFFILIATIONS,
	WORK_TYPES,
	EXTERNAL_ID_TYPES,
	normaliseExternalId,
	externalIdKey,
	externalIdsOf,
	withNormalized,
	validateItem,
	personItemValue,
	val,
};

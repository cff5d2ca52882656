'use strict';
// /search and /expanded-search over the public parts of the records: a small subset of ORCID's
// Solr syntax: field:value clauses (given-names, family-name, given-and-family-names,
// other-names, email, affiliation-org-name, keyword, orcid), free text, "quoted phrases",
// * wildcards, AND / OR / NOT (OR between bare clauses, as Solr's default).

const { api } = require('./errors');
const { AFFILIATIONS } = require('./model');
const { orcidIdentifier } = require('./views');

function publicDocument(rec) {
	const p = rec.profile;
	const publicItems = (type) =>
		[...rec.items.values()].filter((i) => i.type === type && i.visibility === 'public');
	const namePublic = p.nameVisibility === 'public';
	const orgs = [];
	for (const type of AFFILIATIONS) {
		for (const i of publicItems(type)) {
			if (i.data.organization && i.data.organization.name) orgs.push(i.data.organization.name);
		}
	}
	if (p.affiliation) orgs.push(p.affiliation);
	return {
		orcid: rec.orcid,
		'given-names': namePublic && p.givenNames ? [p.givenNames] : [],
		'family-name': namePublic && p.familyName ? [p.familyName] : [],
		'credit-name': namePublic && p.creditName ? [p.creditName] : [],
		'other-names': publicItems('other-name').map((i) => i.data.content),
		email: p.emails.filter((e) => e.visibility === 'public').map((e) => e.email),
		'affiliation-org-name': [...new Set(orgs)],
		keyword: publicItems('keyword').map((i) => i.data.content),
	};
}

const FIELD_ALIASES = {
	'given-and-family-names': ['given-names', 'family-name'],
	text: [
		'given-names',
		'family-name',
		'credit-name',
		'other-names',
		'affiliation-org-name',
		'keyword',
		'email',
		'orcid',
	],
	'ringgold-org-id': [],
	'grid-org-id': [],
	'ror-org-id': [],
};

function tokenize(q) {
	const tokens = [];
	const s = String(q);
	let i = 0;
	while (i < s.length) {
		if (/\s/.test(s[i])) {
			i += 1;
			continue;
		}
		const op = /^(AND|OR|NOT|&&|\|\|)(?=\s|$)/.exec(s.slice(i));
		if (op) {
			tokens.push({ op: op[1] === '&&' ? 'AND' : op[1] === '||' ? 'OR' : op[1] });
			i += op[0].length;
			continue;
		}
		let prefix = '';
		if (s[i] === '+' || s[i] === '-') {
			prefix = s[i];
			i += 1;
		}
		let field = 'text';
		const f = /^([\w.-]+|\*):/.exec(s.slice(i));
		if (f) {
			field = f[1];
			i += f[0].length;
		}
		let value = '';
		let phrase = false;
		const close = s[i] === '"' ? '"' : s[i] === '(' ? ')' : null;
		if (close) {
			const end = s.indexOf(close, i + 1);
			value = s.slice(i + 1, end < 0 ? undefined : end);
			i = end < 0 ? s.length : end + 1;
			phrase = close === '"';
		} else {
			const m = /^[^\s()]+/.exec(s.slice(i));
			value = m ? m[0] : '';
			i += m ? m[0].length : 1;
		}
		if (value) tokens.push({ prefix, field, value, phrase });
	}
	return tokens;
}

function valueMatches(docValue, query, phrase) {
	const dv = String(docValue).toLowerCase();
	const qv = String(query).toLowerCase();
	if (qv === '*') return dv.length > 0;
	if (phrase) return dv.includes(qv);
	const words = dv.split(/[^\p{L}\p{N}@.*-]+/u).filter((w) => w);
	if (qv.includes('*') || qv.includes('?')) {
		const re = new RegExp(
			'^' +
				qv
					.replace(/[.+^${}()|[\]\\]/g, '\\$&')
					.replace(/\*/g, '.*')
					.replace(/\?/g, '.') +
				'$',
		);
		return re.test(dv) || words.some((w) => re.test(w));
	}
	return dv === qv || words.includes(qv);
}

function clauseMatches(doc, clause) {
	if (clause.value === '*:*' || (clause.field === '*' && clause.value === '*')) return true;
	const fields = FIELD_ALIASES[clause.field] || [clause.field];
	const terms = clause.phrase ? [clause.value] : clause.value.split(/\s+/).filter((t) => t);
	return terms.every((term) =>
		fields.some((f) => {
			if (f === 'orcid')
				return (
					doc.orcid.toLowerCase() === term.toLowerCase() || valueMatches(doc.orcid, term, false)
				);
			return (doc[f] || []).some((v) => valueMatches(v, term, clause.phrase));
		}),
	);
}

function evaluate(doc, tokens) {
	let result = null;
	let op = 'OR';
	let negate = false;
	for (const t of tokens) {
		if (t.op === 'AND' || t.op === 'OR') {
			op = t.op;
			continue;
		}
		if (t.op === 'NOT') {
			negate = true;
			continue;
		}
		let m = clauseMatches(doc, t);
		if (t.prefix === '-' || negate) m = !m;
		const required = t.prefix === '+';
		if (result === null) result = m;
		else if (op === 'AND' || required || t.prefix === '-' || negate) result = result && m;
		else result = result || m;
		op = 'OR';
		negate = false;
	}
	return !!result;
}

function search(ctx, params, expanded, viewer) {
	const q = params.get('q') || '';
	const rowsText = params.get('rows');
	const startText = params.get('start');
	const rows = rowsText === null ? 1000 : Number(rowsText);
	const start = startText === null ? 0 : Number(startText);
	if (!Number.isInteger(rows) || rows < 0 || rows > 1000) {
		throw api(400, 9006, null, 'The rows parameter must be an integer between 0 and 1000');
	}
	if (!Number.isInteger(start) || start < 0) {
		throw api(400, 9006, null, 'The start parameter must be a positive integer');
	}
	if (viewer.anonymous && start > 10000) throw api(400, 9043);
	const tokens = tokenize(q);
	const hits = [];
	for (const rec of ctx.state.records.values()) {
		if (rec.profile.primaryOrcid || rec.profile.deactivated) continue;
		const doc = publicDocument(rec);
		if (tokens.length && evaluate(doc, tokens)) hits.push({ rec, doc });
	}
	const page = hits.slice(start, start + rows);
	if (!expanded) {
		return {
			qname: 'search:search',
			json: {
				result: page.map((h) => ({ 'orcid-identifier': orcidIdentifier(ctx, h.rec.orcid) })),
				'num-found': hits.length,
			},
		};
	}
	return {
		qname: 'expanded-search:expanded-search',
		json: {
			'expanded-result': page.map(({ rec, doc }) => ({
				'orcid-id': rec.orcid,
				'given-names': doc['given-names'][0] || null,
				'family-names': doc['family-name'][0] || null,
				'credit-name': doc['credit-name'][0] || null,
				'other-name': doc['other-names'],
				email: doc.email,
				'institution-name': doc['affiliation-org-name'],
			})),
			'num-found': hits.length,
		},
	};
}

module.exports = { search, tokenize };

'use strict';
// Scope inheritance as ORCID's ScopePathType combines them (orcid-model, message/ScopePathType).

const IMPLIES = {
	'/read-limited': ['/activities/read-limited', '/person/read-limited', '/read-public'],
	'/activities/read-limited': ['/read-public'],
	'/person/read-limited': ['/read-public'],
	'/activities/update': ['/read-public'],
	'/person/update': ['/read-public'],
	'/authenticate': ['/read-public'],
	openid: ['/authenticate', '/read-public'],
	'/group-id-record/update': ['/group-id-record/read'],
};

const cache = new Map();

/** The scopes a token holds, inherited ones included. */
function expandScopes(scopes) {
	const key = scopes.join(' ');
	let set = cache.get(key);
	if (set) return set;
	set = new Set();
	const add = (s) => {
		if (set.has(s)) return;
		set.add(s);
		for (const implied of IMPLIES[s] || []) add(implied);
	};
	for (const s of scopes) add(s);
	cache.set(key, set);
	return set;
}

/** Splits an OAuth scope parameter (space, %20 or + separated). */
function parseScopes(value) {
	return String(value || '')
		.split(/[\s+]+/)
		.map((s) => s.trim())
		.filter((s) => s);
}

module.exports = { expandScopes, parseScopes };

'use strict';
// ORCID JSON <-> ORCID XML, driven by the XSD model (xsd.js).
// ORCID's JSON comes from Jackson over the JAXB classes: text elements whose Java class has an
// @XmlValue are wrapped as {"value": ...}; XML attributes are plain keys; a few containers differ
// (affiliation-group "summaries", bulk entries, research-resource "resource-items").
// Plain values of wrapped fields are accepted too and wrapped (ORCID's own bulk sample writes
// "contributor-email" as a plain string; ORCID's model class wraps it like credit-name).

const { parseSync, schemas } = require('./xsd');

const WRAPPED = new Set([
	'created-date',
	'last-modified-date',
	'submission-date',
	'completion-date',
	'deactivation-date',
	'deprecated-date',
	'verification-date',
	'sent-date',
	'read-date',
	'actioned-date',
	'archived-date',
	'source-name',
	'assertion-origin-name',
	'credit-name',
	'given-names',
	'family-name',
	'title',
	'subtitle',
	'translated-title',
	'journal-title',
	'subject-container-name',
	'url',
	'review-url',
	'subject-url',
	'external-id-url',
	'year',
	'month',
	'day',
	'amount',
	'organization-defined-type',
	'country',
	'external-id-normalized',
	'contributor-email',
]);

const INTEGER_TYPES = new Set([
	'integer',
	'int',
	'long',
	'short',
	'positiveInteger',
	'nonNegativeInteger',
	'unsignedInt',
]);

// history creation-method: JSON carries the Java enum name, XML the schema's value
const CREATION_METHOD_XML = {
	API: 'API',
	DIRECT: 'Direct',
	MEMBER_REFERRED: 'Member-referred',
	WEBSITE: 'website',
};

class InvalidJsonError extends Error {}

/** Whether the JSON form of a text element is {"value": ...}; path = element names from the root. */
function isWrapped(name, path) {
	const parent = path[path.length - 2];
	const grand = path[path.length - 3];
	if (parent === 'expanded-result') return false;
	if (name === 'country' && parent === 'address' && grand !== undefined && grand !== 'addresses') {
		return false; // organization address: a plain ISO code
	}
	return WRAPPED.has(name);
}

// most values have nothing to escape: one test instead of four replacements
const NEEDS_ESCAPE = /[&<>"]/;

function escapeXml(s) {
	const text = String(s);
	if (!NEEDS_ESCAPE.test(text)) return text;
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

function isoDate(v) {
	if (typeof v === 'number') return new Date(v).toISOString();
	return String(v);
}

function pickSchema(qname) {
	const { v30, v21 } = schemas();
	const decl = v30.root(qname) || v21.root(qname);
	if (!decl) throw new Error(`Unknown root element ${qname}`);
	return { decl, set: v30.root(qname) ? v30 : v21 };
}

/** The content child of a wrapper element such as resource-items (one repeated child, no attributes). */
function wrapperInner(set, child) {
	const d = child.decl();
	const c = set.content(d);
	if (c.simple || c.attributes.length || c.children.length !== 1 || c.children[0].max <= 1)
		return null;
	return c.children[0];
}

// ---------- JSON -> XML ----------

function toXml(qname, json) {
	const { decl, set } = pickSchema(qname);
	const out = [];
	const used = new Set();
	writeElement(set, decl, json, out, used);
	const nsDecl = [...used]
		.map((ns) => ` xmlns:${set.prefix(ns)}="${ns}"`)
		.sort()
		.join('');
	// the namespace declarations go on the root element
	const first = out[0];
	const end = first.endsWith('/>') ? first.length - 2 : first.length - 1;
	out[0] = first.slice(0, end) + nsDecl + first.slice(end);
	return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + out.join('');
}

function attrString(content, value) {
	let s = '';
	if (value && typeof value === 'object') {
		for (const a of content.attributes) {
			const v = value[a];
			if (v !== undefined && v !== null) s += ` ${a}="${escapeXml(v)}"`;
		}
	}
	return s;
}

function writeElement(set, decl, value, out, used) {
	if (value === null || value === undefined) return;
	const content = set.content(decl);
	used.add(decl.ns);
	const tag = `${set.prefix(decl.ns)}:${decl.name}`;
	if (content.simple) {
		let text = value && typeof value === 'object' ? value.value : value;
		if (text === null || text === undefined) text = '';
		if (content.base === 'dateTime') text = isoDate(text);
		if (decl.name === 'creation-method' && CREATION_METHOD_XML[text]) {
			text = CREATION_METHOD_XML[text];
		}
		out.push(`<${tag}${attrString(content, value)}>${escapeXml(text)}</${tag}>`);
		return;
	}
	const start = `<${tag}${attrString(content, value)}>`;
	out.push(start);
	const before = out.length;
	const name = decl.name;
	for (const child of content.children) {
		let v = value[child.name];
		if (name === 'affiliation-group' && child.name.endsWith('-summary')) {
			v = (value.summaries || []).map((s) => s && s[child.name]).filter((s) => s);
			if (!v.length) continue;
		} else if (name === 'bulk') {
			// entries keep their order, so bulk is written in one pass below
			continue;
		}
		if (v === undefined) {
			const inner = wrapperInner(set, child);
			if (inner && Array.isArray(value[inner.name])) v = { [inner.name]: value[inner.name] };
		}
		if (v === null || v === undefined) continue;
		const cd = child.decl();
		if (child.max > 1) {
			for (const item of Array.isArray(v) ? v : [v]) {
				writeElement(set, cd, item, out, used);
			}
		} else {
			writeElement(set, cd, v, out, used);
		}
	}
	if (name === 'bulk') {
		for (const entry of value.bulk || []) {
			for (const [k, v] of Object.entries(entry || {})) {
				const child = content.byName.get(k);
				if (child) writeElement(set, child.decl(), v, out, used);
			}
		}
	}
	if (out.length === before) {
		out[out.length - 1] = start.slice(0, -1) + '/>';
	} else {
		out.push(`</${tag}>`);
	}
}

// ---------- XML -> JSON ----------

function parseXml(text) {
	const result = parseSync(text, {
		explicitCharkey: true,
		charkey: '_',
		xmlns: true,
		async: false,
	});
	const rootName = Object.keys(result)[0];
	return result[rootName];
}

/** Parses ORCID XML into ORCID JSON; returns {qname, json}. The XML must be schema-valid. */
function fromXml(text) {
	const node = parseXml(text);
	const ns = node.$ns.uri;
	const local = node.$ns.local;
	const { v30, v21 } = schemas();
	let set = v30;
	let decl = v30.element(ns, local);
	if (!decl) {
		set = v21;
		decl = v21.element(ns, local);
	}
	if (!decl) throw new Error(`Unknown root element {${ns}}${local}`);
	return {
		qname: `${set.prefix(ns)}:${local}`,
		json: readElement(set, decl, node, [local]),
	};
}

function convertText(base, text) {
	if (base === 'dateTime') {
		const t = Date.parse(text.trim());
		return Number.isNaN(t) ? text : t;
	}
	if (base === 'boolean') return text.trim() === 'true';
	if (INTEGER_TYPES.has(base)) {
		const n = Number(text.trim());
		return Number.isNaN(n) ? text : n;
	}
	return text;
}

function readAttributes(content, node, obj) {
	const attrs = node.$ || {};
	for (const a of content.attributes) {
		const at = attrs[a];
		if (!at) continue;
		const v = typeof at === 'object' ? at.value : at;
		obj[a] = a === 'put-code' ? Number(v) : v;
	}
}

function readElement(set, decl, node, path) {
	const content = set.content(decl);
	if (content.simple) {
		const text = convertText(content.base, node._ === undefined ? '' : node._);
		const attrs = {};
		readAttributes(content, node, attrs);
		if (isWrapped(decl.name, path) || Object.keys(attrs).length) {
			return { value: text, ...attrs };
		}
		return text;
	}
	const obj = {};
	readAttributes(content, node, obj);
	for (const childNode of node.$$ || []) {
		const local = childNode.$ns ? childNode.$ns.local : childNode['#name'];
		const child = content.byName.get(local);
		if (!child) continue;
		const v = readElement(set, child.decl(), childNode, [...path, local]);
		if (decl.name === 'affiliation-group' && local.endsWith('-summary')) {
			(obj.summaries = obj.summaries || []).push({ [local]: v });
		} else if (decl.name === 'bulk') {
			(obj.bulk = obj.bulk || []).push({ [local]: v });
		} else if (child.max > 1) {
			(obj[local] = obj[local] || []).push(v);
		} else if (decl.name === 'research-resource' && local === 'resource-items') {
			obj['resource-item'] = v['resource-item'] || [];
		} else {
			obj[local] = v;
		}
	}
	return obj;
}

// ---------- JSON checks (what Jackson + JAXB would refuse) ----------

/**
 * Checks a JSON body against the element's XSD shape and normalises it: plain values of wrapped
 * fields become {"value": ...}, nulls are dropped. Unknown fields and wrong shapes throw
 * InvalidJsonError (ORCID answers those with 9047).
 */
function normalizeJson(qname, json) {
	const { decl, set } = pickSchema(qname);
	return normalizeElement(set, decl, json, [decl.name]);
}

function describe(path) {
	return path.join(' > ');
}

function normalizeElement(set, decl, value, path) {
	const content = set.content(decl);
	const name = decl.name;
	if (content.simple) {
		const wrapped = isWrapped(name, path);
		if (value !== null && typeof value === 'object') {
			if (Array.isArray(value)) {
				throw new InvalidJsonError(`Cannot deserialize an array into "${describe(path)}"`);
			}
			if (!wrapped && !content.attributes.length) {
				throw new InvalidJsonError(
					`Cannot deserialize an object into the text field "${describe(path)}"`,
				);
			}
			const out = {};
			for (const [k, v] of Object.entries(value)) {
				if (v === null || v === undefined) continue;
				if (k !== 'value' && !content.attributes.includes(k)) {
					throw new InvalidJsonError(`Unrecognized field "${k}" in "${describe(path)}"`);
				}
				if (typeof v === 'object') {
					throw new InvalidJsonError(`Expected a text value for "${describe([...path, k])}"`);
				}
				out[k] = v;
			}
			return out;
		}
		return wrapped || content.attributes.length ? { value } : value;
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new InvalidJsonError(`Expected an object for "${describe(path)}"`);
	}
	const out = {};
	for (const [k, v] of Object.entries(value)) {
		if (v === null || v === undefined) continue;
		if (content.attributes.includes(k)) {
			if (typeof v === 'object') {
				throw new InvalidJsonError(`Expected a text value for "${describe([...path, k])}"`);
			}
			out[k] = v;
			continue;
		}
		if (name === 'bulk' && k === 'bulk') {
			if (!Array.isArray(v)) throw new InvalidJsonError('Expected an array for "bulk"');
			out.bulk = v.map((entry, i) => {
				if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
					throw new InvalidJsonError(`Expected an object for "bulk[${i}]"`);
				}
				const e = {};
				for (const [ek, ev] of Object.entries(entry)) {
					const child = content.byName.get(ek);
					if (!child) throw new InvalidJsonError(`Unrecognized field "${ek}" in "bulk[${i}]"`);
					if (ev !== null && ev !== undefined) {
						e[ek] = normalizeElement(set, child.decl(), ev, [...path, ek]);
					}
				}
				return e;
			});
			continue;
		}
		let child = content.byName.get(k);
		let target = k;
		if (!child) {
			// research-resource: "resource-item" stands for the resource-items wrapper
			for (const c of content.children) {
				const inner = wrapperInner(set, c);
				if (inner && inner.name === k) {
					child = inner;
					target = k;
				}
			}
		}
		if (!child) throw new InvalidJsonError(`Unrecognized field "${k}" in "${describe(path)}"`);
		const cd = child.decl();
		if (child.max > 1) {
			if (!Array.isArray(v)) {
				throw new InvalidJsonError(`Expected an array for "${describe([...path, k])}"`);
			}
			out[target] = v
				.filter((x) => x !== null && x !== undefined)
				.map((x) => normalizeElement(set, cd, x, [...path, k]));
		} else {
			if (Array.isArray(v)) {
				throw new InvalidJsonError(`Cannot deserialize an array into "${describe([...path, k])}"`);
			}
			out[target] = normalizeElement(set, cd, v, [...path, k]);
		}
	}
	return out;
}

module.exports = {
	toXml,
	fromXml,
	normalizeJson,
	InvalidJsonError,
	isWrapped,
	escapeXml,
};

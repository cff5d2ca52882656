'use strict';
// A small reader for ORCID's XSDs: for every element it knows the namespace, the order of the
// children, which children repeat, the attributes and, for text elements, the built-in base type.
// The JSON <-> XML conversion (convert.js) is driven by it, so element order and namespaces
// always follow ORCID's own schema.

const fs = require('fs');
const path = require('path');
const xml2js = require('xml2js');

const MODEL_DIR = path.resolve(__dirname, '../../../../shared/orcid-model');
const XS = 'http://www.w3.org/2001/XMLSchema';

function modelDir() {
	return process.env.ORCID_MODEL_DIR || MODEL_DIR;
}

/** Parses XML synchronously, children kept in order; `options` add to xml2js's (xmlns...). */
function parseSync(text, options = {}) {
	let result;
	let error;
	const parser = new xml2js.Parser({
		explicitChildren: true,
		preserveChildrenOrder: true,
		explicitArray: true,
		xmlns: false,
		...options,
	});
	parser.parseString(text, (err, res) => {
		error = err;
		result = res;
	});
	if (error) throw error;
	return result;
}

function localOf(qname) {
	const i = qname.indexOf(':');
	return i < 0 ? qname : qname.slice(i + 1);
}

function prefixOf(qname) {
	const i = qname.indexOf(':');
	return i < 0 ? '' : qname.slice(0, i);
}

function kids(node) {
	return node.$$ || [];
}

function occurs(v, dflt) {
	if (v === undefined) return dflt;
	return v === 'unbounded' ? Infinity : Number(v);
}

class SchemaSet {
	/** @param {string[]} files absolute paths of XSD files */
	constructor(files) {
		this.elements = new Map();
		this.types = new Map();
		this.contentCache = new Map();
		this.prefixes = new Map();
		this.rootMemo = new Map();
		for (const file of files) this.load(file);
	}

	load(file) {
		const doc = parseSync(fs.readFileSync(file, 'utf8'));
		const schemaNode = doc['xs:schema'];
		const attrs = schemaNode.$ || {};
		const ns = attrs.targetNamespace;
		const nsMap = { xs: XS };
		for (const [k, v] of Object.entries(attrs)) if (k.startsWith('xmlns:')) nsMap[k.slice(6)] = v;
		const schema = { file, ns, nsMap };
		if (ns && !this.prefixes.has(ns)) this.prefixes.set(ns, ns.slice(ns.lastIndexOf('/') + 1));
		for (const child of kids(schemaNode)) {
			const tag = child['#name'];
			const name = child.$ && child.$.name;
			if (!name) continue;
			if (tag === 'xs:element') {
				this.elements.set(`${ns}|${name}`, this.makeDecl(child, schema, 1, 1));
			} else if (tag === 'xs:complexType' || tag === 'xs:simpleType') {
				this.types.set(`${ns}|${name}`, { node: child, schema });
			}
		}
	}

	makeDecl(node, schema, min, max) {
		const a = node.$ || {};
		return {
			name: a.name,
			ns: schema.ns,
			node,
			schema,
			min,
			max,
			type: a.type ? this.resolveQName(a.type, schema) : null,
		};
	}

	resolveQName(qname, schema) {
		const prefix = prefixOf(qname);
		const ns = prefix ? schema.nsMap[prefix] : schema.ns;
		return { ns, local: localOf(qname) };
	}

	element(ns, local) {
		return this.elements.get(`${ns}|${local}`) || null;
	}

	/** Global element by prefixed name, e.g. 'work:work' (prefix = last segment of the namespace). */
	root(qname) {
		if (!this.rootMemo.has(qname)) this.rootMemo.set(qname, this.findRoot(qname));
		return this.rootMemo.get(qname);
	}

	findRoot(qname) {
		const prefix = prefixOf(qname);
		for (const [ns, p] of this.prefixes) {
			if (p === prefix) return this.element(ns, localOf(qname));
		}
		return null;
	}

	prefix(ns) {
		return this.prefixes.get(ns);
	}

	/**
	 * Content model of an element declaration:
	 * { simple, base, attributes: string[], children: [{name, ns, min, max, decl()}], byName }
	 */
	content(decl) {
		if (decl.content) return decl.content;
		let content;
		if (decl.type) {
			content = this.typeContent(decl.type);
		} else {
			const inline = kids(decl.node).find(
				(k) => k['#name'] === 'xs:complexType' || k['#name'] === 'xs:simpleType',
			);
			content = inline
				? this.nodeContent(inline, decl.schema)
				: { simple: true, base: 'string', attributes: [], children: [] };
		}
		// a choice can name the same element twice (orcid-id: uri+path | path); keep the first
		const seen = new Set();
		content = {
			...content,
			children: content.children.filter((c) => !seen.has(c.name) && seen.add(c.name)),
		};
		content.byName = new Map(content.children.map((c) => [c.name, c]));
		decl.content = content;
		return content;
	}

	typeContent(qn) {
		if (qn.ns === XS) return { simple: true, base: qn.local, attributes: [], children: [] };
		const key = `${qn.ns}|${qn.local}`;
		if (this.contentCache.has(key)) return this.contentCache.get(key);
		const t = this.types.get(key);
		if (!t) throw new Error(`XSD type not found: ${key}`);
		// placeholder against recursion
		const placeholder = {
			simple: false,
			base: null,
			attributes: [],
			children: [],
		};
		this.contentCache.set(key, placeholder);
		const content = this.nodeContent(t.node, t.schema);
		Object.assign(placeholder, content);
		return placeholder;
	}

	nodeContent(node, schema) {
		const tag = node['#name'];
		if (tag === 'xs:simpleType') {
			return {
				simple: true,
				base: this.simpleBase(node, schema),
				attributes: [],
				children: [],
			};
		}
		const out = { simple: false, base: null, attributes: [], children: [] };
		const mixed = node.$ && node.$.mixed === 'true';
		for (const child of kids(node)) {
			const t = child['#name'];
			if (t === 'xs:sequence' || t === 'xs:choice') {
				this.collectParticles(child, schema, 1, out.children);
			} else if (t === 'xs:attribute') {
				if (child.$ && child.$.name) out.attributes.push(child.$.name);
			} else if (t === 'xs:simpleContent') {
				const ext = kids(child).find(
					(k) => k['#name'] === 'xs:extension' || k['#name'] === 'xs:restriction',
				);
				const baseQn = this.resolveQName(ext.$.base, schema);
				const baseContent = this.typeContent(baseQn);
				out.simple = true;
				out.base = baseContent.base;
				out.attributes.push(...baseContent.attributes);
				for (const k of kids(ext)) {
					if (k['#name'] === 'xs:attribute' && k.$ && k.$.name) out.attributes.push(k.$.name);
				}
			} else if (t === 'xs:complexContent') {
				const ext = kids(child).find(
					(k) => k['#name'] === 'xs:extension' || k['#name'] === 'xs:restriction',
				);
				const baseQn = this.resolveQName(ext.$.base, schema);
				if (ext['#name'] === 'xs:extension') {
					const baseContent = this.typeContent(baseQn);
					out.children.push(...baseContent.children);
					out.attributes.push(...baseContent.attributes);
				}
				for (const k of kids(ext)) {
					const kt = k['#name'];
					if (kt === 'xs:sequence' || kt === 'xs:choice') {
						this.collectParticles(k, schema, 1, out.children);
					} else if (kt === 'xs:attribute' && k.$ && k.$.name) {
						out.attributes.push(k.$.name);
					}
				}
			}
		}
		if (mixed && out.children.length === 0) {
			out.simple = true;
			out.base = 'string';
		}
		return out;
	}

	simpleBase(node, schema) {
		for (const k of kids(node)) {
			if (k['#name'] === 'xs:restriction') {
				const qn = this.resolveQName(k.$.base, schema);
				if (qn.ns === XS) return qn.local;
				return this.typeContent(qn).base;
			}
			if (k['#name'] === 'xs:union') return 'string';
		}
		return 'string';
	}

	collectParticles(node, schema, mult, out) {
		const a = node.$ || {};
		const groupMax = occurs(a.maxOccurs, 1) * mult;
		for (const child of kids(node)) {
			const t = child['#name'];
			if (t === 'xs:sequence' || t === 'xs:choice') {
				this.collectParticles(child, schema, groupMax, out);
			} else if (t === 'xs:element') {
				const ca = child.$ || {};
				const max = occurs(ca.maxOccurs, 1) * groupMax;
				const min = occurs(ca.minOccurs, 1);
				if (ca.ref) {
					const qn = this.resolveQName(ca.ref, schema);
					let found = null;
					out.push({
						name: qn.local,
						ns: qn.ns,
						min,
						max,
						decl: () => {
							// looked up on first use (the declaration may be in a file read later)
							if (found) return found;
							found = this.element(qn.ns, qn.local);
							if (!found) throw new Error(`XSD element not found: ${qn.ns}|${qn.local}`);
							return found;
						},
					});
				} else {
					const d = this.makeDecl(child, schema, min, max);
					out.push({ name: ca.name, ns: schema.ns, min, max, decl: () => d });
				}
			}
		}
	}
}

function xsdFiles(dirs) {
	const root = modelDir();
	const files = [];
	for (const dir of dirs) {
		for (const f of fs.readdirSync(path.join(root, dir))) {
			if (f.endsWith('.xsd')) files.push(path.join(root, dir, f));
		}
	}
	return files;
}

let cached = null;

/** The v3.0 record schemas, and the group-id / notification schemas (which import common 2.1). */
function schemas() {
	if (cached) return cached;
	const v30 = new SchemaSet(xsdFiles(['common_3.0', 'record_3.0']));
	const v21 = new SchemaSet([
		...xsdFiles(['common_2.1']),
		path.join(modelDir(), 'group-id-3.0', 'group-id-3.0.xsd'),
		path.join(modelDir(), 'notification_3.0', 'notification-permission-3.0.xsd'),
	]);
	cached = { v30, v21 };
	return cached;
}

module.exports = { schemas, modelDir, SchemaSet, parseSync };

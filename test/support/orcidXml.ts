/**
 * Test-side ORCID v3.0 JSON -> XML converter, driven by ORCID's own XSDs: element order,
 * namespaces, attributes and text-only elements all come from the schema, so the XML we
 * produce for a JSON item is what ORCID's Java converter would produce. Plus a canonical
 * XML tree and a tree diff used to prove the converter against ORCID's sample twins.
 *
 * JSON conventions handled (ORCID serialises with Jackson's JAXB module):
 * - a text-only element may be a bare value or {"value": ..., <attributes>}
 * - XML attributes (put-code, visibility, language-code, currency-code ...) are JSON keys
 * - lists are arrays under the element's name ("external-id": [...])
 * - an XmlElementWrapper disappears in JSON ("resource-item": [...] for resource-items)
 * - a bulk body is {"bulk": [{"work": {...}}, ...]}
 * - null means absent
 */
import * as xml2js from 'xml2js';
import { loadOrcidXsds } from './xsd';

const XS = 'http://www.w3.org/2001/XMLSchema';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ORCID_NS = 'http://www.orcid.org/ns/';

type XNode = {
	$?: Record<string, { name: string; value: string; prefix: string; local: string; uri: string }>;
	$ns?: { uri: string; local: string };
	$$?: XNode[];
	'#name': string;
	_?: string;
};

/** Synchronous parse (xml2js calls back synchronously when async is off). */
export function parseXmlTree(xml: string): XNode {
	let root: XNode | undefined;
	let error: unknown;
	xml2js.parseString(
		xml,
		{
			explicitChildren: true,
			preserveChildrenOrder: true,
			xmlns: true,
			explicitRoot: true,
			async: false,
		},
		(e: unknown, r: Record<string, XNode>) => {
			error = e;
			if (r) root = Object.values(r)[0];
		},
	);
	if (error) throw error;
	if (!root) throw new Error('empty XML document');
	return root;
}

function attr(node: XNode, name: string): string | undefined {
	return node.$?.[name]?.value;
}

function children(node: XNode, local?: string): XNode[] {
	return (node.$$ ?? []).filter(
		(c) => c.$ns?.uri === XS && (local === undefined || c.$ns.local === local),
	);
}

// ---------------- schema model ----------------

interface Schema {
	targetNamespace: string;
	prefixes: Record<string, string>;
	qualified: boolean;
}

interface ElementDecl {
	ns: string;
	name: string;
	schema: Schema;
	typeName?: string;
	inlineType?: XNode;
	resolvedRef?: string;
}

type Particle =
	| { kind: 'element'; decl: ElementDecl; min: number; max: number }
	| { kind: 'sequence' | 'choice'; items: Particle[]; min: number; max: number };

interface TypeModel {
	simple: boolean;
	attributes: string[];
	particle?: Particle;
}

interface SchemaSet {
	elements: Map<string, ElementDecl>;
	complexTypes: Map<string, { node: XNode; schema: Schema }>;
	simpleTypes: Set<string>;
	typeCache: Map<XNode, TypeModel>;
}

const key = (ns: string, name: string) => `{${ns}}${name}`;

function resolveQName(qname: string, schema: Schema): string {
	const i = qname.indexOf(':');
	const prefix = i < 0 ? '' : qname.slice(0, i);
	const local = i < 0 ? qname : qname.slice(i + 1);
	const ns = prefix === 'xml' ? XML_NS : schema.prefixes[prefix];
	if (ns === undefined) throw new Error(`unknown prefix in ${qname}`);
	return key(ns, local);
}

let schemaSet: SchemaSet | undefined;

function loadSchemaSet(): SchemaSet {
	if (schemaSet) return schemaSet;
	const set: SchemaSet = {
		elements: new Map(),
		complexTypes: new Map(),
		simpleTypes: new Set(),
		typeCache: new Map(),
	};
	for (const file of loadOrcidXsds()) {
		const root = parseXmlTree(String(file.contents));
		const prefixes: Record<string, string> = {};
		for (const a of Object.values(root.$ ?? {})) {
			if (a.prefix === 'xmlns') prefixes[a.local] = a.value;
			else if (a.name === 'xmlns') prefixes[''] = a.value;
		}
		const schema: Schema = {
			targetNamespace: attr(root, 'targetNamespace') ?? '',
			prefixes,
			qualified: attr(root, 'elementFormDefault') === 'qualified',
		};
		for (const c of children(root)) {
			const name = attr(c, 'name');
			if (!name) continue;
			const k = key(schema.targetNamespace, name);
			if (c.$ns?.local === 'element') set.elements.set(k, elementDecl(c, schema, true));
			else if (c.$ns?.local === 'complexType') set.complexTypes.set(k, { node: c, schema });
			else if (c.$ns?.local === 'simpleType') set.simpleTypes.add(k);
		}
	}
	schemaSet = set;
	return set;
}

function elementDecl(node: XNode, schema: Schema, global: boolean): ElementDecl {
	const ref = attr(node, 'ref');
	if (ref) {
		return { ns: '', name: '', schema, resolvedRef: resolveQName(ref, schema) };
	}
	const name = attr(node, 'name') as string;
	const inline = children(node).find(
		(c) => c.$ns?.local === 'complexType' || c.$ns?.local === 'simpleType',
	);
	return {
		ns: global || schema.qualified ? schema.targetNamespace : '',
		name,
		schema,
		typeName: attr(node, 'type'),
		inlineType: inline,
	};
}

function deref(set: SchemaSet, decl: ElementDecl): ElementDecl {
	if (!decl.resolvedRef) return decl;
	const target = set.elements.get(decl.resolvedRef);
	if (!target) throw new Error(`XSD element ${decl.resolvedRef} not found`);
	return target;
}

function occurs(node: XNode): { min: number; max: number } {
	const max = attr(node, 'maxOccurs');
	return {
		min: Number(attr(node, 'minOccurs') ?? '1'),
		max: max === 'unbounded' ? Infinity : Number(max ?? '1'),
	};
}

function particleOf(set: SchemaSet, node: XNode, schema: Schema): Particle {
	const local = node.$ns?.local;
	if (local === 'element') {
		return { kind: 'element', decl: elementDecl(node, schema, false), ...occurs(node) };
	}
	if (local === 'sequence' || local === 'choice') {
		const items = children(node)
			.filter((c) => ['element', 'sequence', 'choice'].includes(c.$ns?.local ?? ''))
			.map((c) => particleOf(set, c, schema));
		return { kind: local, items, ...occurs(node) };
	}
	throw new Error(`unsupported XSD particle ${local}`);
}

function typeModelByName(set: SchemaSet, qname: string | undefined, schema: Schema): TypeModel {
	if (!qname) return { simple: true, attributes: [] };
	const k = resolveQName(qname, schema);
	if (k.startsWith(`{${XS}}`) || set.simpleTypes.has(k)) return { simple: true, attributes: [] };
	const ct = set.complexTypes.get(k);
	if (!ct) throw new Error(`XSD type ${k} not found`);
	return complexModel(set, ct.node, ct.schema);
}

function complexModel(set: SchemaSet, node: XNode, schema: Schema): TypeModel {
	const cached = set.typeCache.get(node);
	if (cached) return cached;
	const model: TypeModel = { simple: false, attributes: [] };
	set.typeCache.set(node, model);
	const particles: Particle[] = [];
	for (const c of children(node)) {
		const local = c.$ns?.local;
		if (local === 'sequence' || local === 'choice') particles.push(particleOf(set, c, schema));
		else if (local === 'attribute') model.attributes.push(attr(c, 'name') ?? attr(c, 'ref') ?? '');
		else if (local === 'simpleContent' || local === 'complexContent') {
			const derivation = children(c).find(
				(d) => d.$ns?.local === 'extension' || d.$ns?.local === 'restriction',
			);
			if (!derivation) continue;
			const base = typeModelByName(set, attr(derivation, 'base'), schema);
			if (local === 'simpleContent') model.simple = true;
			model.attributes.push(...base.attributes);
			if (local === 'complexContent' && derivation.$ns?.local === 'extension' && base.particle) {
				particles.push(base.particle);
			}
			for (const d of children(derivation)) {
				const dl = d.$ns?.local;
				if (dl === 'sequence' || dl === 'choice') particles.push(particleOf(set, d, schema));
				else if (dl === 'attribute') model.attributes.push(attr(d, 'name') ?? attr(d, 'ref') ?? '');
			}
		}
	}
	if (particles.length === 1) model.particle = particles[0];
	else if (particles.length > 1)
		model.particle = { kind: 'sequence', items: particles, min: 1, max: 1 };
	if (!model.particle && attr(node, 'mixed') === 'true') model.simple = true;
	return model;
}

function typeOf(set: SchemaSet, decl: ElementDecl): TypeModel {
	if (decl.inlineType) {
		if (decl.inlineType.$ns?.local === 'simpleType') return { simple: true, attributes: [] };
		return complexModel(set, decl.inlineType, decl.schema);
	}
	return typeModelByName(set, decl.typeName, decl.schema);
}

function elementDecls(p: Particle | undefined, out: ElementDecl[] = []): ElementDecl[] {
	if (!p) return out;
	if (p.kind === 'element') out.push(p.decl);
	else for (const item of p.items) elementDecls(item, out);
	return out;
}

// ---------------- JSON -> XML ----------------

/** The prefix we write for a namespace: ORCID's namespaces end in the prefix they use. */
export function prefixFor(ns: string): string {
	if (ns === XML_NS) return 'xml';
	if (ns.startsWith(ORCID_NS)) return ns.slice(ORCID_NS.length);
	return 'ns';
}

export function escapeXml(s: string, attribute = false): string {
	let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	if (attribute) out = out.replace(/"/g, '&quot;');
	return out;
}

function scalar(value: unknown, where: string): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new Error(`${where}: expected text, got ${JSON.stringify(value)}`);
}

class Emitter {
	readonly namespaces = new Set<string>();

	constructor(private readonly set: SchemaSet) {}

	private qname(decl: ElementDecl): string {
		if (!decl.ns) return decl.name;
		this.namespaces.add(decl.ns);
		return `${prefixFor(decl.ns)}:${decl.name}`;
	}

	emit(declIn: ElementDecl, value: unknown, where: string, out: string[], depth: number): void {
		if (value === null || value === undefined) return;
		if (Array.isArray(value)) {
			value.forEach((v, i) => this.emit(declIn, v, `${where}[${i}]`, out, depth));
			return;
		}
		const decl = deref(this.set, declIn);
		const model = typeOf(this.set, decl);
		const name = this.qname(decl);
		const pad = '\n' + '\t'.repeat(depth);
		const attrs: string[] = [];
		const obj = typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
		const used = new Set<string>();
		if (obj) {
			for (const a of model.attributes) {
				if (obj[a] !== undefined && obj[a] !== null) {
					attrs.push(` ${a}="${escapeXml(scalar(obj[a], `${where}@${a}`), true)}"`);
				}
				used.add(a);
			}
		}
		const open = `${pad}<${name}${attrs.join('')}`;
		if (model.simple) {
			const raw = obj ? obj.value : value;
			if (obj) {
				used.add('value');
				const extra = Object.keys(obj).filter((k) => !used.has(k));
				if (extra.length)
					throw new Error(
						`${where}: unknown key(s) ${extra.join(', ')} in text element ${decl.name}`,
					);
			}
			if (raw === null || raw === undefined) {
				if (attrs.length === 0) return;
				out.push(`${open}/>`);
				return;
			}
			out.push(`${open}>${escapeXml(scalar(raw, where))}</${name}>`);
			return;
		}
		if (!obj)
			throw new Error(
				`${where}: element ${decl.name} needs an object, got ${JSON.stringify(value)}`,
			);
		const inner: string[] = [];
		const decls = elementDecls(model.particle).map((d) => deref(this.set, d));
		const byName = new Map(decls.map((d) => [d.name, d]));
		// {"bulk": [{"work": {...}}, ...]}: an ordered list of choice elements under the element's own name
		if (Array.isArray(obj[decl.name]) && !byName.has(decl.name)) {
			used.add(decl.name);
			(obj[decl.name] as unknown[]).forEach((entry, i) => {
				if (typeof entry !== 'object' || entry === null)
					throw new Error(`${where}.${decl.name}[${i}]: expected an object`);
				for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
					const child = byName.get(k);
					if (!child) throw new Error(`${where}.${decl.name}[${i}]: unknown element ${k}`);
					this.emit(child, v, `${where}.${decl.name}[${i}].${k}`, inner, depth + 1);
				}
			});
		}
		for (const child of decls) {
			// a name can sit in two branches of a choice (orcid-id: uri+path | path): write it once
			if (child.name in obj && !used.has(child.name)) {
				used.add(child.name);
				this.emit(child, obj[child.name], `${where}.${child.name}`, inner, depth + 1);
				continue;
			}
			// JAXB @XmlElementWrapper: JSON has the wrapped list directly ("resource-item")
			const childModel = typeOf(this.set, child);
			const wrapped = childModel.simple
				? []
				: elementDecls(childModel.particle).map((d) => deref(this.set, d));
			if (wrapped.length === 1 && wrapped[0].name in obj && !byName.has(wrapped[0].name)) {
				used.add(wrapped[0].name);
				this.emit(
					child,
					{ [wrapped[0].name]: obj[wrapped[0].name] },
					`${where}.${wrapped[0].name}`,
					inner,
					depth + 1,
				);
			}
		}
		const extra = Object.keys(obj).filter((k) => !used.has(k));
		if (extra.length)
			throw new Error(`${where}: unknown key(s) ${extra.join(', ')} in ${decl.name}`);
		out.push(inner.length ? `${open}>${inner.join('')}${pad}</${name}>` : `${open}/>`);
	}
}

/**
 * ORCID JSON -> XML. `root` names the document element as 'prefix:name' with ORCID's
 * prefixes ('work:work', 'bulk:bulk', 'external-identifier:external-identifier').
 * Throws on any JSON key the schema does not know, so nothing is silently dropped.
 */
export function orcidJsonToXml(json: unknown, root: string): string {
	const set = loadSchemaSet();
	const [prefix, local] = root.split(':');
	const ns = ORCID_NS + prefix;
	const decl = set.elements.get(key(ns, local));
	if (!decl) throw new Error(`no global XSD element ${root} (${ns})`);
	const emitter = new Emitter(set);
	const out: string[] = [];
	emitter.emit(decl, json, root, out, 0);
	if (!out.length) throw new Error(`${root}: nothing to write`);
	const body = out.join('').replace(/^\n/, '');
	const decls = [...emitter.namespaces]
		.sort()
		.map((n) => ` xmlns:${prefixFor(n)}="${n}"`)
		.join('');
	const firstClose = body.search(/\/?>/);
	return `<?xml version="1.0" encoding="UTF-8"?>\n${body.slice(0, firstClose)}${decls}${body.slice(firstClose)}\n`;
}

// ---------------- canonical trees and diffs ----------------

export interface CanonicalNode {
	name: string;
	attrs: Record<string, string>;
	text: string;
	children: CanonicalNode[];
}

function canonicalName(uri: string | undefined, local: string): string {
	return uri ? `${prefixFor(uri)}:${local}` : local;
}

/** Whitespace collapsed and trimmed. */
export function normaliseSpace(s: string): string {
	return s.replace(/\s+/g, ' ').trim();
}

function toCanonical(node: XNode): CanonicalNode {
	const attrs: Record<string, string> = {};
	for (const a of Object.values(node.$ ?? {})) {
		if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
		if (a.uri === 'http://www.w3.org/2001/XMLSchema-instance') continue;
		attrs[canonicalName(a.uri, a.local)] = normaliseSpace(a.value);
	}
	return {
		name: canonicalName(node.$ns?.uri, node.$ns?.local ?? node['#name']),
		attrs,
		text: normaliseSpace(node._ ?? ''),
		children: (node.$$ ?? []).map(toCanonical),
	};
}

/** XML -> canonical tree: namespace prefixes ours, whitespace normalised, xmlns/xsi attributes dropped. */
export function canonicalXml(xml: string): CanonicalNode {
	return toCanonical(parseXmlTree(xml));
}

function childPaths(nodes: CanonicalNode[], base: string): string[] {
	const counts = new Map<string, number>();
	for (const n of nodes) counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
	const seen = new Map<string, number>();
	return nodes.map((n) => {
		const i = (seen.get(n.name) ?? 0) + 1;
		seen.set(n.name, i);
		return (counts.get(n.name) ?? 0) > 1 ? `${base}/${n.name}[${i}]` : `${base}/${n.name}`;
	});
}

/**
 * Differences between two canonical trees as readable lines, `a` being ours (converted
 * JSON) and `b` the sample: 'PATH: text "x" vs "y"', 'PATH: only in converted JSON',
 * 'PATH: only in XML sample', 'PATH: attribute a ...'. Children are aligned by name (LCS).
 */
export function diffCanonical(a: CanonicalNode, b: CanonicalNode, path = ''): string[] {
	const here = path || `/${a.name}`;
	if (a.name !== b.name) return [`${here}: element ${a.name} vs ${b.name}`];
	const out: string[] = [];
	for (const k of new Set([...Object.keys(a.attrs), ...Object.keys(b.attrs)])) {
		if (a.attrs[k] !== b.attrs[k]) {
			out.push(
				`${here}: attribute ${k} ${JSON.stringify(a.attrs[k] ?? null)} vs ${JSON.stringify(b.attrs[k] ?? null)}`,
			);
		}
	}
	if (a.text !== b.text)
		out.push(`${here}: text ${JSON.stringify(a.text)} vs ${JSON.stringify(b.text)}`);
	const pa = childPaths(a.children, here);
	const pb = childPaths(b.children, here);
	// LCS on element names aligns the children; unmatched ones are reported as extra/missing
	const n = a.children.length;
	const m = b.children.length;
	const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i][j] =
				a.children[i].name === b.children[j].name
					? lcs[i + 1][j + 1] + 1
					: Math.max(lcs[i + 1][j], lcs[i][j + 1]);
		}
	}
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && a.children[i].name === b.children[j].name) {
			out.push(...diffCanonical(a.children[i], b.children[j], pb[j]));
			i++;
			j++;
		} else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
			out.push(`${pa[i]}: only in converted JSON`);
			i++;
		} else {
			out.push(`${pb[j]}: only in XML sample`);
			j++;
		}
	}
	return out;
}

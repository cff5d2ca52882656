/**
 * XSD validation against ORCID's own v3.0 schemas (../shared/orcid-model, see its ORIGIN.md)
 * with xmllint-wasm: libxml2 in WebAssembly, no system package needed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateXML, XMLFileInfo } from 'xmllint-wasm';

/** <repo>/../shared/orcid-model: CI clones the repo with shared/ beside it. */
export const ORCID_MODEL_DIR = path.resolve(__dirname, '../../..', 'shared/orcid-model');
export const RECORD_DIR = path.join(ORCID_MODEL_DIR, 'record_3.0');
export const WRITE_SAMPLES_DIR = path.join(RECORD_DIR, 'samples/write_samples');
export const READ_SAMPLES_DIR = path.join(RECORD_DIR, 'samples/read_samples');

let cache: XMLFileInfo[] | undefined;

/**
 * Every v3.0 XSD (record_3.0, common_3.0, xml.xsd), each named relative to record_3.0/ so
 * that the schemas' relative imports (../common_3.0/common-3.0.xsd, ../xml.xsd) resolve.
 * The 2.1 schemas share the v3.0 namespaces, so they are left out. Read once, then cached.
 */
export function loadOrcidXsds(): XMLFileInfo[] {
	if (cache) return cache;
	const files: XMLFileInfo[] = [];
	const add = (dir: string, prefix: string) => {
		for (const name of fs.readdirSync(dir).sort()) {
			if (!name.endsWith('.xsd')) continue;
			files.push({
				fileName: prefix + name,
				contents: fs.readFileSync(path.join(dir, name), 'utf8'),
			});
		}
	};
	add(RECORD_DIR, '');
	add(path.join(ORCID_MODEL_DIR, 'common_3.0'), '../common_3.0/');
	files.push({
		fileName: '../xml.xsd',
		contents: fs.readFileSync(path.join(ORCID_MODEL_DIR, 'xml.xsd'), 'utf8'),
	});
	cache = files;
	return files;
}

export interface XsdDocumentResult {
	name: string;
	valid: boolean;
	errors: string[];
}

/**
 * Validates several XML documents against one main XSD (a file name in record_3.0/, e.g.
 * 'work-3.0.xsd') in a single xmllint run; one result per document, in order.
 */
export async function validateAgainstXsd(
	docs: Array<{ name: string; xml: string }>,
	xsdFile: string,
): Promise<XsdDocumentResult[]> {
	const all = loadOrcidXsds();
	const main = all.find((f) => f.fileName === xsdFile);
	if (!main) throw new Error(`no XSD named ${xsdFile} in ${RECORD_DIR}`);
	const names = docs.map((d, i) => `doc${i}-${d.name.replace(/[^A-Za-z0-9._-]/g, '_')}.xml`);
	const result = await validateXML({
		xml: docs.map((d, i) => ({ fileName: names[i], contents: d.xml })),
		schema: [main],
		preload: all.filter((f) => f !== main),
	});
	// errors outside our documents (e.g. in a schema) count against every document
	const orphan = result.errors.filter((e) => !e.loc || !names.includes(e.loc.fileName));
	return docs.map((d, i) => {
		const errors = [...result.errors.filter((e) => e.loc?.fileName === names[i]), ...orphan].map(
			(e) => e.message,
		);
		if (!result.valid && result.errors.length === 0) errors.push(result.rawOutput);
		return { name: d.name, valid: errors.length === 0, errors };
	});
}

/** One document; throws nothing, returns libxml2's messages. */
export async function validateXmlString(xml: string, xsdFile: string): Promise<XsdDocumentResult> {
	const [r] = await validateAgainstXsd([{ name: 'document', xml }], xsdFile);
	return r;
}

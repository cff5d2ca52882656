'use strict';
// XSD validation of XML bodies with libxml2 (xmllint-wasm), against ORCID's own schemas.
// Every XSD is preloaded under its path relative to record_3.0/, so the relative imports
// (../common_3.0/common-3.0.xsd, ../xml.xsd ...) resolve as they do from a checkout.

const fs = require('fs');
const path = require('path');
const { Worker } = require('worker_threads');
const { ITEM_TYPES } = require('./model');
const { modelDir } = require('./xsd');

// the schema file for each root element (namespace prefix:local name)
const SCHEMA_BY_ROOT = {
	'work:work': 'record_3.0/work-3.0.xsd',
	'funding:funding': 'record_3.0/funding-3.0.xsd',
	'education:education': 'record_3.0/education-3.0.xsd',
	'employment:employment': 'record_3.0/employment-3.0.xsd',
	'distinction:distinction': 'record_3.0/distinction-3.0.xsd',
	'invited-position:invited-position': 'record_3.0/invited-position-3.0.xsd',
	'membership:membership': 'record_3.0/membership-3.0.xsd',
	'qualification:qualification': 'record_3.0/qualification-3.0.xsd',
	'service:service': 'record_3.0/service-3.0.xsd',
	'peer-review:peer-review': 'record_3.0/peer-review-3.0.xsd',
	'research-resource:research-resource': 'record_3.0/research-resource-3.0.xsd',
	'other-name:other-name': 'record_3.0/other-name-3.0.xsd',
	'keyword:keyword': 'record_3.0/keyword-3.0.xsd',
	'researcher-url:researcher-url': 'record_3.0/researcher-url-3.0.xsd',
	'external-identifier:external-identifier': 'record_3.0/person-external-identifier-3.0.xsd',
	'address:address': 'record_3.0/address-3.0.xsd',
	'bulk:bulk': 'record_3.0/bulk-3.0.xsd',
	'group-id:group-id-record': 'group-id-3.0/group-id-3.0.xsd',
	'notification:notification': 'notification_3.0/notification-permission-3.0.xsd',
	// read-side roots, for checking what the emulator answers
	'record:record': 'record_3.0/record-3.0.xsd',
	'person:person': 'record_3.0/person-3.0.xsd',
	'activities:activities-summary': 'record_3.0/activities-3.0.xsd',
	'error:error': 'record_3.0/error-3.0.xsd',
	'expanded-search:expanded-search': 'record_3.0/expanded-search-3.0.xsd',
	'search:search': 'record_3.0/search-3.0.xsd',
	'personal-details:personal-details': 'record_3.0/personal-details-3.0.xsd',
	'other-name:other-names': 'record_3.0/other-name-3.0.xsd',
	'keyword:keywords': 'record_3.0/keyword-3.0.xsd',
	'researcher-url:researcher-urls': 'record_3.0/researcher-url-3.0.xsd',
	'external-identifier:external-identifiers': 'record_3.0/person-external-identifier-3.0.xsd',
	'address:addresses': 'record_3.0/address-3.0.xsd',
	'email:emails': 'record_3.0/email-3.0.xsd',
	'personal-details:biography': 'record_3.0/personal-details-3.0.xsd',
	'personal-details:name': 'record_3.0/personal-details-3.0.xsd',
	'group-id:group-id-records': 'group-id-3.0/group-id-3.0.xsd',
	'notification:notifications': 'notification_3.0/notification-permission-3.0.xsd',
};
// activity lists and summaries: the same schema as the activity itself
for (const { type, list } of Object.values(ITEM_TYPES).filter((t) => t.activity)) {
	SCHEMA_BY_ROOT[`activities:${list}`] = 'record_3.0/activities-3.0.xsd';
	SCHEMA_BY_ROOT[`${type}:${type}-summary`] = SCHEMA_BY_ROOT[`${type}:${type}`];
}

// virtual file name(s) of a real XSD path, relative to record_3.0/ (some record_3.0 schemas
// import their siblings as ../record_3.0/x.xsd, so those get both names)
function virtualNames(root, real) {
	const rel = path.relative(root, real).split(path.sep).join('/');
	const [dir, file] = rel.includes('/') ? rel.split('/') : ['', rel];
	if (dir === 'record_3.0') return [file, `../record_3.0/${file}`];
	return [`../${rel}`];
}

const closureCache = new Map();

/** The schema files a main XSD needs (its imports and includes, transitively). */
function schemaFilesOf(schemaKey) {
	if (closureCache.has(schemaKey)) return closureCache.get(schemaKey);
	const root = modelDir();
	const seen = new Set();
	const todo = [path.join(root, schemaKey)];
	while (todo.length) {
		const file = path.normalize(todo.pop());
		if (seen.has(file)) continue;
		seen.add(file);
		const text = fs.readFileSync(file, 'utf8');
		for (const m of text.matchAll(/<xs:(?:import|include)\b[^>]*schemaLocation="([^"]+)"/g)) {
			todo.push(path.resolve(path.dirname(file), m[1]));
		}
	}
	const main = path.normalize(path.join(root, schemaKey));
	const files = { main: null, preload: [] };
	for (const real of seen) {
		const contents = fs.readFileSync(real, 'utf8');
		const names = virtualNames(root, real);
		if (real === main) files.main = { fileName: names[0], contents };
		for (const fileName of real === main ? names.slice(1) : names)
			files.preload.push({ fileName, contents });
	}
	closureCache.set(schemaKey, files);
	return files;
}

// ---------- the xmllint worker ----------

let worker = null;
let jobId = 0;
const jobs = new Map();
// the schema sets this worker holds already (sent once, then named by key)
let sent = new Set();

function getWorker() {
	if (worker) return worker;
	worker = new Worker(path.join(__dirname, 'xmllint-worker.js'));
	sent = new Set();
	worker.on('message', (msg) => {
		const job = jobs.get(msg.id);
		if (!job) return;
		jobs.delete(msg.id);
		// an idle worker must not keep the process alive
		if (!jobs.size && worker) worker.unref();
		job.resolve(msg);
	});
	worker.on('error', (err) => {
		for (const job of jobs.values()) job.reject(err);
		jobs.clear();
		worker = null;
	});
	worker.on('exit', () => {
		worker = null;
	});
	return worker;
}

/** Runs xmllint on `docs` with the XSDs of `schemaKey` beside them (the worker keeps those). */
function runXmllint(schemaKey, docs, args) {
	return new Promise((resolve, reject) => {
		const id = ++jobId;
		jobs.set(id, { resolve, reject });
		const w = getWorker();
		w.ref();
		let schemaFiles;
		if (!sent.has(schemaKey)) {
			const files = schemaFilesOf(schemaKey);
			schemaFiles = [files.main, ...files.preload];
			sent.add(schemaKey);
		}
		w.postMessage({ emulatorXmllint: true, id, schemaKey, schemaFiles, docs, args });
	});
}

// ---------- batches ----------
// Every xmllint run compiles its schema (and writes every XSD to its virtual file system) before
// it reads a document, which costs far more than validating one body. Bodies that arrive while a
// run is going wait and then go together, up to MAX_BATCH of one schema in one run (xmllint
// validates each file on its own and names it in every message); a lone body runs at once.

const MAX_BATCH = 64;
const LINGER_MS = 3;
let waiting = [];
let running = false;
// xmllint runs and the documents they validated, for benchmarks
const stats = { runs: 0, documents: 0 };

function parseErrors(lines) {
	return lines.map((line) => {
		const [fileName, lineNumber, ...rest] = line.split(':');
		if (fileName && lineNumber && /^\d+$/.test(lineNumber) && rest.length) {
			return { fileName, message: rest.join(':').trim() };
		}
		return { fileName: null, message: line };
	});
}

/** One document's result out of a run's stderr: { valid, errors } as libxml2 words them. */
function resultOf(name, lines) {
	const valid = lines.includes(`${name} validates`);
	const all = parseErrors(lines.filter((l) => l.trim() && !l.trim().endsWith(' validates')));
	const errors = all
		.filter((e) => e.fileName === name)
		.map((e) =>
			e.message.replace(/^.*?Schemas validity error : /, '').replace(/^.*?parser error : /, ''),
		);
	if (!valid && !errors.length) errors.push(...all.map((e) => e.message));
	return { valid, errors };
}

async function runBatch(schemaKey, batch) {
	const files = schemaFilesOf(schemaKey);
	// a lone document keeps the name it always had, so its messages read as before
	const names = batch.length === 1 ? ['request.xml'] : batch.map((_, i) => `request-${i + 1}.xml`);
	const docs = batch.map((job, i) => ({ fileName: names[i], contents: job.xml }));
	const out = await runXmllint(schemaKey, docs, [
		'--schema',
		files.main.fileName,
		'--noout',
		...names,
	]);
	if (out.exitCode !== 0 && out.exitCode !== 3 && out.exitCode !== 4) {
		if (batch.length === 1) throw new Error(`xmllint failed (${out.exitCode}): ${out.stderr}`);
		// one document upset xmllint itself: find out which, each on its own
		const results = [];
		for (const job of batch) results.push((await runBatch(schemaKey, [job]))[0]);
		return results;
	}
	const lines = out.stderr.split('\n');
	// only the lines of this run's own documents, or lines naming none of them
	return names.map((name) =>
		resultOf(
			name,
			lines.filter(
				(l) =>
					l.startsWith(`${name}:`) ||
					l.startsWith(`${name} `) ||
					!/^request(-\d+)?\.xml[: ]/.test(l),
			),
		),
	);
}

function pump() {
	if (running || !waiting.length) return;
	const schemaKey = waiting[0].schemaKey;
	const batch = [];
	const rest = [];
	for (const job of waiting) {
		if (job.schemaKey === schemaKey && batch.length < MAX_BATCH) batch.push(job);
		else rest.push(job);
	}
	waiting = rest;
	running = true;
	stats.runs += 1;
	stats.documents += batch.length;
	runBatch(schemaKey, batch)
		.then(
			(results) => batch.forEach((job, i) => job.resolve(results[i])),
			(err) => batch.forEach((job) => job.reject(err)),
		)
		.finally(() => {
			running = false;
			// Under load (this run had company), wait a moment for more bodies: a run costs
			// mostly its schema compile, so fewer, fuller runs leave more of the machine to the
			// rest of the emulator. A lone body never waits.
			if (batch.length > 1) setTimeout(pump, LINGER_MS);
			else setImmediate(pump);
		});
}

/**
 * Validates an XML document whose root is `qname` (e.g. 'work:work').
 * Resolves to { valid, errors: string[] } (libxml2's messages about the document).
 */
function validateAgainstXsd(qname, xml) {
	const schemaKey = SCHEMA_BY_ROOT[qname];
	if (!schemaKey)
		return Promise.resolve({ valid: false, errors: [`No schema for root element ${qname}`] });
	return new Promise((resolve, reject) => {
		waiting.push({ schemaKey, xml, resolve, reject });
		pump();
	});
}

module.exports = { validateAgainstXsd, SCHEMA_BY_ROOT, stats };

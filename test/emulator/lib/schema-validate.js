'use strict';
// XSD validation of XML bodies with libxml2 (xmllint-wasm), against ORCID's own schemas.
// Every XSD is preloaded under its path relative to record_3.0/, so the relative imports
// (../common_3.0/common-3.0.xsd, ../xml.xsd ...) resolve as they do from a checkout.

const fs = require('fs');
const path = require('path');
const { Worker, MessageChannel } = require('worker_threads');
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
let port = null;
let wake = null;
let jobId = 0;
const jobs = new Map();
// the schema sets this worker holds already (sent once, then named by key)
let sent = new Set();
// xmllint runs and the documents they validated, for benchmarks
const stats = { runs: 0, documents: 0 };

function getWorker() {
	if (worker) return worker;
	// jobs go through a port the worker reads synchronously, and a counter it sleeps on (its
	// long xmllint runs wait for the next body inside a file read: see xmllint-worker.js)
	const channel = new MessageChannel();
	const signal = new SharedArrayBuffer(4);
	worker = new Worker(path.join(__dirname, 'xmllint-worker.js'), {
		workerData: { port: channel.port2, signal },
		transferList: [channel.port2],
	});
	port = channel.port1;
	wake = new Int32Array(signal);
	sent = new Set();
	const failAll = (err) => {
		for (const job of jobs.values()) job.reject(err);
		jobs.clear();
	};
	worker.on('message', (msg) => {
		if (msg.fatal) {
			failAll(new Error(`xmllint worker failed: ${msg.fatal}`));
			return;
		}
		stats.runs = msg.runs;
		const job = jobs.get(msg.id);
		if (!job) return;
		jobs.delete(msg.id);
		// an idle worker must not keep the process alive
		if (!jobs.size && worker) worker.unref();
		job.resolve(msg);
	});
	worker.on('error', (err) => {
		failAll(err);
		worker = null;
	});
	worker.on('exit', () => {
		worker = null;
	});
	return worker;
}

/** Sends a job to the worker: `docs` and `args` for a one-off run, or `xml` for a long run. */
function toWorker(schemaKey, job) {
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
		port.postMessage({ ...job, id, schemaKey, schemaFiles });
		Atomics.store(wake, 0, 1);
		Atomics.notify(wake, 0);
	});
}

// ---------- results ----------

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

/** A one-off xmllint run over one document named request.xml, as a shell would run it. */
async function validateAlone(schemaKey, xml) {
	const files = schemaFilesOf(schemaKey);
	const out = await toWorker(schemaKey, {
		docs: [{ fileName: 'request.xml', contents: xml }],
		args: ['--schema', files.main.fileName, '--noout', 'request.xml'],
	});
	if (out.exitCode !== 0 && out.exitCode !== 3 && out.exitCode !== 4)
		throw new Error(`xmllint failed (${out.exitCode}): ${out.stderr}`);
	return resultOf('request.xml', out.stderr.split('\n'));
}

/**
 * Validates one document in the worker's long run for its schema, where its messages read as
 * a lone request.xml's. A document the run gives no verdict on (not well-formed, or xmllint
 * itself failed) is validated again alone, so its result is exactly a one-off run's.
 */
async function validate(schemaKey, xml) {
	stats.documents += 1;
	const out = await toWorker(schemaKey, { xml });
	if (out.retry) return validateAlone(schemaKey, xml);
	return resultOf('request.xml', out.lines);
}

/**
 * Validates an XML document whose root is `qname` (e.g. 'work:work').
 * Resolves to { valid, errors: string[] } (libxml2's messages about the document).
 */
function validateAgainstXsd(qname, xml) {
	const schemaKey = SCHEMA_BY_ROOT[qname];
	if (!schemaKey)
		return Promise.resolve({ valid: false, errors: [`No schema for root element ${qname}`] });
	return validate(schemaKey, xml);
}

module.exports = { validateAgainstXsd, SCHEMA_BY_ROOT, stats };

'use strict';
// XSD validation of XML bodies with libxml2 (xmllint-wasm), against ORCID's own schemas.
// Every XSD is preloaded under its path relative to record_3.0/, so the relative imports
// (../common_3.0/common-3.0.xsd, ../xml.xsd ...) resolve as they do from a checkout.

const fs = require('fs');
const path = require('path');
const { validateXML } = require('xmllint-wasm');
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
for (const list of [
	'works',
	'fundings',
	'educations',
	'employments',
	'distinctions',
	'invited-positions',
	'memberships',
	'qualifications',
	'services',
	'peer-reviews',
	'research-resources',
]) {
	SCHEMA_BY_ROOT[`activities:${list}`] = 'record_3.0/activities-3.0.xsd';
}
for (const item of [
	'work',
	'funding',
	'education',
	'employment',
	'distinction',
	'invited-position',
	'membership',
	'qualification',
	'service',
	'peer-review',
	'research-resource',
]) {
	SCHEMA_BY_ROOT[`${item}:${item}-summary`] = SCHEMA_BY_ROOT[`${item}:${item}`];
}

let files = null;

function allFiles() {
	if (files) return files;
	const root = modelDir();
	files = new Map();
	const dirs = [
		'record_3.0',
		'common_3.0',
		'common_2.1',
		'record_2.1',
		'group-id-3.0',
		'notification_3.0',
	];
	for (const dir of dirs) {
		for (const f of fs.readdirSync(path.join(root, dir))) {
			if (!f.endsWith('.xsd')) continue;
			const contents = fs.readFileSync(path.join(root, dir, f), 'utf8');
			if (dir === 'record_3.0') {
				// some record_3.0 schemas import their siblings as ../record_3.0/x.xsd
				files.set(`${dir}/${f}`, { fileName: f, contents });
				files.set(`${dir}/${f}#up`, { fileName: `../${dir}/${f}`, contents });
			} else {
				files.set(`${dir}/${f}`, { fileName: `../${dir}/${f}`, contents });
			}
		}
	}
	files.set('xml.xsd', {
		fileName: '../xml.xsd',
		contents: fs.readFileSync(path.join(root, 'xml.xsd'), 'utf8'),
	});
	return files;
}

// xmllint-wasm starts a worker per call; a couple at a time keeps a burst of writes from
// starting dozens of workers at once
let running = 0;
const waiting = [];
async function withSlot(fn) {
	if (running >= 2) await new Promise((resolve) => waiting.push(resolve));
	running += 1;
	try {
		return await fn();
	} finally {
		running -= 1;
		const next = waiting.shift();
		if (next) next();
	}
}

/**
 * Validates an XML document whose root is `qname` (e.g. 'work:work').
 * Resolves to { valid, errors: string[] } (libxml2's messages, warnings left out).
 */
async function validateAgainstXsd(qname, xml) {
	const schemaKey = SCHEMA_BY_ROOT[qname];
	if (!schemaKey) return { valid: false, errors: [`No schema for root element ${qname}`] };
	const all = allFiles();
	const main = all.get(schemaKey);
	const preload = [...all.entries()].filter(([k]) => k !== schemaKey).map(([, v]) => v);
	const result = await withSlot(() =>
		validateXML({
			xml: [{ fileName: 'request.xml', contents: xml }],
			schema: [main],
			preload,
			maxMemoryPages: 1024,
		}),
	);
	const errors = result.errors
		.filter((e) => e.loc && e.loc.fileName === 'request.xml')
		.map((e) =>
			e.message.replace(/^.*?Schemas validity error : /, '').replace(/^.*?parser error : /, ''),
		);
	if (!result.valid && !errors.length) errors.push(...result.errors.map((e) => e.message));
	return { valid: result.valid, errors };
}

module.exports = { validateAgainstXsd, SCHEMA_BY_ROOT };

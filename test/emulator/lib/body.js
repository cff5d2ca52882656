'use strict';
// Reading an ORCID write body, XML or JSON, the way ORCID does: XML is parsed and validated
// against the XSD (9001 unreadable, 9020 invalid); JSON is parsed (9001), checked field by field
// (9047) and, converted to XML, validated against the same XSD (9047).

const { api } = require('./errors');
const { fromXml, toXml, normalizeJson, InvalidJsonError } = require('./convert');
const { validateAgainstXsd } = require('./schema-validate');
const { bodyFormat } = require('./http');

/**
 * @param {string} text raw body
 * @param {string} contentType request Content-Type
 * @param {string[]} roots accepted root elements, e.g. ['work:work']
 * @param {{validateJson?: boolean}} options
 * @returns {Promise<{qname: string, json: object, format: 'xml'|'json'}>}
 */
async function parseBody(text, contentType, roots, options = {}) {
	const format = bodyFormat(contentType);
	if (!format) throw api(415, 9001, null, `Unsupported media type: ${contentType || '(none)'}`);
	if (!text || !text.trim()) throw api(400, 9001, null, 'The request body is empty');
	if (format === 'xml') {
		let parsed;
		try {
			parsed = fromXml(text);
		} catch (e) {
			throw api(400, 9001, null, `Unable to read the XML body: ${e.message.split('\n')[0]}`);
		}
		if (!roots.includes(parsed.qname)) {
			throw api(
				400,
				9020,
				null,
				`Unexpected root element ${parsed.qname}, expected ${roots.join(' or ')}`,
			);
		}
		const result = await validateAgainstXsd(parsed.qname, text);
		if (!result.valid) throw api(400, 9020, null, result.errors.join('; '));
		return { qname: parsed.qname, json: parsed.json, format };
	}
	let raw;
	try {
		raw = JSON.parse(text);
	} catch (e) {
		throw api(400, 9001, null, `Unable to read the JSON body: ${e.message}`);
	}
	const qname = roots[0];
	let json;
	try {
		json = normalizeJson(qname, raw);
	} catch (e) {
		if (e instanceof InvalidJsonError) throw api(400, 9047, { error: e.message });
		throw e;
	}
	if (options.validateJson !== false) {
		const result = await validateAgainstXsd(qname, toXml(qname, json));
		if (!result.valid) throw api(400, 9047, { error: result.errors.join('; ') });
	}
	return { qname, json, format };
}

module.exports = { parseBody };

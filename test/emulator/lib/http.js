'use strict';
// Request and response helpers: content negotiation as ORCID does it (XML preferred), body
// reading, and answering in the negotiated format.

const { toXml } = require('./convert');
const { OrcidApiError, OAuthError, PlainError, api } = require('./errors');

const XML_TYPES = [
	'application/vnd.orcid+xml',
	'application/orcid+xml',
	'application/xml',
	'text/xml',
];
const JSON_TYPES = ['application/vnd.orcid+json', 'application/orcid+json', 'application/json'];
// server-side preference (ORCID's qs values favour XML)
const SERVER_QS = {
	'application/vnd.orcid+xml': 0.5,
	'application/vnd.orcid+json': 0.4,
	'application/orcid+xml': 0.3,
	'application/orcid+json': 0.2,
	'application/xml': 0.15,
	'application/json': 0.1,
	'text/xml': 0.05,
};

function mediaType(header) {
	return String(header || '')
		.split(';')[0]
		.trim()
		.toLowerCase();
}

const negotiationCache = new Map();

/** Picks the response format from Accept; null when nothing acceptable (406). */
function negotiate(accept) {
	const key = accept || '';
	if (negotiationCache.has(key)) return negotiationCache.get(key);
	let result = null;
	if (!accept || !accept.trim()) {
		result = { format: 'xml', type: 'application/vnd.orcid+xml' };
	} else {
		// as JAX-RS does: the client's q first, then the more specific media range, then the
		// server's preference (which favours XML)
		let best = null;
		for (const part of accept.split(',')) {
			const [typeRaw, ...params] = part.split(';');
			const type = typeRaw.trim().toLowerCase();
			let q = 1;
			for (const p of params) {
				const [k, v] = p.split('=').map((x) => x.trim());
				if (k === 'q') q = Number(v);
			}
			if (!q) continue;
			let candidates = [];
			let specificity = 2;
			if (type === '*/*') {
				candidates = Object.keys(SERVER_QS);
				specificity = 0;
			} else if (type === 'application/*') {
				candidates = Object.keys(SERVER_QS).filter((c) => c.startsWith('application/'));
				specificity = 1;
			} else if (type === 'text/*') {
				candidates = ['text/xml'];
				specificity = 1;
			} else if (SERVER_QS[type] !== undefined) {
				candidates = [type];
			}
			for (const c of candidates) {
				const score = [q, specificity, SERVER_QS[c]];
				const better =
					!best ||
					score[0] > best.score[0] ||
					(score[0] === best.score[0] &&
						(score[1] > best.score[1] || (score[1] === best.score[1] && score[2] > best.score[2])));
				if (better) best = { type: c, score };
			}
		}
		if (best) {
			result = {
				format: JSON_TYPES.includes(best.type) ? 'json' : 'xml',
				type: best.type,
			};
		}
	}
	if (negotiationCache.size < 1000) negotiationCache.set(key, result);
	return result;
}

/** 'xml' | 'json' | null for a request Content-Type. */
function bodyFormat(contentType) {
	const t = mediaType(contentType);
	if (XML_TYPES.includes(t)) return 'xml';
	if (JSON_TYPES.includes(t)) return 'json';
	return null;
}

function readBody(req, limit = 20 * 1024 * 1024) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > limit) {
				reject(api(413, 9001, null, 'Request entity too large'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function send(res, status, body, headers = {}) {
	if (res.headersSent || res.destroyed) return;
	const h = { ...headers };
	let payload = body;
	if (payload === undefined || payload === null) payload = '';
	if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) {
		payload = JSON.stringify(payload);
		if (!h['Content-Type']) h['Content-Type'] = 'application/json;charset=UTF-8';
	}
	h['Content-Length'] = Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(payload);
	res.writeHead(status, h);
	res.end(payload);
}

/** Serialises an ORCID JSON object with root element `qname` in the negotiated format. */
function serialise(neg, qname, json) {
	if (neg.format === 'json') return JSON.stringify(json);
	return toXml(qname, json);
}

function sendOrcid(res, neg, status, qname, json, headers = {}) {
	send(res, status, serialise(neg, qname, json), {
		'Content-Type': `${neg.type};charset=UTF-8`,
		...headers,
	});
}

/** Answers an error: ORCID error bodies follow Accept; OAuth errors are always JSON. */
function sendError(res, neg, err) {
	if (err instanceof PlainError) {
		send(res, err.status, err.body, err.headers);
		return;
	}
	if (err instanceof OAuthError) {
		send(res, err.status, err.body, {
			'Content-Type': 'application/json;charset=UTF-8',
			...err.headers,
		});
		return;
	}
	if (err instanceof OrcidApiError) {
		const n = neg || { format: 'xml', type: 'application/vnd.orcid+xml' };
		sendOrcid(res, n, err.status, 'error:error', err.body, err.headers);
		return;
	}
	const e = api(500, 9008, null, err && err.message);
	sendOrcid(
		res,
		neg || { format: 'xml', type: 'application/vnd.orcid+xml' },
		500,
		'error:error',
		e.body,
	);
}

function isLoopback(address) {
	return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

module.exports = {
	negotiate,
	bodyFormat,
	readBody,
	send,
	sendOrcid,
	sendError,
	serialise,
	mediaType,
	isLoopback,
	XML_TYPES,
	JSON_TYPES,
};

/**
 * An SMTP server on a free loopback port that accepts every message and keeps it: for the demo
 * (invitations an admin can read: each message is also written as a .eml file into a folder and
 * listed on a small web page) and for tests of workflows that send email (n8n's Send Email
 * node). No TLS, any login accepted.
 */
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const { SMTPServer } = require('smtp-server');

function header(raw, name) {
	const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
	const line = head
		.split(/\r?\n/)
		.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
	return line ? decodeWords(line.slice(name.length + 1).trim()) : '';
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=). */
function decodeWords(value) {
	return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset, enc, text) =>
		enc.toUpperCase() === 'B'
			? Buffer.from(text, 'base64').toString('utf8')
			: Buffer.from(
					text
						.replace(/_/g, ' ')
						.replace(/=([0-9A-Fa-f]{2})/g, (_x, h) => String.fromCharCode(parseInt(h, 16))),
					'latin1',
				).toString('utf8'),
	);
}

/** The body with quoted-printable soft line breaks and escapes undone. */
function decodeBody(raw) {
	const body = raw
		.split(/\r?\n\r?\n/)
		.slice(1)
		.join('\n\n');
	const qp = body
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-Fa-f]{2})/g, (_x, h) => String.fromCharCode(parseInt(h, 16)));
	return Buffer.from(qp, 'latin1').toString('utf8');
}

const escapeHtml = (s) =>
	String(s).replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
	);

/** The mailbox page: every message, newest first; /message/N shows one (its links work). */
function mailboxPage(messages, req, res) {
	const one = /^\/message\/(\d+)$/.exec(req.url ?? '');
	if (one) {
		const m = messages[Number(one[1])];
		if (!m) {
			res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such message');
			return;
		}
		const html = /<[a-z][^>]*>/i.test(m.body);
		// the message's own HTML, sandboxed: no script runs, its links can be followed
		res
			.writeHead(200, {
				'Content-Type': `${html ? 'text/html' : 'text/plain'}; charset=utf-8`,
				'Content-Security-Policy': 'sandbox allow-top-navigation-by-user-activation',
			})
			.end(m.body);
		return;
	}
	const rows = messages
		.map((m, i) => ({ m, i }))
		.reverse()
		.map(
			({ m, i }) =>
				`<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
				`<td><a href="/message/${i}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`,
		)
		.join('\n');
	res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
		`<!doctype html><meta charset="utf-8"><title>Demo mailbox</title>
<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em 1em;text-align:left}</style>
<h1>Demo mailbox</h1><p>Every email n8n sent through the demo's SMTP credential (${messages.length}).
Reload to see new ones.</p>
<table><tr><th>Received</th><th>To</th><th>Subject</th></tr>
${rows || '<tr><td colspan="3">No email yet.</td></tr>'}</table>`,
	);
}

/**
 * Starts the sink. `folder`: also write each message there as <n>-<recipient>.eml;
 * `page`: also serve the mailbox page on a free loopback port (`pageUrl`).
 */
async function startSmtpSink({ folder, page = false } = {}) {
	const messages = [];
	const waiters = [];
	if (folder) fs.mkdirSync(folder, { recursive: true });
	const server = new SMTPServer({
		secure: false,
		disabledCommands: ['STARTTLS'],
		authOptional: true,
		logger: false,
		onAuth(_auth, _session, callback) {
			callback(null, { user: 'sink' });
		},
		onData(stream, session, callback) {
			const chunks = [];
			stream.on('data', (c) => chunks.push(c));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const from = session.envelope.mailFrom;
				const message = {
					from: from ? from.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw,
					subject: header(raw, 'Subject'),
					body: decodeBody(raw),
					receivedAt: new Date().toISOString(),
				};
				messages.push(message);
				if (folder) {
					const who = (message.to[0] ?? 'nobody').replace(/[^\w.@-]/g, '_');
					const name = `${String(messages.length).padStart(4, '0')}-${who}.eml`;
					fs.writeFileSync(path.join(folder, name), raw);
				}
				for (const w of waiters.splice(0)) w();
				callback();
			});
		},
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.server.address();
	let web;
	let pageUrl;
	if (page) {
		web = http.createServer((req, res) => mailboxPage(messages, req, res));
		await new Promise((resolve) => web.listen(0, '127.0.0.1', resolve));
		pageUrl = `http://127.0.0.1:${web.address().port}/`;
	}
	return {
		host: '127.0.0.1',
		port: address.port,
		messages,
		folder,
		pageUrl,
		/** resolves once at least `count` messages arrived */
		async waitFor(count, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			while (messages.length < count) {
				if (Date.now() > deadline)
					throw new Error(`SMTP sink: ${messages.length}/${count} messages after ${timeoutMs} ms`);
				await new Promise((resolve) => {
					const timer = setTimeout(resolve, 250);
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
			return messages;
		},
		async stop() {
			if (web) await new Promise((resolve) => web.close(() => resolve()));
			await new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

module.exports = { startSmtpSink };

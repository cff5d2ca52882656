/**
 * An SMTP server on a free loopback port that accepts every message and keeps it, for tests of
 * workflows that send email (n8n's Send Email node). No TLS, any login accepted.
 */
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
	from: string;
	to: string[];
	/** the raw message (headers and body) as received */
	raw: string;
	subject: string;
	/** the body with quoted-printable soft line breaks and escapes undone */
	body: string;
}

export interface SmtpSink {
	host: string;
	port: number;
	messages: SunkMail[];
	/** resolves once at least `count` messages arrived */
	waitFor(count: number, timeoutMs?: number): Promise<SunkMail[]>;
	stop(): Promise<void>;
}

function header(raw: string, name: string): string {
	const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
	const line = head
		.split(/\r?\n/)
		.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
	return line ? decodeWords(line.slice(name.length + 1).trim()) : '';
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=). */
function decodeWords(value: string): string {
	return value.replace(
		/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
		(_m, _charset, enc: string, text: string) =>
			enc.toUpperCase() === 'B'
				? Buffer.from(text, 'base64').toString('utf8')
				: Buffer.from(
						text
							.replace(/_/g, ' ')
							.replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) =>
								String.fromCharCode(parseInt(h, 16)),
							),
						'latin1',
					).toString('utf8'),
	);
}

function decodeBody(raw: string): string {
	const body = raw
		.split(/\r?\n\r?\n/)
		.slice(1)
		.join('\n\n');
	const qp = body
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
	return Buffer.from(qp, 'latin1').toString('utf8');
}

export async function startSmtpSink(): Promise<SmtpSink> {
	const messages: SunkMail[] = [];
	const waiters: Array<() => void> = [];
	const server = new SMTPServer({
		secure: false,
		disabledCommands: ['STARTTLS'],
		authOptional: true,
		onAuth(_auth, _session, callback) {
			callback(null, { user: 'test' });
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const from = session.envelope.mailFrom;
				messages.push({
					from: from ? from.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw,
					subject: header(raw, 'Subject'),
					body: decodeBody(raw),
				});
				for (const w of waiters.splice(0)) w();
				callback();
			});
		},
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		host: '127.0.0.1',
		port,
		messages,
		async waitFor(count, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			while (messages.length < count) {
				if (Date.now() > deadline)
					throw new Error(`SMTP sink: ${messages.length}/${count} messages after ${timeoutMs} ms`);
				await new Promise<void>((resolve) => {
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
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

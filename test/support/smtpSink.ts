/**
 * The SMTP sink of scripts/smtp-sink.js (the demo's), typed for the tests of workflows that send
 * email (n8n's Send Email node).
 */
import * as sink from '../../scripts/smtp-sink';

export interface SunkMail {
	from: string;
	to: string[];
	/** the raw message (headers and body) as received */
	raw: string;
	subject: string;
	/** the body with quoted-printable soft line breaks and escapes undone */
	body: string;
	receivedAt: string;
}

export interface SmtpSink {
	host: string;
	port: number;
	messages: SunkMail[];
	/** the folder the messages are written to (.eml), when asked for */
	folder?: string;
	/** the mailbox page, when asked for */
	pageUrl?: string;
	/** resolves once at least `count` messages arrived */
	waitFor(count: number, timeoutMs?: number): Promise<SunkMail[]>;
	stop(): Promise<void>;
}

export async function startSmtpSink(
	options: { folder?: string; page?: boolean } = {},
): Promise<SmtpSink> {
	return (await sink.startSmtpSink(options)) as SmtpSink;
}

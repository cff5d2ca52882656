/**
 * Express-like request and response objects on plain node:http, as n8n's webhook server hands
 * them to a node's webhook(): parsed body (JSON, form, text/XML kept as string), rawBody, query,
 * params, cookies; res.status/set/type/send/json/redirect/cookie. Nothing is mocked: the node
 * writes to a real socket and the client reads what it wrote.
 */
import type { IncomingMessage, ServerResponse } from 'http';

export interface WebhookRequest extends IncomingMessage {
	body: unknown;
	rawBody: Buffer;
	query: Record<string, string | string[]>;
	params: Record<string, string>;
	cookies: Record<string, string>;
	path: string;
	originalUrl: string;
	contentType?: string;
	get(name: string): string | undefined;
}

export interface WebhookResponse extends ServerResponse {
	status(code: number): WebhookResponse;
	set(field: string | Record<string, string>, value?: string | string[]): WebhookResponse;
	header(field: string, value: string | string[]): WebhookResponse;
	get(field: string): string | undefined;
	type(type: string): WebhookResponse;
	send(body?: unknown): WebhookResponse;
	json(body: unknown): WebhookResponse;
	redirect(statusOrUrl: number | string, url?: string): void;
	location(url: string): WebhookResponse;
	sendStatus(code: number): WebhookResponse;
	cookie(name: string, value: string, options?: CookieOptions): WebhookResponse;
	clearCookie(name: string, options?: CookieOptions): WebhookResponse;
}

export interface CookieOptions {
	maxAge?: number;
	expires?: Date;
	path?: string;
	domain?: string;
	httpOnly?: boolean;
	secure?: boolean;
	sameSite?: 'lax' | 'strict' | 'none' | boolean;
}

const SHORT_TYPES: Record<string, string> = {
	html: 'text/html; charset=utf-8',
	text: 'text/plain; charset=utf-8',
	json: 'application/json; charset=utf-8',
	xml: 'application/xml; charset=utf-8',
	js: 'application/javascript; charset=utf-8',
	css: 'text/css; charset=utf-8',
	bin: 'application/octet-stream',
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [k, v] of search) {
		const prev = query[k];
		query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
	}
	return query;
}

function parseCookies(header: string | undefined): Record<string, string> {
	const cookies: Record<string, string> = {};
	for (const part of (header ?? '').split(';')) {
		const i = part.indexOf('=');
		if (i > 0) cookies[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
	}
	return cookies;
}

/** Reads and parses the body, then adds the Express fields n8n's webhook code relies on. */
export async function toWebhookRequest(
	req: IncomingMessage,
	params: Record<string, string> = {},
): Promise<WebhookRequest> {
	const r = req as WebhookRequest;
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	r.rawBody = await readBody(req);
	r.query = parseQuery(url.searchParams);
	r.params = params;
	r.cookies = parseCookies(req.headers.cookie);
	r.path = url.pathname;
	r.originalUrl = req.url ?? '/';
	const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	r.contentType = contentType || undefined;
	r.get = (name) => {
		const v = req.headers[name.toLowerCase()];
		return Array.isArray(v) ? v.join(', ') : v;
	};
	const text = r.rawBody.toString('utf8');
	if (r.rawBody.length === 0) r.body = {};
	else if (contentType === 'application/json' || contentType.endsWith('+json')) {
		r.body = JSON.parse(text) as unknown;
	} else if (contentType === 'application/x-www-form-urlencoded') {
		r.body = parseQuery(new URLSearchParams(text));
	} else if (contentType.startsWith('text/') || contentType.endsWith('xml')) r.body = text;
	else r.body = {};
	return r;
}

function serializeCookie(name: string, value: string, o: CookieOptions = {}): string {
	const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path ?? '/'}`];
	if (o.maxAge !== undefined) {
		parts.push(`Max-Age=${Math.floor(o.maxAge / 1000)}`);
		parts.push(`Expires=${new Date(Date.now() + o.maxAge).toUTCString()}`);
	} else if (o.expires) parts.push(`Expires=${o.expires.toUTCString()}`);
	if (o.domain) parts.push(`Domain=${o.domain}`);
	if (o.httpOnly) parts.push('HttpOnly');
	if (o.secure) parts.push('Secure');
	if (o.sameSite) parts.push(`SameSite=${o.sameSite === true ? 'Strict' : o.sameSite}`);
	return parts.join('; ');
}

/** Adds Express's response helpers to a ServerResponse. */
export function toWebhookResponse(res: ServerResponse): WebhookResponse {
	const r = res as WebhookResponse;
	r.status = (code) => {
		r.statusCode = code;
		return r;
	};
	r.set = (field, value) => {
		if (typeof field === 'object') {
			for (const [k, v] of Object.entries(field)) r.setHeader(k, v);
		} else r.setHeader(field, value ?? '');
		return r;
	};
	r.header = (field, value) => r.set(field, value);
	r.get = (field) => {
		const v = r.getHeader(field);
		return v === undefined ? undefined : String(v);
	};
	r.type = (type) => {
		r.setHeader(
			'Content-Type',
			SHORT_TYPES[type] ?? (type.includes('/') ? type : `application/${type}`),
		);
		return r;
	};
	r.json = (body) => {
		if (!r.hasHeader('Content-Type')) r.type('json');
		r.end(JSON.stringify(body));
		return r;
	};
	r.send = (body) => {
		if (body === undefined || body === null) r.end();
		else if (Buffer.isBuffer(body)) {
			if (!r.hasHeader('Content-Type')) r.type('bin');
			r.end(body);
		} else if (typeof body === 'object') return r.json(body);
		else {
			if (!r.hasHeader('Content-Type')) r.type('html');
			r.end(String(body));
		}
		return r;
	};
	r.location = (url) => {
		r.setHeader('Location', url);
		return r;
	};
	r.redirect = (statusOrUrl, url) => {
		const status = typeof statusOrUrl === 'number' ? statusOrUrl : 302;
		const target = typeof statusOrUrl === 'string' ? statusOrUrl : (url ?? '/');
		r.statusCode = status;
		r.setHeader('Location', target);
		r.type('html');
		r.end(`<p>Redirecting to <a href="${encodeURI(target)}">${encodeURI(target)}</a></p>`);
	};
	r.sendStatus = (code) => {
		r.statusCode = code;
		r.type('text');
		r.end(String(code));
		return r;
	};
	r.cookie = (name, value, options) => {
		const prev = r.getHeader('Set-Cookie');
		const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [String(prev)];
		r.setHeader('Set-Cookie', [...list, serializeCookie(name, value, options)]);
		return r;
	};
	r.clearCookie = (name, options) => r.cookie(name, '', { ...options, expires: new Date(0) });
	return r;
}

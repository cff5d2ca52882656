import type { IWebhookFunctions } from 'n8n-workflow';

import { pageHeaders } from './pages';

/** The parts of a response we use: Express's res has them, so does Node's ServerResponse. */
interface MinimalResponse {
	statusCode: number;
	headersSent?: boolean;
	setHeader(name: string, value: string): unknown;
	end(body?: string): unknown;
}

function response(ctx: IWebhookFunctions): MinimalResponse {
	return ctx.getResponseObject() as unknown as MinimalResponse;
}

/** `page`: the logo the page shows (its origin is allowed) and whether it has a form. */
export function sendHtml(
	ctx: IWebhookFunctions,
	status: number,
	html: string,
	page: { logoUrl?: string; formAction?: boolean; cookie?: string } = {},
): void {
	const res = response(ctx);
	// an answer already went out (a failure after the page was sent): nothing more to say
	if (res.headersSent) return;
	res.statusCode = status;
	for (const [name, value] of Object.entries(pageHeaders(page))) res.setHeader(name, value);
	if (page.cookie) res.setHeader('Set-Cookie', page.cookie);
	res.end(html);
}

/** A Set-Cookie header on the response another node (Respond to Webhook) will send. */
export function setCookie(ctx: IWebhookFunctions, cookie: string): void {
	const res = response(ctx);
	if (!res.headersSent) res.setHeader('Set-Cookie', cookie);
}

/**
 * 302 to ORCID from `start`; 303 (See Other) from `callback` to the result page, so a reload
 * or the back button never sends ORCID's code again. `cookie`: a Set-Cookie header to add.
 */
export function sendRedirect(
	ctx: IWebhookFunctions,
	location: string,
	options: { status?: 302 | 303; cookie?: string } = {},
): void {
	const res = response(ctx);
	if (res.headersSent) return;
	res.statusCode = options.status ?? 302;
	if (options.cookie) res.setHeader('Set-Cookie', options.cookie);
	res.setHeader('Location', location);
	res.setHeader('Cache-Control', 'no-store');
	res.setHeader('Referrer-Policy', 'no-referrer');
	res.end();
}

/** The query as plain strings: repeated parameters count as absent (no array tricks). */
export function queryStrings(ctx: IWebhookFunctions): Record<string, string> {
	const raw = (ctx.getQueryData() ?? {}) as Record<string, unknown>;
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(raw)) {
		if (typeof value === 'string') out[key] = value;
	}
	return out;
}

/** Whether the query names a parameter at all (also when empty or repeated). */
export function hasQueryParam(ctx: IWebhookFunctions, name: string): boolean {
	const raw = (ctx.getQueryData() ?? {}) as Record<string, unknown>;
	return Object.prototype.hasOwnProperty.call(raw, name);
}

/** Another path of this trigger (start, manage) next to `webhookUrl`, with a query. */
export function sibling(webhookUrl: string, path: string, query: Record<string, string>): string {
	const url = new URL(webhookUrl);
	url.pathname = url.pathname.replace(/[^/]*$/, path);
	url.search = new URLSearchParams(query).toString();
	return url.toString();
}

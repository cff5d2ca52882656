import type { IWebhookFunctions } from 'n8n-workflow';

import { PAGE_HEADERS } from '../shared/pages';

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

export function sendHtml(ctx: IWebhookFunctions, status: number, html: string): void {
	const res = response(ctx);
	// an answer already went out (a failure after the page was sent): nothing more to say
	if (res.headersSent) return;
	res.statusCode = status;
	for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
	res.end(html);
}

export function sendRedirect(ctx: IWebhookFunctions, location: string): void {
	const res = response(ctx);
	res.statusCode = 302;
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

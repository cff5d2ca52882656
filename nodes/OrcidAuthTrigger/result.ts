/**
 * Post/Redirect/Get for the callback: after the exchange the researcher is sent (303) to
 * `<callback>?result=<signed result>`, a URL without ORCID's code, from which the page is
 * drawn. Reloads, the back button and link previews re-show the same page and never reach
 * ORCID (a code sent twice makes ORCID revoke what it issued). The result is signed (nobody
 * can make our page say something else), short-lived, and holds no token.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	isProblemKind,
	pickLanguage,
	type PageLanguage,
	type ProblemKind,
} from '../shared/orcid/languages';
import { problemStatus, renderProblemPage, renderSuccessPage, type PageContext } from './pages';
import { signResult, triggerId, verifyResult, type ResultPayload } from '../shared/auth/signing';
import { sendHtml, sendRedirect, setCookie } from './respond';
import type { TriggerSettings } from './settings';

export const RESULT_PARAM = 'result';

/** How long the result page can be reloaded (seconds). */
export const RESULT_LIFETIME_SECONDS = 3600;

/** What the page says: success with the iD, or a problem page. */
export interface PageOutcome {
	kind: 'success' | ProblemKind;
	ref?: string;
	orcid?: string;
	orcidUri?: string;
	name?: string;
	/** ORCID's error code (shown on the orcid_error page only) */
	code?: string;
}

export function resultUrl(
	callback: string,
	secret: string,
	lang: PageLanguage,
	outcome: PageOutcome,
): string {
	const fields: Omit<ResultPayload, 'trg' | 'iat' | 'exp'> = { kind: outcome.kind, lang };
	for (const key of ['ref', 'orcid', 'orcidUri', 'name', 'code'] as const) {
		const value = outcome[key];
		if (typeof value === 'string' && value !== '') fields[key] = value;
	}
	const token = signResult(fields, secret, {
		triggerUrl: callback,
		lifetimeSeconds: RESULT_LIFETIME_SECONDS,
	});
	const url = new URL(callback);
	url.search = '';
	url.searchParams.set(RESULT_PARAM, token);
	return url.toString();
}

/**
 * 303 to the result page (with a Set-Cookie header when given); or, when the workflow chooses
 * the page, only the cookie: its Respond to Webhook node redirects to the item's resultPage.
 */
export function redirectToResult(
	ctx: IWebhookFunctions,
	url: string,
	cookie: string | undefined,
	byWorkflow: boolean,
): IWebhookResponseData {
	if (byWorkflow) {
		if (cookie) setCookie(ctx, cookie);
		return {};
	}
	sendRedirect(ctx, url, { status: 303, cookie });
	return { noWebhookResponse: true };
}

/** GET <callback>?result=...: draws the page; starts no execution, calls nobody. */
export function showResult(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	secret: string,
	callback: string,
	token: string,
): IWebhookResponseData {
	const checked = verifyResult(token, secret, { trigger: triggerId(callback) });
	const page: PageContext = {
		lang: pickLanguage(checked.payload?.lang, settings.defaultLanguage),
		organizationName: settings.organizationName,
		supportContact: settings.supportContact,
	};
	if (!checked.ok) {
		const kind: ProblemKind = checked.problem === 'expired' ? 'result_expired' : 'link_invalid';
		sendHtml(ctx, problemStatus(kind), renderProblemPage({ ...page, kind }));
		return { noWebhookResponse: true };
	}
	const result = checked.payload;
	page.reference = typeof result.ref === 'string' ? result.ref : undefined;
	if (result.kind === 'success' && typeof result.orcid === 'string') {
		const html = renderSuccessPage({
			...page,
			orcid: result.orcid,
			orcidUri: typeof result.orcidUri === 'string' ? result.orcidUri : '',
			name: typeof result.name === 'string' ? result.name : undefined,
			continueUrl: settings.continueUrl,
		});
		sendHtml(ctx, 200, html);
		return { noWebhookResponse: true };
	}
	const kind: ProblemKind = isProblemKind(result.kind) ? result.kind : 'link_invalid';
	const code = kind === 'orcid_error' && typeof result.code === 'string' ? result.code : null;
	sendHtml(ctx, problemStatus(kind), renderProblemPage({ ...page, kind, orcidErrorCode: code }));
	return { noWebhookResponse: true };
}

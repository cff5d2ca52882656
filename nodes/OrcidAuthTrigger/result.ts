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
import {
	signResult,
	signStartLink,
	triggerId,
	verifyResult,
	type ResultFields,
	type ResultPayload,
} from '../shared/auth/signing';
import { sendHtml, sendRedirect, setCookie, sibling } from './respond';
import { pageReference, type TriggerSettings } from './settings';
import {
	isManageOutcome,
	renderDeniedPage,
	renderManageOutcome,
	type ManageOutcome,
} from './managePages';
import { isItemKind } from './manageTexts';
import { MANAGE_PATH, START_PATH } from './description';

export const RESULT_PARAM = 'result';

/** How long the result page can be reloaded (seconds). */
export const RESULT_LIFETIME_SECONDS = 3600;

/** What the page says: success with the iD, a problem page, or a manage confirmation. */
export interface PageOutcome extends ResultFields {
	kind: 'success' | ProblemKind | ManageOutcome;
}

export function resultUrl(
	callback: string,
	secret: string,
	lang: PageLanguage,
	outcome: PageOutcome,
): string {
	const fields: Omit<ResultPayload, 'trg' | 'iat' | 'exp'> = { kind: outcome.kind, lang };
	for (const key of ['ref', 'orcid', 'orcidUri', 'name', 'code', 'retry', 'again'] as const) {
		const value = outcome[key];
		if (typeof value === 'string' && value !== '') fields[key] = value;
	}
	if (outcome.items !== undefined) fields.items = outcome.items;
	if (outcome.off !== undefined) fields.off = outcome.off;
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
		logoUrl: settings.logoUrl,
	};
	const logo = { logoUrl: settings.logoUrl };
	if (!checked.ok) {
		const kind: ProblemKind = checked.problem === 'expired' ? 'result_expired' : 'link_invalid';
		sendHtml(ctx, problemStatus(kind), renderProblemPage({ ...page, kind }), logo);
		return { noWebhookResponse: true };
	}
	const result = checked.payload;
	page.reference = pageReference(settings, result.ref);
	if (isManageOutcome(result.kind)) {
		const html = renderManageOutcome({
			...page,
			outcome: result.kind,
			itemsRemoved: result.items === true,
			optedOut: Array.isArray(result.off) ? result.off.filter(isItemKind) : [],
			manageAgainUrl:
				typeof result.again === 'string'
					? sibling(callback, MANAGE_PATH, { link: result.again, lang: page.lang })
					: undefined,
		});
		const status =
			result.kind === 'form_refused' ? 403 : result.kind === 'manage_failed' ? 503 : 200;
		sendHtml(ctx, status, html, logo);
		return { noWebhookResponse: true };
	}
	if (result.kind === 'access_denied') {
		const html = renderDeniedPage({
			...page,
			kinds: settings.itemKinds,
			writes: settings.scopes.some((s) => s.endsWith('/update')),
			retryUrl:
				typeof result.retry === 'string'
					? sibling(callback, START_PATH, { link: result.retry, lang: page.lang, confirm: '1' })
					: undefined,
		});
		sendHtml(ctx, problemStatus('access_denied'), html, logo);
		return { noWebhookResponse: true };
	}
	if (result.kind === 'success' && typeof result.orcid === 'string') {
		const html = renderSuccessPage({
			...page,
			orcid: result.orcid,
			orcidUri: typeof result.orcidUri === 'string' ? result.orcidUri : '',
			name: typeof result.name === 'string' ? result.name : undefined,
			continueUrl: settings.continueUrl,
		});
		sendHtml(ctx, 200, html, logo);
		return { noWebhookResponse: true };
	}
	const kind: ProblemKind = isProblemKind(result.kind) ? result.kind : 'link_invalid';
	const code = kind === 'orcid_error' && typeof result.code === 'string' ? result.code : null;
	sendHtml(
		ctx,
		problemStatus(kind),
		renderProblemPage({ ...page, kind, orcidErrorCode: code }),
		logo,
	);
	return { noWebhookResponse: true };
}

/**
 * The denial page's retry: a fresh start link for the same reference, as short-lived as the
 * result page. It leads through `start`, so the new sign-in gets a new state and a new browser
 * cookie; nothing of the refused sign-in is reused.
 */
export function retryStartLink(ref: string, secret: string, callback: string): string {
	return signStartLink(ref, secret, {
		lifetimeSeconds: RESULT_LIFETIME_SECONDS,
		startUrl: sibling(callback, START_PATH, {}),
	}).token;
}

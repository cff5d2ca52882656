/**
 * GET  <manage>?link=<signed manage link>[&lang=..]: the researcher's manage page.
 * POST <manage> (the page's form): stop or resume item kinds, or disconnect.
 *
 * Nothing in the URL or the form is trusted beyond its signature: who the researcher is (their
 * reference and iD) comes only from the link the ORCID Token node signed for this trigger.
 * A POST must also carry the form token of a page this trigger drew for the same link, and the
 * cookie that page set in this browser (SameSite=Strict: a form on another site cannot send it);
 * a request from another origin is refused. A refused request starts no execution.
 *
 * An accepted POST is emitted on the Manage output for the workflow to carry out (revoke the
 * tokens, delete the items it added and its token record; write orcid_opt_outs). The item
 * carries the signed confirmation pages; with "Chosen by the Workflow" a Respond to Webhook
 * node redirects to one after the work, otherwise the researcher sees "request received".
 */
import { randomBytes } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	checkManageForm,
	signManageForm,
	signManageLink,
	verifyManageLink,
	type ManageLinkPayload,
} from '../shared/auth/manageLink';
import { sha256, triggerId, type VerifyResult } from '../shared/auth/signing';
import type { OrcidClientConfig } from '../shared/http/transport';
import { orcidUri } from '../shared/orcid/environments';
import { pickLanguage, type PageLanguage } from '../shared/orcid/languages';
import { parseCookies } from './browserBinding';
import { MANAGE_PATH } from './description';
import { renderManagePage } from './managePages';
import { isItemKind, KIND_ITEM_TYPES, type ItemKind } from './manageTexts';
import { problemStatus, renderProblemPage, type PageContext } from './pages';
import { queryStrings, sendHtml, sibling } from './respond';
import { redirectToResult, resultUrl } from './result';
import { callbackUrl, type TriggerSettings } from './settings';

const COOKIE_PREFIX = 'orcid_manage_';

/** One cookie per link, so two tabs with two researchers' links do not spoil each other. */
function cookieName(link: string): string {
	return `${COOKIE_PREFIX}${sha256(link).slice(0, 16)}`;
}

function formCookie(link: string, value: string, webhookUrl: string, maxAge: number): string {
	const url = new URL(webhookUrl);
	const path = url.pathname.replace(/[^/]*$/, MANAGE_PATH);
	const secure = url.protocol === 'https:' ? '; Secure' : '';
	return `${cookieName(link)}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
}

/** The kinds a link's opt-outs (Write Item item types) stop: a kind with any of its types. */
export function kindsOptedOut(
	itemTypes: readonly string[],
	kinds: readonly ItemKind[],
): ItemKind[] {
	return kinds.filter((k) => KIND_ITEM_TYPES[k].some((type) => itemTypes.includes(type)));
}

function refuse(
	ctx: IWebhookFunctions,
	page: PageContext,
	link: VerifyResult<ManageLinkPayload>,
): IWebhookResponseData {
	const kind = !link.ok && link.problem === 'expired' ? 'link_expired' : 'link_invalid';
	ctx.logger.info(
		`ORCID Auth Trigger "${ctx.getNode().name}": manage link refused (${link.ok ? 'ok' : link.problem})`,
	);
	sendHtml(ctx, problemStatus(kind), renderProblemPage({ ...page, kind }), page);
	return { noWebhookResponse: true };
}

export async function handleManage(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	config: OrcidClientConfig,
): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject();
	const post = req.method === 'POST';
	const body = (post ? (ctx.getBodyData() ?? {}) : {}) as Record<string, unknown>;
	const q = queryStrings(ctx);
	const linkToken = post ? body.link : q.link;
	const callback = callbackUrl(ctx);
	const secret = config.linkSigningSecret;
	const lang = pickLanguage(post ? body.lang : q.lang, settings.defaultLanguage);
	const page: PageContext = {
		lang,
		organizationName: settings.organizationName,
		supportContact: settings.supportContact,
		logoUrl: settings.logoUrl,
	};
	const link = verifyManageLink(linkToken, secret, { trigger: triggerId(callback) });
	if (!link.ok || typeof linkToken !== 'string') return refuse(ctx, page, link);
	page.reference = link.payload.ref;
	if (!post) return showManagePage(ctx, settings, config, page, linkToken, link.payload);

	const cookies = parseCookies(ctx.getHeaderData().cookie);
	const form = checkManageForm(body.form, linkToken, cookies[cookieName(linkToken)], secret, {
		trigger: triggerId(callback),
	});
	// our pages send no referrer, so browsers send "Origin: null" even for our own form: the
	// Fetch Metadata header decides then (a sibling subdomain is same-site, not ours either)
	const origin = ctx.getHeaderData().origin;
	const fetchSite = ctx.getHeaderData()['sec-fetch-site'];
	const crossSite =
		(typeof origin === 'string' && origin !== 'null' && origin !== new URL(callback).origin) ||
		fetchSite === 'cross-site' ||
		fetchSite === 'same-site';
	const action = body.action;
	if (form !== 'ok' || crossSite || (action !== 'disconnect' && action !== 'preferences')) {
		ctx.logger.info(
			`ORCID Auth Trigger "${ctx.getNode().name}": manage form refused (${crossSite ? 'cross-site' : form !== 'ok' ? form : 'unknown action'})`,
		);
		const url = resultUrl(callback, secret, lang, { kind: 'form_refused', ref: link.payload.ref });
		return redirectToResult(ctx, url, undefined, false);
	}
	const item = manageItem(settings, config, callback, lang, link.payload, action, body);
	const received = resultUrl(callback, secret, lang, { kind: 'received', ref: link.payload.ref });
	return {
		...redirectToResult(ctx, received, undefined, settings.pageByWorkflow),
		workflowData: [[], [], [], [{ json: item }]],
	};
}

function showManagePage(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	config: OrcidClientConfig,
	page: PageContext,
	linkToken: string,
	link: ManageLinkPayload,
): IWebhookResponseData {
	const callback = callbackUrl(ctx);
	const value = randomBytes(32).toString('base64url');
	const lifetime = settings.manageLifetimeSeconds;
	const formToken = signManageForm(linkToken, value, config.linkSigningSecret, {
		manageUrl: callback,
		lifetimeSeconds: lifetime,
	});
	const html = renderManagePage({
		...page,
		orcid: link.orcid,
		orcidUri: orcidUri(config.environment, link.orcid),
		link: linkToken,
		formToken,
		kinds: settings.itemKinds,
		optedOut: kindsOptedOut(link.off ?? [], settings.itemKinds),
		removeItems: settings.removeItems,
		privacyUrl: settings.privacyUrl,
	});
	sendHtml(ctx, 200, html, {
		logoUrl: settings.logoUrl,
		formAction: true,
		cookie: formCookie(linkToken, value, callback, lifetime),
	});
	return { noWebhookResponse: true };
}

/** The Manage output's item: what the researcher asked for, and the pages to send them to. */
function manageItem(
	settings: TriggerSettings,
	config: OrcidClientConfig,
	callback: string,
	lang: PageLanguage,
	link: ManageLinkPayload,
	action: 'disconnect' | 'preferences',
	body: Record<string, unknown>,
): IDataObject {
	const secret = config.linkSigningSecret;
	const base = {
		action,
		reference: link.ref,
		orcid: link.orcid,
		orcidUri: orcidUri(config.environment, link.orcid),
		environment: config.environment.name,
		time: new Date().toISOString(),
		notConnectedPage: resultUrl(callback, secret, lang, { kind: 'not_connected', ref: link.ref }),
		failedPage: resultUrl(callback, secret, lang, { kind: 'manage_failed', ref: link.ref }),
	};
	if (action === 'disconnect') {
		const removeItems =
			settings.removeItems === 'always' ||
			(settings.removeItems === 'ask' && body.removeItems === '1');
		return {
			...base,
			removeItems,
			confirmationPage: resultUrl(callback, secret, lang, {
				kind: 'disconnected',
				ref: link.ref,
				items: removeItems,
			}),
		};
	}
	const sent = Array.isArray(body.send) ? body.send : body.send === undefined ? [] : [body.send];
	const kinds = settings.itemKinds;
	const off = kinds.filter((k) => !sent.includes(k));
	const was = kindsOptedOut(link.off ?? [], kinds);
	const types = (list: ItemKind[]) => list.flatMap((k) => KIND_ITEM_TYPES[k]);
	const optedOut = [
		...new Set([...(link.off ?? []).filter((t) => !types(kinds).includes(t)), ...types(off)]),
	];
	const again = signManageLink({ ref: link.ref, orcid: link.orcid, optedOut }, secret, {
		manageUrl: sibling(callback, MANAGE_PATH, {}),
		lifetimeSeconds: settings.manageLifetimeSeconds,
	}).token;
	return {
		...base,
		optOutsAdded: types(off.filter((k) => !was.includes(k))),
		optOutsRemoved: types(was.filter((k) => !off.includes(k))),
		optedOutKinds: off.filter(isItemKind),
		confirmationPage: resultUrl(callback, secret, lang, {
			kind: 'saved',
			ref: link.ref,
			off,
			again,
		}),
	};
}

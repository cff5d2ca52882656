/**
 * The researcher-facing HTML pages of the ORCID Auth Trigger (texts: shared/orcid/languages,
 * iD snippet and escaping: shared/orcid/display).
 *
 * Every value that reaches HTML goes through escapeHtml (text and attributes alike); URLs
 * in href must also be http(s) (or mailto for the support contact). Pages are
 * self-contained (inline CSS and a data: iD icon) so a strict Content-Security-Policy
 * fits, and they never show a stack trace: only what happened and what to do next.
 * Wording follows ORCID's display guidelines
 * (info.orcid.org/documentation/integration-guide/orcid-id-display-guidelines).
 */

import {
	escapeHtml,
	iconImg,
	isSafeHttpUrl,
	orcidIdHtml,
	pageText as t,
} from '../shared/orcid/display';
import { type PageLanguage, type ProblemKind } from '../shared/orcid/languages';
import { isItemKind, kindList, manageText, type ItemKind } from './manageTexts';

export interface PageContext {
	lang: PageLanguage;
	/** the vendor's name, as the researcher knows it */
	organizationName: string;
	/** e-mail address or https URL of the vendor's support */
	supportContact?: string;
	/** the vendor's user key (only when it came from a verified link or state) */
	reference?: string;
	/** the member's logo (https only; settings.ts refuses anything else) */
	logoUrl?: string;
}

const STYLE = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f4f5f2;color:#1d1d1b;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:34rem;margin:2.5rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.45rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.05rem;margin:1.5rem 0 .5rem}
p,ul{margin:0 0 1rem}
ul{padding-left:1.25rem}
a{color:#2e7f18}
a:focus,.button:focus{outline:3px solid #1d1d1b;outline-offset:2px}
.button{display:inline-flex;align-items:center;gap:.6rem;padding:.7rem 1.1rem;border:1px solid #9a9a9a;border-radius:6px;background:#fff;color:#1d1d1b;font-weight:600;text-decoration:none}
.button:hover{background:#f0f7e3}
.continue{display:inline-block;margin-top:.5rem;padding:.6rem 1rem;border-radius:6px;background:#2e7f18;color:#fff;font-weight:600;text-decoration:none}
.orcid-id{font-size:1.1rem;margin:0 0 1.25rem;word-break:break-all}
.status{display:flex;align-items:center;gap:.75rem}
.muted{color:#5b5b58;font-size:.9rem}
.logo{display:block;max-height:3rem;max-width:12rem;margin:0 0 1.25rem}
form{margin:0 0 1rem}
label{display:block;margin:.35rem 0}
button{font:inherit;cursor:pointer}
.danger{padding:.6rem 1rem;border:0;border-radius:6px;background:#a4261d;color:#fff;font-weight:600}
footer{margin-top:1.5rem;padding-top:1rem;border-top:1px solid #e1e1dd}
@media (max-width:36rem){main{margin:0;border-radius:0;box-shadow:none}}
`.trim();

function supportHtml(ctx: PageContext): string {
	const org = escapeHtml(ctx.organizationName);
	const contact = (ctx.supportContact ?? '').trim();
	if (!contact) return `<p>${t(ctx.lang, 'supportNoContact', { org })}</p>`;
	let link: string;
	if (/^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/.test(contact)) {
		link = `<a href="mailto:${escapeHtml(encodeURI(contact))}">${escapeHtml(contact)}</a>`;
	} else if (isSafeHttpUrl(contact)) {
		link = `<a href="${escapeHtml(contact)}" rel="noopener noreferrer">${escapeHtml(contact)}</a>`;
	} else {
		link = escapeHtml(contact);
	}
	return `<p>${t(ctx.lang, 'support', { support: link })}</p>`;
}

function footerHtml(ctx: PageContext): string {
	const ref =
		ctx.reference !== undefined && ctx.reference !== ''
			? `<p class="muted">${t(ctx.lang, 'reference')}: <span class="reference">${escapeHtml(ctx.reference)}</span></p>`
			: '';
	return `<footer>${supportHtml(ctx)}${ref}</footer>`;
}

export function layout(ctx: PageContext, title: string, body: string, pageKind: string): string {
	const logo = isHttpsUrl(ctx.logoUrl)
		? `<img class="logo" src="${escapeHtml(ctx.logoUrl)}" alt="${escapeHtml(ctx.organizationName)}">`
		: '';
	return (
		'<!DOCTYPE html>' +
		`<html lang="${ctx.lang}"><head><meta charset="utf-8">` +
		'<meta name="viewport" content="width=device-width, initial-scale=1">' +
		'<meta name="robots" content="noindex, nofollow">' +
		'<meta name="referrer" content="no-referrer">' +
		`<title>${title} · ${escapeHtml(ctx.organizationName)}</title>` +
		`<style>${STYLE}</style></head>` +
		`<body><main data-page="${escapeHtml(pageKind)}">${logo}${body}${footerHtml(ctx)}</main></body></html>`
	);
}

/**
 * The short page shown before ORCID's sign-in: what ORCID is, what the vendor will do,
 * and ORCID's "Create or connect your ORCID iD" button with the green iD icon.
 */
export function renderExplainPage(
	ctx: PageContext & {
		/** where the button goes (our start URL with confirm=1, or ORCID's authorize URL) */
		buttonHref: string;
		/** the scope explanation keys (scopes.ts scopeExplanationKeys) */
		scopeKeys: Array<
			'scopeAuthenticate' | 'scopeReadLimited' | 'scopeActivitiesUpdate' | 'scopePersonUpdate'
		>;
		/** the admin's own words about what the integration does (optional) */
		purpose?: string;
		/** the item kinds this workflow writes: the only ones the bullets name */
		kinds?: readonly ItemKind[];
		/** the institution's privacy statement (http(s)) */
		privacyUrl?: string;
	},
): string {
	const org = escapeHtml(ctx.organizationName);
	const lang = ctx.lang;
	const items = scopeBullets(lang, ctx.scopeKeys, ctx.kinds ?? [])
		.map((b) => `<li>${b}</li>`)
		.join('');
	const purpose = ctx.purpose ? `<p class="purpose">${escapeHtml(ctx.purpose)}</p>` : '';
	// a query-only href ('?link=...&confirm=1') resolves against the start URL itself
	const href =
		isSafeHttpUrl(ctx.buttonHref) || /^\?[^\s]*$/.test(ctx.buttonHref) ? ctx.buttonHref : '#';
	const body =
		`<h1>${t(lang, 'explainHeading', { org })}</h1>` +
		`<h2>${t(lang, 'aboutOrcidHeading')}</h2>` +
		`<p>${t(lang, 'aboutOrcid')} <a href="https://orcid.org" rel="noopener noreferrer" target="_blank">${t(lang, 'learnMore')}</a></p>` +
		`<h2>${t(lang, 'whatWeDo', { org })}</h2>${purpose}<ul>${items}</ul>` +
		storedHtml(ctx, ctx.privacyUrl) +
		`<p class="muted">${t(lang, 'howItWorks')}</p>` +
		`<p><a class="button" id="orcid-connect" href="${escapeHtml(href)}">${iconImg(lang, 24)}<span>${t(lang, 'button')}</span></a></p>`;
	return layout(ctx, t(lang, 'explainTitle'), body, 'explain');
}

type ScopeKey =
	| 'scopeAuthenticate'
	| 'scopeReadLimited'
	| 'scopeActivitiesUpdate'
	| 'scopePersonUpdate';

/**
 * The explanation page's bullets, one per scope; the update scopes' bullets name only the
 * item kinds the workflow writes (none named when the admin chose none).
 */
export function scopeBullets(
	lang: PageLanguage,
	scopeKeys: readonly ScopeKey[],
	kinds: readonly ItemKind[],
): string[] {
	const chosen = kinds.filter(isItemKind);
	const activities = chosen.filter((k) => k !== 'profileLinks');
	return scopeKeys.map((key) => {
		if (key === 'scopeActivitiesUpdate') {
			return activities.length > 0
				? manageText(lang, 'activitiesKinds', { kinds: kindList(lang, activities) })
				: manageText(lang, 'activitiesNone');
		}
		if (key === 'scopePersonUpdate') {
			return chosen.includes('profileLinks')
				? manageText(lang, 'personLinks', { kinds: kindList(lang, ['profileLinks']) })
				: manageText(lang, 'personNone');
		}
		return t(lang, key);
	});
}

/** What is stored, and the privacy statement when the institution gave one. */
export function storedHtml(ctx: PageContext, privacyUrl: string | undefined): string {
	const org = escapeHtml(ctx.organizationName);
	const privacy = isSafeHttpUrl(privacyUrl)
		? ` ${manageText(ctx.lang, 'privacy', {
				link: `<a id="privacy" href="${escapeHtml(privacyUrl)}" rel="noopener noreferrer" target="_blank">${manageText(ctx.lang, 'privacyLink', { org })}</a>`,
			})}`
		: '';
	return (
		`<h2>${manageText(ctx.lang, 'storedHeading')}</h2>` +
		`<p class="stored">${manageText(ctx.lang, 'stored', { org })}${privacy}</p>`
	);
}

/** Only https URLs (the member logo is loaded by the researcher's browser). */
export function isHttpsUrl(value: unknown): value is string {
	return isSafeHttpUrl(value) && value.startsWith('https://');
}

/**
 * The confirmation page: the authenticated iD icon with the environment's full iD URI as
 * a link (ORCID's preferred "Full" display), the name, and an optional continue link to
 * an admin-configured URL.
 */
export function renderSuccessPage(
	ctx: PageContext & {
		orcid: string;
		orcidUri: string;
		name?: string | null;
		continueUrl?: string;
	},
): string {
	const lang = ctx.lang;
	const org = escapeHtml(ctx.organizationName);
	const greeting = ctx.name
		? t(lang, 'successBodyNamed', {
				org,
				name: `<span class="name">${escapeHtml(ctx.name)}</span>`,
			})
		: t(lang, 'successBody', { org });
	const cont = isSafeHttpUrl(ctx.continueUrl)
		? `<p><a class="continue" id="continue" href="${escapeHtml(ctx.continueUrl)}">${t(lang, 'continue')}</a></p>`
		: '';
	const body =
		`<div class="status">${iconImg(lang, 40)}<h1 style="margin:0">${t(lang, 'successTitle')}</h1></div>` +
		`<p style="margin-top:1rem">${greeting}</p>` +
		`<p class="orcid-id">${orcidIdHtml({ orcidUri: ctx.orcidUri, orcid: ctx.orcid, lang, iconSize: 24 })}</p>` +
		`<p class="muted">${t(lang, 'revokeHint')}</p>${cont}`;
	return layout(ctx, t(lang, 'successTitle'), body, 'success');
}

/** A kind page: what happened, what to do, whom to ask. No internals. */
export function renderProblemPage(
	ctx: PageContext & { kind: ProblemKind; orcidErrorCode?: string | null },
): string {
	const lang = ctx.lang;
	const org = escapeHtml(ctx.organizationName);
	const code =
		ctx.orcidErrorCode && /^[A-Za-z0-9_.-]{1,64}$/.test(ctx.orcidErrorCode)
			? `<p class="muted">${t(lang, 'problemCode', { code: `<code>${escapeHtml(ctx.orcidErrorCode)}</code>` })}</p>`
			: '';
	const body =
		`<h1>${t(lang, `${ctx.kind}Title`)}</h1>` +
		`<p>${t(lang, `${ctx.kind}Body`, { org })}</p>` +
		`<p>${t(lang, `${ctx.kind}Next`, { org })}</p>${code}`;
	return layout(ctx, t(lang, `${ctx.kind}Title`), body, ctx.kind);
}

/** The HTTP status that goes with each problem page. */
export function problemStatus(kind: ProblemKind): number {
	switch (kind) {
		case 'access_denied':
			return 200;
		case 'link_expired':
		case 'state_expired':
			return 410;
		case 'result_expired':
			return 410;
		case 'code_reused':
		case 'wrong_orcid':
		case 'state_used':
		case 'already_connected':
			return 409;
		case 'orcid_error':
			return 502;
		case 'orcid_unavailable':
		case 'setup_error':
			return 503;
		default:
			return 400;
	}
}

/**
 * The headers of a page: PAGE_HEADERS, with the logo's origin allowed as an image source and,
 * for the manage page, its form allowed to post back to this server.
 */
export function pageHeaders(
	options: { logoUrl?: string; formAction?: boolean } = {},
): Record<string, string> {
	const img = isHttpsUrl(options.logoUrl) ? ` ${new URL(options.logoUrl).origin}` : '';
	const form = options.formAction ? "'self'" : "'none'";
	return {
		...PAGE_HEADERS,
		'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; img-src data:${img}; form-action ${form}; frame-ancestors 'none'; base-uri 'none'`,
	};
}

/** Response headers for every page: no caching, no referrer (the URL carries the code), strict CSP. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
	'Content-Type': 'text/html; charset=utf-8',
	'Cache-Control': 'no-store',
	'Referrer-Policy': 'no-referrer',
	'X-Content-Type-Options': 'nosniff',
	'X-Frame-Options': 'DENY',
	'Content-Security-Policy':
		"default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
};

/**
 * The manage page (the researcher's own: stop item kinds, disconnect), its confirmations, and
 * the denial page with its retry button. Same rules as pages.ts: everything escaped, no script.
 */
import {
	escapeHtml,
	iconImg,
	isSafeHttpUrl,
	orcidIdHtml,
	pageText as t,
} from '../shared/orcid/display';
import { layout, storedHtml, type PageContext } from './pages';
import { isItemKind, kindList, manageText as m, type ItemKind } from './manageTexts';
import type { RemoveItemsPolicy } from './settings';

/** What a confirmation page can say. */
export type ManageOutcome =
	| 'disconnected'
	| 'saved'
	| 'received'
	| 'manage_failed'
	| 'not_connected'
	| 'form_refused';

export const MANAGE_OUTCOMES: readonly ManageOutcome[] = [
	'disconnected',
	'saved',
	'received',
	'manage_failed',
	'not_connected',
	'form_refused',
];

export function isManageOutcome(value: unknown): value is ManageOutcome {
	return typeof value === 'string' && (MANAGE_OUTCOMES as readonly string[]).includes(value);
}

function capitalized(html: string): string {
	return html.charAt(0).toUpperCase() + html.slice(1);
}

export function renderManagePage(
	ctx: PageContext & {
		orcid: string;
		orcidUri: string;
		/** the signed link, sent back with the form */
		link: string;
		formToken: string;
		kinds: readonly ItemKind[];
		optedOut: readonly string[];
		removeItems: RemoveItemsPolicy;
		privacyUrl?: string;
	},
): string {
	const { lang } = ctx;
	const org = escapeHtml(ctx.organizationName);
	const hidden =
		`<input type="hidden" name="link" value="${escapeHtml(ctx.link)}">` +
		`<input type="hidden" name="form" value="${escapeHtml(ctx.formToken)}">` +
		`<input type="hidden" name="lang" value="${escapeHtml(lang)}">`;
	const boxes = ctx.kinds
		.filter(isItemKind)
		.map(
			(k) =>
				`<label><input type="checkbox" name="send" value="${k}"${ctx.optedOut.includes(k) ? '' : ' checked'}> ${capitalized(kindList(lang, [k]))}</label>`,
		)
		.join('');
	const sendForm = boxes
		? `<h2>${m(lang, 'sendHeading', { org })}</h2><p>${m(lang, 'sendIntro', { org })}</p>` +
			`<form method="post" id="preferences">${hidden}<input type="hidden" name="action" value="preferences">${boxes}` +
			`<p><button class="button" type="submit" id="save">${m(lang, 'save')}</button></p></form>`
		: '';
	const removal =
		ctx.removeItems === 'ask'
			? `<label><input type="checkbox" name="removeItems" value="1" id="remove-items"> ${m(lang, 'removeAsk', { org })}</label>`
			: `<p>${m(lang, ctx.removeItems === 'always' ? 'removeAlways' : 'removeNever', { org })}</p>`;
	const body =
		`<div class="status">${iconImg(lang, 40)}<h1 style="margin:0">${m(lang, 'manageTitle')}</h1></div>` +
		`<p style="margin-top:1rem">${m(lang, 'manageIntro', { org })}</p>` +
		`<p class="orcid-id">${orcidIdHtml({ orcidUri: ctx.orcidUri, orcid: ctx.orcid, lang, iconSize: 24 })}</p>` +
		sendForm +
		`<h2>${m(lang, 'disconnectHeading')}</h2><p>${m(lang, 'disconnectIntro', { org })}</p>` +
		`<form method="post" id="disconnect">${hidden}<input type="hidden" name="action" value="disconnect">${removal}` +
		`<p><button class="danger" type="submit" id="disconnect-button">${m(lang, 'disconnect')}</button></p></form>` +
		storedHtml(ctx, ctx.privacyUrl);
	return layout(ctx, m(lang, 'manageTitle'), body, 'manage');
}

/** A confirmation (or refusal) after the manage page's form. */
export function renderManageOutcome(
	ctx: PageContext & {
		outcome: ManageOutcome;
		itemsRemoved?: boolean;
		/** kinds now opted out of (saved) */
		optedOut?: readonly ItemKind[];
		/** a fresh manage link (saved) */
		manageAgainUrl?: string;
	},
): string {
	const { lang, outcome } = ctx;
	const org = escapeHtml(ctx.organizationName);
	let body = `<p>${m(lang, `${outcome}Body` as 'receivedBody', { org })}</p>`;
	if (outcome === 'disconnected') {
		body =
			`<p>${m(lang, 'disconnectedBody', { org })}</p>` +
			(ctx.itemsRemoved
				? `<p id="items-removed">${m(lang, 'disconnectedItems', { org })}</p>`
				: '') +
			`<p>${m(lang, 'disconnectedAgain', { org })}</p>`;
	} else if (outcome === 'saved') {
		const off = (ctx.optedOut ?? []).filter(isItemKind);
		body =
			off.length > 0
				? `<p>${m(lang, 'savedOff', { org })}</p><ul id="opted-out">${off.map((k) => `<li>${capitalized(kindList(lang, [k]))}</li>`).join('')}</ul>`
				: `<p>${m(lang, 'savedNone', { org })}</p>`;
		if (isSafeHttpUrl(ctx.manageAgainUrl)) {
			body += `<p><a class="continue" id="manage-again" href="${escapeHtml(ctx.manageAgainUrl)}">${m(lang, 'manageAgain')}</a></p>`;
		}
	}
	const title = m(lang, `${outcome}Title` as 'receivedTitle');
	const heading =
		outcome === 'disconnected' || outcome === 'saved'
			? `<div class="status">${iconImg(lang, 40)}<h1 style="margin:0">${title}</h1></div><div style="margin-top:1rem">${body}</div>`
			: `<h1>${title}</h1>${body}`;
	return layout(ctx, title, heading, outcome);
}

/**
 * The denial page: what ORCID is and what the institution would do, in two sentences, and a
 * button that starts a new sign-in (a fresh start link: new state, new browser cookie).
 */
export function renderDeniedPage(
	ctx: PageContext & { kinds: readonly ItemKind[]; writes: boolean; retryUrl?: string },
): string {
	const { lang } = ctx;
	const org = escapeHtml(ctx.organizationName);
	const kinds = ctx.writes ? ctx.kinds.filter(isItemKind) : [];
	const would =
		kinds.length > 0
			? m(lang, 'deniedWouldKinds', { org, kinds: kindList(lang, kinds) })
			: m(lang, 'deniedWouldId', { org });
	const retry = isSafeHttpUrl(ctx.retryUrl)
		? `<p><a class="button" id="orcid-retry" href="${escapeHtml(ctx.retryUrl)}">${iconImg(lang, 24)}<span>${m(lang, 'retry')}</span></a></p>`
		: `<p>${t(lang, 'access_deniedNext', { org })}</p>`;
	const body =
		`<h1>${t(lang, 'access_deniedTitle')}</h1>` +
		`<p>${t(lang, 'access_deniedBody', { org })}</p>` +
		`<p class="about">${m(lang, 'deniedOrcid')} ${would}</p>` +
		retry;
	return layout(ctx, t(lang, 'access_deniedTitle'), body, 'access_denied');
}

/**
 * GET <start>?link=<signed start link>[&lang=..][&given_names=..&family_names=..&email=..|&orcid=..]
 *
 * Verifies the personal start link (made by the ORCID Token node), then either shows the
 * explanation page or 302s to ORCID's authorize URL with a freshly signed state. Never
 * starts an execution: a forged or expired link gets a kind page and nothing else.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { buildAuthorizeUrl, prefillFromQuery, prefillToQuery } from '../shared/auth/authorize';
import { pickLanguage } from '../shared/orcid/languages';
import { problemStatus, renderExplainPage, renderProblemPage, type PageContext } from './pages';
import { scopeExplanationKeys } from '../shared/auth/scopes';
import { randomNonce, signState, triggerId, verifyStartLink } from '../shared/auth/signing';
import type { OrcidClientConfig } from '../shared/http/transport';
import { newBrowserBinding } from './browserBinding';
import { queryStrings, sendHtml, sendRedirect } from './respond';
import { callbackUrl, pageReference, warnIfInsecure, type TriggerSettings } from './settings';

export const START_LINK_PARAM = 'link';

export async function handleStart(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	config: OrcidClientConfig,
): Promise<IWebhookResponseData> {
	const q = queryStrings(ctx);
	const lang = pickLanguage(q.lang, settings.defaultLanguage);
	const page: PageContext = {
		lang,
		organizationName: settings.organizationName,
		supportContact: settings.supportContact,
		logoUrl: settings.logoUrl,
	};

	const redirectUri = callbackUrl(ctx);
	const link = verifyStartLink(q[START_LINK_PARAM], config.linkSigningSecret, {
		trigger: triggerId(redirectUri),
	});
	if (!link.ok) {
		const kind = link.problem === 'expired' ? 'link_expired' : 'link_invalid';
		// an expired link is still authentic, so its reference may help support
		const reference =
			link.problem === 'expired' ? pageReference(settings, link.payload?.ref) : undefined;
		ctx.logger.info(
			`ORCID Auth Trigger "${ctx.getNode().name}": start link refused (${link.problem === 'other_trigger' ? 'made for another trigger' : link.problem})`,
		);
		sendHtml(ctx, problemStatus(kind), renderProblemPage({ ...page, kind, reference }), page);
		return { noWebhookResponse: true };
	}
	const ref = link.payload.ref;
	warnIfInsecure(ctx, redirectUri);
	const prefill = prefillFromQuery(q);

	if (settings.showExplainPage && q.confirm !== '1') {
		const again = new URLSearchParams({ [START_LINK_PARAM]: q[START_LINK_PARAM] });
		if (q.lang) again.set('lang', q.lang);
		for (const [key, value] of Object.entries(prefillToQuery(prefill))) again.set(key, value);
		again.set('confirm', '1');
		const html = renderExplainPage({
			...page,
			reference: pageReference(settings, ref),
			buttonHref: `?${again.toString()}`,
			scopeKeys: scopeExplanationKeys(settings.scopes),
			purpose: settings.purpose || undefined,
			kinds: settings.itemKinds,
			privacyUrl: settings.privacyUrl,
		});
		sendHtml(ctx, 200, html, page);
		return { noWebhookResponse: true };
	}

	// The state is minted when the researcher leaves for ORCID, so its lifetime covers
	// only the sign-in, not the time spent reading the explanation page.
	const nonce = randomNonce();
	const binding = newBrowserBinding(nonce, redirectUri, settings.stateLifetimeSeconds);
	const state = signState(
		{ ref, lang, nonce, browserHash: binding.hash, triggerUrl: redirectUri },
		config.linkSigningSecret,
		{ lifetimeSeconds: settings.stateLifetimeSeconds },
	);
	const url = buildAuthorizeUrl({
		environment: config.environment,
		clientId: config.clientId,
		scopes: settings.scopes,
		redirectUri,
		state: state.token,
		nonce: settings.scopes.includes('openid') ? state.payload.nonce : undefined,
		lang: q.lang || lang,
		prefill,
	});
	sendRedirect(ctx, url, { cookie: binding.setCookie });
	return { noWebhookResponse: true };
}

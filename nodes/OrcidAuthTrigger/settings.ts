import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { isHttpsOrLoopback } from '../shared/auth/authorize';
import { pickLanguage, type PageLanguage } from '../shared/orcid/languages';
import { isSafeHttpUrl } from '../shared/orcid/display';
import { type PageContext } from './pages';
import { isScopePreset, scopesForPreset, type ScopePreset } from '../shared/auth/scopes';
import { CALLBACK_PATH } from './description';
import { isHttpsUrl } from './pages';
import { isItemKind, type ItemKind } from './manageTexts';

/** Whether the manage page removes the items we added when a researcher disconnects. */
export type RemoveItemsPolicy = 'never' | 'ask' | 'always';

export interface TriggerSettings {
	apiType: 'member' | 'public';
	scopes: string[];
	openid: boolean;
	organizationName: string;
	supportContact: string;
	showExplainPage: boolean;
	continueUrl?: string;
	defaultLanguage: PageLanguage;
	purpose: string;
	stateLifetimeSeconds: number;
	/** whether a Respond to Webhook node sends the researcher's page */
	pageByWorkflow: boolean;
	/** the item kinds this workflow writes: the only ones the pages name */
	itemKinds: ItemKind[];
	privacyUrl?: string;
	/** https only */
	logoUrl?: string;
	removeItems: RemoveItemsPolicy;
	/** lifetime of the manage page's form and of the links its confirmation offers (seconds) */
	manageLifetimeSeconds: number;
	/** whether pages show the vendor's reference (an internal user key: off unless asked for) */
	showReference: boolean;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function readSettings(ctx: IWebhookFunctions): TriggerSettings {
	const apiType = ctx.getNodeParameter('apiType', 'member') === 'public' ? 'public' : 'member';
	const presetParam =
		apiType === 'public' ? 'authenticate' : ctx.getNodeParameter('scopePreset', 'activitiesUpdate');
	if (!isScopePreset(presetParam)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Unknown permissions preset "${String(presetParam)}"`,
		);
	}
	const openid = ctx.getNodeParameter('openid', false) === true;
	let scopes: string[];
	try {
		scopes = scopesForPreset(presetParam as ScopePreset, { openid, apiType });
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const organizationName = text(ctx.getNodeParameter('organizationName', ''));
	if (!organizationName)
		throw new NodeOperationError(ctx.getNode(), 'The Organization Name parameter is empty');
	const continueUrl = text(ctx.getNodeParameter('continueUrl', ''));
	if (continueUrl && !isSafeHttpUrl(continueUrl)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The Continue URL must be an http(s) URL, got "${continueUrl}"`,
		);
	}
	const minutes = Number(options.stateLifetimeMinutes ?? 10);
	if (!Number.isFinite(minutes) || minutes < 1 || minutes > 60) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The sign-in lifetime must be between 1 and 60 minutes, got "${String(options.stateLifetimeMinutes)}"`,
		);
	}
	return {
		...pageOptions(ctx, options),
		apiType,
		scopes,
		openid,
		organizationName,
		supportContact: text(ctx.getNodeParameter('supportContact', '')),
		showExplainPage: ctx.getNodeParameter('showExplainPage', true) !== false,
		continueUrl: continueUrl || undefined,
		defaultLanguage: pickLanguage(options.defaultLanguage),
		purpose: text(options.purpose),
		stateLifetimeSeconds: Math.round(minutes * 60),
		pageByWorkflow: ctx.getNodeParameter('pageResponse', 'trigger') === 'workflow',
		showReference: options.showReference === true,
	};
}

/** What the pages say and show beyond the basics: item kinds, privacy statement, logo, removal. */
function pageOptions(
	ctx: IWebhookFunctions,
	options: IDataObject,
): Pick<
	TriggerSettings,
	'itemKinds' | 'privacyUrl' | 'logoUrl' | 'removeItems' | 'manageLifetimeSeconds'
> {
	const rawKinds = ctx.getNodeParameter('itemKinds', []) as unknown;
	const kinds = Array.isArray(rawKinds) ? rawKinds : [];
	const unknownKind = kinds.find((k) => !isItemKind(k));
	if (unknownKind !== undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Unknown item kind "${String(unknownKind)}" in Items You Add`,
		);
	}
	const privacyUrl = text(ctx.getNodeParameter('privacyUrl', ''));
	if (privacyUrl && !isSafeHttpUrl(privacyUrl)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The Privacy Statement URL must be an http(s) URL, got "${privacyUrl}"`,
		);
	}
	const logoUrl = text(options.logoUrl);
	if (logoUrl && !isHttpsUrl(logoUrl)) {
		// a logo over http would make every page mixed content; anything else is refused
		throw new NodeOperationError(
			ctx.getNode(),
			`The Logo URL must be an https URL, got "${logoUrl}"`,
		);
	}
	const removeItems = String(options.removeItems ?? 'ask');
	if (!['never', 'ask', 'always'].includes(removeItems)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown Remove Our Items choice "${removeItems}"`);
	}
	return {
		itemKinds: kinds as ItemKind[],
		privacyUrl: privacyUrl || undefined,
		logoUrl: logoUrl || undefined,
		removeItems: removeItems as RemoveItemsPolicy,
		manageLifetimeSeconds: 3600,
	};
}

/** The reference a researcher's page shows: none unless the admin chose to show it. */
export function pageReference(settings: TriggerSettings, ref: unknown): string | undefined {
	return settings.showReference && typeof ref === 'string' && ref !== '' ? ref : undefined;
}

/** Page context before the settings could be read (a misconfigured node). */
export function fallbackPageContext(ctx: IWebhookFunctions): PageContext {
	let organizationName = '';
	let supportContact = '';
	try {
		organizationName = text(ctx.getNodeParameter('organizationName', ''));
		supportContact = text(ctx.getNodeParameter('supportContact', ''));
	} catch {
		// expressions that fail to resolve: the page still renders with neutral wording
		organizationName = '';
	}
	return { lang: 'en', organizationName: organizationName || 'us', supportContact };
}

/** The redirect URI ORCID sends researchers back to (always the production URL). */
export function callbackUrl(ctx: IWebhookFunctions | IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), `The ${CALLBACK_PATH} webhook has no URL`);
	return url;
}

/** ORCID requires HTTPS redirect URIs in production; warn, since loopback is fine for tests. */
export function warnIfInsecure(ctx: IWebhookFunctions | IHookFunctions, url: string): boolean {
	if (isHttpsOrLoopback(url)) return false;
	ctx.logger.warn(
		`ORCID Auth Trigger "${ctx.getNode().name}": the callback URL ${url} is not HTTPS. ORCID accepts only HTTPS redirect URIs in production; set N8N_WEBHOOK_URL to an https address.`,
	);
	return true;
}

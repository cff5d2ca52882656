import {
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { orcidNodeDescription } from '../shared/node/nodeDescription';
import { problemStatus, renderProblemPage } from './pages';
import { PLAIN_TOKENS_MESSAGE } from '../shared/node/plainTokens';
import { loadClientConfig } from '../shared/node/clientConfig';
import type { OrcidClientConfig } from '../shared/http/transport';
import { handleCallback } from './callback';
import { CALLBACK_PATH, MANAGE_PATH, START_PATH, triggerProperties } from './description';
import { handleManage } from './manage';
import { sendHtml } from './respond';
import {
	callbackUrl,
	fallbackPageContext,
	readSettings,
	warnIfInsecure,
	type TriggerSettings,
} from './settings';
import { handleStart } from './start';

/**
 * Researchers connect their ORCID iD: `start` (a personal, signed start link) sends them to
 * ORCID, `callback` receives them back, exchanges the code and emits the stored token record.
 */
export class OrcidAuthTrigger implements INodeType {
	description: INodeTypeDescription = {
		...orcidNodeDescription({
			displayName: 'ORCID Auth Trigger',
			name: 'orcidAuthTrigger',
			group: ['trigger'],
			description: 'Starts when a researcher connects their ORCID iD through OAuth',
			// Manage comes last, so workflows made before it keep their connections
			outputNames: ['Connected', 'Not Connected', 'Traffic', 'Manage'],
			trigger: true,
			webhooks: [
				{
					// n8n allows only the names 'setup' and 'default'; webhook() branches on them
					name: 'setup',
					httpMethod: 'GET',
					responseMode: 'onReceived',
					path: START_PATH,
				},
				{
					name: 'default',
					httpMethod: 'GET',
					// "Chosen by the Workflow": a Respond to Webhook node sends the page
					responseMode:
						'={{$parameter["pageResponse"] === "workflow" ? "responseNode" : "onReceived"}}',
					path: CALLBACK_PATH,
				},
				{
					// the researcher's manage page; webhook() tells it from the callback by its path
					name: 'default',
					httpMethod: 'GET',
					responseMode: 'onReceived',
					path: MANAGE_PATH,
				},
				{
					name: 'default',
					httpMethod: 'POST',
					responseMode:
						'={{$parameter["pageResponse"] === "workflow" ? "responseNode" : "onReceived"}}',
					path: MANAGE_PATH,
				},
			],
			properties: triggerProperties,
		}),
		// n8n's lint reads these from the class itself (and checks the icon files)
		icon: { light: 'file:../shared/icons/orcid.svg', dark: 'file:../shared/icons/orcid.dark.svg' },
		subtitle: '={{$parameter["apiType"] === "public" ? "Public API" : "Member API"}}',
	};

	/**
	 * Nothing is registered remotely: the callback URL is registered once, by hand, as a
	 * redirect URI of the ORCID client. These hooks only warn, at each activation (n8n calls
	 * create() only when checkExists() says false), about a non-HTTPS URL and plain tokens.
	 * They hang on the one 'setup' webhook: n8n runs a name's hooks once per webhook of that
	 * name, and the callback and manage webhooks share the name 'default'.
	 */
	webhookMethods = {
		setup: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				warnIfInsecure(this, callbackUrl(this));
				await warnIfTokensPlain(this);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const which =
			this.getWebhookName() === 'setup'
				? 'start'
				: String(this.getRequestObject().path ?? '').endsWith(`/${MANAGE_PATH}`)
					? 'manage'
					: 'callback';
		let settings: TriggerSettings;
		let config: OrcidClientConfig;
		try {
			settings = readSettings(this);
			config = await loadClientConfig.call(this, settings.apiType);
		} catch (error) {
			return setupProblem(this, which, error);
		}
		try {
			if (which === 'start') return await handleStart(this, settings, config);
			if (which === 'manage') return await handleManage(this, settings, config);
			return await handleCallback(this, settings, config);
		} catch (error) {
			return setupProblem(this, which, error, {
				lang: settings.defaultLanguage,
				organizationName: settings.organizationName,
				supportContact: settings.supportContact,
				logoUrl: settings.logoUrl,
			});
		}
	}
}

/**
 * A trigger runs webhook(), whose context has no execution hints: the notice about a credential
 * without a Token Encryption Key goes to n8n's log at activation (and the credential form shows it).
 */
async function warnIfTokensPlain(ctx: IHookFunctions): Promise<void> {
	let config: OrcidClientConfig;
	try {
		const apiType = ctx.getNodeParameter('apiType', 'member') === 'public' ? 'public' : 'member';
		config = await loadClientConfig.call(ctx, apiType);
	} catch {
		// a credential that cannot be read is reported when the first researcher arrives
		return;
	}
	if (!config.tokenEncryptionKey) {
		ctx.logger.warn(`ORCID Auth Trigger "${ctx.getNode().name}": ${PLAIN_TOKENS_MESSAGE}`);
	}
}

/** A kind page instead of n8n's error answer; the details go to the n8n log only. */
function setupProblem(
	ctx: IWebhookFunctions,
	which: string,
	error: unknown,
	page = fallbackPageContext(ctx),
): IWebhookResponseData {
	ctx.logger.error(
		`ORCID Auth Trigger "${ctx.getNode().name}" (${which}): ${(error as Error)?.message ?? String(error)}`,
	);
	const kind = 'setup_error';
	sendHtml(ctx, problemStatus(kind), renderProblemPage({ ...page, kind }), page);
	return { noWebhookResponse: true };
}

/**
 * Shared pieces of the ORCID Auth Trigger and ORCID Token engine tests: workflow JSON,
 * start links signed like the Token node signs them, and following the OAuth round trip
 * against the emulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { newBrowserBinding } from '../../nodes/OrcidAuthTrigger/browserBinding';
import { randomNonce, signStartLink, signState } from '../../nodes/shared/auth/signing';
import { JOSIAH as CARBERRY } from '../emulator/helpers';
import {
	afterManualTrigger,
	credentialsFor,
	EMULATOR_CLIENTS,
	serveWorkflow,
	type WebhookCallResult,
	type WebhookRequestSpec,
	type WebhookServer,
	type WorkflowJson,
} from '../harness';
import { emulatorForSuite, MEMBER_CLIENT, type Emulator } from './writeItem.support';

export const TRIGGER = 'ORCID Auth Trigger';
export const TOKEN = 'ORCID Token';
export { JOSIAH as CARBERRY, LAURE as SECOND } from '../emulator/helpers';
export const MEMBER_SECRET: string = EMULATOR_CLIENTS.member.clientSecret;
export const PUBLIC_SECRET: string = EMULATOR_CLIENTS.public.clientSecret;
export const CONTINUE_URL = 'https://portal.example.edu/orcid/done';
export const SUPPORT = 'orcid-help@example.edu';

/** The Token node's Request Permission items: the one work a notification names. */
export const PERMISSION_ITEMS = {
	item: [
		{
			itemType: 'work',
			itemName: 'A Study',
			externalIdType: 'doi',
			externalIdValue: '10.5555/1',
		},
	],
};

/** An ORCID address nobody listens on: for nodes that must make no ORCID call. */
export const NOWHERE = {
	url: 'http://127.0.0.1:9',
	publicApi: 'http://127.0.0.1:9/pub',
	memberApi: 'http://127.0.0.1:9/api',
};

export function triggerWorkflow(parameters: IDataObject = {}): WorkflowJson {
	return {
		id: 'wf-auth',
		name: 'ORCID auth',
		nodes: [
			{
				id: 'n-trigger',
				name: TRIGGER,
				type: 'n8n-nodes-orcid.orcidAuthTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: '6f1c2a57-0d7e-4f5e-9c55-2f4fbbd2a001',
				parameters: {
					apiType: 'member',
					scopePreset: 'activitiesUpdate',
					organizationName: 'Example University',
					supportContact: SUPPORT,
					continueUrl: CONTINUE_URL,
					showExplainPage: false,
					...parameters,
				},
			},
		],
		connections: {},
	};
}

export function tokenWorkflow(parameters: IDataObject): WorkflowJson {
	return afterManualTrigger(
		{
			id: 'n-token',
			name: TOKEN,
			type: 'n8n-nodes-orcid.orcidToken',
			parameters: { apiType: 'member', resource: 'token', ...parameters },
		},
		{ id: 'wf-token', name: 'ORCID token' },
	);
}

/** A researcher's grant as the emulator's consent takes it (member client, Carberry by default). */
export interface Grant {
	redirectUri: string | null;
	state: string | null;
	scope: string | null;
	clientId?: string | null;
	orcid?: string;
	nonce?: string;
}

/** What the researcher's Authorize click gives, through the emulator's control API. */
export async function consent(
	emu: Emulator,
	grant: Grant,
): Promise<{ redirect: string; code: string; state: string }> {
	return await emu.control('POST', '/_emulator/consent', {
		clientId: MEMBER_CLIENT,
		orcid: CARBERRY,
		...grant,
	});
}

/** A start link for the trigger of `server` (or for the trigger at a start URL). */
export function startLink(
	server: WebhookServer | string,
	ref: string,
	secret = MEMBER_SECRET,
	ageSeconds = 0,
	lifetime = 3600,
): string {
	const startUrl = typeof server === 'string' ? server : server.webhookUrl(TRIGGER, 'setup');
	return signStartLink(ref, secret, {
		lifetimeSeconds: lifetime,
		now: Date.now() - ageSeconds * 1000,
		startUrl,
	}).token;
}

/**
 * One researcher's browser: keeps the cookies the trigger sets (all on one host, so paths
 * are not told apart) and sends them back, as Chromium does.
 */
export class TestBrowser {
	readonly cookies = new Map<string, string>();

	constructor(readonly server: WebhookServer) {}

	private remember(result: WebhookCallResult): void {
		const set = result.headers['set-cookie'] ?? [];
		for (const header of set) {
			const [pair, ...attributes] = header.split(';');
			const at = pair.indexOf('=');
			const name = pair.slice(0, at).trim();
			const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
			if (gone) this.cookies.delete(name);
			else this.cookies.set(name, pair.slice(at + 1).trim());
		}
	}

	private spec(spec: WebhookRequestSpec = {}): WebhookRequestSpec {
		if (this.cookies.size === 0) return spec;
		const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		return { ...spec, headers: { ...(spec.headers ?? {}), Cookie: cookie } };
	}

	async request(
		webhook: 'setup' | 'default',
		spec?: WebhookRequestSpec,
	): Promise<WebhookCallResult> {
		const result = await this.server.request(TRIGGER, webhook, this.spec(spec));
		this.remember(result);
		return result;
	}

	async fetch(url: string, spec?: WebhookRequestSpec): Promise<WebhookCallResult> {
		const result = await this.server.fetch(url, this.spec(spec));
		this.remember(result);
		return result;
	}
}

/**
 * A callback answered with its 303 to the result page, followed as a browser follows it: the
 * page's status, headers and body, with the callback's run (the outputs) and its redirect.
 */
export type CallbackPage = WebhookCallResult & { redirect: WebhookCallResult };

export async function followCallback(
	browser: TestBrowser,
	redirect: WebhookCallResult,
): Promise<CallbackPage> {
	expect(redirect.status).toBe(303);
	expect(redirect.location).toContain('?result=');
	const page = await browser.fetch(redirect.location!);
	return {
		...page,
		run: redirect.run,
		webhookResult: redirect.webhookResult,
		error: redirect.error,
		redirect,
	};
}

/** A state as `start` signs it but `ageSeconds` old; its cookie goes into `browser`. */
export function staleState(
	browser: TestBrowser,
	ref: string,
	ageSeconds: number,
	secret = MEMBER_SECRET,
): string {
	const triggerUrl = browser.server.webhookUrl(TRIGGER, 'default');
	const nonce = randomNonce();
	const binding = newBrowserBinding(nonce, triggerUrl, 3600);
	const [pair] = binding.setCookie.split(';');
	browser.cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
	return signState({ ref, nonce, browserHash: binding.hash, triggerUrl }, secret, {
		lifetimeSeconds: 3600,
		now: Date.now() - ageSeconds * 1000,
	}).token;
}

/** The last component of a base64url.base64url token decoded (for tamper tests). */
export function decodePayload(token: string): IDataObject {
	return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as IDataObject;
}

export function reencode(payload: unknown, token: string): string {
	return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${token.split('.')[1]}`;
}

/**
 * A suite of trigger tests against one emulator (ORCID's traffic limits on, as in production;
 * reset before each test); `serve` runs the trigger workflow, stopped after each test.
 */
export function triggerSuite(): {
	emu: Emulator;
	serve(
		parameters?: IDataObject,
		options?: { apiType?: 'member' | 'public'; credential?: IDataObject; webhookId?: string },
	): Promise<WebhookServer>;
} {
	const emu = emulatorForSuite({ limits: { enabled: true } });
	beforeEach(async () => await emu.control('POST', '/_emulator/reset'));
	const servers: WebhookServer[] = [];
	afterEach(async () => {
		await Promise.all(servers.splice(0).map(async (s) => await s.stop()));
	});
	return {
		emu,
		async serve(parameters = {}, options = {}) {
			const apiType = options.apiType ?? 'member';
			const workflow = triggerWorkflow({ apiType, ...parameters });
			if (options.webhookId) workflow.nodes[0].webhookId = options.webhookId;
			const server = await serveWorkflow(workflow, {
				credentials: credentialsFor(emu, apiType, (options.credential ?? {}) as never),
			});
			servers.push(server);
			return server;
		},
	};
}

/**
 * The engine harness: runs workflow JSON with our nodes inside the real n8n engine.
 * See test/harness/README.md.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export {
	runWorkflow,
	credentialWithDefaults,
	createEngineContext,
	DEFAULT_BASE_URL,
} from './engine';
export type {
	HarnessOptions,
	NodeRunResult,
	PairedItem,
	RunOptions,
	WorkflowJson,
	WorkflowResult,
} from './engine';
export { callWebhook, serveWorkflow } from './webhooks';
export type {
	ServeOptions,
	WebhookCall,
	WebhookCallResult,
	WebhookRequestSpec,
	WebhookServer,
} from './webhooks';
export { testCredential } from './credential-test';
export type { CredentialTestOptions } from './credential-test';
export type { CredentialUpdate, CredentialsData } from './credentials-helper';
export { ManualTrigger, NoOp } from './base-nodes';
export { afterManualTrigger, manualStart } from './workflows';
export type { NodeSpec } from './workflows';
export { PACKAGE_NAME, getPackageTypes, readPackageManifest } from './registry';

/** What startEmulator() returns that credentials need (test/emulator, see CONTRACTS.md). */
export interface EmulatorUrls {
	url: string | null;
	publicApi: string | null;
	memberApi: string | null;
}

/** The emulator's seeded clients (CONTRACTS.md). */
export const EMULATOR_CLIENTS = {
	member: {
		clientId: 'APP-EMUMEMBER0000001',
		clientSecret: 'emu-member-secret',
	},
	public: {
		clientId: 'APP-EMUPUBLIC0000001',
		clientSecret: 'emu-public-secret',
	},
	memberProduction: {
		clientId: 'APP-EMUMEMBERPROD001',
		clientSecret: 'emu-member-prod-secret',
	},
	publicProduction: {
		clientId: 'APP-EMUPUBLICPROD001',
		clientSecret: 'emu-public-prod-secret',
	},
} as const;

export const CREDENTIAL_TYPES = {
	member: 'orcidMemberOAuth2Api',
	public: 'orcidPublicOAuth2Api',
} as const;

/**
 * Credentials for runWorkflow pointing at the emulator (custom environment), e.g.
 * `runWorkflow(wf, { credentials: credentialsFor(emu, 'member') })`.
 */
export function credentialsFor(
	emu: EmulatorUrls,
	apiType: 'member' | 'public',
	overrides: ICredentialDataDecryptedObject = {},
): Record<string, ICredentialDataDecryptedObject> {
	if (!emu.url || !emu.publicApi || !emu.memberApi) {
		throw new Error('credentialsFor: the emulator has no URLs (is it started?)');
	}
	return {
		[CREDENTIAL_TYPES[apiType]]: {
			environment: 'custom',
			oauthBaseUrl: emu.url,
			publicApiBaseUrl: emu.publicApi,
			memberApiBaseUrl: emu.memberApi,
			recordBaseUrl: 'https://sandbox.orcid.org',
			...EMULATOR_CLIENTS[apiType],
			...overrides,
		},
	};
}

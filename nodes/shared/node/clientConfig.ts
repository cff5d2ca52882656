/**
 * Reads an ORCID credential into the client config a session runs with (environment, client
 * id, rate budget, token encryption key, link signing secret). Reads credentials only; makes
 * no HTTP call.
 */
import { NodeOperationError, type ICredentialDataDecryptedObject, type INode } from 'n8n-workflow';

import type { OrcidApiType } from '../auth/tokens';
import type { OrcidClientConfig } from '../http/transport';
import { resolveEnvironment, type OrcidEnvironment } from '../orcid/environments';
import { hintIfTokensPlain } from './plainTokens';

export const CREDENTIAL_TYPES: Readonly<Record<OrcidApiType, string>> = Object.freeze({
	member: 'orcidMemberOAuth2Api',
	public: 'orcidPublicOAuth2Api',
});
export const DEFAULT_REQUESTS_PER_SECOND: Readonly<Record<OrcidApiType, number>> = Object.freeze({
	member: 24,
	public: 12,
});
export const DEFAULT_BURST = 40;

/** Any n8n context that can read credentials (execute, webhook, trigger, hook, load options). */
export interface OrcidCredentialContext {
	getNode(): INode;
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
}

export function credentialTypeFor(apiType: OrcidApiType): string {
	return CREDENTIAL_TYPES[apiType];
}

function apiTypeOf(apiTypeOrCredType: string): OrcidApiType | undefined {
	if (apiTypeOrCredType === 'member' || apiTypeOrCredType === CREDENTIAL_TYPES.member) {
		return 'member';
	}
	if (apiTypeOrCredType === 'public' || apiTypeOrCredType === CREDENTIAL_TYPES.public) {
		return 'public';
	}
	return undefined;
}

function positiveNumber(value: unknown, fallback: number): number {
	if (value === undefined || value === null || value === '') return fallback;
	const n = Number(value);
	return Number.isFinite(n) && n > 0 ? n : NaN;
}

/**
 * Reads the ORCID credential of the given type ('member' | 'public' or the credential type
 * name) into the session's configuration. Reads credentials only; makes no HTTP call.
 */
export async function loadClientConfig(
	this: OrcidCredentialContext,
	apiTypeOrCredType: string,
	itemIndex?: number,
): Promise<OrcidClientConfig> {
	const apiType = apiTypeOf(apiTypeOrCredType);
	if (!apiType) {
		throw new NodeOperationError(
			this.getNode(),
			`Unknown ORCID API type "${apiTypeOrCredType}": use member or public`,
			{ itemIndex },
		);
	}
	const credentialType = CREDENTIAL_TYPES[apiType];
	const credentials = await this.getCredentials(credentialType, itemIndex);
	const fail = (message: string, description?: string): never => {
		throw new NodeOperationError(this.getNode(), message, {
			itemIndex,
			description,
		});
	};

	let environment: OrcidEnvironment;
	try {
		environment = resolveEnvironment({
			environment: String(credentials.environment ?? 'production'),
			oauthBaseUrl: credentials.oauthBaseUrl,
			publicApiBaseUrl: credentials.publicApiBaseUrl,
			memberApiBaseUrl: credentials.memberApiBaseUrl,
			recordBaseUrl: credentials.recordBaseUrl,
			standsFor: credentials.standsFor,
		});
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			`The ORCID credential's environment is not usable: ${(error as Error).message}`,
			{ itemIndex },
		);
	}
	const clientId = typeof credentials.clientId === 'string' ? credentials.clientId.trim() : '';
	if (clientId === '') fail('The ORCID credential has no client ID');
	const clientSecret = typeof credentials.clientSecret === 'string' ? credentials.clientSecret : '';
	const requestsPerSecond = positiveNumber(
		credentials.requestsPerSecond,
		DEFAULT_REQUESTS_PER_SECOND[apiType],
	);
	if (Number.isNaN(requestsPerSecond)) {
		fail(
			`The ORCID credential's requests per second must be a positive number, got "${String(credentials.requestsPerSecond)}"`,
		);
	}
	const burst = positiveNumber(credentials.burst, DEFAULT_BURST);
	if (Number.isNaN(burst) || burst < 1) {
		fail(`The ORCID credential's burst must be at least 1, got "${String(credentials.burst)}"`);
	}
	const key =
		typeof credentials.tokenEncryptionKey === 'string' && credentials.tokenEncryptionKey !== ''
			? credentials.tokenEncryptionKey
			: undefined;
	const linkSecret =
		typeof credentials.linkSigningSecret === 'string' && credentials.linkSigningSecret !== ''
			? credentials.linkSigningSecret
			: clientSecret;

	const config: OrcidClientConfig = {
		credentialType,
		apiType,
		environment,
		clientId,
		requestsPerSecond,
		burst: Math.floor(burst),
		linkSigningSecret: linkSecret,
	};
	if (key) config.tokenEncryptionKey = key;
	hintIfTokensPlain(this, key);
	return config;
}

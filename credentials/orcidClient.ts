/**
 * What the two ORCID credential types share: the fields, the client authentication on
 * token-endpoint calls, and the credential test. Both classes are built from here so
 * that they cannot drift apart.
 *
 * The credential authenticates token-endpoint calls only (/oauth/token, /oauth/revoke):
 * the generic authentication adds client_id and client_secret to the form body. API calls
 * carry just a bearer token and never go through the credential (docs/credentials-design.md).
 */
import type { IAuthenticateGeneric, ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

export type OrcidClientKind = 'member' | 'public';

const showForCustom = { show: { environment: ['custom'] } };

/** Shown in the credential form while the Token Encryption Key is empty. */
const PLAIN_TOKENS_NOTICE =
	"No Token Encryption Key: researchers' access and refresh tokens will be stored and logged in plain text (in your tables and in every saved execution). Set a key unless you have chosen otherwise.";

export function orcidClientProperties(kind: OrcidClientKind): INodeProperties[] {
	const member = kind === 'member';
	return [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: 'sandbox.orcid.org, for testing (test records only)',
				},
				{ name: 'Production', value: 'production', description: 'orcid.org, real records' },
				{
					name: 'Custom URLs',
					value: 'custom',
					description: 'Your own OAuth and API base URLs, for example an ORCID emulator',
				},
			],
			default: 'sandbox',
		},
		{
			displayName: 'Stands For',
			name: 'standsFor',
			type: 'options',
			options: [
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: 'Test records, sandbox iDs (an ORCID emulator stands for the sandbox)',
				},
				{ name: 'Production', value: 'production', description: 'Real records, orcid.org iDs' },
			],
			default: 'sandbox',
			description:
				'Which ORCID environment these URLs stand for. Token records, put codes and outputs carry this name in their environment field, so rows from an emulator say sandbox, like their iD URIs.',
			displayOptions: showForCustom,
		},
		{
			displayName: 'OAuth Base URL',
			name: 'oauthBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8089',
			description: 'Serves /oauth/authorize, /oauth/token and /oauth/revoke',
			displayOptions: showForCustom,
			required: true,
		},
		{
			displayName: 'Public API Base URL',
			name: 'publicApiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8089/pub',
			description: 'Without the version: /v3.0 is appended',
			displayOptions: showForCustom,
			required: true,
		},
		{
			displayName: 'Member API Base URL',
			name: 'memberApiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8089/api',
			description: 'Without the version: /v3.0 is appended',
			displayOptions: showForCustom,
			required: true,
		},
		{
			displayName: 'Record Base URL',
			name: 'recordBaseUrl',
			type: 'string',
			default: 'https://sandbox.orcid.org',
			placeholder: 'e.g. https://sandbox.orcid.org',
			description:
				'What ORCID iD URIs (orcidUri) start with: https://sandbox.orcid.org for the sandbox, https://orcid.org for production',
			displayOptions: showForCustom,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			placeholder: 'e.g. APP-XXXXXXXXXXXXXXXX',
			description: member
				? "Your ORCID member API client ID (from ORCID's member portal)"
				: "Your ORCID public API client ID (from ORCID's Developer Tools)",
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Sent only to the OAuth token endpoint, never to the API',
			required: true,
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: member ? 24 : 12,
			description: member
				? 'Budget of this client in one n8n process, shared by all its node runs. ORCID allows 24 per second for member clients; in queue mode give each worker its share, e.g. 12 for 2 workers, 8 for 3.'
				: 'Budget of this client in one n8n process, shared by all its node runs. ORCID allows 12 per second for public clients; in queue mode give each worker its share, e.g. 6 for 2 workers, 4 for 3.',
		},
		{
			displayName: 'Burst',
			name: 'burst',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 40,
			description:
				'Most requests of this client waiting or in flight at once in one n8n process (ORCID queues 40, then answers 503); in queue mode each worker its share, e.g. 20 for 2 workers',
		},
		{
			displayName: 'Token Encryption Key',
			name: 'tokenEncryptionKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. When set, researchers' tokens are emitted encrypted (orcidenc:v1:..., AES-256-GCM) so stored rows and saved executions hold only ciphertext. Keep it: tokens encrypted with it cannot be used without it.",
		},
		{
			displayName: PLAIN_TOKENS_NOTICE,
			name: 'encryptionNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { tokenEncryptionKey: [''] } },
		},
		{
			displayName: 'Link Signing Secret',
			name: 'linkSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. Signs personal start links and OAuth states; when empty the client secret signs them',
		},
	];
}

/** Token-endpoint calls carry the client's id and secret in the form body (client_secret_post). */
export const orcidClientAuthentication: IAuthenticateGeneric = {
	type: 'generic',
	properties: {
		body: {
			client_id: '={{$credentials.clientId}}',
			client_secret: '={{$credentials.clientSecret}}',
		},
	},
};

/** Asks the token endpoint for a /read-public client token: proves id, secret and environment. */
export const orcidClientTest: ICredentialTestRequest = {
	request: {
		baseURL:
			'={{$credentials.environment === "custom" ? $credentials.oauthBaseUrl : ($credentials.environment === "production" ? "https://orcid.org" : "https://sandbox.orcid.org")}}',
		url: '/oauth/token',
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Accept: 'application/json',
		},
		body: { grant_type: 'client_credentials', scope: '/read-public' },
	},
};

import { NodeOperationError } from 'n8n-workflow';

import {
	CREDENTIAL_TYPES,
	credentialTypeFor,
	loadClientConfig,
	type OrcidCredentialContext,
} from '../../nodes/shared/node/clientConfig';
import { TEST_NODE } from './helpers';

function ctx(credentials: Record<string, unknown>) {
	const asked: string[] = [];
	const context: OrcidCredentialContext = {
		getNode: () => TEST_NODE,
		getCredentials: async (type: string) => {
			asked.push(type);
			return credentials as never;
		},
	};
	return { context, asked };
}

const BASE = { clientId: ' APP-EMUMEMBER0000001 ', clientSecret: 'the-client-secret' };
/** The optional fields as n8n hands them over when the form leaves them empty. */
const OPTIONAL_LEFT_EMPTY = {
	requestsPerSecond: '',
	burst: undefined,
	tokenEncryptionKey: '',
	linkSigningSecret: '',
};

describe('loadClientConfig', () => {
	it('reads the member credential with its defaults', async () => {
		const { context, asked } = ctx({ ...BASE, environment: 'sandbox', ...OPTIONAL_LEFT_EMPTY });
		const config = await loadClientConfig.call(context, 'member');
		expect(asked).toEqual(['orcidMemberOAuth2Api']);
		expect(config).toEqual({
			credentialType: 'orcidMemberOAuth2Api',
			apiType: 'member',
			environment: {
				name: 'sandbox',
				oauthBaseUrl: 'https://sandbox.orcid.org',
				publicApiBaseUrl: 'https://pub.sandbox.orcid.org',
				memberApiBaseUrl: 'https://api.sandbox.orcid.org',
				recordBaseUrl: 'https://sandbox.orcid.org',
			},
			clientId: 'APP-EMUMEMBER0000001',
			requestsPerSecond: 24,
			burst: 40,
			// no own link secret: the client secret signs links
			linkSigningSecret: 'the-client-secret',
		});
	});

	it('reads the public credential by type name, with its own settings', async () => {
		const { context, asked } = ctx({
			...BASE,
			environment: 'custom',
			oauthBaseUrl: 'http://127.0.0.1:8089',
			publicApiBaseUrl: 'http://127.0.0.1:8089/pub',
			memberApiBaseUrl: 'http://127.0.0.1:8089/api',
			requestsPerSecond: 6,
			burst: 10.7,
			tokenEncryptionKey: 'k-1',
			linkSigningSecret: 'links',
		});
		const config = await loadClientConfig.call(context, 'orcidPublicOAuth2Api');
		expect(asked).toEqual(['orcidPublicOAuth2Api']);
		expect(config).toMatchObject({
			apiType: 'public',
			requestsPerSecond: 6,
			burst: 10,
			tokenEncryptionKey: 'k-1',
			linkSigningSecret: 'links',
		});
		expect(config.environment.memberApiBaseUrl).toBe('http://127.0.0.1:8089/api');
		const publicDefault = await loadClientConfig.call(
			ctx({ ...BASE, environment: 'production' }).context,
			'public',
		);
		expect(publicDefault.requestsPerSecond).toBe(12);
	});

	it.each([
		[
			{ ...BASE, environment: 'custom', oauthBaseUrl: 'x' },
			'The ORCID credential\'s environment is not usable: "oauthBaseUrl" is not a URL: "x"',
		],
		[{ ...BASE, environment: 'moon' }, 'Unknown ORCID environment "moon"'],
		[{ ...BASE, clientId: '  ', environment: 'sandbox' }, 'The ORCID credential has no client ID'],
		[
			{ ...BASE, environment: 'sandbox', requestsPerSecond: -1 },
			'requests per second must be a positive number, got "-1"',
		],
		[{ ...BASE, environment: 'sandbox', burst: 0.5 }, 'burst must be at least 1, got "0.5"'],
	])('refuses %j with a clear NodeOperationError', async (credentials, message) => {
		const { context } = ctx(credentials);
		const error = await loadClientConfig.call(context, 'member', 3).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain(message);
		expect((error as NodeOperationError).context.itemIndex).toBe(3);
	});

	it('refuses an unknown API type', async () => {
		await expect(loadClientConfig.call(ctx(BASE).context, 'premium')).rejects.toThrow(
			'Unknown ORCID API type "premium": use member or public',
		);
		expect(credentialTypeFor('public')).toBe(CREDENTIAL_TYPES.public);
	});
});

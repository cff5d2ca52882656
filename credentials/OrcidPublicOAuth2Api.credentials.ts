import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	orcidClientAuthentication,
	orcidClientProperties,
	orcidClientTest,
} from './orcidClient';

/**
 * An ORCID public API client. Its two-legged token (client credentials) covers /read-public;
 * researchers' tokens (/authenticate, openid) come from the Auth Trigger.
 */
export class OrcidPublicOAuth2Api implements ICredentialType {
	name = 'orcidPublicOAuth2Api';

	displayName = 'ORCID Public OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-orcid/n8n-nodes-orcid/blob/main/credentials/README.md';

	icon: Icon = {
		light: 'file:../nodes/shared/icons/orcid.svg',
		dark: 'file:../nodes/shared/icons/orcid.dark.svg',
	};

	properties: INodeProperties[] = orcidClientProperties('public');

	authenticate: IAuthenticateGeneric = orcidClientAuthentication;

	test: ICredentialTestRequest = orcidClientTest;
}

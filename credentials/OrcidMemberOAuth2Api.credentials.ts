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
 * An ORCID member API client. Its two-legged tokens (client credentials) cover /read-public,
 * and /webhook, /group-id-record/update and /premium-notification where ORCID enabled them;
 * researchers' tokens come from the Auth Trigger.
 */
export class OrcidMemberOAuth2Api implements ICredentialType {
	name = 'orcidMemberOAuth2Api';

	displayName = 'ORCID Member OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-orcid/n8n-nodes-orcid/blob/main/credentials/README.md';

	icon: Icon = {
		light: 'file:../nodes/shared/icons/orcid.svg',
		dark: 'file:../nodes/shared/icons/orcid.dark.svg',
	};

	properties: INodeProperties[] = orcidClientProperties('member');

	authenticate: IAuthenticateGeneric = orcidClientAuthentication;

	test: ICredentialTestRequest = orcidClientTest;
}

import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type INodeProperties,
} from 'n8n-workflow';

import { IdTokenError } from '../../../shared/auth/idToken';
import { JwksUnavailableError, verifySessionIdToken } from '../../../shared/auth/oidc';
import {
	TokenError,
	toStoredTokenRecord,
	type OrcidTokenResponse,
} from '../../../shared/auth/tokens';
import { httpUrlParam, stringParam, type OperationExecute } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Authorization Code',
		name: 'code',
		type: 'string',
		typeOptions: { password: true },
		default: '={{ $json.code }}',
		required: true,
		description:
			'The code ORCID put on your redirect URI. It works once, within 10 minutes; a second use makes ORCID revoke the token it gave.',
	},
	{
		displayName: 'Redirect URI',
		name: 'redirectUri',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://portal.example.edu/orcid/callback',
		description:
			'Optional (ORCID no longer requires it on the exchange); when given, exactly the redirect_uri of the authorize request',
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		description: 'Optional. Your own key for this researcher, copied into the token record.',
	},
	{
		displayName: 'OpenID Nonce',
		name: 'nonce',
		type: 'string',
		default: '',
		description:
			'Optional. The nonce of the authorize request; when set, the id_token must carry it.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['exchangeCode'] } },
	properties,
);

export const execute: OperationExecute = async function (this, i, run) {
	const code = stringParam(this, 'code', i, { required: true }) as string;
	// optional since 2025: ORCID-Source orcid-core/.../oauth/authorizationServer/
	// AuthorizationServerUtil.java forwards redirect_uri only when it is not blank
	const redirectUri =
		stringParam(this, 'redirectUri', i) === undefined
			? undefined
			: httpUrlParam(this, 'redirectUri', i);
	const reference = stringParam(this, 'reference', i);
	const nonce = stringParam(this, 'nonce', i);
	const { session, config } = run;
	const response = await session.tokenRequest(
		{
			grant_type: 'authorization_code',
			code,
			...(redirectUri === undefined ? {} : { redirect_uri: redirectUri }),
		},
		i,
	);
	const body = response.body as OrcidTokenResponse;
	let record;
	try {
		record = toStoredTokenRecord(body, {
			environment: config.environment,
			apiType: config.apiType,
			reference,
			encryptionKey: config.tokenEncryptionKey,
		});
	} catch (error) {
		const message = error instanceof TokenError ? error.message : String(error);
		throw new NodeOperationError(this.getNode(), message, { itemIndex: i });
	}
	if (typeof body.id_token === 'string' && body.id_token !== '') {
		try {
			const claims = await verifySessionIdToken(session, body.id_token, {
				nonce,
				subject: record.orcid,
				itemIndex: i,
			});
			record.idTokenClaims = { ...claims };
		} catch (error) {
			const why =
				error instanceof IdTokenError || error instanceof JwksUnavailableError
					? error.message
					: String(error);
			throw new NodeOperationError(this.getNode(), `The id_token could not be verified: ${why}`, {
				itemIndex: i,
				description:
					"The token was obtained but is not returned, since ORCID's identity statement failed verification.",
			});
		}
	}
	return record as unknown as IDataObject;
};

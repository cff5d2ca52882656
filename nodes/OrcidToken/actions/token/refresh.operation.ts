import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type INodeProperties,
} from 'n8n-workflow';

import { optionsCollection } from '../../../shared/node/nodeDescription';
import {
	checkNarrowerScopes,
	parseScopes,
	ScopeError,
	THREE_LEGGED_SCOPES,
	validateScopes,
} from '../../../shared/auth/scopes';
import {
	decryptToken,
	TokenError,
	toStoredTokenRecord,
	type OrcidTokenResponse,
} from '../../../shared/auth/tokens';
import {
	accessTokenField,
	inputJson,
	orcidParam,
	refreshTokenField,
	orcidField,
	tokenParam,
	type OperationExecute,
} from '../common';
import { fieldError } from '../../../shared/node/runner';

/** The editor's name for each scope a researcher can grant. */
const SCOPE_LABELS: Record<(typeof THREE_LEGGED_SCOPES)[number], string> = {
	'/authenticate': 'Authenticate',
	openid: 'OpenID',
	'/read-limited': 'Read Limited',
	'/activities/update': 'Activities Update',
	'/person/update': 'Person Update',
};

const properties: INodeProperties[] = [
	orcidField,
	refreshTokenField,
	{
		displayName: 'Revoke Old Access Token',
		name: 'revokeOld',
		type: 'boolean',
		default: false,
		description:
			'Whether to revoke the current access token once the new one is issued, e.g. when it may have leaked (through /oauth/revoke: ORCID no longer honours revoke_old)',
	},
	{
		...accessTokenField,
		displayName: 'Old Access Token',
		description: 'The access token to revoke once the new one is issued, plain or encrypted',
		displayOptions: { show: { revokeOld: [true] } },
	},
	optionsCollection([
		{
			displayName: 'Narrower Scope',
			name: 'scope',
			type: 'multiOptions',
			options: THREE_LEGGED_SCOPES.map((scope) => ({
				name: SCOPE_LABELS[scope],
				value: scope,
				description: scope === 'openid' ? 'The openid scope (id_token)' : scope,
			})).sort((a, b) => a.name.localeCompare(b.name)),
			default: [],
			description:
				'A subset of the granted scopes, e.g. a read-only token for a third party. Empty keeps all granted scopes.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['refresh'] } },
	properties,
);

export const execute: OperationExecute = async function (this, i, run) {
	const { session, config } = run;
	const orcid = orcidParam(this, i);
	const stored = tokenParam(this, 'refreshToken', i, config, {
		required: true,
		description: 'Map the stored refresh token, e.g. {{ $json.refreshToken }}',
	}) as string;
	const refreshToken = decryptToken(stored, config.tokenEncryptionKey);
	// Since 2025 ORCID's authorization server forwards only client, refresh token and scope
	// (ORCID-Source: orcid-core/.../oauth/authorizationServer/AuthorizationServerUtil.java,
	// forwardRefreshTokenRequest): revoke_old and expires_in are ignored, so the old token is
	// revoked here, after the refresh succeeded, and a shorter life cannot be asked for.
	const revokeOld = this.getNodeParameter('revokeOld', i, false) === true;
	const oldAccessToken = revokeOld
		? tokenParam(this, 'accessToken', i, config, {
				required: true,
				description: 'Map the stored access token, e.g. {{ $json.accessToken }}',
			})
		: undefined;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const input = inputJson(run);

	const form: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refreshToken };
	const scopes = parseScopes(options.scope);
	if (scopes.length) {
		try {
			validateScopes(scopes, config.apiType);
			const granted = parseScopes(input.scopes);
			if (granted.length) checkNarrowerScopes(granted, scopes);
		} catch (error) {
			const message = error instanceof ScopeError ? error.message : String(error);
			throw fieldError(this, i, 'options.scope', `is not allowed: ${message}`);
		}
		form.scope = scopes.join(' ');
	}

	const response = await session.tokenRequest(form, i);
	let record;
	try {
		record = toStoredTokenRecord(response.body as OrcidTokenResponse, {
			environment: config.environment,
			apiType: config.apiType,
			orcid,
			reference: typeof input.reference === 'string' ? input.reference : undefined,
			encryptionKey: config.tokenEncryptionKey,
		});
	} catch (error) {
		const message = error instanceof TokenError ? error.message : String(error);
		throw new NodeOperationError(this.getNode(), message, { itemIndex: i });
	}
	const out: IDataObject = { ...input, ...(record as unknown as IDataObject) };
	// ORCID's refresh answer may omit the name; keep the one stored
	if (record.name === null && typeof input.name === 'string') out.name = input.name;
	if (oldAccessToken !== undefined) {
		// The new token is already issued: a failed revoke must not lose it, so it is reported
		// on the item (the old token then still works and can be revoked again).
		try {
			await session.revokeRequest(oldAccessToken, i);
			out.oldAccessTokenRevoked = true;
		} catch (error) {
			out.oldAccessTokenRevoked = false;
			out.oldAccessTokenRevokeError = (error as Error).message;
		}
	}
	return out;
};

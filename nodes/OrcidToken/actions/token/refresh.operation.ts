import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type INodeProperties,
} from 'n8n-workflow';

import { optionsCollection } from '../../../shared/nodeDescription';
import {
	checkNarrowerScopes,
	parseScopes,
	ScopeError,
	THREE_LEGGED_SCOPES,
	validateScopes,
} from '../../../shared/scopes';
import {
	decryptToken,
	TokenError,
	toStoredTokenRecord,
	type OrcidTokenResponse,
} from '../../../shared/tokens';
import {
	fieldError,
	inputJson,
	orcidParam,
	refreshTokenField,
	orcidField,
	tokenParam,
	type OperationExecute,
} from '../common';

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
			'Whether ORCID should revoke the current access token (revoke_old=true), e.g. when it may have leaked',
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
		{
			displayName: 'Expires In (Seconds)',
			name: 'expiresIn',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 3600,
			description: "A shorter life for the new token (ORCID's default is about 20 years)",
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
	const stored = tokenParam(this, 'refreshToken', i, 'Refresh Token', config, {
		required: true,
		description: 'Map the stored refresh token, e.g. {{ $json.refreshToken }}',
	}) as string;
	const refreshToken = decryptToken(stored, config.tokenEncryptionKey);
	const revokeOld = this.getNodeParameter('revokeOld', i, false) === true;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const input = inputJson(run);

	const form: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refreshToken };
	if (revokeOld) form.revoke_old = 'true';
	const scopes = parseScopes(options.scope);
	if (scopes.length) {
		try {
			validateScopes(scopes, config.apiType);
			const granted = parseScopes(input.scopes);
			if (granted.length) checkNarrowerScopes(granted, scopes);
		} catch (error) {
			const message = error instanceof ScopeError ? error.message : String(error);
			throw fieldError(this, i, 'options.scope', 'Narrower Scope', `is not allowed: ${message}`);
		}
		form.scope = scopes.join(' ');
	}
	if (options.expiresIn !== undefined) {
		const seconds = Number(options.expiresIn);
		if (!Number.isInteger(seconds) || seconds < 1) {
			throw fieldError(
				this,
				i,
				'options.expiresIn',
				'Expires In (Seconds)',
				`must be a positive whole number, got "${String(options.expiresIn)}"`,
			);
		}
		form.expires_in = String(seconds);
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
	return out;
};

import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import {
	accessTokenField,
	inputJson,
	refreshTokenField,
	tokenParam,
	type OperationExecute,
} from '../common';
import { fieldError } from '../../../shared/node/runner';

const properties: INodeProperties[] = [
	{
		...accessTokenField,
		description:
			'The token to revoke, plain or encrypted. Revoking the access token also revokes its refresh token.',
	},
	{
		...refreshTokenField,
		description: 'Used only when no access token is given',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['revoke'] } },
	properties,
);

/** Disconnect: ORCID revokes the token; the researcher's trusted-party entry goes once all are. */
export const execute: OperationExecute = async function (this, i, run) {
	const accessToken = tokenParam(this, 'accessToken', i, run.config);
	const refreshToken = accessToken ? undefined : tokenParam(this, 'refreshToken', i, run.config);
	const token = accessToken ?? refreshToken;
	if (token === undefined) {
		// neither given: point at the access token, the one to map first
		throw fieldError(
			this,
			i,
			'accessToken',
			'is empty',
			'Map the stored token, e.g. {{ $json.accessToken }}',
		);
	}
	await run.session.revokeRequest(token, i);
	return {
		...inputJson(run),
		status: 'revoked',
		revokedAt: new Date().toISOString(),
	};
};

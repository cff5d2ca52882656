import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type INodeProperties,
} from 'n8n-workflow';

import { parseScopes } from '../../../shared/auth/scopes';
import { parseErrorBody } from '../../../shared/orcid/errors';
import {
	accessTokenField,
	inputJson,
	orcidField,
	orcidParam,
	tokenParam,
	type OperationExecute,
} from '../common';

const properties: INodeProperties[] = [orcidField, accessTokenField];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['check'] } },
	properties,
);

/**
 * Reads the researcher's /person with the token: 200 means it works; a 401 (revoked or
 * expired at ORCID) gives status 'revoked' without failing, so a workflow can mark the row.
 */
export const execute: OperationExecute = async function (this, i, run) {
	const orcid = orcidParam(this, i);
	const accessToken = tokenParam(this, 'accessToken', i, run.config, {
		required: true,
		description: 'Map the stored access token, e.g. {{ $json.accessToken }}',
	}) as string;
	const input = inputJson(run);
	const checkedAt = new Date().toISOString();
	const scopes = parseScopes(input.scopes);
	const expiresAt = typeof input.expiresAt === 'string' ? input.expiresAt : null;
	const result: IDataObject = { ...input, orcid, scopes, expiresAt, checkedAt };
	const response = await run.session.request({
		api: run.config.apiType === 'member' ? 'member' : 'public',
		method: 'GET',
		path: `/${orcid}/person`,
		token: accessToken,
		okStatuses: [401],
		itemIndex: i,
	});
	if (response.status !== 401) {
		// ORCID accepted it, so it is connected whatever the stored expiry says
		return { ...result, valid: true, status: 'connected', checkHttpStatus: response.status };
	}
	const code = parseErrorBody(response.body).code;
	if (code !== 'invalid_token') {
		// e.g. 9017: a working token, but for another researcher's record
		throw new NodeOperationError(
			this.getNode(),
			`ORCID refused the token for ${orcid} (401, ${code ?? 'no error code'})`,
			{
				itemIndex: i,
				description:
					'The token was not reported as revoked; check that the ORCID iD and the token belong to the same researcher.',
			},
		);
	}
	return { ...result, valid: false, status: 'revoked', checkHttpStatus: 401, orcidErrorCode: code };
};

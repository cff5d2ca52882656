import { updateDisplayOptions } from 'n8n-workflow';

import { httpUrlParam, inputJson, orcidParam, type OperationExecute } from '../common';
import { webhookProperties } from './registerWebhook.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['unregisterWebhook'] } },
	webhookProperties,
);

/** DELETE /{orcid}/webhook/{url-encoded callback}; an unknown webhook (404) is reported, not failed. */
export const execute: OperationExecute = async function (this, i, run) {
	const orcid = orcidParam(this, i);
	const webhookUrl = httpUrlParam(this, 'webhookUrl', i, 'Callback URL');
	const response = await run.session.request({
		api: 'webhook',
		method: 'DELETE',
		path: `/${orcid}/webhook/${encodeURIComponent(webhookUrl)}`,
		clientScope: '/webhook',
		okStatuses: [404],
		itemIndex: i,
	});
	return {
		...inputJson(run),
		orcid,
		webhookUrl,
		webhookStatus: response.status === 404 ? 'not_found' : 'unregistered',
	};
};

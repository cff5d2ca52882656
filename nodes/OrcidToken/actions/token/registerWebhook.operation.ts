import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { httpUrlParam, inputJson, orcidField, orcidParam, type OperationExecute } from '../common';

export const webhookProperties: INodeProperties[] = [
	{
		displayName:
			'Premium members only: the client needs the /webhook scope. ORCID then POSTs an empty body to the callback URL (batched, about every five minutes) when this record changes, so the URL itself must identify the record.',
		name: 'webhookNotice',
		type: 'notice',
		default: '',
	},
	orcidField,
	{
		displayName: 'Callback URL',
		name: 'webhookUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://n8n.example.edu/webhook/orcid-changed/0000-0002-1825-0097',
		description:
			'Where ORCID should send its change notice for this iD, typically with the iD in the path',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['registerWebhook'] } },
	webhookProperties,
);

/**
 * One call on /{orcid}/webhook/{url-encoded callback} (unversioned) with the /webhook client
 * token; register and unregister differ only in the method and how the status reads.
 */
export function webhookCall(
	method: 'PUT' | 'DELETE',
	webhookStatus: (status: number) => string,
	okStatuses?: number[],
): OperationExecute {
	return async function (this, i, run) {
		const orcid = orcidParam(this, i);
		const webhookUrl = httpUrlParam(this, 'webhookUrl', i);
		const response = await run.session.request({
			api: 'webhook',
			method,
			path: `/${orcid}/webhook/${encodeURIComponent(webhookUrl)}`,
			clientScope: '/webhook',
			okStatuses,
			itemIndex: i,
		});
		return {
			...inputJson(run),
			orcid,
			webhookUrl,
			webhookStatus: webhookStatus(response.status),
		};
	};
}

/** PUT registers; ORCID answers 201 for a new webhook, 204 for one it already had. */
export const execute = webhookCall('PUT', (status) =>
	status === 201 ? 'registered' : 'already_registered',
);

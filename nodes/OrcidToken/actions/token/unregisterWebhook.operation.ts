import { updateDisplayOptions } from 'n8n-workflow';

import { webhookCall, webhookProperties } from './registerWebhook.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['unregisterWebhook'] } },
	webhookProperties,
);

/** DELETE; an unknown webhook (404) is reported, not failed. */
export const execute = webhookCall(
	'DELETE',
	(status) => (status === 404 ? 'not_found' : 'unregistered'),
	[404],
);

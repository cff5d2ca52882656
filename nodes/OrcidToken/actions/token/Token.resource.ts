import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';
import * as createManageLink from './createManageLink.operation';
import * as createStartLink from './createStartLink.operation';
import * as display from './display.operation';
import * as exchangeCode from './exchangeCode.operation';
import * as refresh from './refresh.operation';
import * as registerWebhook from './registerWebhook.operation';
import * as requestPermission from './requestPermission.operation';
import * as revoke from './revoke.operation';
import * as unregisterWebhook from './unregisterWebhook.operation';

export {
	check,
	createManageLink,
	createStartLink,
	display,
	exchangeCode,
	refresh,
	registerWebhook,
	requestPermission,
	revoke,
	unregisterWebhook,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Check',
				value: 'check',
				description:
					"Check whether a researcher's token still works (a revoked one is reported, not failed)",
				action: 'Check a token',
			},
			{
				name: 'Create Manage Link',
				value: 'createManageLink',
				description:
					"Make a researcher's personal, signed link to their manage page (disconnect, stop item kinds) on the ORCID Auth Trigger",
				action: 'Create a manage link',
			},
			{
				name: 'Create Start Link',
				value: 'createStartLink',
				description: "Make a researcher's personal, signed link to the ORCID Auth Trigger",
				action: 'Create a start link',
			},
			{
				name: 'Display iD',
				value: 'display',
				description:
					"HTML and text for showing an iD per ORCID's display guidelines (the iD icon only for authenticated iDs)",
				action: 'Display an identifier',
			},
			{
				name: 'Exchange Code',
				value: 'exchangeCode',
				description: 'Exchange an authorization code you captured yourself for a token record',
				action: 'Exchange an authorization code',
			},
			{
				name: 'Refresh',
				value: 'refresh',
				description: 'Get a new access token with the refresh token',
				action: 'Refresh a token',
			},
			{
				name: 'Register Record-Change Webhook',
				value: 'registerWebhook',
				description: 'Ask ORCID to call a URL when a record changes (premium members)',
				action: 'Register a record change webhook',
			},
			{
				name: 'Request Permission',
				value: 'requestPermission',
				description:
					"Send a permission request with a personal authorization link to the researcher's ORCID inbox",
				action: 'Request permission via the ORCID inbox',
			},
			{
				name: 'Revoke',
				value: 'revoke',
				description: "Disconnect: revoke the researcher's token at ORCID",
				action: 'Revoke a token',
			},
			{
				name: 'Unregister Record-Change Webhook',
				value: 'unregisterWebhook',
				description: 'Stop ORCID calling a URL when a record changes',
				action: 'Unregister a record change webhook',
			},
		],
		default: 'createStartLink',
	},
	...createStartLink.description,
	...createManageLink.description,
	...exchangeCode.description,
	...refresh.description,
	...revoke.description,
	...check.description,
	...display.description,
	...requestPermission.description,
	...registerWebhook.description,
	...unregisterWebhook.description,
];

import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { buildAuthorizeUrl } from '../../../shared/auth/authorize';
import {
	authTriggerUrlProperty,
	optionsCollection,
	referenceProperty,
} from '../../../shared/node/nodeDescription';
import { orcidUiLanguage, pickLanguage } from '../../../shared/orcid/languages';
import { isScopePreset, scopesForPreset, ScopeError } from '../../../shared/auth/scopes';
import { PERMISSION_STATE_DAYS, signState } from '../../../shared/auth/signing';
import { parseErrorBody } from '../../../shared/orcid/errors';
import { redact } from '../../../shared/http/traffic';
import {
	httpUrlParam,
	inputJson,
	orcidField,
	orcidParam,
	scopePresetOptions,
	stringParam,
	type OperationExecute,
	type ItemContext,
} from '../common';
import { fieldError } from '../../../shared/node/runner';

/** ORCID's notification item types, labelled for the editor. */
const ITEM_TYPES = [
	{ name: 'Distinction', value: 'distinction' },
	{ name: 'Education', value: 'education' },
	{ name: 'Employment', value: 'employment' },
	{ name: 'Funding', value: 'funding' },
	{ name: 'Invited Position', value: 'invited-position' },
	{ name: 'Membership', value: 'membership' },
	{ name: 'Peer Review', value: 'peer-review' },
	{ name: 'Qualification', value: 'qualification' },
	{ name: 'Service', value: 'service' },
	{ name: 'Work', value: 'work' },
];

const properties: INodeProperties[] = [
	{
		displayName:
			"Needs a member client that ORCID support enabled for /premium-notification. The notification lands in the researcher's ORCID inbox with a personal authorization link to your ORCID Auth Trigger, valid 30 days and only for this iD.",
		name: 'permissionNotice',
		type: 'notice',
		default: '',
	},
	orcidField,
	authTriggerUrlProperty('callback', 'the redirect URI registered with ORCID'),
	referenceProperty('Your own key for this researcher; it comes back in the token record'),
	{
		displayName: 'Permissions',
		name: 'scopePreset',
		type: 'options',
		options: scopePresetOptions,
		default: 'activitiesUpdate',
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. your publications',
		description:
			"Fewer than 25 characters; ORCID uses it mid-sentence, in the researcher's language",
	},
	{
		displayName: 'Introduction',
		name: 'intro',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'Up to 1000 characters explaining the request',
	},
	{
		displayName: 'Items',
		name: 'items',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add item',
		default: {},
		required: true,
		description: 'What you would like to add to the record once connected (at least one)',
		options: [
			{
				displayName: 'Item',
				name: 'item',
				values: [
					{
						displayName: 'Item Type',
						name: 'itemType',
						type: 'options',
						options: ITEM_TYPES,
						default: 'work',
						description: 'The kind of item you want to add to the record',
					},
					{
						displayName: 'Item Name',
						name: 'itemName',
						type: 'string',
						default: '',
						placeholder: 'e.g. A Really Interesting Research Article',
						description: "The item's title, as the researcher will see it in ORCID's inbox message",
					},
					{
						displayName: 'External ID Type',
						name: 'externalIdType',
						type: 'string',
						default: '',
						placeholder: 'e.g. doi',
						description: 'Optional. ORCID\'s identifier type in lowercase (doi, isbn, ...); needs External ID Value.',
					},
					{
						displayName: 'External ID Value',
						name: 'externalIdValue',
						type: 'string',
						default: '',
						placeholder: 'e.g. 10.5555/12345ABCDE',
						description: 'Optional. The identifier itself, without a resolver prefix.',
					},
				],
			},
		],
	},
	optionsCollection([
		{
			displayName: 'Language',
			name: 'lang',
			type: 'string',
			default: '',
			placeholder: 'e.g. fr',
			description: "Language of ORCID's sign-in screen and of the trigger's pages",
		},
		{
			displayName: 'Use OpenID Connect',
			name: 'openid',
			type: 'boolean',
			default: false,
			description: 'Whether to ask for "openid" too (the trigger then verifies the id_token)',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['requestPermission'] } },
	properties,
);

export const execute: OperationExecute = async function (this, i, run) {
	const { session, config } = run;
	if (config.apiType !== 'member') {
		throw new NodeOperationError(
			this.getNode(),
			'Permission notifications need a member API credential',
			{ itemIndex: i, description: 'Switch ORCID API to Member API.' },
		);
	}
	const orcid = orcidParam(this, i);
	const callbackUrl = httpUrlParam(this, 'callbackUrl', i);
	const reference = stringParam(this, 'reference', i, { required: true }) as string;
	if (reference.length > 512)
		throw fieldError(this, i, 'reference', 'is longer than 512 characters');
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const scopes = readScopes(this, i, options);
	const { subject, intro } = readTexts(this, i);
	const rawLang = typeof options.lang === 'string' ? options.lang.trim() : '';
	const lang = pickLanguage(rawLang);
	const notificationItems = readItems(this, i);

	const state = signState(
		{ ref: reference, orcid, flow: 'permission', lang, triggerUrl: callbackUrl },
		config.linkSigningSecret,
		{ lifetimeSeconds: PERMISSION_STATE_DAYS * 86400 },
	);
	const authorizationUrl = buildAuthorizeUrl({
		environment: config.environment,
		clientId: config.clientId,
		scopes,
		redirectUri: callbackUrl,
		state: state.token,
		nonce: scopes.includes('openid') ? state.payload.nonce : undefined,
		lang: orcidUiLanguage(rawLang) ?? lang,
		prefill: { orcid },
	});

	const response = await session.request({
		api: 'member',
		method: 'POST',
		path: `/${orcid}/notification-permission`,
		clientScope: '/premium-notification',
		body: {
			'notification-type': 'permission',
			'authorization-url': { uri: authorizationUrl },
			'notification-subject': subject,
			'notification-intro': intro,
			items: { item: notificationItems },
		},
		okStatuses: [409],
		itemIndex: i,
	});
	if (response.status === 409) return optedOut(this, i, run, orcid, reference, response.body);
	return {
		...inputJson(run),
		orcid,
		reference,
		permissionStatus: 'sent',
		permissionPutCode: response.putCode ?? null,
		authorizationUrl,
		authorizationExpiresAt: new Date(state.payload.exp * 1000).toISOString(),
	};
};

function readScopes(ctx: IExecuteFunctions, i: number, options: IDataObject): string[] {
	const preset = ctx.getNodeParameter('scopePreset', i, 'activitiesUpdate');
	if (!isScopePreset(preset))
		throw fieldError(ctx, i, 'scopePreset', `is unknown: "${String(preset)}"`);
	try {
		return scopesForPreset(preset, { openid: options.openid === true, apiType: 'member' });
	} catch (error) {
		throw fieldError(ctx, i, 'scopePreset', (error as ScopeError).message);
	}
}

/** ORCID's notification schema requires a subject and an introduction. */
function readTexts(ctx: IExecuteFunctions, i: number): { subject?: string; intro?: string } {
	const subject = stringParam(ctx, 'subject', i, { required: true });
	if (subject && subject.length >= 25) {
		throw fieldError(ctx, i, 'subject', `must be fewer than 25 characters, got ${subject.length}`);
	}
	const intro = stringParam(ctx, 'intro', i, { required: true });
	if (intro && intro.length > 1000) {
		throw fieldError(ctx, i, 'intro', `must be at most 1000 characters, got ${intro.length}`);
	}
	return { subject, intro };
}

/** The items of the notification: ORCID's schema requires at least one. */
function readItems(ctx: IExecuteFunctions, i: number): IDataObject[] {
	const items = ((ctx.getNodeParameter('items', i, {}) as IDataObject).item ?? []) as IDataObject[];
	if (!Array.isArray(items) || items.length === 0) {
		throw fieldError(
			ctx,
			i,
			'items',
			'is empty',
			'Add at least one item you would like to add to the record (e.g. a work with its DOI); ORCID lists them in the notification.',
		);
	}
	return items.map((entry, n) => notificationItem(ctx, i, entry, n));
}

function notificationItem(
	ctx: IExecuteFunctions,
	i: number,
	entry: IDataObject,
	n: number,
): IDataObject {
	// the message counts entries from 1, as the editor lists them; the parameter path from 0
	const path = `items.item[${n}]`;
	const itemName = typeof entry.itemName === 'string' ? entry.itemName.trim() : '';
	if (!itemName) {
		throw fieldError(ctx, i, `${path}.itemName`, 'is empty');
	}
	const out: IDataObject = { 'item-type': entry.itemType, 'item-name': itemName };
	const idType = typeof entry.externalIdType === 'string' ? entry.externalIdType.trim() : '';
	const idValue = typeof entry.externalIdValue === 'string' ? entry.externalIdValue.trim() : '';
	if (idType || idValue) {
		if (!idType || !idValue) {
			throw fieldError(
				ctx,
				i,
				`${path}.${idType ? 'externalIdValue' : 'externalIdType'}`,
				'needs both a type and a value',
			);
		}
		out['external-id'] = {
			'external-id-type': idType,
			'external-id-value': idValue,
			'external-id-relationship': 'self',
		};
	}
	return out;
}

/** 409: error 9032 means the researcher opted out of notifications; any other is an error. */
function optedOut(
	ctx: IExecuteFunctions,
	i: number,
	run: ItemContext,
	orcid: string,
	reference: string,
	body: unknown,
): IDataObject {
	const code = parseErrorBody(body).code;
	if (code !== '9032') {
		throw new NodeOperationError(
			ctx.getNode(),
			`ORCID refused the notification for ${orcid} (409, error ${code ?? 'without code'})`,
			{ itemIndex: i, description: JSON.stringify(redact(body)) },
		);
	}
	return {
		...inputJson(run),
		orcid,
		reference,
		permissionStatus: 'opted_out',
		permissionPutCode: null,
		orcidErrorCode: '9032',
		authorizationUrl: null,
		authorizationExpiresAt: null,
	};
}

import { updateDisplayOptions, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { signManageLink } from '../../../shared/auth/manageLink';
import {
	authTriggerUrlProperty,
	optionsCollection,
	referenceProperty,
} from '../../../shared/node/nodeDescription';
import { pickLanguage } from '../../../shared/orcid/languages';
import {
	httpUrlParam,
	inputJson,
	orcidField,
	orcidParam,
	stringParam,
	type OperationExecute,
} from '../common';
import { fieldError } from '../../../shared/node/runner';

/** Write Item's item type names: what orcid_opt_outs.item_type holds. */
const ITEM_TYPE = /^[a-z][a-z-]{1,40}$/;

const properties: INodeProperties[] = [
	authTriggerUrlProperty('manage', 'under Webhook URLs, ending in /manage'),
	referenceProperty(
		'Your own key for this researcher, as in their token record. The link names the researcher by it and by the iD; the workflow must find both in the same token record.',
	),
	{
		...orcidField,
		required: true,
		description: "The connected researcher's iD (from the token record)",
	},
	{
		displayName: 'Link Lifetime (Days)',
		name: 'lifetimeDays',
		type: 'number',
		typeOptions: { minValue: 0.01, maxValue: 90 },
		default: 7,
		description:
			'Anyone holding the link can disconnect the researcher until it expires: keep it short, and make a fresh link each time you show or send one',
	},
	optionsCollection([
		{
			displayName: 'Language',
			name: 'lang',
			type: 'string',
			default: '',
			placeholder: 'e.g. fr',
			description: 'Language of the manage page (en, fr, de, es)',
		},
		{
			displayName: 'Opted-Out Item Types',
			name: 'optedOut',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.opt_outs }} or peer-review,work',
			description:
				"The researcher's current rows of orcid_opt_outs (item types as Write Item names them: work, funding, employment, peer-review...), so the page shows them unticked. A list or comma-separated.",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['createManageLink'] } },
	properties,
);

function optedOutTypes(value: unknown): string[] | string {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: value === undefined || value === null
				? []
				: [value];
	const types = list
		.filter((v) => v !== null && v !== undefined)
		.map((v) => String(v).trim())
		.filter((v) => v !== '');
	const bad = types.find((t) => !ITEM_TYPE.test(t));
	return bad === undefined ? types : bad;
}

export const execute: OperationExecute = async function (this, i, run) {
	const manageUrl = httpUrlParam(this, 'manageUrl', i);
	if (!/\/manage\/?$/.test(new URL(manageUrl).pathname)) {
		throw fieldError(
			this,
			i,
			'manageUrl',
			`must be the ORCID Auth Trigger's manage URL (ending in /manage), got "${manageUrl}"`,
		);
	}
	const reference = stringParam(this, 'reference', i, {
		required: true,
		description: 'Map your own user key, e.g. {{ $json.reference }}',
	}) as string;
	if (reference.length > 512) {
		throw fieldError(this, i, 'reference', 'is longer than 512 characters');
	}
	const orcid = orcidParam(this, i);
	const days = Number(this.getNodeParameter('lifetimeDays', i, 7));
	if (!Number.isFinite(days) || days <= 0 || days > 90) {
		throw fieldError(this, i, 'lifetimeDays', `must be between 0 and 90, got "${String(days)}"`);
	}
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const optedOut = optedOutTypes(options.optedOut);
	if (typeof optedOut === 'string') {
		throw fieldError(
			this,
			i,
			'options.optedOut',
			`has "${optedOut}", which is not an item type`,
			"Use Write Item's names, e.g. work, funding, employment, peer-review",
		);
	}
	const lang = typeof options.lang === 'string' ? options.lang.trim() : '';
	if (lang && !/^[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?$/.test(lang)) {
		throw fieldError(this, i, 'options.lang', `is not a language code: "${lang}"`);
	}
	// the link works only on the trigger whose manage URL it was made for
	const { token, payload } = signManageLink(
		{ ref: reference, orcid, optedOut },
		run.config.linkSigningSecret,
		{ lifetimeSeconds: days * 86400, manageUrl },
	);
	const url = new URL(manageUrl);
	url.search = '';
	url.searchParams.set('link', token);
	if (lang) url.searchParams.set('lang', lang);
	return {
		...inputJson(run),
		reference,
		orcid,
		manageLink: url.toString(),
		manageLinkExpiresAt: new Date(payload.exp * 1000).toISOString(),
		manageLinkLanguage: pickLanguage(lang),
	};
};

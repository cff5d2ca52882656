import { updateDisplayOptions, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { prefillFromQuery, prefillToQuery } from '../../../shared/auth/authorize';
import {
	authTriggerUrlProperty,
	optionsCollection,
	referenceProperty,
} from '../../../shared/node/nodeDescription';
import { pickLanguage } from '../../../shared/orcid/languages';
import { signStartLink } from '../../../shared/auth/signing';
import { httpUrlParam, inputJson, stringParam, type OperationExecute } from '../common';
import { fieldError } from '../../../shared/node/runner';

const properties: INodeProperties[] = [
	authTriggerUrlProperty('start', 'under Webhook URLs, ending in /start'),
	referenceProperty(
		"Your own key for this researcher (user ID, email...). It is signed into the link and comes back in the token record, so nobody can tie their iD to someone else's account.",
	),
	{
		displayName: 'Link Lifetime (Days)',
		name: 'lifetimeDays',
		type: 'number',
		typeOptions: { minValue: 0.01, maxValue: 365 },
		default: 30,
		description: 'After this the link shows an "expired" page; make a new one',
	},
	optionsCollection([
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: "Prefills ORCID's sign-in and registration form",
		},
		{
			displayName: 'Family Names',
			name: 'familyNames',
			type: 'string',
			default: '',
			description: "Prefills ORCID's registration form",
		},
		{
			displayName: 'Given Names',
			name: 'givenNames',
			type: 'string',
			default: '',
			description: "Prefills ORCID's registration form",
		},
		{
			displayName: 'Language',
			name: 'lang',
			type: 'string',
			default: '',
			placeholder: 'e.g. fr',
			description:
				"Language of the pages (en, fr, de, es) and of ORCID's sign-in screen (any language ORCID offers)",
		},
		{
			displayName: 'ORCID iD',
			name: 'orcid',
			type: 'string',
			default: '',
			description:
				"Prefills ORCID's sign-in form when you already know the (unauthenticated) iD; then names and email are not sent",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['createStartLink'] } },
	properties,
);

export const execute: OperationExecute = async function (this, i, run) {
	const startUrl = httpUrlParam(this, 'startUrl', i);
	const reference = stringParam(this, 'reference', i, {
		required: true,
		description: 'Map your own user key, e.g. {{ $json.userId }}',
	}) as string;
	if (reference.length > 512) {
		throw fieldError(this, i, 'reference', 'is longer than 512 characters');
	}
	const days = Number(this.getNodeParameter('lifetimeDays', i, 30));
	if (!Number.isFinite(days) || days <= 0 || days > 365) {
		throw fieldError(this, i, 'lifetimeDays', `must be between 0 and 365, got "${String(days)}"`);
	}
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	// the link works only on the trigger whose start URL it was made for
	const { token, payload } = signStartLink(reference, run.config.linkSigningSecret, {
		lifetimeSeconds: days * 86400,
		startUrl,
	});
	const url = new URL(startUrl);
	url.searchParams.set('link', token);
	const lang = typeof options.lang === 'string' ? options.lang.trim() : '';
	if (lang) {
		if (!/^[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?$/.test(lang)) {
			throw fieldError(
				this,
				i,
				'options.lang',
				`is not a language code: "${lang}"`,
				'Use e.g. en, fr, de, es or zh_CN',
			);
		}
		url.searchParams.set('lang', lang);
	}
	const prefill = prefillFromQuery({
		given_names: options.givenNames,
		family_names: options.familyNames,
		email: options.email,
		orcid: options.orcid,
	});
	if (typeof options.orcid === 'string' && options.orcid.trim() && !prefill.orcid) {
		throw fieldError(this, i, 'options.orcid', `is not a valid iD: "${options.orcid}"`);
	}
	if (typeof options.email === 'string' && options.email.trim() && !prefill.email) {
		throw fieldError(this, i, 'options.email', `is not an email address: "${options.email}"`);
	}
	for (const [key, value] of Object.entries(prefillToQuery(prefill)))
		url.searchParams.set(key, value);
	return {
		...inputJson(run),
		reference,
		startLink: url.toString(),
		startLinkExpiresAt: new Date(payload.exp * 1000).toISOString(),
		startLinkLanguage: pickLanguage(lang),
	};
};

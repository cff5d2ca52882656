import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { orcidUri } from '../../../shared/orcid/environments';
import { pageLanguageProperty } from '../../../shared/node/nodeDescription';
import { pickLanguage } from '../../../shared/orcid/languages';
import { orcidIdHtml, type DisplayFormat } from '../../../shared/orcid/display';
import { inputJson, orcidField, orcidParam, stringParam, type OperationExecute } from '../common';
import { fieldError } from '../../../shared/node/runner';

const AUTHENTICATION = ['authenticated', 'unauthenticated', 'refuse'] as const;
type Authentication = (typeof AUTHENTICATION)[number];

const properties: INodeProperties[] = [
	orcidField,
	{
		displayName: 'iD Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Authenticated (Came Through ORCID Sign-In)',
				value: 'authenticated',
				description:
					'The green iD icon: the iD comes with a token record (ORCID Auth Trigger, Exchange Code)',
			},
			{
				name: 'Unauthenticated: Show Without Icon',
				value: 'unauthenticated',
				description: 'Typed in or taken from another system: text and link, no iD icon',
			},
			{
				name: 'Unauthenticated: Refuse',
				value: 'refuse',
				description: 'An error on the item: only iDs collected through ORCID sign-in are shown',
			},
		],
		default: 'unauthenticated',
		description:
			"ORCID's display guidelines reserve the iD icon for iDs collected through ORCID sign-in. Map it per item: an expression that gives authenticated when the item carries its token record.",
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{
				name: 'Full',
				value: 'full',
				description: "Icon and the complete iD URI (ORCID's preferred form)",
			},
			{ name: 'Compact', value: 'compact', description: 'Icon and the bare iD, linked' },
			{ name: 'Inline', value: 'inline', description: 'The name followed by the linked icon' },
		],
		default: 'full',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '={{ $json.name }}',
		displayOptions: { show: { format: ['inline'] } },
		description: "The researcher's name shown before the icon",
	},
	pageLanguageProperty(
		'Language',
		'lang',
		"Language of the link's accessible label and the icon's alt text",
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['display'] } },
	properties,
);

/** ORCID's display guidelines: the green iD icon with one link to the record, for this environment. */
export const execute: OperationExecute = async function (this, i, run) {
	const orcid = orcidParam(this, i);
	const format = this.getNodeParameter('format', i, 'full') as DisplayFormat;
	if (!['full', 'compact', 'inline'].includes(format)) {
		throw fieldError(this, i, 'format', `must be full, compact or inline, got "${String(format)}"`);
	}
	const authentication = authenticationParam(this, i, orcid);
	const authenticated = authentication === 'authenticated';
	const name = format === 'inline' ? stringParam(this, 'name', i) : undefined;
	const lang = pickLanguage(this.getNodeParameter('lang', i, 'en'));
	const uri = orcidUri(run.config.environment, orcid);
	return {
		...inputJson(run),
		orcid,
		orcidUri: uri,
		authenticated,
		displayHtml: orcidIdHtml({ orcid, orcidUri: uri, format, name, lang, authenticated }),
		displayText:
			format === 'compact' ? `ORCID iD: ${orcid} (${uri})` : name ? `${name} ${uri}` : uri,
	};
};

function authenticationParam(ctx: IExecuteFunctions, i: number, orcid: string): Authentication {
	const value = ctx.getNodeParameter('authentication', i, 'unauthenticated') as unknown;
	if (!AUTHENTICATION.includes(value as Authentication)) {
		throw fieldError(
			ctx,
			i,
			'authentication',
			`must be authenticated, unauthenticated or refuse, got "${String(value)}"`,
		);
	}
	if (value === 'refuse') {
		throw fieldError(
			ctx,
			i,
			'authentication',
			`refuses ${orcid}: it was not collected through ORCID sign-in`,
			'Collect the iD through ORCID sign-in (ORCID Auth Trigger, template 01), or show it without the icon.',
		);
	}
	return value as Authentication;
}

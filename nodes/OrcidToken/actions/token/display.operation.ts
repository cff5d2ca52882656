import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { orcidUri } from '../../../shared/environments';
import { pageLanguageProperty } from '../../../shared/nodeDescription';
import { orcidIdHtml, pickLanguage, type DisplayFormat } from '../../../shared/pages';
import {
	fieldError,
	inputJson,
	orcidField,
	orcidParam,
	stringParam,
	type OperationExecute,
} from '../common';

const properties: INodeProperties[] = [
	orcidField,
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
		throw fieldError(
			this,
			i,
			'format',
			'Format',
			`must be full, compact or inline, got "${String(format)}"`,
		);
	}
	const name = format === 'inline' ? stringParam(this, 'name', i, 'Name') : undefined;
	const lang = pickLanguage(this.getNodeParameter('lang', i, 'en'));
	const uri = orcidUri(run.config.environment, orcid);
	return {
		...inputJson(run),
		orcid,
		orcidUri: uri,
		displayHtml: orcidIdHtml({ orcid, orcidUri: uri, format, name, lang }),
		displayText:
			format === 'compact' ? `ORCID iD: ${orcid} (${uri})` : name ? `${name} ${uri}` : uri,
	};
};

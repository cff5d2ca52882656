/**
 * The parts every ORCID node's description shares: the credential selector (member or public,
 * chosen by the `apiType` parameter), one main output per name, version and defaults. Each node
 * passes only what is its own. Below, the parameters several nodes show (the ORCID API
 * selector, the researcher's iD and access token, languages, options), as factories.
 */
import {
	NodeConnectionTypes,
	type IDisplayOptions,
	type INodeCredentialDescription,
	type INodeProperties,
	type INodeTypeDescription,
	type IWebhookDescription,
} from 'n8n-workflow';

import { PAGE_LANGUAGES, type PageLanguage } from '../orcid/languages';

/** The member or the public API credential, as the node's "ORCID API" parameter says. */
export function orcidCredentials(): INodeCredentialDescription[] {
	return [
		{
			name: 'orcidMemberOAuth2Api',
			required: true,
			displayOptions: { show: { apiType: ['member'] } },
		},
		{
			name: 'orcidPublicOAuth2Api',
			required: true,
			displayOptions: { show: { apiType: ['public'] } },
		},
	];
}

export interface OrcidNodeParts {
	displayName: string;
	name: string;
	group: INodeTypeDescription['group'];
	description: string;
	/** One main output per name (the last is the Traffic output). */
	outputNames: string[];
	properties: INodeProperties[];
	/** Triggers have no input. */
	trigger?: boolean;
	webhooks?: IWebhookDescription[];
}

export function orcidNodeDescription(parts: OrcidNodeParts): INodeTypeDescription {
	// icon, subtitle and usableAsTool stay in each node's class, where n8n's lint looks for them
	const description: INodeTypeDescription = {
		displayName: parts.displayName,
		name: parts.name,
		group: parts.group,
		version: 1,
		description: parts.description,
		defaults: { name: parts.displayName },
		inputs: parts.trigger ? [] : [NodeConnectionTypes.Main],
		outputs: parts.outputNames.map(() => NodeConnectionTypes.Main),
		outputNames: parts.outputNames,
		credentials: orcidCredentials(),
		properties: parts.properties,
	};
	if (parts.webhooks) {
		// webhooks come before properties, as they did when written out by hand
		const { properties, ...rest } = description;
		return { ...rest, webhooks: parts.webhooks, properties };
	}
	return description;
}

/*
 * Parameters several nodes show. Each factory writes the keys in one fixed order, and leaves out
 * the ones a node does not set, so a node's description reads as it did when written by hand.
 */

/** What the "ORCID API" selector says in one node: per API, and about itself. */
export interface ApiTypeWording {
	member?: string;
	public?: string;
	description?: string;
	/** Nodes whose other parameters depend on it keep it out of expressions. */
	noDataExpression?: boolean;
}

/** The "ORCID API" selector (`apiType`), which picks the credential. */
export function apiTypeProperty(wording: ApiTypeWording = {}): INodeProperties {
	const option = (name: string, value: string, description?: string) => ({
		name,
		value,
		...(description === undefined ? {} : { description }),
	});
	return {
		displayName: 'ORCID API',
		name: 'apiType',
		type: 'options',
		...(wording.noDataExpression ? { noDataExpression: true } : {}),
		options: [
			option(
				'Member API',
				'member',
				wording.member ?? 'Your ORCID member client (ORCID Member OAuth2 API credential)',
			),
			option(
				'Public API',
				'public',
				wording.public ??
					'A public client from Developer Tools (ORCID Public OAuth2 API credential)',
			),
		],
		default: 'member',
		...(wording.description === undefined ? {} : { description: wording.description }),
	};
}

/** The first parameters of a node with one resource: the ORCID API selector, then the resource. */
export function singleResourceProperties(
	name: string,
	value: string,
	apiType?: ApiTypeWording,
	description?: string,
): INodeProperties[] {
	return [
		apiTypeProperty(apiType),
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [{ name, value }],
			default: value,
			...(description === undefined ? {} : { description }),
		},
	];
}

/** The input item's field of that name: researcher parameters are mapped from the input. */
function fromInput(field: string): string {
	return `={{ $json.${field} }}`;
}

/** How Write Item and Sync Diff describe the iD they take. */
export const ORCID_ID_BARE_OR_URI = "The researcher's iD, bare or as https://orcid.org/... URI.";

/** The researcher's ORCID iD, mapped from the input item by default. */
export function orcidIdProperty(
	description: string,
	displayOptions?: IDisplayOptions,
): INodeProperties {
	return {
		displayName: 'ORCID iD',
		name: 'orcid',
		type: 'string',
		default: fromInput('orcid'),
		required: true,
		placeholder: 'e.g. 0000-0002-1825-0097',
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** How a stored access token may be given; nodes that say more start with this. */
export const STORED_ACCESS_TOKEN =
	"The researcher's access token as stored (plain or orcidenc:v1:...), or the whole stored token record";

/** The researcher's access token, mapped from the input item by default. */
export function accessTokenProperty(parts: {
	description: string;
	required?: boolean;
	displayOptions?: IDisplayOptions;
}): INodeProperties {
	return {
		displayName: 'Access Token',
		name: 'accessToken',
		type: 'string',
		typeOptions: { password: true },
		default: fromInput('accessToken'),
		...(parts.required ? { required: true } : {}),
		description: parts.description,
		...(parts.displayOptions ? { displayOptions: parts.displayOptions } : {}),
	};
}

const LANGUAGE_NAMES: Record<PageLanguage, string> = {
	en: 'English',
	fr: 'French',
	de: 'German',
	es: 'Spanish',
};

/** A choice among the languages the pages and the iD display are written in. */
export function pageLanguageProperty(
	displayName: string,
	name: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		// PAGE_LANGUAGES' order is already by English name, as n8n's lint wants options
		options: PAGE_LANGUAGES.map((value) => ({ name: LANGUAGE_NAMES[value], value })),
		default: 'en',
		description,
	};
}

/** The "Options" collection of optional settings. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}

/** Auto-map's choice for input fields the item type does not have (shared/node/autoMap.ts reads it). */
export function ignoreOtherFieldsProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Ignore Other Fields',
		name: 'ignoreOtherFields',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description:
			'Whether to leave alone input fields the item type does not have. Off: such a field fails its item, so that a misspelt field is never dropped silently.',
		displayOptions: { show },
	};
}

/** Your own key for the researcher, signed into the link or state; it comes back in the token record. */
export function referenceProperty(description: string): INodeProperties {
	return {
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.userId }}',
		description,
	};
}

/**
 * The ORCID Auth Trigger's `start` or `callback` Production URL (the last segment of its
 * path), where Token operations send researchers.
 */
export function authTriggerUrlProperty(
	path: 'start' | 'callback' | 'manage',
	which: string,
): INodeProperties {
	return {
		displayName: `${path[0].toUpperCase()}${path.slice(1)} URL`,
		name: `${path}Url`,
		type: 'string',
		default: '',
		required: true,
		placeholder: `e.g. https://n8n.example.edu/webhook/2b0c.../${path}`,
		description: `The ORCID Auth Trigger's ${path} Production URL (${which}). The trigger must use the same credential.`,
	};
}

/** The put code of one item on the record: ORCID's number for it. */
export function putCodeProperty(description: string): INodeProperties {
	return {
		displayName: 'Put Code',
		name: 'putCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1234567',
		description,
	};
}

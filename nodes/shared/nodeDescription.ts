/**
 * The parts every ORCID node's description shares: the credential selector (member or public,
 * chosen by the `apiType` parameter), one main output per name, version and defaults. Each node
 * passes only what is its own.
 */
import {
	NodeConnectionTypes,
	type INodeCredentialDescription,
	type INodeProperties,
	type INodeTypeDescription,
	type IWebhookDescription,
} from 'n8n-workflow';

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

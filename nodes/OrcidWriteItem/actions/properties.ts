import type { INodeProperties } from 'n8n-workflow';

import {
	accessTokenProperty,
	apiTypeProperty,
	ORCID_ID_BARE_OR_URI,
	orcidIdProperty,
	STORED_ACCESS_TOKEN,
} from '../../shared/node/nodeDescription';

import { affiliationProperties } from './fields/affiliation.fields';
import { fundingProperties } from './fields/funding.fields';
import { peerReviewProperties } from './fields/peerReview.fields';
import { personProperties } from './fields/person.fields';
import { researchResourceProperties } from './fields/researchResource.fields';
import { BODY_OPERATIONS } from './fields/shared';
import { workProperties } from './fields/work.fields';
import * as create from './item/create.operation';
import * as del from './item/delete.operation';
import * as update from './item/update.operation';
import * as createMany from './work/createMany.operation';
import { RESOURCE_ITEM_TYPES, type WriteResource } from './itemTypes';
import { autoMapProperties, dataModeProperty, MAPPED_BELOW } from './autoMap.properties';
import { DEFINE_BELOW } from '../helpers/autoMap';

const RESOURCE_NAMES: Record<WriteResource, string> = {
	distinction: 'Distinction',
	education: 'Education',
	employment: 'Employment',
	externalIdentifier: 'External Identifier',
	funding: 'Funding',
	invitedPosition: 'Invited Position',
	keyword: 'Keyword',
	membership: 'Membership',
	otherName: 'Other Name',
	peerReview: 'Peer Review',
	qualification: 'Qualification',
	researcherUrl: 'Researcher URL',
	researchResource: 'Research Resource',
	service: 'Service',
	work: 'Work',
};

/** The item type as a noun in a sentence: 'invited position', 'researcher URL'. */
function itemNoun(resource: WriteResource): string {
	return RESOURCE_NAMES[resource]
		.split(' ')
		.map((word) => (word === word.toUpperCase() ? word : word.toLowerCase()))
		.join(' ');
}

const OTHER_RESOURCES = (Object.keys(RESOURCE_ITEM_TYPES) as WriteResource[]).filter(
	(r) => r !== 'work',
);

const apiTypeProperties: INodeProperties[] = [
	apiTypeProperty({
		noDataExpression: true,
		member: "Writes with the researcher's token (scope /activities/update or /person/update)",
		public: 'Public API clients cannot write to ORCID records',
	}),
	{
		displayName:
			'ORCID lets only member API clients write to records. Choose Member API and an ORCID Member credential.',
		name: 'publicNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { apiType: ['public'] } },
	},
];

const resourceProperty: INodeProperties = {
	displayName: 'Item Type',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: (Object.keys(RESOURCE_NAMES) as WriteResource[])
		.map((value) => ({ name: RESOURCE_NAMES[value], value }))
		.sort((a, b) => a.name.localeCompare(b.name)),
	default: 'work',
	description:
		'The kind of item to write on the record: activities (work, funding, employment, education, peer review ...) or person items (keyword, website, external identifier ...)',
};

const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['work'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a work to the record and get its put code',
				action: 'Create a work',
			},
			{
				name: 'Create Many',
				value: 'createMany',
				description: 'Add works in bulk, up to 100 per call, each put code on its own input item',
				action: 'Create many works',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove a work by its put code',
				action: 'Delete a work',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Replace a work by its put code',
				action: 'Update a work',
			},
		],
		default: 'create',
	},
	// one list per item type, so each action names its item type ("Create a funding")
	...OTHER_RESOURCES.map((resource): INodeProperties => {
		const noun = itemNoun(resource);
		const a = /^[aeiou]/.test(noun) ? 'an' : 'a';
		return {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: [
				{
					name: 'Create',
					value: 'create',
					description: `Add ${a} ${noun} to the record and get its put code`,
					action: `Create ${a} ${noun}`,
				},
				{
					name: 'Delete',
					value: 'delete',
					description: `Remove ${a} ${noun} by its put code`,
					action: `Delete ${a} ${noun}`,
				},
				{
					name: 'Update',
					value: 'update',
					description: `Replace ${a} ${noun} by its put code`,
					action: `Update ${a} ${noun}`,
				},
			],
			default: 'create',
		};
	}),
];

const researcherProperties: INodeProperties[] = [
	dataModeProperty,
	orcidIdProperty(ORCID_ID_BARE_OR_URI, MAPPED_BELOW),
	accessTokenProperty({
		description: STORED_ACCESS_TOKEN,
		required: true,
		displayOptions: MAPPED_BELOW,
	}),
];

const inputProperties: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Fields Below',
				value: 'fields',
				description: 'Fill in the common fields of the item type',
			},
			{
				name: 'ORCID JSON',
				value: 'json',
				description: 'An ORCID v3.0 item as JSON, e.g. from an expression',
			},
			{
				name: 'ORCID XML',
				value: 'xml',
				description: 'An ORCID v3.0 item as XML text, sent as XML',
			},
		],
		default: 'fields',
		displayOptions: { show: { operation: BODY_OPERATIONS } },
	},
	{
		displayName: 'Item JSON',
		name: 'itemJson',
		type: 'json',
		default: '{}',
		required: true,
		description:
			'The ORCID v3.0 JSON of one item (for a work: {"title": {"title": {"value": "..."}}, "type": "journal-article", "external-IDs": {...}})',
		displayOptions: {
			show: { operation: BODY_OPERATIONS, inputMode: ['json'], dataMode: [DEFINE_BELOW] },
		},
	},
	{
		displayName: 'Item XML',
		name: 'itemXml',
		type: 'string',
		typeOptions: { rows: 10 },
		default: '',
		required: true,
		placeholder: 'e.g. <work:work xmlns:work="http://www.orcid.org/ns/work" ...>',
		description: 'The ORCID v3.0 XML of one item, with its namespaces',
		displayOptions: {
			show: { operation: BODY_OPERATIONS, inputMode: ['xml'], dataMode: [DEFINE_BELOW] },
		},
	},
	...autoMapProperties((Object.keys(RESOURCE_NAMES) as WriteResource[]).sort()),
];

/** Every parameter of the node, in the order the editor shows them. */
export const writeItemProperties: INodeProperties[] = [
	...apiTypeProperties,
	resourceProperty,
	...operationProperties,
	...researcherProperties,
	...update.description,
	...del.description,
	...inputProperties,
	...create.description,
	...createMany.description,
	...workProperties,
	...fundingProperties,
	...affiliationProperties,
	...peerReviewProperties,
	...researchResourceProperties,
	...personProperties,
];

import type { INodeProperties } from 'n8n-workflow';

import {
	accessTokenProperty,
	apiTypeProperty,
	orcidIdProperty,
	STORED_ACCESS_TOKEN,
} from '../../shared/node/nodeDescription';

import * as getItem from './item/get.operation';
import * as getManyWorks from './item/getManyWorks.operation';
import * as getRecord from './record/get.operation';
import * as search from './researcher/search.operation';
import * as getSection from './section/get.operation';

const READS_A_RECORD = { show: { resource: ['record', 'section', 'item'] } };

const accessProperties: INodeProperties[] = [
	apiTypeProperty({
		noDataExpression: true,
		member:
			"Reads with the researcher's token (/read-limited: also items shared with trusted parties), or the client's public token",
		public: "Reads public data with the client's /read-public token",
	}),
	{
		displayName: 'Read As',
		name: 'readAs',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Researcher (Read-Limited)',
				value: 'researcher',
				description:
					"The researcher's token: public items and those the researcher shares with trusted parties",
			},
			{
				name: 'Client (Read-Public)',
				value: 'client',
				description: "The client's own /read-public token: public items only",
			},
		],
		default: 'researcher',
		displayOptions: { show: { apiType: ['member'], resource: ['record', 'section', 'item'] } },
	},
];

const resourceProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Item', value: 'item' },
			{ name: 'Record', value: 'record' },
			{ name: 'Researcher', value: 'researcher' },
			{ name: 'Section', value: 'section' },
		],
		default: 'record',
		description:
			'Record: a whole ORCID record. Section: one list of it (works, employments, keywords ...). Item: one item by its put code. Researcher: find iDs by name, email or affiliation.',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['record'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Read the whole record: person and activities summary',
				action: 'Get a record',
			},
			{
				name: 'Get Activities',
				value: 'getActivities',
				description: 'Read the activities summary: works, fundings, affiliations, peer reviews',
				action: 'Get the activities of a record',
			},
			{
				name: 'Get Person',
				value: 'getPerson',
				description: 'Read the person section: names, biography, emails, keywords, links',
				action: 'Get the person section of a record',
			},
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['section'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Read one section list, e.g. all works or all employments',
				action: 'Get a section of a record',
			},
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['item'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Read one item by its put code',
				action: 'Get an item',
			},
			{
				name: 'Get Many Works',
				value: 'getManyWorks',
				description: 'Read full works by their put codes, 100 per call',
				action: 'Get many works',
			},
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['researcher'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description: 'Find researchers by name, email or affiliation',
				action: 'Search researchers',
			},
		],
		default: 'search',
	},
];

const researcherProperties: INodeProperties[] = [
	orcidIdProperty("The researcher's iD, bare (0000-0002-1825-0097) or as a URI", READS_A_RECORD),
	accessTokenProperty({
		description: STORED_ACCESS_TOKEN,
		required: true,
		displayOptions: {
			show: {
				apiType: ['member'],
				readAs: ['researcher'],
				resource: ['record', 'section', 'item'],
			},
		},
	}),
];

const outputProperties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Simplified',
				value: 'simplify',
				description:
					'Flat fields for forms: names, emails, keywords, affiliations with organization IDs and dates, works with title, type, year and DOI',
			},
			{
				name: 'Raw ORCID JSON',
				value: 'raw',
				description: 'What ORCID answers, unchanged',
			},
			{
				name: 'Raw ORCID XML',
				value: 'xml',
				description: "ORCID's XML as text, in the field xml",
			},
		],
		default: 'simplify',
		displayOptions: READS_A_RECORD,
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Simplified', value: 'simplify', description: 'Flat fields per researcher' },
			{ name: 'Raw ORCID JSON', value: 'raw', description: 'Each search result as ORCID gives it' },
		],
		default: 'simplify',
		displayOptions: { show: { resource: ['researcher'] } },
	},
	{
		displayName: 'Split Into',
		name: 'split',
		type: 'options',
		options: [
			{
				name: 'One Item per Record',
				value: 'record',
				description: 'Everything read for a researcher in one output item',
			},
			{
				name: 'One Item per Entry',
				value: 'entries',
				description: 'Each work, affiliation or keyword as its own output item',
			},
		],
		default: 'record',
		displayOptions: {
			show: { resource: ['record', 'section'], output: ['simplify', 'raw'] },
		},
	},
	{
		displayName: 'Versions',
		name: 'versions',
		type: 'options',
		options: [
			{
				name: 'Every Version',
				value: 'all',
				description:
					"Every source's version of a work, funding or peer review, each with its groupKey, groupSize and preferred flag",
			},
			{
				name: 'One per Group (What the Researcher Sees)',
				value: 'preferred',
				description:
					"The version ORCID's record page shows for each group of versions: for a form prefilled from ORCID",
			},
		],
		default: 'all',
		displayOptions: {
			show: {
				resource: ['record', 'section'],
				operation: ['get', 'getActivities'],
				output: ['simplify'],
			},
		},
	},
];

/** Every parameter of the node, in the order the editor shows them. */
export const readRecordProperties: INodeProperties[] = [
	...accessProperties,
	...resourceProperties,
	...researcherProperties,
	...getRecord.description,
	...getSection.description,
	...getItem.description,
	...getManyWorks.description,
	...search.description,
	...outputProperties,
];

import type { INodeProperties } from 'n8n-workflow';

import {
	apiTypeProperty,
	optionsCollection,
	pageLanguageProperty,
} from '../shared/node/nodeDescription';

export const START_PATH = 'start';
export const CALLBACK_PATH = 'callback';
export const MANAGE_PATH = 'manage';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			"<b>Which URL to register at ORCID:</b> under Webhook URLs above, choose <b>Production URL</b> and copy the one ending in <b>/callback</b>; register it as a redirect URI of your ORCID client (HTTPS in production). Send researchers the <b>start</b> Production URL through personal start links (ORCID Token node, Create Start Link, same credential). <b>Activate the workflow</b>: ORCID always returns to the Production URL, so <b>Test this trigger</b> (the Test URL) never receives ORCID's return. The <b>manage</b> URL serves the page where researchers disconnect or stop item kinds (links from Create Manage Link; its requests come out of the Manage output).",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	apiTypeProperty({
		member: 'A member client: read limited data and write to records',
		public: 'A public client: authenticated iDs only',
	}),
	{
		displayName: 'Permissions',
		name: 'scopePreset',
		type: 'options',
		displayOptions: { show: { apiType: ['member'] } },
		options: [
			{
				name: 'Authenticated iD Only',
				value: 'authenticate',
				description: "/authenticate: the researcher's iD and name",
			},
			{
				name: 'Read Limited',
				value: 'readLimited',
				description: '/read-limited: read the record, including items shared with trusted parties',
			},
			{
				name: 'Read Limited and Update Activities',
				value: 'activitiesUpdate',
				description:
					'/read-limited /activities/update: also add and update works, funding, affiliations, peer reviews',
			},
			{
				name: 'Read Limited, Update Activities and Person',
				value: 'personUpdate',
				description:
					'/read-limited /activities/update /person/update: also keywords, other names, websites, identifiers',
			},
		],
		default: 'activitiesUpdate',
		description: 'The scopes researchers are asked to grant. Ask only for what you use.',
	},
	{
		displayName: 'Use OpenID Connect',
		name: 'openid',
		type: 'boolean',
		default: false,
		description:
			'Whether to ask for "openid" (instead of /authenticate) and verify the id_token ORCID returns: signature, issuer, audience, expiry and nonce',
	},
	{
		displayName: 'Organization Name',
		name: 'organizationName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Example University Library',
		description: 'Shown to researchers on every page',
	},
	{
		displayName: 'Support Contact',
		name: 'supportContact',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. orcid-help@example.edu',
		description: 'An email address or https link shown on every page, as ORCID requires',
	},
	{
		displayName: 'Privacy Statement URL',
		name: 'privacyUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://www.example.edu/privacy',
		description:
			'Your privacy statement, linked from the explanation page next to what is stored (ORCID asks you to explain how you use the data)',
	},
	{
		displayName: 'Items You Add',
		name: 'itemKinds',
		type: 'multiOptions',
		displayOptions: { show: { apiType: ['member'] } },
		options: [
			{
				name: 'Affiliations',
				value: 'affiliations',
				description: 'Employments, educations and other affiliations',
			},
			{ name: 'Funding', value: 'funding' },
			{ name: 'Peer Reviews', value: 'peerReviews' },
			{
				name: 'Profile Links',
				value: 'profileLinks',
				description: 'A link to the profile page and an institutional identifier',
			},
			{ name: 'Works', value: 'works' },
		],
		default: [],
		description:
			'What this integration writes to records. The explanation page names only these; the manage page lets researchers stop each one. None chosen: the pages name no kind.',
	},
	{
		displayName: 'Show Explanation Page',
		name: 'showExplainPage',
		type: 'boolean',
		default: true,
		description:
			'Whether the start link first shows a short page explaining ORCID and what you will do, with ORCID\'s "Create or connect your ORCID iD" button; otherwise it goes straight to ORCID',
	},
	{
		displayName: 'Continue URL',
		name: 'continueUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://portal.example.edu/profile',
		description:
			'Optional. The success page links here. Only this configured URL is used, never one from the request.',
	},
	{
		displayName: 'Researcher Page',
		name: 'pageResponse',
		type: 'options',
		options: [
			{
				name: 'Shown by This Trigger',
				value: 'trigger',
				description: "The page follows from ORCID's answer, before the workflow runs",
			},
			{
				name: 'Chosen by the Workflow',
				value: 'workflow',
				description:
					"A Respond to Webhook node answers: redirect (303) to the item's resultPage, or to alreadyConnectedPage when the workflow finds the iD under another account",
			},
		],
		default: 'trigger',
	},
	optionsCollection([
		pageLanguageProperty(
			'Default Language',
			'defaultLanguage',
			'Page language when the start link has no supported lang parameter',
		),
		{
			displayName: 'Logo URL',
			name: 'logoUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://www.example.edu/logo.svg',
			description: 'Your logo at the top of every page (https only)',
		},
		{
			displayName: 'Remove Our Items on Disconnect',
			name: 'removeItems',
			type: 'options',
			options: [
				{
					name: 'Researcher Chooses',
					value: 'ask',
					description: 'The manage page offers a checkbox',
				},
				{ name: 'Always', value: 'always' },
				{ name: 'Never', value: 'never', description: 'The items stay; the page says so' },
			],
			default: 'ask',
			description:
				'Whether a researcher who disconnects on the manage page also has the items you added removed from their record (the workflow deletes the put codes it stored)',
		},
		{
			displayName: 'Purpose',
			name: 'purpose',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. We add the publications in our repository to your ORCID record.',
			description: 'Your own words about what the integration does, shown on the explanation page',
		},
		{
			displayName: 'Show Reference on Pages',
			name: 'showReference',
			type: 'boolean',
			default: false,
			description:
				"Whether the researcher's pages show your reference for them (the user key signed into their start link) in small print, for support. Off by default: it is an internal key that means nothing to researchers.",
		},
		{
			displayName: 'Sign-in Lifetime (Minutes)',
			name: 'stateLifetimeMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 60 },
			default: 10,
			description:
				'How long a researcher has between leaving the start link and coming back from ORCID. States made by the Request Permission operation last 30 days instead.',
		},
	]),
];

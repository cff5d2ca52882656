import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	PEER_REVIEW_ROLES,
	PEER_REVIEW_SUBJECT_TYPES,
	PEER_REVIEW_TYPES,
	RELATIONSHIPS,
} from '../../../shared/orcid/model/enums';
import {
	additionalFieldsProperty,
	DATE_DESCRIPTION,
	enumerationProperty,
	externalIdsProperty,
	fixedList,
	nonBlank,
	optionsOf,
	organizationProperties,
	readOrganization,
	showFields,
	type ParamReader,
} from './shared';

const show = showFields(['peerReview']);

/** Group types of a group-id record (group-id-3.0.xsd). */
export const GROUP_TYPES = [
	'conference',
	'institution',
	'journal',
	'magazine',
	'newsletter',
	'newspaper',
	'peer-review service',
	'publisher',
];

export const peerReviewProperties: INodeProperties[] = [
	enumerationProperty(
		['peerReview'],
		'Reviewer Role',
		'reviewerRole',
		PEER_REVIEW_ROLES,
		'reviewer',
		"The researcher's role in the review: Reviewer, Editor, Member, Chair or Organizer",
	),
	enumerationProperty(
		['peerReview'],
		'Review Type',
		'reviewType',
		PEER_REVIEW_TYPES,
		'review',
		'Review: of a manuscript or proposal. Evaluation: of a person, programme or institution.',
	),
	{
		displayName: 'Completion Date',
		name: 'reviewDate',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2012-05',
		description: DATE_DESCRIPTION,
		displayOptions: show,
	},
	{
		displayName: 'Review Group ID',
		name: 'groupId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. issn:1741-4857',
		description:
			'The group the review is listed under (issn:, ringgold:, orcid-generated:, fundref: or publons:). Its group record is looked up, and created with the client token when missing.',
		displayOptions: show,
	},
	externalIdsProperty(
		['peerReview'],
		'Identifiers of the review itself, e.g. your source-work-id with relationship Self (ORCID finds duplicates by them)',
		'reviewIdentifiers',
		'Review Identifiers',
	),
	...organizationProperties(['peerReview'], 'convening', 'Convening Organization', false),
	additionalFieldsProperty(['peerReview'], 'peerReviewFields', [
		{
			displayName: 'Group Description',
			name: 'groupDescription',
			type: 'string',
			default: '',
			description: 'Used only when the group record has to be created',
		},
		{
			displayName: 'Group Name',
			name: 'groupName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Journal of Psychoceramics',
			description:
				'Used only when the group record has to be created (default: the review group ID)',
		},
		{
			displayName: 'Group Type',
			name: 'groupType',
			type: 'options',
			options: optionsOf(GROUP_TYPES),
			default: 'journal',
			description: 'Used only when the group record has to be created',
		},
		{
			displayName: 'Review URL',
			name: 'reviewUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/reviews/1234',
			description: 'Where the review itself can be read, if it is public',
		},
		{
			displayName: 'Subject Container Name',
			name: 'subjectContainerName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Journal of Psychoceramics',
			description: 'The journal, conference or funder the reviewed item belongs to',
		},
		{
			displayName: 'Subject Identifier Relationship',
			name: 'subjectIdRelationship',
			type: 'options',
			options: optionsOf(RELATIONSHIPS),
			default: 'self',
			description: 'How the subject identifier relates to the reviewed item: usually Self',
		},
		{
			displayName: 'Subject Identifier Type',
			name: 'subjectIdType',
			type: 'string',
			default: '',
			placeholder: 'e.g. doi',
			description:
				"The reviewed item's identifier type, in ORCID's lowercase names (doi, issn, ...)",
		},
		{
			displayName: 'Subject Identifier URL',
			name: 'subjectIdUrl',
			type: 'string',
			default: '',
			description: 'Optional. Where the reviewed item\'s identifier resolves.',
		},
		{
			displayName: 'Subject Identifier Value',
			name: 'subjectIdValue',
			type: 'string',
			default: '',
			placeholder: 'e.g. 10.1087/20120404',
			description: "The reviewed item's identifier, without a resolver prefix",
		},
		{
			displayName: 'Subject Name',
			name: 'subjectName',
			type: 'string',
			default: '',
			description: 'Title of the reviewed item',
		},
		{
			displayName: 'Subject Type',
			name: 'subjectType',
			type: 'options',
			options: optionsOf(PEER_REVIEW_SUBJECT_TYPES),
			default: 'journal-article',
			description: 'The kind of item that was reviewed',
		},
		{
			displayName: 'Subject URL',
			name: 'subjectUrl',
			type: 'string',
			default: '',
			description: 'Optional. A web page of the reviewed item.',
		},
	]),
];

export interface GroupRecordFields {
	name?: string;
	description?: string;
	type?: string;
}

/** The peer review's builder fields (model/peerReview.ts) and the group-id record's. */
export function readPeerReview(get: ParamReader): {
	fields: IDataObject;
	group: GroupRecordFields;
} {
	const extra = nonBlank((get('peerReviewFields', {}) as IDataObject) ?? {});
	const {
		groupName,
		groupDescription,
		groupType,
		subjectIdType,
		subjectIdValue,
		subjectIdUrl,
		subjectIdRelationship,
		...rest
	} = extra;
	const fields: IDataObject = nonBlank({
		...rest,
		reviewerRole: get('reviewerRole', '') as string,
		reviewType: get('reviewType', '') as string,
		reviewDate: get('reviewDate', '') as string,
		groupId: get('groupId', '') as string,
		reviewIdentifiers: fixedList(get('reviewIdentifiers', {}), 'externalId'),
		organization: readOrganization(get, 'convening'),
	});
	if (subjectIdType !== undefined || subjectIdValue !== undefined) {
		fields.subjectExternalId = nonBlank({
			type: subjectIdType,
			value: subjectIdValue,
			url: subjectIdUrl,
			relationship: subjectIdRelationship,
		});
	}
	return {
		fields,
		group: {
			name: groupName as string | undefined,
			description: groupDescription as string | undefined,
			type: groupType as string | undefined,
		},
	};
}

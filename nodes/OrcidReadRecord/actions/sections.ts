/**
 * The record's sections as ORCID names them: list paths, the item type of their entries,
 * and single-item paths.
 */
import type { ItemType } from '../../shared/orcid/model/itemTypes';

export interface SectionInfo {
	/** Path after the iD: '/works', '/email', '/address'. */
	path: string;
	/** Key in the record's person / activities-summary: 'works', 'emails', 'addresses'. */
	key: string;
	displayName: string;
	/** Item type of the entries, when they are items one can write. */
	itemType?: ItemType;
	kind: 'activity' | 'person';
}

export const SECTIONS: Record<string, SectionInfo> = {
	works: { path: '/works', key: 'works', displayName: 'Works', itemType: 'work', kind: 'activity' },
	fundings: {
		path: '/fundings',
		key: 'fundings',
		displayName: 'Fundings',
		itemType: 'funding',
		kind: 'activity',
	},
	employments: {
		path: '/employments',
		key: 'employments',
		displayName: 'Employments',
		itemType: 'employment',
		kind: 'activity',
	},
	educations: {
		path: '/educations',
		key: 'educations',
		displayName: 'Educations',
		itemType: 'education',
		kind: 'activity',
	},
	distinctions: {
		path: '/distinctions',
		key: 'distinctions',
		displayName: 'Distinctions',
		itemType: 'distinction',
		kind: 'activity',
	},
	invitedPositions: {
		path: '/invited-positions',
		key: 'invited-positions',
		displayName: 'Invited Positions',
		itemType: 'invited-position',
		kind: 'activity',
	},
	memberships: {
		path: '/memberships',
		key: 'memberships',
		displayName: 'Memberships',
		itemType: 'membership',
		kind: 'activity',
	},
	qualifications: {
		path: '/qualifications',
		key: 'qualifications',
		displayName: 'Qualifications',
		itemType: 'qualification',
		kind: 'activity',
	},
	services: {
		path: '/services',
		key: 'services',
		displayName: 'Services',
		itemType: 'service',
		kind: 'activity',
	},
	peerReviews: {
		path: '/peer-reviews',
		key: 'peer-reviews',
		displayName: 'Peer Reviews',
		itemType: 'peer-review',
		kind: 'activity',
	},
	researchResources: {
		path: '/research-resources',
		key: 'research-resources',
		displayName: 'Research Resources',
		itemType: 'research-resource',
		kind: 'activity',
	},
	keywords: {
		path: '/keywords',
		key: 'keywords',
		displayName: 'Keywords',
		itemType: 'keyword',
		kind: 'person',
	},
	otherNames: {
		path: '/other-names',
		key: 'other-names',
		displayName: 'Other Names',
		itemType: 'other-name',
		kind: 'person',
	},
	researcherUrls: {
		path: '/researcher-urls',
		key: 'researcher-urls',
		displayName: 'Researcher URLs',
		itemType: 'researcher-url',
		kind: 'person',
	},
	externalIdentifiers: {
		path: '/external-identifiers',
		key: 'external-identifiers',
		displayName: 'External Identifiers',
		itemType: 'external-identifier',
		kind: 'person',
	},
	emails: { path: '/email', key: 'emails', displayName: 'Emails', kind: 'person' },
	addresses: { path: '/address', key: 'addresses', displayName: 'Addresses', kind: 'person' },
	biography: { path: '/biography', key: 'biography', displayName: 'Biography', kind: 'person' },
	personalDetails: {
		path: '/personal-details',
		key: 'personal-details',
		displayName: 'Personal Details',
		kind: 'person',
	},
};

/** Item types that can be read one at a time by put code (the editor's values). */
export const ITEM_TYPE_OPTIONS: Array<{ name: string; value: ItemType }> = [
	{ name: 'Distinction', value: 'distinction' },
	{ name: 'Education', value: 'education' },
	{ name: 'Employment', value: 'employment' },
	{ name: 'External Identifier', value: 'external-identifier' },
	{ name: 'Funding', value: 'funding' },
	{ name: 'Invited Position', value: 'invited-position' },
	{ name: 'Keyword', value: 'keyword' },
	{ name: 'Membership', value: 'membership' },
	{ name: 'Other Name', value: 'other-name' },
	{ name: 'Peer Review', value: 'peer-review' },
	{ name: 'Qualification', value: 'qualification' },
	{ name: 'Research Resource', value: 'research-resource' },
	{ name: 'Researcher URL', value: 'researcher-url' },
	{ name: 'Service', value: 'service' },
	{ name: 'Work', value: 'work' },
];

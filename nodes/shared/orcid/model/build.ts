import { buildAffiliation } from './affiliation';
import { BuildOptions } from './common';
import { buildFunding } from './funding';
import { ItemType, isAffiliationType, itemTypeInfo } from './itemTypes';
import { JsonObject } from './json';
import { buildPeerReview } from './peerReview';
import {
	buildKeyword,
	buildOtherName,
	buildPersonExternalIdentifier,
	buildResearcherUrl,
} from './personItems';
import { buildResearchResource } from './researchResource';
import { buildWork } from './work';

/**
 * Editor fields -> ORCID v3.0 JSON for any item type (see each builder for its fields).
 * Throws ModelValidationError naming the field; nothing is built that ORCID would refuse.
 */
export function buildItem(
	itemType: ItemType,
	fields: unknown,
	options: BuildOptions = {},
): JsonObject {
	const info = itemTypeInfo(itemType);
	// each builder checks the shape of its fields itself
	const f = fields as never;
	if (isAffiliationType(info.itemType)) return buildAffiliation(info.itemType, f);
	switch (info.itemType) {
		case 'work':
			return buildWork(f, options);
		case 'funding':
			return buildFunding(f, options);
		case 'peer-review':
			return buildPeerReview(f);
		case 'research-resource':
			return buildResearchResource(f);
		case 'keyword':
			return buildKeyword(f);
		case 'other-name':
			return buildOtherName(f);
		case 'researcher-url':
			return buildResearcherUrl(f);
		case 'external-identifier':
			return buildPersonExternalIdentifier(f);
	}
	// unreachable: itemTypeInfo accepted only known types
	return itemTypeInfo(undefined) as never;
}

import {
	COMMON_RULES,
	ExternalIdInput,
	ItemFieldsBase,
	OrganizationInput,
	buildExternalId,
	buildExternalIds,
	buildOrganization,
	buildTitle,
	externalIdRules,
	fieldsObject,
	organizationRules,
	putCodeOf,
	titleRules,
	token,
} from './common';
import { parseFuzzyDate } from './dates';
import { ModelValidationError, showValue } from './errors';
import { JsonObject, clean, compact, isObject, wrap } from './json';
import { FieldRule, assertValidBuilt } from './validate';

export interface PeerReviewFields extends ItemFieldsBase {
	/** reviewer, editor, member, chair, organizer */
	reviewerRole: string;
	/** review, evaluation */
	reviewType: string;
	reviewUrl?: string;
	/** completion date: YYYY, YYYY-MM or YYYY-MM-DD */
	reviewDate: string;
	/** identifiers of the review itself, e.g. source-work-id (relationship self by default) */
	reviewIdentifiers: ExternalIdInput[];
	/** the group the review is shown under, e.g. issn:1741-4857 */
	groupId: string;
	subjectExternalId?: ExternalIdInput;
	/** a work type, a funding type or research-resource-proposal */
	subjectType?: string;
	subjectName?: string;
	subjectSubtitle?: string;
	subjectTranslatedName?: string;
	subjectTranslatedNameLanguage?: string;
	/** journal, conference or funder name */
	subjectContainerName?: string;
	subjectUrl?: string;
	/** the convening organization (journal publisher, conference organizer, funder) */
	organization: OrganizationInput;
}

export const PEER_REVIEW_FIELD_RULES: FieldRule[] = [
	...COMMON_RULES,
	['reviewer-role', 'reviewerRole'],
	...externalIdRules('review-identifiers', 'reviewIdentifiers'),
	['review-url', 'reviewUrl'],
	['review-type', 'reviewType'],
	['review-completion-date', 'reviewDate'],
	['review-group-id', 'groupId'],
	['subject-external-identifier', 'subjectExternalId'],
	['subject-external-identifier.external-id-type', 'subjectExternalId.type'],
	['subject-external-identifier.external-id-value', 'subjectExternalId.value'],
	['subject-external-identifier.external-id-url', 'subjectExternalId.url'],
	['subject-external-identifier.external-id-relationship', 'subjectExternalId.relationship'],
	['subject-container-name', 'subjectContainerName'],
	['subject-type', 'subjectType'],
	...titleRules('subject-name', {
		title: 'subjectName',
		subtitle: 'subjectSubtitle',
		translated: 'subjectTranslatedName',
		language: 'subjectTranslatedNameLanguage',
	}),
	['subject-url', 'subjectUrl'],
	...organizationRules('convening-organization', 'organization'),
];

/** Editor fields -> ORCID v3.0 peer-review JSON; throws ModelValidationError naming the field. */
export function buildPeerReview(fields: PeerReviewFields): JsonObject {
	const f = fieldsObject(fields, 'peer review');
	let subjectId: JsonObject | undefined;
	if (
		f.subjectExternalId !== undefined &&
		f.subjectExternalId !== null &&
		f.subjectExternalId !== ''
	) {
		if (!isObject(f.subjectExternalId)) {
			throw new ModelValidationError(
				'subjectExternalId',
				`must be an object like {type, value, url, relationship}, got ${showValue(f.subjectExternalId)}`,
				f.subjectExternalId,
			);
		}
		subjectId = buildExternalId(f.subjectExternalId, true);
	}
	const hasSubjectName = [f.subjectName, f.subjectSubtitle, f.subjectTranslatedName].some(
		(v) => clean(v) !== undefined,
	);
	const json = compact({
		'put-code': putCodeOf(f.putCode),
		'reviewer-role': token(f.reviewerRole),
		'review-identifiers': buildExternalIds(f.reviewIdentifiers, 'reviewIdentifiers'),
		'review-url': wrap(clean(f.reviewUrl)),
		'review-type': token(f.reviewType),
		'review-completion-date': parseFuzzyDate(f.reviewDate, 'reviewDate'),
		'review-group-id': clean(f.groupId),
		'subject-external-identifier': subjectId,
		'subject-container-name': wrap(clean(f.subjectContainerName)),
		'subject-type': token(f.subjectType),
		'subject-name': hasSubjectName
			? buildTitle(
					f.subjectName,
					f.subjectSubtitle,
					f.subjectTranslatedName,
					f.subjectTranslatedNameLanguage,
				)
			: undefined,
		'subject-url': wrap(clean(f.subjectUrl)),
		'convening-organization': buildOrganization(f.organization, 'organization'),
		visibility: token(f.visibility),
	}) as JsonObject;
	return assertValidBuilt('peer-review', json, PEER_REVIEW_FIELD_RULES);
}

/** A peer review: role, identifiers, type, completion date, group id, subject, convener. */
import { PEER_REVIEW_ROLES, PEER_REVIEW_SUBJECT_TYPES, PEER_REVIEW_TYPES } from '../enums';
import { showValue } from '../errors';
import { JsonObject } from '../json';
import { Checker, checkDate, checkEnum, checkText, checkUrl } from './checker';
import { checkExternalId, checkExternalIds } from './externalIds';
import { checkOrganization } from './organization';
import { checkTitleBlock } from './titles';

const GROUP_ID =
	/^(ringgold:|issn:|orcid-generated:|fundref:|publons:)([0-9a-zA-Z^._~:/?#[\]@!$&'()*+,;=-]){2,}$/;

export function checkPeerReview(c: Checker, p: JsonObject): void {
	checkEnum(c, ['reviewer-role'], p['reviewer-role'], PEER_REVIEW_ROLES, 'reviewer role', true);
	checkExternalIds(c, ['review-identifiers'], p['review-identifiers'], {
		orcidTypeNames: true,
		required: true,
		requiredWhy: 'ORCID needs an identifier for the review, e.g. source-work-id',
		versionOfNeedsSelf: true,
	});
	if (p['review-url'] !== undefined && p['review-url'] !== null)
		checkUrl(c, ['review-url'], p['review-url']);
	checkEnum(c, ['review-type'], p['review-type'], PEER_REVIEW_TYPES, 'review type', true);
	checkDate(c, ['review-completion-date'], p['review-completion-date'], true);
	const group = checkText(c, ['review-group-id'], p['review-group-id'], {
		required: true,
		max: 1000,
		why: 'the group the review belongs to, e.g. issn:1741-4857',
	});
	if (group !== null && !GROUP_ID.test(group)) {
		c.add(
			['review-group-id'],
			`${showValue(group)} is not a group id; it starts with issn:, ringgold:, orcid-generated:, fundref: or publons:`,
			group,
		);
	}
	const subject = p['subject-external-identifier'];
	if (subject !== undefined && subject !== null) {
		checkExternalId(c, ['subject-external-identifier'], subject, { orcidTypeNames: true });
	}
	checkText(c, ['subject-container-name'], p['subject-container-name'], { max: 1000 });
	if (p['subject-type'] !== undefined && p['subject-type'] !== null) {
		checkEnum(
			c,
			['subject-type'],
			p['subject-type'],
			PEER_REVIEW_SUBJECT_TYPES,
			'subject type',
			false,
		);
	}
	if (p['subject-name'] !== undefined && p['subject-name'] !== null) {
		checkTitleBlock(c, ['subject-name'], p['subject-name'], {
			subtitle: true,
			what: 'review subject name',
		});
	}
	if (p['subject-url'] !== undefined && p['subject-url'] !== null)
		checkUrl(c, ['subject-url'], p['subject-url']);
	checkOrganization(c, ['convening-organization'], p['convening-organization'], {
		requireDisambiguated: true,
		requireCityCountry: false,
		label: 'convening organization',
	});
}

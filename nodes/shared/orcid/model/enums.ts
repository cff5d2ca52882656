/**
 * ORCID v3.0 enumerations. The XSDs type most of these as plain strings; ORCID's server
 * checks them against its Java enums (orcid-model org.orcid.jaxb.model.common.*), so we
 * check them here before sending anything.
 */

export const WORK_TYPES = [
	'annotation',
	'artistic-performance',
	'blog-post',
	'book-chapter',
	'book-review',
	'book',
	'cartographic-material',
	'clinical-study',
	'conference-abstract',
	'conference-output',
	'conference-paper',
	'conference-poster',
	'conference-presentation',
	'conference-proceedings',
	'data-management-plan',
	'data-set',
	'design',
	'dictionary-entry',
	'disclosure',
	'dissertation-thesis',
	'edited-book',
	'encyclopedia-entry',
	'image',
	'invention',
	'journal-article',
	'journal-issue',
	'learning-object',
	'lecture-speech',
	'license',
	'magazine-article',
	'manual',
	'moving-image',
	'musical-composition',
	'newsletter-article',
	'newspaper-article',
	'online-resource',
	'other',
	'patent',
	'physical-object',
	'preprint',
	'public-speech',
	'registered-copyright',
	'report',
	'research-technique',
	'research-tool',
	'review',
	'software',
	'sound',
	'spin-off-company',
	'standards-and-policy',
	'supervised-student-publication',
	'technical-standard',
	'test',
	'trademark',
	'transcription',
	'translation',
	'website',
	'working-paper',
	'undefined',
] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export const RELATIONSHIPS = ['self', 'part-of', 'version-of', 'funded-by'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const FUNDING_TYPES = ['grant', 'contract', 'award', 'salary-award'] as const;
export type FundingType = (typeof FUNDING_TYPES)[number];

export const PEER_REVIEW_TYPES = ['review', 'evaluation'] as const;
export type PeerReviewType = (typeof PEER_REVIEW_TYPES)[number];

export const PEER_REVIEW_ROLES = ['reviewer', 'editor', 'member', 'chair', 'organizer'] as const;
export type PeerReviewRole = (typeof PEER_REVIEW_ROLES)[number];

/** PeerReviewSubjectType: every work type plus the funding types and research-resource-proposal. */
export const PEER_REVIEW_SUBJECT_TYPES: readonly string[] = [
	...WORK_TYPES.filter((t) => t !== 'undefined'),
	'grant',
	'contract',
	'award',
	'salary-award',
	'research-resource-proposal',
	'undefined',
];

export const CITATION_TYPES = [
	'formatted-unspecified',
	'bibtex',
	'formatted-apa',
	'formatted-harvard',
	'formatted-ieee',
	'formatted-mla',
	'formatted-vancouver',
	'formatted-chicago',
	'ris',
] as const;
export type CitationType = (typeof CITATION_TYPES)[number];

/** The original (pre-CRediT) work contributor roles; ORCID says they will be removed one day. */
export const CONTRIBUTOR_ROLES = [
	'author',
	'assignee',
	'editor',
	'chair-or-translator',
	'co-investigator',
	'co-inventor',
	'graduate-student',
	'other-inventor',
	'principal-investigator',
	'postdoctoral-researcher',
	'support-staff',
] as const;

/** CRediT roles, written as NISO URIs (common-3.0.xsd, contributor-role). */
export const CREDIT_ROLES = [
	'conceptualization',
	'data-curation',
	'formal-analysis',
	'funding-acquisition',
	'investigation',
	'methodology',
	'project-administration',
	'resources',
	'software',
	'supervision',
	'validation',
	'visualization',
	'writing-original-draft',
	'writing-review-editing',
].map((r) => `http://credit.niso.org/contributor-roles/${r}/`);

export const FUNDING_CONTRIBUTOR_ROLES = [
	'lead',
	'co-lead',
	'supported-by',
	'other-contribution',
] as const;

export const SEQUENCES = ['first', 'additional'] as const;
export type Sequence = (typeof SEQUENCES)[number];

/** Visibility (common-3.0.xsd). Only the researcher decides it; a write may only repeat it. */
export const VISIBILITIES = ['private', 'limited', 'public', 'registered-only'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Disambiguation sources ORCID accepts for organizations on writes (GRID is legacy). */
export const DISAMBIGUATION_SOURCES = ['RINGGOLD', 'FUNDREF', 'ROR', 'GRID'] as const;
export type DisambiguationSource = (typeof DISAMBIGUATION_SOURCES)[number];

export const RESOURCE_TYPES = ['infrastructures', 'collections', 'equipment', 'services'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** ISO 3166-1 alpha-2, as ORCID's Iso3166Country enum (which adds XK, Kosovo). */
export const COUNTRY_CODES: readonly string[] = (
	'AF AX AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BS BH BD BB BY BE BZ BJ BM BT BO BQ BA BW BV BR IO BN BG ' +
	'BF BI KH CM CA CV KY CF TD CL CN CX CC CO KM CG CD CK CR CI HR CU CW CY CZ DK DJ DM DO EC EG SV GQ ER EE ' +
	'ET FK FO FJ FI FR GF PF TF GA GM GE DE GH GI GR GL GD GP GU GT GG GN GW GY HT HM VA HN HK HU IS IN ID IR ' +
	'IQ IE IM IL IT JM JP JE JO KZ KE KI KP KR KW KG LA LV LB LS LR LY LI LT LU MO MK MG MW MY MV ML MT MH MQ ' +
	'MR MU YT MX FM MD MC MN ME MS MA MZ MM NA NR NP NL NC NZ NI NE NG NU NF MP NO OM PK PW PS PA PG PY PE PH ' +
	'PN PL PT PR QA RE RO RU RW BL SH KN LC MF PM VC WS SM ST SA SN RS SC SL SG SX SK SI SB SO ZA GS SS ES LK ' +
	'SD SR SJ SZ SE CH SY TJ TZ TH TL TG TK TO TT TN TR TM TC TV UG UA AE GB US UM UY UZ VU VE VN VG VI WF EH ' +
	'YE ZM ZW TW XK'
).split(' ');

/** ORCID's LanguageCode values (listed in common-3.0.xsd, language-code). */
export const LANGUAGE_CODES: readonly string[] = (
	'ab aa af ak sq am ar an hy as av ae ay az bm ba eu be bn bh bi bs br bg my ca ch ce zh_CN zh_TW cu cv ' +
	'kw co cr hr cs da dv nl dz en eo et ee fo fj fi fr fy ff gl lg ka de el kl gn gu ht ha iw hz hi ho hu ' +
	'is io ig in ia ie iu ik ga it ja jv kn kr ks kk km ki rw ky kv kg ko ku kj lo la lv li ln lt lu lb mk ' +
	'mg ms ml mt gv mi mr mh mo mn na nv ng ne nd se no nb nn ny oc oj or om os pi pa fa pl pt ps qu rm ro ' +
	'rn ru sm sg sa sc gd sr sn ii sd si sk sl so nr st es su sw ss sv tl ty tg ta tt te th bo ti to ts tn ' +
	'tr tk tw ug uk ur uz ve vi vo wa cy wo xh ji yo za zu'
).split(' ');

const COUNTRY_SET = new Set(COUNTRY_CODES);
const LANGUAGE_SET = new Set(LANGUAGE_CODES);

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (list as readonly string[]).includes(value);
}

export function isCountryCode(value: unknown): boolean {
	return typeof value === 'string' && COUNTRY_SET.has(value);
}

export function isLanguageCode(value: unknown): boolean {
	return typeof value === 'string' && LANGUAGE_SET.has(value);
}

/** ISO 4217 shape; ORCID checks the code against java.util.Currency, which we cannot list cheaply. */
export function isCurrencyCode(value: unknown): boolean {
	return typeof value === 'string' && /^[A-Z]{3}$/.test(value);
}

/** Work contributor role: an original role or a CRediT URI. */
export function isWorkContributorRole(value: unknown): boolean {
	return isOneOf(CONTRIBUTOR_ROLES, value) || isOneOf(CREDIT_ROLES, value);
}

/** Funding contributor role: lead, co-lead, supported-by, other-contribution or a CRediT URI. */
export function isFundingContributorRole(value: unknown): boolean {
	return isOneOf(FUNDING_CONTRIBUTOR_ROLES, value) || isOneOf(CREDIT_ROLES, value);
}

/**
 * The test-side JSON -> XML converter (test/support/orcidXml.ts) proven on ORCID's own write
 * samples: every JSON sample becomes XML that ORCID's XSD accepts, and each JSON sample's
 * XML twin differs from our conversion exactly where ORCID's two sample files differ in
 * content (listed below, each checked by hand against the files), never in structure,
 * element order or namespaces.
 */
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { canonicalXml, diffCanonical, orcidJsonToXml } from '../../support/orcidXml';
import { validateAgainstXsd, validateXmlString, WRITE_SAMPLES_DIR } from '../../support/xsd';

interface Sample {
	json: string;
	xml: string | null;
	root: string;
	xsd: string;
}

const SAMPLES: Sample[] = [
	{
		json: 'address-3.0.json',
		xml: 'address-3.0.xml',
		root: 'address:address',
		xsd: 'address-3.0.xsd',
	},
	{ json: 'bulk-work-3.0.json', xml: 'bulk-work-3.0.xml', root: 'bulk:bulk', xsd: 'bulk-3.0.xsd' },
	{ json: 'bulk-works-100-works-3.0.json', xml: null, root: 'bulk:bulk', xsd: 'bulk-3.0.xsd' },
	{ json: 'bulk-works-3-works-3.0.json', xml: null, root: 'bulk:bulk', xsd: 'bulk-3.0.xsd' },
	{
		json: 'distinction-3.0.json',
		xml: 'distinction-3.0.xml',
		root: 'distinction:distinction',
		xsd: 'distinction-3.0.xsd',
	},
	{
		json: 'education-3.0.json',
		xml: 'education-3.0.xml',
		root: 'education:education',
		xsd: 'education-3.0.xsd',
	},
	{
		json: 'employment-3.0.json',
		xml: 'employment-3.0.xml',
		root: 'employment:employment',
		xsd: 'employment-3.0.xsd',
	},
	{
		json: 'external-identifier-3.0.json',
		xml: 'external-identifier-3.0.xml',
		root: 'external-identifier:external-identifier',
		xsd: 'person-external-identifier-3.0.xsd',
	},
	{
		json: 'funding-3.0-simple.json',
		xml: 'funding-3.0.xml',
		root: 'funding:funding',
		xsd: 'funding-3.0.xsd',
	},
	{
		json: 'funding-3.0-with-NISO-roles.json',
		xml: null,
		root: 'funding:funding',
		xsd: 'funding-3.0.xsd',
	},
	{
		json: 'invited-position-3.0.json',
		xml: 'invited-position-3.0.xml',
		root: 'invited-position:invited-position',
		xsd: 'invited-position-3.0.xsd',
	},
	{
		json: 'keywords-3.0.json',
		xml: 'keyword-3.0.xml',
		root: 'keyword:keyword',
		xsd: 'keyword-3.0.xsd',
	},
	{
		json: 'membership-3.0.json',
		xml: 'membership-3.0.xml',
		root: 'membership:membership',
		xsd: 'membership-3.0.xsd',
	},
	{
		json: 'other-names-3.0.json',
		xml: 'other-name-3.0.xml',
		root: 'other-name:other-name',
		xsd: 'other-name-3.0.xsd',
	},
	{
		json: 'peer-review-full-3.0-award-subject-type.json',
		xml: 'peer-review-full-award-subject-type-3.0.xml',
		root: 'peer-review:peer-review',
		xsd: 'peer-review-3.0.xsd',
	},
	{
		json: 'peer-review-full-3.0-research-resource.json',
		xml: null,
		root: 'peer-review:peer-review',
		xsd: 'peer-review-3.0.xsd',
	},
	{
		json: 'peer-review-full-3.0.json',
		xml: 'peer-review-full-3.0.xml',
		root: 'peer-review:peer-review',
		xsd: 'peer-review-3.0.xsd',
	},
	{
		json: 'peer-review-simple-3.0.json',
		xml: 'peer-review-simple-3.0.xml',
		root: 'peer-review:peer-review',
		xsd: 'peer-review-3.0.xsd',
	},
	{
		json: 'qualification-3.0.json',
		xml: 'qualification-3.0.xml',
		root: 'qualification:qualification',
		xsd: 'qualification-3.0.xsd',
	},
	{
		json: 'research-resource-3.0.json',
		xml: 'research-resource-3.0.xml',
		root: 'research-resource:research-resource',
		xsd: 'research-resource-3.0.xsd',
	},
	{
		json: 'researcher-url-3.0.json',
		xml: 'researcher-url-3.0.xml',
		root: 'researcher-url:researcher-url',
		xsd: 'researcher-url-3.0.xsd',
	},
	{
		json: 'researcher-url-no-name-3.0.json',
		xml: 'researcher-url-3.0-no-name.xml',
		root: 'researcher-url:researcher-url',
		xsd: 'researcher-url-3.0.xsd',
	},
	{
		json: 'service-3.0.json',
		xml: 'service-3.0.xml',
		root: 'service:service',
		xsd: 'service-3.0.xsd',
	},
	{ json: 'work-51-contributors-3.0.json', xml: null, root: 'work:work', xsd: 'work-3.0.xsd' },
	{ json: 'work-full-3.0.json', xml: 'work-full-3.0.xml', root: 'work:work', xsd: 'work-3.0.xsd' },
	{
		json: 'work-with-NISO-roles-51-contributors-3.0.json',
		xml: null,
		root: 'work:work',
		xsd: 'work-3.0.xsd',
	},
];

/** Write samples that are not a JSON item of the record schema, or have no JSON twin. */
const NOT_CONVERTED: Record<string, string> = {
	'peer-review-group-id.json':
		'a group-id record (group-id-3.0.xsd, which imports the 2.1 common schema)',
	'work-simple-3.0.xml': 'XML only; no JSON twin',
};

/** What the JSON of ORCID's two full peer-review samples says unlike their XML (all but the review id). */
function fullPeerReviewDifferences(idValue: string, idUrl: string): string[] {
	const review = '/peer-review:peer-review/peer-review:';
	return [
		`${review}review-identifiers/common:external-id/common:external-id-value: text "${idValue}" vs "1234"`,
		`${review}review-identifiers/common:external-id/common:external-id-url: text "${idUrl}" vs "https://localsystem.org/1234"`,
		`${review}review-identifiers/common:external-id[2]: only in converted JSON`,
		`${review}review-url: text "https://example.com" vs "https://alt-url.com"`,
		`${review}review-completion-date/common:month: text "04" vs "08"`,
		`${review}review-completion-date/common:day: text "14" vs "01"`,
		`${review}subject-name/common:subtitle: only in converted JSON`,
		`${review}subject-name/common:translated-title: text "Subject name translated title" vs "Translated title"`,
		`${review}subject-url: text "https://example.com/review-item" vs "https://subject-alt-url.com"`,
		`${review}convening-organization/common:disambiguated-organization/common:disambiguated-organization-identifier: text "https://ror.org/04fa4r544" vs "385488"`,
		`${review}convening-organization/common:disambiguated-organization/common:disambiguation-source: text "ROR" vs "RINGGOLD"`,
	];
}

/**
 * Where ORCID's JSON and XML samples say different things (values, extra or missing
 * elements). Checked by hand: e.g. work-full-3.0.json has subtitle "Work subtitle" and
 * two contributors, work-full-3.0.xml "Sub title" and one; employment-3.0.json has three
 * external ids, the XML two; peer-review-simple-3.0.json has a review-url, the XML none.
 */
const SAMPLE_DIFFERENCES: Record<string, string[]> = {
	'address-3.0.json': ['/address:address/address:country: text "CA" vs "US"'],
	'bulk-work-3.0.json': [
		'/bulk:bulk/work:work[1]/work:title/common:title: text "Work # 1" vs "Current treatment of left main coronary artery disease # 1"',
		'/bulk:bulk/work:work[1]/work:journal-title: text "journal # 1" vs "Cor et Vasa"',
		'/bulk:bulk/work:work[1]/common:publication-date: only in XML sample',
		'/bulk:bulk/work:work[1]/common:external-ids/common:external-id/common:external-id-value: text "ext-id-1" vs "10.1016/j.crvasa.2015.05.007"',
		'/bulk:bulk/work:work[1]/common:external-ids/common:external-id/common:external-id-url: text "http://dx.doi.org/ext-id-1" vs "http://extId/1"',
		'/bulk:bulk/work:work[2]/work:title/common:title: text "Work # 2" vs "Current treatment of left main coronary artery disease # 2"',
		'/bulk:bulk/work:work[2]/work:journal-title: text "book title" vs "Cor et Vasa"',
		'/bulk:bulk/work:work[2]/work:type: text "book-chapter" vs "journal-article"',
		'/bulk:bulk/work:work[2]/common:publication-date: only in XML sample',
		'/bulk:bulk/work:work[2]/common:external-ids/common:external-id/common:external-id-type: text "isbn" vs "doi"',
		'/bulk:bulk/work:work[2]/common:external-ids/common:external-id/common:external-id-value: text "ext-id-2" vs "10.1016/j.crvasa.2015.05.008"',
		'/bulk:bulk/work:work[2]/common:external-ids/common:external-id/common:external-id-url: only in XML sample',
		'/bulk:bulk/work:work[2]/common:external-ids/common:external-id/common:external-id-relationship: text "part-of" vs "self"',
	],
	'bulk-works-100-works-3.0.json': [],
	'bulk-works-3-works-3.0.json': [],
	'distinction-3.0.json': [
		'/distinction:distinction/common:department-name: text "Department" vs "department-name"',
		'/distinction:distinction/common:role-title: text "Role" vs "role-title"',
		'/distinction:distinction/common:start-date/common:year: text "2022" vs "1948"',
		'/distinction:distinction/common:start-date/common:month: text "01" vs "02"',
		'/distinction:distinction/common:start-date/common:day: text "01" vs "02"',
		'/distinction:distinction/common:end-date/common:year: text "2023" vs "1948"',
		'/distinction:distinction/common:end-date/common:month: text "01" vs "02"',
		'/distinction:distinction/common:organization/common:name: text "University of Michigan" vs "common:name"',
		'/distinction:distinction/common:organization/common:address/common:city: text "Ann Arbor" vs "common:city"',
		'/distinction:distinction/common:organization/common:address/common:region: text "Michigan" vs "common:region"',
		'/distinction:distinction/common:organization/common:address/common:country: text "US" vs "AF"',
		'/distinction:distinction/common:organization/common:disambiguated-organization/common:disambiguated-organization-identifier: text "https://ror.org/00jmfr291" vs "https://ror.org/021nxhr62"',
		'/distinction:distinction/common:url: text "https://example.com/org-url" vs "http://tempuri.org"',
		'/distinction:distinction/common:external-ids/common:external-id[3]: only in converted JSON',
	],
	'education-3.0.json': [
		'/education:education/common:department-name: text "School of Geography and the Environment" vs "department-name"',
		'/education:education/common:role-title: text "Degree awarded" vs "role-title"',
		'/education:education/common:start-date/common:year: text "2015" vs "1948"',
		'/education:education/common:end-date/common:year: text "2023" vs "1948"',
		'/education:education/common:end-date/common:month: text "01" vs "02"',
		'/education:education/common:organization/common:name: text "University of Oxford" vs "common:name"',
		'/education:education/common:organization/common:address/common:city: text "Oxford" vs "common:city"',
		'/education:education/common:organization/common:address/common:region: text "Oxfordshire" vs "common:region"',
		'/education:education/common:organization/common:address/common:country: text "GB" vs "AF"',
		'/education:education/common:organization/common:disambiguated-organization/common:disambiguated-organization-identifier: text "https://ror.org/052gg0110" vs "https://ror.org/021nxhr62"',
		'/education:education/common:external-ids/common:external-id[2]/common:external-id-type: text "proposal-id" vs "grant_number"',
		'/education:education/common:external-ids/common:external-id[3]: only in converted JSON',
	],
	'employment-3.0.json': [
		'/employment:employment/common:department-name: text "Primary Care Health Services" vs "department-name"',
		'/employment:employment/common:role-title: text "Role" vs "role-title"',
		'/employment:employment/common:start-date/common:year: text "2021" vs "1948"',
		'/employment:employment/common:start-date/common:month: text "01" vs "02"',
		'/employment:employment/common:start-date/common:day: text "01" vs "02"',
		'/employment:employment/common:end-date/common:year: text "2023" vs "1948"',
		'/employment:employment/common:end-date/common:month: text "01" vs "02"',
		'/employment:employment/common:end-date/common:day: text "01" vs "02"',
		'/employment:employment/common:organization/common:name: text "Boston University" vs "common:name"',
		'/employment:employment/common:organization/common:address/common:city: text "Boston" vs "common:city"',
		'/employment:employment/common:organization/common:address/common:region: text "Massachusetts" vs "common:region"',
		'/employment:employment/common:organization/common:address/common:country: text "US" vs "AF"',
		'/employment:employment/common:organization/common:disambiguated-organization/common:disambiguated-organization-identifier: text "https://ror.org/05qwgg493" vs "https://ror.org/021nxhr62"',
		'/employment:employment/common:url: text "https://example.com" vs "http://tempuri.org"',
		'/employment:employment/common:external-ids/common:external-id[3]: only in converted JSON',
	],
	'external-identifier-3.0.json': [],
	'funding-3.0-simple.json': [
		'/funding:funding/funding:short-description: text "Short description for the funding." vs "Short description of the award"',
		'/funding:funding/funding:amount: text "1000.0" vs "1000"',
		'/funding:funding/common:external-ids/common:external-id/common:external-id-value: text "987654321" vs "1234"',
		'/funding:funding/common:external-ids/common:external-id/common:external-id-url: text "http://orcid.org" vs "http://tempuri.org/12345"',
		'/funding:funding/common:external-ids/common:external-id[2]: only in converted JSON',
		'/funding:funding/common:external-ids/common:external-id[3]: only in converted JSON',
		'/funding:funding/funding:contributors: only in converted JSON',
		'/funding:funding/common:organization/common:name: text "ORCID" vs "Wellcome Trust"',
		'/funding:funding/common:organization/common:address/common:city: text "Bethesda" vs "London"',
		'/funding:funding/common:organization/common:address/common:region: only in converted JSON',
		'/funding:funding/common:organization/common:address/common:country: text "US" vs "GB"',
		'/funding:funding/common:organization/common:disambiguated-organization/common:disambiguated-organization-identifier: text "https://ror.org/04fa4r544" vs "http://dx.doi.org/10.13039/100000001"',
		'/funding:funding/common:organization/common:disambiguated-organization/common:disambiguation-source: text "ROR" vs "FUNDREF"',
	],
	'funding-3.0-with-NISO-roles.json': [],
	'invited-position-3.0.json': [
		'/invited-position:invited-position/common:department-name: text "Department" vs "department-name"',
		'/invited-position:invited-position/common:role-title: text "Role" vs "role-title"',
		'/invited-position:invited-position/common:start-date/common:year: text "2022" vs "1948"',
		'/invited-position:invited-position/common:start-date/common:month: text "01" vs "02"',
		'/invited-position:invited-position/common:start-date/common:day: text "01" vs "02"',
		'/invited-position:invited-position/common:end-date/common:year: text "2023" vs "1948"',
		'/invited-position:invited-position/common:end-date/common:month: text "01" vs "02"',
		'/invited-position:invited-position/common:end-date/common:day: text "01" vs "02"',
		'/invited-position:invited-position/common:organization/common:name: text "University of Toronto" vs "common:name"',
		'/invited-position:invited-position/common:organization/common:address/common:city: text "Toronto" vs "common:city"',
		'/invited-position:invited-position/common:organization/common:address/common:region: text "Ontario" vs "common:region"',
		'/invited-position:invited-position/common:organization/common:address/common:country: text "CA" vs "AF"',
		'/invited-position:invited-position/common:organization/common:disambiguated-organization/common:disambiguated-organization-identifier: text "https://ror.org/03dbr7087" vs "https://ror.org/021nxhr62"',
		'/invited-position:invited-position/common:url: text "https://example.come/url" vs "http://tempuri.org"',
		'/invited-position:invited-position/common:external-ids/common:external-id[3]: only in converted JSON',
	],
	'keywords-3.0.json': ['/keyword:keyword/keyword:content: text "keyword" vs "keyword1"'],
	'membership-3.0.json': [
		'/membership:membership/common:department-name: text "Department" vs "department-name"',
		'/membership:membership/common:role-title: text "Role" vs "role-title"',
		'/membership:membership/common:start-date/common:year: text "2021" vs "1948"',
		'/membership:membership/common:end-date/common:year: text "2023" vs "1948"',
		'/membership:membership/common:end-date/common:month: text "01" vs "02"',
		'/membership:membership/common:organization/common:name: text "Research Data Alliance" vs "common:name"',
		'/membership:membership/common:organization/common:address/common:city: text "Dublin" vs "common:city"',
		'/membership:membership/common:organization/common:address/common:region: text "Province of Leinster" vs "common:region"',
		'/membership:membership/common:organization/common:address/common:country: text "IE" vs "AF"',
		'/membership:membership/common:organization/common:disambiguated-organization/common:disambiguated-organization-identifier: text "https://ror.org/05dc6w374" vs "https://ror.org/021nxhr62"',
	],
	'other-names-3.0.json': [],
	'peer-review-full-3.0-award-subject-type.json': fullPeerReviewDifferences(
		'12345',
		'https://example.com/1234',
	),
	'peer-review-full-3.0-research-resource.json': [],
	'peer-review-full-3.0.json': fullPeerReviewDifferences('98765', 'https://example.com/98765'),
	'peer-review-simple-3.0.json': [
		'/peer-review:peer-review/peer-review:review-identifiers/common:external-id/common:external-id-value: text "123456" vs "1234"',
		'/peer-review:peer-review/peer-review:review-url: only in converted JSON',
	],
	'qualification-3.0.json': [
		'/qualification:qualification/common:department-name: text "Systems Engineering & Engineering" vs "department-name"',
		'/qualification:qualification/common:role-title: text "Foundations of Aerospace at NASA" vs "role-title"',
		'/qualification:qualification/common:start-date/common:year: text "2022" vs "1948"',
		'/qualification:qualification/common:start-date/common:month: text "01" vs "02"',
		'/qualification:qualification/common:end-date/common:year: text "2023" vs "1948"',
		'/qualification:qualification/common:end-date/common:month: text "01" vs "02"',
		'/qualification:qualification/common:organization/common:name: text "National Aeronautics and Space Administration" vs "common:name"',
		'/qualification:qualification/common:organization/common:address/common:city: text "Washington" vs "common:city"',
		'/qualification:qualification/common:organization/common:address/common:region: text "D.C" vs "common:region"',
		'/qualification:qualification/common:organization/common:address/common:country: text "US" vs "AF"',
		'/qualification:qualification/common:organization/common:disambiguated-organization/common:disambiguated-organization-identifier: text "https://ror.org/027ka1x80" vs "https://ror.org/021nxhr62"',
		'/qualification:qualification/common:external-ids/common:external-id[1]/common:external-id-type: text "other-id" vs "grant_number"',
		'/qualification:qualification/common:external-ids/common:external-id[2]/common:external-id-relationship: text "part-of" vs "self"',
	],
	'research-resource-3.0.json': [
		'/research-resource:research-resource/research-resource:proposal/research-resource:title/common:title: text "Proposal title" vs "Giant Laser Award"',
		'/research-resource:research-resource/research-resource:proposal/research-resource:title/common:translated-title: only in converted JSON',
		'/research-resource:research-resource/research-resource:proposal/research-resource:hosts/common:organization[2]: only in converted JSON',
		'/research-resource:research-resource/research-resource:proposal/common:external-ids/common:external-id[1]/common:external-id-url: only in converted JSON',
		'/research-resource:research-resource/research-resource:proposal/common:external-ids/common:external-id[2]/common:external-id-url: only in converted JSON',
		'/research-resource:research-resource/research-resource:proposal/common:external-ids/common:external-id[3]: only in converted JSON',
		'/research-resource:research-resource/research-resource:resource-items/research-resource:resource-item[1]/common:external-ids/common:external-id[1]/common:external-id-url: only in converted JSON',
		'/research-resource:research-resource/research-resource:resource-items/research-resource:resource-item[1]/common:external-ids/common:external-id[2]/common:external-id-value: text "10.123/giantlaser" vs "https://doi.org/10.123/giantlaser"',
		'/research-resource:research-resource/research-resource:resource-items/research-resource:resource-item[1]/common:external-ids/common:external-id[2]/common:external-id-url: only in converted JSON',
		'/research-resource:research-resource/research-resource:resource-items/research-resource:resource-item[1]/common:external-ids/common:external-id[3]: only in converted JSON',
		'/research-resource:research-resource/research-resource:resource-items/research-resource:resource-item[1]/common:url: only in converted JSON',
		'/research-resource:research-resource/research-resource:resource-items/research-resource:resource-item[2]/common:url: only in converted JSON',
		'/research-resource:research-resource/research-resource:resource-items/research-resource:resource-item[3]: only in converted JSON',
		'/research-resource:research-resource/research-resource:resource-items/research-resource:resource-item[4]: only in converted JSON',
		'/research-resource:research-resource/research-resource:resource-items/research-resource:resource-item[5]: only in converted JSON',
	],
	'researcher-url-3.0.json': [
		'/researcher-url:researcher-url/researcher-url:url-name: text "Url name" vs "Site # 1"',
		'/researcher-url:researcher-url/researcher-url:url: text "https://example.com" vs "https://site1.com/"',
	],
	'researcher-url-no-name-3.0.json': [
		'/researcher-url:researcher-url/researcher-url:url: text "https://example.com" vs "https://site1.com/"',
	],
	'service-3.0.json': [
		'/service:service/common:department-name: text "Service Department Name" vs "department-name"',
		'/service:service/common:role-title: text "Role title" vs "role-title"',
		'/service:service/common:end-date/common:year: text "2015" vs "1948"',
		'/service:service/common:organization/common:name: text "ORCID Inc" vs "common:name"',
		'/service:service/common:organization/common:address/common:city: text "Bethesda" vs "common:city"',
		'/service:service/common:organization/common:address/common:region: text "Maryland" vs "common:region"',
		'/service:service/common:organization/common:address/common:country: text "US" vs "AF"',
		'/service:service/common:organization/common:disambiguated-organization/common:disambiguated-organization-identifier: text "https://ror.org/04fa4r544" vs "https://ror.org/021nxhr62"',
		'/service:service/common:url: text "https://example.com/service-url" vs "http://tempuri.org"',
		'/service:service/common:external-ids/common:external-id[3]: only in converted JSON',
	],
	'work-51-contributors-3.0.json': [],
	'work-full-3.0.json': [
		'/work:work/work:title/common:subtitle: text "Work subtitle" vs "Sub title"',
		'/work:work/work:title/common:translated-title: text "Translated-title English" vs "Translated-title"',
		'/work:work/work:journal-title: text "Journal title" vs "Journal Title"',
		'/work:work/work:short-description: text "This is a short description of the work." vs "Short description"',
		'/work:work/work:citation/work:citation-value: text "@article {ORCID2012, title = \\"ORCID: a system to uniquely identify researchers\\", journal = \\"Learned Publishing\\", year = \\"2022\\", doi = \\"doi:10.1087/20140404\\" }" vs "@article {ORCID2012, title = \\"ORCID: a system to uniquely identify researchers\\", journal = \\"Learned Publishing\\", year = \\"2012\\", doi = \\"doi:10.1087/20120404\\" }"',
		'/work:work/common:publication-date/common:year: text "2022" vs "2012"',
		'/work:work/common:publication-date/common:month: text "05" vs "10"',
		'/work:work/common:publication-date/common:day: text "24" vs "01"',
		'/work:work/common:external-ids/common:external-id[1]/common:external-id-value: text "10.1187/20120402" vs "10.1087/20120404"',
		'/work:work/common:external-ids/common:external-id[1]/common:external-id-relationship: text "part-of" vs "version-of"',
		'/work:work/common:url: text "https://example.com" vs "http://alt-uri.org"',
		'/work:work/work:contributors/work:contributor/common:contributor-orcid/common:uri: text "https://orcid.org/0000-0002-5391-5437" vs "https://orcid.org/0000-0001-5109-3700"',
		'/work:work/work:contributors/work:contributor/common:contributor-orcid/common:path: text "0000-0002-5391-5437" vs "0000-0001-5109-3700"',
		'/work:work/work:contributors/work:contributor/work:credit-name: text "Jordan" vs "Laure L. Haak"',
		'/work:work/work:contributors/work:contributor/work:contributor-email: only in converted JSON',
		'/work:work/work:contributors/work:contributor[2]: only in converted JSON',
		'/work:work/common:country: text "CA" vs "US"',
	],
	'work-with-NISO-roles-51-contributors-3.0.json': [],
};

const read = (name: string) => fs.readFileSync(path.join(WRITE_SAMPLES_DIR, name), 'utf8');

describe('ORCID JSON -> XML converter on ORCID write samples', () => {
	test('every write sample is accounted for', () => {
		const covered = new Set([
			...SAMPLES.map((s) => s.json),
			...SAMPLES.map((s) => s.xml).filter((x): x is string => x !== null),
			...Object.keys(NOT_CONVERTED),
		]);
		const files = fs.readdirSync(WRITE_SAMPLES_DIR).filter((f) => /\.(json|xml)$/.test(f));
		expect(files.filter((f) => !covered.has(f))).toEqual([]);
		expect(files.length).toBe(48);
	});

	test('every JSON sample converts to XML that validates against its XSD', async () => {
		const byXsd = new Map<string, Array<{ name: string; xml: string }>>();
		for (const s of SAMPLES) {
			const xml = orcidJsonToXml(JSON.parse(read(s.json)), s.root);
			byXsd.set(s.xsd, [...(byXsd.get(s.xsd) ?? []), { name: s.json, xml }]);
		}
		const results = (
			await Promise.all([...byXsd].map(([xsd, docs]) => validateAgainstXsd(docs, xsd)))
		).flat();
		expect(results.filter((r) => !r.valid)).toEqual([]);
		expect(results).toHaveLength(SAMPLES.length);
	});

	test('the XML twins themselves validate (the XSD loader and imports work)', async () => {
		const twins = SAMPLES.filter((s) => s.xml);
		const results = await Promise.all(
			twins.map((s) => validateXmlString(read(s.xml as string), s.xsd)),
		);
		expect(results.filter((r) => !r.valid)).toEqual([]);
	});

	test.each(SAMPLES.filter((s) => s.xml).map((s) => [s.json, s.xml, s.root] as const))(
		'%s matches %s except where the samples differ in content',
		(json, xml, root) => {
			const converted = canonicalXml(orcidJsonToXml(JSON.parse(read(json)), root));
			const twin = canonicalXml(read(xml as string));
			expect(converted.name).toBe(twin.name);
			expect(diffCanonical(converted, twin)).toEqual(SAMPLE_DIFFERENCES[json]);
		},
	);

	test('identical twins compare equal: external identifier and other name', () => {
		for (const [json, xml, root] of [
			[
				'external-identifier-3.0.json',
				'external-identifier-3.0.xml',
				'external-identifier:external-identifier',
			],
			['other-names-3.0.json', 'other-name-3.0.xml', 'other-name:other-name'],
		]) {
			expect(
				diffCanonical(
					canonicalXml(orcidJsonToXml(JSON.parse(read(json)), root)),
					canonicalXml(read(xml)),
				),
			).toEqual([]);
		}
	});
});

describe('converter and comparison behaviour', () => {
	test('JSON key order does not matter: the XSD orders the elements', () => {
		const work = JSON.parse(read('work-full-3.0.json'));
		const expected = orcidJsonToXml(work, 'work:work');
		const shuffle = (value: unknown, seed: number): unknown => {
			if (Array.isArray(value)) return value.map((v) => shuffle(v, seed));
			if (typeof value !== 'object' || value === null) return value;
			const entries = Object.entries(value);
			const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]);
			return Object.fromEntries(rotated.reverse().map(([k, v]) => [k, shuffle(v, seed)]));
		};
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 50 }), (seed) => {
				expect(orcidJsonToXml(shuffle(work, seed), 'work:work')).toBe(expected);
			}),
			{ numRuns: 25 },
		);
	});

	test('a key the schema does not know is an error, not silently dropped', () => {
		const work = { ...JSON.parse(read('work-full-3.0.json')), colour: 'red' };
		expect(() => orcidJsonToXml(work, 'work:work')).toThrow(/unknown key\(s\) colour in work/);
		expect(() =>
			orcidJsonToXml({ title: { title: { value: 'x' }, tittle: 'y' } }, 'work:work'),
		).toThrow(/tittle/);
	});

	test('attributes, {value} wrappers and escaping', () => {
		const xml = orcidJsonToXml(
			{
				'put-code': 42,
				visibility: 'public',
				title: {
					title: { value: 'A & B <C>' },
					'translated-title': { value: 'T', 'language-code': 'fr' },
				},
				type: 'other',
				'external-ids': {
					'external-id': [
						{
							'external-id-type': 'doi',
							'external-id-value': '10.1/x',
							'external-id-url': null,
							'external-id-relationship': 'self',
						},
					],
				},
			},
			'work:work',
		);
		expect(xml).toContain(
			'<work:work put-code="42" visibility="public" xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">',
		);
		expect(xml).toContain('<common:title>A &amp; B &lt;C&gt;</common:title>');
		expect(xml).toContain(
			'<common:translated-title language-code="fr">T</common:translated-title>',
		);
		expect(xml).not.toContain('external-id-url');
	});

	test('the XSD check bites: a work without a type or with an unknown element is invalid', async () => {
		const work = JSON.parse(read('work-full-3.0.json'));
		delete work.type;
		const noType = await validateXmlString(orcidJsonToXml(work, 'work:work'), 'work-3.0.xsd');
		expect(noType.valid).toBe(false);
		expect(noType.errors.join('\n')).toMatch(
			/publication-date': This element is not expected. Expected is \( \{http:\/\/www.orcid.org\/ns\/work\}type \)/,
		);
		const extra = read('work-simple-3.0.xml').replace(
			'<work:type>',
			'<work:foo>x</work:foo><work:type>',
		);
		const bad = await validateXmlString(extra, 'work-3.0.xsd');
		expect(bad.valid).toBe(false);
		expect(bad.errors.join('\n')).toContain(
			"Element '{http://www.orcid.org/ns/work}foo': This element is not expected",
		);
	});

	test('canonical comparison ignores prefixes, attribute order and whitespace, but not content', () => {
		const a = canonicalXml(
			'<w:work xmlns:w="http://www.orcid.org/ns/work" put-code="1" visibility="public"><w:type> book </w:type></w:work>',
		);
		const b = canonicalXml(
			'<?xml version="1.0"?>\n<x:work visibility="public" put-code="1" xmlns:x="http://www.orcid.org/ns/work">\n\t<x:type>book</x:type>\n</x:work>',
		);
		expect(diffCanonical(a, b)).toEqual([]);
		const c = canonicalXml(
			'<x:work put-code="2" xmlns:x="http://www.orcid.org/ns/work"><x:type>book</x:type><x:url/></x:work>',
		);
		expect(diffCanonical(a, c)).toEqual([
			'/work:work: attribute put-code "1" vs "2"',
			'/work:work: attribute visibility "public" vs null',
			'/work:work/work:url: only in XML sample',
		]);
	});
});

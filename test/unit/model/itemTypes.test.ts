/** The item-type registry and the enums, checked against ORCID's XSDs and read sample. */
import * as fs from 'fs';
import * as path from 'path';
import {
	ACTIVITY_TYPES,
	AFFILIATION_TYPES,
	COUNTRY_CODES,
	ITEM_TYPES,
	LANGUAGE_CODES,
	PEER_REVIEW_SUBJECT_TYPES,
	WORK_TYPES,
	allItemTypes,
	createPath,
	isCountryCode,
	isCurrencyCode,
	isFundingContributorRole,
	isItemType,
	isLanguageCode,
	isWorkContributorRole,
	itemPath,
	itemTypeInfo,
	listPath,
} from '../../../nodes/shared/orcid/model';
import { ORCID_MODEL_DIR, READ_SAMPLES_DIR, RECORD_DIR } from '../../support/xsd';

const ORCID = '0000-0002-1825-0097';

describe('item-type registry', () => {
	test('paths, roots and scopes', () => {
		const table = allItemTypes().map((i) => [
			i.itemType,
			createPath(i.itemType, ORCID),
			itemPath(i.itemType, ORCID, 9),
			listPath(i.itemType, ORCID),
			`${i.xmlRoot.prefix}:${i.xmlRoot.name}`,
			i.scope,
			i.summaryKey ?? null,
		]);
		const o = `/${ORCID}`;
		// ORCID's convention: activities post to their singular, list under the plural and are
		// summarised as <type>-summary; person items post, read and list under the plural
		const activity = (t: string) => [
			t,
			`${o}/${t}`,
			`${o}/${t}/9`,
			`${o}/${t}s`,
			`${t}:${t}`,
			'/activities/update',
			`${t}-summary`,
		];
		const person = (t: string) => [
			t,
			`${o}/${t}s`,
			`${o}/${t}s/9`,
			`${o}/${t}s`,
			`${t}:${t}`,
			'/person/update',
			null,
		];
		expect(table).toEqual([
			activity('work'),
			activity('funding'),
			activity('employment'),
			activity('education'),
			activity('distinction'),
			activity('invited-position'),
			activity('membership'),
			activity('qualification'),
			activity('service'),
			activity('peer-review'),
			activity('research-resource'),
			person('keyword'),
			person('other-name'),
			person('researcher-url'),
			person('external-identifier'),
		]);
		expect(ITEM_TYPES).toHaveLength(15);
		expect(AFFILIATION_TYPES).toHaveLength(7);
		expect(isItemType('works')).toBe(false);
	});

	test('each XSD file exists and declares the root element in the root namespace', () => {
		for (const info of allItemTypes()) {
			const xsd = fs.readFileSync(path.join(RECORD_DIR, info.xsdFile), 'utf8');
			expect(xsd).toContain(`targetNamespace="${info.xmlRoot.namespace}"`);
			expect(xsd).toMatch(new RegExp(`<xs:element name="${info.xmlRoot.name}"[ >]`));
		}
	});

	test('section keys and summary keys are the ones ORCID uses in the read sample', () => {
		const record = JSON.parse(
			fs.readFileSync(path.join(READ_SAMPLES_DIR, 'record-full-3.0.json'), 'utf8'),
		);
		for (const t of ACTIVITY_TYPES) {
			const info = itemTypeInfo(t);
			const section = record['activities-summary'][info.sectionKey];
			expect(section.path).toBe(`/0000-0002-7319-2192${info.listPath}`);
			const text = JSON.stringify(section);
			expect(text).toContain(`"${info.summaryKey}"`);
			expect(text).toContain(`"/0000-0002-7319-2192/${t}/`);
		}
		for (const t of ['keyword', 'other-name', 'researcher-url', 'external-identifier'] as const) {
			const info = itemTypeInfo(t);
			const section = record.person[info.sectionKey];
			expect(section.path).toBe(`/0000-0002-7319-2192${info.listPath}`);
			expect(section[info.jsonRoot][0].path).toMatch(
				new RegExp(`^/0000-0002-7319-2192${info.listPath}/\\d+$`),
			);
		}
	});
});

describe('enums', () => {
	test('language codes are exactly the list in common-3.0.xsd', () => {
		const xsd = fs.readFileSync(path.join(ORCID_MODEL_DIR, 'common_3.0/common-3.0.xsd'), 'utf8');
		const m =
			/selected from the following options:\s*([\s\S]*?)\s*ORCID will validate this value against the enumeration https:\/\/github.com\/ORCID\/orcid-model\/blob\/master\/src\/main\/java\/org\/orcid\/jaxb\/model\/common\/LanguageCode.java/.exec(
				xsd,
			);
		expect(m).not.toBeNull();
		const fromXsd = (m as RegExpExecArray)[1].split(',').map((s) => s.trim());
		expect(fromXsd).toHaveLength(186);
		expect([...LANGUAGE_CODES]).toEqual(fromXsd);
		expect(isLanguageCode('zh_CN')).toBe(true);
		expect(isLanguageCode('zh')).toBe(false);
	});

	test('countries: ISO 3166-1 alpha-2 plus XK, as ORCID', () => {
		expect(COUNTRY_CODES).toHaveLength(250);
		expect(new Set(COUNTRY_CODES).size).toBe(250);
		for (const c of ['US', 'GB', 'DE', 'XK', 'TW', 'AX']) expect(isCountryCode(c)).toBe(true);
		for (const c of ['UK', 'us', 'USA', '', null]) expect(isCountryCode(c)).toBe(false);
	});

	test('work and peer-review subject types, roles, currencies', () => {
		expect(WORK_TYPES).toHaveLength(59);
		expect(new Set(PEER_REVIEW_SUBJECT_TYPES)).toEqual(
			new Set([
				...WORK_TYPES,
				'grant',
				'contract',
				'award',
				'salary-award',
				'research-resource-proposal',
			]),
		);
		expect(isWorkContributorRole('author')).toBe(true);
		expect(
			isWorkContributorRole('http://credit.niso.org/contributor-roles/writing-review-editing/'),
		).toBe(true);
		expect(isWorkContributorRole('http://credit.niso.org/contributor-roles/writing/')).toBe(false);
		expect(isWorkContributorRole('lead')).toBe(false);
		expect(isFundingContributorRole('co-lead')).toBe(true);
		expect(isFundingContributorRole('author')).toBe(false);
		expect(isCurrencyCode('EUR')).toBe(true);
		expect(isCurrencyCode('eur')).toBe(false);
	});
});

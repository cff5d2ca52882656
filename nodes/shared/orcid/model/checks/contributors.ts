/** Contributors of works and fundings: iD, name, email, role and (works only) sequence. */
import { SEQUENCES, isFundingContributorRole, isWorkContributorRole } from '../enums';
import { showValue } from '../errors';
import { asArray, isObject } from '../json';
import { Checker, JsonPath, checkEnum, checkText } from './checker';

const EMAIL_SHAPE = /^[^@\s]+@[^@\s.]+\.[^@\s]+$/;

/** ISO 7064 MOD 11-2, as ORCID computes it over the first 15 digits. */
function isOrcidId(value: string): boolean {
	if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(value)) return false;
	const digits = value.replace(/-/g, '');
	let total = 0;
	for (let i = 0; i < 15; i++) total = (total + Number(digits[i])) * 2;
	const result = (12 - (total % 11)) % 11;
	return digits[15] === (result === 10 ? 'X' : String(result));
}

export function checkContributors(
	c: Checker,
	path: JsonPath,
	raw: unknown,
	kind: 'work' | 'funding',
): void {
	if (raw === undefined || raw === null) return;
	if (
		!isObject(raw) ||
		(raw.contributor !== undefined && raw.contributor !== null && !Array.isArray(raw.contributor))
	) {
		c.add(path, `must look like {"contributor": [ ... ]}, got ${showValue(raw)}`, raw);
		return;
	}
	asArray(raw.contributor).forEach((con, i) =>
		checkContributor(c, [...path, 'contributor', i], con, kind),
	);
}

function checkContributor(c: Checker, p: JsonPath, con: unknown, kind: 'work' | 'funding'): void {
	if (!isObject(con)) {
		c.add(p, `must be a contributor object, got ${showValue(con)}`, con);
		return;
	}
	const orcid = con['contributor-orcid'];
	if (orcid !== undefined && orcid !== null)
		checkContributorOrcid(c, [...p, 'contributor-orcid'], orcid);
	if (con['credit-name'] !== undefined && con['credit-name'] !== null) {
		checkText(c, [...p, 'credit-name'], con['credit-name'], { max: 150 });
	}
	const email = con['contributor-email'];
	if (email !== undefined && email !== null) {
		const value = checkText(c, [...p, 'contributor-email'], email, { max: 350 });
		if (value !== null && !EMAIL_SHAPE.test(value)) {
			c.add([...p, 'contributor-email'], `${showValue(value)} is not an email address`, email);
		}
	}
	const attrs = con['contributor-attributes'];
	if (attrs !== undefined && attrs !== null) {
		checkAttributes(c, [...p, 'contributor-attributes'], attrs, kind);
	}
}

/** {"path": iD, "uri": iD URI}: each, when given, with a correct check digit. */
function checkContributorOrcid(c: Checker, p: JsonPath, orcid: unknown): void {
	if (!isObject(orcid)) {
		c.add(p, `must be {"path": "0000-..."}, got ${showValue(orcid)}`, orcid);
		return;
	}
	const id = orcid.path;
	if (id !== undefined && id !== null && !(typeof id === 'string' && isOrcidId(id))) {
		c.add(
			[...p, 'path'],
			`${showValue(id)} is not a valid ORCID iD (0000-0000-0000-000X with a correct check digit)`,
			id,
		);
	}
	const uri = orcid.uri;
	if (uri !== undefined && uri !== null) {
		const m =
			typeof uri === 'string' ? /^https?:\/\/(?:sandbox\.)?orcid\.org\/(.+)$/.exec(uri) : null;
		if (!m || !isOrcidId(m[1])) {
			c.add([...p, 'uri'], `${showValue(uri)} is not an ORCID iD URI`, uri);
		}
	}
}

/** Role (ORCID's names or a CRediT URI) and, for works only, the sequence. */
function checkAttributes(c: Checker, p: JsonPath, attrs: unknown, kind: 'work' | 'funding'): void {
	if (!isObject(attrs)) {
		c.add(p, `must be an object, got ${showValue(attrs)}`, attrs);
		return;
	}
	const role = attrs['contributor-role'];
	if (role !== undefined && role !== null) {
		const ok = kind === 'work' ? isWorkContributorRole(role) : isFundingContributorRole(role);
		if (!ok) {
			const list =
				kind === 'work'
					? 'author, editor, assignee, co-investigator, principal-investigator ... or a CRediT role URI'
					: 'lead, co-lead, supported-by, other-contribution or a CRediT role URI';
			c.add(
				[...p, 'contributor-role'],
				`unknown contributor role ${showValue(role)}; expected ${list}`,
				role,
			);
		}
	}
	const seq = attrs['contributor-sequence'];
	if (seq === undefined || seq === null) return;
	if (kind === 'work') {
		checkEnum(c, [...p, 'contributor-sequence'], seq, SEQUENCES, 'sequence', false);
	} else {
		c.add([...p, 'contributor-sequence'], 'funding contributors have no sequence', seq);
	}
}

/**
 * The validator's tools: the checker that collects problems under JSON paths, and the checks
 * of single values every item kind uses (text, enum, URL, date, start/end). Texts follow
 * ORCID's v3.0 XSDs (non-empty strings, lengths) and XML 1.0's allowed characters.
 */
import { checkFuzzyDate, compareFuzzyDates } from '../dates';
import { isOneOf } from '../enums';
import { showValue } from '../errors';
import { JsonObject, isObject, text } from '../json';

export type JsonPath = Array<string | number>;

export function pathToString(path: JsonPath): string {
	let out = '';
	for (const seg of path) {
		if (typeof seg === 'number') out += `[${seg}]`;
		else out += out === '' ? seg : `.${seg}`;
	}
	return out;
}

interface RawIssue {
	path: JsonPath;
	problem: string;
	value?: unknown;
}

export class Checker {
	readonly issues: RawIssue[] = [];

	add(path: JsonPath, problem: string, value?: unknown): void {
		this.issues.push({ path, problem, value });
	}
}

export function oneOfText(list: readonly string[], max = 12): string {
	return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')}, ...`;
}

/** ORCID's non-empty-string: at least one character that is not whitespace. */
export function isBlank(value: string | null): boolean {
	return value === null || value.trim() === '';
}

/**
 * The first character XML 1.0 forbids (ORCID keeps and serves every item as XML too):
 * control characters other than tab, newline and carriage return, U+FFFE/U+FFFF and
 * unpaired surrogates. Null when the text is fine.
 */
function forbiddenChar(value: string): number | null {
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
		if (c === 0xfffe || c === 0xffff) return c;
		if (c >= 0xd800 && c <= 0xdbff) {
			const next = value.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				i++;
				continue;
			}
			return c;
		}
		if (c >= 0xdc00 && c <= 0xdfff) return c;
	}
	return null;
}

export interface StringRule {
	required?: boolean;
	max?: number;
	why?: string;
}

/** A string, bare or wrapped as {"value": ...}. Returns the text (or null). */
export function checkText(
	c: Checker,
	path: JsonPath,
	raw: unknown,
	rule: StringRule = {},
): string | null {
	if (raw === undefined || raw === null) {
		if (rule.required) c.add(path, `is required${rule.why ? ` (${rule.why})` : ''}`, raw);
		return null;
	}
	const value = text(raw);
	if (value === null) {
		c.add(path, `must be text, got ${showValue(raw)}`, raw);
		return null;
	}
	if (isBlank(value)) {
		if (rule.required)
			c.add(path, `is required${rule.why ? ` (${rule.why})` : ''}, got ${showValue(raw)}`, raw);
		else c.add(path, `is empty; leave it out instead`, raw);
		return null;
	}
	const bad = forbiddenChar(value);
	if (bad !== null) {
		const code = bad.toString(16).toUpperCase().padStart(4, '0');
		c.add(
			path,
			`contains the character U+${code}, which ORCID cannot store (not allowed in XML)`,
			raw,
		);
	}
	if (rule.max !== undefined && value.length > rule.max) {
		c.add(path, `is ${value.length} characters long; ORCID allows at most ${rule.max}`, raw);
	}
	return value;
}

export function checkEnum(
	c: Checker,
	path: JsonPath,
	raw: unknown,
	list: readonly string[],
	label: string,
	required: boolean,
): void {
	if (raw === undefined || raw === null || raw === '') {
		if (required) c.add(path, `is required: one of ${oneOfText(list)}`, raw);
		return;
	}
	if (!isOneOf(list, raw)) {
		c.add(path, `unknown ${label} ${showValue(raw)}; expected one of ${oneOfText(list)}`, raw);
	}
}

const URL_SHAPE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/;

export function checkUrl(c: Checker, path: JsonPath, raw: unknown, required = false): void {
	const value = checkText(c, path, raw, { required, max: 2084 });
	if (value !== null && !URL_SHAPE.test(value.trim())) {
		c.add(path, `${showValue(value)} is not a full URL (e.g. https://example.org/page)`, raw);
	}
}

export function checkDate(c: Checker, path: JsonPath, raw: unknown, required = false): boolean {
	if (raw === undefined || raw === null) {
		if (required) c.add(path, 'is required (YYYY, YYYY-MM or YYYY-MM-DD)', raw);
		return false;
	}
	const problem = checkFuzzyDate(raw);
	if (problem) {
		c.add(path, problem, raw);
		return false;
	}
	return true;
}

export function checkStartEnd(c: Checker, base: JsonPath, json: JsonObject): void {
	const hasStart = checkDate(c, [...base, 'start-date'], json['start-date']);
	const endGiven = json['end-date'] !== undefined && json['end-date'] !== null;
	const hasEnd = checkDate(c, [...base, 'end-date'], json['end-date']);
	const startGiven = json['start-date'] !== undefined && json['start-date'] !== null;
	if (endGiven && !startGiven) {
		c.add(
			[...base, 'start-date'],
			'is required when an end date is given (ORCID answers 9050)',
			json['start-date'],
		);
	}
	if (hasStart && hasEnd && compareFuzzyDates(json['start-date'], json['end-date']) > 0) {
		c.add(
			[...base, 'start-date'],
			`start date is after the end date (ORCID answers 9055)`,
			json['start-date'],
		);
	}
}

export function mustBeObject(c: Checker, itemType: string, json: unknown): json is JsonObject {
	if (!isObject(json)) {
		c.add([], `an ORCID ${itemType} must be a JSON object, got ${showValue(json)}`, json);
		return false;
	}
	return true;
}

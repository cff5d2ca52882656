import { ModelValidationError, showValue } from './errors';
import { isObject, text } from './json';

/** ORCID's fuzzy date: year, optional month, optional day, each {"value": "..."}. */
export interface FuzzyDateJson {
	year: { value: string };
	month?: { value: string };
	day?: { value: string };
}

const DATE_SHAPE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

function pad2(n: string): string {
	return n.length === 1 ? `0${n}` : n;
}

/**
 * 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (an ISO date-time is cut to its date, as n8n's date
 * fields give '2024-01-15T00:00:00') -> ORCID fuzzy date JSON. Blank -> undefined.
 * Only the shape is checked here; checkFuzzyDate (shared with raw JSON) checks the values.
 */
export function parseFuzzyDate(input: unknown, field: string): FuzzyDateJson | undefined {
	if (input === undefined || input === null) return undefined;
	if (typeof input === 'number') input = String(input);
	if (isObject(input)) {
		// already ORCID-shaped ({year:{value}} ...): pass through for the validator
		return input as unknown as FuzzyDateJson;
	}
	if (typeof input !== 'string') {
		throw new ModelValidationError(
			field,
			`${showValue(input)} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD`,
			input,
		);
	}
	const trimmed = input.trim();
	if (trimmed === '') return undefined;
	const datePart = /^\d{4}-\d{2}-\d{2}T/.test(trimmed) ? trimmed.slice(0, 10) : trimmed;
	const m = DATE_SHAPE.exec(datePart);
	if (!m) {
		throw new ModelValidationError(
			field,
			`${showValue(input)} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD`,
			input,
		);
	}
	const date: FuzzyDateJson = { year: { value: m[1] } };
	if (m[2] !== undefined) date.month = { value: pad2(m[2]) };
	if (m[3] !== undefined) date.day = { value: pad2(m[3]) };
	const problem = checkFuzzyDate(date);
	if (problem) throw new ModelValidationError(field, `${showValue(input)}: ${problem}`, input);
	return date;
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The one place that decides whether a fuzzy date is acceptable (ORCID's ActivityValidator
 * rules plus the XSD's 1900-2100 year range). Returns a problem, or null when fine.
 */
export function checkFuzzyDate(date: unknown): string | null {
	if (!isObject(date))
		return `is not a date object with year, month and day, got ${showValue(date)}`;
	for (const key of Object.keys(date)) {
		if (!['year', 'month', 'day'].includes(key)) return `has an unknown part '${key}'`;
	}
	const year = date.year == null ? null : text(date.year);
	const month = date.month == null ? null : text(date.month);
	const day = date.day == null ? null : text(date.day);
	if (year === null) return 'needs a year';
	if (!/^\d{4}$/.test(year)) return `year ${showValue(year)} must be four digits`;
	const y = Number(year);
	if (y < 1900 || y > 2100) return `year ${year} is outside 1900-2100`;
	if (month === null) return day === null ? null : 'has a day but no month';
	if (!/^\d{2}$/.test(month) || Number(month) < 1 || Number(month) > 12) {
		return `month ${showValue(month)} must be two digits, 01-12`;
	}
	if (day === null) return null;
	if (!/^\d{2}$/.test(day) || Number(day) < 1)
		return `day ${showValue(day)} must be two digits, 01-31`;
	if (Number(day) > daysInMonth(y, Number(month))) {
		return `${year}-${month}-${day} does not exist`;
	}
	return null;
}

/** ORCID fuzzy date JSON -> 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; null when absent or yearless. */
export function fuzzyDateToString(date: unknown): string | null {
	if (!isObject(date)) return null;
	const year = text(date.year);
	if (!year) return null;
	const month = text(date.month);
	if (!month) return year;
	const day = text(date.day);
	return day ? `${year}-${month}-${day}` : `${year}-${month}`;
}

/**
 * Compares two fuzzy dates at the precision both have (2020 vs 2020-05 compare equal).
 * Negative when a is earlier. Dates without a usable year compare equal.
 */
export function compareFuzzyDates(a: unknown, b: unknown): number {
	const sa = fuzzyDateToString(a);
	const sb = fuzzyDateToString(b);
	if (!sa || !sb) return 0;
	const pa = sa.split('-').map(Number);
	const pb = sb.split('-').map(Number);
	const n = Math.min(pa.length, pb.length);
	for (let i = 0; i < n; i++) {
		if (pa[i] !== pb[i]) return pa[i] - pb[i];
	}
	return 0;
}

import { looksLikeToken, TOKEN_NOT_SHOWN } from '../../http/traffic';

/** One problem found in an item: the field (editor name or JSON path), what is wrong, the bad value. */
export interface ValidationIssue {
	field: string;
	problem: string;
	value?: unknown;
}

/** Shows a bad value briefly and unambiguously in a message ("'2020-13'", "42", "null"). */
export function showValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	// a token mapped to the wrong field is not quoted back
	if (looksLikeToken(value)) return TOKEN_NOT_SHOWN;
	if (typeof value === 'string') {
		const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
		return `'${shown}'`;
	}
	if (typeof value === 'number' || typeof value === 'boolean' || value === null)
		return String(value);
	let text: string;
	try {
		text = JSON.stringify(value);
	} catch {
		text = Object.prototype.toString.call(value);
	}
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Thrown before anything is sent when an item would be rejected by ORCID (or is not an
 * ORCID item at all). `field` names the editor field (builders) or the JSON path (raw
 * JSON); `issues` lists every problem found, the first one is the message.
 */
export class ModelValidationError extends Error {
	readonly field: string;
	readonly value: unknown;
	readonly issues: ValidationIssue[];

	constructor(field: string, problem: string, value?: unknown, issues?: ValidationIssue[]) {
		const all = issues && issues.length ? issues : [{ field, problem, value }];
		const more =
			all.length > 1 ? ` (and ${all.length - 1} more problem${all.length > 2 ? 's' : ''})` : '';
		super(`${field}: ${problem}${more}`);
		this.name = 'ModelValidationError';
		this.field = field;
		this.value = value;
		this.issues = all;
	}

	static fromIssues(issues: ValidationIssue[]): ModelValidationError {
		const first = issues[0];
		return new ModelValidationError(first.field, first.problem, first.value, issues);
	}
}

export function isModelValidationError(e: unknown): e is ModelValidationError {
	return e instanceof ModelValidationError;
}

/**
 * ORCID iD parsing: bare (0000-0002-1825-0097), URI (https://orcid.org/..., http:// and the
 * sandbox host too), the host without a scheme (orcid.org/0000-...), 16 characters without dashes
 * (as people paste them from PDFs and spreadsheets) and lowercase x; the check character is
 * ISO 7064 MOD 11-2 over the first 15 digits. Output is always the dashed, uppercase form.
 * No n8n imports.
 */

import { looksLikeToken, TOKEN_NOT_SHOWN } from '../http/traffic';

const BARE = /^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$/;
const URI = /^(?:https?:\/\/)?(?:www\.)?(?:sandbox\.)?orcid\.org\/(.+?)\/?$/i;
const EXAMPLE = '0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097';

export class OrcidIdError extends Error {
	constructor(
		message: string,
		readonly value: unknown,
	) {
		super(message);
		this.name = 'OrcidIdError';
	}
}

/**
 * How a bad value looks in a message: quoted and cut short, or its type. A value shaped like a
 * token (a token mapped to the wrong field) is not shown: messages end up in logs.
 */
export function showValue(value: unknown): string {
	if (value === undefined) return 'nothing (undefined)';
	if (value === null) return 'null';
	if (looksLikeToken(value)) return TOKEN_NOT_SHOWN;
	if (typeof value === 'string') {
		const text = value.length > 80 ? `${value.slice(0, 77)}...` : value;
		return JSON.stringify(text);
	}
	if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
	if (Array.isArray(value)) return `an array (${value.length} entries)`;
	return `an ${typeof value}`;
}

/** ISO 7064 MOD 11-2 check character for the first 15 digits (ORCID's own algorithm). */
export function orcidCheckDigit(base15: string): string {
	const digits = base15.replace(/-/g, '');
	if (!/^\d{15}$/.test(digits)) {
		throw new OrcidIdError(
			`The check digit needs exactly 15 digits, got ${showValue(base15)}`,
			base15,
		);
	}
	let total = 0;
	for (const ch of digits) total = (total + Number(ch)) * 2;
	const result = (12 - (total % 11)) % 11;
	return result === 10 ? 'X' : String(result);
}

export function parseOrcidId(input: unknown): string {
	if (typeof input !== 'string') {
		throw new OrcidIdError(
			`${showValue(input)} is not an ORCID iD: expected text like ${EXAMPLE}`,
			input,
		);
	}
	const trimmed = input.trim();
	const uri = URI.exec(trimmed);
	const candidate = (uri ? uri[1] : trimmed).toUpperCase();
	const bare = BARE.exec(candidate);
	// dashes all or none: 0000-00021825-0097 is a typo, not a way of writing an iD
	if (!bare || (candidate.includes('-') && candidate.length !== 19)) {
		throw new OrcidIdError(
			`${showValue(input)} is not an ORCID iD: expected 16 characters (four groups of four; dashes optional), like ${EXAMPLE}`,
			input,
		);
	}
	const digits = bare.slice(1, 5).join('');
	const dashed = bare.slice(1, 5).join('-');
	const expected = orcidCheckDigit(digits.slice(0, 15));
	const actual = digits.slice(15);
	if (expected !== actual) {
		throw new OrcidIdError(
			`${showValue(input)} is not a valid ORCID iD: its last character (check digit) should be ${expected}, not ${actual}; the iD was probably mistyped`,
			input,
		);
	}
	return dashed;
}

export function isValidOrcidId(input: unknown): boolean {
	try {
		parseOrcidId(input);
		return true;
	} catch {
		return false;
	}
}

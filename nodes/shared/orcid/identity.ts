/**
 * How two ORCID items are told apart, in one place. For now: the put code ORCID names in a
 * 409 duplicate (error 9021), read the same way for single and bulk answers.
 */

/**
 * The put code ORCID names in its 9021 developer message ("... please see element with
 * put-code 1234 ..."); a hint to check, never trusted alone.
 */
export function putCodeNamedIn(message: string | undefined): number | undefined {
	const match = message ? /put-code\s*(\d+)/i.exec(message) : null;
	return match ? Number(match[1]) : undefined;
}

/** The Not Connected output's item: why a connection was not made. */
import type { ProblemKind } from '../shared/orcid/languages';

export type FailureReason =
	| 'access_denied'
	| 'state_invalid'
	| 'state_expired'
	| 'browser_mismatch'
	| 'state_used'
	| 'code_reused'
	| 'orcid_error'
	| 'orcid_unavailable';

/** How the researcher came: our start link, an ORCID inbox permission request, or ORCID itself. */
export type ConnectionOrigin = 'start-link' | 'permission' | 'orcid-initiated';

export interface AuthFailure {
	reason: FailureReason;
	/** what happened, for the workflow's log or table */
	message: string;
	/** the vendor's user key, when the state proved it */
	reference: string | null;
	/** the iD a permission-notification state was bound to, or the iD that signed in */
	orcid: string | null;
	/** ORCID's error (access_denied, invalid_grant, ...) */
	orcidErrorCode: string | null;
	/** finer detail: 'orcid_mismatch', 'id_token_signature', 'cookie_missing', ... */
	detail: string | null;
	/** whether the state was authentic and in time */
	stateValid: boolean;
	flow: 'start-link' | 'permission' | null;
	origin: ConnectionOrigin | null;
	environment: string;
	apiType: string;
	time: string;
}

export const FAILURE_MESSAGES: Record<FailureReason, string> = {
	access_denied: 'The researcher did not grant access on ORCID',
	state_invalid: 'The state was missing, altered or not made by this workflow',
	state_expired: 'The researcher came back from ORCID after the sign-in lifetime',
	browser_mismatch:
		'The sign-in came back to another browser than the one that opened the start link (its cookie was missing or different); nothing was exchanged',
	state_used: 'The sign-in had already connected an iD; a state is good for one connection',
	code_reused:
		'ORCID refused the authorization code (invalid_grant): it was already used, and ORCID then revokes the tokens issued from it, or it had expired',
	orcid_error: 'ORCID reported an error',
	orcid_unavailable: 'ORCID could not be reached or failed (5xx) during the exchange',
};

export const FAILURE_PAGES: Record<FailureReason, ProblemKind> = {
	access_denied: 'access_denied',
	state_invalid: 'state_invalid',
	state_expired: 'state_expired',
	browser_mismatch: 'browser_mismatch',
	state_used: 'state_used',
	code_reused: 'code_reused',
	orcid_error: 'orcid_error',
	orcid_unavailable: 'orcid_unavailable',
};

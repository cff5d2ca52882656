/**
 * The researcher's access token as an input item maps it: the token itself, or a whole stored
 * token record (toStoredTokenRecord). Write Item, Read Record and Sync Diff check it the same
 * way before anything is sent; each node reports the error in its own format. No n8n imports.
 */
import { isValidOrcidId, parseOrcidId, showValue } from '../orcid/orcidId';
import { tokenProblem, tokenStatus, type StoredTokenContext, type TokenStatus } from './tokens';

/** A token that cannot be used: what is wrong (`problem`) and what to do (`description`). */
export class ResearcherTokenError extends Error {
	constructor(
		readonly problem: string,
		readonly description?: string,
	) {
		super(problem);
		this.name = 'ResearcherTokenError';
	}
}

/** The problem when no token is given, for nodes that add their own hint to it. */
export const NO_ACCESS_TOKEN = 'no access token given';

const CONNECT_AGAIN =
	'Ask the researcher to connect again (a new start link), then use the new token.';
const MAP_TOKEN = "Map the researcher's stored access token here, e.g. {{ $json.accessToken }}.";
const MAP_AS_STORED =
	'Map the token exactly as stored (plain, or orcidenc:v1:... with the same token encryption key in the credential).';

export interface ResearcherTokenOptions {
	/** The researcher's iD (bare form); a token record of another iD is refused. */
	orcid: string;
	/** The credential's token encryption key, to open an 'orcidenc:v1:' token once. */
	encryptionKey?: string;
	/** false: an empty value means "no token" (undefined) instead of an error. */
	required: boolean;
	/** For tests: the time a record's expiresAt is compared with. */
	now?: StoredTokenContext['now'];
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value.trim() === '') ||
		(typeof value === 'object' &&
			!Array.isArray(value) &&
			Object.keys(value as object).length === 0)
	);
}

function kindOf(value: unknown): string {
	return Array.isArray(value) ? 'an array' : typeof value;
}

/** The iD a record names, bare when it is one (a record may carry the URI form). */
function recordOrcid(value: unknown): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	// not an iD: shown as showValue shows it (never a token mapped here by mistake)
	return isValidOrcidId(value) ? parseOrcidId(value) : showValue(value);
}

/** A stored record's own verdict: iD, status and expiry; null when it may be used. */
function recordRefusal(
	record: Record<string, unknown>,
	options: ResearcherTokenOptions,
): ResearcherTokenError | null {
	const owner = recordOrcid(record.orcid);
	if (owner !== null && owner !== options.orcid) {
		return new ResearcherTokenError(
			`the token record belongs to ${owner}, not to ${options.orcid}`,
			"Map the token record of this item's researcher.",
		);
	}
	const status = tokenStatus(
		{
			status: record.status as TokenStatus,
			expiresAt: typeof record.expiresAt === 'string' ? record.expiresAt : null,
		},
		options.now,
	);
	if (status !== 'connected') {
		return new ResearcherTokenError(
			`the stored token record says the token is ${status}`,
			CONNECT_AGAIN,
		);
	}
	return null;
}

/**
 * The trimmed token to send, undefined when it is optional and not given, or the reason it
 * cannot be used: a record of another iD, a revoked or expired record, a value that is not
 * text, a token marked "revoked"/"expired", or an encrypted token the key cannot open. The
 * error is returned, not thrown, so that each node throws its own error type from it.
 */
export function researcherTokenOrError(
	value: unknown,
	options: ResearcherTokenOptions & { required: true },
): string | ResearcherTokenError;
export function researcherTokenOrError(
	value: unknown,
	options: ResearcherTokenOptions,
): string | undefined | ResearcherTokenError;
export function researcherTokenOrError(
	value: unknown,
	options: ResearcherTokenOptions,
): string | undefined | ResearcherTokenError {
	if (isEmpty(value)) {
		return options.required ? new ResearcherTokenError(NO_ACCESS_TOKEN, MAP_TOKEN) : undefined;
	}
	let token = value;
	if (typeof value === 'object' && !Array.isArray(value)) {
		const record = value as Record<string, unknown>;
		const refusal = recordRefusal(record, options);
		if (refusal !== null) return refusal;
		token = record.accessToken;
		if (isEmpty(token)) {
			return new ResearcherTokenError('the token record has no accessToken', MAP_TOKEN);
		}
	}
	if (typeof token !== 'string') {
		return new ResearcherTokenError(
			`the access token must be text, got ${kindOf(token)}`,
			MAP_TOKEN,
		);
	}
	const trimmed = token.trim();
	// what a spreadsheet or an old export may hold in place of a revoked token
	if (/^(revoked|expired)$/i.test(trimmed)) {
		return new ResearcherTokenError(`the token is marked ${trimmed.toLowerCase()}`, CONNECT_AGAIN);
	}
	// an encrypted token is opened once here, so a wrong or missing key is this item's problem
	const problem = tokenProblem(trimmed, options.encryptionKey);
	return problem === null ? trimmed : new ResearcherTokenError(problem, MAP_AS_STORED);
}

/** researcherTokenOrError, throwing its ResearcherTokenError. */
export function readResearcherToken(
	value: unknown,
	options: ResearcherTokenOptions & { required: true },
): string;
export function readResearcherToken(
	value: unknown,
	options: ResearcherTokenOptions,
): string | undefined;
export function readResearcherToken(
	value: unknown,
	options: ResearcherTokenOptions,
): string | undefined {
	const token = researcherTokenOrError(value, options);
	if (token instanceof ResearcherTokenError) throw token;
	return token;
}

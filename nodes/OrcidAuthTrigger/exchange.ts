/**
 * The code exchange of the callback: once and at once (a second use makes ORCID revoke what
 * the first issued, so it is never retried blindly), then the stored token record and, when
 * present, the verified id_token. Whatever fails after ORCID issued a token revokes it.
 */
import { NodeOperationError, type IWebhookFunctions } from 'n8n-workflow';

import { IdTokenError, type IdTokenClaims } from '../shared/auth/idToken';
import { JwksUnavailableError, verifySessionIdToken } from '../shared/auth/oidc';
import type { ProblemKind } from '../shared/orcid/languages';
import {
	toStoredTokenRecord,
	type OrcidTokenResponse,
	type StoredTokenRecord,
} from '../shared/auth/tokens';
import {
	httpStatusOf,
	orcidErrorCodeOf,
	type OrcidClientConfig,
	type OrcidSession,
} from '../shared/http/transport';
import type { FailureReason } from './failure';

/** Why the exchange ended without a record, for the failure item and the page. */
export interface ExchangeProblem {
	reason: FailureReason;
	orcidErrorCode?: string | null;
	detail?: string;
	orcid?: string;
	page?: ProblemKind;
}

export type ExchangeResult =
	| { ok: true; record: StoredTokenRecord }
	| { ok: false; problem: ExchangeProblem };

/**
 * OAuth errors about the request itself: even with a 5xx (ORCID once answered 500 for an
 * invalid code) they are ORCID's verdict, not an outage.
 */
const OAUTH_REQUEST_ERRORS = new Set([
	'invalid_grant',
	'invalid_client',
	'invalid_request',
	'invalid_scope',
	'unauthorized_client',
	'unsupported_grant_type',
]);

function exchangeError(ctx: IWebhookFunctions, error: unknown): ExchangeProblem {
	const status = httpStatusOf(error);
	const orcidCode = orcidErrorCodeOf(error);
	// errors that are not ORCID's answer (no HTTP status recorded by the session) go up
	const context = (error as { context?: Record<string, unknown> })?.context;
	if (!context || !('httpStatus' in context))
		throw new NodeOperationError(ctx.getNode(), error as Error);
	// ORCID's error code only, never its text (the texts changed with the 2025 authorization
	// server): invalid_grant on a code our callback received at once means it was used already
	if (orcidCode === 'invalid_grant') {
		return { reason: 'code_reused', orcidErrorCode: orcidCode };
	}
	if (
		status === null ||
		status === 429 ||
		(status >= 500 && !OAUTH_REQUEST_ERRORS.has(orcidCode ?? ''))
	) {
		return {
			reason: 'orcid_unavailable',
			orcidErrorCode: orcidCode,
			detail: status === null ? 'network' : `http_${status}`,
		};
	}
	return { reason: 'orcid_error', orcidErrorCode: orcidCode, detail: `http_${status}` };
}

/** Ends the exchange without a record, revoking what ORCID issued first. */
type Refuse = (why: string, problem: ExchangeProblem) => Promise<ExchangeResult>;

export interface ExchangeRequest {
	code: string;
	redirectUri: string;
	reference?: string;
	/** the iD a permission state was sent to: any other iD is refused */
	boundOrcid?: string;
	nonce?: string;
}

export async function exchangeCode(
	ctx: IWebhookFunctions,
	session: OrcidSession,
	config: OrcidClientConfig,
	request: ExchangeRequest,
): Promise<ExchangeResult> {
	let body: OrcidTokenResponse;
	try {
		const response = await session.tokenRequest({
			grant_type: 'authorization_code',
			code: request.code,
			redirect_uri: request.redirectUri,
		});
		body = response.body as OrcidTokenResponse;
	} catch (error) {
		return { ok: false, problem: exchangeError(ctx, error) };
	}

	const accessToken = typeof body?.access_token === 'string' ? body.access_token : '';
	const refuse: Refuse = async (why, problem) => {
		if (accessToken) await revokeAfter(ctx, session, accessToken, why);
		return { ok: false, problem };
	};

	// the token record (encrypted when the credential has a key)
	let record: StoredTokenRecord;
	try {
		record = toStoredTokenRecord(body, {
			environment: config.environment,
			apiType: config.apiType,
			reference: request.reference,
			encryptionKey: config.tokenEncryptionKey,
		});
	} catch (error) {
		return await refuse('an unusable token response', {
			reason: 'orcid_error',
			detail: `token_response: ${(error as Error).message}`,
		});
	}

	// a permission-notification state only accepts the iD it was sent to
	if (request.boundOrcid && request.boundOrcid !== record.orcid) {
		return await refuse('a sign-in with another iD', {
			reason: 'state_invalid',
			detail: 'orcid_mismatch',
			orcid: request.boundOrcid,
			page: 'wrong_orcid',
		});
	}
	const refused = await checkIdToken(ctx, session, body, record, request.nonce, refuse);
	return refused ?? { ok: true, record };
}

async function revokeAfter(
	ctx: IWebhookFunctions,
	session: OrcidSession,
	accessToken: string,
	why: string,
): Promise<void> {
	try {
		await session.revokeRequest(accessToken);
	} catch (error) {
		ctx.logger.warn(
			`ORCID Auth Trigger "${ctx.getNode().name}": could not revoke the token after ${why}: ${(error as Error).message}`,
		);
	}
}

/**
 * The id_token, when present (and required when openid was asked): its claims go on the
 * record; a token that fails verification refuses the exchange.
 */
async function checkIdToken(
	ctx: IWebhookFunctions,
	session: OrcidSession,
	body: OrcidTokenResponse,
	record: StoredTokenRecord,
	nonce: string | undefined,
	refuse: Refuse,
): Promise<ExchangeResult | undefined> {
	const idToken =
		typeof body.id_token === 'string' && body.id_token !== '' ? body.id_token : undefined;
	if (!idToken) {
		if (!record.scopes.includes('openid')) return undefined;
		return await refuse('a missing id_token', {
			reason: 'orcid_error',
			detail: 'id_token_missing',
			orcid: record.orcid,
		});
	}
	let claims: IdTokenClaims;
	try {
		claims = await verifySessionIdToken(session, idToken, { nonce, subject: record.orcid });
	} catch (error) {
		const orcid = record.orcid;
		if (error instanceof JwksUnavailableError) {
			return await refuse('an id_token that failed verification', {
				reason: 'orcid_unavailable',
				detail: 'jwks_unavailable',
				orcid,
			});
		}
		if (error instanceof IdTokenError) {
			return await refuse('an id_token that failed verification', {
				reason: 'orcid_error',
				detail: `id_token_${error.problem}`,
				orcid,
			});
		}
		await refuse('an id_token that failed verification', { reason: 'orcid_error' });
		throw new NodeOperationError(ctx.getNode(), error as Error);
	}
	record.idTokenClaims = { ...claims };
	return undefined;
}

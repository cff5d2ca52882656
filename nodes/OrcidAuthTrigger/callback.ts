/**
 * GET <callback>?code=..&state=..  (or ?error=access_denied&state=..), where ORCID sends the
 * researcher back.
 *
 * Verifies the state, exchanges the code once and at once (a second use makes ORCID revoke
 * what the first issued, so it is never retried blindly), verifies the id_token, builds the
 * stored token record, answers the researcher with a page and emits:
 * output 0 the token record, output 1 a failure {reason, ...}, output 2 the traffic.
 */
import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { IdTokenError, type IdTokenClaims } from '../shared/idToken';
import { JwksUnavailableError, verifySessionIdToken } from '../shared/oidc';
import {
	pickLanguage,
	problemStatus,
	renderProblemPage,
	renderSuccessPage,
	type PageContext,
	type ProblemKind,
} from '../shared/pages';
import { verifyState, type StatePayload } from '../shared/signing';
import {
	toStoredTokenRecord,
	type OrcidTokenResponse,
	type StoredTokenRecord,
} from '../shared/tokens';
import {
	httpStatusOf,
	orcidErrorCodeOf,
	OrcidSession,
	type OrcidClientConfig,
} from '../shared/transport';
import { queryStrings, sendHtml } from './respond';
import { callbackUrl, warnIfInsecure, type TriggerSettings } from './settings';

export type FailureReason =
	| 'access_denied'
	| 'state_invalid'
	| 'state_expired'
	| 'code_reused'
	| 'orcid_error'
	| 'orcid_unavailable';

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
	/** finer detail: 'orcid_mismatch', 'id_token_signature', 'no_code', ... */
	detail: string | null;
	/** whether the state was authentic and in time */
	stateValid: boolean;
	flow: 'start-link' | 'permission' | null;
	environment: string;
	apiType: string;
	time: string;
}

const MESSAGES: Record<FailureReason, string> = {
	access_denied: 'The researcher did not grant access on ORCID',
	state_invalid: 'The state was missing, altered or not made by this workflow',
	state_expired: 'The researcher came back from ORCID after the sign-in lifetime',
	code_reused: 'The authorization code was already used; ORCID revoked the tokens issued from it',
	orcid_error: 'ORCID reported an error',
	orcid_unavailable: 'ORCID could not be reached or failed (5xx) during the exchange',
};

const PAGE_FOR: Record<FailureReason, ProblemKind> = {
	access_denied: 'access_denied',
	state_invalid: 'state_invalid',
	state_expired: 'state_expired',
	code_reused: 'code_reused',
	orcid_error: 'orcid_error',
	orcid_unavailable: 'orcid_unavailable',
};

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

/** ORCID's OAuth error names are short snake_case words; anything else is not shown. */
function safeCode(value: unknown): string | null {
	return typeof value === 'string' && /^[a-z_]{1,64}$/.test(value) ? value : null;
}

function errorResponseText(error: unknown): string {
	const context = (error as { context?: Record<string, unknown> })?.context ?? {};
	const description = (error as { description?: unknown })?.description;
	return `${JSON.stringify(context.orcidResponse ?? '')} ${typeof description === 'string' ? description : ''}`;
}

export async function handleCallback(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	config: OrcidClientConfig,
): Promise<IWebhookResponseData> {
	const q = queryStrings(ctx);
	const checked = verifyState(q.state, config.linkSigningSecret, {
		maxAgeSeconds: settings.stateLifetimeSeconds,
	});
	// present when the MAC was valid (also for an expired state)
	const authentic: StatePayload | undefined = checked.payload;
	const state = checked.ok ? checked.payload : undefined;
	const page: PageContext = {
		lang: pickLanguage(authentic?.lang, settings.defaultLanguage),
		organizationName: settings.organizationName,
		supportContact: settings.supportContact,
		reference: authentic?.ref,
	};
	const session = new OrcidSession(ctx, config, { maxRetries: 2 });
	const traffic = (): INodeExecutionData[] =>
		session.traffic.map((record) => ({ json: record as unknown as IDataObject }));

	const fail = (
		reason: FailureReason,
		extra: {
			orcidErrorCode?: string | null;
			detail?: string;
			orcid?: string;
			page?: ProblemKind;
		} = {},
	): IWebhookResponseData => {
		const failure: AuthFailure = {
			reason,
			message: MESSAGES[reason],
			reference: authentic?.ref ?? null,
			orcid: extra.orcid ?? authentic?.orcid ?? null,
			orcidErrorCode: extra.orcidErrorCode ?? null,
			detail: extra.detail ?? null,
			stateValid: checked.ok,
			flow: authentic ? (authentic.flow ?? 'start-link') : null,
			environment: config.environment.name,
			apiType: config.apiType,
			time: new Date().toISOString(),
		};
		const kind = extra.page ?? PAGE_FOR[reason];
		sendHtml(
			ctx,
			problemStatus(kind),
			// ORCID's code helps support only where ORCID itself failed
			renderProblemPage({
				...page,
				kind,
				orcidErrorCode: reason === 'orcid_error' ? failure.orcidErrorCode : null,
			}),
		);
		ctx.logger.info(
			`ORCID Auth Trigger "${ctx.getNode().name}": connection not made (${reason}${failure.detail ? `, ${failure.detail}` : ''})`,
		);
		return {
			noWebhookResponse: true,
			workflowData: [[], [{ json: failure as unknown as IDataObject }], traffic()],
		};
	};

	// 1. ORCID said no (the researcher clicked Deny, or an OAuth error)
	if (q.error !== undefined) {
		const code = safeCode(q.error);
		return fail(code === 'access_denied' ? 'access_denied' : 'orcid_error', {
			orcidErrorCode: code ?? 'unknown_error',
			detail: checked.ok ? undefined : `state_${checked.problem}`,
		});
	}

	// 2. the state must be ours and in time: no exchange otherwise
	if (!state) {
		const expired = !checked.ok && checked.problem === 'expired';
		return fail(expired ? 'state_expired' : 'state_invalid', {
			detail: checked.ok ? undefined : checked.problem,
		});
	}
	const code = q.code;
	if (!code || !/^[A-Za-z0-9_-]{1,256}$/.test(code)) {
		return fail('orcid_error', { detail: 'no_code' });
	}

	const redirectUri = callbackUrl(ctx);
	warnIfInsecure(ctx, redirectUri);

	// 3. exchange the code: once, now
	let body: OrcidTokenResponse;
	try {
		const response = await session.tokenRequest({
			grant_type: 'authorization_code',
			code,
			redirect_uri: redirectUri,
		});
		body = response.body as OrcidTokenResponse;
	} catch (error) {
		const status = httpStatusOf(error);
		const orcidCode = orcidErrorCodeOf(error);
		// errors that are not ORCID's answer (no HTTP status recorded by the session) go up
		const context = (error as { context?: Record<string, unknown> })?.context;
		if (!context || !('httpStatus' in context))
			throw new NodeOperationError(ctx.getNode(), error as Error);
		if (orcidCode === 'invalid_grant' && /reused/i.test(errorResponseText(error))) {
			return fail('code_reused', { orcidErrorCode: orcidCode });
		}
		if (
			status === null ||
			status === 429 ||
			(status >= 500 && !OAUTH_REQUEST_ERRORS.has(orcidCode ?? ''))
		) {
			return fail('orcid_unavailable', {
				orcidErrorCode: orcidCode,
				detail: status === null ? 'network' : `http_${status}`,
			});
		}
		return fail('orcid_error', { orcidErrorCode: orcidCode, detail: `http_${status}` });
	}

	const accessToken = typeof body?.access_token === 'string' ? body.access_token : '';
	const revokeQuietly = async (why: string) => {
		if (!accessToken) return;
		try {
			await session.revokeRequest(accessToken);
		} catch (error) {
			ctx.logger.warn(
				`ORCID Auth Trigger "${ctx.getNode().name}": could not revoke the token after ${why}: ${(error as Error).message}`,
			);
		}
	};

	// 4. the token record (encrypted when the credential has a key)
	let record: StoredTokenRecord;
	try {
		record = toStoredTokenRecord(body, {
			environment: config.environment,
			apiType: config.apiType,
			reference: state.ref,
			encryptionKey: config.tokenEncryptionKey,
		});
	} catch (error) {
		await revokeQuietly('an unusable token response');
		return fail('orcid_error', { detail: `token_response: ${(error as Error).message}` });
	}

	// 5. a permission-notification state only accepts the iD it was sent to
	if (state.orcid && state.orcid !== record.orcid) {
		await revokeQuietly('a sign-in with another iD');
		return fail('state_invalid', {
			detail: 'orcid_mismatch',
			orcid: state.orcid,
			page: 'wrong_orcid',
		});
	}

	// 6. the id_token, when present (and required when openid was asked)
	const idToken =
		typeof body.id_token === 'string' && body.id_token !== '' ? body.id_token : undefined;
	if (idToken) {
		let claims: IdTokenClaims;
		try {
			claims = await verifySessionIdToken(session, idToken, {
				nonce: state.nonce,
				subject: record.orcid,
			});
		} catch (error) {
			await revokeQuietly('an id_token that failed verification');
			if (error instanceof JwksUnavailableError) {
				return fail('orcid_unavailable', { detail: 'jwks_unavailable', orcid: record.orcid });
			}
			if (error instanceof IdTokenError) {
				return fail('orcid_error', { detail: `id_token_${error.problem}`, orcid: record.orcid });
			}
			throw new NodeOperationError(ctx.getNode(), error as Error);
		}
		record.idTokenClaims = { ...claims };
	} else if (record.scopes.includes('openid')) {
		await revokeQuietly('a missing id_token');
		return fail('orcid_error', { detail: 'id_token_missing', orcid: record.orcid });
	}

	sendHtml(
		ctx,
		200,
		renderSuccessPage({
			...page,
			orcid: record.orcid,
			orcidUri: record.orcidUri,
			name: record.name,
			continueUrl: settings.continueUrl,
		}),
	);
	return {
		noWebhookResponse: true,
		workflowData: [[{ json: record as unknown as IDataObject }], [], traffic()],
	};
}

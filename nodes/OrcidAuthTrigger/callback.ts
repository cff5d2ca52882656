/**
 * GET <callback>?code=..&state=..  (or ?error=access_denied&state=..), where ORCID sends the
 * researcher back; GET <callback>?result=.. is the result page it then redirects to.
 *
 * Verifies the state (signed, in time, made for this trigger, and coming back to the browser
 * that started it), exchanges the code once, answers with a 303 to the result page and emits:
 * output 0 the token record, output 1 a failure {reason, ...}, output 2 the traffic.
 *
 * A code without any state is an authorization ORCID started itself (its inbox notice
 * "Connect your ORCID iD with ...": ORCID-Source NotificationManagerImpl
 * buildAuthorizationUrlForInstitutionalSignIn builds that authorize URL without a state). It is
 * exchanged and emitted with reference null and origin "orcid-initiated", bound to no account.
 */
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { pickLanguage } from '../shared/orcid/languages';
import { nowSeconds, triggerId, verifyState, type StatePayload } from '../shared/auth/signing';
import type { StoredTokenRecord } from '../shared/auth/tokens';
import { OrcidSession, type OrcidClientConfig } from '../shared/http/transport';
import { trafficJson } from '../shared/node/trafficOutput';
import { checkBinding, parseCookies, usedBindingCookie } from './browserBinding';
import { exchangeCode, type ExchangeProblem } from './exchange';
import {
	FAILURE_MESSAGES,
	FAILURE_PAGES,
	type AuthFailure,
	type ConnectionOrigin,
	type FailureReason,
} from './failure';
import { hasQueryParam, queryStrings } from './respond';
import { redirectToResult, RESULT_PARAM, resultUrl, retryStartLink, showResult } from './result';
import { callbackUrl, warnIfInsecure, type TriggerSettings } from './settings';

export type { AuthFailure, FailureReason } from './failure';

/** The emitted token record: who it belongs to (null: nobody yet) and how it came. */
export type ConnectedRecord = Omit<StoredTokenRecord, 'reference'> & {
	reference: string | null;
	origin: ConnectionOrigin;
};

/** ORCID's OAuth error names are short snake_case words; anything else is not shown. */
function safeCode(value: unknown): string | null {
	return typeof value === 'string' && /^[a-z_]{1,64}$/.test(value) ? value : null;
}

/** One callback as read from the request: its query, its state and where it came from. */
interface Callback {
	ctx: IWebhookFunctions;
	settings: TriggerSettings;
	config: OrcidClientConfig;
	q: Record<string, string | undefined>;
	redirectUri: string;
	secret: string;
	checked: ReturnType<typeof verifyState>;
	/** No state at all (not an empty or repeated one): ORCID started this authorization. */
	noState: boolean;
	/** Present when the MAC was valid (also for an expired state or another trigger's). */
	authentic?: StatePayload;
	/** A state that passed every check. */
	state?: StatePayload;
	origin: ConnectionOrigin | null;
	lang: ReturnType<typeof pickLanguage>;
	session: OrcidSession;
}

export async function handleCallback(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	config: OrcidClientConfig,
): Promise<IWebhookResponseData> {
	const q = queryStrings(ctx);
	const redirectUri = callbackUrl(ctx);
	const isCallback = ['code', 'state', 'error'].some((name) => hasQueryParam(ctx, name));
	if (!isCallback && q[RESULT_PARAM] !== undefined) {
		return showResult(ctx, settings, config.linkSigningSecret, redirectUri, q[RESULT_PARAM]);
	}
	const cb = readCallback(ctx, settings, config, q, redirectUri);
	const refused = refusal(cb);
	if (refused) return refused;
	const code = q.code;
	if (!code || !/^[A-Za-z0-9_-]{1,256}$/.test(code)) {
		return fail(cb, 'orcid_error', { detail: 'no_code' });
	}
	warnIfInsecure(ctx, redirectUri);

	// 3. exchange the code: once, now
	const { state } = cb;
	const exchanged = await exchangeCode(ctx, cb.session, config, {
		code,
		redirectUri,
		reference: state?.ref,
		boundOrcid: state?.orcid,
		nonce: state?.nonce,
	});
	if (!exchanged.ok) {
		const { reason, ...extra } = exchanged.problem;
		return fail(cb, reason, extra);
	}
	return connected(cb, exchanged.record);
}

function readCallback(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	config: OrcidClientConfig,
	q: Record<string, string | undefined>,
	redirectUri: string,
): Callback {
	const secret = config.linkSigningSecret;
	const noState = !hasQueryParam(ctx, 'state');
	const checked = verifyState(q.state, secret, {
		maxAgeSeconds: settings.stateLifetimeSeconds,
		trigger: triggerId(redirectUri),
	});
	const authentic: StatePayload | undefined = noState ? undefined : checked.payload;
	const state = checked.ok ? checked.payload : undefined;
	const origin: ConnectionOrigin | null = state
		? state.flow === 'permission'
			? 'permission'
			: 'start-link'
		: noState
			? 'orcid-initiated'
			: null;
	return {
		ctx,
		settings,
		config,
		q,
		redirectUri,
		secret,
		checked,
		noState,
		authentic,
		state,
		origin,
		lang: pickLanguage(authentic?.lang, settings.defaultLanguage),
		session: new OrcidSession(ctx, config, { maxRetries: 2 }),
	};
}

function traffic(cb: Callback): INodeExecutionData[] {
	return cb.session.traffic.map((record) => ({ json: trafficJson(record) }));
}

/** Steps 1 and 2: ORCID said no, or the state is not ours, in time, and in this browser. */
function refusal(cb: Callback): IWebhookResponseData | undefined {
	const { q, checked, noState, state } = cb;
	// 1. ORCID said no (the researcher clicked Deny, or an OAuth error)
	if (q.error !== undefined) {
		const code = safeCode(q.error);
		return fail(cb, code === 'access_denied' ? 'access_denied' : 'orcid_error', {
			orcidErrorCode: code ?? 'unknown_error',
			detail: checked.ok || noState ? undefined : `state_${checked.problem}`,
		});
	}

	// 2. a state must be ours, in time, for this trigger, and back in the browser that started it
	if (!state && !noState) {
		const expired = !checked.ok && checked.problem === 'expired';
		return fail(cb, expired ? 'state_expired' : 'state_invalid', {
			detail: checked.ok ? undefined : checked.problem,
		});
	}
	if (state && state.flow !== 'permission') {
		const binding = checkBinding(
			parseCookies(cb.ctx.getHeaderData().cookie),
			state.nonce,
			state.bh ?? '',
		);
		if (binding === 'already_used') return fail(cb, 'state_used');
		if (binding !== 'ok') return fail(cb, 'browser_mismatch', { detail: binding });
	}
	return undefined;
}

/** No connection made: the failure item on output 1 and the researcher to its page. */
function fail(
	cb: Callback,
	reason: FailureReason,
	extra: Omit<ExchangeProblem, 'reason'> = {},
): IWebhookResponseData {
	const { ctx, config, authentic, checked } = cb;
	const failure: AuthFailure = {
		reason,
		message: FAILURE_MESSAGES[reason],
		reference: authentic?.ref ?? null,
		orcid: extra.orcid ?? authentic?.orcid ?? null,
		orcidErrorCode: extra.orcidErrorCode ?? null,
		detail: extra.detail ?? null,
		stateValid: checked.ok,
		flow: authentic ? (authentic.flow ?? 'start-link') : null,
		origin: cb.origin,
		environment: config.environment.name,
		apiType: config.apiType,
		time: new Date().toISOString(),
	};
	ctx.logger.info(
		`ORCID Auth Trigger "${ctx.getNode().name}": connection not made (${reason}${failure.detail ? `, ${failure.detail}` : ''})`,
	);
	const page = resultUrl(cb.redirectUri, cb.secret, cb.lang, {
		kind: extra.page ?? FAILURE_PAGES[reason],
		ref: authentic?.ref,
		// ORCID's code helps support only where ORCID itself failed
		code: reason === 'orcid_error' ? (failure.orcidErrorCode ?? undefined) : undefined,
		retry: reason === 'access_denied' ? retryAfterDenial(cb) : undefined,
	});
	const byWorkflow = cb.settings.pageByWorkflow;
	const item: IDataObject = { ...failure };
	if (byWorkflow) item.resultPage = page;
	return {
		...redirectToResult(ctx, page, undefined, byWorkflow),
		workflowData: [[], [{ json: item }], traffic(cb)],
	};
}

/**
 * The denial page's "try again": a fresh start link for the state's reference, only for a
 * start-link sign-in that came back, in time, to the browser that started it (a state copied
 * elsewhere, with ?error= added by hand, gets no new link).
 */
function retryAfterDenial(cb: Callback): string | undefined {
	const { state } = cb;
	if (!state || state.flow === 'permission') return undefined;
	const cookies = parseCookies(cb.ctx.getHeaderData().cookie);
	if (checkBinding(cookies, state.nonce, state.bh ?? '') !== 'ok') return undefined;
	return retryStartLink(state.ref, cb.secret, cb.redirectUri);
}

/** Connected: the token record on output 0 and the researcher to the success page. */
function connected(cb: Callback, exchangedRecord: StoredTokenRecord): IWebhookResponseData {
	const { ctx, state, redirectUri, secret, lang } = cb;
	const record: ConnectedRecord = {
		...exchangedRecord,
		reference: state?.ref ?? null,
		origin: cb.origin ?? 'orcid-initiated',
	};
	const page = resultUrl(redirectUri, secret, lang, {
		kind: 'success',
		ref: state?.ref,
		orcid: record.orcid,
		orcidUri: record.orcidUri,
		name: record.name ?? undefined,
	});
	// this browser's sign-in is spent: the same state with a fresh code is refused
	const used =
		state && state.flow !== 'permission'
			? usedBindingCookie(state.nonce, redirectUri, state.exp - nowSeconds())
			: undefined;
	const byWorkflow = cb.settings.pageByWorkflow;
	const item: IDataObject = { ...record };
	if (byWorkflow) {
		item.resultPage = page;
		// the workflow found this iD under another of its accounts: nothing was changed
		item.alreadyConnectedPage = resultUrl(redirectUri, secret, lang, {
			kind: 'already_connected',
			ref: state?.ref,
			orcid: record.orcid,
		});
	}
	return {
		...redirectToResult(ctx, page, used, byWorkflow),
		workflowData: [[{ json: item }], [], traffic(cb)],
	};
}

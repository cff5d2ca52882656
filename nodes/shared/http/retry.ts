/**
 * The one retry policy of every ORCID call (API requests, OAuth GETs, token and revoke
 * POSTs): which failures are passing, how long to wait (Retry-After or exponential backoff
 * with jitter), when to stop, and the loop that sends again. Clock and sleep are injected,
 * so tests run in virtual time. No n8n imports.
 */
import type { Clock, Sleep } from './limiter';

/** An answer as the transport reads it: status, lower-case headers, parsed body or null. */
export interface RawResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

export interface NetworkFailure {
	code: string | null;
	message: string;
	cause: unknown;
}

/** What one HTTP call gave: an answer or a network failure. */
export interface Attempt {
	response?: RawResponse;
	networkError?: NetworkFailure;
}

const NETWORK_RETRY_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
/** Network failures where the request cannot have reached ORCID. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
export const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** Statuses where ORCID cannot have applied a POST: its front rejects before the API runs. */
export const POST_SAFE_RETRY_STATUSES = new Set([429, 503]);
/** Gateway errors: the API behind may or may not have applied a POST. */
const POST_UNCLEAR_STATUSES = new Set([502, 504]);

/** The request cannot have reached ORCID (connection refused, name not resolved). */
export function neverSent(failure: NetworkFailure): boolean {
	return failure.code !== null && NOT_SENT_CODES.has(failure.code);
}

/** The errno-like code of a failed HTTP call, looked for along the error's causes. */
export function networkCode(error: unknown): string | null {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^[A-Z][A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	const message = error instanceof Error ? error.message : String(error);
	if (/socket hang up/i.test(message)) return 'ECONNRESET';
	if (/timeout of \d+ms exceeded/i.test(message)) return 'ETIMEDOUT';
	return null;
}

/** Retry-After in ms (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A POST that ORCID may or may not have acted on: the connection broke after sending, or an
 * answer that does not say (502, 504; a 500 too when the caller can settle).
 */
export function isUnclearPost(outcome: Attempt, canSettle500: boolean): boolean {
	if (outcome.networkError) {
		const { code } = outcome.networkError;
		return code !== null && NETWORK_RETRY_CODES.has(code) && !NOT_SENT_CODES.has(code);
	}
	const status = (outcome.response as RawResponse).status;
	return POST_UNCLEAR_STATUSES.has(status) || (status === 500 && canSettle500);
}

/** When a call may be sent again. */
export interface RetryRule {
	/** false: a request ORCID may have acted on is not re-sent (code exchanges, refreshes) */
	resend: boolean;
	status: (status: number) => boolean;
}

/** Returned by a call's hooks to send it once more at once (no wait). */
export const AGAIN: unique symbol = Symbol('send again');
type Again = typeof AGAIN;

/** One call as RetryPolicy.run drives it. */
export interface RetriedCall<T> {
	/** Sends the call; attempt 0 is the first. */
	send(attempt: number): Promise<Attempt>;
	rule: RetryRule;
	/**
	 * Looked at before the rule (an unclear POST is settled, never simply sent again): a
	 * result, AGAIN, or undefined to go on with the rule.
	 */
	intercept?(outcome: Attempt, attempt: number): Promise<T | Again | undefined>;
	/** The error for a network failure that is not retried. */
	unreachable(failure: NetworkFailure, attempt: number): Error;
	/** The result of an answer that is not retried, or AGAIN (e.g. after renewing a token). */
	answered(response: RawResponse, attempt: number): T | Again | Promise<T | Again>;
}

export interface RetryOptions {
	clock: Clock;
	sleep: Sleep;
	/** 0..1, for backoff jitter. */
	random: () => number;
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step, doubled per retry, capped at maxDelayMs. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the call fails. */
	maxRetryAfterMs: number;
}

export class RetryPolicy {
	readonly maxRetries: number;
	readonly sleep: Sleep;

	constructor(private readonly options: RetryOptions) {
		this.maxRetries = Math.max(0, options.maxRetries);
		this.sleep = options.sleep;
	}

	/** Sends the call until it gives a result or the policy stops retrying. */
	async run<T>(call: RetriedCall<T>): Promise<T> {
		for (let attempt = 0; ; attempt++) {
			const outcome = await call.send(attempt);
			const early = call.intercept ? await call.intercept(outcome, attempt) : undefined;
			if (early === AGAIN) continue;
			if (early !== undefined) return early;
			const wait = this.wait(outcome, attempt, call.rule);
			if (wait !== undefined) {
				await this.sleep(wait);
				continue;
			}
			if (outcome.networkError) throw call.unreachable(outcome.networkError, attempt);
			const result = await call.answered(outcome.response as RawResponse, attempt);
			if (result !== AGAIN) return result;
		}
	}

	/** No retry is left after this attempt. */
	exhausted(attempt: number): boolean {
		return attempt >= this.maxRetries;
	}

	/** Exponential backoff with jitter: base * 2^attempt, capped, times 0.5..1. */
	backoffMs(attempt: number): number {
		const { maxDelayMs, baseDelayMs, random } = this.options;
		const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
		return Math.round(ceiling * (0.5 + 0.5 * random()));
	}

	/**
	 * How long to wait before sending again, or undefined to stop. A network failure is
	 * retried when its code is a passing one and the request may be sent again (`resend`, or
	 * it never left); an answer when `status` says so, after Retry-After (when not longer than
	 * this node waits) or the backoff.
	 */
	wait(outcome: Attempt, attempt: number, rule: RetryRule): number | undefined {
		if (this.exhausted(attempt)) return undefined;
		if (outcome.networkError) {
			const { code } = outcome.networkError;
			if (code === null || !NETWORK_RETRY_CODES.has(code)) return undefined;
			if (!rule.resend && !NOT_SENT_CODES.has(code)) return undefined;
			return this.backoffMs(attempt);
		}
		const response = outcome.response as RawResponse;
		if (!rule.status(response.status)) return undefined;
		const retryAfter = this.retryAfterMs(response);
		if (retryAfter === undefined) return this.backoffMs(attempt);
		return retryAfter <= this.options.maxRetryAfterMs ? retryAfter : undefined;
	}

	/**
	 * Why a passing status was given up on, for the error's description: ORCID asked to wait
	 * longer than this node waits, or the attempts ran out. Undefined for other statuses.
	 */
	gaveUpNote(response: RawResponse, attempt: number): string | undefined {
		if (!RETRY_STATUSES.has(response.status)) return undefined;
		const retryAfter = this.retryAfterMs(response);
		const { maxRetryAfterMs } = this.options;
		if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) {
			return `ORCID asked to wait ${Math.round(retryAfter / 1000)} s before retrying, longer than this node waits (${Math.round(maxRetryAfterMs / 1000)} s).`;
		}
		return attempt > 0 ? `(${attempt + 1} attempts)` : undefined;
	}

	private retryAfterMs(response: RawResponse): number | undefined {
		return parseRetryAfter(response.headers['retry-after'], this.options.clock());
	}
}

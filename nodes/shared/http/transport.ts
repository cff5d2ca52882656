/**
 * THE way this package talks to ORCID. Every HTTP call goes through an OrcidSession:
 * base URLs, media types, the bearer token, the rate budget, retries with backoff and
 * Retry-After, settling unclear POSTs, ORCID errors -> NodeApiError, one redacted traffic
 * record per HTTP call.
 *
 * Why two request paths (docs/credentials-design.md):
 * - API calls use `helpers.httpRequest` and carry only `Authorization: Bearer <token>`; the
 *   token is a researcher's or the client's two-legged token. They never go through the
 *   credential: an oAuth2Api credential would overwrite the Authorization header, and the
 *   generic body authentication would put the client secret into ORCID JSON bodies.
 * - Token-endpoint calls (/oauth/token, /oauth/revoke) use
 *   `helpers.httpRequestWithAuthentication(<credential type>)`, whose generic authentication
 *   adds client_id and client_secret to the form body.
 * The session is given its client config (shared/node/clientConfig.ts reads the credential)
 * and does HTTP.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep as n8nSleep,
	type IHttpRequestOptions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { apiUrl, oauthUrl, type OrcidApi, type OrcidEnvironment } from '../orcid/environments';
import {
	describeOrcidError,
	primaryIdFromConflict,
	primaryIdFromLocation,
	type OrcidErrorInfo,
} from '../orcid/errors';
import { RateLimiter, type Clock, type Sleep } from './limiter';
import { decryptToken, isEncryptedToken, type OrcidApiType } from '../auth/tokens';
import { redact, REDACTED, redactUrl, trafficRecord, type TrafficRecord } from './traffic';

export type { OrcidApiType } from '../auth/tokens';
export type { Clock, Sleep } from './limiter';

export const ORCID_JSON = 'application/vnd.orcid+json';
export const ORCID_XML = 'application/vnd.orcid+xml';

export interface OrcidClientConfig {
	credentialType: string;
	apiType: OrcidApiType;
	environment: OrcidEnvironment;
	clientId: string;
	requestsPerSecond: number;
	burst: number;
	tokenEncryptionKey?: string;
	/** Signs start links and OAuth states; the client secret when the credential sets none. */
	linkSigningSecret: string;
}

/** Any n8n context that can make HTTP requests. */
export interface OrcidHttpContext {
	getNode(): INode;
	helpers: {
		httpRequest(options: IHttpRequestOptions): Promise<unknown>;
		httpRequestWithAuthentication(
			credentialsType: string,
			options: IHttpRequestOptions,
		): Promise<unknown>;
	};
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

// ---- requests and responses ---------------------------------------------------------------

export type OrcidMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface OrcidResponse {
	status: number;
	/** Lower-case header names. */
	headers: Record<string, string>;
	/** Parsed JSON, XML text (format 'xml'), or null when empty. */
	body: unknown;
	location?: string;
	/** Last path segment of Location on 201 Created. */
	putCode?: number;
	/** True when an unclear POST was settled by the caller's lookup instead of an answer. */
	settled?: boolean;
	/** Primary iD of a merged record: 301 (okStatuses [301]) or 409/9007 (okStatuses [409]). */
	movedTo?: string;
}

export interface OrcidRequest {
	/** 'webhook' = member host without /v3.0. */
	api: OrcidApi;
	method: OrcidMethod;
	/** '/0000-0002-1825-0097/work' (without /v3.0). */
	path: string;
	/** Researcher's access token, plain or orcidenc:; default: the client's token. */
	token?: string;
	/** Scope of the client's two-legged token when no token is given (default /read-public). */
	clientScope?: string;
	/** Object -> JSON; string -> XML (unless format says otherwise). */
	body?: unknown;
	format?: 'json' | 'xml';
	qs?: Record<string, string | number | boolean>;
	itemIndex?: number;
	/** Statuses returned instead of thrown (e.g. [404] for delete, [409] for duplicates). */
	okStatuses?: number[];
	/**
	 * POST only: how to learn whether an unclear POST (timeout, connection reset after the
	 * request went out, 502/504) was applied, typically a lookup by the item's self external
	 * identifier. Return the item's response (with putCode) if it exists, null if it does not;
	 * on null the POST is sent again (that is not blind: ORCID has been checked). A POST answered
	 * 500 is settled the same way when settle() is given: ORCID may fail after storing the item.
	 */
	settle?: () => Promise<OrcidResponse | null>;
	/**
	 * GET only: a read that decides a write (the lookup that settles an unclear POST, the search
	 * for an existing item): ORCID's 500 is retried like a 502-504, with the same backoff.
	 */
	retryServerErrors?: boolean;
}

export interface OrcidSessionOptions {
	clock?: Clock;
	sleep?: Sleep;
	/** 0..1, for backoff jitter. */
	random?: () => number;
	/** Retries after the first attempt (default 5). */
	maxRetries?: number;
	/** First backoff step (default 500 ms), doubled per retry, capped at maxDelayMs (8 s). */
	baseDelayMs?: number;
	maxDelayMs?: number;
	/** A Retry-After longer than this is not waited for: the call fails (default 60 s). */
	maxRetryAfterMs?: number;
	/** Per HTTP call (default 30 s). */
	timeoutMs?: number;
	/** Share one budget between sessions; default: one per session. */
	limiter?: RateLimiter;
}

/**
 * A POST that ORCID may or may not have acted on: the connection broke after sending, or an
 * answer that does not say (POST_UNCLEAR_STATUSES; a 500 too when the caller can settle).
 */
function isUnclearPost(outcome: Attempt, canSettle500: boolean): boolean {
	if (outcome.networkError) {
		const { code } = outcome.networkError;
		return code !== null && NETWORK_RETRY_CODES.has(code) && !NOT_SENT_CODES.has(code);
	}
	const status = (outcome.response as RawResponse).status;
	return POST_UNCLEAR_STATUSES.has(status) || (status === 500 && canSettle500);
}

/** When a call may be sent again (see OrcidSession.retryWait). */
interface RetryRule {
	/** false: a request ORCID may have acted on is not re-sent (code exchanges, refreshes) */
	resend: boolean;
	status: (status: number) => boolean;
}

interface RawResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

interface Attempt {
	response?: RawResponse;
	networkError?: { code: string | null; message: string; cause: unknown };
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
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** Statuses where ORCID cannot have applied a POST: its front rejects before the API runs. */
const POST_SAFE_RETRY_STATUSES = new Set([429, 503]);
/** Gateway errors: the API behind may or may not have applied a POST. */
const POST_UNCLEAR_STATUSES = new Set([502, 504]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function networkCode(error: unknown): string | null {
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

function lowerHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return out;
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value === undefined || value === null) continue;
		out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return out;
}

function withQuery(url: string, qs: OrcidRequest['qs']): string {
	if (!qs) return url;
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(qs)) {
		if (value !== undefined && value !== null) params.append(key, String(value));
	}
	const query = params.toString();
	return query === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/** The iD a request path starts with ('/0000-0002-1825-0097/work' -> the iD). */
function orcidInPath(path: string): string | undefined {
	const match = /^\/?(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])(?:\/|$)/.exec(path);
	return match ? match[1].toUpperCase() : undefined;
}

function putCodeFrom(location: string | undefined): number | undefined {
	const match = location ? /\/(\d+)\/?$/.exec(location) : null;
	return match ? Number(match[1]) : undefined;
}

/** Retry-After in ms (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface ErrorContextFields {
	status: number | null;
	body?: unknown;
	info?: OrcidErrorInfo;
	extra?: Record<string, unknown>;
}

export class OrcidSession {
	readonly traffic: TrafficRecord[] = [];
	readonly limiter: RateLimiter;
	private readonly clock: Clock;
	private readonly sleepFn: Sleep;
	private readonly random: () => number;
	private readonly maxRetries: number;
	private readonly baseDelayMs: number;
	private readonly maxDelayMs: number;
	private readonly maxRetryAfterMs: number;
	private readonly timeoutMs: number;
	private readonly clientTokens = new Map<string, Promise<string>>();
	private readonly secrets = new Set<string>();

	constructor(
		private readonly ctx: OrcidHttpContext,
		readonly config: OrcidClientConfig,
		options: OrcidSessionOptions = {},
	) {
		this.clock = options.clock ?? Date.now;
		this.sleepFn = options.sleep ?? n8nSleep;
		this.random = options.random ?? Math.random;
		this.maxRetries = Math.max(0, options.maxRetries ?? 5);
		this.baseDelayMs = options.baseDelayMs ?? 500;
		this.maxDelayMs = options.maxDelayMs ?? 8000;
		this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
		this.timeoutMs = options.timeoutMs ?? 30_000;
		this.limiter =
			options.limiter ??
			new RateLimiter({
				requestsPerSecond: config.requestsPerSecond,
				burst: config.burst,
				clock: this.clock,
				sleep: this.sleepFn,
			});
		this.addSecret(config.linkSigningSecret);
		this.addSecret(config.tokenEncryptionKey);
	}

	/** Registers a value that must never appear in traffic records. */
	addSecret(value: string | undefined | null): void {
		if (typeof value === 'string' && value !== '') this.secrets.add(value);
	}

	/** Every secret and token this session has seen (for redacting other output). */
	knownSecrets(): string[] {
		return [...this.secrets];
	}

	// ---- API calls ----------------------------------------------------------------------------

	async request(req: OrcidRequest): Promise<OrcidResponse> {
		const { itemIndex } = req;
		const format = req.format ?? (typeof req.body === 'string' ? 'xml' : 'json');
		const mediaType = format === 'xml' ? ORCID_XML : ORCID_JSON;
		const url = withQuery(apiUrl(this.config.environment, req.api, req.path), req.qs);
		if (
			format === 'xml' &&
			req.body !== undefined &&
			req.body !== null &&
			typeof req.body !== 'string'
		) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				'The XML format needs the request body as XML text',
				{
					itemIndex,
					description: 'Pass the ORCID XML document as a string, or use the JSON format.',
				},
			);
		}
		const researcher = req.token !== undefined && req.token !== null && req.token !== '';
		const scope = req.clientScope ?? '/read-public';
		let bearer = researcher
			? this.researcherToken(req.token as string, itemIndex)
			: await this.clientToken(scope, itemIndex);
		let renewedClientToken = false;

		const headers: Record<string, string> = { Accept: mediaType };
		let body: IHttpRequestOptions['body'];
		if (req.body !== undefined && req.body !== null) {
			headers['Content-Type'] = mediaType;
			body =
				format === 'xml' || typeof req.body === 'string'
					? String(req.body)
					: (req.body as JsonObject);
		} else if (req.method === 'PUT' || req.method === 'POST') {
			// ORCID's webhook PUT wants an empty body with Content-Length: 0
			headers['Content-Length'] = '0';
		}

		for (let attempt = 0; ; attempt++) {
			const outcome = await this.send(
				{
					method: req.method,
					url,
					headers: { ...headers, Authorization: `Bearer ${bearer}` },
					body,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					timeout: this.timeoutMs,
					encoding: format === 'xml' ? 'text' : undefined,
				},
				{ attempt, itemIndex, requestBody: req.body, grantType: undefined },
			);
			// an unclear POST is settled (looked up), never simply sent again
			if (req.method === 'POST' && isUnclearPost(outcome, req.settle !== undefined)) {
				const settled = await this.settleUnclearPost(req, attempt, outcome);
				if (settled) return settled;
				continue;
			}
			const readRetry = req.method === 'GET' && req.retryServerErrors === true;
			const wait = this.retryWait(outcome, attempt, {
				resend: true,
				status: (status) =>
					(RETRY_STATUSES.has(status) || (readRetry && status === 500)) &&
					!(req.okStatuses ?? []).includes(status),
			});
			if (wait !== undefined) {
				await this.sleepFn(wait);
				continue;
			}
			if (outcome.networkError) {
				throw this.networkError(outcome, req.method, url, itemIndex, attempt);
			}
			const response = outcome.response as RawResponse;
			const { status } = response;
			if (
				status === 401 &&
				!researcher &&
				!renewedClientToken &&
				describeOrcidError({ status, body: response.body }).code === 'invalid_token'
			) {
				// ORCID revoked the client's stored two-legged token: get a fresh one, once.
				renewedClientToken = true;
				this.clientTokens.delete(scope);
				bearer = await this.clientToken(scope, itemIndex);
				continue;
			}
			return this.finish(response, req, researcher, attempt);
		}
	}

	/**
	 * GET on the OAuth host without client authentication: /oauth/jwks,
	 * /.well-known/openid-configuration, or /oauth/userinfo with a researcher's token.
	 * Retried like any read; recorded in the traffic.
	 */
	async oauthGet(
		path: string,
		options: { token?: string; itemIndex?: number; okStatuses?: number[] } = {},
	): Promise<OrcidResponse> {
		const { itemIndex } = options;
		const url = `${this.config.environment.oauthBaseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
		const headers: Record<string, string> = { Accept: 'application/json' };
		const researcher = options.token !== undefined && options.token !== '';
		if (researcher) {
			headers.Authorization = `Bearer ${this.researcherToken(options.token as string, itemIndex)}`;
		}
		const req: OrcidRequest = {
			api: 'public',
			method: 'GET',
			path,
			itemIndex,
			okStatuses: options.okStatuses,
		};
		for (let attempt = 0; ; attempt++) {
			const outcome = await this.send(
				{
					method: 'GET',
					url,
					headers,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					timeout: this.timeoutMs,
				},
				{ attempt, itemIndex, requestBody: null },
			);
			const wait = this.retryWait(outcome, attempt, {
				resend: true,
				status: (status) => RETRY_STATUSES.has(status),
			});
			if (wait !== undefined) {
				await this.sleepFn(wait);
				continue;
			}
			if (outcome.networkError) throw this.networkError(outcome, 'GET', url, itemIndex, attempt);
			return this.finish(outcome.response as RawResponse, req, researcher, attempt);
		}
	}

	/** POST /oauth/token; the credential adds client_id and client_secret to the form. */
	async tokenRequest(form: Record<string, string>, itemIndex?: number): Promise<OrcidResponse> {
		return await this.oauthCall('token', form, itemIndex);
	}

	/** POST /oauth/revoke for an access or refresh token (plain or orcidenc:). */
	async revokeRequest(token: string, itemIndex?: number): Promise<OrcidResponse> {
		const plain = this.researcherToken(token, itemIndex);
		return await this.oauthCall('revoke', { token: plain }, itemIndex);
	}

	/** The client's two-legged (client_credentials) token for a scope, cached per session. */
	async clientToken(scope: string, itemIndex?: number): Promise<string> {
		let pending = this.clientTokens.get(scope);
		if (!pending) {
			pending = this.fetchClientToken(scope, itemIndex);
			this.clientTokens.set(scope, pending);
			pending.catch(() => this.clientTokens.delete(scope));
		}
		return await pending;
	}

	private async fetchClientToken(scope: string, itemIndex?: number): Promise<string> {
		const response = await this.tokenRequest(
			{ grant_type: 'client_credentials', scope },
			itemIndex,
		);
		const token = (response.body as { access_token?: unknown } | null)?.access_token;
		if (typeof token !== 'string' || token === '') {
			throw new NodeApiError(this.ctx.getNode(), { status: response.status } as JsonObject, {
				message: `ORCID's token endpoint gave no access token for scope ${scope}`,
				description: 'The answer to the client-credentials request had no access_token.',
				httpCode: String(response.status),
				itemIndex,
			});
		}
		this.addSecret(token);
		const refresh = (response.body as { refresh_token?: unknown }).refresh_token;
		if (typeof refresh === 'string') this.addSecret(refresh);
		return token;
	}

	// ---- internals ----------------------------------------------------------------------------

	private researcherToken(token: string, itemIndex?: number): string {
		if (typeof token !== 'string') {
			throw new NodeOperationError(this.ctx.getNode(), 'The access token must be text', {
				itemIndex,
			});
		}
		if (isEncryptedToken(token)) this.addSecret(token);
		let plain: string;
		try {
			plain = decryptToken(token, this.config.tokenEncryptionKey);
		} catch (error) {
			throw new NodeOperationError(this.ctx.getNode(), (error as Error).message, {
				itemIndex,
				description:
					'Use the token exactly as stored (plain, or orcidenc:v1:... with the same token encryption key in the credential).',
			});
		}
		this.addSecret(plain);
		return plain;
	}

	private async oauthCall(
		endpoint: 'token' | 'revoke',
		form: Record<string, string>,
		itemIndex?: number,
	): Promise<OrcidResponse> {
		for (const key of ['code', 'refresh_token', 'token']) this.addSecret(form[key]);
		const url = oauthUrl(this.config.environment, endpoint);
		const grantType = endpoint === 'token' ? (form.grant_type ?? '') : undefined;
		// An authorization code is single use and a second use revokes what it issued, so
		// code exchanges and refreshes are re-sent only when ORCID cannot have seen them.
		const idempotent = endpoint === 'revoke' || grantType === 'client_credentials';
		const recorded: Record<string, string> = {
			...form,
			client_id: this.config.clientId,
			client_secret: REDACTED,
		};

		for (let attempt = 0; ; attempt++) {
			const outcome = await this.send(
				{
					method: 'POST',
					url,
					headers: {
						'Content-Type': 'application/x-www-form-urlencoded',
						Accept: 'application/json',
					},
					// An object, not a string: the credential's generic authentication adds
					// client_id/client_secret to it, and n8n form-encodes it for this Content-Type.
					body: { ...form },
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					timeout: this.timeoutMs,
				},
				{
					attempt,
					itemIndex,
					requestBody: recorded,
					grantType,
					viaCredential: true,
				},
			);
			const wait = this.retryWait(outcome, attempt, {
				resend: idempotent,
				status: (status) =>
					idempotent ? RETRY_STATUSES.has(status) : POST_SAFE_RETRY_STATUSES.has(status),
			});
			if (wait !== undefined) {
				await this.sleepFn(wait);
				continue;
			}
			if (outcome.networkError) {
				const { code } = outcome.networkError;
				const notSent = code !== null && NOT_SENT_CODES.has(code);
				throw this.networkError(outcome, 'POST', url, itemIndex, attempt, !idempotent && !notSent);
			}
			const response = outcome.response as RawResponse;
			if (response.status >= 200 && response.status < 300) {
				const body = response.body as Record<string, unknown> | null;
				if (body && typeof body === 'object') {
					for (const key of ['access_token', 'refresh_token', 'id_token']) {
						if (typeof body[key] === 'string') this.addSecret(body[key] as string);
					}
				}
				return {
					status: response.status,
					headers: response.headers,
					body: response.body,
				};
			}
			const info = describeOrcidError({
				status: response.status,
				body: response.body,
				grantType,
			});
			throw this.apiError(info, { status: response.status, body: response.body }, itemIndex);
		}
	}

	private async send(
		options: IHttpRequestOptions,
		meta: {
			attempt: number;
			itemIndex?: number;
			requestBody: unknown;
			grantType?: string;
			viaCredential?: boolean;
		},
	): Promise<Attempt> {
		await this.limiter.take();
		const signal = this.ctx.getExecutionCancelSignal?.();
		if (signal) options.abortSignal = signal;
		if (options.encoding === undefined) delete options.encoding;
		const started = this.clock();
		const time = new Date(started).toISOString();
		let attempt: Attempt;
		try {
			const raw = (
				meta.viaCredential
					? await this.ctx.helpers.httpRequestWithAuthentication.call(
							this.ctx,
							this.config.credentialType,
							options,
						)
					: await this.ctx.helpers.httpRequest(options)
			) as { statusCode?: number; headers?: unknown; body?: unknown };
			const body = raw.body === '' || raw.body === undefined ? null : raw.body;
			attempt = {
				response: {
					status: Number(raw.statusCode),
					headers: lowerHeaders(raw.headers),
					body,
				},
			};
		} catch (error) {
			attempt = {
				networkError: {
					code: networkCode(error),
					message: error instanceof Error ? error.message : String(error),
					cause: error,
				},
			};
		}
		const durationMs = Math.max(0, this.clock() - started);
		if (attempt.networkError && signal?.aborted) {
			throw new NodeOperationError(this.ctx.getNode(), 'The execution was cancelled', {
				itemIndex: meta.itemIndex,
			});
		}
		const status = attempt.response ? attempt.response.status : null;
		const orcidErrorCode =
			attempt.response && (attempt.response.status >= 300 || attempt.response.status < 200)
				? describeOrcidError({
						status: attempt.response.status,
						body: attempt.response.body,
						grantType: meta.grantType,
					}).code
				: null;
		this.traffic.push(
			trafficRecord(
				{
					time,
					node: this.ctx.getNode().name,
					itemIndex: meta.itemIndex,
					method: String(options.method ?? 'GET'),
					url: options.url,
					status,
					durationMs,
					retries: meta.attempt,
					requestBody: meta.requestBody ?? null,
					responseBody: attempt.response ? attempt.response.body : null,
					orcidErrorCode,
					error: attempt.networkError
						? `${attempt.networkError.code ?? 'network error'}: ${attempt.networkError.message}`
						: undefined,
				},
				this.knownSecrets(),
			),
		);
		return attempt;
	}

	/** Exponential backoff with jitter: base * 2^attempt, capped, times 0.5..1. */
	private backoffMs(attempt: number): number {
		const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
		return Math.round(ceiling * (0.5 + 0.5 * this.random()));
	}

	/** Retry-After when ORCID sent one (undefined if it is too long to wait), else backoff. */
	/**
	 * The one retry policy of every call: how long to wait before sending again, or undefined
	 * to stop. A network failure is retried when its code is a passing one and the request may
	 * be sent again (`resend`, or it never left); an answer when `status` says so, after
	 * Retry-After (when not longer than this node waits) or the backoff.
	 */
	private retryWait(outcome: Attempt, attempt: number, rule: RetryRule): number | undefined {
		if (attempt >= this.maxRetries) return undefined;
		if (outcome.networkError) {
			const { code } = outcome.networkError;
			if (code === null || !NETWORK_RETRY_CODES.has(code)) return undefined;
			if (!rule.resend && !NOT_SENT_CODES.has(code)) return undefined;
			return this.backoffMs(attempt);
		}
		const response = outcome.response as RawResponse;
		return rule.status(response.status) ? this.retryWaitMs(attempt, response) : undefined;
	}

	private retryWaitMs(attempt: number, response: RawResponse): number | undefined {
		const retryAfter = parseRetryAfter(response.headers['retry-after'], this.clock());
		if (retryAfter === undefined) return this.backoffMs(attempt);
		return retryAfter <= this.maxRetryAfterMs ? retryAfter : undefined;
	}

	private async settleUnclearPost(
		req: OrcidRequest,
		attempt: number,
		outcome: Attempt,
	): Promise<OrcidResponse | null> {
		const status = outcome.response?.status;
		const what = outcome.networkError
			? `the connection failed after the request was sent (${outcome.networkError.code})`
			: status === 500
				? 'ORCID answered 500'
				: `ORCID's gateway answered ${status}`;
		if (!req.settle) {
			throw this.unclearPostError(req, what, outcome);
		}
		// Give ORCID time to finish a write that may still be in flight before looking.
		await this.sleepFn(this.backoffMs(attempt));
		const found = await req.settle();
		if (found) return { ...found, settled: true };
		if (attempt >= this.maxRetries) {
			throw this.unclearPostError(req, what, outcome, true);
		}
		return null;
	}

	private unclearPostError(
		req: OrcidRequest,
		what: string,
		outcome: Attempt,
		exhausted = false,
	): NodeApiError {
		const status = outcome.response?.status ?? null;
		const error = this.nodeApiError(
			{ status, code: outcome.networkError?.code ?? null } as JsonObject,
			{
				message: exhausted
					? `ORCID did not confirm the POST to ${req.path} after ${this.maxRetries + 1} attempts: ${what}`
					: `ORCID may or may not have applied the POST to ${req.path}: ${what}`,
				description: exhausted
					? 'Each time the item was looked up it was not there, and the last attempt failed again. Check the record before retrying.'
					: 'The request was not sent again, so that no item is written twice. Check the record (for example with Read Record) before retrying.',
				httpCode: status === null ? undefined : String(status),
				itemIndex: req.itemIndex,
			},
		);
		this.setContext(error, { status, extra: { unclearWrite: true } });
		return error;
	}

	private networkError(
		outcome: Attempt,
		method: string,
		url: string,
		itemIndex: number | undefined,
		attempt: number,
		unclearWrite = false,
	): NodeApiError {
		const failure = outcome.networkError as NonNullable<Attempt['networkError']>;
		const target = redactUrl(url, this.knownSecrets());
		const tries = attempt + 1;
		const error = this.nodeApiError(
			{ code: failure.code, message: failure.message } as JsonObject,
			{
				message: `Could not reach ORCID (${failure.code ?? 'network error'}) for ${method} ${target}`,
				description: unclearWrite
					? 'The request may have reached ORCID; it was not sent again because repeating it could do harm (an authorization code works only once).'
					: `Tried ${tries} time${tries === 1 ? '' : 's'}. Check the credential's environment and the network, or try again later.`,
				itemIndex,
			},
		);
		this.setContext(error, {
			status: null,
			extra: unclearWrite ? { unclearWrite: true } : {},
		});
		return error;
	}

	private finish(
		response: RawResponse,
		req: OrcidRequest,
		researcher: boolean,
		attempt: number,
	): OrcidResponse {
		const { status, headers, body } = response;
		const location = headers.location;
		const result: OrcidResponse = { status, headers, body };
		if (location) result.location = location;
		if (status === 201) {
			const putCode = putCodeFrom(location);
			if (putCode !== undefined) result.putCode = putCode;
		}
		const requestOrcid = orcidInPath(req.path);
		if (REDIRECT_STATUSES.has(status)) {
			const movedTo = primaryIdFromLocation(location);
			if (movedTo) result.movedTo = movedTo;
		} else if (status === 409) {
			// writes on a merged record: ORCID names the primary iD only in the 9007 message
			const movedTo = primaryIdFromConflict(body, requestOrcid);
			if (movedTo) result.movedTo = movedTo;
		}
		const ok = (status >= 200 && status < 300) || (req.okStatuses ?? []).includes(status);
		if (ok) return result;

		const info = describeOrcidError({
			status,
			body,
			researcherToken: researcher,
			location,
			orcid: requestOrcid,
			userinfo: /(^|\/)oauth\/userinfo$/.test(req.path),
		});
		if (RETRY_STATUSES.has(status)) {
			const retryAfter = parseRetryAfter(headers['retry-after'], this.clock());
			if (retryAfter !== undefined && retryAfter > this.maxRetryAfterMs) {
				info.description = `${info.description} ORCID asked to wait ${Math.round(retryAfter / 1000)} s before retrying, longer than this node waits (${Math.round(this.maxRetryAfterMs / 1000)} s).`;
			} else if (attempt > 0) {
				info.description = `${info.description} (${attempt + 1} attempts)`;
			}
		}
		throw this.apiError(info, { status, body }, req.itemIndex);
	}

	/** NodeApiError keeping our words (it replaces messages that mention errno codes). */
	private nodeApiError(
		errorResponse: JsonObject,
		options: { message: string; description: string; httpCode?: string; itemIndex?: number },
	): NodeApiError {
		const error = new NodeApiError(this.ctx.getNode(), errorResponse, options);
		error.message = options.message;
		error.description = options.description;
		return error;
	}

	private apiError(
		info: OrcidErrorInfo,
		response: { status: number; body: unknown },
		itemIndex?: number,
	): NodeApiError {
		const secrets = this.knownSecrets();
		const redactedBody = redact(response.body, secrets);
		const message = redact(info.message, secrets) as string;
		const description = redact(info.description, secrets) as string;
		const errorResponse: JsonObject = {
			httpCode: String(response.status),
			orcidErrorCode: info.code,
			body: (redactedBody ?? null) as JsonObject,
		};
		const error = this.nodeApiError(errorResponse, {
			message,
			description,
			httpCode: String(response.status),
			itemIndex,
		});
		this.setContext(error, {
			status: response.status,
			body: redactedBody,
			info,
		});
		return error;
	}

	private setContext(error: NodeApiError, fields: ErrorContextFields): void {
		const context = error.context as Record<string, unknown>;
		context.orcidErrorCode = fields.info?.code ?? null;
		context.tokenRevoked = fields.info?.tokenRevoked ?? false;
		context.httpStatus = fields.status;
		if (fields.body !== undefined) context.orcidResponse = fields.body;
		if (fields.info?.existingPutCode !== undefined) {
			context.existingPutCode = fields.info.existingPutCode;
		}
		if (fields.info?.movedTo !== undefined) context.movedTo = fields.info.movedTo;
		if (fields.info?.field !== undefined) context.field = fields.info.field;
		for (const [key, value] of Object.entries(fields.extra ?? {})) context[key] = value;
	}
}

// ---- reading errors thrown by the session ---------------------------------------------------

function contextOf(e: unknown): Record<string, unknown> | undefined {
	if (!e || typeof e !== 'object') return undefined;
	const context = (e as { context?: unknown }).context;
	return context && typeof context === 'object' ? (context as Record<string, unknown>) : undefined;
}

/** The researcher's (or client's) token was revoked or has expired. */
export function isTokenRevokedError(e: unknown): boolean {
	return contextOf(e)?.tokenRevoked === true;
}

/** ORCID's error code ('9021', 'invalid_token', ...) of an error thrown by the session. */
export function orcidErrorCodeOf(e: unknown): string | null {
	const code = contextOf(e)?.orcidErrorCode;
	return typeof code === 'string' ? code : null;
}

/** HTTP status of an error thrown by the session (null for network errors). */
export function httpStatusOf(e: unknown): number | null {
	const status = contextOf(e)?.httpStatus;
	return typeof status === 'number' ? status : null;
}

/** Primary iD when the record was merged (301, error 9007). */
export function movedRecordOf(e: unknown): string | null {
	const moved = contextOf(e)?.movedTo;
	return typeof moved === 'string' ? moved : null;
}

/** 9021 duplicate: the put code of the item ORCID already holds, when it names one. */
export function existingPutCodeOf(e: unknown): number | null {
	const putCode = contextOf(e)?.existingPutCode;
	return typeof putCode === 'number' ? putCode : null;
}

/** An unclear POST could not be settled: ORCID may hold the item. */
export function isUnclearWriteError(e: unknown): boolean {
	return contextOf(e)?.unclearWrite === true;
}

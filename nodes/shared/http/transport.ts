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
 * and does HTTP. Its parts, one concern each: send.ts (one HTTP call and its traffic record),
 * retry.ts (the one retry policy), oauth.ts (the OAuth host and tokens), answers.ts (ORCID's
 * answers and failures as responses or NodeApiErrors).
 */
import {
	NodeOperationError,
	sleep as n8nSleep,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import { apiUrl } from '../orcid/environments';
import { describeOrcidError } from '../orcid/errors';
import { AnswerReader } from './answers';
import { budgetKey, RateLimiter, sharedLimiter, type Clock, type Sleep } from './limiter';
import { OrcidOAuth } from './oauth';
import {
	AGAIN,
	isUnclearPost,
	RETRY_STATUSES,
	RetryPolicy,
	type Attempt,
	type RawResponse,
} from './retry';
import { HttpSender } from './send';
import type { TrafficRecord } from './traffic';
import {
	ORCID_JSON,
	ORCID_XML,
	type OrcidClientConfig,
	type OrcidHttpContext,
	type OrcidRequest,
	type OrcidResponse,
	type OrcidSessionOptions,
} from './types';

export * from './types';
export type { OrcidApiType } from '../auth/tokens';
export type { Clock, Sleep } from './limiter';
export { parseRetryAfter } from './retry';
export {
	existingPutCodeOf,
	httpStatusOf,
	isTokenRevokedError,
	isUnclearWriteError,
	movedRecordOf,
	orcidErrorCodeOf,
} from './answers';

/** An API request ready to send: where, with which headers and body. */
interface Prepared {
	url: string;
	format: 'json' | 'xml';
	headers: Record<string, string>;
	body: IHttpRequestOptions['body'];
}

/**
 * The client's budget: ORCID limits per client id, so every session of this process with the
 * same client (on the same API) spends one. A session on virtual time (tests) keeps its own.
 */
function budgetOf(
	config: OrcidClientConfig,
	options: OrcidSessionOptions,
	clock: Clock,
	sleep: Sleep,
): RateLimiter {
	const settings = { requestsPerSecond: config.requestsPerSecond, burst: config.burst };
	if (options.clock || options.sleep) return new RateLimiter({ ...settings, clock, sleep });
	const { environment } = config;
	const api =
		config.apiType === 'member' ? environment.memberApiBaseUrl : environment.publicApiBaseUrl;
	return sharedLimiter(budgetKey(api, config.clientId), settings, sleep);
}

export class OrcidSession {
	readonly traffic: TrafficRecord[];
	readonly limiter: RateLimiter;
	private readonly timeoutMs: number;
	private readonly retry: RetryPolicy;
	private readonly sender: HttpSender;
	private readonly answers: AnswerReader;
	private readonly oauth: OrcidOAuth;

	constructor(
		private readonly ctx: OrcidHttpContext,
		readonly config: OrcidClientConfig,
		options: OrcidSessionOptions = {},
	) {
		const clock = options.clock ?? Date.now;
		const sleep = options.sleep ?? n8nSleep;
		this.retry = new RetryPolicy({
			clock,
			sleep,
			random: options.random ?? Math.random,
			maxRetries: options.maxRetries ?? 5,
			baseDelayMs: options.baseDelayMs ?? 500,
			maxDelayMs: options.maxDelayMs ?? 8000,
			maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
		});
		this.timeoutMs = options.timeoutMs ?? 30_000;
		this.limiter = options.limiter ?? budgetOf(config, options, clock, sleep);
		this.sender = new HttpSender(ctx, config.credentialType, this.limiter, clock);
		this.traffic = this.sender.traffic;
		this.answers = new AnswerReader(
			() => ctx.getNode(),
			() => this.knownSecrets(),
			this.retry,
		);
		this.oauth = new OrcidOAuth({
			ctx,
			config,
			sender: this.sender,
			retry: this.retry,
			answers: this.answers,
			timeoutMs: this.timeoutMs,
		});
		this.addSecret(config.linkSigningSecret);
		this.addSecret(config.tokenEncryptionKey);
	}

	/** Registers a value that must never appear in traffic records. */
	addSecret(value: string | undefined | null): void {
		this.sender.addSecret(value);
	}

	/** Every secret and token this session has seen (for redacting other output). */
	knownSecrets(): string[] {
		return this.sender.knownSecrets();
	}

	// ---- API calls ----------------------------------------------------------------------------

	async request(req: OrcidRequest): Promise<OrcidResponse> {
		const { itemIndex } = req;
		const prepared = this.prepare(req);
		const researcher = req.token !== undefined && req.token !== null && req.token !== '';
		const scope = req.clientScope ?? '/read-public';
		let bearer = researcher
			? this.oauth.researcherToken(req.token as string, itemIndex)
			: await this.clientToken(scope, itemIndex);
		let renewedClientToken = false;
		const readRetry = req.method === 'GET' && req.retryServerErrors === true;

		return await this.retry.run({
			send: async (attempt) => await this.sendPrepared(req, prepared, bearer, attempt),
			// an unclear POST is settled (looked up), never simply sent again
			intercept: async (outcome, attempt) => {
				if (req.method !== 'POST' || !isUnclearPost(outcome, req.settle !== undefined)) {
					return undefined;
				}
				return (await this.settleUnclearPost(req, attempt, outcome)) ?? AGAIN;
			},
			rule: {
				resend: true,
				status: (status) =>
					(RETRY_STATUSES.has(status) || (readRetry && status === 500)) &&
					!(req.okStatuses ?? []).includes(status),
			},
			unreachable: (failure, attempt) =>
				this.answers.networkError({
					failure,
					method: req.method,
					url: prepared.url,
					itemIndex,
					attempt,
				}),
			answered: async (response, attempt) => {
				if (!researcher && !renewedClientToken && this.clientTokenRevoked(response)) {
					// ORCID revoked the client's stored two-legged token: get a fresh one, once.
					renewedClientToken = true;
					this.oauth.forgetClientToken(scope);
					bearer = await this.clientToken(scope, itemIndex);
					return AGAIN;
				}
				return this.answers.finish(response, req, researcher, attempt);
			},
		});
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
		return await this.oauth.get(path, options);
	}

	/** POST /oauth/token; the credential adds client_id and client_secret to the form. */
	async tokenRequest(form: Record<string, string>, itemIndex?: number): Promise<OrcidResponse> {
		return await this.oauth.call('token', form, itemIndex);
	}

	/** POST /oauth/revoke for an access or refresh token (plain or orcidenc:). */
	async revokeRequest(token: string, itemIndex?: number): Promise<OrcidResponse> {
		const plain = this.oauth.researcherToken(token, itemIndex);
		return await this.oauth.call('revoke', { token: plain }, itemIndex);
	}

	/** The client's two-legged (client_credentials) token for a scope, cached per session. */
	async clientToken(scope: string, itemIndex?: number): Promise<string> {
		return await this.oauth.clientToken(scope, itemIndex);
	}

	// ---- internals ----------------------------------------------------------------------------

	/** URL, media type, headers and body of an API request; XML needs its body as text. */
	private prepare(req: OrcidRequest): Prepared {
		const format = req.format ?? (typeof req.body === 'string' ? 'xml' : 'json');
		const mediaType = format === 'xml' ? ORCID_XML : ORCID_JSON;
		const url = withQuery(apiUrl(this.config.environment, req.api, req.path), req.qs);
		const hasBody = req.body !== undefined && req.body !== null;
		if (format === 'xml' && hasBody && typeof req.body !== 'string') {
			throw new NodeOperationError(
				this.ctx.getNode(),
				'The XML format needs the request body as XML text',
				{
					itemIndex: req.itemIndex,
					description: 'Pass the ORCID XML document as a string, or use the JSON format.',
				},
			);
		}
		const headers: Record<string, string> = { Accept: mediaType };
		let body: IHttpRequestOptions['body'];
		if (hasBody) {
			headers['Content-Type'] = mediaType;
			body =
				format === 'xml' || typeof req.body === 'string'
					? String(req.body)
					: (req.body as JsonObject);
		} else if (req.method === 'PUT' || req.method === 'POST') {
			// ORCID's webhook PUT wants an empty body with Content-Length: 0
			headers['Content-Length'] = '0';
		}
		return { url, format, headers, body };
	}

	private async sendPrepared(
		req: OrcidRequest,
		prepared: Prepared,
		bearer: string,
		attempt: number,
	): Promise<Attempt> {
		return await this.sender.send(
			{
				method: req.method,
				url: prepared.url,
				headers: { ...prepared.headers, Authorization: `Bearer ${bearer}` },
				body: prepared.body,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: this.timeoutMs,
				encoding: prepared.format === 'xml' ? 'text' : undefined,
			},
			{ attempt, itemIndex: req.itemIndex, requestBody: req.body, grantType: undefined },
		);
	}

	/** ORCID answered 401 invalid_token to the client's own two-legged token. */
	private clientTokenRevoked(response: RawResponse): boolean {
		const { status, body } = response;
		return status === 401 && describeOrcidError({ status, body }).code === 'invalid_token';
	}

	/**
	 * Looks up whether an unclear POST was applied: its response when it was, null to send it
	 * again (ORCID has been checked); throws when the caller cannot look or attempts ran out.
	 */
	private async settleUnclearPost(
		req: OrcidRequest,
		attempt: number,
		outcome: Attempt,
	): Promise<OrcidResponse | null> {
		const status = outcome.response?.status ?? null;
		const code = outcome.networkError?.code ?? null;
		const what = outcome.networkError
			? `the connection failed after the request was sent (${code})`
			: status === 500
				? 'ORCID answered 500'
				: `ORCID's gateway answered ${status}`;
		if (!req.settle) {
			throw this.answers.unclearPostError(req, what, status, code);
		}
		// Give ORCID time to finish a write that may still be in flight before looking.
		await this.retry.sleep(this.retry.backoffMs(attempt));
		const found = await req.settle();
		if (found) return { ...found, settled: true };
		if (this.retry.exhausted(attempt)) {
			throw this.answers.unclearPostError(req, what, status, code, true);
		}
		return null;
	}
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

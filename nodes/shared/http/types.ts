/**
 * What the transport's callers see: the client config a session runs with, the n8n context
 * it needs, and the shape of a request and of its response.
 */
import type { IHttpRequestOptions, INode } from 'n8n-workflow';

import type { OrcidApiType } from '../auth/tokens';
import type { OrcidApi, OrcidEnvironment } from '../orcid/environments';
import type { Clock, RateLimiter, Sleep } from './limiter';

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
	/**
	 * The budget to spend. Default: the one the client shares with every session of this
	 * process (limiter.ts sharedLimiter); a session given its own clock or sleep (virtual
	 * time) gets a budget of its own instead.
	 */
	limiter?: RateLimiter;
}

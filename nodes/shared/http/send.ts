/**
 * One HTTP call to ORCID, nothing more: wait for the client's budget (a slot and the pace),
 * send through n8n's helpers (with the credential only for the token endpoint), read the
 * answer or the network failure, and keep one redacted traffic record. Knows every secret the session has seen,
 * so that none reaches a record.
 */
import { NodeOperationError, type IHttpRequestOptions } from 'n8n-workflow';

import { describeOrcidError } from '../orcid/errors';
import { callKind, type Clock, type RateLimiter } from './limiter';
import { networkCode, type Attempt, type RawResponse } from './retry';
import { CompiledSecrets, trafficRecord, type TrafficRecord } from './traffic';
import type { OrcidHttpContext } from './types';

export interface SendMeta {
	attempt: number;
	itemIndex?: number;
	/** As recorded in the traffic (secrets are redacted again there). */
	requestBody: unknown;
	grantType?: string;
	/** Token endpoint: the credential adds client_id and client_secret. */
	viaCredential?: boolean;
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

export class HttpSender {
	readonly traffic: TrafficRecord[] = [];
	/** When each traffic record's call went out (same order as traffic). */
	private readonly starts: number[] = [];
	private readonly secrets = new Set<string>();
	/** The secrets as patterns, added to as the session meets them. */
	private readonly compiled = new CompiledSecrets();
	private nodeName?: string;

	constructor(
		private readonly ctx: OrcidHttpContext,
		private readonly credentialType: string,
		private readonly limiter: RateLimiter,
		private readonly clock: Clock,
	) {}

	/** Registers a value that must never appear in traffic records. */
	addSecret(value: string | undefined | null): void {
		if (typeof value !== 'string' || value === '' || this.secrets.has(value)) return;
		this.secrets.add(value);
		this.compiled.add([value]);
	}

	/** Every secret and token this session has seen (for redacting other output). */
	knownSecrets(): string[] {
		return [...this.secrets];
	}

	/** Sends once; a network failure is returned, not thrown (unless the run was cancelled). */
	async send(options: IHttpRequestOptions, meta: SendMeta): Promise<Attempt> {
		const release = await this.limiter.acquire(callKind(options.method, options.url));
		const signal = this.ctx.getExecutionCancelSignal?.();
		if (signal) options.abortSignal = signal;
		if (options.encoding === undefined) delete options.encoding;
		// the time the budget let the call go: what its pace and ORCID's rate count
		const started = release.sentAt;
		const attempt = await this.call(options, meta.viaCredential === true);
		const durationMs = Math.max(0, Math.round(this.clock() - started));
		// ORCID's answer time tells how many researchers to keep busy; a network failure does not
		release(attempt.response ? durationMs : undefined);
		if (attempt.networkError && signal?.aborted) {
			throw new NodeOperationError(this.ctx.getNode(), 'The execution was cancelled', {
				itemIndex: meta.itemIndex,
			});
		}
		this.record(options, meta, attempt, started, durationMs);
		return attempt;
	}

	private async call(options: IHttpRequestOptions, viaCredential: boolean): Promise<Attempt> {
		try {
			const raw = (
				viaCredential
					? await this.ctx.helpers.httpRequestWithAuthentication.call(
							this.ctx,
							this.credentialType,
							options,
						)
					: await this.ctx.helpers.httpRequest(options)
			) as { statusCode?: number; headers?: unknown; body?: unknown };
			const body = raw.body === '' || raw.body === undefined ? null : raw.body;
			return {
				response: { status: Number(raw.statusCode), headers: lowerHeaders(raw.headers), body },
			};
		} catch (error) {
			return {
				networkError: {
					code: networkCode(error),
					message: error instanceof Error ? error.message : String(error),
					cause: error,
				},
			};
		}
	}

	private record(
		options: IHttpRequestOptions,
		meta: SendMeta,
		attempt: Attempt,
		started: number,
		durationMs: number,
	): void {
		const response: RawResponse | undefined = attempt.response;
		const failure = attempt.networkError;
		const orcidErrorCode =
			response && (response.status >= 300 || response.status < 200)
				? describeOrcidError({
						status: response.status,
						body: response.body,
						grantType: meta.grantType,
					}).code
				: null;
		// in the order the calls went out, whichever answer came first (calls run side by side)
		let at = this.traffic.length;
		while (at > 0 && this.starts[at - 1] > started) at--;
		this.starts.splice(at, 0, started);
		this.traffic.splice(
			at,
			0,
			trafficRecord(
				{
					time: new Date(started).toISOString(),
					// n8n's getNode() copies the node with its parameters: read its name once
					node: (this.nodeName ??= this.ctx.getNode().name),
					itemIndex: meta.itemIndex,
					method: String(options.method ?? 'GET'),
					url: options.url,
					status: response ? response.status : null,
					durationMs,
					retries: meta.attempt,
					requestBody: meta.requestBody ?? null,
					responseBody: response ? response.body : null,
					orcidErrorCode,
					error: failure ? `${failure.code ?? 'network error'}: ${failure.message}` : undefined,
				},
				this.compiled,
			),
		);
	}
}

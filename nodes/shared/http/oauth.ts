/**
 * Calls on ORCID's OAuth host: POST /oauth/token and /oauth/revoke through the credential
 * (its generic authentication adds client_id and client_secret to the form body), GETs
 * without client authentication (/oauth/jwks, /.well-known/openid-configuration,
 * /oauth/userinfo), the client's two-legged tokens, and reading a researcher's stored token.
 */
import { NodeApiError, NodeOperationError, type JsonObject } from 'n8n-workflow';

import { oauthUrl } from '../orcid/environments';
import { describeOrcidError } from '../orcid/errors';
import { decryptToken, isEncryptedToken } from '../auth/tokens';
import type { AnswerReader } from './answers';
import { neverSent, POST_SAFE_RETRY_STATUSES, RETRY_STATUSES, type RetryPolicy } from './retry';
import type { HttpSender } from './send';
import { REDACTED } from './traffic';
import type { OrcidClientConfig, OrcidHttpContext, OrcidRequest, OrcidResponse } from './types';

export interface OAuthParts {
	ctx: OrcidHttpContext;
	config: OrcidClientConfig;
	sender: HttpSender;
	retry: RetryPolicy;
	answers: AnswerReader;
	timeoutMs: number;
}

export class OrcidOAuth {
	private readonly clientTokens = new Map<string, Promise<string>>();

	constructor(private readonly parts: OAuthParts) {}

	/** GET on the OAuth host; retried like any read; recorded in the traffic. */
	async get(
		path: string,
		options: { token?: string; itemIndex?: number; okStatuses?: number[] } = {},
	): Promise<OrcidResponse> {
		const { config, sender, retry, answers, timeoutMs } = this.parts;
		const { itemIndex } = options;
		const url = `${config.environment.oauthBaseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
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
		return await retry.run({
			send: async (attempt) =>
				await sender.send(
					{
						method: 'GET',
						url,
						headers,
						returnFullResponse: true,
						ignoreHttpStatusErrors: true,
						disableFollowRedirect: true,
						timeout: timeoutMs,
					},
					{ attempt, itemIndex, requestBody: null },
				),
			rule: { resend: true, status: (status) => RETRY_STATUSES.has(status) },
			unreachable: (failure, attempt) =>
				answers.networkError({ failure, method: 'GET', url, itemIndex, attempt }),
			answered: (response, attempt) => answers.finish(response, req, researcher, attempt),
		});
	}

	/** POST /oauth/token or /oauth/revoke; the credential adds client_id and client_secret. */
	async call(
		endpoint: 'token' | 'revoke',
		form: Record<string, string>,
		itemIndex?: number,
	): Promise<OrcidResponse> {
		const { config, sender, retry, answers, timeoutMs } = this.parts;
		for (const key of ['code', 'refresh_token', 'token']) sender.addSecret(form[key]);
		const url = oauthUrl(config.environment, endpoint);
		const grantType = endpoint === 'token' ? (form.grant_type ?? '') : undefined;
		// An authorization code is single use and a second use revokes what it issued, so
		// code exchanges and refreshes are re-sent only when ORCID cannot have seen them.
		const idempotent = endpoint === 'revoke' || grantType === 'client_credentials';
		const recorded = { ...form, client_id: config.clientId, client_secret: REDACTED };
		return await retry.run({
			send: async (attempt) =>
				await sender.send(
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
						timeout: timeoutMs,
					},
					{ attempt, itemIndex, requestBody: recorded, grantType, viaCredential: true },
				),
			rule: {
				resend: idempotent,
				status: (status) =>
					idempotent ? RETRY_STATUSES.has(status) : POST_SAFE_RETRY_STATUSES.has(status),
			},
			unreachable: (failure, attempt) =>
				answers.networkError({
					failure,
					method: 'POST',
					url,
					itemIndex,
					attempt,
					unclearWrite: !idempotent && !neverSent(failure),
				}),
			answered: (response) => {
				if (response.status < 200 || response.status >= 300) {
					const { status, body } = response;
					const info = describeOrcidError({ status, body, grantType });
					throw answers.apiError(info, { status, body }, itemIndex);
				}
				const body = response.body as Record<string, unknown> | null;
				if (body && typeof body === 'object') {
					for (const key of ['access_token', 'refresh_token', 'id_token']) {
						if (typeof body[key] === 'string') sender.addSecret(body[key] as string);
					}
				}
				return { status: response.status, headers: response.headers, body: response.body };
			},
		});
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

	/** Drops a cached client token (ORCID revoked it); the next call fetches a fresh one. */
	forgetClientToken(scope: string): void {
		this.clientTokens.delete(scope);
	}

	/** The plain token of a researcher's stored token (plain or orcidenc:), kept secret. */
	researcherToken(token: string, itemIndex?: number): string {
		const { ctx, config, sender } = this.parts;
		if (typeof token !== 'string') {
			throw new NodeOperationError(ctx.getNode(), 'The access token must be text', {
				itemIndex,
			});
		}
		if (isEncryptedToken(token)) sender.addSecret(token);
		let plain: string;
		try {
			plain = decryptToken(token, config.tokenEncryptionKey);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
				itemIndex,
				description:
					'Use the token exactly as stored (plain, or orcidenc:v1:... with the same token encryption key in the credential).',
			});
		}
		sender.addSecret(plain);
		return plain;
	}

	private async fetchClientToken(scope: string, itemIndex?: number): Promise<string> {
		const response = await this.call(
			'token',
			{ grant_type: 'client_credentials', scope },
			itemIndex,
		);
		const token = (response.body as { access_token?: unknown } | null)?.access_token;
		if (typeof token !== 'string' || token === '') {
			throw new NodeApiError(this.parts.ctx.getNode(), { status: response.status } as JsonObject, {
				message: `ORCID's token endpoint gave no access token for scope ${scope}`,
				description: 'The answer to the client-credentials request had no access_token.',
				httpCode: String(response.status),
				itemIndex,
			});
		}
		this.parts.sender.addSecret(token);
		const refresh = (response.body as { refresh_token?: unknown }).refresh_token;
		if (typeof refresh === 'string') this.parts.sender.addSecret(refresh);
		return token;
	}
}

/**
 * Verifying the id_token of an OpenID token response against the issuer's live JWKS
 * (`<oauth base>/oauth/jwks`). The JWKS GET is recorded in the session's traffic like
 * every other ORCID call.
 */
import { verifyIdToken, type IdTokenClaims, type Jwk } from './idToken';
import { trafficRecord } from './traffic';
import type { OrcidHttpContext, OrcidSession } from './transport';

/** The JWKS could not be fetched (network, 5xx, not JSON). */
export class JwksUnavailableError extends Error {
	constructor(
		message: string,
		readonly status: number | null,
	) {
		super(message);
		this.name = 'JwksUnavailableError';
	}
}

export function jwksUrl(session: OrcidSession): string {
	return `${session.config.environment.oauthBaseUrl}/oauth/jwks`;
}

export async function fetchJwks(
	ctx: OrcidHttpContext,
	session: OrcidSession,
	itemIndex?: number,
): Promise<Jwk[]> {
	const url = jwksUrl(session);
	await session.limiter.take();
	const started = Date.now();
	let status: number | null = null;
	let body: unknown = null;
	let failure: string | undefined;
	try {
		const raw = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 15_000,
		})) as { statusCode?: number; body?: unknown };
		status = Number(raw.statusCode);
		body = typeof raw.body === 'string' ? safeJson(raw.body) : (raw.body ?? null);
	} catch (error) {
		failure = error instanceof Error ? error.message : String(error);
	}
	session.traffic.push(
		trafficRecord(
			{
				time: new Date(started).toISOString(),
				node: ctx.getNode().name,
				itemIndex,
				method: 'GET',
				url,
				status,
				durationMs: Math.max(0, Date.now() - started),
				retries: 0,
				requestBody: null,
				responseBody: body,
				orcidErrorCode: null,
				error: failure,
			},
			session.knownSecrets(),
		),
	);
	if (failure !== undefined) {
		throw new JwksUnavailableError(`Could not reach ${url}: ${failure}`, null);
	}
	const keys = (body as { keys?: unknown } | null)?.keys;
	if (status !== 200 || !Array.isArray(keys)) {
		throw new JwksUnavailableError(`${url} answered HTTP ${status} without a key set`, status);
	}
	return keys as Jwk[];
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * Verifies a plain id_token issued to this session's client: signature (live JWKS), issuer
 * (the environment's OAuth base, e.g. https://orcid.org), audience (client id), expiry,
 * and the nonce and subject when given. Throws IdTokenError or JwksUnavailableError.
 */
export async function verifySessionIdToken(
	ctx: OrcidHttpContext,
	session: OrcidSession,
	idToken: string,
	options: { nonce?: string; subject?: string; itemIndex?: number } = {},
): Promise<IdTokenClaims> {
	const jwks = await fetchJwks(ctx, session, options.itemIndex);
	return verifyIdToken(idToken, {
		jwks,
		issuer: session.config.environment.oauthBaseUrl,
		audience: session.config.clientId,
		nonce: options.nonce,
		subject: options.subject,
	});
}

/**
 * Verifying the id_token of an OpenID token response against the issuer's live JWKS
 * (`<oauth base>/oauth/jwks`), fetched through the session (so it is paced, retried and
 * recorded in the traffic like every other ORCID call).
 */
import { verifyIdToken, type IdTokenClaims, type Jwk } from './idToken';
import type { OrcidSession } from '../http/transport';

/** The JWKS could not be fetched (network, ORCID error, not a key set). */
export class JwksUnavailableError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JwksUnavailableError';
	}
}

export function jwksUrl(session: OrcidSession): string {
	return `${session.config.environment.oauthBaseUrl}/oauth/jwks`;
}

export async function fetchJwks(session: OrcidSession, itemIndex?: number): Promise<Jwk[]> {
	let response;
	try {
		response = await session.oauthGet('/oauth/jwks', { itemIndex });
	} catch (error) {
		return unavailable(`Could not fetch ${jwksUrl(session)}: ${(error as Error).message}`);
	}
	const body = typeof response.body === 'string' ? safeJson(response.body) : response.body;
	const keys = (body as { keys?: unknown } | null)?.keys;
	if (!Array.isArray(keys)) {
		return unavailable(`${jwksUrl(session)} answered HTTP ${response.status} without a key set`);
	}
	return keys as Jwk[];
}

function unavailable(message: string): never {
	throw new JwksUnavailableError(message);
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
	session: OrcidSession,
	idToken: string,
	options: { nonce?: string; subject?: string; itemIndex?: number } = {},
): Promise<IdTokenClaims> {
	const jwks = await fetchJwks(session, options.itemIndex);
	return verifyIdToken(idToken, {
		jwks,
		issuer: session.config.environment.oauthBaseUrl,
		audience: session.config.clientId,
		nonce: options.nonce,
		subject: options.subject,
	});
}

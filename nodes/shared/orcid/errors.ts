/**
 * Reading ORCID's error answers: the API shape (response-code, developer-message,
 * user-message, error-code, more-info; JSON or XML), the OAuth shape (error,
 * error_description), plain-text rate-limit answers and HTML pages from a wrong host.
 * No n8n imports; transport.ts turns the result into a NodeApiError.
 */

import { putCodeNamedIn } from './identity';

export interface OrcidErrorInfo {
	/** ORCID error code ('9021') or OAuth error ('invalid_token'); null if the body has none. */
	code: string | null;
	/** One line for the node's error message. */
	message: string;
	/** What ORCID said and what to do about it. */
	description: string;
	/** The researcher's token no longer works (revoked, expired or narrowed). */
	tokenRevoked: boolean;
	/** 9021: the put code ORCID names for the existing item. */
	existingPutCode?: number;
	/** Primary iD of a merged (deprecated) record: from a 301's Location, or a 409/9007 message. */
	movedTo?: string;
	/** The node parameter the error is about (e.g. 'accessToken'), for the item's error. */
	field?: string;
}

export interface OrcidErrorSituation {
	status: number;
	body: unknown;
	/** The call carried a researcher's token (not the client's two-legged token). */
	researcherToken?: boolean;
	/** The call went to /oauth/token; its grant_type. */
	grantType?: string;
	location?: string;
	/** The iD in the request's path: a 409/9007 message names it beside the primary iD. */
	orcid?: string;
	/** The call went to /oauth/userinfo. */
	userinfo?: boolean;
}

interface ParsedBody {
	shape: 'orcid' | 'oauth' | 'text' | 'html' | 'none';
	code: string | null;
	userMessage?: string;
	developerMessage?: string;
	moreInfo?: string;
	text?: string;
}

function str(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
	if (typeof value === 'number') return String(value);
	return undefined;
}

function xmlField(xml: string, name: string): string | undefined {
	const match = new RegExp(`<(?:[\\w-]+:)?${name}>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`).exec(xml);
	if (!match) return undefined;
	return str(
		match[1]
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&quot;/g, '"')
			.replace(/&apos;/g, "'")
			.replace(/&amp;/g, '&'),
	);
}

function fromObject(body: Record<string, unknown>): ParsedBody | null {
	if ('error-code' in body || 'developer-message' in body || 'response-code' in body) {
		return {
			shape: 'orcid',
			code: str(body['error-code']) ?? null,
			userMessage: str(body['user-message']),
			developerMessage: str(body['developer-message']),
			moreInfo: str(body['more-info']),
		};
	}
	if (typeof body.error === 'string') {
		return {
			shape: 'oauth',
			code: body.error,
			developerMessage: str(body.error_description),
		};
	}
	return null;
}

export function parseErrorBody(body: unknown): ParsedBody {
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
		return (
			fromObject(body as Record<string, unknown>) ?? {
				shape: 'none',
				code: null,
			}
		);
	}
	if (typeof body !== 'string' || body.trim() === '') return { shape: 'none', code: null };
	const text = body.trim();
	if (text.startsWith('{')) {
		try {
			const parsed = fromObject(JSON.parse(text) as Record<string, unknown>);
			if (parsed) return parsed;
		} catch {
			// not JSON after all: fall through to the text forms
		}
	}
	if (/<(?:[\w-]+:)?error[\s>]/.test(text) && /error-code|developer-message/.test(text)) {
		return {
			shape: 'orcid',
			code: xmlField(text, 'error-code') ?? null,
			userMessage: xmlField(text, 'user-message'),
			developerMessage: xmlField(text, 'developer-message'),
			moreInfo: xmlField(text, 'more-info'),
		};
	}
	if (/^<!doctype html|^<html/i.test(text)) return { shape: 'html', code: null };
	return {
		shape: 'text',
		code: null,
		text: text.length > 500 ? `${text.slice(0, 497)}...` : text,
	};
}

const ORCID_ID_IN_TEXT = /(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])/;

/** The iD a moved record's Location points at, e.g. https://api.orcid.org/v3.0/0000-.../works. */
export function primaryIdFromLocation(location: string | undefined): string | undefined {
	const match = location ? ORCID_ID_IN_TEXT.exec(location) : null;
	return match ? match[1].toUpperCase() : undefined;
}

const REFER_TO_ACCOUNT =
	/refer to account:?\s*(?:https?:\/\/[^\s/]+\/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])/i;

/**
 * The primary iD named by ORCID's 9007 message ("This account is deprecated. Please refer to
 * account: https://orcid.org/<primary>. ORCID https://orcid.org/<deprecated>"), which is what
 * ORCID answers (409) to writes on a merged record. Without the "refer to account" phrase, the
 * first iD other than the deprecated one.
 */
export function primaryIdFromMessage(
	text: string | undefined,
	deprecated?: string,
): string | undefined {
	if (!text) return undefined;
	const referred = REFER_TO_ACCOUNT.exec(text);
	if (referred) return referred[1].toUpperCase();
	const others = (text.match(new RegExp(ORCID_ID_IN_TEXT.source, 'g')) ?? [])
		.map((id) => id.toUpperCase())
		.filter((id) => id !== deprecated?.toUpperCase());
	return others[0];
}

/** The primary iD of a 9007 answer (409 to a write on a merged record), else undefined. */
export function primaryIdFromConflict(body: unknown, deprecated?: string): string | undefined {
	const parsed = parseErrorBody(body);
	if (parsed.code !== '9007') return undefined;
	return primaryIdFromMessage(
		[parsed.developerMessage, parsed.userMessage].filter(Boolean).join(' '),
		deprecated,
	);
}

function statusPhrase(status: number): string {
	return status > 0 ? `HTTP ${status}` : 'no HTTP status';
}

/** What ORCID's answer says, as describeOrcidError's parts read it. */
interface Reading {
	situation: OrcidErrorSituation;
	parsed: ParsedBody;
	code: string | null;
	said?: string;
	/** ' ORCID said: ...' or '' */
	orcidSaid: string;
	/** ' See <more-info>' or '' */
	more: string;
}

const MERGED_DESCRIPTION =
	'ORCID deprecated this record and points to the primary iD. Update the stored iD to the primary one and repeat the call there.';

/** What went wrong, in words a workflow builder can act on. */
export function describeOrcidError(situation: OrcidErrorSituation): OrcidErrorInfo {
	const parsed = parseErrorBody(situation.body);
	const said = parsed.developerMessage ?? parsed.userMessage ?? parsed.text;
	const reading: Reading = {
		situation,
		parsed,
		code: parsed.code,
		said,
		orcidSaid: said ? ` ORCID said: ${said}` : '',
		more: parsed.moreInfo ? ` See ${parsed.moreInfo}` : '',
	};
	const { status } = situation;
	if (isTokenRevoked(reading)) return revokedInfo(reading);
	if (status === 301 || status === 302 || status === 307 || status === 308) {
		return redirectInfo(reading);
	}
	if (parsed.shape === 'orcid' || parsed.shape === 'oauth') return orcidAnswerInfo(reading);
	return statusInfo(reading);
}

function isTokenRevoked({ situation, code }: Reading): boolean {
	const { status } = situation;
	// userinfo answers any token it cannot use with 403 access_denied (ORCID-Source:
	// orcid-web/src/main/java/org/orcid/frontend/web/controllers/OpenIDController.java)
	const refusedOnUserinfo =
		situation.userinfo === true &&
		situation.researcherToken === true &&
		status === 403 &&
		code === 'access_denied';
	const revokedOnApi =
		situation.grantType === undefined &&
		((status === 401 && code === 'invalid_token') ||
			(situation.researcherToken === true && code === 'invalid_scope') ||
			refusedOnUserinfo);
	const revokedOnRefresh =
		situation.grantType === 'refresh_token' &&
		(code === 'invalid_grant' || code === 'invalid_token');
	return revokedOnApi || revokedOnRefresh;
}

function revokedInfo({ situation, code, orcidSaid }: Reading): OrcidErrorInfo {
	return {
		code,
		tokenRevoked: true,
		message: `The ORCID token was revoked or has expired (${code}, ${statusPhrase(situation.status)})`,
		description:
			'ORCID no longer accepts this token: the researcher removed your organisation from the trusted parties in their ORCID account, narrowed its permissions, or the token expired. Mark the connection as revoked and ask the researcher to connect again.' +
			orcidSaid,
	};
}

function redirectInfo({ situation, code, orcidSaid }: Reading): OrcidErrorInfo {
	const { status } = situation;
	const movedTo = primaryIdFromLocation(situation.location);
	return {
		code: code ?? '9007',
		tokenRevoked: false,
		movedTo,
		message: movedTo
			? `The ORCID record was merged into ${movedTo} (deprecated record, ${statusPhrase(status)})`
			: `ORCID redirected the request (${statusPhrase(status)}) without naming the primary record`,
		description: MERGED_DESCRIPTION + orcidSaid,
	};
}

/** ORCID's API or OAuth error shape: its code and words, with what 9007, 9017, 9021 mean. */
function orcidAnswerInfo(reading: Reading): OrcidErrorInfo {
	const { situation, parsed, code, said, orcidSaid, more } = reading;
	const { status } = situation;
	const headline = parsed.userMessage ?? parsed.developerMessage ?? 'no message';
	const info: OrcidErrorInfo = {
		code,
		tokenRevoked: false,
		message: `ORCID error ${code ?? 'without code'} (${statusPhrase(status)}): ${firstSentence(headline)}`,
		description: (said ?? headline) + more,
	};
	if (code === '9007') {
		const movedTo = primaryIdFromConflict(situation.body, situation.orcid);
		if (movedTo) {
			info.movedTo = movedTo;
			info.message = `The ORCID record was merged into ${movedTo} (deprecated record, ${statusPhrase(status)})`;
			info.description = `${MERGED_DESCRIPTION}${orcidSaid}`;
		}
	}
	if (code === '9017' && situation.researcherToken === true) {
		// a working token, issued for another researcher's record than the one in the URL
		info.field = 'accessToken';
		info.message = `The access token is not for the record ${situation.orcid ?? 'asked for'}: it was issued to another researcher (ORCID error 9017, ${statusPhrase(status)})`;
		info.description = `Use the token stored with this researcher's iD; each token works only for the record of the researcher who granted it.${orcidSaid}${more}`;
	}
	if (code === '9021') {
		const putCode = putCodeNamedIn(`${parsed.developerMessage ?? ''} ${parsed.userMessage ?? ''}`);
		if (putCode !== undefined) info.existingPutCode = putCode;
	}
	return info;
}

/** No ORCID error shape: what the status (429, 503) or an HTML page says. */
function statusInfo({ situation, parsed, code, said, orcidSaid }: Reading): OrcidErrorInfo {
	const { status } = situation;
	if (status === 429) {
		return {
			code,
			tokenRevoked: false,
			message: `ORCID refused the request: request rate or daily quota exceeded (${statusPhrase(status)})`,
			description:
				'Lower the requests per second in the credential, or wait for the quota period to end.' +
				orcidSaid,
		};
	}
	if (status === 503) {
		return {
			code,
			tokenRevoked: false,
			message: `ORCID is unavailable or over its burst limit (${statusPhrase(status)})`,
			description:
				'ORCID kept answering 503 after every retry. Lower the requests per second in the credential or try again later.' +
				orcidSaid,
		};
	}
	if (parsed.shape === 'html') {
		return {
			code,
			tokenRevoked: false,
			message: `ORCID answered with a web page instead of API data (${statusPhrase(status)})`,
			description:
				"The request probably went to ORCID's website rather than its API host: check the credential's environment and API base URLs.",
		};
	}
	return {
		code,
		tokenRevoked: false,
		message: `ORCID answered ${statusPhrase(status)}`,
		description: said ? `ORCID said: ${said}` : 'ORCID sent no explanation.',
	};
}

function firstSentence(text: string): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

/**
 * What ORCID's final answer means for the caller: an OrcidResponse (put code, merged-record
 * iD), or a NodeApiError in our words whose context carries ORCID's error code, the HTTP
 * status and what the runner needs (token revoked, existing put code, unclear write). The
 * readers at the end are how the rest of the package asks such an error.
 */
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import {
	describeOrcidError,
	primaryIdFromConflict,
	primaryIdFromLocation,
	type OrcidErrorInfo,
} from '../orcid/errors';
import type { NetworkFailure, RawResponse, RetryPolicy } from './retry';
import { redact, redactUrl } from './traffic';
import type { OrcidRequest, OrcidResponse } from './types';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface ErrorContextFields {
	status: number | null;
	body?: unknown;
	info?: OrcidErrorInfo;
	extra?: Record<string, unknown>;
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

/** A network failure that ends a call. */
export interface Unreachable {
	failure: NetworkFailure;
	method: string;
	url: string;
	itemIndex?: number;
	attempt: number;
	/** The request may have reached ORCID and was not repeated (a code exchange). */
	unclearWrite?: boolean;
}

/** Builds the session's errors; secrets it has seen never reach a message or context. */
export class AnswerReader {
	constructor(
		private readonly node: () => INode,
		private readonly secrets: () => string[],
		private readonly retry: RetryPolicy,
	) {}

	/** The final answer to an API call or OAuth GET: the response, or the error to throw. */
	finish(
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
		const note = this.retry.gaveUpNote(response, attempt);
		if (note !== undefined) info.description = `${info.description} ${note}`;
		throw this.apiError(info, { status, body }, req.itemIndex);
	}

	apiError(
		info: OrcidErrorInfo,
		response: { status: number; body: unknown },
		itemIndex?: number,
	): NodeApiError {
		const secrets = this.secrets();
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
		setContext(error, { status: response.status, body: redactedBody, info });
		return error;
	}

	networkError(call: Unreachable): NodeApiError {
		const { failure, method, itemIndex, unclearWrite = false } = call;
		const target = redactUrl(call.url, this.secrets());
		const tries = call.attempt + 1;
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
		setContext(error, { status: null, extra: unclearWrite ? { unclearWrite: true } : {} });
		return error;
	}

	/** A POST ORCID may have applied: not sent again, or looked up in vain each time. */
	unclearPostError(
		req: OrcidRequest,
		what: string,
		status: number | null,
		code: string | null,
		exhausted = false,
	): NodeApiError {
		const error = this.nodeApiError({ status, code } as JsonObject, {
			message: exhausted
				? `ORCID did not confirm the POST to ${req.path} after ${this.retry.maxRetries + 1} attempts: ${what}`
				: `ORCID may or may not have applied the POST to ${req.path}: ${what}`,
			description: exhausted
				? 'Each time the item was looked up it was not there, and the last attempt failed again. Check the record before retrying.'
				: 'The request was not sent again, so that no item is written twice. Check the record (for example with Read Record) before retrying.',
			httpCode: status === null ? undefined : String(status),
			itemIndex: req.itemIndex,
		});
		setContext(error, { status, extra: { unclearWrite: true } });
		return error;
	}

	/** NodeApiError keeping our words (it replaces messages that mention errno codes). */
	nodeApiError(
		errorResponse: JsonObject,
		options: { message: string; description: string; httpCode?: string; itemIndex?: number },
	): NodeApiError {
		const error = new NodeApiError(this.node(), errorResponse, options);
		error.message = options.message;
		error.description = options.description;
		return error;
	}
}

function setContext(error: NodeApiError, fields: ErrorContextFields): void {
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

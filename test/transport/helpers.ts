/**
 * Test plumbing for the transport: a programmable loopback HTTP server standing in for ORCID,
 * and a minimal n8n context whose helpers are n8n's real request function (OutboundHttp from
 * @n8n/backend-network, the code behind helpers.httpRequest). httpRequestWithAuthentication
 * applies the credential class's own generic `authenticate` block before sending, as n8n's
 * credentials helper does; the engine-level test runs the full n8n path.
 */
import { OutboundHttp } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import * as http from 'http';
import type { AddressInfo } from 'net';
import type {
	IAuthenticateGeneric,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	NodeApiError,
} from 'n8n-workflow';

import { OrcidMemberOAuth2Api } from '../../credentials/OrcidMemberOAuth2Api.credentials';
import { OrcidPublicOAuth2Api } from '../../credentials/OrcidPublicOAuth2Api.credentials';
import { resolveEnvironment } from '../../nodes/shared/orcid/environments';
import { escapeXml } from '../support/orcidXml';
import { suiteResource, type SuiteResource } from '../support/suiteResource';
import {
	OrcidSession,
	type OrcidClientConfig,
	type OrcidHttpContext,
	type OrcidSessionOptions,
} from '../../nodes/shared/http/transport';

export interface SeenRequest {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export type Handler = (
	req: SeenRequest,
	res: http.ServerResponse,
	raw: http.IncomingMessage,
) => unknown;

export interface FakeOrcid {
	url: string;
	port: number;
	requests: SeenRequest[];
	handle(handler: Handler): void;
	close(): Promise<void>;
}

export async function startFakeOrcid(port = 0): Promise<FakeOrcid> {
	let handler: Handler = (_req, res) => {
		res.statusCode = 404;
		res.end();
	};
	const requests: SeenRequest[] = [];
	const server = http.createServer((raw, res) => {
		const chunks: Buffer[] = [];
		raw.on('data', (c: Buffer) => chunks.push(c));
		raw.on('end', () => {
			const seen: SeenRequest = {
				method: raw.method ?? '',
				path: raw.url ?? '',
				headers: raw.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(seen);
			Promise.resolve(handler(seen, res, raw)).catch((error: Error) => {
				res.statusCode = 500;
				res.end(String(error));
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const actual = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${actual}`,
		port: actual,
		requests,
		handle(next) {
			handler = next;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * A fake ORCID started before each test of the calling file and closed after it; the object
 * always stands for the current one. `restart()` starts a new one (after a test closed it).
 */
export function fakeOrcidPerTest(): SuiteResource<FakeOrcid> {
	return suiteResource(
		'each',
		async () => await startFakeOrcid(),
		async (fake) => await fake.close(),
	);
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers = {}) {
	res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}

export function xml(res: http.ServerResponse, status: number, body: string) {
	res.writeHead(status, { 'Content-Type': 'application/vnd.orcid+xml' });
	res.end(body);
}

/** ORCID's XML error body (`error:error`), its texts escaped. */
export function orcidXmlError(
	status: number,
	errorCode: number,
	developerMessage: string,
	userMessage: string,
): string {
	return (
		'<?xml version="1.0" encoding="UTF-8"?><error:error xmlns:error="http://www.orcid.org/ns/error">' +
		`<error:response-code>${status}</error:response-code>` +
		`<error:developer-message>${escapeXml(developerMessage)}</error:developer-message>` +
		`<error:user-message>${escapeXml(userMessage)}</error:user-message>` +
		`<error:error-code>${errorCode}</error:error-code></error:error>`
	);
}

/** Cuts the connection without answering (what a reset after sending looks like). */
export function reset(raw: http.IncomingMessage) {
	raw.socket.destroy();
}

/** The researcher whose record the transport tests call, and their access token. */
export const ORCID = '0000-0002-1825-0097';
export const RESEARCHER_TOKEN = 'a1b2c3d4-0000-4000-8000-researcher01';

export const CLIENT_ID = 'APP-EMUMEMBER0000001';
export const CLIENT_SECRET = 'emu-member-secret-value';

export function credentialData(url: string, extra: Record<string, unknown> = {}) {
	return {
		environment: 'custom',
		oauthBaseUrl: url,
		publicApiBaseUrl: `${url}/pub`,
		memberApiBaseUrl: `${url}/api`,
		recordBaseUrl: 'https://sandbox.orcid.org',
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		requestsPerSecond: 1000,
		burst: 1000,
		tokenEncryptionKey: '',
		linkSigningSecret: '',
		...extra,
	};
}

export function clientConfig(
	url: string,
	extra: Partial<OrcidClientConfig> = {},
): OrcidClientConfig {
	return {
		credentialType: 'orcidMemberOAuth2Api',
		apiType: 'member',
		environment: resolveEnvironment(credentialData(url)),
		clientId: CLIENT_ID,
		requestsPerSecond: 1000,
		burst: 1000,
		linkSigningSecret: CLIENT_SECRET,
		...extra,
	};
}

const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	orcidMemberOAuth2Api: new OrcidMemberOAuth2Api(),
	orcidPublicOAuth2Api: new OrcidPublicOAuth2Api(),
};

function resolveCredentialExpression(value: string, credentials: Record<string, unknown>): string {
	const match = /^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/.exec(value);
	if (!match) return value;
	return String(credentials[match[1]] ?? '');
}

export const TEST_NODE: INode = {
	id: 'node-1',
	name: 'ORCID Transport Test',
	type: 'n8n-nodes-orcid.transportProbe',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface TestContext extends OrcidHttpContext {
	getCredentials(type: string): Promise<Record<string, never>>;
	/** Options as handed to n8n's request function, after authentication. */
	sent: IHttpRequestOptions[];
}

export function testContext(credentials: Record<string, unknown>): TestContext {
	const outbound = Container.get(OutboundHttp).requests();
	const sent: IHttpRequestOptions[] = [];
	return {
		sent,
		getNode: () => TEST_NODE,
		getCredentials: async () => credentials as Record<string, never>,
		helpers: {
			async httpRequest(options: IHttpRequestOptions) {
				sent.push(structuredClone({ ...options, abortSignal: undefined }));
				return await outbound.request(options);
			},
			async httpRequestWithAuthentication(type: string, options: IHttpRequestOptions) {
				const credentialType = CREDENTIAL_TYPES[type];
				if (!credentialType) throw new Error(`unknown credential type ${type}`);
				const auth = credentialType.authenticate as IAuthenticateGeneric;
				const authed: IHttpRequestOptions = { ...options };
				for (const [where, pairs] of Object.entries(auth.properties)) {
					const target = { ...((authed as unknown as Record<string, object>)[where] ?? {}) };
					for (const [key, value] of Object.entries(pairs as Record<string, string>)) {
						(target as Record<string, string>)[key] = resolveCredentialExpression(
							value,
							credentials,
						);
					}
					(authed as unknown as Record<string, object>)[where] = target;
				}
				sent.push(structuredClone({ ...authed, abortSignal: undefined }));
				return await outbound.request(authed);
			},
		},
	};
}

/** A session on the fake at `url`; `settings` go into both the credential and the client config. */
export function sessionAt(
	url: string,
	options: OrcidSessionOptions = {},
	config: Partial<OrcidClientConfig> = {},
	settings: Partial<OrcidClientConfig> = {},
): OrcidSession {
	return new OrcidSession(
		testContext(credentialData(url, settings)),
		clientConfig(url, { ...settings, ...config }),
		options,
	);
}

/** Sleep that returns at once and remembers what was asked. */
export function recordingSleep() {
	const waits: number[] = [];
	const sleep = async (ms: number) => {
		waits.push(ms);
	};
	return { waits, sleep };
}

/** The error a call failed with; fails the test when it succeeded. */
export async function caught(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the call to fail');
}

/**
 * ORCID environments: where OAuth, the public API and the member API live.
 * "custom" points all of them elsewhere (the emulator in tests and the demo) and declares which
 * ORCID environment those URLs stand for: that name is what token records, put-code keys and
 * outputs carry, so rows made through an emulator say "sandbox", like their orcidUri.
 * No n8n imports: this module is pure.
 */

/** What a credential's Environment field may say. */
export type OrcidEnvironmentSetting = 'production' | 'sandbox' | 'custom';
/** The ORCID environment data belongs to (a custom one stands for one of these). */
export type OrcidEnvironmentName = 'production' | 'sandbox';
export type OrcidApi = 'public' | 'member' | 'webhook';

export interface OrcidEnvironment {
	/** The ORCID environment these URLs are or stand for. */
	name: OrcidEnvironmentName;
	/** Root host for /oauth/authorize, /oauth/token, /oauth/revoke. */
	oauthBaseUrl: string;
	publicApiBaseUrl: string;
	memberApiBaseUrl: string;
	/** What iD URIs start with (https://orcid.org/0000-...). */
	recordBaseUrl: string;
}

export interface OrcidEnvironmentSettings {
	environment: string;
	oauthBaseUrl?: unknown;
	publicApiBaseUrl?: unknown;
	memberApiBaseUrl?: unknown;
	recordBaseUrl?: unknown;
	/** Custom only: the ORCID environment the URLs stand for (default sandbox). */
	standsFor?: unknown;
}

export const ORCID_ENVIRONMENTS: Readonly<Record<'production' | 'sandbox', OrcidEnvironment>> =
	Object.freeze({
		production: Object.freeze({
			name: 'production',
			oauthBaseUrl: 'https://orcid.org',
			publicApiBaseUrl: 'https://pub.orcid.org',
			memberApiBaseUrl: 'https://api.orcid.org',
			recordBaseUrl: 'https://orcid.org',
		}),
		sandbox: Object.freeze({
			name: 'sandbox',
			oauthBaseUrl: 'https://sandbox.orcid.org',
			publicApiBaseUrl: 'https://pub.sandbox.orcid.org',
			memberApiBaseUrl: 'https://api.sandbox.orcid.org',
			recordBaseUrl: 'https://sandbox.orcid.org',
		}),
	});

export const DEFAULT_STANDS_FOR: OrcidEnvironmentName = 'sandbox';
export const ORCID_API_VERSION = 'v3.0';

/** A credential's environment settings are wrong (unknown name, missing or malformed URL). */
export class OrcidEnvironmentError extends Error {
	constructor(
		message: string,
		readonly field: string,
	) {
		super(message);
		this.name = 'OrcidEnvironmentError';
	}
}

function parseUrl(text: string): URL | null {
	try {
		return new URL(text);
	} catch {
		return null;
	}
}

function baseUrl(value: unknown, field: string, fallback?: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		if (fallback !== undefined) return fallback;
		throw new OrcidEnvironmentError(
			`The custom environment needs "${field}" (for example http://127.0.0.1:8089)`,
			field,
		);
	}
	const url = parseUrl(text);
	if (!url) throw new OrcidEnvironmentError(`"${field}" is not a URL: "${text}"`, field);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new OrcidEnvironmentError(
			`"${field}" must start with http:// or https://, got "${text}"`,
			field,
		);
	}
	if (url.search !== '' || url.hash !== '') {
		throw new OrcidEnvironmentError(
			`"${field}" must be a base URL without query or fragment, got "${text}"`,
			field,
		);
	}
	// Paths are appended to it, so one form only: no trailing slash.
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function standsForName(value: unknown): OrcidEnvironmentName {
	// Credentials saved before the field existed have none: they were emulators (sandbox iDs).
	if (value === undefined || value === null || value === '') return DEFAULT_STANDS_FOR;
	if (value === 'sandbox' || value === 'production') return value;
	throw new OrcidEnvironmentError(
		`"standsFor" must be sandbox or production, got "${String(value)}"`,
		'standsFor',
	);
}

export function resolveEnvironment(settings: OrcidEnvironmentSettings): OrcidEnvironment {
	const name = settings.environment;
	if (name === 'production' || name === 'sandbox') return { ...ORCID_ENVIRONMENTS[name] };
	if (name === 'custom') {
		const standsFor = standsForName(settings.standsFor);
		return {
			name: standsFor,
			oauthBaseUrl: baseUrl(settings.oauthBaseUrl, 'oauthBaseUrl'),
			publicApiBaseUrl: baseUrl(settings.publicApiBaseUrl, 'publicApiBaseUrl'),
			memberApiBaseUrl: baseUrl(settings.memberApiBaseUrl, 'memberApiBaseUrl'),
			recordBaseUrl: baseUrl(
				settings.recordBaseUrl,
				'recordBaseUrl',
				ORCID_ENVIRONMENTS[standsFor].recordBaseUrl,
			),
		};
	}
	throw new OrcidEnvironmentError(
		`Unknown ORCID environment "${String(name)}": use production, sandbox or custom`,
		'environment',
	);
}

function joinPath(base: string, path: string): string {
	if (path === '') return base;
	return `${base}${path.startsWith('/') ? '' : '/'}${path}`;
}

/**
 * Full URL of an API path. public/member: base + '/v3.0' + path; webhook: the member host
 * without a version (ORCID's webhook endpoints are unversioned).
 */
export function apiUrl(env: OrcidEnvironment, api: OrcidApi, path: string): string {
	if (api === 'public') return joinPath(`${env.publicApiBaseUrl}/${ORCID_API_VERSION}`, path);
	if (api === 'member') return joinPath(`${env.memberApiBaseUrl}/${ORCID_API_VERSION}`, path);
	return joinPath(env.memberApiBaseUrl, path);
}

export function oauthUrl(
	env: OrcidEnvironment,
	endpoint: 'authorize' | 'token' | 'revoke',
): string {
	return `${env.oauthBaseUrl}/oauth/${endpoint}`;
}

/** The iD's URI in this environment: https://orcid.org/0000-0002-1825-0097. */
export function orcidUri(env: OrcidEnvironment, orcid: string): string {
	return `${env.recordBaseUrl}/${orcid}`;
}

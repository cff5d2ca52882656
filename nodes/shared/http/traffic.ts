/**
 * The traffic record: one per HTTP call to ORCID (each retry attempt is its own record, its
 * `retries` says how many attempts of the same logical call came before it), with every
 * token, secret and authorization code redacted. No n8n imports.
 */

import { isPlainContainer } from '../orcid/model/json';

export interface TrafficRecord {
	/** ISO start time of the HTTP call. */
	time: string;
	node?: string;
	itemIndex?: number;
	method: string;
	url: string;
	/** HTTP status, or null when no response arrived (network error). */
	status: number | null;
	durationMs: number;
	/** How many earlier attempts of the same logical call were made (0 = first attempt). */
	retries: number;
	/** Redacted; XML stays a string. */
	requestBody: unknown;
	responseBody: unknown;
	/** ORCID's error code ('9021') or OAuth error ('invalid_token'); null when none. */
	orcidErrorCode: string | null;
	/** Network error text, if the call got no response. */
	error?: string;
}

export const REDACTED = '[redacted]';

// ORCID's access and refresh tokens are UUIDs; ours encrypted start orcidenc:; id tokens are JWTs
const TOKEN_LIKE =
	/^\s*(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|orcidenc:|eyJ[\w-]+\.[\w-]+\.)/i;

/** A value shaped like a token: never quoted back in a message (messages end up in logs). */
export function looksLikeToken(value: unknown): boolean {
	return typeof value === 'string' && TOKEN_LIKE.test(value);
}

export const TOKEN_NOT_SHOWN = 'a value that looks like a token (not shown)';

/** Keys whose values are secret wherever they appear (compared without case, - and _). */
const SECRET_KEYS = new Set([
	'authorization',
	'proxyauthorization',
	'cookie',
	'setcookie',
	'accesstoken',
	'refreshtoken',
	'idtoken',
	'token',
	'code',
	'authorizationcode',
	'clientsecret',
	'secret',
	'password',
	'apikey',
	'tokenencryptionkey',
	'linksigningsecret',
]);

const PAIR_KEYS =
	'access_token|refresh_token|id_token|client_secret|code|token|password|accessToken|refreshToken|idToken|clientSecret';

const STRING_RULES: Array<[RegExp, string]> = [
	// key=value in URLs, query strings and form bodies
	[new RegExp(`(^|[?&;#\\s])(${PAIR_KEYS})=([^&#\\s"']*)`, 'gi'), `$1$2=${REDACTED}`],
	// "key": "value" inside JSON held as text
	[new RegExp(`("(?:${PAIR_KEYS})"\\s*:\\s*)"[^"]*"`, 'gi'), `$1"${REDACTED}"`],
	// <key>value</key> inside XML held as text
	[new RegExp(`<((?:\\w+:)?(?:${PAIR_KEYS}))>[^<]*<\\/\\1>`, 'gi'), `<$1>${REDACTED}</$1>`],
	// Authorization header values
	[/\b(Bearer|Basic)\s+[^\s",;]+/gi, `$1 ${REDACTED}`],
	// ORCID echoes tokens and codes in messages: "Invalid access token: <token>",
	// "Reused authorization code: <code>"; not our own "Access Token: the token is ..." (prose
	// after the label: no token or six-character code is one of these words)
	[
		/\b((?:access|refresh|id)[ _-]?token|(?:authori[sz]ation|auth)[ _-]?code)(\s*:\s*)(?!(?:the|a|an|no|not|must|is|missing|empty|invalid|expired|revoked)\s)([^\s",;<&]+)/gi,
		`$1$2${REDACTED}`,
	],
	// JWTs (OpenID id tokens)
	[/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, REDACTED],
];

function normalizeKey(key: string): string {
	return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** Answers for the keys seen lately: a body's keys repeat on every call (bounded). */
const secretKeyAnswers = new Map<string, boolean>();

export function isSecretKey(key: string): boolean {
	let answer = secretKeyAnswers.get(key);
	if (answer === undefined) {
		answer = SECRET_KEYS.has(normalizeKey(key));
		if (secretKeyAnswers.size >= 1000) secretKeyAnswers.clear();
		secretKeyAnswers.set(key, answer);
	}
	return answer;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Known secrets shorter than this are not searched for in free text (too many false hits). */
const MIN_SECRET_LENGTH = 6;

/** Every STRING_RULES pattern needs one of these; text with none of them is left as it is. */
const RULE_TRIGGERS = /[=<"]|bearer|basic|token|code|eyJ/i;

/**
 * Secrets per pattern: one alternation finds any of them in one scan of a string. A pattern per
 * secret made each record cost secrets × strings: a Sync Diff run knows every researcher's
 * token, and each 50-work answer has a few thousand strings.
 */
const SECRETS_PER_PATTERN = 256;

/** One pattern for these literal texts, longest first (a secret containing another goes whole). */
function patternOf(forms: string[]): RegExp {
	const sorted = [...forms].sort((a, b) => b.length - a.length);
	return new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
}

/**
 * Known secrets as the patterns that find them, for many records. Secrets are added as a
 * session meets them (a token per researcher); full patterns are kept, only the last one is
 * built again when a secret is added.
 */
export class CompiledSecrets {
	private readonly forms = new Set<string>();
	private readonly full: RegExp[] = [];
	private tail: string[] = [];
	private built?: RegExp[];

	constructor(secrets?: Iterable<string>) {
		if (secrets) this.add(secrets);
	}

	add(secrets: Iterable<string>): void {
		for (const secret of secrets) {
			if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
			for (const form of [secret, encodeURIComponent(secret)]) {
				if (this.forms.has(form)) continue;
				this.forms.add(form);
				this.tail.push(form);
				this.built = undefined;
				if (this.tail.length >= SECRETS_PER_PATTERN) {
					this.full.push(patternOf(this.tail));
					this.tail = [];
				}
			}
		}
	}

	get patterns(): RegExp[] {
		this.built ??= this.tail.length ? [...this.full, patternOf(this.tail)] : [...this.full];
		return this.built;
	}
}

function secretPatterns(secrets: Iterable<string> | undefined): RegExp[] {
	return new CompiledSecrets(secrets).patterns;
}

function redactString(text: string, patterns: RegExp[]): string {
	let out = text;
	if (out.length >= MIN_SECRET_LENGTH) {
		for (const pattern of patterns) out = out.replace(pattern, REDACTED);
	}
	if (!RULE_TRIGGERS.test(out)) return out;
	for (const [pattern, replacement] of STRING_RULES) out = out.replace(pattern, replacement);
	return out;
}

/**
 * The list with its entries redacted: the very same list when no entry changed, otherwise a
 * new list (entries that did not change are the same values as before).
 */
function redactArray(list: unknown[], patterns: RegExp[], open: Set<object>): unknown[] {
	let out: unknown[] | undefined;
	for (let i = 0; i < list.length; i++) {
		const entry: unknown = list[i];
		const next = redactWith(entry, patterns, open);
		if (out === undefined && !Object.is(next, entry)) out = list.slice(0, i);
		out?.push(next);
	}
	return out ?? list;
}

/** The object with its entries redacted: the very same object when nothing in it changed. */
function redactObject(
	value: Record<string, unknown>,
	patterns: RegExp[],
	open: Set<object>,
): Record<string, unknown> {
	const entries = Object.entries(value);
	// anything but a plain object (a Date, a Buffer) becomes a plain copy of its own entries
	let out: Record<string, unknown> | undefined = isPlainContainer(value) ? undefined : {};
	for (let i = 0; i < entries.length; i++) {
		const [key, entry] = entries[i];
		const next =
			isSecretKey(key) && entry !== null && entry !== undefined && entry !== ''
				? REDACTED
				: redactWith(entry, patterns, open);
		if (out === undefined && !Object.is(next, entry)) {
			out = {};
			for (let j = 0; j < i; j++) out[entries[j][0]] = entries[j][1];
		}
		if (out) out[key] = next;
	}
	return out ?? value;
}

/**
 * Copy on write: what holds no secret comes back as it is (the same object, which an
 * execution then saves once when the node's output holds it too), and only the objects on the
 * way to a secret are copied. `open` holds the objects being walked: one met again inside
 * itself is a cycle.
 */
function redactWith(value: unknown, patterns: RegExp[], open: Set<object>): unknown {
	if (typeof value === 'string') return redactString(value, patterns);
	if (value === null || typeof value !== 'object') return value;
	if (open.has(value)) return '[circular]';
	open.add(value);
	const out = Array.isArray(value)
		? redactArray(value, patterns, open)
		: redactObject(value as Record<string, unknown>, patterns, open);
	open.delete(value);
	return out;
}

/**
 * `value` with secrets removed: values under secret keys (Authorization, access/refresh/id
 * tokens, client secret, code, ...), key=value pairs in URLs and form bodies, Bearer values,
 * JWTs, tokens ORCID echoes in messages, and every string in `secrets` (the tokens and client
 * secret the caller knows about). Never changes `value`: the parts with nothing to redact are
 * returned as they are (not copied), so neither the caller nor the result may change them.
 */
export function redact(value: unknown, secrets?: string[]): unknown {
	return redactWith(value, secretPatterns(secrets), new Set());
}

export function redactUrl(url: string, secrets?: string[]): string {
	return redactString(url, secretPatterns(secrets));
}

/**
 * Builds a record with url, bodies and error text redacted; `secrets` compiled once
 * (CompiledSecrets) when many records are built with the same ones. A body with nothing to
 * redact is the caller's own object (see redact): neither side may change it afterwards.
 */
export function trafficRecord(
	record: TrafficRecord,
	secrets?: string[] | CompiledSecrets,
): TrafficRecord {
	const patterns = secrets instanceof CompiledSecrets ? secrets.patterns : secretPatterns(secrets);
	const out: TrafficRecord = {
		...record,
		url: redactString(record.url, patterns),
		requestBody: redactWith(record.requestBody, patterns, new Set()),
		responseBody: redactWith(record.responseBody, patterns, new Set()),
	};
	if (record.error !== undefined) out.error = redactString(record.error, patterns);
	if (out.node === undefined) delete out.node;
	if (out.itemIndex === undefined) delete out.itemIndex;
	if (out.error === undefined) delete out.error;
	return out;
}

/**
 * External identifiers (ORCID `external-id`): normalisation per type, the way ORCID compares
 * them when it decides that two activities of the same source are duplicates.
 *
 * ORCID's duplicate rule (409 / 9021) looks only at `self` and `version-of` identifiers of items
 * from the same source; `part-of` (a journal's ISSN) and `funded-by` (a grant) never make two
 * items the same. No n8n imports: the sync engine and the builders share this module.
 */

export type ExternalIdRelationship = 'self' | 'part-of' | 'version-of' | 'funded-by';

export interface OrcidExternalId {
	'external-id-type'?: string | null;
	'external-id-value'?: string | null;
	'external-id-url'?: { value?: string | null } | string | null;
	'external-id-relationship'?: string | null;
	[key: string]: unknown;
}

/** Whether an identifier with this relationship identifies the item itself (self, version-of). */
export function isMatchingRelationship(rel: unknown): boolean {
	if (rel === 'self' || rel === 'version-of') return true;
	// ORCID's own spelling of the others: no need to normalise (every item has a part-of ISSN)
	if (rel === 'part-of' || rel === 'funded-by' || typeof rel !== 'string') return false;
	const r = rel.trim().toLowerCase().replace(/_/g, '-');
	return r === 'self' || r === 'version-of';
}

/** ORCID's identifier type names are lowercase (`doi`, `source-work-id`, `grant_number`). */
export function normalizeExternalIdType(type: unknown): string {
	return typeof type === 'string' ? type.trim().toLowerCase() : '';
}

// Prefixes are stripped case-insensitively; the order matters (longest forms first).
const DOI_PREFIX =
	/^(?:(?:https?:\/\/)?(?:www\.)?(?:dx\.)?doi\.org\/|doi:\s*|info:doi\/|urn:doi:)/i;
const HANDLE_PREFIX = /^(?:(?:https?:\/\/)?(?:www\.)?hdl\.handle\.net\/|hdl:\s*|info:hdl\/)/i;
const ARXIV_PREFIX = /^(?:(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/|arxiv:\s*)/i;
const PMID_PREFIX =
	/^(?:(?:https?:\/\/)?(?:www\.)?(?:ncbi\.nlm\.nih\.gov\/pubmed\/|pubmed\.ncbi\.nlm\.nih\.gov\/)|pmid:\s*)/i;
const PMC_PREFIX =
	/^(?:(?:https?:\/\/)?(?:www\.)?(?:ncbi\.nlm\.nih\.gov\/pmc\/articles\/|pmc\.ncbi\.nlm\.nih\.gov\/articles\/)|pmcid:\s*)/i;
const ISBN_PREFIX = /^isbn(?:-1[03])?:?\s*/i;
const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(.*)$/i;

function decodeSafely(s: string): string {
	if (s.indexOf('%') === -1) return s;
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

function stripTrailingSlashes(s: string): string {
	let end = s.length;
	while (end > 0 && s.charCodeAt(end - 1) === 47) end--;
	return end === s.length ? s : s.slice(0, end);
}

function normalizeDoi(v: string): string {
	const stripped = v.replace(DOI_PREFIX, '');
	// DOIs are case-insensitive (ASCII); URL forms may be percent-encoded.
	return (stripped === v ? v : decodeSafely(stripped)).toLowerCase();
}

function normalizeIsbn(v: string): string {
	// ISBN-10 and ISBN-13 of one book stay distinct, as ORCID keeps them.
	return v
		.replace(ISBN_PREFIX, '')
		.replace(/[^0-9xX]/g, '')
		.toUpperCase();
}

function normalizeIssn(v: string): string {
	const digits = v
		.replace(/^issn:?\s*/i, '')
		.replace(/[^0-9xX]/g, '')
		.toUpperCase();
	return digits.length === 8 ? `${digits.slice(0, 4)}-${digits.slice(4)}` : digits;
}

function normalizeHandle(v: string): string {
	const stripped = v.replace(HANDLE_PREFIX, '');
	return stripTrailingSlashes(stripped === v ? v : decodeSafely(stripped));
}

function normalizeArxiv(v: string): string {
	return v
		.replace(ARXIV_PREFIX, '')
		.replace(/\.pdf$/i, '')
		.toLowerCase();
}

function normalizePmid(v: string): string {
	const s = stripTrailingSlashes(v.replace(PMID_PREFIX, ''));
	return /^\d+$/.test(s) ? s.replace(/^0+(?=\d)/, '') : s;
}

function normalizePmc(v: string): string {
	const s = stripTrailingSlashes(v.replace(PMC_PREFIX, '')).toUpperCase();
	return /^\d+$/.test(s) ? `PMC${s}` : s;
}

/** URLs: scheme and host are case-insensitive, default ports and a trailing slash carry nothing. */
export function normalizeUrl(v: string): string {
	const m = URL_PARTS.exec(v);
	if (!m) return stripTrailingSlashes(v);
	const scheme = m[1].toLowerCase();
	let host = m[2].toLowerCase();
	if (
		(scheme === 'http' && host.endsWith(':80')) ||
		(scheme === 'https' && host.endsWith(':443'))
	) {
		host = host.slice(0, host.lastIndexOf(':'));
	}
	const path = stripTrailingSlashes(m[3]);
	return `${scheme}://${host}${path}${m[4]}`;
}

// A URL of another site, or the scheme of another kind of identifier: never a DOI (ORCID's own
// samples use free text such as "work:doi", so an arbitrary "word:" is left alone).
const OTHER_SCHEME =
	/^(?:([a-z][a-z0-9+.-]*):\/\/|(hdl|handle|isbn|issn|pmid|pmcid|arxiv|urn|ark|mailto|orcid|isni|ror):)/i;

/**
 * Why a value cannot be a DOI (null when it can be one). A DOI has no whitespace (DOI Handbook
 * §2.2: prefix "10." + registrant, "/", suffix); it is written bare or in one of the forms
 * ORCID reads (doi:, https://doi.org/, info:doi/, urn:doi:), not as another site's URL or
 * another identifier's scheme.
 */
export function doiProblem(value: string): string | null {
	const v = value.trim();
	if (/\s/.test(v)) return 'contains whitespace, which a DOI never has';
	if (DOI_PREFIX.test(v)) return null;
	const scheme = OTHER_SCHEME.exec(v);
	if (scheme) {
		const what = scheme[1] ? `a ${scheme[1]}:// address` : `"${scheme[2]}:"`;
		return `starts with ${what}, which cannot be a DOI (write 10.1234/abc, doi:10.1234/abc or https://doi.org/10.1234/abc)`;
	}
	return null;
}

/** Trims every external-id-value of an item body in place: spaces around a pasted value are never part of it. */
export function trimExternalIdValues(node: unknown): void {
	if (Array.isArray(node)) {
		for (const entry of node) trimExternalIdValues(entry);
		return;
	}
	if (node === null || typeof node !== 'object') return;
	const obj = node as Record<string, unknown>;
	for (const [key, value] of Object.entries(obj)) {
		if (key === 'external-id-value' && typeof value === 'string') obj[key] = value.trim();
		else trimExternalIdValues(value);
	}
}

/** Whether trimExternalIdValues would change the body (some value has spaces around it). */
export function hasUntrimmedExternalIdValue(node: unknown): boolean {
	if (Array.isArray(node)) return node.some(hasUntrimmedExternalIdValue);
	if (node === null || typeof node !== 'object') return false;
	return Object.entries(node as Record<string, unknown>).some(([key, value]) =>
		key === 'external-id-value' && typeof value === 'string'
			? value.trim() !== value
			: hasUntrimmedExternalIdValue(value),
	);
}

/** The value ORCID would compare for this identifier type. Unknown types: trimmed as given. */
export function normalizeExternalIdValue(type: unknown, value: unknown): string {
	if (value === null || value === undefined) return '';
	const v = String(value).trim();
	if (v === '') return '';
	switch (normalizeExternalIdType(type)) {
		case 'doi':
			return normalizeDoi(v);
		case 'isbn':
			return normalizeIsbn(v);
		case 'issn':
			return normalizeIssn(v);
		case 'handle':
			return normalizeHandle(v);
		case 'arxiv':
			return normalizeArxiv(v);
		case 'pmid':
			return normalizePmid(v);
		case 'pmc':
			return normalizePmc(v);
		case 'uri':
		case 'url':
			return normalizeUrl(v);
		default:
			return v;
	}
}

/** `type:normalised-value`, or null when the identifier has no usable type or value. */
export function externalIdKey(type: unknown, value: unknown): string | null {
	const t = normalizeExternalIdType(type);
	if (t === '') return null;
	const v = normalizeExternalIdValue(t, value);
	return v === '' ? null : `${t}:${v}`;
}

/** The list inside `{ "external-id": [...] }`, or the list itself. */
export function externalIdList(container: unknown): OrcidExternalId[] {
	if (Array.isArray(container)) return container as OrcidExternalId[];
	if (container && typeof container === 'object') {
		const list = (container as { 'external-id'?: unknown })['external-id'];
		if (Array.isArray(list)) return list as OrcidExternalId[];
	}
	return [];
}

/**
 * Keys of the identifiers that make two items of one source the same (self, version-of),
 * without duplicates, in the order given.
 */
export function matchingExternalIdKeys(container: unknown): string[] {
	const list = externalIdList(container);
	const keys: string[] = [];
	for (let i = 0; i < list.length; i++) {
		const id = list[i];
		if (!id || typeof id !== 'object') continue;
		if (!isMatchingRelationship(id['external-id-relationship'])) continue;
		const key = externalIdKey(id['external-id-type'], id['external-id-value']);
		if (key !== null && keys.indexOf(key) === -1) keys.push(key);
	}
	return keys;
}

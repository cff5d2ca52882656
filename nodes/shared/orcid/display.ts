/**
 * ORCID's iD display snippet (icon + link to the record) and the HTML safety rules every
 * researcher-facing text follows: every value goes through escapeHtml (text and attributes
 * alike), links must be http(s). Wording follows ORCID's display guidelines
 * (info.orcid.org/documentation/integration-guide/orcid-id-display-guidelines).
 */

import { pageString, type PageLanguage, type StringKey } from './languages';

/** The iD icon's green (Pantone 382), the only colour ORCID allows for it. */
export const ORCID_GREEN = '#A6CE39';

/** HTML-escapes text for element content and quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;')
		.replace(/`/g, '&#96;');
}

/** Only absolute http(s) URLs may become links. */
export function isSafeHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string' || value.length > 2048) return false;
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

/** A string of the tables, HTML-escaped, with {name} filled from vars. */
export function pageText(
	lang: PageLanguage,
	key: StringKey,
	vars: Record<string, string> = {},
): string {
	// vars are already HTML (escaped by the caller); the template itself is trusted text
	return escapeHtml(pageString(lang, key)).replace(/\{(\w+)\}/g, (m, name: string) =>
		Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : m,
	);
}

const ICON_PATHS =
	'<rect x="70" y="98" width="20" height="100" rx="2" fill="#FFFFFF"/>' +
	'<circle cx="80" cy="70" r="13" fill="#FFFFFF"/>' +
	'<path d="M110 98h42c30 0 52 21 52 50s-22 50-52 50h-42zm20 18v64h21c20 0 33-13 33-32s-13-32-33-32z" fill="#FFFFFF"/>';

/** The green iD icon as SVG markup. */
export function orcidIconSvg(): string {
	return (
		'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">' +
		`<circle cx="128" cy="128" r="128" fill="${ORCID_GREEN}"/>${ICON_PATHS}</svg>`
	);
}

/** data: URI of the icon, so pages and snippets need no external image. */
export function orcidIconDataUri(): string {
	return `data:image/svg+xml;base64,${Buffer.from(orcidIconSvg()).toString('base64')}`;
}

export function iconImg(lang: PageLanguage, size: number, extraStyle = ''): string {
	return (
		`<img src="${orcidIconDataUri()}" alt="${pageText(lang, 'iconAlt')}" width="${size}" height="${size}"` +
		` style="vertical-align:middle;${extraStyle}">`
	);
}

export type DisplayFormat = 'full' | 'compact' | 'inline';

/**
 * ORCID's display snippet: one link to the record, with the ARIA label "View ORCID record".
 * `full` shows the complete URI (ORCID's preferred form), `compact` the bare iD, `inline` the
 * name followed by the link. The green iD icon is drawn only for an authenticated iD (one
 * collected through ORCID sign-in); the display guidelines
 * (info.orcid.org/documentation/integration-guide/orcid-id-display-guidelines) reserve it for
 * those, so an unauthenticated iD is shown as text and link alone.
 */
export function orcidIdHtml(options: {
	orcidUri: string;
	orcid: string;
	format?: DisplayFormat;
	name?: string;
	lang?: PageLanguage;
	iconSize?: number;
	/** false: the iD was typed in or came from another system (default true) */
	authenticated?: boolean;
}): string {
	const lang = options.lang ?? 'en';
	const size = options.iconSize ?? 16;
	const href = isSafeHttpUrl(options.orcidUri) ? options.orcidUri : '';
	const open = `<a href="${escapeHtml(href)}" aria-label="${pageText(lang, 'viewRecord')}" rel="noopener noreferrer" target="_blank" style="text-decoration:none;white-space:nowrap">`;
	const format = options.format ?? 'full';
	if (options.authenticated === false) return unauthenticatedIdHtml(open, format, options);
	if (format === 'inline') {
		const name = options.name ? `${escapeHtml(options.name)} ` : '';
		return `<span>${name}${open}${iconImg(lang, size)}</a></span>`;
	}
	const label = format === 'compact' ? options.orcid : options.orcidUri;
	// The page's link colour and an underline on the iD alone (not under the icon): it reads as a link.
	return `${open}${iconImg(lang, size, `margin-right:${Math.round(size / 2)}px`)}<span style="vertical-align:middle;text-decoration:underline">${escapeHtml(label)}</span></a>`;
}

/** The unauthenticated forms: no icon; the words "ORCID iD" say what the link is. */
function unauthenticatedIdHtml(
	open: string,
	format: DisplayFormat,
	options: { orcid: string; orcidUri: string; name?: string },
): string {
	if (format === 'inline') {
		const name = options.name ? `${escapeHtml(options.name)} ` : '';
		return `<span>${name}(${open}ORCID iD</a>)</span>`;
	}
	const label = format === 'compact' ? options.orcid : options.orcidUri;
	return `<span>ORCID iD: ${open}${escapeHtml(label)}</a></span>`;
}

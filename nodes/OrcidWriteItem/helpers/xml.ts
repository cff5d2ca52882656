/**
 * The few things Write Item needs to know about a raw ORCID XML body, without an XML parser
 * (n8n's verification allows no runtime dependency): the root element, its put-code attribute,
 * and the external identifiers, so that a 409 can be matched to the item already on the record.
 * No n8n imports.
 */

export interface XmlExternalId {
	type: string;
	value: string;
	relationship: string;
}

/** The first start tag after the XML declaration, comments and processing instructions. */
const ROOT =
	/^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z_][\w.-]*(?::[\w.-]+)?)(\s[^>]*?)?(\/?)>/;

export class XmlBodyError extends Error {
	/** the parameter the XML comes from, for the error's field */
	readonly field = 'itemXml';

	constructor(message: string) {
		super(message);
		this.name = 'XmlBodyError';
	}
}

export interface XmlRoot {
	/** Local name without prefix: 'work', 'peer-review', 'researcher-url'. */
	localName: string;
	qualifiedName: string;
	putCode: string | undefined;
}

export function xmlRoot(xml: string): XmlRoot {
	const match = ROOT.exec(xml);
	if (!match) {
		throw new XmlBodyError('The XML has no root element (it should start like <work:work ...>)');
	}
	const qualifiedName = match[1];
	const attributes = match[2] ?? '';
	const putCode = /\sput-code\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attributes);
	return {
		qualifiedName,
		localName: qualifiedName.includes(':') ? qualifiedName.split(':')[1] : qualifiedName,
		putCode: putCode ? (putCode[1] ?? putCode[2]) : undefined,
	};
}

/**
 * The XML with put-code="N" on its root element (ORCID wants the put code in the body of a PUT).
 * A different put code already there is refused rather than silently replaced.
 */
export function withXmlPutCode(xml: string, putCode: number): string {
	const root = xmlRoot(xml);
	if (root.putCode !== undefined) {
		if (root.putCode.trim() !== String(putCode)) {
			throw new XmlBodyError(
				`The XML's root element has put-code="${root.putCode}", but the put code to update is ${putCode}`,
			);
		}
		return xml;
	}
	const match = ROOT.exec(xml) as RegExpExecArray;
	const tagStart = match.index + match[0].indexOf(`<${root.qualifiedName}`);
	const insertAt = tagStart + 1 + root.qualifiedName.length;
	return `${xml.slice(0, insertAt)} put-code="${putCode}"${xml.slice(insertAt)}`;
}

function unescapeXml(text: string): string {
	return text
		.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
		.replace(/&#x([0-9a-fA-F]+);/g, (_m, code: string) => String.fromCodePoint(parseInt(code, 16)))
		.replace(/&amp;/g, '&')
		.trim();
}

function childText(block: string, localName: string): string {
	const match = new RegExp(
		`<(?:[\\w.-]+:)?${localName}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${localName}>`,
	).exec(block);
	return match ? unescapeXml(match[1]) : '';
}

/**
 * The item's own external identifiers (`common:external-ids` directly describing the item).
 * A peer review's subject identifier and a research resource's item identifiers live in other
 * elements and are not returned, as ORCID does not match duplicates on them either.
 */
export function xmlExternalIds(xml: string): XmlExternalId[] {
	const ids: XmlExternalId[] = [];
	const withoutSubject = xml
		.replace(
			/<(?:[\w.-]+:)?subject-external-identifier[\s\S]*?<\/(?:[\w.-]+:)?subject-external-identifier>/g,
			'',
		)
		.replace(/<(?:[\w.-]+:)?resource-items[\s\S]*?<\/(?:[\w.-]+:)?resource-items>/g, '');
	const block = /<(?:[\w.-]+:)?external-id(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?external-id>/g;
	let match: RegExpExecArray | null;
	while ((match = block.exec(withoutSubject)) !== null) {
		ids.push({
			type: childText(match[1], 'external-id-type'),
			value: childText(match[1], 'external-id-value'),
			relationship: childText(match[1], 'external-id-relationship'),
		});
	}
	// A person external identifier is flat: its type and value are direct children.
	if (ids.length === 0 && /external-id-type/.test(withoutSubject)) {
		ids.push({
			type: childText(withoutSubject, 'external-id-type'),
			value: childText(withoutSubject, 'external-id-value'),
			relationship: childText(withoutSubject, 'external-id-relationship') || 'self',
		});
	}
	return ids;
}

/** Text of the first element with this local name (keyword content, researcher URL). */
export function xmlText(xml: string, localName: string): string {
	return childText(xml, localName);
}

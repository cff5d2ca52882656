/** Small readers of ORCID JSON values: trimmed text, instants, put codes, source, ids, organizations. */
import { get, isObject, JsonObject, asArray, text } from '../json';
import { NO_GROUP } from '../groups';
import { ActivityBase, EntryBase, SimpleOrganization, SimpleSource, Str } from './types';

export function str(value: unknown): Str {
	const t = text(value);
	if (t === null) return null;
	const trimmed = t.trim();
	return trimmed === '' ? null : trimmed;
}

export function instant(value: unknown): Str {
	const ms = isObject(value) ? value.value : value;
	if (typeof ms !== 'number' || !Number.isFinite(ms)) return null;
	return new Date(ms).toISOString();
}

export function putCodeOf(item: JsonObject): number | null {
	const pc = item['put-code'];
	if (typeof pc === 'number' && Number.isSafeInteger(pc)) return pc;
	if (typeof pc === 'string' && /^\d+$/.test(pc)) return Number(pc);
	return null;
}

export function sourceOf(item: JsonObject): SimpleSource {
	return {
		sourceClientId: str(get(item, 'source', 'source-client-id', 'path')),
		sourceOrcid: str(get(item, 'source', 'source-orcid', 'path')),
		sourceName: str(get(item, 'source', 'source-name')),
	};
}

export function base(item: JsonObject): EntryBase {
	return {
		putCode: putCodeOf(item),
		...sourceOf(item),
		visibility: str(item.visibility),
		path: str(item.path),
		lastModified: instant(item['last-modified-date']),
	};
}

export function activityBase(item: JsonObject): ActivityBase {
	return { ...base(item), ...NO_GROUP };
}

export interface ExtId {
	type: Str;
	value: Str;
	url: Str;
	relationship: Str;
}

export function extIds(value: unknown): ExtId[] {
	return asArray(get(value, 'external-id'))
		.filter(isObject)
		.map((e) => extId(e));
}

export function extId(e: JsonObject): ExtId {
	return {
		type: str(e['external-id-type']),
		value: str(e['external-id-value']),
		url: str(e['external-id-url']),
		relationship: str(e['external-id-relationship']),
	};
}

export function idText(e: ExtId): string {
	return `${e.type ?? ''}:${e.value ?? ''}`;
}

export function organizationOf(org: unknown): SimpleOrganization {
	return {
		organization: str(get(org, 'name')),
		organizationId: str(
			get(org, 'disambiguated-organization', 'disambiguated-organization-identifier'),
		),
		organizationIdSource: str(get(org, 'disambiguated-organization', 'disambiguation-source')),
		city: str(get(org, 'address', 'city')),
		region: str(get(org, 'address', 'region')),
		country: str(get(org, 'address', 'country')),
	};
}

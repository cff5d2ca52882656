import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { showValue } from '../../../shared/orcid/orcidId';
import { itemParameter } from '../../../shared/node/parameters';
import { FieldError } from '../../../shared/node/runner';
import { forOperation, perItem } from '../operation';

/** ORCID returns at most 1000 rows per search call. */
export const MAX_ROWS = 1000;

export const description: INodeProperties[] = forOperation('researcher', 'search', [
	{
		displayName: 'Given Names',
		name: 'givenNames',
		type: 'string',
		default: '',
		placeholder: 'e.g. Josiah',
		description: "Matches the record's given names (and other names); combine with Family Name",
	},
	{
		displayName: 'Family Name',
		name: 'familyName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Carberry',
		description: "Matches the record's family name (and other names)",
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'name@email.com',
		description: 'Finds only researchers who made that email address public',
	},
	{
		displayName: 'Affiliation',
		name: 'affiliation',
		type: 'string',
		default: '',
		placeholder: 'e.g. Wesleyan University',
		description: 'Name of an organization the researcher is affiliated with',
	},
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. keyword:psychoceramics',
		description: "ORCID's own search syntax (Solr), combined with the fields above by AND",
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
]);

/** Limit from the editor or an expression; anything but a whole number >= 1 is refused. */
function readLimit(value: unknown): number {
	if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
	// an expression can give anything; an empty result would hide it
	throw new FieldError('limit', `must be a whole number of at least 1, got ${showValue(value)}`);
}

/** A Solr term for one field: quoted, with ORCID's special characters escaped. */
function term(field: string, value: string): string {
	const escaped = value.trim().replace(/(["\\])/g, '\\$1');
	return `${field}:"${escaped}"`;
}

export function searchQuery(fields: {
	givenNames?: string;
	familyName?: string;
	email?: string;
	affiliation?: string;
	query?: string;
}): string {
	const parts: string[] = [];
	if (fields.givenNames?.trim()) parts.push(term('given-names', fields.givenNames));
	if (fields.familyName?.trim()) parts.push(term('family-name', fields.familyName));
	if (fields.email?.trim()) parts.push(term('email', fields.email));
	if (fields.affiliation?.trim()) parts.push(term('affiliation-org-name', fields.affiliation));
	if (fields.query?.trim())
		parts.push(parts.length ? `(${fields.query.trim()})` : fields.query.trim());
	return parts.join(' AND ');
}

function strings(value: unknown): string[] {
	if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
	return typeof value === 'string' && value !== '' ? [value] : [];
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** One expanded-search result as flat fields. */
export function simplifySearchResult(result: IDataObject, recordBaseUrl: string): IDataObject {
	const orcid = text(result['orcid-id']);
	const given = text(result['given-names']);
	const family = text(result['family-names']);
	const credit = text(result['credit-name']);
	return {
		orcid,
		orcidUri: orcid ? `${recordBaseUrl}/${orcid}` : null,
		name: credit ?? ([given, family].filter(Boolean).join(' ') || null),
		givenNames: given,
		familyName: family,
		creditName: credit,
		otherNames: strings(result['other-name']),
		emails: strings(result.email),
		institutions: strings(result['institution-name']),
	};
}

/** /expanded-search with the client's /read-public token, page by page. */
export const execute = perItem(async (ctx, rc, itemIndex) => {
	const get = (name: string) => itemParameter(ctx, name, itemIndex, '') as string;
	const q = searchQuery({
		givenNames: get('givenNames'),
		familyName: get('familyName'),
		email: get('email'),
		affiliation: get('affiliation'),
		query: get('query'),
	});
	if (q === '') {
		throw new FieldError(
			'query',
			'nothing to search for: fill in a name, email, affiliation or query',
		);
	}
	const returnAll = itemParameter(ctx, 'returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : readLimit(itemParameter(ctx, 'limit', itemIndex, 50));
	const output = itemParameter(ctx, 'output', itemIndex, 'simplify') as string;
	const out: IDataObject[] = [];
	for (let start = 0; out.length < limit; ) {
		const rows = Math.min(MAX_ROWS, limit - out.length);
		const response = await rc.session.request({
			api: rc.api,
			method: 'GET',
			path: '/expanded-search',
			qs: { q, start, rows },
			itemIndex,
		});
		const body = (response.body ?? {}) as IDataObject;
		const results = (
			Array.isArray(body['expanded-result']) ? body['expanded-result'] : []
		) as IDataObject[];
		for (const result of results) {
			out.push(
				output === 'raw'
					? result
					: simplifySearchResult(result, rc.config.environment.recordBaseUrl),
			);
		}
		start += results.length;
		const found = Number(body['num-found'] ?? 0);
		if (results.length === 0 || start >= found) break;
	}
	return out.slice(0, limit);
});

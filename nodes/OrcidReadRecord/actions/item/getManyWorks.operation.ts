import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { parsePutCode } from '../../../shared/orcid/model/itemTypes';
import { simplify } from '../../../shared/orcid/model/simplify';
import { itemParameter } from '../../../shared/node/parameters';
import { FieldError } from '../../../shared/node/runner';
import { getFollowing, outputOptions, readReader } from '../../helpers/read';
import { forOperation, perItem } from '../operation';

/** ORCID reads at most 100 works per bulk call (error 9042 beyond). */
export const BULK_READ_LIMIT = 100;

export const description: INodeProperties[] = forOperation('item', 'getManyWorks', [
	{
		displayName: 'Put Codes',
		name: 'putCodes',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1234567, 1234568',
		description:
			'Put codes of the works, separated by commas, or a list from an expression; read 100 per call',
	},
]);

export function parsePutCodes(value: unknown): number[] {
	const parts = Array.isArray(value)
		? value
		: typeof value === 'number'
			? [value]
			: typeof value === 'string'
				? value.split(/[\s,;]+/).filter((p) => p !== '')
				: [];
	if (!parts.length) throw new FieldError('putCodes', 'no put codes given');
	return [...new Set(parts.map((p, i) => parsePutCode(p, `putCodes[${i}]`)))];
}

/** Reads full works by put code (GET /{orcid}/works/{pc,pc,...}), 100 per call. */
export const execute = perItem(async (ctx, rc, itemIndex) => {
	const putCodes = parsePutCodes(itemParameter(ctx, 'putCodes', itemIndex, ''));
	const reader = readReader(ctx, rc, itemIndex);
	const { output } = outputOptions(ctx, itemIndex);
	const out: IDataObject[] = [];
	for (let start = 0; start < putCodes.length; start += BULK_READ_LIMIT) {
		const batch = putCodes.slice(start, start + BULK_READ_LIMIT);
		const { response, orcid } = await getFollowing(
			rc,
			reader,
			itemIndex,
			(id) => `/${id}/works/${batch.join(',')}`,
			output === 'xml' ? 'xml' : 'json',
		);
		const moved = orcid === reader.orcid ? {} : { newOrcid: orcid, previousOrcid: reader.orcid };
		if (output === 'xml') {
			out.push({ orcid, ...moved, putCodes: batch, xml: String(response.body) });
			continue;
		}
		const entries = ((response.body as IDataObject | null)?.bulk ?? []) as IDataObject[];
		entries.forEach((entry, k) => {
			const work = entry.work as IDataObject | undefined;
			if (!work) {
				const error = (entry.error ?? {}) as IDataObject;
				out.push({
					orcid,
					...moved,
					putCode: batch[k] ?? null,
					error: String(error['developer-message'] ?? error['user-message'] ?? 'not readable'),
					orcidErrorCode: error['error-code'] === undefined ? null : String(error['error-code']),
				});
				return;
			}
			if (output === 'raw') {
				out.push({ ...work, ...moved });
			} else {
				const [simple] = simplify(work, {
					kind: 'item',
					itemType: 'work',
					mode: 'entries',
					orcid,
				});
				out.push({ ...(simple as IDataObject), ...moved });
			}
		});
	}
	return out;
});

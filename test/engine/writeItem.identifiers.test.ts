/**
 * Identifier values as people paste them, and a token of another researcher, through the n8n
 * engine harness against the emulator: spaces around a value are trimmed before it is written;
 * a DOI with whitespace inside or another scheme is refused on its field before any call; a
 * token issued to another researcher (ORCID 9017) is an error on the item's accessToken field.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	WRITE_NODE,
	calls,
	doiOf,
	lastCallId,
	newResearcher,
	recordItems,
	researcherWithToken,
	runWrite,
	emulatorForSuite,
	workJson,
} from './writeItem.support';

const emu = emulatorForSuite();

/** Work fields with the DOI taken from each input item. */
const WORK = {
	resource: 'work',
	operation: 'create',
	workTitle: '={{ "Work " + $itemIndex }}',
	workType: 'journal-article',
	externalIds: { externalId: [{ type: 'doi', value: '={{ $json.doi }}', relationship: 'self' }] },
};

function jsonWork(doi: string): IDataObject {
	return {
		resource: 'work',
		operation: 'create',
		inputMode: 'json',
		itemJson: JSON.stringify(workJson(doi, 'A work given as JSON')),
	};
}

describe('DOIs as pasted', () => {
	it('spaces around a DOI are trimmed, in the fields and in JSON', async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const fields = await runWrite(emu, WORK, {
			input: [{ orcid, accessToken: token, doi: '  10.5555/trim.1 \t' }],
		});
		expect(fields.output(WRITE_NODE)[0].status).toBe('created');
		const json = await runWrite(emu, jsonWork(' 10.5555/trim.2  '), {
			input: [{ orcid, accessToken: token }],
		});
		expect(json.output(WRITE_NODE)[0].status).toBe('created');
		const stored = (await recordItems(emu, orcid)).map((w) => doiOf(w.data)).sort();
		expect(stored).toEqual(['10.5555/trim.1', '10.5555/trim.2']);
	});

	const refused: Array<[string, string, RegExp]> = [
		['whitespace inside', '10.5555/has space', /contains whitespace/],
		['a line break inside', '10.5555/two\nlines', /contains whitespace/],
		['another site', 'https://example.com/10.5555/x', /https:\/\/ address, which cannot be a DOI/],
		['a handle', 'hdl:1721.1/12345', /"hdl:", which cannot be a DOI/],
	];

	it.each(refused)(
		'%s: refused on its field before any call, naming the item',
		async (_name, doi, problem) => {
			const { orcid, token } = await researcherWithToken(emu);
			const input = [
				{ orcid, accessToken: token, doi: '10.5555/good.1' },
				{ orcid, accessToken: token, doi },
			];
			const since = await lastCallId(emu);
			const stopped = await runWrite(emu, WORK, { input });
			expect(stopped.status).toBe('error');
			const error = stopped.nodes[WRITE_NODE].error!;
			expect(error.message).toMatch(/^Item 1, field "externalIds/);
			expect(error.message).toMatch(problem);
			// refused before any call: the good item was not written either
			expect(await calls(emu, { since, method: 'POST' })).toEqual([]);

			const soft = await runWrite(emu, WORK, { input, continueOnFail: true });
			const [good, bad] = soft.output(WRITE_NODE);
			expect(good.status).toBe('created');
			expect(bad).toMatchObject({ status: 'failed', itemIndex: 1 });
			expect(String(bad.field)).toMatch(/^externalIds/);
			expect(bad.error).toMatch(problem);
			expect((await recordItems(emu, orcid)).map((w) => doiOf(w.data))).toEqual(['10.5555/good.1']);
		},
	);

	it('in JSON, a DOI with whitespace inside is refused on its JSON path', async () => {
		const { orcid, token } = await researcherWithToken(emu);
		const since = await lastCallId(emu);
		const run = await runWrite(emu, jsonWork('10.5555/in side'), {
			input: [{ orcid, accessToken: token }],
			continueOnFail: true,
		});
		expect(run.output(WRITE_NODE)[0]).toMatchObject({
			status: 'failed',
			field: 'external-ids.external-id[0].external-id-value',
		});
		expect(await calls(emu, { since, method: 'POST' })).toEqual([]);
	});
});

describe('a token of another researcher (ORCID 9017)', () => {
	it('is an error item on the accessToken field; the other items are written', async () => {
		const a = await researcherWithToken(emu);
		const b = await researcherWithToken(emu);
		const other = await newResearcher(emu);
		const run = await runWrite(emu, WORK, {
			input: [
				{ orcid: a.orcid, accessToken: a.token, doi: '10.5555/own.1' },
				// b's token used for another researcher's record
				{ orcid: other, accessToken: b.token, doi: '10.5555/other.1' },
			],
			continueOnFail: true,
		});
		const [written, refused] = run.output(WRITE_NODE);
		expect(written.status).toBe('created');
		expect(refused).toMatchObject({
			status: 'failed',
			itemIndex: 1,
			field: 'accessToken',
			orcidErrorCode: '9017',
			httpStatus: 401,
		});
		expect(refused.error).toBe(
			`The access token is not for the record ${other}: it was issued to another researcher (ORCID error 9017, HTTP 401)`,
		);
		expect(refused.tokenRevoked).toBeUndefined();
		expect(await recordItems(emu, other)).toEqual([]);

		const stopped = await runWrite(emu, WORK, {
			input: [{ orcid: other, accessToken: b.token, doi: '10.5555/other.2' }],
		});
		expect(stopped.status).toBe('error');
		expect(stopped.nodes[WRITE_NODE].error?.message).toContain('issued to another researcher');
	});
});

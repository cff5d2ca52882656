/**
 * Every write sample ORCID publishes (orcid-model record_3.0/samples/write_samples) is accepted
 * by the matching endpoint, each on a freshly created record; on one record, samples that share a
 * self identifier get 409/9021.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TestEmulator, WRITE_SAMPLES, JSON_TYPE, XML_TYPE, call, putCodeOf } from './helpers';

interface Target {
	kind: 'item' | 'bulk' | 'group-id';
	section?: string;
}

/** The endpoint of a sample, from its file name (its root element). */
function targetOf(file: string): Target {
	if (file.startsWith('bulk-')) return { kind: 'bulk' };
	if (file === 'peer-review-group-id.json') return { kind: 'group-id' };
	const sections: Array<[string, string]> = [
		['address', 'address'],
		['distinction', 'distinction'],
		['education', 'education'],
		['employment', 'employment'],
		['external-identifier', 'external-identifiers'],
		['funding', 'funding'],
		['invited-position', 'invited-position'],
		['keyword', 'keywords'],
		['membership', 'membership'],
		['other-name', 'other-names'],
		['peer-review', 'peer-review'],
		['qualification', 'qualification'],
		['research-resource', 'research-resource'],
		['researcher-url', 'researcher-urls'],
		['service', 'service'],
		['work', 'work'],
	];
	const hit = sections.find(([prefix]) => file.startsWith(prefix));
	if (!hit) throw new Error(`no endpoint for ${file}`);
	return { kind: 'item', section: hit[1] };
}

const samples = fs
	.readdirSync(WRITE_SAMPLES)
	.filter((f) => f.endsWith('.json') || f.endsWith('.xml'))
	.sort();

const t = TestEmulator.forSuite();

describe('ORCID write samples', () => {
	it('finds all 48 samples', () => {
		expect(samples).toHaveLength(48);
	});

	it.each(samples)('%s is accepted on a fresh record', async (file) => {
		const text = fs.readFileSync(path.join(WRITE_SAMPLES, file), 'utf8');
		const contentType = file.endsWith('.xml') ? XML_TYPE : JSON_TYPE;
		const target = targetOf(file);
		if (target.kind === 'group-id') {
			const token = await t.clientToken('/group-id-record/update');
			const r = await call('POST', t.member('/group-id-record'), {
				token,
				body: text,
				contentType,
			});
			expect(r.status).toBe(201);
			const pc = putCodeOf(r.headers.get('location'));
			const back = await call('GET', t.member(`/group-id-record/${pc}`), {
				token: await t.clientToken('/group-id-record/read'),
			});
			expect(back.status).toBe(200);
			expect(back.body['group-id']).toBe(JSON.parse(text)['group-id']);
			return;
		}
		const orcid = await t.researcher();
		const token = await t.token(orcid);
		if (target.kind === 'bulk') {
			const r = await call('POST', t.member(`/${orcid}/works`), { token, body: text, contentType });
			expect(r.status).toBe(200);
			const entries = r.body.bulk as Array<Record<string, any>>;
			const works = entries.filter((e) => e.work);
			const errors = entries.filter((e) => e.error);
			if (file === 'bulk-work-3.0.json') {
				// its second work has only a part-of identifier: ORCID refuses that one work (9023)
				expect(works).toHaveLength(1);
				expect(errors.map((e) => e.error['error-code'])).toEqual([9023]);
			} else {
				expect(errors).toEqual([]);
			}
			const list = await call('GET', t.member(`/${orcid}/works`), { token });
			const summaries = list.body.group.flatMap((g: any) => g['work-summary']);
			expect(summaries).toHaveLength(works.length);
			for (const w of works) expect(typeof w.work['put-code']).toBe('number');
			return;
		}
		const r = await call('POST', t.member(`/${orcid}/${target.section}`), {
			token,
			body: text,
			contentType,
		});
		expect({ status: r.status, text: r.text }).toEqual({ status: 201, text: '' });
		const location = r.headers.get('location') as string;
		expect(location).toMatch(new RegExp(`/v3\\.0/${orcid}/${target.section}/\\d+$`));
		const back = await call('GET', t.member(`/${orcid}/${target.section}/${putCodeOf(location)}`), {
			token,
		});
		expect(back.status).toBe(200);
		expect(back.body['put-code']).toBe(putCodeOf(location));
		expect(back.body.source['source-client-id'].path).toBe('APP-EMUMEMBER0000001');
	});
});

describe('samples sharing a self identifier on one record', () => {
	it.each([
		[
			'work-51-contributors-3.0.json',
			'work-with-NISO-roles-51-contributors-3.0.json',
			JSON_TYPE,
			JSON_TYPE,
		],
		['work-full-3.0.json', 'work-full-3.0.xml', JSON_TYPE, XML_TYPE],
		['education-3.0.json', 'education-3.0.xml', JSON_TYPE, XML_TYPE],
	])('%s then %s -> 409/9021 naming the first put code', async (first, second, ct1, ct2) => {
		const orcid = await t.researcher();
		const token = await t.token(orcid);
		const section = first.split('-')[0];
		const a = await call('POST', t.member(`/${orcid}/${section}`), {
			token,
			body: fs.readFileSync(path.join(WRITE_SAMPLES, first), 'utf8'),
			contentType: ct1,
		});
		expect(a.status).toBe(201);
		const b = await call('POST', t.member(`/${orcid}/${section}`), {
			token,
			body: fs.readFileSync(path.join(WRITE_SAMPLES, second), 'utf8'),
			contentType: ct2,
		});
		expect(b.status).toBe(409);
		expect(b.body['error-code']).toBe(9021);
		expect(b.body['developer-message']).toContain(
			`put-code ${putCodeOf(a.headers.get('location'))}`,
		);
	});
});

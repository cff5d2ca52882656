/**
 * Reading: a seeded ORCID record read back through the public and member APIs, visibility,
 * content negotiation, XML answers valid against ORCID's XSDs, bulk reads, moved and deactivated
 * records, search.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
	TestEmulator,
	READ_SAMPLES,
	JOSIAH,
	LAURE,
	SOFIA,
	PUBLIC,
	XML_TYPE,
	call,
	work,
	employment,
	putCodeOf,
} from './helpers';
import { validateAgainstXsd } from './lib/schema-validate';

const SAMPLE_ORCID = '0000-0002-7319-2192';
const sample = JSON.parse(fs.readFileSync(path.join(READ_SAMPLES, 'record-full-3.0.json'), 'utf8'));

/** Every put code in a record JSON, by section. */
function putCodes(record: any): Record<string, number[]> {
	const out: Record<string, number[]> = {};
	const add = (k: string, pc: number) => (out[k] = [...(out[k] || []), pc].sort((a, b) => a - b));
	const person = record.person;
	for (const [k, key] of [
		['other-names', 'other-name'],
		['keywords', 'keyword'],
		['researcher-urls', 'researcher-url'],
		['external-identifiers', 'external-identifier'],
		['addresses', 'address'],
	]) {
		for (const i of person[k]?.[key] || []) add(k, i['put-code']);
	}
	const acts = record['activities-summary'];
	for (const [section, value] of Object.entries<any>(acts)) {
		if (!value || typeof value !== 'object' || section === 'last-modified-date') continue;
		for (const g of value['affiliation-group'] || []) {
			for (const s of g.summaries)
				for (const v of Object.values<any>(s)) add(section, v['put-code']);
		}
		for (const g of value.group || []) {
			for (const [k, list] of Object.entries<any>(g)) {
				if (k.endsWith('-summary')) for (const s of list) add(section, s['put-code']);
				if (k === 'peer-review-group') {
					for (const inner of list)
						for (const s of inner['peer-review-summary']) add(section, s['put-code']);
				}
			}
		}
	}
	return out;
}

const t = TestEmulator.forSuite();

describe('a seeded ORCID record read back', () => {
	it('record-full-3.0.json seeded through the control API reads back with every public item', async () => {
		const seeded = await t.control('PUT', `/_emulator/records/${SAMPLE_ORCID}`, sample);
		expect(seeded.items).toBeGreaterThan(20);
		const r = await call('GET', t.pub(`/${SAMPLE_ORCID}/record`));
		expect(r.status).toBe(200);
		expect(putCodes(r.body)).toEqual(putCodes(sample));
		expect(r.body['orcid-identifier'].path).toBe(SAMPLE_ORCID);
		expect(r.body.person.name['family-name'].value).toBe('releasecandidate1');
		const work = r.body['activities-summary'].works.group[0]['work-summary'][0];
		expect(work['put-code']).toBe(178602);
		expect(work.source['source-client-id'].path).toBe('APP-OQYKBIN9CXD9U3SH');
		expect(work.title.title.value).toBe('Work Title');
		const single = await call('GET', t.pub(`/${SAMPLE_ORCID}/work/178602`));
		expect(single.status).toBe(200);
		expect(
			single.body['external-ids']['external-id'].map((e: any) => e['external-id-value']),
		).toEqual(['10.1087/20120404', 'work:doi']);
	});

	it('the public API and /read-public see only public items; the researcher sees limited ones', async () => {
		const copy = JSON.parse(JSON.stringify(sample));
		const acts = copy['activities-summary'];
		acts.works.group[0]['work-summary'][0].visibility = 'private';
		acts.educations['affiliation-group'][0].summaries[0]['education-summary'].visibility =
			'limited';
		copy.person.keywords.keyword[0].visibility = 'limited';
		const orcid = '0000-0003-1419-2405';
		await t.control('PUT', `/_emulator/records/${orcid}`, copy);
		const hiddenWork = acts.works.group[0]['work-summary'][0]['put-code'];
		const limitedEdu =
			acts.educations['affiliation-group'][0].summaries[0]['education-summary']['put-code'];
		const limitedKeyword = copy.person.keywords.keyword[0]['put-code'];

		const pub = await call('GET', t.pub(`/${orcid}/record`));
		const pubCodes = putCodes(pub.body);
		expect(pubCodes.works || []).not.toContain(hiddenWork);
		expect(pubCodes.educations).not.toContain(limitedEdu);
		expect(pubCodes.keywords).not.toContain(limitedKeyword);
		const all = putCodes(sample);
		expect(pubCodes.educations).toHaveLength(all.educations.length - 1);

		const readPublic = await t.clientToken('/read-public');
		const rp = await call('GET', t.member(`/${orcid}/record`), { token: readPublic });
		expect(putCodes(rp.body)).toEqual(pubCodes);

		const researcher = await t.token(orcid, '/read-limited');
		const rl = await call('GET', t.member(`/${orcid}/record`), { token: researcher });
		const rlCodes = putCodes(rl.body);
		expect(rlCodes.educations).toContain(limitedEdu);
		expect(rlCodes.keywords).toContain(limitedKeyword);
		expect(rlCodes.works || []).not.toContain(hiddenWork); // private and we are not its source

		const onePub = await call('GET', t.pub(`/${orcid}/work/${hiddenWork}`));
		expect(onePub.status).toBe(403);
		expect(onePub.body['error-code']).toBe(9039);
		const oneMember = await call('GET', t.member(`/${orcid}/work/${hiddenWork}`), {
			token: researcher,
		});
		expect(oneMember.status).toBe(403);
		expect(oneMember.body['error-code']).toBe(9013);
		const limitedByTwoLegged = await call('GET', t.member(`/${orcid}/education/${limitedEdu}`), {
			token: readPublic,
		});
		expect(limitedByTwoLegged.status).toBe(403);
		expect(limitedByTwoLegged.body['error-code']).toBe(9038);
	});

	it('the source client sees its own private items', async () => {
		const orcid = await t.researcher({ defaultVisibility: 'private' });
		const token = await t.token(orcid);
		const { post } = t.writer(orcid, token);
		const created = await post('work', work('10.5555/private-1'));
		const pc = putCodeOf(created.headers.get('location'));
		const own = await call('GET', t.member(`/${orcid}/work/${pc}`), { token });
		expect(own.status).toBe(200);
		expect(own.body.visibility).toBe('private');
		const pub = await call('GET', t.pub(`/${orcid}/works`));
		expect(pub.body.group).toEqual([]);
	});
});

describe('XML and content negotiation', () => {
	it('no Accept header -> XML; XML answers are valid against ORCID XSDs', async () => {
		const checks: Array<[string, string]> = [
			[`/${SAMPLE_ORCID}/record`, 'record:record'],
			[`/${SAMPLE_ORCID}/person`, 'person:person'],
			[`/${SAMPLE_ORCID}/activities`, 'activities:activities-summary'],
			[`/${SAMPLE_ORCID}/works`, 'activities:works'],
			[`/${SAMPLE_ORCID}/employments`, 'activities:employments'],
			[`/${SAMPLE_ORCID}/peer-reviews`, 'activities:peer-reviews'],
			[`/${SAMPLE_ORCID}/research-resources`, 'activities:research-resources'],
			[`/${SAMPLE_ORCID}/work/178602`, 'work:work'],
			[`/${SAMPLE_ORCID}/keywords`, 'keyword:keywords'],
			[`/${SAMPLE_ORCID}/address`, 'address:addresses'],
		];
		for (const [p, root] of checks) {
			const r = await call('GET', t.pub(p), { accept: null });
			expect(r.status).toBe(200);
			expect(r.headers.get('content-type')).toContain(XML_TYPE);
			const result = await validateAgainstXsd(root, r.text);
			expect({ path: p, errors: result.errors }).toEqual({ path: p, errors: [] });
		}
	});

	it('an item a seeded member client wrote reads back as XML valid against the XSDs', async () => {
		// the source names the client id, which ORCID's XSD holds to APP- and 16 characters
		for (const clientId of ['APP-EMUMEMBER0000001', 'APP-EMUMEMBERPROD001']) {
			expect(clientId).toMatch(/^APP-[0-9A-Z]{16}$/);
			const orcid = await t.researcher();
			const token = await t.token(orcid, undefined, clientId);
			const { post } = t.writer(orcid, token);
			const created = await post('work', work(`10.5555/xsd-${clientId}`));
			const pc = putCodeOf(created.headers.get('location'));
			const r = await call('GET', t.member(`/${orcid}/work/${pc}`), { token, accept: null });
			expect(r.text).toContain(clientId);
			const result = await validateAgainstXsd('work:work', r.text);
			expect({ clientId, errors: result.errors }).toEqual({ clientId, errors: [] });
		}
	});

	it('JSON and XML carry the same item', async () => {
		const json = await call('GET', t.pub(`/${SAMPLE_ORCID}/work/178602`), {
			accept: 'application/json',
		});
		expect(json.headers.get('content-type')).toContain('application/json');
		const xml = await call('GET', t.pub(`/${SAMPLE_ORCID}/work/178602`), {
			accept: 'application/xml',
		});
		expect(xml.text).toContain('<work:work ');
		expect(xml.text).toContain('put-code="178602"');
		expect(xml.text).toContain(`<common:title>${json.body.title.title.value}</common:title>`);
		// timestamps: epoch milliseconds in JSON, ISO in XML
		const iso = new Date(json.body['last-modified-date'].value).toISOString();
		expect(xml.text).toContain(`<common:last-modified-date>${iso}</common:last-modified-date>`);
	});

	it('the most specific accepted type wins; among equals ORCID prefers XML', async () => {
		const cases: Array<[string, string]> = [
			['application/vnd.orcid+json, */*', 'application/vnd.orcid+json'],
			['*/*', XML_TYPE],
			['application/xml;q=0.5, application/json;q=0.9', 'application/json'],
			['application/orcid+json', 'application/orcid+json'],
		];
		for (const [accept, type] of cases) {
			const r = await call('GET', t.pub(`/${JOSIAH}/works`), { accept });
			expect({ accept, type: r.headers.get('content-type') }).toEqual({
				accept,
				type: `${type};charset=UTF-8`,
			});
		}
	});

	it('an unsupported Accept -> 406; errors follow the Accept header', async () => {
		const r = await call('GET', t.pub(`/${SAMPLE_ORCID}/record`), { accept: 'text/html' });
		expect(r.status).toBe(406);
		const xmlErr = await call('GET', t.pub(`/${SAMPLE_ORCID}/work/999999999`), {
			accept: XML_TYPE,
		});
		expect(xmlErr.status).toBe(404);
		expect(xmlErr.text).toContain('<error:error');
		expect(xmlErr.text).toContain('<error:error-code>9016</error:error-code>');
		const result = await validateAgainstXsd('error:error', xmlErr.text);
		expect(result.errors).toEqual([]);
		const jsonErr = await call('GET', t.pub(`/${SAMPLE_ORCID}/work/999999999`));
		expect(jsonErr.body).toMatchObject({ 'response-code': 404, 'error-code': 9016 });
		expect(Object.keys(jsonErr.body).sort()).toEqual([
			'developer-message',
			'error-code',
			'more-info',
			'response-code',
			'user-message',
		]);
	});
});

describe('reads', () => {
	it('summary, bulk read (<= 100) and 9042 beyond', async () => {
		const orcid = await t.researcher();
		const token = await t.token(orcid);
		const { post } = t.writer(orcid, token);
		const codes: number[] = [];
		for (const doi of ['10.5555/b1', '10.5555/b2']) {
			const r = await post('work', work(doi));
			codes.push(putCodeOf(r.headers.get('location')));
		}
		const summary = await call('GET', t.pub(`/${orcid}/work/summary/${codes[0]}`));
		expect(summary.status).toBe(200);
		expect(summary.body.title.title.value).toBe('Work 10.5555/b1');
		expect(summary.body.contributors).toBeUndefined();
		const bulk = await call('GET', t.pub(`/${orcid}/works/${codes.join(',')},424242`));
		expect(bulk.status).toBe(200);
		expect(
			bulk.body.bulk.map((b: any) => (b.work ? b.work['put-code'] : b.error['error-code'])),
		).toEqual([...codes, 9016]);
		const many = Array.from({ length: 101 }, (_, i) => 5000 + i).join(',');
		const tooMany = await call('GET', t.pub(`/${orcid}/works/${many}`));
		expect(tooMany.status).toBe(400);
		expect(tooMany.body['error-code']).toBe(9042);
	});

	it('groups works sharing an identifier, across sources, as ORCID does', async () => {
		const orcid = await t.researcher();
		const a = await t.token(orcid);
		await call('POST', t.member(`/${orcid}/work`), { token: a, body: work('10.5555/SAME') });
		await t.control('POST', '/_emulator/clients', {
			clientId: 'APP-GROUPTEST000001',
			clientSecret: 's',
			apiType: 'member',
		});
		const b = await t.token(orcid, '/activities/update', 'APP-GROUPTEST000001');
		const other = await call('POST', t.member(`/${orcid}/work`), {
			token: b,
			body: work('https://doi.org/10.5555/same'),
		});
		expect(other.status).toBe(201); // another source may hold the same DOI
		await call('POST', t.member(`/${orcid}/work`), { token: a, body: work('10.5555/different') });
		const list = await call('GET', t.pub(`/${orcid}/works`));
		const sizes = list.body.group.map((g: any) => g['work-summary'].length).sort();
		expect(sizes).toEqual([1, 2]);
	});

	it('person sections and their items', async () => {
		const orcid = await t.researcher({
			givenNames: 'Grace',
			familyName: 'Hopper',
			biography: 'Computer scientist',
		});
		const token = await t.token(orcid);
		const { post } = t.writer(orcid, token);
		const kw = await post('keywords', { content: 'compilers' });
		expect(kw.status).toBe(201);
		const list = await call('GET', t.pub(`/${orcid}/keywords`));
		expect(list.body.keyword.map((k: any) => k.content)).toEqual(['compilers']);
		const one = await call(
			'GET',
			t.pub(`/${orcid}/keywords/${putCodeOf(kw.headers.get('location'))}`),
		);
		expect(one.body.content).toBe('compilers');
		const person = await call('GET', t.pub(`/${orcid}/person`));
		expect(person.body.name['given-names'].value).toBe('Grace');
		expect(person.body.biography.content).toBe('Computer scientist');
		expect(person.body.keywords.keyword).toHaveLength(1);
		const pd = await call('GET', t.pub(`/${orcid}/personal-details`));
		expect(pd.body.name['family-name'].value).toBe('Hopper');
		const noBio = await call('GET', t.pub(`/${await t.researcher()}/biography`));
		expect(noBio.body['error-code']).toBe(9041);
	});

	it('emails: private ones never shown, limited ones to the researcher with /read-limited', async () => {
		const orcid = await t.researcher({ email: 'limited@example.org', emailVisibility: 'limited' });
		const pub = await call('GET', t.pub(`/${orcid}/email`));
		expect(pub.body.email).toEqual([]);
		const token = await t.token(orcid, '/read-limited');
		const mine = await call('GET', t.member(`/${orcid}/email`), { token });
		expect(mine.body.email.map((e: any) => e.email)).toEqual(['limited@example.org']);
		const josiah = await call('GET', t.member(`/${JOSIAH}/email`), {
			token: await t.token(JOSIAH, '/read-limited'),
		});
		expect(josiah.body.email).toEqual([]); // seeded emails are private
	});

	it('last-modified-date moves when the record changes', async () => {
		const orcid = await t.researcher();
		const token = await t.token(orcid);
		const { post } = t.writer(orcid, token);
		await post('work', work('10.5555/lm1'));
		const before = await call('GET', t.pub(`/${orcid}/works`));
		const v1 = before.body['last-modified-date'].value;
		// the next edit must fall in a later millisecond: wait for the clock, not for a while
		while (Date.now() <= v1) await new Promise((r) => setImmediate(r));
		await post('work', work('10.5555/lm2'));
		const after = await call('GET', t.pub(`/${orcid}/works`));
		expect(after.body['last-modified-date'].value).toBeGreaterThan(v1);
		const record = await call('GET', t.pub(`/${orcid}/record`));
		expect(record.body.history['last-modified-date'].value).toBeGreaterThanOrEqual(
			after.body['last-modified-date'].value,
		);
	});
});

describe('record status and token checks', () => {
	it('a deprecated iD -> 301 to the primary record with 9007; writes -> 409', async () => {
		const old = await t.researcher({ deprecatedTo: LAURE });
		const r = await call('GET', t.pub(`/${old}/works?x=1`));
		expect(r.status).toBe(301);
		expect(r.headers.get('location')).toBe(`${t.url}/pub/v3.0/${LAURE}/works?x=1`);
		expect(r.body['error-code']).toBe(9007);
		expect(r.body['user-message']).toContain(LAURE);
		const token = await t.token(old);
		const w = await call('POST', t.member(`/${old}/work`), { token, body: work('10.5555/dep') });
		expect(w.status).toBe(409);
		expect(w.body['error-code']).toBe(9007);
	});

	it('a deactivated record -> 409/9044', async () => {
		const orcid = await t.researcher({ deactivated: true });
		const r = await call('GET', t.pub(`/${orcid}/record`));
		expect(r.status).toBe(409);
		expect(r.body['error-code']).toBe(9044);
	});

	it('an unknown record -> 404/9016', async () => {
		const r = await call('GET', t.pub('/0000-0001-2345-6789/record'));
		expect(r.status).toBe(404);
		expect(r.body['error-code']).toBe(9016);
	});

	it("a researcher's token on another record -> 401/9017", async () => {
		const token = await t.token(LAURE, '/read-limited');
		const r = await call('GET', t.member(`/${JOSIAH}/record`), { token });
		expect(r.status).toBe(401);
		expect(r.body['error-code']).toBe(9017);
	});

	it('the member API needs a token, and a member client', async () => {
		const none = await call('GET', t.member(`/${JOSIAH}/record`));
		expect(none.status).toBe(401);
		const pubToken = await t.clientToken('/read-public', PUBLIC);
		const r = await call('GET', t.member(`/${JOSIAH}/record`), { token: pubToken });
		expect(r.status).toBe(401);
		expect(r.body['error-code']).toBe(9017);
		const ok = await call('GET', t.pub(`/${JOSIAH}/record`), { token: pubToken });
		expect(ok.status).toBe(200);
	});

	it('an unknown token -> 401 invalid_token with ORCID words', async () => {
		const r = await call('GET', t.pub(`/${JOSIAH}/record`), { token: 'not-a-token' });
		expect(r.status).toBe(401);
		expect(r.body).toEqual({
			error: 'invalid_token',
			error_description: 'Invalid access token: not-a-token',
		});
	});
});

describe('search', () => {
	beforeAll(async () => {
		const orcid = await t.researcher({
			givenNames: 'Marie',
			familyName: 'Curie',
			email: 'marie@example.org',
			emailVisibility: 'public',
		});
		const token = await t.token(orcid);
		const { post } = t.writer(orcid, token);
		const r = await post(
			'employment',
			employment({
				organization: { ...(employment().organization as object), name: 'Sorbonne University' },
			}),
		);
		expect(r.status).toBe(201);
	});

	const ids = (r: any) => r.body.result.map((x: any) => x['orcid-identifier'].path);

	it('fields, free text, AND, wildcards', async () => {
		expect(ids(await call('GET', t.pub('/search?q=family-name:Carberry')))).toEqual([JOSIAH]);
		expect(
			ids(await call('GET', t.pub('/search?q=given-names:Laure%20AND%20family-name:Haak'))),
		).toEqual([LAURE]);
		expect(ids(await call('GET', t.pub(`/search?q=orcid:${SOFIA}`)))).toEqual([SOFIA]);
		const curie = await call('GET', t.pub('/search?q=affiliation-org-name:Sorbonne'));
		expect(curie.body['num-found']).toBe(1);
		expect((await call('GET', t.pub('/search?q=email:marie@example.org'))).body['num-found']).toBe(
			1,
		);
		expect(
			(await call('GET', t.pub('/search?q=email:josiah.carberry@example.org'))).body['num-found'],
		).toBe(0);
		expect((await call('GET', t.pub('/search?q=curie'))).body['num-found']).toBe(1);
		expect((await call('GET', t.pub('/search?q=family-name:Carb*'))).body['num-found']).toBe(1);
		const all = await call('GET', t.pub('/search?q=*:*&rows=0'));
		expect(all.body['num-found']).toBeGreaterThanOrEqual(4);
		expect(all.body.result).toEqual([]);
	});

	it('expanded-search returns names, emails and institutions', async () => {
		const r = await call('GET', t.pub('/expanded-search?q=family-name:Curie'));
		expect(r.status).toBe(200);
		expect(r.body['num-found']).toBe(1);
		expect(r.body['expanded-result'][0]).toMatchObject({
			'given-names': 'Marie',
			'family-names': 'Curie',
			email: ['marie@example.org'],
			'institution-name': ['Sorbonne University'],
		});
		const xml = await call('GET', t.pub('/expanded-search?q=family-name:Curie'), {
			accept: XML_TYPE,
		});
		expect((await validateAgainstXsd('expanded-search:expanded-search', xml.text)).errors).toEqual(
			[],
		);
	});

	it('rows and start limits', async () => {
		const rows = await call('GET', t.pub('/search?q=curie&rows=1001'));
		expect(rows.status).toBe(400);
		const start = await call('GET', t.pub('/search?q=curie&start=10001'));
		expect(start.status).toBe(400);
		expect(start.body['error-code']).toBe(9043);
		const paged = await call('GET', t.pub('/search?q=family-name:*&rows=2&start=1'));
		expect(paged.body.result).toHaveLength(2);
		expect(paged.body['num-found']).toBeGreaterThan(3);
	});
});

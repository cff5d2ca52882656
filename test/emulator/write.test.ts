/**
 * Writing: create / update / delete with put codes, ORCID's validation and error codes, duplicate
 * detection after identifier normalisation, scopes and sources, bulk writes, group-id records,
 * permission notifications and webhooks.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { validateAgainstXsd } from './lib/schema-validate';
import {
	TestEmulator,
	JOSIAH,
	MEMBER,
	XML_TYPE,
	call,
	work,
	externalIds,
	employment,
	funding,
	organization,
	putCodeOf,
} from './helpers';

const t = TestEmulator.forSuite({ webhookDelayMs: 100, webhookRetryDelayMs: 50 });
beforeAll(async () => {
	await t.control('POST', '/_emulator/clients', {
		clientId: 'APP-SECONDCLIENT0001',
		clientSecret: 'second-secret',
		apiType: 'member',
		name: 'Second Member',
	});
});

/** A new researcher, a token for them, and the writer for their record. */
async function fresh() {
	const orcid = await t.researcher();
	const token = await t.token(orcid);
	return { orcid, token, ...t.writer(orcid, token) };
}

describe('create, update, delete', () => {
	it('POST -> 201 with Location and empty body; PUT -> 200 with the item; DELETE -> 204', async () => {
		const { orcid, token, post, put } = await fresh();
		const created = await post('work', work('10.1000/crud'));
		expect(created.status).toBe(201);
		expect(created.text).toBe('');
		const location = created.headers.get('location') as string;
		const pc = putCodeOf(location);
		expect(location).toBe(`${t.emu.memberApi}/v3.0/${orcid}/work/${pc}`);
		const got = await call('GET', t.member(`/${orcid}/work/${pc}`), { token });
		expect(got.body).toMatchObject({
			'put-code': pc,
			path: `/${orcid}/work/${pc}`,
			visibility: 'public',
		});
		const updated = await put(`work/${pc}`, {
			...work('10.1000/crud'),
			title: { title: { value: 'New title' } },
			'put-code': pc,
		});
		expect(updated.status).toBe(200);
		expect(updated.body.title.title.value).toBe('New title');
		expect(updated.body['last-modified-date'].value).toBeGreaterThanOrEqual(
			got.body['last-modified-date'].value,
		);
		const deleted = await call('DELETE', t.member(`/${orcid}/work/${pc}`), { token });
		expect(deleted.status).toBe(204);
		const gone = await call('GET', t.member(`/${orcid}/work/${pc}`), { token });
		expect(gone.status).toBe(404);
		expect(gone.body['error-code']).toBe(9016);
	});

	it('a put code in a POST body -> 400/9024', async () => {
		const { post } = await fresh();
		const r = await post('work', { ...work('10.1000/pc'), 'put-code': 12 });
		expect(r.status).toBe(400);
		expect(r.body['error-code']).toBe(9024);
	});

	it('PUT: the put code in the body must match the URL (9019)', async () => {
		const { put, create } = await fresh();
		const pc = await create('work', work('10.1000/m'));
		const missing = await put(`work/${pc}`, work('10.1000/m'));
		expect(missing.status).toBe(400);
		expect(missing.body['error-code']).toBe(9019);
		expect(missing.body['developer-message']).toContain(
			`The put code in the URL was ${pc} whereas the one in the body was null`,
		);
		const other = await put(`work/${pc}`, { ...work('10.1000/m'), 'put-code': pc + 1 });
		expect(other.body['error-code']).toBe(9019);
	});

	it('only the source may update or delete (403/9010)', async () => {
		const { orcid, create } = await fresh();
		const pc = await create('work', work('10.1000/src'));
		const second = await t.token(orcid, '/activities/update', 'APP-SECONDCLIENT0001');
		const put = await call('PUT', t.member(`/${orcid}/work/${pc}`), {
			token: second,
			body: { ...work('10.1000/src'), 'put-code': pc },
		});
		expect(put.status).toBe(403);
		expect(put.body['error-code']).toBe(9010);
		const del = await call('DELETE', t.member(`/${orcid}/work/${pc}`), { token: second });
		expect(del.status).toBe(403);
		expect(del.body['error-code']).toBe(9010);
	});

	it('changing the visibility on update -> 403/9035', async () => {
		const { put, create } = await fresh();
		const pc = await create('work', work('10.1000/vis'));
		const r = await put(`work/${pc}`, {
			...work('10.1000/vis'),
			'put-code': pc,
			visibility: 'private',
		});
		expect(r.status).toBe(403);
		expect(r.body['error-code']).toBe(9035);
		const same = await put(`work/${pc}`, {
			...work('10.1000/vis'),
			'put-code': pc,
			visibility: 'public',
		});
		expect(same.status).toBe(200);
	});

	it("new items take the researcher's default visibility", async () => {
		const orcid = await t.researcher({ defaultVisibility: 'limited' });
		const token = await t.token(orcid);
		const { post } = t.writer(orcid, token);
		const r = await post('employment', { ...employment(), visibility: 'public' });
		const item = await call(
			'GET',
			t.member(`/${orcid}/employment/${putCodeOf(r.headers.get('location'))}`),
			{ token },
		);
		expect(item.body.visibility).toBe('limited');
	});

	it('updating to a self identifier another item of the same client holds -> 409', async () => {
		const { post, put, create } = await fresh();
		await post('work', work('10.1000/u1'));
		const pc = await create('work', work('10.1000/u2'));
		const r = await put(`work/${pc}`, { ...work('10.1000/U1'), 'put-code': pc });
		expect(r.status).toBe(409);
		const self = await put(`work/${pc}`, { ...work('10.1000/u2'), 'put-code': pc });
		expect(self.status).toBe(200); // its own identifiers are no conflict
	});
});

describe('duplicates (409/9021) after ORCID normalisation', () => {
	it.each([
		['10.1000/ABC', '10.1000/abc'],
		['10.1000/abc', 'doi:10.1000/abc'],
		['10.1000/abc', 'https://doi.org/10.1000/ABC'],
		['https://dx.doi.org/10.1000/abc', '10.1000/abc'],
	])('%s then %s from the same client -> 409 naming the put code', async (a, b) => {
		const { post } = await fresh();
		const first = await post('work', work(a));
		expect(first.status).toBe(201);
		const second = await post('work', work(b));
		expect(second.status).toBe(409);
		expect(second.body['error-code']).toBe(9021);
		expect(second.body['developer-message']).toContain(
			`please see element with put-code ${putCodeOf(first.headers.get('location'))}`,
		);
	});

	it('a version-of identifier of an existing work blocks the same id as self', async () => {
		const { post } = await fresh();
		const ids = externalIds(
			['doi', '10.1000/self-a', 'self'],
			['doi', '10.1000/version', 'version-of'],
		);
		expect((await post('work', work('x', ids))).status).toBe(201);
		const r = await post('work', work('10.1000/version'));
		expect(r.status).toBe(409);
	});

	it('shared part-of and funded-by identifiers never conflict', async () => {
		const { post } = await fresh();
		const withIds = (self: string) =>
			work(
				self,
				externalIds(
					['doi', self, 'self'],
					['issn', '0953-1513', 'part-of'],
					['grant_number', 'G-1', 'funded-by'],
				),
			);
		expect((await post('work', withIds('10.1000/p1'))).status).toBe(201);
		expect((await post('work', withIds('10.1000/p2'))).status).toBe(201);
	});

	it('another client may add the same DOI', async () => {
		const { orcid, post } = await fresh();
		await post('work', work('10.1000/shared'));
		const second = await t.token(orcid, '/activities/update', 'APP-SECONDCLIENT0001');
		const r = await call('POST', t.member(`/${orcid}/work`), {
			token: second,
			body: work('10.1000/shared'),
		});
		expect(r.status).toBe(201);
	});

	it('affiliations conflict on a shared self identifier too', async () => {
		const { post } = await fresh();
		const ids = externalIds(['grant_number', 'E-1', 'self']);
		expect((await post('employment', employment(ids))).status).toBe(201);
		const r = await post('employment', employment(ids));
		expect(r.status).toBe(409);
		expect(r.body['error-code']).toBe(9021);
	});

	it('a second identical keyword from the same client -> 409/9030', async () => {
		const { post } = await fresh();
		expect((await post('keywords', { content: 'Physics' })).status).toBe(201);
		const r = await post('keywords', { content: 'physics' });
		expect(r.status).toBe(409);
		expect(r.body['error-code']).toBe(9030);
	});
});

describe('validation', () => {
	const postFresh = async (section: string, body: unknown, contentType?: string) =>
		(await fresh()).post(section, body, { contentType });

	it.each<[string, string, unknown, number]>([
		[
			'work without a title',
			'work',
			{ ...work('10.1/a'), title: { subtitle: { value: 's' } } },
			9047,
		],
		// the XSD makes an empty title a schema error, so JSON gets 9047 (see 9022 below)
		[
			'work with an empty title',
			'work',
			{ ...work('10.1/a'), title: { title: { value: '' } } },
			9047,
		],
		[
			'work without a self identifier',
			'work',
			work('10.1/a', externalIds(['doi', '10.1/a', 'part-of'])),
			9023,
		],
		['work without identifiers', 'work', { title: { title: { value: 'x' } }, type: 'book' }, 9023],
		[
			'unknown identifier type',
			'work',
			work('10.1/a', externalIds(['not-a-type', 'v', 'self'])),
			9023,
		],
		['unknown work type', 'work', work('10.1/a', { type: 'blog' }), 9051],
		[
			'unknown relationship',
			'work',
			work('10.1/a', externalIds(['doi', '10.1/a', 'sibling'])),
			9051,
		],
		[
			'impossible date',
			'work',
			work('10.1/a', {
				'publication-date': {
					year: { value: '2021' },
					month: { value: '02' },
					day: { value: '30' },
				},
			}),
			9049,
		],
		[
			'unknown contributor role',
			'work',
			work('10.1/a', {
				contributors: {
					contributor: [
						{
							'credit-name': { value: 'X' },
							'contributor-attributes': { 'contributor-role': 'boss' },
						},
					],
				},
			}),
			9058,
		],
		['unknown field', 'work', { ...work('10.1/a'), colour: 'blue' }, 9047],
		['text where an object is expected', 'work', { ...work('10.1/a'), title: 'A title' }, 9047],
		[
			'affiliation ending before it starts',
			'employment',
			employment({ 'end-date': { year: { value: '2019' } } }),
			9055,
		],
		[
			'affiliation without a disambiguated org',
			'employment',
			employment({ organization: { name: 'Somewhere', address: { city: 'X', country: 'US' } } }),
			9045,
		],
		[
			'employment without a city',
			'employment',
			employment({ organization: organization('Brown', { country: 'US' }, '1', 'RINGGOLD') }),
			9060,
		],
		[
			'unknown disambiguation source',
			'education',
			employment({
				organization: organization('Brown', { city: 'P', country: 'US' }, '1', 'WIKIDATA'),
			}),
			9045,
		],
		[
			'funding end without start',
			'funding',
			funding('1', { 'end-date': { year: { value: '2020' } } }),
			9050,
		],
		['unknown funding type', 'funding', funding('1', { type: 'gift' }), 9051],
	])('%s -> 400/%i', async (_name, section, body, code) => {
		const r = await postFresh(section, body);
		expect(r.status).toBe(400);
		expect(r.body['error-code']).toBe(code);
	});

	it('malformed JSON -> 400/9001; malformed XML -> 400/9001', async () => {
		const json = await postFresh('work', '{"title": ');
		expect(json.status).toBe(400);
		expect(json.body['error-code']).toBe(9001);
		const { post } = await fresh();
		const xml = await post(
			'work',
			'<work:work xmlns:work="http://www.orcid.org/ns/work"><unclosed>',
			{ contentType: XML_TYPE, accept: XML_TYPE },
		);
		expect(xml.status).toBe(400);
		expect(xml.text).toContain('<error:error-code>9001</error:error-code>');
	});

	it('a schema-invalid XML work -> 400/9020 naming the element', async () => {
		const xml = `<?xml version="1.0" encoding="UTF-8"?>
<work:work xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">
	<work:title><common:title>T</common:title></work:title>
	<work:colour>blue</work:colour>
	<work:type>journal-article</work:type>
</work:work>`;
		const { post } = await fresh();
		const r = await post('work', xml, { contentType: XML_TYPE, accept: XML_TYPE });
		expect(r.status).toBe(400);
		expect(r.headers.get('content-type')).toContain(XML_TYPE);
		expect(r.text).toContain('<error:error-code>9020</error:error-code>');
		expect(r.text).toContain('colour');
	});

	it('an XML body whose root is another item -> 400', async () => {
		const xml = `<keyword:keyword xmlns:keyword="http://www.orcid.org/ns/keyword"><keyword:content>k</keyword:content></keyword:keyword>`;
		const r = await postFresh('work', xml, XML_TYPE);
		expect(r.status).toBe(400);
	});

	it('an unsupported Content-Type -> 415', async () => {
		const r = await postFresh('work', 'title=x', 'application/x-www-form-urlencoded');
		expect(r.status).toBe(415);
		expect(r.body['error-code']).toBe(9001);
	});
});

describe("ORCID's own checks behind the schema", () => {
	// the XSD already refuses these shapes; with JSON schema checks off the server rules still apply
	const loose = TestEmulator.forSuite({ validateJson: false });

	it.each<[string, unknown, number]>([
		['a work with an empty title', { ...work('10.1/e'), title: { title: { value: '' } } }, 9022],
		[
			'a work without a title',
			{ type: 'book', 'external-ids': work('10.1/e')['external-ids'] },
			9022,
		],
		[
			'a work without a type',
			{ title: { title: { value: 't' } }, 'external-ids': work('10.1/e')['external-ids'] },
			9037,
		],
	])('%s -> 400/%i', async (_name, body, code) => {
		const orcid = await loose.researcher();
		const token = await loose.token(orcid);
		const r = await call('POST', loose.member(`/${orcid}/work`), { token, body });
		expect(r.status).toBe(400);
		expect(r.body['error-code']).toBe(code);
	});
});

describe('tokens and scopes on writes', () => {
	it('missing scope -> 403; a two-legged token cannot write to a record', async () => {
		const orcid = await t.researcher();
		const readOnly = await t.token(orcid, '/read-limited');
		const r = await call('POST', t.member(`/${orcid}/work`), {
			token: readOnly,
			body: work('10.2/a'),
		});
		expect(r.status).toBe(403);
		expect(r.body['error-code']).toBe(9038);
		const person = await t.token(orcid, '/person/update');
		const w = await call('POST', t.member(`/${orcid}/work`), {
			token: person,
			body: work('10.2/a'),
		});
		expect(w.status).toBe(403);
		const kw = await call('POST', t.member(`/${orcid}/keywords`), {
			token: person,
			body: { content: 'ok' },
		});
		expect(kw.status).toBe(201);
		const twoLegged = await t.clientToken('/read-public');
		const tl = await call('POST', t.member(`/${orcid}/work`), {
			token: twoLegged,
			body: work('10.2/b'),
		});
		expect(tl.status).toBe(403);
	});

	it('a token revoked through the control API -> 401 invalid_token; DELETE still accepted', async () => {
		const { orcid, token, post, create } = await fresh();
		const pc = await create('work', work('10.2/rev'));
		await t.control('POST', '/_emulator/revoke', { token });
		const read = await call('GET', t.member(`/${orcid}/works`), { token });
		expect(read.status).toBe(401);
		expect(read.body).toEqual({
			error: 'invalid_token',
			error_description: `Invalid access token: ${token}`,
		});
		const write = await post('work', work('10.2/rev2'));
		expect(write.status).toBe(401);
		const del = await call('DELETE', t.member(`/${orcid}/work/${pc}`), { token });
		expect(del.status).toBe(204);
	});

	it('a token the client revoked is refused for DELETE too', async () => {
		const { orcid, token, create } = await fresh();
		const pc = await create('work', work('10.2/crev'));
		const body = new URLSearchParams({
			client_id: MEMBER.clientId,
			client_secret: MEMBER.clientSecret,
			token,
		});
		await fetch(`${t.url}/oauth/revoke`, {
			method: 'POST',
			body,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		const del = await call('DELETE', t.member(`/${orcid}/work/${pc}`), { token });
		expect(del.status).toBe(401);
	});

	it('the public API is read only', async () => {
		const { orcid, token } = await fresh();
		const r = await call('POST', t.pub(`/${orcid}/work`), { token, body: work('10.2/pub') });
		expect(r.status).toBe(405);
	});
});

describe('bulk POST /works', () => {
	it('returns per-item results: created works with put codes, errors for the rest', async () => {
		const { orcid, token, post } = await fresh();
		const existing = await post('work', work('10.3/existing'));
		const bulk = {
			bulk: [
				{ work: work('10.3/one') },
				{ work: work('10.3/EXISTING') },
				{ work: work('10.3/two', { type: 'not-a-type' }) },
				{ work: work('10.3/one') },
			],
		};
		const r = await post('works', bulk);
		expect(r.status).toBe(200);
		const out = r.body.bulk;
		expect(typeof out[0].work['put-code']).toBe('number');
		expect(out[1].error['error-code']).toBe(9021);
		expect(out[1].error['developer-message']).toContain(
			`put-code ${putCodeOf(existing.headers.get('location'))}`,
		);
		expect(out[2].error['error-code']).toBe(9051);
		expect(out[3].error['error-code']).toBe(9021); // duplicates within the same bulk too
		const list = await call('GET', t.member(`/${orcid}/works`), { token });
		expect(list.body.group).toHaveLength(2);
	});

	it('101 works -> 400, nothing written', async () => {
		const { orcid, token, post } = await fresh();
		const bulk = {
			bulk: Array.from({ length: 101 }, (_, i) => ({ work: work(`10.3/many-${i}`) })),
		};
		const r = await post('works', bulk);
		expect(r.status).toBe(400);
		expect(r.body['error-code']).toBe(9006);
		const list = await call('GET', t.member(`/${orcid}/works`), { token });
		expect(list.body.group).toEqual([]);
	});
});

describe('group-id records', () => {
	it('two-legged scope; POST 201, duplicate 409/9025, GET by group-id, paging, PUT, DELETE', async () => {
		const update = await t.clientToken('/group-id-record/update');
		const read = await t.clientToken('/group-id-record/read');
		const researcher = await t.token(JOSIAH);
		const body = {
			name: 'Journal of Tests',
			'group-id': 'issn:1234-5678',
			description: 'd',
			type: 'journal',
		};
		const denied = await call('POST', t.member('/group-id-record'), { token: researcher, body });
		expect(denied.status).toBe(403);
		const created = await call('POST', t.member('/group-id-record'), { token: update, body });
		expect(created.status).toBe(201);
		const pc = putCodeOf(created.headers.get('location'));
		const dup = await call('POST', t.member('/group-id-record'), { token: update, body });
		expect(dup.status).toBe(409);
		expect(dup.body['error-code']).toBe(9025);
		const bad = await call('POST', t.member('/group-id-record'), {
			token: update,
			body: { ...body, 'group-id': 'nope' },
		});
		expect(bad.status).toBe(400);
		const byId = await call('GET', t.member('/group-id-record?group-id=issn:1234-5678'), {
			token: read,
		});
		expect(byId.body['put-code']).toBe(pc);
		const page = await call('GET', t.member('/group-id-record?page-size=1&page=1'), {
			token: read,
		});
		expect(page.body['page-size']).toBe(1);
		expect(page.body['group-id-record']).toHaveLength(1);
		expect(page.body.total).toBeGreaterThanOrEqual(1);
		const readCannotWrite = await call('DELETE', t.member(`/group-id-record/${pc}`), {
			token: read,
		});
		expect(readCannotWrite.status).toBe(403);
		const put = await call('PUT', t.member(`/group-id-record/${pc}`), {
			token: update,
			body: { ...body, name: 'Renamed', 'put-code': pc },
		});
		expect(put.status).toBe(200);
		expect(put.body.name).toBe('Renamed');
		expect(
			(await call('DELETE', t.member(`/group-id-record/${pc}`), { token: update })).status,
		).toBe(204);
		expect((await call('GET', t.member(`/group-id-record/${pc}`), { token: read })).status).toBe(
			404,
		);
	});

	it('a peer review needs an existing group unless it is an ISSN group', async () => {
		const { orcid, post } = await fresh();
		const review = (groupId: string) => ({
			'reviewer-role': 'reviewer',
			'review-identifiers': {
				'external-id': [
					{
						'external-id-type': 'source-work-id',
						'external-id-value': groupId,
						'external-id-relationship': 'self',
					},
				],
			},
			'review-type': 'review',
			'review-completion-date': { year: { value: '2020' } },
			'review-group-id': groupId,
			'convening-organization': {
				name: 'ORCID',
				address: { city: 'Bethesda', country: 'US' },
				'disambiguated-organization': {
					'disambiguated-organization-identifier': '385488',
					'disambiguation-source': 'RINGGOLD',
				},
			},
		});
		const missing = await post('peer-review', review('ringgold:999999'));
		expect(missing.status).toBe(400);
		expect(missing.body['error-code']).toBe(9026);
		const issn = await post('peer-review', review('issn:0000-0019'));
		expect(issn.status).toBe(201);
		const list = await call('GET', t.pub(`/${orcid}/peer-reviews`));
		expect(list.body.group[0]['external-ids']['external-id'][0]).toMatchObject({
			'external-id-type': 'peer-review',
			'external-id-value': 'issn:0000-0019',
		});
		expect(list.body.group[0]['peer-review-group'][0]['peer-review-summary']).toHaveLength(1);
	});
});

describe('notification-permission', () => {
	const notification = {
		'notification-type': 'permission',
		'authorization-url': {
			path: `/oauth/authorize?client_id=${MEMBER.clientId}&response_type=code&scope=/activities/update&redirect_uri=http://127.0.0.1:5678/cb`,
		},
		'notification-subject': 'your publications',
		'notification-intro': 'We would like to add your publications.',
		items: { item: [{ 'item-type': 'work', 'item-name': 'A Really Interesting Article' }] },
	};

	it('POST 201 with Location, GET, DELETE archives; 9009 once read', async () => {
		const token = await t.clientToken('/premium-notification');
		const orcid = await t.researcher();
		const { post } = t.writer(orcid, token);
		const r = await post('notification-permission', notification);
		expect(r.status).toBe(201);
		const location = r.headers.get('location') as string;
		expect(location).toMatch(new RegExp(`/v3\\.0/${orcid}/notification-permission/\\d+$`));
		const pc = putCodeOf(location);
		const got = await call('GET', t.member(`/${orcid}/notification-permission/${pc}`), { token });
		expect(got.status).toBe(200);
		expect(got.body['notification-subject']).toBe('your publications');
		expect(got.body['authorization-url'].uri).toContain('/oauth/authorize?client_id=');
		const archived = await call('DELETE', t.member(`/${orcid}/notification-permission/${pc}`), {
			token,
		});
		expect(archived.status).toBe(200);
		expect(archived.body['archived-date'].value).toBeGreaterThan(0);
		const second = await post('notification-permission', notification);
		const pc2 = putCodeOf(second.headers.get('location'));
		await t.control('POST', `/_emulator/notifications/${pc2}/read`);
		const read = await call('DELETE', t.member(`/${orcid}/notification-permission/${pc2}`), {
			token,
		});
		expect(read.status).toBe(403);
		expect(read.body['error-code']).toBe(9009);
		const unknown = await call('GET', t.member(`/${orcid}/notification-permission/1`), { token });
		expect(unknown.body['error-code']).toBe(9029);
	});

	it('a researcher who opted out -> 409/9032; the scope is required', async () => {
		const token = await t.clientToken('/premium-notification');
		const orcid = await t.researcher({ notificationsOptOut: true });
		const { post } = t.writer(orcid, token);
		const r = await post('notification-permission', notification);
		expect(r.status).toBe(409);
		expect(r.body['error-code']).toBe(9032);
		const plain = await t.clientToken('/read-public');
		const denied = await call(
			'POST',
			t.member(`/${await t.researcher()}/notification-permission`),
			{ token: plain, body: notification },
		);
		expect(denied.status).toBe(403);
	});
});

describe('contributor-email: the wrapped form (ORCID’s Java model) and the plain form (ORCID’s bulk sample)', () => {
	const EMAIL = 'josiah@example.org';
	const FORMS: Array<[string, unknown]> = [
		['wrapped', { value: EMAIL }],
		['plain', EMAIL],
	];

	function contributors(email: unknown, role: string) {
		return {
			contributor: [
				{
					'credit-name': { value: 'Josiah Carberry' },
					'contributor-email': email,
					'contributor-attributes': { 'contributor-role': role },
				},
			],
		};
	}

	const emailFunding = (email: unknown) =>
		funding('G-EMAIL', {
			title: { title: { value: 'Grant with a contributor email' } },
			contributors: contributors(email, 'lead'),
		});

	async function storedEmail(orcid: string, putCode: number): Promise<unknown> {
		const state = await t.control('GET', `/_emulator/records/${orcid}`);
		const item = state.items.find((i: { putCode: number }) => i.putCode === putCode);
		return item.data.contributors.contributor[0]['contributor-email'];
	}

	it.each(FORMS)(
		'a work with a %s email -> 201, stored in one form, never read back',
		async (_f, email) => {
			const { orcid, token, post } = await fresh();
			const r = await post(
				'work',
				work('10.1000/email', { contributors: contributors(email, 'author') }),
			);
			expect(r.status).toBe(201);
			const pc = putCodeOf(r.headers.get('location'));
			expect(await storedEmail(orcid, pc)).toEqual({ value: EMAIL });
			// ORCID keeps contributor emails private: reads leave them out
			const json = await call('GET', t.member(`/${orcid}/work/${pc}`), { token });
			expect(json.body.contributors.contributor[0]).not.toHaveProperty('contributor-email');
			expect(json.body.contributors.contributor[0]['credit-name']).toEqual({
				value: 'Josiah Carberry',
			});
			const xml = await call('GET', t.member(`/${orcid}/work/${pc}`), { token, accept: XML_TYPE });
			expect(xml.text).not.toContain(EMAIL);
		},
	);

	it.each(FORMS)(
		'a funding with a %s email -> 201; XML shows a plain text element',
		async (form, email) => {
			// a client id of ORCID's own form, so that the answer's source validates too
			const clientId = form === 'plain' ? 'APP-EMAILPLAIN000001' : 'APP-EMAILWRAP0000001';
			await t.control('POST', '/_emulator/clients', {
				clientId,
				clientSecret: 'email-secret',
				apiType: 'member',
			});
			const orcid = await t.researcher();
			const token = await t.token(orcid, '/read-limited /activities/update', clientId);
			const { post } = t.writer(orcid, token);
			const r = await post('funding', emailFunding(email));
			expect(r.status).toBe(201);
			const pc = putCodeOf(r.headers.get('location'));
			expect(await storedEmail(orcid, pc)).toEqual({ value: EMAIL });
			const xml = await call('GET', t.member(`/${orcid}/funding/${pc}`), {
				token,
				accept: XML_TYPE,
			});
			expect(xml.status).toBe(200);
			expect(xml.text).toMatch(
				new RegExp(`<(\\w+):contributor-email>${EMAIL}</\\1:contributor-email>`),
			);
			expect((await validateAgainstXsd('funding:funding', xml.text)).errors).toEqual([]);
		},
	);

	it('a work written as XML stores its email in the same form as JSON', async () => {
		const { orcid, post } = await fresh();
		const xml = `<?xml version="1.0" encoding="UTF-8"?>
<work:work xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">
	<work:title><common:title>Work with an email, in XML</common:title></work:title>
	<work:type>journal-article</work:type>
	<common:external-ids><common:external-id>
		<common:external-id-type>doi</common:external-id-type>
		<common:external-id-value>10.1000/email-xml</common:external-id-value>
		<common:external-id-relationship>self</common:external-id-relationship>
	</common:external-id></common:external-ids>
	<work:contributors><work:contributor>
		<work:credit-name>Josiah Carberry</work:credit-name>
		<work:contributor-email>${EMAIL}</work:contributor-email>
	</work:contributor></work:contributors>
</work:work>`;
		const r = await post('work', xml, { contentType: XML_TYPE });
		expect(r.status).toBe(201);
		expect(await storedEmail(orcid, putCodeOf(r.headers.get('location')))).toEqual({
			value: EMAIL,
		});
	});

	it('a bulk POST mixing both forms creates both works', async () => {
		const { orcid, post } = await fresh();
		const r = await post('works', {
			bulk: FORMS.map(([form, email]) => ({
				work: work(`10.1000/bulk-email-${form}`, { contributors: contributors(email, 'author') }),
			})),
		});
		expect(r.status).toBe(200);
		const codes = r.body.bulk.map((e: { work?: { 'put-code': number } }) => e.work?.['put-code']);
		expect(codes.every((c: unknown) => typeof c === 'number')).toBe(true);
		for (const pc of codes) expect(await storedEmail(orcid, pc)).toEqual({ value: EMAIL });
	});

	it.each<[string, unknown]>([
		['an unknown field beside value', { value: EMAIL, type: 'work' }],
		['an object as value', { value: { address: EMAIL } }],
		['an array', [EMAIL]],
	])('%s -> 400/9047', async (_name, email) => {
		const { post } = await fresh();
		const r = await post(
			'work',
			work('10.1000/bad-email', { contributors: contributors(email, 'author') }),
		);
		expect(r.status).toBe(400);
		expect(r.body['error-code']).toBe(9047);
		expect(r.body['developer-message']).toContain('contributor-email');
	});
});

describe('XML answers of the write endpoints', () => {
	it('bulk results, group-id records and notifications are valid against their XSDs', async () => {
		// a client id of ORCID's own form, so that sources validate too
		const client = { clientId: 'APP-XMLCHECK00000001', clientSecret: 'xml-secret' };
		await t.control('POST', '/_emulator/clients', { ...client, apiType: 'member' });
		const orcid = await t.researcher();
		const token = await t.token(orcid, '/activities/update', client.clientId);
		const { post } = t.writer(orcid, token);
		const bulk = await post(
			'works',
			{ bulk: [{ work: work('10.9/x1') }, { work: work('10.9/x1') }] },
			{ accept: XML_TYPE },
		);
		expect(bulk.text).toContain('<error:error>');
		expect((await validateAgainstXsd('bulk:bulk', bulk.text)).errors).toEqual([]);

		const groupToken = await t.clientToken('/group-id-record/update', client);
		const g = await call('POST', t.member('/group-id-record'), {
			token: groupToken,
			body: { name: 'X', 'group-id': 'issn:2222-3333', description: 'd', type: 'journal' },
		});
		const gx = await call(
			'GET',
			t.member(`/group-id-record/${putCodeOf(g.headers.get('location'))}`),
			{ token: groupToken, accept: XML_TYPE },
		);
		expect((await validateAgainstXsd('group-id:group-id-record', gx.text)).errors).toEqual([]);

		const noteToken = await t.clientToken('/premium-notification', client);
		const n = await call('POST', t.member(`/${orcid}/notification-permission`), {
			token: noteToken,
			body: {
				'notification-type': 'permission',
				'authorization-url': { path: '/oauth/authorize?client_id=x' },
				'notification-subject': 's',
				'notification-intro': 'i',
				items: { item: [{ 'item-type': 'work', 'item-name': 'W' }] },
			},
		});
		const nx = await call('GET', n.headers.get('location') as string, {
			token: noteToken,
			accept: XML_TYPE,
		});
		expect((await validateAgainstXsd('notification:notification', nx.text)).errors).toEqual([]);
	});
});

describe('webhooks', () => {
	let server: http.Server;
	const received: Array<{ path: string; body: string }> = [];
	let callbackBase = '';

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received.push({ path: req.url as string, body });
				res.writeHead(req.url?.includes('fail') ? 500 : 204);
				res.end();
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		callbackBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise((r) => server.close(r));
	});

	const hookUrl = (orcid: string, cb: string) =>
		`${t.emu.memberApi}/${orcid}/webhook/${encodeURIComponent(cb)}`;

	/** Waits until every call the emulator owes is made (delivered or given up after retries). */
	async function webhooksDone(): Promise<void> {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const p = await t.control('GET', '/_emulator/webhooks/pending');
			if (p.batched + p.inFlight + p.retrying === 0) return;
			if (Date.now() > deadline)
				throw new Error(`webhook calls still pending: ${JSON.stringify(p)}`);
			await new Promise((r) => setTimeout(r, 20));
		}
	}

	it('PUT 201 then 204, a POST with an empty body per burst of edits, DELETE 204 then 404/9028', async () => {
		const { orcid, token, post } = await fresh();
		const webhookToken = await t.clientToken('/webhook');
		const cb = `${callbackBase}/${orcid}/updated`;
		const researcherToken = await call('PUT', hookUrl(orcid, cb), { token });
		expect(researcherToken.status).toBe(403);
		const created = await call('PUT', hookUrl(orcid, cb), { token: webhookToken });
		expect(created.status).toBe(201);
		expect(created.headers.get('location')).toBe(hookUrl(orcid, cb));
		expect((await call('PUT', hookUrl(orcid, cb), { token: webhookToken })).status).toBe(204);

		// a batch as long as ORCID's: the three edits fall in it whatever the machine's speed
		await t.control('PUT', '/_emulator/config', { webhookDelayMs: 3_600_000 });
		const before = received.length;
		for (const doi of ['10.4/w1', '10.4/w2', '10.4/w3']) {
			expect((await post('work', work(doi))).status).toBe(201);
		}
		expect(await t.control('GET', '/_emulator/webhooks/pending')).toEqual({
			batched: 1,
			inFlight: 0,
			retrying: 0,
		});
		await t.control('POST', '/_emulator/webhooks/flush');
		await webhooksDone();
		await t.control('PUT', '/_emulator/config', { webhookDelayMs: 100 });
		const calls = received.slice(before).filter((c) => c.path === `/${orcid}/updated`);
		expect(calls).toHaveLength(1); // three edits, one call
		expect(calls[0].body).toBe('');
		const log = await t.control('GET', '/_emulator/webhooks/deliveries');
		expect(log.filter((d: any) => d.orcid === orcid && d.outcome === 'delivered')).toHaveLength(1);

		expect((await call('DELETE', hookUrl(orcid, cb), { token: webhookToken })).status).toBe(204);
		const gone = await call('DELETE', hookUrl(orcid, cb), { token: webhookToken });
		expect(gone.status).toBe(404);
		expect(gone.body['error-code']).toBe(9028);
		await post('work', work('10.4/after'));
		// an edit batches its call before the write is answered: none is batched, none comes
		expect(await t.control('GET', '/_emulator/webhooks/pending')).toEqual({
			batched: 0,
			inFlight: 0,
			retrying: 0,
		});
		expect(received.slice(before).filter((c) => c.path === `/${orcid}/updated`)).toHaveLength(1);
	});

	it('a failing callback is retried with a growing delay', async () => {
		const { orcid, post } = await fresh();
		const webhookToken = await t.clientToken('/webhook');
		const cb = `${callbackBase}/${orcid}/fail`;
		await call('PUT', hookUrl(orcid, cb), { token: webhookToken });
		await post('work', work('10.4/retry'));
		await webhooksDone();
		const attempts = received.filter((c) => c.path === `/${orcid}/fail`);
		expect(attempts).toHaveLength(3);
		const retryDelay = (await t.control('GET', '/_emulator/config')).webhookRetryDelayMs;
		const log = await t.control('GET', '/_emulator/webhooks/deliveries');
		expect(
			log.filter((d: any) => d.orcid === orcid).map((d: any) => [d.attempt, d.waitedMs, d.status]),
		).toEqual([
			[1, 0, 500],
			[2, retryDelay, 500],
			[3, 2 * retryDelay, 500],
		]);
	});

	it('only the registering client may unregister', async () => {
		const { orcid } = await fresh();
		const webhookToken = await t.clientToken('/webhook');
		const cb = `${callbackBase}/${orcid}/x`;
		await call('PUT', hookUrl(orcid, cb), { token: webhookToken });
		const other = await t.clientToken('/webhook', {
			clientId: 'APP-SECONDCLIENT0001',
			clientSecret: 'second-secret',
		});
		const r = await call('DELETE', hookUrl(orcid, cb), { token: other });
		expect(r.status).toBe(403);
	});
});

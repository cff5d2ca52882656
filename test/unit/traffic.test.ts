import {
	CompiledSecrets,
	isSecretKey,
	REDACTED,
	redact,
	redactUrl,
	trafficRecord,
} from '../../nodes/shared/http/traffic';

const ACCESS = 'f5af9f51-07e6-4332-8f1a-c0c11c1e3728';
const REFRESH = 'f725f747-3a65-49f6-a231-3e8944ce464d';
const SECRET = 'emu-member-secret';
const JWT =
	'eyJraWQiOiJzYW5kYm94LW9yY2lkLW9yZy0zaHBnb3NsM2I2bGFwZW5oMWV3c2dkb2IzZmF3ZXBvaiIsImFsZyI6IlJTMjU2In0.eyJhdF9oYXNoIjoiaDRERmhkYUVqZ3dqT2paQS1VQnB3dyIsImF1ZCI6IkFQUC0xIn0.c2lnbmF0dXJl';

describe('redact', () => {
	it('removes values under secret keys at any depth, whatever their case or separator', () => {
		const out = redact({
			headers: { Authorization: `Bearer ${ACCESS}`, Accept: 'application/json' },
			form: {
				grant_type: 'authorization_code',
				code: 'WkiYjn',
				client_id: 'APP-1',
				client_secret: SECRET,
			},
			tokens: [{ access_token: ACCESS, 'refresh-token': REFRESH, idToken: JWT }],
			stored: { accessToken: 'orcidenc:v1:abc', tokenEncryptionKey: 'k', linkSigningSecret: 'l' },
			empty: { access_token: '', refresh_token: null },
		});
		expect(out).toEqual({
			headers: { Authorization: REDACTED, Accept: 'application/json' },
			form: {
				grant_type: 'authorization_code',
				code: REDACTED,
				client_id: 'APP-1',
				client_secret: REDACTED,
			},
			tokens: [{ access_token: REDACTED, 'refresh-token': REDACTED, idToken: REDACTED }],
			stored: { accessToken: REDACTED, tokenEncryptionKey: REDACTED, linkSigningSecret: REDACTED },
			empty: { access_token: '', refresh_token: null },
		});
	});

	it('keeps ORCID data that only looks similar', () => {
		const work = {
			'put-code': 123,
			'error-code': 9021,
			'external-ids': {
				'external-id': [{ 'external-id-type': 'doi', 'external-id-value': '10.1/x' }],
			},
			'currency-code': 'EUR',
			orcid: '0000-0002-1825-0097',
			client_id: 'APP-1',
			scope: '/read-limited /activities/update',
		};
		expect(redact(work)).toEqual(work);
	});

	it('redacts key=value pairs in URLs, query strings and form bodies', () => {
		expect(redactUrl(`http://x/cb?code=WkiYjn&state=abc`)).toBe(
			`http://x/cb?code=${REDACTED}&state=abc`,
		);
		expect(
			redact(
				`grant_type=refresh_token&refresh_token=${REFRESH}&client_id=APP-1&client_secret=${encodeURIComponent(SECRET)}`,
			),
		).toBe(
			`grant_type=refresh_token&refresh_token=${REDACTED}&client_id=APP-1&client_secret=${REDACTED}`,
		);
		expect(redact(`token=${ACCESS}`)).toBe(`token=${REDACTED}`);
		expect(redact('error-code=9021&x=1')).toBe('error-code=9021&x=1');
	});

	it('redacts JSON and XML held as text', () => {
		expect(redact(`{"access_token":"${ACCESS}","orcid":"0000-0002-1825-0097"}`)).toBe(
			`{"access_token":"${REDACTED}","orcid":"0000-0002-1825-0097"}`,
		);
		expect(redact(`<oauth:refresh_token>${REFRESH}</oauth:refresh_token>`)).toBe(
			`<oauth:refresh_token>${REDACTED}</oauth:refresh_token>`,
		);
	});

	it('redacts bearer values, JWTs and tokens ORCID echoes in messages', () => {
		expect(redact(`Authorization: Bearer ${ACCESS}`)).toBe(`Authorization: Bearer ${REDACTED}`);
		expect(redact(`id ${JWT} end`)).toBe(`id ${REDACTED} end`);
		expect(
			redact({
				error: 'invalid_token',
				error_description: `Invalid access token: ${ACCESS}`,
			}),
		).toEqual({ error: 'invalid_token', error_description: `Invalid access token: ${REDACTED}` });
		expect(redact('Reused authorization code: Diko4F')).toBe(
			`Reused authorization code: ${REDACTED}`,
		);
	});

	it("keeps our own field messages readable ('Access Token: the token is ...')", () => {
		for (const message of [
			'Access Token: the stored token record says the token is revoked (item 3)',
			'Access Token: no access token given (item 0)',
			'Refresh Token: must be text, got number',
			'Item 3, field "accessToken": the stored token record says the token is revoked',
			'Item 0, field "accessToken": no access token given',
		]) {
			expect(redact(message)).toBe(message);
		}
		// a token right after the label is still taken out, also when prose follows it
		expect(redact(`Access Token: ${ACCESS} is not valid`)).toBe(
			`Access Token: ${REDACTED} is not valid`,
		);
		expect(redact('Invalid access token: the')).toBe(`Invalid access token: ${REDACTED}`);
	});

	it('redacts every known secret wherever it appears, also URL-encoded', () => {
		const text = `weird ${SECRET} and ${encodeURIComponent('s3cr3t/with+chars')} and ${ACCESS}`;
		expect(redact(text, [SECRET, 's3cr3t/with+chars', ACCESS])).toBe(
			`weird ${REDACTED} and ${REDACTED} and ${REDACTED}`,
		);
		// very short known values are not hunted in free text (they would hit ordinary words)
		expect(redact('the cat', ['cat'])).toBe('the cat');
	});

	it('does not change its input and copes with cycles', () => {
		const input: Record<string, unknown> = { access_token: ACCESS, nested: { a: 1 } };
		input.self = input;
		const out = redact(input) as Record<string, unknown>;
		expect(input.access_token).toBe(ACCESS);
		expect(out.access_token).toBe(REDACTED);
		expect(out.self).toBe('[circular]');
	});

	it("never redacts in the caller's object, however deep the secret", () => {
		const input = {
			bulk: [
				{ work: { title: { title: { value: 'A' } } } },
				{ work: { note: `Bearer ${ACCESS}`, deeper: [{ access_token: ACCESS }] } },
			],
		};
		const before = structuredClone(input);
		const out = redact(input, [ACCESS]);
		expect(input).toEqual(before);
		expect(JSON.stringify(out)).not.toContain(ACCESS);
	});

	it('gives back the very same body when there is nothing to redact in it', () => {
		const work = {
			title: { title: { value: 'A title' } },
			'external-ids': {
				'external-id': [{ 'external-id-type': 'doi', 'external-id-value': '10.1/x' }],
			},
			'put-code': 12,
			empty: { access_token: '', refresh_token: null, token: undefined },
			already: { access_token: REDACTED },
		};
		const body = { bulk: [{ work }, { work }] };
		expect(redact(body, [ACCESS, SECRET])).toBe(body);
		const list = [work];
		expect(redact(list)).toBe(list);
	});

	it("copies only the path to a secret; everything beside it stays the caller's", () => {
		const title = { title: { value: 'A title' } };
		const ids = { 'external-id': [{ 'external-id-type': 'doi', 'external-id-value': '10.1/x' }] };
		const secretHolder = { note: `quoted ${ACCESS}`, kept: { a: 1 } };
		const other = { work: { title } };
		const extraList = [secretHolder];
		const copied = { work: { title, 'external-ids': ids, extra: extraList } };
		const body = { bulk: [other, copied] };
		const out = redact(body, [ACCESS]) as typeof body;
		expect(out).not.toBe(body);
		expect(out.bulk).not.toBe(body.bulk);
		// the untouched sibling and the untouched parts of the copied work are shared
		expect(out.bulk[0]).toBe(other);
		const work = out.bulk[1].work as Record<string, unknown>;
		expect(work).not.toBe(copied.work);
		expect(work.title).toBe(title);
		expect(work['external-ids']).toBe(ids);
		const extra = work.extra as Array<Record<string, unknown>>;
		expect(extra).not.toBe(extraList);
		expect(extra[0]).not.toBe(secretHolder);
		expect(extra[0]).toEqual({ note: `quoted ${REDACTED}`, kept: { a: 1 } });
		expect(extra[0].kept).toBe(secretHolder.kept);
		// a secret under a secret key is copied the same way
		const form = { grant_type: 'refresh_token', refresh_token: REFRESH, meta: { a: 1 } };
		const redactedForm = redact(form) as typeof form;
		expect(redactedForm).toEqual({
			grant_type: 'refresh_token',
			refresh_token: REDACTED,
			meta: { a: 1 },
		});
		expect(redactedForm.meta).toBe(form.meta);
		expect(form.refresh_token).toBe(REFRESH);
	});

	it('an object met twice (not inside itself) is no cycle', () => {
		const work = { title: { title: { value: 'A' } } };
		const withSecret = { note: `Bearer ${ACCESS}` };
		const out = redact({ a: work, b: work, c: withSecret, d: withSecret }) as Record<
			string,
			unknown
		>;
		expect(out.a).toBe(work);
		expect(out.b).toBe(work);
		expect(out.c).toEqual({ note: `Bearer ${REDACTED}` });
		expect(out.d).toEqual({ note: `Bearer ${REDACTED}` });
	});

	it('knows the secret key names', () => {
		for (const key of ['Authorization', 'client_secret', 'clientSecret', 'ID-TOKEN', 'code']) {
			expect(isSecretKey(key)).toBe(true);
		}
		for (const key of ['client_id', 'error-code', 'put-code', 'orcid', 'state']) {
			expect(isSecretKey(key)).toBe(false);
		}
	});
});

describe('trafficRecord', () => {
	it('redacts url, bodies and error text and drops empty optional fields', () => {
		const record = trafficRecord(
			{
				time: '2026-11-24T00:00:00.000Z',
				method: 'POST',
				url: `http://x/oauth/token?access_token=${ACCESS}`,
				status: null,
				durationMs: 3,
				retries: 1,
				requestBody: { code: 'WkiYjn', redirect_uri: 'http://127.0.0.1:1/cb' },
				responseBody: `echo ${SECRET}`,
				orcidErrorCode: null,
				error: `ECONNRESET: socket hang up while sending ${ACCESS}`,
			},
			[ACCESS, SECRET],
		);
		expect(record).toEqual({
			time: '2026-11-24T00:00:00.000Z',
			method: 'POST',
			url: `http://x/oauth/token?access_token=${REDACTED}`,
			status: null,
			durationMs: 3,
			retries: 1,
			requestBody: { code: REDACTED, redirect_uri: 'http://127.0.0.1:1/cb' },
			responseBody: `echo ${REDACTED}`,
			orcidErrorCode: null,
			error: `ECONNRESET: socket hang up while sending ${REDACTED}`,
		});
		expect(Object.keys(record)).not.toContain('node');
		expect(Object.keys(record)).not.toContain('itemIndex');
	});

	it('keeps a body with nothing to redact as the very object that was sent', () => {
		const requestBody = { bulk: [{ work: { title: { title: { value: 'A' } } } }] };
		const responseBody = {
			bulk: [{ work: { 'put-code': 7, path: '/0000-0002-1825-0097/work/7' } }],
		};
		const record = trafficRecord(
			{
				time: '2026-11-24T00:00:00.000Z',
				method: 'POST',
				url: 'http://x/v3.0/0000-0002-1825-0097/works',
				status: 200,
				durationMs: 3,
				retries: 0,
				requestBody,
				responseBody,
				orcidErrorCode: null,
			},
			new CompiledSecrets([ACCESS]),
		);
		expect(record.requestBody).toBe(requestBody);
		expect(record.responseBody).toBe(responseBody);
	});

	it('finds every one of many secrets, added before and after records were built', () => {
		// a Sync Diff run knows a token per researcher; they arrive as the reads start
		const tokens = Array.from(
			{ length: 700 },
			(_, i) => `${String(i).padStart(8, '0')}-07e6-4332-8f1a-c0c11c1e3728`,
		);
		const compiled = new CompiledSecrets(tokens.slice(0, 300));
		const record = (token: string) => ({
			time: '2026-11-24T00:00:00.000Z',
			method: 'GET',
			url: 'http://x/v3.0/0000-0002-1825-0097/activities',
			status: 200,
			durationMs: 3,
			retries: 0,
			requestBody: null,
			responseBody: { note: `quoted ${token} and ${encodeURIComponent(token)}`, title: 'A title' },
			orcidErrorCode: null,
		});
		expect(trafficRecord(record(tokens[299]), compiled).responseBody).toEqual({
			note: `quoted ${REDACTED} and ${REDACTED}`,
			title: 'A title',
		});
		compiled.add(tokens.slice(300));
		for (const token of [tokens[0], tokens[255], tokens[256], tokens[511], tokens[699]]) {
			const out = trafficRecord(record(token), compiled);
			expect(JSON.stringify(out)).not.toContain(token);
			expect(out.responseBody).toEqual(trafficRecord(record(token), [token]).responseBody);
		}
	});

	it('redacts the same with the secrets compiled once as with their list', () => {
		const record = {
			time: '2026-11-24T00:00:00.000Z',
			method: 'POST',
			url: `http://x/v3.0/0000-0002-1825-0097/work?token=${ACCESS}`,
			status: 400,
			durationMs: 3,
			retries: 0,
			requestBody: {
				title: { title: { value: `A title quoting ${SECRET}` } },
				note: `Bearer ${REFRESH}`,
				plain: 'Benchmark work 1 of researcher 1',
			},
			responseBody: { 'user-message': `Invalid access token: ${ACCESS}`, 'error-code': 9021 },
			orcidErrorCode: '9021',
		};
		const compiled = new CompiledSecrets([ACCESS, SECRET]);
		const once = trafficRecord(record, compiled);
		expect(once).toEqual(trafficRecord(record, [ACCESS, SECRET]));
		expect(JSON.stringify(once)).not.toContain(ACCESS);
		expect(JSON.stringify(once)).not.toContain(SECRET);
		expect(JSON.stringify(once)).not.toContain(REFRESH);
		expect((once.requestBody as { plain: string }).plain).toBe('Benchmark work 1 of researcher 1');
		// the same patterns serve the next record too (global regexps keep no position)
		expect(trafficRecord(record, compiled)).toEqual(once);
	});
});

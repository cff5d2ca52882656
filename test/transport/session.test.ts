/**
 * OrcidSession against a loopback HTTP server, through n8n's real request function.
 */
import {
	existingPutCodeOf,
	httpStatusOf,
	isTokenRevokedError,
	isUnclearWriteError,
	movedRecordOf,
	orcidErrorCodeOf,
	OrcidSession,
	type OrcidMethod,
	type OrcidRequest,
	type OrcidResponse,
	type OrcidSessionOptions,
} from '../../nodes/shared/http/transport';
import { RateLimiter } from '../../nodes/shared/http/limiter';
import {
	caught,
	CLIENT_ID,
	CLIENT_SECRET,
	fakeOrcidPerTest,
	json,
	ORCID,
	orcidXmlError,
	recordingSleep,
	RESEARCHER_TOKEN,
	reset,
	sessionAt,
	startFakeOrcid,
	xml,
	type FakeOrcid,
	type SeenRequest,
} from './helpers';

const CLIENT_TOKEN = 'c1c1c1c1-0000-4000-8000-clienttoken1';

const orcid = fakeOrcidPerTest();

function session(options: OrcidSessionOptions = {}, config = {}) {
	return { s: sessionAt(orcid.url, { random: () => 0.5, ...options }, config) };
}

/** A call on the researcher's own record with their token: the shape most tests send. */
function onRecord(
	s: OrcidSession,
	method: OrcidMethod,
	path: string,
	extra: Partial<OrcidRequest> = {},
): Promise<OrcidResponse> {
	return s.request({
		api: 'member',
		method,
		path: `/${ORCID}${path}`,
		token: RESEARCHER_TOKEN,
		...extra,
	});
}

function apiCalls(): SeenRequest[] {
	return orcid.requests.filter((r) => !r.path.startsWith('/oauth/'));
}

describe('retries', () => {
	it('retries a 503 burst on a read with growing, jittered backoff, then succeeds', async () => {
		let n = 0;
		orcid.handle((req, res) => {
			n++;
			if (n <= 3) return json(res, 503, { message: 'busy' });
			json(res, 200, { path: req.path });
		});
		const { waits, sleep } = recordingSleep();
		const { s } = session({ sleep, random: () => 1 });
		const res = await onRecord(s, 'GET', '/works');
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ path: `/api/v3.0/${ORCID}/works` });
		expect(orcid.requests).toHaveLength(4);
		expect(waits).toEqual([500, 1000, 2000]);
		expect(s.traffic.map((t) => [t.status, t.retries])).toEqual([
			[503, 0],
			[503, 1],
			[503, 2],
			[200, 3],
		]);
	});

	it('keeps backoff within 0.5..1 of the doubled step and caps it', async () => {
		orcid.handle((_req, res) => json(res, 502, {}));
		const { waits, sleep } = recordingSleep();
		const { s } = session({ sleep, random: () => 0, maxRetries: 6 });
		const error = await caught(
			s.request({ api: 'public', method: 'GET', path: '/x', token: 't-123456' }),
		);
		expect(waits).toEqual([250, 500, 1000, 2000, 4000, 4000]);
		expect(httpStatusOf(error)).toBe(502);
		expect(error.message).toBe('ORCID answered HTTP 502');
		expect(error.description).toContain('7 attempts');
	});

	it('honours Retry-After in seconds and as an HTTP date', async () => {
		let n = 0;
		const now = Date.parse('2026-11-24T10:00:00Z');
		orcid.handle((_req, res) => {
			n++;
			if (n === 1) return json(res, 429, {}, { 'Retry-After': '2' });
			if (n === 2) return json(res, 503, {}, { 'Retry-After': 'Tue, 24 Nov 2026 10:00:07 GMT' });
			json(res, 200, { ok: true });
		});
		const { waits, sleep } = recordingSleep();
		// the clock stands still: the limiter's pacing waits are not the retry waits asked about
		const limiter = new RateLimiter({
			requestsPerSecond: 24,
			burst: 40,
			clock: () => now,
			sleep: async () => {},
		});
		const { s } = session({ sleep, clock: () => now, limiter });
		const res = await s.request({
			api: 'member',
			method: 'PUT',
			path: `/${ORCID}/work/1`,
			body: { a: 1 },
			token: 't-123456',
		});
		expect(res.status).toBe(200);
		expect(waits).toEqual([2000, 7000]);
	});

	it('does not wait for a Retry-After longer than the limit and says so', async () => {
		orcid.handle((_req, res) => {
			res.writeHead(429, { 'Retry-After': '3600', 'Content-Type': 'text/plain' });
			res.end(
				'Too Many Requests. You have exceeded the daily quota for anonymous usage of this API.',
			);
		});
		const { waits, sleep } = recordingSleep();
		const { s } = session({ sleep });
		const error = await caught(
			s.request({ api: 'public', method: 'GET', path: `/${ORCID}/record`, token: 't-123456' }),
		);
		expect(waits).toEqual([]);
		expect(apiCalls()).toHaveLength(1);
		expect(httpStatusOf(error)).toBe(429);
		expect(error.message).toContain('rate or daily quota exceeded');
		expect(error.description).toContain('ORCID asked to wait 3600 s');
		expect(error.description).toContain('exceeded the daily quota');
	});

	it('retries reads, PUT and DELETE after a connection reset', async () => {
		for (const method of ['GET', 'PUT', 'DELETE'] as const) {
			let n = 0;
			orcid.handle((_req, res, raw) => {
				n++;
				if (n === 1) return reset(raw);
				json(res, 200, { method });
			});
			const { s } = session({ sleep: recordingSleep().sleep });
			const res = await s.request({
				api: 'member',
				method,
				path: `/${ORCID}/work/5`,
				token: 't-123456',
				body: method === 'PUT' ? { x: 1 } : undefined,
			});
			expect(res.body).toEqual({ method });
			expect(n).toBe(2);
			expect(s.traffic[0].status).toBeNull();
			expect(s.traffic[0].error).toMatch(/^ECONNRESET/);
		}
	});

	it('gives up after maxRetries with a clear network error', async () => {
		orcid.handle((_req, _res, raw) => reset(raw));
		const { s } = session({ sleep: recordingSleep().sleep, maxRetries: 2 });
		const error = await caught(
			s.request({
				api: 'member',
				method: 'GET',
				path: `/${ORCID}/works`,
				token: 't-123456',
				itemIndex: 3,
			}),
		);
		expect(orcid.requests).toHaveLength(3);
		expect(error.message).toBe(
			`Could not reach ORCID (ECONNRESET) for GET ${orcid.url}/api/v3.0/${ORCID}/works`,
		);
		expect(error.description).toContain('Tried 3 times');
		expect(error.context.itemIndex).toBe(3);
	});
});

describe('POST: never written twice', () => {
	const WORK = {
		title: { title: { value: 'A' } },
		'external-ids': {
			'external-id': [
				{
					'external-id-type': 'doi',
					'external-id-value': '10.1/a',
					'external-id-relationship': 'self',
				},
			],
		},
	};

	/** A fake member API holding works; POST answers 201 + Location. */
	function worksServer(
		behaviour: (
			n: number,
			raw: import('http').IncomingMessage,
		) => 'apply-then-reset' | 'apply-then-500' | 'reset-before-apply' | 'normal' | number,
		lookupStatuses: number[] = [],
	) {
		const works = new Map<number, unknown>();
		let next = 1000;
		let posts = 0;
		orcid.handle((req, res, raw) => {
			if (req.method === 'POST' && req.path.endsWith('/work')) {
				posts++;
				const how = behaviour(posts, raw);
				if (typeof how === 'number') return json(res, how, {});
				if (how === 'reset-before-apply') return reset(raw);
				const putCode = next++;
				works.set(putCode, JSON.parse(req.body));
				if (how === 'apply-then-reset') return reset(raw);
				if (how === 'apply-then-500') return json(res, 500, { 'error-code': 9008 });
				res.writeHead(201, { Location: `${orcid.url}/api/v3.0/${ORCID}/work/${putCode}` });
				return res.end();
			}
			if (req.method === 'GET' && req.path.endsWith('/works')) {
				const failing = lookupStatuses.shift();
				if (failing !== undefined) return json(res, failing, { 'error-code': 9008 });
				return json(res, 200, {
					group: [...works.entries()].map(([pc, w]) => ({
						'work-summary': [{ 'put-code': pc, ...(w as object) }],
					})),
				});
			}
			json(res, 404, {});
		});
		return { works, posts: () => posts };
	}

	function settleBySelfId(s: OrcidSession) {
		let lookups = 0;
		const settle = async (): Promise<OrcidResponse | null> => {
			lookups++;
			const list = await onRecord(s, 'GET', '/works', { retryServerErrors: true });
			const groups = (
				list.body as { group: Array<{ 'work-summary': Array<Record<string, unknown>> }> }
			).group;
			for (const g of groups) {
				for (const w of g['work-summary']) {
					const ids = (w['external-ids'] as (typeof WORK)['external-ids'])['external-id'];
					if (ids.some((id) => id['external-id-value'] === '10.1/a')) {
						return { status: 201, headers: {}, body: null, putCode: w['put-code'] as number };
					}
				}
			}
			return null;
		};
		return { settle, lookups: () => lookups };
	}

	it('settles a POST whose connection reset after ORCID applied it, without a second write', async () => {
		const server = worksServer(() => 'apply-then-reset');
		const { s } = session({ sleep: recordingSleep().sleep });
		const { settle, lookups } = settleBySelfId(s);
		const res = await onRecord(s, 'POST', '/work', { body: WORK, settle });
		expect(res).toEqual({ status: 201, headers: {}, body: null, putCode: 1000, settled: true });
		expect(server.posts()).toBe(1);
		expect(server.works.size).toBe(1);
		expect(lookups()).toBe(1);
		expect(s.traffic.map((t) => `${t.method} ${t.status}`)).toEqual(['POST null', 'GET 200']);
	});

	it('re-sends a POST only after settle() confirmed ORCID does not hold it', async () => {
		const server = worksServer((n) => (n === 1 ? 'reset-before-apply' : 'normal'));
		const { s } = session({ sleep: recordingSleep().sleep });
		const { settle, lookups } = settleBySelfId(s);
		const res = await onRecord(s, 'POST', '/work', { body: WORK, settle });
		expect(res.status).toBe(201);
		expect(res.putCode).toBe(1000);
		expect(res.settled).toBeUndefined();
		expect(server.posts()).toBe(2);
		expect(server.works.size).toBe(1);
		expect(lookups()).toBe(1);
	});

	it('settles a POST answered by a 502 or 504 gateway error', async () => {
		for (const status of [502, 504]) {
			orcid.requests.length = 0;
			const server = worksServer((n) => (n === 1 ? status : 'normal'));
			const { s } = session({ sleep: recordingSleep().sleep });
			const { settle } = settleBySelfId(s);
			const res = await onRecord(s, 'POST', '/work', { body: WORK, settle });
			expect(res.status).toBe(201);
			expect(server.posts()).toBe(2);
		}
	});

	it('settles a POST answered 500: found when ORCID applied it, posted again only when not', async () => {
		const applied = worksServer((n) => (n === 1 ? 'apply-then-500' : 'normal'));
		const one = session({ sleep: recordingSleep().sleep }).s;
		const found = await onRecord(one, 'POST', '/work', {
			body: WORK,
			settle: settleBySelfId(one).settle,
		});
		expect(found).toMatchObject({ putCode: 1000, settled: true });
		expect([applied.posts(), applied.works.size]).toEqual([1, 1]);

		const refused = worksServer((n) => (n === 1 ? 500 : 'normal'));
		const two = session({ sleep: recordingSleep().sleep }).s;
		const posted = await onRecord(two, 'POST', '/work', {
			body: WORK,
			settle: settleBySelfId(two).settle,
		});
		expect(posted.putCode).toBe(1000);
		expect([refused.posts(), refused.works.size]).toEqual([2, 1]);
	});

	it("retries the settling lookup on ORCID's 500 with the usual backoff", async () => {
		const server = worksServer(() => 'apply-then-reset', [500, 500]);
		const { waits, sleep } = recordingSleep();
		const { s } = session({ sleep });
		const res = await onRecord(s, 'POST', '/work', {
			body: WORK,
			settle: settleBySelfId(s).settle,
		});
		expect(res).toMatchObject({ putCode: 1000, settled: true });
		expect(server.posts()).toBe(1);
		expect(s.traffic.map((t) => `${t.method} ${t.status}`)).toEqual([
			'POST null',
			'GET 500',
			'GET 500',
			'GET 200',
		]);
		// one wait before looking, then one per retried lookup, growing like any retry
		expect(waits).toHaveLength(3);
		expect(waits[2]).toBeGreaterThan(waits[1]);
	});

	it('a read that decides nothing is not retried on 500', async () => {
		worksServer(() => 'normal', [500]);
		const { s } = session({ sleep: recordingSleep().sleep });
		const error = await caught(onRecord(s, 'GET', '/works'));
		expect(error.httpCode).toBe('500');
		expect(s.traffic).toHaveLength(1);
	});

	it('without settle(), an unclear POST fails without being re-sent', async () => {
		const server = worksServer(() => 'apply-then-reset');
		const { s } = session({ sleep: recordingSleep().sleep });
		const error = await caught(onRecord(s, 'POST', '/work', { body: WORK, itemIndex: 2 }));
		expect(server.posts()).toBe(1);
		expect(isUnclearWriteError(error)).toBe(true);
		expect(error.message).toBe(
			`ORCID may or may not have applied the POST to /${ORCID}/work: the connection failed after the request was sent (ECONNRESET)`,
		);
		expect(error.description).toContain('not sent again');
		expect(error.context.itemIndex).toBe(2);
	});

	it('retries a POST on 503 and 429 (ORCID rejected it before applying)', async () => {
		const server = worksServer((n) => (n === 1 ? 503 : n === 2 ? 429 : 'normal'));
		const { waits, sleep } = recordingSleep();
		const { s } = session({ sleep });
		const res = await onRecord(s, 'POST', '/work', { body: WORK });
		expect(res.putCode).toBe(1000);
		expect(server.posts()).toBe(3);
		expect(waits).toHaveLength(2);
	});

	it('retries a POST whose connection was refused (never sent)', async () => {
		const port = orcid.port;
		await orcid.close();
		let restarted: FakeOrcid | undefined;
		const sleep = async () => {
			if (!restarted) {
				restarted = await startFakeOrcid(port);
				restarted.handle((_req, res) => {
					res.writeHead(201, { Location: `http://x/v3.0/${ORCID}/work/77` });
					res.end();
				});
			}
		};
		const s = sessionAt(`http://127.0.0.1:${port}`, { sleep });
		try {
			const res = await onRecord(s, 'POST', '/work', { body: WORK });
			expect(res.putCode).toBe(77);
			expect(s.traffic[0].error).toMatch(/^ECONNREFUSED/);
			expect(restarted!.requests).toHaveLength(1);
		} finally {
			await restarted?.close();
			await orcid.restart();
		}
	});
});

describe('ORCID errors', () => {
	it('reports 401 invalid_token as a revoked token, without the token in the message', async () => {
		orcid.handle((_req, res) =>
			json(res, 401, {
				error: 'invalid_token',
				error_description: `Invalid access token: ${RESEARCHER_TOKEN}`,
			}),
		);
		const { s } = session();
		const error = await caught(onRecord(s, 'GET', '/works', { itemIndex: 4 }));
		expect(isTokenRevokedError(error)).toBe(true);
		expect(orcidErrorCodeOf(error)).toBe('invalid_token');
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe(
			'The ORCID token was revoked or has expired (invalid_token, HTTP 401)',
		);
		expect(error.description).toContain('Invalid access token: [redacted]');
		expect(JSON.stringify(error)).not.toContain(RESEARCHER_TOKEN);
		expect(error.context.itemIndex).toBe(4);
		expect(apiCalls()).toHaveLength(1);
	});

	it('reports invalid_scope on a researcher token as revoked (narrowed or revoked access)', async () => {
		orcid.handle((_req, res) =>
			json(res, 400, { error: 'invalid_scope', error_description: 'Invalid scope' }),
		);
		const { s } = session();
		const error = await caught(onRecord(s, 'GET', '/works'));
		expect(isTokenRevokedError(error)).toBe(true);
	});

	it('does not call other 401s revoked (9017: token for another record)', async () => {
		orcid.handle((_req, res) =>
			json(res, 401, {
				'response-code': 401,
				'developer-message':
					'401 Unauthorized: The client application is not authorized for this ORCID record.',
				'user-message': 'The client application is not authorized.',
				'error-code': 9017,
				'more-info': 'https://members.orcid.org/api/resources/troubleshooting',
			}),
		);
		const { s } = session();
		const error = await caught(onRecord(s, 'GET', '/works'));
		expect(isTokenRevokedError(error)).toBe(false);
		expect(orcidErrorCodeOf(error)).toBe('9017');
		expect(error.message).toBe(
			`The access token is not for the record ${ORCID}: it was issued to another researcher (ORCID error 9017, HTTP 401)`,
		);
		expect(error.context.field).toBe('accessToken');
		expect(error.description).toContain('not authorized for this ORCID record');
		expect(error.description).toContain('https://members.orcid.org/api/resources/troubleshooting');
	});

	const DUPLICATE = {
		'response-code': 409,
		'developer-message':
			'409 Conflict: You have already added this activity (matched by external identifiers), please see element with put-code 1234. If you are trying to edit the item, please use PUT instead of POST.',
		'user-message': 'There is a conflict with the data.',
		'error-code': 9021,
		'more-info': 'https://members.orcid.org/api/resources/troubleshooting',
	};

	it('surfaces ORCID error code 9021 on a 409, with the existing put code', async () => {
		orcid.handle((_req, res) => json(res, 409, DUPLICATE));
		const { s } = session();
		const error = await caught(onRecord(s, 'POST', '/work', { body: { a: 1 } }));
		expect(orcidErrorCodeOf(error)).toBe('9021');
		expect(httpStatusOf(error)).toBe(409);
		expect(error.httpCode).toBe('409');
		expect(existingPutCodeOf(error)).toBe(1234);
		expect(error.message).toBe('ORCID error 9021 (HTTP 409): There is a conflict with the data.');
		expect(s.traffic[0].orcidErrorCode).toBe('9021');
		expect(apiCalls()).toHaveLength(1);
	});

	it('returns listed statuses instead of throwing', async () => {
		orcid.handle((_req, res) => json(res, 409, DUPLICATE));
		const { s } = session();
		const res = await onRecord(s, 'POST', '/work', { body: { a: 1 }, okStatuses: [409] });
		expect(res.status).toBe(409);
		expect(res.body).toEqual(DUPLICATE);
	});

	it('reads XML error bodies too', async () => {
		const body = orcidXmlError(
			400,
			9020,
			'400 Bad Request: Invalid incoming message & more',
			'Invalid data.',
		);
		orcid.handle((_req, res) => xml(res, 400, body));
		const { s } = session();
		const error = await caught(onRecord(s, 'POST', '/work', { body: '<work:work/>' }));
		expect(orcidErrorCodeOf(error)).toBe('9020');
		expect(error.description).toBe('400 Bad Request: Invalid incoming message & more');
	});

	it('surfaces a moved (merged) record with its primary iD and does not follow it', async () => {
		const PRIMARY = '0000-0001-5109-3700';
		orcid.handle((req, res) => {
			if (req.path.includes(ORCID)) {
				res.writeHead(301, { Location: `${orcid.url}/api/v3.0/${PRIMARY}/works` });
				return res.end(
					JSON.stringify({
						'response-code': 301,
						'developer-message':
							'301 Moved Permanently: This account is deprecated. Please refer to account: https://orcid.org/' +
							PRIMARY,
						'error-code': 9007,
					}),
				);
			}
			return json(res, 200, { followed: true });
		});
		const { s } = session();
		const error = await caught(onRecord(s, 'GET', '/works'));
		expect(movedRecordOf(error)).toBe(PRIMARY);
		expect(orcidErrorCodeOf(error)).toBe('9007');
		expect(httpStatusOf(error)).toBe(301);
		expect(error.message).toBe(
			`The ORCID record was merged into ${PRIMARY} (deprecated record, HTTP 301)`,
		);
		const res = await onRecord(s, 'GET', '/works', { okStatuses: [301] });
		expect(res.movedTo).toBe(PRIMARY);
		expect(orcid.requests.every((r) => r.path.includes(ORCID))).toBe(true);
	});

	it('explains an HTML page from the website host', async () => {
		orcid.handle((_req, res) => {
			res.writeHead(403, { 'Content-Type': 'text/html' });
			res.end('<!DOCTYPE html><html><body>Sign in</body></html>');
		});
		const { s } = session();
		const error = await caught(onRecord(s, 'GET', '/works'));
		expect(error.message).toBe('ORCID answered with a web page instead of API data (HTTP 403)');
		expect(error.description).toContain('API base URLs');
	});
});

describe('media types and tokens', () => {
	it('sends ORCID JSON with the researcher bearer token, and reads put codes from Location', async () => {
		orcid.handle((_req, res) => {
			res.writeHead(201, { Location: `${orcid.url}/api/v3.0/${ORCID}/work/4321` });
			res.end();
		});
		const { s } = session();
		const res = await onRecord(s, 'POST', '/work', { body: { title: 'x' }, qs: { a: 1 } });
		expect(res).toMatchObject({
			status: 201,
			putCode: 4321,
			location: `${orcid.url}/api/v3.0/${ORCID}/work/4321`,
			body: null,
		});
		const [seen] = orcid.requests;
		expect(seen.path).toBe(`/api/v3.0/${ORCID}/work?a=1`);
		expect(seen.headers.accept).toBe('application/vnd.orcid+json');
		expect(seen.headers['content-type']).toBe('application/vnd.orcid+json');
		expect(seen.headers.authorization).toBe(`Bearer ${RESEARCHER_TOKEN}`);
		expect(JSON.parse(seen.body)).toEqual({ title: 'x' });
		expect(orcid.requests.some((r) => r.path.startsWith('/oauth'))).toBe(false);
	});

	it('passes XML through untouched in both directions', async () => {
		const XML =
			'<?xml version="1.0" encoding="UTF-8"?><work:work xmlns:work="http://www.orcid.org/ns/work"><work:title><common:title>T &amp; U</common:title></work:title></work:work>';
		orcid.handle((req, res) => {
			if (req.path === '/oauth/token') return json(res, 200, { access_token: CLIENT_TOKEN });
			xml(res, 200, XML);
		});
		const { s } = session();
		const res = await onRecord(s, 'PUT', '/work/1', { body: XML });
		expect(res.body).toBe(XML);
		const [seen] = orcid.requests;
		expect(seen.headers['content-type']).toBe('application/vnd.orcid+xml');
		expect(seen.headers.accept).toBe('application/vnd.orcid+xml');
		expect(seen.body).toBe(XML);
		const read = await s.request({
			api: 'public',
			method: 'GET',
			path: `/${ORCID}/work/1`,
			format: 'xml',
		});
		expect(read.body).toBe(XML);
		expect(orcid.requests.at(-1)!.headers.accept).toBe('application/vnd.orcid+xml');
	});

	it("uses the client's two-legged token, fetched once per scope as a real form post", async () => {
		orcid.handle((req, res) => {
			if (req.path === '/oauth/token') {
				const form = new URLSearchParams(req.body);
				return json(res, 200, {
					access_token: `${CLIENT_TOKEN}${form.get('scope')}`,
					token_type: 'bearer',
					refresh_token: 'r-client-refresh-1',
					expires_in: 631138518,
					scope: form.get('scope'),
					orcid: null,
				});
			}
			json(res, 200, { auth: req.headers.authorization });
		});
		const { s } = session();
		for (let i = 0; i < 3; i++) {
			const res = await s.request({ api: 'public', method: 'GET', path: `/${ORCID}/record` });
			expect(res.body).toEqual({ auth: `Bearer ${CLIENT_TOKEN}/read-public` });
		}
		await s.request({
			api: 'webhook',
			method: 'PUT',
			path: `/${ORCID}/webhook/${encodeURIComponent('https://x.org/cb')}`,
			clientScope: '/webhook',
		});
		const tokenCalls = orcid.requests.filter((r) => r.path === '/oauth/token');
		expect(tokenCalls).toHaveLength(2);
		expect(tokenCalls[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(tokenCalls[0].headers.accept).toBe('application/json');
		expect(Object.fromEntries(new URLSearchParams(tokenCalls[0].body))).toEqual({
			grant_type: 'client_credentials',
			scope: '/read-public',
			client_id: CLIENT_ID,
			client_secret: CLIENT_SECRET,
		});
		const webhook = orcid.requests.at(-1)!;
		expect(webhook.path).toBe(`/api/${ORCID}/webhook/https%3A%2F%2Fx.org%2Fcb`);
		expect(webhook.headers['content-length']).toBe('0');
		expect(webhook.headers.authorization).toBe(`Bearer ${CLIENT_TOKEN}/webhook`);
		// API calls never carry the client's id or secret
		for (const r of apiCalls()) {
			expect(JSON.stringify(r)).not.toContain(CLIENT_SECRET);
			expect(JSON.stringify(r)).not.toContain(CLIENT_ID);
		}
	});

	it("renews the client's token once when ORCID says it is invalid", async () => {
		let issued = 0;
		orcid.handle((req, res) => {
			if (req.path === '/oauth/token')
				return json(res, 200, { access_token: `client-token-${++issued}` });
			if (req.headers.authorization === 'Bearer client-token-1')
				return json(res, 401, {
					error: 'invalid_token',
					error_description: 'Invalid access token: client-token-1',
				});
			json(res, 200, { ok: true });
		});
		const { s } = session();
		const res = await s.request({ api: 'public', method: 'GET', path: `/${ORCID}/record` });
		expect(res.body).toEqual({ ok: true });
		expect(issued).toBe(2);
	});

	it('decrypts orcidenc: tokens with the credential key and refuses a wrong key', async () => {
		const { encryptToken } = await import('../../nodes/shared/auth/tokens');
		orcid.handle((req, res) => json(res, 200, { auth: req.headers.authorization }));
		const sealed = encryptToken(RESEARCHER_TOKEN, 'the-key-1');
		const { s } = session({}, { tokenEncryptionKey: 'the-key-1' });
		const res = await onRecord(s, 'GET', '/works', { token: sealed });
		expect(res.body).toEqual({ auth: `Bearer ${RESEARCHER_TOKEN}` });

		const wrong = session({}, { tokenEncryptionKey: 'another-key' }).s;
		const error = await caught(onRecord(wrong, 'GET', '/works', { token: sealed, itemIndex: 7 }));
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain('is not the key that encrypted it');
		expect(error.context.itemIndex).toBe(7);
		expect(orcid.requests).toHaveLength(1);
	});
});

describe('token endpoint', () => {
	it('does not re-send a code exchange whose connection reset (a code works once)', async () => {
		orcid.handle((_req, _res, raw) => reset(raw));
		const { s } = session({ sleep: recordingSleep().sleep });
		const error = await caught(
			s.tokenRequest(
				{ grant_type: 'authorization_code', code: 'Ab12Cd', redirect_uri: 'http://127.0.0.1:1/cb' },
				1,
			),
		);
		expect(orcid.requests).toHaveLength(1);
		expect(isUnclearWriteError(error)).toBe(true);
		expect(error.description).toContain('an authorization code works only once');
	});

	it('retries a code exchange on 503 (not applied) and returns the token answer', async () => {
		let n = 0;
		orcid.handle((_req, res) =>
			++n === 1 ? json(res, 503, {}) : json(res, 200, { access_token: 'x-access-1', orcid: ORCID }),
		);
		const { s } = session({ sleep: recordingSleep().sleep });
		const res = await s.tokenRequest({
			grant_type: 'authorization_code',
			code: 'Ab12Cd',
			redirect_uri: 'http://127.0.0.1:1/cb',
		});
		expect(res.body).toEqual({ access_token: 'x-access-1', orcid: ORCID });
		expect(n).toBe(2);
	});

	it('turns OAuth errors into NodeApiErrors; a refused refresh token counts as revoked', async () => {
		orcid.handle((_req, res) =>
			json(res, 400, {
				error: 'invalid_grant',
				error_description: 'Reused authorization code: Ab12Cd',
			}),
		);
		const { s } = session();
		const exchange = await caught(
			s.tokenRequest({
				grant_type: 'authorization_code',
				code: 'Ab12Cd',
				redirect_uri: 'http://x',
			}),
		);
		expect(orcidErrorCodeOf(exchange)).toBe('invalid_grant');
		expect(isTokenRevokedError(exchange)).toBe(false);
		expect(exchange.message).toBe(
			'ORCID error invalid_grant (HTTP 400): Reused authorization code: [redacted]',
		);
		const refresh = await caught(
			s.tokenRequest({ grant_type: 'refresh_token', refresh_token: 'r-123456' }),
		);
		expect(isTokenRevokedError(refresh)).toBe(true);
	});

	it('revokes with the client authentication and the decrypted token', async () => {
		orcid.handle((_req, res) => json(res, 200, {}));
		const { s } = session();
		await s.revokeRequest(RESEARCHER_TOKEN);
		const [seen] = orcid.requests;
		expect(seen.path).toBe('/oauth/revoke');
		expect(Object.fromEntries(new URLSearchParams(seen.body))).toEqual({
			token: RESEARCHER_TOKEN,
			client_id: CLIENT_ID,
			client_secret: CLIENT_SECRET,
		});
	});
});

describe('oauthGet', () => {
	it('reads the OAuth host without client authentication, retrying like a read', async () => {
		let n = 0;
		orcid.handle((req, res) => {
			if (++n === 1) return json(res, 503, {});
			json(res, 200, { keys: [{ kid: 'k1' }], auth: req.headers.authorization ?? null });
		});
		const { s } = session({ sleep: recordingSleep().sleep });
		const jwks = await s.oauthGet('/oauth/jwks');
		expect(jwks.body).toEqual({ keys: [{ kid: 'k1' }], auth: null });
		expect(orcid.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /oauth/jwks',
			'GET /oauth/jwks',
		]);
		expect(orcid.requests[1].headers.accept).toBe('application/json');
		expect(s.traffic.map((t) => t.retries)).toEqual([0, 1]);
	});

	it("sends a researcher's token to userinfo and reports it revoked on 403 access_denied", async () => {
		// ORCID-Source: orcid-web/src/main/java/org/orcid/frontend/web/controllers/OpenIDController.java
		orcid.handle((req, res) =>
			req.headers.authorization === `Bearer ${RESEARCHER_TOKEN}`
				? json(res, 200, { sub: ORCID })
				: json(res, 403, {
						error: 'access_denied',
						'error-description': 'access_token is invalid',
					}),
		);
		const { s } = session();
		expect((await s.oauthGet('oauth/userinfo', { token: RESEARCHER_TOKEN })).body).toEqual({
			sub: ORCID,
		});
		const error = await caught(s.oauthGet('/oauth/userinfo', { token: 'x-1', itemIndex: 1 }));
		expect(isTokenRevokedError(error)).toBe(true);
		expect(error.context.itemIndex).toBe(1);
	});
});

it('refuses an object body in XML format before calling ORCID', async () => {
	const { s } = session();
	const error = await caught(
		onRecord(s, 'POST', '/work', { body: { a: 1 }, format: 'xml', itemIndex: 2 }),
	);
	expect(error.message).toBe('The XML format needs the request body as XML text');
	expect(error.context.itemIndex).toBe(2);
	expect(orcid.requests).toHaveLength(0);
});

it('paces calls by the credential budget on an injected clock (never more than rate + burst in a second)', async () => {
	orcid.handle((_req, res) => json(res, 200, {}));
	let now = Date.parse('2026-11-24T10:00:00Z');
	const s = sessionAt(
		orcid.url,
		{
			clock: () => now,
			sleep: async (ms) => {
				now += ms;
			},
		},
		{ requestsPerSecond: 10, burst: 5 },
	);
	for (let i = 0; i < 60; i++) {
		await onRecord(s, 'GET', '/works');
	}
	const times = s.traffic.map((t) => Date.parse(t.time));
	let max = 0;
	for (let i = 0; i < times.length; i++) {
		max = Math.max(max, times.filter((t) => t >= times[i] && t < times[i] + 1000).length);
	}
	expect(max).toBeLessThanOrEqual(10 + 5);
	expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual(((60 - 5) / 10) * 1000);
	expect(orcid.requests).toHaveLength(60);
});

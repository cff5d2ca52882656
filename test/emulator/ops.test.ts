/**
 * Limits, faults and the control API: the rate limiter (queue, 503), the public daily quota (429),
 * injected faults, the call log, state, reset, client registry, persistence with --data, the CLI,
 * and the package never shipping the emulator.
 */
import { spawn, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestEmulator, JOSIAH, PUBLIC, call, work, putCodeOf } from './helpers';
import { startEmulator } from './index';
import { isValidOrcid } from './lib/orcid-id';

const REPO = path.resolve(__dirname, '../..');

describe('rate limits', () => {
	const t = TestEmulator.forSuite({ limits: { enabled: true } });

	async function burst(n: number, url: string, token?: string) {
		const started = Date.now();
		const results = await Promise.all(
			Array.from({ length: n }, () =>
				call('GET', url, { token }).then((r) => ({
					status: r.status,
					text: r.text,
					at: Date.now() - started,
				})),
			),
		);
		return results;
	}

	it('member client: 24/s, 40 queued and slowed, the rest 503', async () => {
		const token = await t.token(JOSIAH, '/read-limited');
		await t.control('DELETE', '/_emulator/calls');
		const results = await burst(70, t.member(`/${JOSIAH}/works`), token);
		const ok = results.filter((r) => r.status === 200);
		const refused = results.filter((r) => r.status === 503);
		expect(ok.length + refused.length).toBe(70);
		// one at once and forty from the queue, plus what the queue drained while the burst arrived
		const arrivals = (await t.control('GET', '/_emulator/calls')).map((c: any) =>
			Date.parse(c.time),
		);
		const spreadMs = Math.max(...arrivals) - Math.min(...arrivals);
		expect(ok.length).toBeGreaterThanOrEqual(41);
		expect(ok.length).toBeLessThanOrEqual(41 + Math.ceil((spreadMs * 24) / 1000) + 1);
		expect(refused.length).toBeGreaterThan(0);
		expect(refused[0].text).toContain('503 Service Temporarily Unavailable');
		// the queue drains at 24 per second: the last answer comes after about 40/24 s
		const last = Math.max(...ok.map((r) => r.at));
		expect(last).toBeGreaterThan(1400);
		expect(last).toBeLessThan(4000);
	});

	it('public client: 12/s', async () => {
		const token = await t.clientToken('/read-public', PUBLIC);
		const started = Date.now();
		const results = await burst(14, t.pub(`/${JOSIAH}/works`), token);
		expect(results.every((r) => r.status === 200)).toBe(true);
		// 13 waiting requests at 12 per second
		expect(Date.now() - started).toBeGreaterThan(900);
	});

	it('switched off: no queue, no 503', async () => {
		await t.control('PUT', '/_emulator/limits', { enabled: false });
		const token = await t.token(JOSIAH, '/read-limited');
		const results = await burst(70, t.member(`/${JOSIAH}/works`), token);
		expect(results.filter((r) => r.status !== 200)).toEqual([]);
		await t.control('PUT', '/_emulator/limits', { enabled: true, resetCounters: true });
	});

	it('public API daily quota -> 429, plain text; per IP for anonymous callers, per client for others', async () => {
		await t.control('PUT', '/_emulator/limits', {
			anonymousDailyQuota: 2,
			publicDailyQuota: 3,
			resetCounters: true,
		});
		const anon = [];
		for (let i = 0; i < 3; i++) anon.push(await call('GET', t.pub(`/${JOSIAH}/record`)));
		expect(anon.map((r) => r.status)).toEqual([200, 200, 429]);
		expect(anon[2].headers.get('content-type')).toContain('text/plain');
		expect(anon[2].text).toContain('Too Many Requests');
		const token = await t.clientToken('/read-public', PUBLIC);
		const known = [];
		for (let i = 0; i < 4; i++)
			known.push((await call('GET', t.pub(`/${JOSIAH}/record`), { token })).status);
		expect(known).toEqual([200, 200, 200, 429]);
		const member = await call('GET', t.member(`/${JOSIAH}/record`), {
			token: await t.token(JOSIAH, '/read-limited'),
		});
		expect(member.status).toBe(200); // the member API has no daily quota
		await t.control('PUT', '/_emulator/limits', {
			anonymousDailyQuota: 100000,
			publicDailyQuota: 100000,
			resetCounters: true,
		});
	});
});

describe('faults', () => {
	const t = TestEmulator.forSuite();
	afterEach(async () => {
		await t.control('DELETE', '/_emulator/faults');
	});

	it('latency', async () => {
		await t.control('POST', '/_emulator/faults', {
			type: 'latency',
			latencyMs: 300,
			path: `/pub/v3.0/${JOSIAH}/person`,
		});
		const started = Date.now();
		const r = await call('GET', t.pub(`/${JOSIAH}/person`));
		expect(r.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('a one-shot 503 on a path, then normal answers', async () => {
		await t.control('POST', '/_emulator/faults', {
			type: 'status',
			status: 503,
			path: `/pub/v3.0/${JOSIAH}/works`,
		});
		const first = await call('GET', t.pub(`/${JOSIAH}/works`));
		expect(first.status).toBe(503);
		const other = await call('GET', t.pub(`/${JOSIAH}/person`));
		expect(other.status).toBe(200);
		const second = await call('GET', t.pub(`/${JOSIAH}/works`));
		expect(second.status).toBe(200);
	});

	it('a 500 twice, only for one method', async () => {
		await t.control('POST', '/_emulator/faults', {
			type: 'status',
			status: 500,
			method: 'POST',
			path: '/api/',
			times: 2,
		});
		const orcid = await t.researcher();
		const token = await t.token(orcid);
		expect((await call('GET', t.member(`/${orcid}/works`), { token })).status).toBe(200);
		const a = await call('POST', t.member(`/${orcid}/work`), { token, body: work('10.6/a') });
		const b = await call('POST', t.member(`/${orcid}/work`), { token, body: work('10.6/a') });
		const c = await call('POST', t.member(`/${orcid}/work`), { token, body: work('10.6/a') });
		expect([a.status, b.status, c.status]).toEqual([500, 500, 201]);
		expect(a.body['error-code']).toBe(9008);
	});

	it('a connection reset', async () => {
		await t.control('POST', '/_emulator/faults', {
			type: 'reset',
			path: `/pub/v3.0/${JOSIAH}/record`,
		});
		await expect(fetch(t.pub(`/${JOSIAH}/record`))).rejects.toThrow();
		expect((await call('GET', t.pub(`/${JOSIAH}/record`))).status).toBe(200);
	});

	it('a reset after the write was applied: no answer, but the work exists', async () => {
		const orcid = await t.researcher();
		const token = await t.token(orcid);
		await t.control('POST', '/_emulator/faults', {
			type: 'reset-after-write',
			method: 'POST',
			path: `/api/v3.0/${orcid}/work`,
		});
		await expect(
			fetch(t.member(`/${orcid}/work`), {
				method: 'POST',
				headers: {
					Authorization: `Bearer ${token}`,
					'Content-Type': 'application/vnd.orcid+json',
					Accept: 'application/vnd.orcid+json',
				},
				body: JSON.stringify(work('10.6/unclear')),
			}),
		).rejects.toThrow();
		const list = await call('GET', t.member(`/${orcid}/works`), { token });
		expect(list.body.group).toHaveLength(1);
		const retry = await call('POST', t.member(`/${orcid}/work`), {
			token,
			body: work('10.6/unclear'),
		});
		expect(retry.status).toBe(409); // a blind retry finds its own work
		const calls = await t.control(
			'GET',
			`/_emulator/calls?path=/api/v3.0/${orcid}/work&method=POST`,
		);
		expect(calls[0]).toMatchObject({ status: 201, fault: 'reset-after-write' });
	});

	it('an error status after the write was applied: a 500, but the work exists', async () => {
		const orcid = await t.researcher();
		const token = await t.token(orcid);
		await t.control('POST', '/_emulator/faults', {
			type: 'status-after-write',
			status: 500,
			method: 'POST',
			path: `/api/v3.0/${orcid}/work`,
		});
		const answer = await call('POST', t.member(`/${orcid}/work`), {
			token,
			body: work('10.6/applied'),
		});
		expect(answer.status).toBe(500);
		expect(answer.body['error-code']).toBe(9008);
		expect(answer.headers.get('location')).toBeNull();
		const list = await call('GET', t.member(`/${orcid}/works`), { token });
		expect(list.body.group).toHaveLength(1);
		const calls = await t.control(
			'GET',
			`/_emulator/calls?path=/api/v3.0/${orcid}/work&method=POST`,
		);
		expect(calls[0]).toMatchObject({ status: 201, fault: 'status-after-write' });
	});

	it('a rate: that share of the matching requests, the same ones for the same seed', async () => {
		const statuses = async (seed: number) => {
			await t.control('DELETE', '/_emulator/faults');
			await t.control('POST', '/_emulator/faults', {
				type: 'status',
				status: 503,
				path: `/pub/v3.0/${JOSIAH}/person`,
				rate: 0.25,
				seed,
				times: 0,
			});
			const out: number[] = [];
			for (let i = 0; i < 200; i++)
				out.push((await call('GET', t.pub(`/${JOSIAH}/person`))).status);
			return out;
		};
		const first = await statuses(7);
		const failed = first.filter((s) => s === 503).length;
		expect(failed).toBeGreaterThan(25);
		expect(failed).toBeLessThan(75);
		expect(first.filter((s) => s !== 503).every((s) => s === 200)).toBe(true);
		expect(await statuses(7)).toEqual(first);
		expect(await statuses(8)).not.toEqual(first);
	});
});

describe('control API', () => {
	const t = TestEmulator.forSuite();

	it('GET /_emulator/clients lists the seeded clients in the contract shape', async () => {
		const clients = await t.control('GET', '/_emulator/clients');
		const ids = clients.map((c: any) => c.clientId).sort();
		expect(ids).toEqual([
			'APP-EMUMEMBER0000001',
			'APP-EMUMEMBERPROD001',
			'APP-EMUPUBLIC0000001',
			'APP-EMUPUBLICPROD001',
		]);
		const member = clients.find((c: any) => c.clientId === 'APP-EMUMEMBER0000001');
		expect(member).toMatchObject({
			clientSecret: 'emu-member-secret',
			apiType: 'member',
			environment: 'sandbox',
		});
		expect(member.redirectUris).toEqual(
			expect.arrayContaining(['http://127.0.0.1:*/', 'http://localhost:*/']),
		);
		expect(member.scopes).toEqual(
			expect.arrayContaining(['/read-limited', '/activities/update', '/webhook']),
		);
		const pub = clients.find((c: any) => c.clientId === 'APP-EMUPUBLICPROD001');
		expect(pub).toMatchObject({ apiType: 'public', environment: 'production' });
		expect(pub.scopes).not.toContain('/activities/update');
		expect(t.emu.clients).toHaveLength(4);
	});

	it('POST /_emulator/clients registers a client that can then authenticate', async () => {
		const c = await t.control('POST', '/_emulator/clients', {
			clientId: 'APP-REGISTERED00001',
			clientSecret: 'reg-secret',
			apiType: 'public',
			environment: 'production',
			redirectUris: ['https://app.example.org/callback'],
			scopes: ['/authenticate', '/read-public'],
		});
		expect(c.clientId).toBe('APP-REGISTERED00001');
		const token = await t.clientToken('/read-public', {
			clientId: 'APP-REGISTERED00001',
			clientSecret: 'reg-secret',
		});
		expect(token).toMatch(/^[0-9a-f-]{36}$/);
		const consent = t.control('POST', '/_emulator/consent', {
			clientId: 'APP-REGISTERED00001',
			orcid: JOSIAH,
			scope: '/authenticate',
			redirectUri: 'http://127.0.0.1:1/cb',
		});
		await expect(consent).rejects.toMatchObject({ status: 400 });
	});

	it('POST /_emulator/consent answers the redirect with code and state', async () => {
		const r = await t.control('POST', '/_emulator/consent', {
			clientId: 'APP-EMUMEMBER0000001',
			orcid: JOSIAH,
			scope: '/read-limited',
			redirectUri: 'http://localhost:9999/callback?x=1',
			state: 'st-1',
		});
		expect(r.redirect).toMatch(
			/^http:\/\/localhost:9999\/callback\?x=1&code=[A-Za-z0-9]{6}&state=st-1$/,
		);
		expect(r.code).toHaveLength(6);
	});

	it('GET /_emulator/state shows items with put codes and sources, tokens and calls', async () => {
		const orcid = await t.researcher();
		const token = await t.token(orcid);
		const created = await call('POST', t.member(`/${orcid}/work`), {
			token,
			body: work('10.7/state'),
		});
		const state = await t.control('GET', '/_emulator/state');
		const items = state.records[orcid].items;
		expect(items).toEqual([
			expect.objectContaining({
				putCode: putCodeOf(created.headers.get('location')),
				type: 'work',
				visibility: 'public',
				source: expect.objectContaining({ clientId: 'APP-EMUMEMBER0000001' }),
			}),
		]);
		expect(state.tokens.some((tk: any) => tk.accessToken === token && tk.orcid === orcid)).toBe(
			true,
		);
		const calls = await t.control('GET', '/_emulator/calls?method=POST');
		expect(calls.at(-1)).toMatchObject({
			method: 'POST',
			path: `/api/v3.0/${orcid}/work`,
			status: 201,
			client: 'APP-EMUMEMBER0000001',
		});
		expect(typeof calls.at(-1).time).toBe('string');
	});

	it('POST /_emulator/researchers seeds flags; POST /_emulator/reset restores the default seed', async () => {
		const orcid = await t.researcher({ givenNames: 'Temp', defaultVisibility: 'limited' });
		expect(orcid).toMatch(/^0009-000\d-\d{4}-\d{3}[\dX]$/);
		expect(isValidOrcid(orcid)).toBe(true);
		await t.control('POST', '/_emulator/reset');
		const r = await call('GET', t.pub(`/${orcid}/record`));
		expect(r.status).toBe(404);
		expect((await call('GET', t.pub(`/${JOSIAH}/record`))).status).toBe(200);
		const calls = await t.control('GET', '/_emulator/calls');
		expect(calls.map((c: any) => [c.path, c.status])).toEqual([
			[`/pub/v3.0/${orcid}/record`, 404],
			[`/pub/v3.0/${JOSIAH}/record`, 200],
		]);
	});

	it('PUT /_emulator/records/{orcid} refuses an invalid iD', async () => {
		await expect(
			t.control('PUT', '/_emulator/records/0000-0002-1825-0098', {}),
		).rejects.toMatchObject({ status: 400 });
	});
});

describe('persistence and the command line', () => {
	it('--data keeps records and tokens across restarts', async () => {
		const dataFile = path.join(os.tmpdir(), `orcid-emu-${process.pid}-${Date.now()}.json`);
		try {
			const first = await startEmulator({
				port: 0,
				dataFile,
				quiet: true,
				limits: { enabled: false },
			});
			const tok = await first.control('POST', '/_emulator/tokens', {
				clientId: 'APP-EMUMEMBER0000001',
				orcid: JOSIAH,
				scope: '/activities/update',
			});
			const created = await call('POST', `${first.memberApi}/v3.0/${JOSIAH}/work`, {
				token: tok.access_token,
				body: work('10.8/persist'),
			});
			expect(created.status).toBe(201);
			await first.stop();
			const second = await startEmulator({
				port: 0,
				dataFile,
				quiet: true,
				limits: { enabled: false },
			});
			const list = await call('GET', `${second.memberApi}/v3.0/${JOSIAH}/works`, {
				token: tok.access_token,
			});
			expect(list.status).toBe(200);
			expect(list.body.group[0]['work-summary'][0]['put-code']).toBe(
				putCodeOf(created.headers.get('location')),
			);
			await second.stop();
		} finally {
			fs.rmSync(dataFile, { force: true });
		}
	});

	it('npm run emulator prints where it listens; --empty starts without a seed', async () => {
		const child = spawn(
			process.execPath,
			[path.join(__dirname, 'cli.js'), '--port', '0', '--empty'],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		try {
			const url = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (c) => {
					out += c;
					const m = /ORCID emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
					if (m) resolve(m[1]);
				});
				child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
			});
			const clients = await (await fetch(`${url}/_emulator/clients`)).json();
			expect(clients).toEqual([]);
		} finally {
			child.kill('SIGTERM');
		}
	});

	it('the published package never contains the emulator', () => {
		const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: REPO,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		});
		const files: string[] = JSON.parse(out)[0].files.map((f: any) => f.path);
		expect(files.length).toBeGreaterThan(0);
		expect(files.filter((f) => f.startsWith('test/') || f.includes('emulator'))).toEqual([]);
		const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
		expect(pkg.files).toEqual(['dist']);
	});
});

/**
 * The emulator plays a real network: a latency profile (reads 150-300 ms, single writes
 * 300-600 ms, bulk POSTs 1-2 s, seedable jitter), and ORCID's limiter counting every request
 * before authentication, per client id, else per IP (ORCID-Source:
 * orcid-pub-web/src/main/java/org/orcid/api/filters/ApiRateLimitFilter.java looks the token's
 * client up whatever the token's state and falls back to the caller's IP). Assertions are on the
 * emulator's recorded delays and counters, never on wall time.
 */
import { JOSIAH, MEMBER, TestEmulator, call, work } from './helpers';

const t = TestEmulator.forSuite({ limits: { enabled: false } });

async function callsSince(id: number) {
	return ((await t.control('GET', '/_emulator/calls')) as any[]).filter((c) => c.id > id);
}

async function lastId(): Promise<number> {
	const calls = (await t.control('GET', '/_emulator/calls')) as any[];
	return calls.length ? calls[calls.length - 1].id : 0;
}

describe('latency profile', () => {
	afterEach(async () => {
		await t.control('PUT', '/_emulator/latency', { enabled: false, resetCounters: true });
	});

	it('delays reads, single writes and bulk POSTs within their ranges, counted per class', async () => {
		const profile = await t.control('PUT', '/_emulator/latency', {
			enabled: true,
			seed: 1,
			resetCounters: true,
		});
		expect(profile).toMatchObject({
			enabled: true,
			read: { minMs: 150, maxMs: 300 },
			write: { minMs: 300, maxMs: 600 },
			bulk: { minMs: 1000, maxMs: 2000 },
		});
		const orcid = await t.researcher();
		const token = await t.token(orcid);
		const since = await lastId();
		await call('GET', t.member(`/${orcid}/works`), { token });
		await call('POST', t.member(`/${orcid}/work`), { token, body: work('10.7777/net.1') });
		await call('POST', t.member(`/${orcid}/works`), {
			token,
			body: { bulk: [{ work: work('10.7777/net.2') }] },
		});
		const [read, write, bulk] = await callsSince(since);
		expect(read.latencyMs).toBeGreaterThanOrEqual(150);
		expect(read.latencyMs).toBeLessThanOrEqual(300);
		expect(write.latencyMs).toBeGreaterThanOrEqual(300);
		expect(write.latencyMs).toBeLessThanOrEqual(600);
		expect(bulk.latencyMs).toBeGreaterThanOrEqual(1000);
		expect(bulk.latencyMs).toBeLessThanOrEqual(2000);
		const { counters } = await t.control('GET', '/_emulator/latency');
		expect(counters).toEqual({
			read: { count: 1, totalMs: read.latencyMs },
			write: { count: 1, totalMs: write.latencyMs },
			bulk: { count: 1, totalMs: bulk.latencyMs },
		});
		// the control API itself is never delayed
		expect((await t.control('GET', '/_emulator/latency')).counters.read.count).toBe(1);
	});

	it('a seed repeats the same jitter; another seed draws other delays', async () => {
		const run = async (seed: number) => {
			await t.control('PUT', '/_emulator/latency', {
				enabled: true,
				read: { minMs: 1, maxMs: 40 },
				seed,
			});
			const since = await lastId();
			for (let i = 0; i < 6; i++) await call('GET', t.pub(`/${JOSIAH}/works`));
			return (await callsSince(since)).map((c) => c.latencyMs);
		};
		const a = await run(42);
		const b = await run(42);
		expect(a).toHaveLength(6);
		expect(a).toEqual(b);
		expect(await run(43)).not.toEqual(a);
		for (const ms of a) {
			expect(ms).toBeGreaterThanOrEqual(1);
			expect(ms).toBeLessThanOrEqual(40);
		}
	});

	it('refuses a range that makes no sense, naming it', async () => {
		await expect(
			t.control('PUT', '/_emulator/latency', { read: { minMs: 300, maxMs: 100 } }),
		).rejects.toThrow(/latency read needs 0 <= minMs <= maxMs/);
	});

	it('is a start option too', async () => {
		const other = await TestEmulator.start({ latency: { enabled: true, seed: 7 } });
		try {
			expect(await other.control('GET', '/_emulator/latency')).toMatchObject({
				enabled: true,
				seed: 7,
				read: { minMs: 150, maxMs: 300 },
			});
		} finally {
			await other.stop();
		}
	});
});

describe('the limiter counts before authentication', () => {
	beforeEach(async () => {
		// one request a second and a queue of two: five at once -> 1 now, 2 queued, 2 refused
		await t.control('PUT', '/_emulator/limits', {
			enabled: true,
			memberRate: 1,
			publicRate: 1,
			burst: 2,
			resetCounters: true,
		});
	});
	afterAll(async () => {
		await t.control('PUT', '/_emulator/limits', {
			enabled: false,
			memberRate: 24,
			publicRate: 12,
			burst: 40,
			resetCounters: true,
		});
	});

	const five = (token: string) =>
		Promise.all(
			Array.from({ length: 5 }, () => call('GET', t.member(`/${JOSIAH}/works`), { token })),
		);

	it('a revoked token is limited under its client id', async () => {
		const token = await t.token(JOSIAH, '/read-limited');
		await t.control('POST', '/_emulator/revoke', { token });
		const statuses = (await five(token)).map((r) => r.status).sort();
		expect(statuses).toEqual([401, 401, 401, 503, 503]);
		const counters = await t.control('GET', '/_emulator/limits/counters');
		expect(counters[`client:${MEMBER.clientId}`]).toMatchObject({
			admitted: 3,
			delayed: 2,
			refused: 2,
		});
	});

	it('an unknown token is limited under the caller’s IP', async () => {
		const statuses = (await five('not-a-token-we-issued')).map((r) => r.status).sort();
		expect(statuses).toEqual([401, 401, 401, 503, 503]);
		const counters = await t.control('GET', '/_emulator/limits/counters');
		const byIp = Object.entries(counters).filter(([key]) => key.startsWith('ip:'));
		expect(byIp).toHaveLength(1);
		expect(byIp[0][1]).toMatchObject({ admitted: 3, delayed: 2, refused: 2 });
		expect(counters[`client:${MEMBER.clientId}`]).toBeUndefined();
	});
});

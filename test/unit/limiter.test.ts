import fc from 'fast-check';

import {
	budgetKey,
	JITTER_MARGIN_MS,
	RateLimiter,
	sharedLimiter,
	callKind,
} from '../../nodes/shared/http/limiter';
import { maxInAnySecond } from '../support/rateWindows';

/** Virtual time: sleep() parks a caller until the driver advances the clock. */
class VirtualTime {
	now = 0;
	private timers: Array<{ at: number; wake: () => void }> = [];

	clock = () => this.now;

	sleep = (ms: number) =>
		new Promise<void>((wake) => {
			this.timers.push({ at: this.now + ms, wake });
		});

	/** Runs until `done` settles: lets callers run, then wakes the earliest timer. */
	async drain(done: Promise<unknown>): Promise<void> {
		let settled = false;
		void done.then(
			() => (settled = true),
			() => (settled = true),
		);
		for (let spins = 0; !settled; spins++) {
			await new Promise((resolve) => setImmediate(resolve));
			if (settled) break;
			if (this.timers.length === 0) {
				if (spins > 1000) throw new Error('virtual time: callers are stuck');
				continue;
			}
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift()!;
			this.now = Math.max(this.now, next.at);
			next.wake();
		}
		await done;
	}
}

/** A limiter at `rate` per second with `burst`, on virtual time. */
function onVirtualTime(rate: number, burst: number) {
	const time = new VirtualTime();
	const limiter = new RateLimiter({
		requestsPerSecond: rate,
		burst,
		clock: time.clock,
		sleep: time.sleep,
	});
	return { time, limiter };
}

describe('RateLimiter', () => {
	it('spaces calls evenly at the rate, with no burst beyond it', async () => {
		const { time, limiter } = onVirtualTime(24, 40);
		const passed: number[] = [];
		const sentAt: number[] = [];
		const run = (async () => {
			for (let i = 0; i < 100; i++) {
				const release = await limiter.acquire();
				release();
				passed.push(time.now);
				sentAt.push(release.sentAt);
			}
		})();
		await time.drain(run);
		// the send time the traffic record takes is the pace's own, at most the rounding before now
		sentAt.forEach((at, i) => expect(passed[i] - at).toBeGreaterThanOrEqual(0));
		sentAt.forEach((at, i) => expect(passed[i] - at).toBeLessThan(1));
		expect(maxInAnySecond(sentAt.map(Math.floor))).toBe(24);
		expect(passed[0]).toBe(0);
		expect(passed[1]).toBe(42); // the first whole millisecond at or after 1000 / 24
		expect(passed[2]).toBe(84); // 2 × 41.67 ms: the pace keeps its fractions, not 2 × 42
		// every 24th call waits for the window of the 24 before it, plus the jitter margin
		expect(passed[24]).toBeGreaterThanOrEqual(1000 + JITTER_MARGIN_MS);
		expect(maxInAnySecond(passed)).toBe(24);
	});

	it('never lets more than floor(rate) calls through in any second, nor more than the burst out at once (concurrent callers, random pauses and latencies)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.double({ min: 0.3, max: 30, noNaN: true }),
				fc.integer({ min: 1, max: 12 }),
				fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 20, maxLength: 120 }),
				fc.integer({ min: 1, max: 20 }),
				async (rate, burst, latencies, workers) => {
					const { time, limiter } = onVirtualTime(rate, burst);
					const passed: number[] = [];
					let out = 0;
					let maxOut = 0;
					const queue = [...latencies];
					const worker = async () => {
						while (queue.length > 0) {
							const latency = queue.shift()!;
							const release = await limiter.acquire();
							out++;
							maxOut = Math.max(maxOut, out, limiter.outstanding);
							passed.push(time.now);
							await time.sleep(latency);
							out--;
							release(latency);
						}
					};
					const all = Promise.all(Array.from({ length: workers }, worker));
					await time.drain(all);
					expect(passed).toHaveLength(latencies.length);
					expect(maxInAnySecond(passed)).toBeLessThanOrEqual(Math.max(1, Math.floor(rate)));
					expect(maxOut).toBeLessThanOrEqual(burst);
					expect(limiter.outstanding).toBe(0);
				},
			),
			{ numRuns: 150 },
		);
	});

	it('keeps callers in the order they asked', async () => {
		const { time, limiter } = onVirtualTime(5, 2);
		const order: number[] = [];
		const all = Promise.all(
			Array.from({ length: 8 }, async (_, i) => {
				const release = await limiter.acquire();
				order.push(i);
				await time.sleep(300);
				release(300);
			}),
		);
		await time.drain(all);
		expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	it('keeps as many researchers busy as rate × observed latency needs, at most the burst', () => {
		const limiter = new RateLimiter({ requestsPerSecond: 24, burst: 40, sleep: async () => {} });
		const before = limiter.inFlightTarget('read');
		expect(before).toBeGreaterThan(1);
		for (let i = 0; i < 50; i++) limiter.observe(200, 'read');
		expect(limiter.observedLatencyMs('read')).toBeCloseTo(200);
		expect(limiter.inFlightTarget('read')).toBe(7); // 24/s × 0.2 s × 1.25 + 1
		for (let i = 0; i < 50; i++) limiter.observe(1500, 'read');
		expect(limiter.inFlightTarget('read')).toBe(40); // 24 × 1.5 s × 1.25 + 1 > 40
		const slow = new RateLimiter({ requestsPerSecond: 0.5, burst: 40, sleep: async () => {} });
		slow.observe(100, 'read');
		expect(slow.inFlightTarget('read')).toBe(2);
	});

	it('each kind of call keeps its own latency: reads answered fast do not starve bulk POSTs', async () => {
		const limiter = new RateLimiter({ requestsPerSecond: 24, burst: 40, sleep: async () => {} });
		// before any answer, the typical times of ORCID's API
		expect(limiter.inFlightTarget('bulk')).toBe(40); // 24 × 1.5 s × 1.25 + 1 > 40
		expect(limiter.inFlightTarget('write')).toBe(15); // 24 × 0.45 s × 1.25 + 1
		for (let i = 0; i < 20; i++) (await limiter.acquire('read'))(200);
		(await limiter.acquire('bulk'))(1200);
		expect(limiter.observedLatencyMs('read')).toBeCloseTo(200);
		expect(limiter.observedLatencyMs('bulk')).toBe(1200);
		expect(limiter.observedLatencyMs('write')).toBeUndefined();
		expect(limiter.inFlightTarget('read')).toBe(7);
		expect(limiter.inFlightTarget('bulk')).toBe(37); // 24 × 1.2 s × 1.25 + 1
	});

	it('follows a slower ORCID at once, a faster one gradually', () => {
		const limiter = new RateLimiter({ requestsPerSecond: 24, burst: 40, sleep: async () => {} });
		// bulk POSTs answered fast for a while (small bodies, a quiet ORCID) ...
		for (let i = 0; i < 50; i++) limiter.observe(100, 'bulk');
		expect(limiter.inFlightTarget('bulk')).toBe(4); // 24 × 0.1 s × 1.25 + 1
		// ... then one 50-work POST takes 1.2 s: the next researchers start without waiting for
		// more answers (an average would have kept 4-10 busy for the next seconds)
		limiter.observe(1200, 'bulk');
		expect(limiter.observedLatencyMs('bulk')).toBe(1200);
		expect(limiter.inFlightTarget('bulk')).toBe(37);
		// a faster answer moves the average a fifth of the way
		limiter.observe(200, 'bulk');
		expect(limiter.observedLatencyMs('bulk')).toBeCloseTo(1000);
	});

	it('tells a call its kind: reads, single writes, bulk POSTs of works', () => {
		expect(callKind('GET', 'https://api.orcid.org/v3.0/0000-0002-1825-0097/activities')).toBe(
			'read',
		);
		expect(callKind('POST', 'https://api.orcid.org/v3.0/0000-0002-1825-0097/works')).toBe('bulk');
		expect(callKind('POST', 'https://api.orcid.org/v3.0/0000-0002-1825-0097/work')).toBe('write');
		expect(callKind('PUT', 'https://api.orcid.org/v3.0/0000-0002-1825-0097/work/12')).toBe('write');
		expect(callKind('DELETE', 'https://api.orcid.org/v3.0/0000-0002-1825-0097/works')).toBe(
			'write',
		);
	});

	it('takes new settings while callers wait', async () => {
		const { time, limiter } = onVirtualTime(10, 1);
		const first = await limiter.acquire();
		let second = false;
		const waiting = limiter.acquire().then((release) => {
			second = true;
			return release;
		});
		await new Promise((resolve) => setImmediate(resolve));
		expect(second).toBe(false); // the burst of 1 is taken
		limiter.configure({ requestsPerSecond: 10, burst: 2 });
		await time.drain(waiting);
		expect(second).toBe(true);
		first();
		(await waiting)();
		expect(limiter.outstanding).toBe(0);
	});

	it('rejects nonsense settings', () => {
		const sleep = async () => {};
		expect(() => new RateLimiter({ requestsPerSecond: 0, burst: 1, sleep })).toThrow(
			'requestsPerSecond',
		);
		expect(() => new RateLimiter({ requestsPerSecond: 5, burst: 0, sleep })).toThrow('burst');
	});
});

describe('one budget per ORCID client in the process', () => {
	const sleep = async () => {};

	it('gives every node run of a client the same limiter, and other clients their own', () => {
		const key = budgetKey('https://api.sandbox.orcid.org/', 'APP-SHARED-1');
		const a = sharedLimiter(key, { requestsPerSecond: 24, burst: 40 }, sleep);
		const b = sharedLimiter(
			budgetKey('https://api.sandbox.orcid.org', 'APP-SHARED-1'),
			{ requestsPerSecond: 24, burst: 40 },
			sleep,
		);
		expect(b).toBe(a);
		const other = sharedLimiter(
			budgetKey('https://api.sandbox.orcid.org', 'APP-OTHER'),
			{ requestsPerSecond: 24, burst: 40 },
			sleep,
		);
		expect(other).not.toBe(a);
		const production = sharedLimiter(
			budgetKey('https://api.orcid.org', 'APP-SHARED-1'),
			{ requestsPerSecond: 24, burst: 40 },
			sleep,
		);
		expect(production).not.toBe(a);
	});

	it('takes the latest settings of the client (an edited credential)', () => {
		const key = budgetKey('https://api.sandbox.orcid.org', 'APP-SHARED-2');
		sharedLimiter(key, { requestsPerSecond: 24, burst: 40 }, sleep);
		const edited = sharedLimiter(key, { requestsPerSecond: 12, burst: 20 }, sleep);
		expect(edited.requestsPerSecond).toBe(12);
		expect(edited.burst).toBe(20);
	});

	it('two node runs at once share the pace', async () => {
		const time = new VirtualTime();
		const key = budgetKey('https://api.sandbox.orcid.org', 'APP-SHARED-3');
		const passed: number[] = [];
		const run = async () => {
			const limiter = sharedLimiter(
				key,
				{ requestsPerSecond: 24, burst: 40 },
				time.sleep,
				time.clock,
			);
			for (let i = 0; i < 60; i++) {
				const release = await limiter.acquire();
				passed.push(time.now);
				release(100);
			}
		};
		await time.drain(Promise.all([run(), run()]));
		expect(passed).toHaveLength(120);
		expect(maxInAnySecond(passed)).toBe(24);
	});
});

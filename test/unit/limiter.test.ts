import fc from 'fast-check';

import { RateLimiter } from '../../nodes/shared/http/limiter';

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

function maxInAnySecond(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let max = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= 1000) start++;
		max = Math.max(max, end - start + 1);
	}
	return max;
}

describe('RateLimiter', () => {
	it('lets a burst through at once, then spaces calls at the rate', async () => {
		const { time, limiter } = onVirtualTime(24, 40);
		const passed: number[] = [];
		const run = (async () => {
			for (let i = 0; i < 100; i++) {
				await limiter.take();
				passed.push(time.now);
			}
		})();
		await time.drain(run);
		expect(passed.slice(0, 40).every((t) => t === 0)).toBe(true);
		expect(passed[40]).toBe(42); // ceil(1000 / 24)
		// 60 calls after the burst at 24/s take 2.5 s
		expect(passed[99]).toBeGreaterThanOrEqual(2500);
		expect(passed[99]).toBeLessThanOrEqual(2500 + 42);
		expect(maxInAnySecond(passed)).toBeLessThanOrEqual(24 + 40);
	});

	it('never lets more than rate + burst calls through in any second (concurrent callers, random pauses)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 30 }),
				fc.integer({ min: 1, max: 50 }),
				fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 20, maxLength: 150 }),
				fc.integer({ min: 1, max: 6 }),
				async (rate, burst, pauses, workers) => {
					const { time, limiter } = onVirtualTime(rate, burst);
					const passed: number[] = [];
					const queue = [...pauses];
					const worker = async () => {
						while (queue.length > 0) {
							const pause = queue.shift()!;
							if (pause > 200) await time.sleep(pause - 200);
							await limiter.take();
							passed.push(time.now);
						}
					};
					const all = Promise.all(Array.from({ length: workers }, worker));
					await time.drain(all);
					expect(passed).toHaveLength(pauses.length);
					expect(maxInAnySecond(passed)).toBeLessThanOrEqual(rate + burst);
				},
			),
			{ numRuns: 150 },
		);
	});

	it('refills up to the burst only', async () => {
		const { time, limiter } = onVirtualTime(10, 5);
		time.now = 60_000; // a long idle time does not bank more than the burst
		const waits: number[] = [];
		const run = (async () => {
			for (let i = 0; i < 7; i++) waits.push(await limiter.take());
		})();
		await time.drain(run);
		expect(waits).toEqual([0, 0, 0, 0, 0, 100, 100]);
	});

	it('rejects nonsense settings', () => {
		const sleep = async () => {};
		expect(() => new RateLimiter({ requestsPerSecond: 0, burst: 1, sleep })).toThrow(
			'requestsPerSecond',
		);
		expect(() => new RateLimiter({ requestsPerSecond: 5, burst: 0, sleep })).toThrow('burst');
	});
});

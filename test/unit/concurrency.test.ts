/**
 * Write Item's researcher pool: in list order, never more at once than the limit asked before
 * each start (it follows the observed latency), and on a failure nothing new starts while the
 * running tasks finish before the first error is thrown. Sync Diff's read queue (taskQueue): the
 * same for tasks given one by one, and stop() for a failure the task itself reports.
 */
import fc from 'fast-check';

import { eachLimit, QueueStopped, taskQueue } from '../../nodes/shared/node/concurrency';

/** A task that finishes when the test says so. */
function gate() {
	let open!: () => void;
	let fail!: (error: Error) => void;
	const done = new Promise<void>((resolve, reject) => {
		open = resolve;
		fail = reject;
	});
	return { done, open, fail };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('eachLimit', () => {
	it('starts entries in order, never more at once than limit() says at each start', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 60 }),
				fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
				async (limits, finishOrder) => {
					const list = Array.from({ length: limits.length }, (_, i) => i);
					const started: number[] = [];
					const gates = new Map<number, ReturnType<typeof gate>>();
					let running = 0;
					let asked = 0;
					let current = limits[0];
					const limit = () => {
						current = limits[asked++ % limits.length];
						return current;
					};
					const all = eachLimit(list, limit, async (entry) => {
						running++;
						expect(running).toBeLessThanOrEqual(current);
						started.push(entry);
						const g = gate();
						gates.set(entry, g);
						await g.done;
						running--;
					});
					let pick = 0;
					while (started.length < list.length || gates.size > 0) {
						await settle();
						const open = [...gates.keys()];
						if (open.length === 0) continue;
						const entry = open[finishOrder[pick++ % finishOrder.length] % open.length];
						gates.get(entry)!.open();
						gates.delete(entry);
					}
					await all;
					expect(started).toEqual(list);
				},
			),
			{ numRuns: 60 },
		);
	});

	it('after a failure starts nothing new, lets the running ones finish, then throws the first error', async () => {
		const gates = [gate(), gate(), gate()];
		const started: number[] = [];
		const finished: number[] = [];
		const all = eachLimit([0, 1, 2, 3, 4], 3, async (entry) => {
			started.push(entry);
			await gates[entry].done;
			finished.push(entry);
		});
		let outcome: unknown;
		void all.catch((error: unknown) => (outcome = error));
		await settle();
		expect(started).toEqual([0, 1, 2]);
		gates[1].fail(new Error('first'));
		await settle();
		gates[2].fail(new Error('second'));
		await settle();
		expect(outcome).toBeUndefined(); // entry 0 still runs
		gates[0].open();
		await expect(all).rejects.toThrow('first');
		expect(started).toEqual([0, 1, 2]);
		expect(finished).toEqual([0]);
	});

	it('resolves at once on an empty list', async () => {
		await expect(
			eachLimit(
				[],
				() => 4,
				async () => {},
			),
		).resolves.toBeUndefined();
	});
});

describe('taskQueue', () => {
	it('starts tasks in the order given, as they are given, never more at once than limit()', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 6 }),
				fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
				async (limit, finishOrder) => {
					const queue = taskQueue(() => limit);
					const gates = finishOrder.map(() => gate());
					const started: number[] = [];
					let running = 0;
					let most = 0;
					const results = gates.map((g, i) =>
						queue(async () => {
							started.push(i);
							most = Math.max(most, ++running);
							await g.done;
							running--;
							return i;
						}),
					);
					// finish them in a random order
					const order = finishOrder.map((k, i) => [k, i]).sort((a, b) => a[0] - b[0]);
					for (const [, i] of order) {
						await settle();
						gates[i].open();
					}
					expect(await Promise.all(results)).toEqual(gates.map((_, i) => i));
					expect(started).toEqual(gates.map((_, i) => i));
					expect(most).toBeLessThanOrEqual(limit);
				},
			),
			{ numRuns: 60 },
		);
	});

	it('after a task throws or stop(), nothing new starts: the waiting tasks reject with QueueStopped', async () => {
		for (const how of ['throws', 'stop'] as const) {
			const queue = taskQueue(() => 1);
			const first = gate();
			const ran: number[] = [];
			const a = queue(async () => {
				ran.push(0);
				await first.done;
			});
			const b = queue(async () => {
				ran.push(1);
			});
			void a.catch(() => undefined);
			if (how === 'throws') first.fail(new Error('read failed'));
			else {
				queue.stop();
				first.open();
			}
			await expect(b).rejects.toBeInstanceOf(QueueStopped);
			await expect(queue(async () => ran.push(2))).rejects.toBeInstanceOf(QueueStopped);
			if (how === 'throws') await expect(a).rejects.toThrow('read failed');
			else await expect(a).resolves.toBeUndefined();
			expect(ran).toEqual([0]);
		}
	});
});

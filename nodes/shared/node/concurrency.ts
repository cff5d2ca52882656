import type { CallKind } from '../http/limiter';
import type { OrcidSession } from '../http/transport';

/**
 * Researchers worked on at the same time (Write Item's writes, Sync Diff's reads): as many as
 * the client's rate and ORCID's observed latency for the kind of call they make need (the
 * client's limiter knows both, and caps it at ORCID's burst). One researcher's calls always go
 * one by one.
 */
export function researchersAtOnce(session: OrcidSession, kind: CallKind): () => number {
	return () => session.limiter.inFlightTarget(kind);
}

/**
 * Runs the tasks given to it, in the order given, at most `limit()` at a time. `stop()`: no
 * task waiting or given later starts (they reject with QueueStopped).
 */
export type TaskQueue = (<T>(task: () => Promise<T>) => Promise<T>) & { stop(): void };

/** What a task still waiting in a TaskQueue rejects with once an earlier task has thrown. */
export class QueueStopped extends Error {
	constructor() {
		super('not started: an earlier task failed');
		this.name = 'QueueStopped';
	}
}

/**
 * A queue for tasks that may become known one by one (Sync Diff's reads, started as the items
 * are read; eachLimit gives it a whole list). When a task throws, or on stop(), nothing new
 * starts: the tasks still waiting reject with QueueStopped.
 */
export function taskQueue(limit: () => number): TaskQueue {
	let running = 0;
	let failed = false;
	const waiting: Array<{ start: () => void; reject: (error: unknown) => void }> = [];
	const pump = (): void => {
		if (failed) {
			for (const w of waiting.splice(0)) w.reject(new QueueStopped());
			return;
		}
		const cap = Math.max(1, Math.floor(limit()));
		while (running < cap && waiting.length > 0) {
			running++;
			(waiting.shift() as { start: () => void }).start();
		}
	};
	const queue = <T>(task: () => Promise<T>) =>
		new Promise<T>((resolve, reject) => {
			const started = (): Promise<T> => {
				try {
					return task();
				} catch (error) {
					return Promise.reject(error);
				}
			};
			const start = () =>
				started().then(
					(value) => {
						running--;
						resolve(value);
						pump();
					},
					(error: unknown) => {
						running--;
						failed = true;
						reject(error);
						pump();
					},
				);
			waiting.push({ start, reject });
			pump();
		});
	const stop = () => {
		failed = true;
		pump();
	};
	return Object.assign(queue, { stop });
}

/**
 * Runs `task` on every entry, in order of the list, at most `limit()` at a time (asked again
 * before each start, so it follows the observed latency). When a task throws, nothing new
 * starts; the ones running finish, then the first error is thrown.
 */
export async function eachLimit<T>(
	list: T[],
	limit: number | (() => number),
	task: (entry: T) => Promise<void>,
): Promise<void> {
	const queue = taskQueue(typeof limit === 'function' ? limit : () => limit);
	let failure: { error: unknown } | undefined;
	// settled in the order the tasks end: the first error is the first task that failed
	await Promise.all(
		list.map((entry) =>
			queue(() => task(entry)).catch((error: unknown) => {
				if (!(error instanceof QueueStopped)) failure ??= { error };
			}),
		),
	);
	if (failure) throw failure.error;
}

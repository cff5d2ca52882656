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
 * Runs `task` on every entry, in order of the list, at most `limit()` at a time (asked again
 * before each start, so it follows the observed latency). When a task throws, nothing new
 * starts; the ones running finish, then the first error is thrown.
 */
export function eachLimit<T>(
	list: T[],
	limit: number | (() => number),
	task: (entry: T) => Promise<void>,
): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		let next = 0;
		let running = 0;
		let failure: { error: unknown } | undefined;
		const pump = (): void => {
			if (running === 0 && (failure || next >= list.length)) {
				if (failure) reject(failure.error);
				else resolve();
				return;
			}
			const cap = Math.max(1, Math.floor(typeof limit === 'function' ? limit() : limit));
			while (!failure && running < cap && next < list.length) {
				const entry = list[next++];
				running++;
				task(entry).then(
					() => {
						running--;
						pump();
					},
					(error: unknown) => {
						running--;
						failure ??= { error };
						pump();
					},
				);
			}
		};
		pump();
	});
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
 * A queue for tasks that become known one by one (eachLimit needs the whole list first). When
 * a task throws, or on stop(), nothing new starts: the tasks still waiting reject with
 * QueueStopped.
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

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

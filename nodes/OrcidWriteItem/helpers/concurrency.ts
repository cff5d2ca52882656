/** Researchers written to at the same time; one researcher's items always go one by one. */
export const RESEARCHER_CONCURRENCY = 4;

/** Runs `task` on every entry, at most `limit` at a time (the session's budget paces the calls). */
export async function eachLimit<T>(
	list: T[],
	limit: number,
	task: (entry: T) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < list.length) await task(list[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
}

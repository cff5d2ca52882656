/** The most calls whose time (ms) falls in one half-open 1 s window: what a rate limit counts. */
export function maxInAnySecond(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let max = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= 1000) start++;
		max = Math.max(max, end - start + 1);
	}
	return max;
}

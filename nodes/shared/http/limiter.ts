/**
 * Request-rate budget: a token bucket holding `burst` tokens, refilled at
 * `requestsPerSecond`. In any window of one second at most requestsPerSecond + burst calls
 * pass, which mirrors how ORCID limits (rate, burst, then 503). Clock and sleep are
 * injected, so tests run in virtual time. No n8n imports.
 */

export type Clock = () => number;
export type Sleep = (ms: number) => Promise<void>;

export interface RateLimiterOptions {
	requestsPerSecond: number;
	burst: number;
	clock?: Clock;
	sleep: Sleep;
}

export class RateLimiter {
	readonly requestsPerSecond: number;
	readonly burst: number;
	private readonly clock: Clock;
	private readonly sleep: Sleep;
	private tokens: number;
	private updatedAt: number;

	constructor(options: RateLimiterOptions) {
		const rate = Number(options.requestsPerSecond);
		const burst = Number(options.burst);
		if (!Number.isFinite(rate) || rate <= 0) {
			throw new RangeError(
				`requestsPerSecond must be a positive number, got ${options.requestsPerSecond}`,
			);
		}
		if (!Number.isFinite(burst) || burst < 1) {
			throw new RangeError(`burst must be at least 1, got ${options.burst}`);
		}
		this.requestsPerSecond = rate;
		this.burst = Math.floor(burst);
		this.clock = options.clock ?? Date.now;
		this.sleep = options.sleep;
		this.tokens = this.burst;
		this.updatedAt = this.clock();
	}

	private refill(now: number): void {
		const elapsed = Math.max(0, now - this.updatedAt);
		this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.requestsPerSecond) / 1000);
		this.updatedAt = Math.max(this.updatedAt, now);
	}

	/**
	 * Waits until the call may go out; returns the milliseconds waited. Concurrent callers
	 * reserve their slot at once (the balance goes negative), so none overtakes another.
	 */
	async take(): Promise<number> {
		this.refill(this.clock());
		this.tokens -= 1;
		if (this.tokens >= 0) return 0;
		const waitMs = Math.ceil((-this.tokens * 1000) / this.requestsPerSecond);
		await this.sleep(waitMs);
		return waitMs;
	}
}

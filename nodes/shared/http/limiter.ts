/**
 * The request budget of one ORCID client in this n8n process. ORCID's front end limits each
 * client id (24 requests a second for member clients, 12 for public ones) and queues at most
 * 40 requests beyond that (nginx limit_req, burst 40; more get 503). One limiter per client id
 * and API base URL is shared by every node run of the process (sharedLimiter), so two
 * executions at once, or Sync Diff then Write Item, spend one budget instead of one each.
 *
 * - Pace: a call goes out 1000 / rate ms after the previous one, and not before the
 *   floor(rate)-th previous one is 1 s (plus JITTER_MARGIN_MS) old, so no second carries
 *   more than the rate. Evenly spaced calls are also what nginx lets through without queueing
 *   them; calls that the network bunches on the way wait in nginx's burst queue, they are not
 *   refused, so spacing them wider than the rate would only slow every run down.
 * - Slots: at most `burst` calls wait here or are in flight at once; more wait for a slot.
 * - Observed latency (a moving average of answered calls, per kind of call: a read, a single
 *   write and a bulk POST take very different times) tells callers how many researchers to
 *   keep busy: rate × the latency of the calls they make, capped by the burst. A slower answer
 *   than the average is taken at once (too few researchers busy leaves the budget unused; too
 *   many only wait here), a faster one a little at a time.
 * Clock and sleep are injected (n8n's sleep in nodes, virtual time in tests). No n8n imports.
 */

export type Clock = () => number;
export type Sleep = (ms: number) => Promise<void>;
/**
 * Frees the slot of a call; given the call's duration, counts it as observed latency. `sentAt`
 * is when the limiter let the call go (the time its pace counts), for the traffic record.
 */
export type Release = ((latencyMs?: number) => void) & { readonly sentAt: number };

export interface RateSettings {
	requestsPerSecond: number;
	burst: number;
}

export interface RateLimiterOptions extends RateSettings {
	clock?: Clock;
	sleep: Sleep;
}

/**
 * Added to the 1 s window. A timer wakes up a little after its time (about 1 ms in Node.js):
 * a call that goes less than this late counts as sent at its turn, so that the pace does not
 * slip by a timer's lateness on every call, and the margin keeps the real send times within
 * the rate all the same (no two calls floor(rate) apart are less than 1 s apart). Arrival
 * jitter needs no margin here: ORCID's front end queues up to the burst (limit_req without
 * nodelay) instead of refusing.
 */
export const JITTER_MARGIN_MS = 3;

/** A read (GET), a single write (POST, PUT, DELETE of one item) or a bulk POST (/works). */
export type CallKind = 'read' | 'write' | 'bulk';

/**
 * Latency assumed before any answer of the kind was seen: typical times of ORCID's production
 * API (reads 150-300 ms, single writes 300-600 ms, bulk POSTs of up to 100 works 1-2 s).
 */
export const ASSUMED_LATENCY_MS: Readonly<Record<CallKind, number>> = {
	read: 250,
	write: 450,
	bulk: 1500,
};

/** The kind of a call, from its method and URL (a POST to /works is the bulk one). */
export function callKind(method: string | undefined, url: string | undefined): CallKind {
	const m = (method ?? 'GET').toUpperCase();
	if (m === 'GET' || m === 'HEAD') return 'read';
	if (m === 'POST' && /\/works\/?(?:\?|$)/.test(url ?? '')) return 'bulk';
	return 'write';
}
/** Researchers kept busy beyond rate × latency, for the time between their calls. */
const HEADROOM = 1.25;
/** Weight of the newest answer in the latency average, when it is faster than the average. */
const LATENCY_WEIGHT = 0.2;

function checked(settings: RateSettings): RateSettings {
	const rate = Number(settings.requestsPerSecond);
	const burst = Number(settings.burst);
	if (!Number.isFinite(rate) || rate <= 0) {
		throw new RangeError(
			`requestsPerSecond must be a positive number, got ${settings.requestsPerSecond}`,
		);
	}
	if (!Number.isFinite(burst) || burst < 1) {
		throw new RangeError(`burst must be at least 1, got ${settings.burst}`);
	}
	return { requestsPerSecond: rate, burst: Math.floor(burst) };
}

export class RateLimiter {
	requestsPerSecond = 1;
	burst = 1;
	private readonly clock: Clock;
	private readonly sleep: Sleep;
	/** When the latest calls went out (at most floor(rate) of them), oldest first. */
	private sent: number[] = [];
	/** Callers waiting for their turn, one after the other (FIFO). */
	private turns: Promise<unknown> = Promise.resolve();
	private holding = 0;
	private readonly waitingForSlot: Array<() => void> = [];
	private readonly latency = new Map<CallKind, number>();

	constructor(options: RateLimiterOptions) {
		this.configure(options);
		this.clock = options.clock ?? Date.now;
		this.sleep = options.sleep;
	}

	/** Takes new settings (an edited credential); calls already waiting keep their place. */
	configure(settings: RateSettings): void {
		const { requestsPerSecond, burst } = checked(settings);
		this.requestsPerSecond = requestsPerSecond;
		this.burst = burst;
		this.wakeSlotWaiters();
	}

	/** Calls waiting here or in flight now (never more than the burst). */
	get outstanding(): number {
		return this.holding;
	}

	/** The moving average of answered calls' durations of a kind, or undefined before the first. */
	observedLatencyMs(kind: CallKind = 'read'): number | undefined {
		return this.latency.get(kind);
	}

	/**
	 * Waits for a slot and for the call's turn at the rate. The caller sends its call, then
	 * calls the returned release (with the call's duration) whatever happened.
	 */
	async acquire(kind: CallKind = 'read'): Promise<Release> {
		await this.slot();
		let sentAt: number | undefined;
		try {
			sentAt = await this.turn();
		} finally {
			if (sentAt === undefined) this.freeSlot();
		}
		let released = false;
		const release = (latencyMs?: number) => {
			if (released) return;
			released = true;
			if (latencyMs !== undefined) this.observe(latencyMs, kind);
			this.freeSlot();
		};
		return Object.assign(release, { sentAt });
	}

	/**
	 * How many researchers making calls of `kind` to keep busy: rate × that kind's observed
	 * latency (+ headroom), 1..burst.
	 */
	inFlightTarget(kind: CallKind = 'read'): number {
		const latency = this.latency.get(kind) ?? ASSUMED_LATENCY_MS[kind];
		const wanted = Math.ceil(((this.requestsPerSecond * latency) / 1000) * HEADROOM) + 1;
		return Math.max(1, Math.min(this.burst, wanted));
	}

	observe(latencyMs: number, kind: CallKind = 'read'): void {
		if (!Number.isFinite(latencyMs) || latencyMs < 0) return;
		const before = this.latency.get(kind);
		this.latency.set(
			kind,
			before === undefined || latencyMs > before
				? latencyMs
				: before + LATENCY_WEIGHT * (latencyMs - before),
		);
	}

	private slot(): Promise<void> {
		if (this.holding < this.burst && this.waitingForSlot.length === 0) {
			this.holding++;
			return Promise.resolve();
		}
		return new Promise<void>((resolve) => {
			this.waitingForSlot.push(resolve);
			this.wakeSlotWaiters();
		});
	}

	private freeSlot(): void {
		this.holding--;
		this.wakeSlotWaiters();
	}

	private wakeSlotWaiters(): void {
		while (this.holding < this.burst && this.waitingForSlot.length > 0) {
			this.holding++;
			(this.waitingForSlot.shift() as () => void)();
		}
	}

	/** Waits behind every earlier caller, then until the pace allows; returns the send time. */
	private turn(): Promise<number> {
		const mine = this.turns.then(() => this.waitForPace());
		this.turns = mine.catch(() => undefined);
		return mine;
	}

	private async waitForPace(): Promise<number> {
		const at = this.earliest();
		const before = this.clock();
		if (before < at) await this.sleep(Math.ceil(at - before));
		// a late wake-up counts from when the call really goes, so the next ones keep the pace;
		// a wake-up less than the margin late counts as on time (a timer's own lateness, and the
		// whole-millisecond sleep: rounding each 41.67 ms gap up to 42 would cost 1 % of the rate)
		const clock = this.clock();
		const now = clock - at < JITTER_MARGIN_MS ? at : clock;
		this.sent.push(now);
		const keep = Math.max(1, Math.floor(this.requestsPerSecond));
		if (this.sent.length > keep) this.sent.splice(0, this.sent.length - keep);
		return now;
	}

	/** The earliest time the next call may go out, from when the latest calls actually went. */
	private earliest(): number {
		if (this.sent.length === 0) return -Infinity;
		const perWindow = Math.max(1, Math.floor(this.requestsPerSecond));
		const last = this.sent[this.sent.length - 1];
		let at = last + 1000 / this.requestsPerSecond;
		if (this.sent.length >= perWindow) {
			at = Math.max(at, this.sent[this.sent.length - perWindow] + 1000 + JITTER_MARGIN_MS);
		}
		return at;
	}
}

// ---- one budget per ORCID client in this process ------------------------------------------

const budgets = new Map<string, RateLimiter>();

/** Which budget a client spends: ORCID limits per client id, on the API it calls. */
export function budgetKey(apiBaseUrl: string, clientId: string): string {
	return `${apiBaseUrl.replace(/\/+$/, '')} ${clientId}`;
}

/**
 * The limiter every node run of this process shares for the client `key`. The latest settings
 * win (an edited credential takes effect on the next run); the first caller's sleep is used.
 */
export function sharedLimiter(
	key: string,
	settings: RateSettings,
	sleep: Sleep,
	clock?: Clock,
): RateLimiter {
	const existing = budgets.get(key);
	if (existing) {
		existing.configure(settings);
		return existing;
	}
	const limiter = new RateLimiter({ ...settings, sleep, clock });
	budgets.set(key, limiter);
	return limiter;
}

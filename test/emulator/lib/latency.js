'use strict';
// A network between the client and ORCID: every API and OAuth request waits a delay drawn
// uniformly from its class's range before it is handled. Reads (GET, HEAD) 150-300 ms, single
// writes (POST, PUT, DELETE) 300-600 ms, bulk POSTs (/works) 1-2 s, as measured against ORCID's
// production API. The draws come from a seedable generator, so a run can be repeated exactly;
// each call's delay is recorded (call.latencyMs) and counted here, so tests assert on what the
// emulator did, never on wall time.

const PROFILE = {
	read: { minMs: 150, maxMs: 300 },
	write: { minMs: 300, maxMs: 600 },
	bulk: { minMs: 1000, maxMs: 2000 },
};

/** mulberry32: a small, fast, seedable PRNG (public domain). */
function generator(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function kindOf(method, path) {
	if (method === 'GET' || method === 'HEAD') return 'read';
	if (method === 'POST' && /^\/api\/v3\.0\/[^/]+\/works\/?(\?|$)/.test(path)) return 'bulk';
	return 'write';
}

function range(input, fallback, name) {
	const r = { ...fallback, ...(input || {}) };
	const min = Number(r.minMs);
	const max = Number(r.maxMs);
	if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || max < min) {
		throw new Error(`latency ${name} needs 0 <= minMs <= maxMs, got ${JSON.stringify(input)}`);
	}
	return { minMs: min, maxMs: max };
}

class Latency {
	constructor(options) {
		this.config = { enabled: false, seed: null, ...PROFILE };
		this.resetCounters();
		if (options) this.configure(options === true ? { enabled: true } : options);
	}

	resetCounters() {
		this.counters = {
			read: { count: 0, totalMs: 0 },
			write: { count: 0, totalMs: 0 },
			bulk: { count: 0, totalMs: 0 },
		};
	}

	/** {enabled?, seed?, read?, write?, bulk?, resetCounters?}; a seed restarts the sequence. */
	configure(partial) {
		const next = { ...this.config };
		if (partial.enabled !== undefined) next.enabled = !!partial.enabled;
		for (const k of Object.keys(PROFILE)) next[k] = range(partial[k], this.config[k], k);
		if (partial.seed !== undefined) {
			next.seed = partial.seed === null ? null : Number(partial.seed);
			if (next.seed !== null && !Number.isInteger(next.seed)) {
				throw new Error(`latency seed must be an integer, got ${JSON.stringify(partial.seed)}`);
			}
		}
		this.config = next;
		if (partial.seed !== undefined || !this.random) {
			this.random = generator(this.config.seed ?? Math.floor(Math.random() * 2 ** 32));
		}
		if (partial.resetCounters) this.resetCounters();
		return this.describe();
	}

	describe() {
		return { ...this.config, counters: this.counters };
	}

	/** The delay for this request (0 when off); counted under its class. */
	draw(method, path) {
		if (!this.config.enabled) return 0;
		const kind = kindOf(method, path);
		const { minMs, maxMs } = this.config[kind];
		const ms = Math.round(minMs + this.random() * (maxMs - minMs));
		this.counters[kind].count += 1;
		this.counters[kind].totalMs += ms;
		return ms;
	}
}

module.exports = { Latency, PROFILE, kindOf, generator };

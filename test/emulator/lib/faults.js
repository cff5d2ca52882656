'use strict';
// Injected faults, for testing how clients cope: added latency, an HTTP error status, a connection
// reset before anything is done, or after the request was applied (the write happened but the
// client never hears about it: a reset, or an error status instead of the answer). Each fault
// matches a method and a path prefix (or a regular expression) and fires `times` times (default
// once; 0 = until removed), on every matching request or, with `rate`, on that share of them
// (drawn from a generator seeded by `seed`, so a run can be repeated).

const { generator } = require('./latency');

let nextId = 1;

class Faults {
	constructor() {
		this.list = [];
	}

	add(input) {
		const types = ['latency', 'status', 'reset', 'reset-after-write', 'status-after-write'];
		const type = input.type || (input.status ? 'status' : input.latencyMs ? 'latency' : null);
		if (!types.includes(type)) {
			throw new Error(`fault type must be one of ${types.join(', ')}`);
		}
		const times = input.times === undefined || input.times === null ? 1 : Number(input.times);
		const rate = input.rate === undefined || input.rate === null ? 1 : Number(input.rate);
		if (!(rate > 0 && rate <= 1)) throw new Error('rate must be above 0 and at most 1');
		const seed = input.seed === undefined || input.seed === null ? 1 : Number(input.seed);
		const fault = {
			id: nextId++,
			type,
			method: input.method ? String(input.method).toUpperCase() : null,
			path: input.path || null,
			pathRegex: input.pathRegex || null,
			latencyMs: Number(input.latencyMs || 0),
			status: Number(input.status || 500),
			body: input.body === undefined ? null : input.body,
			headers: input.headers || {},
			times,
			rate,
			seed,
			remaining: times === 0 ? Infinity : times,
			fired: 0,
		};
		fault.draw = generator(seed);
		fault.regex = fault.pathRegex ? new RegExp(fault.pathRegex) : null;
		this.list.push(fault);
		return this.describe(fault);
	}

	describe(f) {
		const out = { ...f, remaining: f.remaining === Infinity ? null : f.remaining };
		delete out.regex;
		delete out.draw;
		return out;
	}

	all() {
		return this.list.map((f) => this.describe(f));
	}

	clear() {
		this.list = [];
	}

	remove(id) {
		const before = this.list.length;
		this.list = this.list.filter((f) => f.id !== Number(id));
		return this.list.length !== before;
	}

	/** Faults that fire for this request (latency ones add up; at most one terminal fault). */
	match(method, path) {
		if (!this.list.length) return null;
		const hits = [];
		for (const f of this.list) {
			if (f.remaining <= 0) continue;
			if (f.method && f.method !== method) continue;
			if (f.regex ? !f.regex.test(path) : f.path && !path.startsWith(f.path)) continue;
			if (f.type !== 'latency' && hits.some((h) => h.type !== 'latency')) continue;
			if (f.rate < 1 && f.draw() >= f.rate) continue;
			f.remaining -= 1;
			f.fired += 1;
			hits.push(f);
		}
		this.list = this.list.filter((f) => f.remaining > 0);
		return hits.length ? hits : null;
	}
}

module.exports = { Faults };

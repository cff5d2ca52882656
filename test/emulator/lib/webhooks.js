'use strict';
// Member webhooks: when a record changes, every callback registered for it gets a POST with an
// empty body. Like ORCID, edits are batched (one call per burst of changes; the delay is
// configurable, default 200 ms here instead of ORCID's five minutes); a failed call is retried with
// a doubling delay, three tries per change; a 429 from the callback stops further calls to that
// client until the next change. Only loopback callbacks are called; others are logged as skipped.
// Tests end a batch early with flush() and wait on status() instead of sleeping.

const http = require('http');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

class Webhooks {
	constructor(emu, options = {}) {
		this.emu = emu;
		this.delayMs = options.webhookDelayMs ?? 200;
		this.retryDelayMs = options.webhookRetryDelayMs ?? 1000;
		this.maxAttempts = options.webhookMaxAttempts ?? 3;
		this.pending = new Map(); // `${orcid} ${url}` -> { hook, timer }: changes waiting for their batch
		this.timers = new Set();
		this.inFlight = 0;
		this.deliveries = [];
		this.blacklisted = new Set();
		this.stopped = false;
	}

	configure(c) {
		if (c.webhookDelayMs !== undefined) this.delayMs = Number(c.webhookDelayMs);
		if (c.webhookRetryDelayMs !== undefined) this.retryDelayMs = Number(c.webhookRetryDelayMs);
		if (c.webhookMaxAttempts !== undefined) this.maxAttempts = Number(c.webhookMaxAttempts);
	}

	timer(fn, ms) {
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
		}, ms);
		this.timers.add(t);
		return t;
	}

	recordChanged(orcid) {
		if (this.stopped) return;
		for (const hook of this.emu.state.webhooks.values()) {
			if (hook.orcid !== orcid) continue;
			const key = `${hook.orcid} ${hook.url}`;
			if (this.pending.has(key)) continue; // coalesce: one call per burst of edits
			this.blacklisted.delete(hook.clientId);
			const timer = this.timer(() => {
				this.pending.delete(key);
				this.deliver(hook, 1);
			}, this.delayMs);
			this.pending.set(key, { hook, timer });
		}
	}

	/** Ends every batch now: each record changed since its last call is called at once. */
	flush() {
		for (const [key, { hook, timer }] of this.pending) {
			clearTimeout(timer);
			this.timers.delete(timer);
			this.pending.delete(key);
			this.deliver(hook, 1);
		}
		return this.status();
	}

	/** What is still to come: calls waiting for their batch, under way, or waiting for a retry. */
	status() {
		return {
			batched: this.pending.size,
			inFlight: this.inFlight,
			retrying: this.timers.size - this.pending.size,
		};
	}

	log(entry) {
		this.deliveries.push({ time: new Date().toISOString(), ...entry });
		if (this.deliveries.length > 10000) this.deliveries.splice(0, 5000);
	}

	/** `waitedMs`: the retry delay before this attempt (0 for the first). */
	deliver(hook, attempt, waitedMs = 0) {
		if (this.stopped) return;
		const base = { orcid: hook.orcid, url: hook.url, clientId: hook.clientId, attempt, waitedMs };
		if (this.blacklisted.has(hook.clientId)) {
			this.log({ ...base, status: null, outcome: 'skipped-blacklisted' });
			return;
		}
		let target;
		try {
			target = new URL(hook.url);
		} catch {
			this.log({ ...base, status: null, outcome: 'invalid-url' });
			return;
		}
		if (target.protocol !== 'http:' || !LOOPBACK_HOSTS.has(target.hostname)) {
			this.log({ ...base, status: null, outcome: 'skipped-not-loopback' });
			return;
		}
		this.inFlight++;
		let settled = false;
		const settle = () => {
			if (settled) return false;
			settled = true;
			this.inFlight--;
			return true;
		};
		const req = http.request(
			target,
			{ method: 'POST', headers: { 'Content-Length': 0 }, timeout: 5000 },
			(res) => {
				res.resume();
				res.on('end', () => {
					if (!settle()) return;
					const ok = res.statusCode >= 200 && res.statusCode < 300;
					this.log({ ...base, status: res.statusCode, outcome: ok ? 'delivered' : 'failed' });
					if (ok) return;
					if (res.statusCode === 429) {
						this.blacklisted.add(hook.clientId);
						return;
					}
					this.retry(hook, attempt);
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (err) => {
			if (!settle()) return;
			this.log({ ...base, status: null, outcome: 'failed', error: err.message });
			this.retry(hook, attempt);
		});
		req.end();
	}

	retry(hook, attempt) {
		if (attempt >= this.maxAttempts || this.stopped) return;
		const delay = this.retryDelayMs * 2 ** (attempt - 1);
		this.timer(() => this.deliver(hook, attempt + 1, delay), delay);
	}

	stop() {
		this.stopped = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.pending.clear();
	}

	reset() {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.pending.clear();
		this.deliveries = [];
		this.blacklisted.clear();
	}
}

module.exports = { Webhooks };

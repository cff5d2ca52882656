'use strict';
// ORCID's traffic limits: per client 24 requests/s (member) or 12 (public and anonymous); up to
// `burst` requests wait in a queue and are slowed to that rate, more are refused with 503 (nginx
// limit_req without nodelay). The public API also counts reads per day: per client id for bearer
// callers, per IP for anonymous ones; over the quota -> 429, plain text.

const { PlainError } = require('./errors');

const DEFAULTS = {
	enabled: true,
	memberRate: 24,
	publicRate: 12,
	burst: 40,
	anonymousDailyQuota: 100000,
	publicDailyQuota: 100000,
};

const PAGE_503 =
	'<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

const QUOTA_ANONYMOUS =
	'Too Many Requests. You have exceeded the daily quota for anonymous usage of this API. You can increase your daily quota by registering for and using Public API client credentials (https://info.orcid.org/documentation/integration-guide/registering-a-public-api-client/)';
const QUOTA_CLIENT =
	'Too Many Requests. You have exceeded the daily quota for this Public API client. Please contact ORCID support (https://support.orcid.org) to raise it.';

function callerIp(req) {
	const xff = req.headers['x-forwarded-for'];
	if (xff) return String(xff).split(',')[0].trim();
	if (req.headers['x-real-ip']) return String(req.headers['x-real-ip']).trim();
	return req.socket.remoteAddress;
}

class Limiter {
	constructor(config) {
		this.config = { ...DEFAULTS, ...(config || {}) };
		this.buckets = new Map();
		this.quota = new Map();
		this.quotaDay = null;
		this.counters = new Map();
	}

	/** What the limiter did per caller: {admitted, delayed, delayedMs, refused, overQuota}. */
	count(key, field, amount = 1) {
		let c = this.counters.get(key);
		if (!c) {
			c = { admitted: 0, delayed: 0, delayedMs: 0, refused: 0, overQuota: 0 };
			this.counters.set(key, c);
		}
		c[field] += amount;
	}

	countersJson() {
		return Object.fromEntries(this.counters);
	}

	configure(partial) {
		for (const k of Object.keys(DEFAULTS)) {
			if (partial[k] === undefined) continue;
			this.config[k] = k === 'enabled' ? !!partial[k] : Number(partial[k]);
		}
		if (partial.resetCounters) this.reset();
		return this.config;
	}

	reset() {
		this.buckets.clear();
		this.quota.clear();
		this.counters.clear();
	}

	/**
	 * Resolves when the request may proceed; throws PlainError 429 / 503 otherwise. `caller` is
	 * who sent it as far as the front end can tell ({clientId, client}, nulls when anonymous).
	 */
	admit(call, caller, kind, req) {
		const c = this.config;
		if (!c.enabled) return null;
		const ip = callerIp(req);
		const viewer = caller;
		const counterKey = viewer.clientId ? `client:${viewer.clientId}` : `ip:${ip}`;
		if (kind === 'public') {
			const day = new Date().toISOString().slice(0, 10);
			if (day !== this.quotaDay) {
				this.quota.clear();
				this.quotaDay = day;
			}
			const key = viewer.clientId ? `client:${viewer.clientId}` : `ip:${ip}`;
			const limit = viewer.clientId ? c.publicDailyQuota : c.anonymousDailyQuota;
			const used = this.quota.get(key) || 0;
			if (used >= limit) {
				this.count(counterKey, 'overQuota');
				throw new PlainError(
					429,
					viewer.clientId ? QUOTA_CLIENT : QUOTA_ANONYMOUS,
					'text/plain;charset=UTF-8',
				);
			}
			this.quota.set(key, used + 1);
		}
		const member = viewer.client && viewer.client.apiType === 'member';
		const rate = member ? c.memberRate : c.publicRate;
		const interval = 1000 / rate;
		const key = viewer.clientId || `ip:${ip}`;
		const now = Date.now();
		let b = this.buckets.get(key);
		if (!b) {
			b = { next: 0 };
			this.buckets.set(key, b);
		}
		if (b.next <= now) {
			b.next = now + interval;
			this.count(counterKey, 'admitted');
			return null;
		}
		const wait = b.next - now;
		if (Math.ceil(wait / interval) > c.burst) {
			this.count(counterKey, 'refused');
			throw new PlainError(503, PAGE_503, 'text/html');
		}
		b.next += interval;
		call.delayedMs = Math.round(wait);
		this.count(counterKey, 'admitted');
		this.count(counterKey, 'delayed');
		this.count(counterKey, 'delayedMs', call.delayedMs);
		return new Promise((resolve) => setTimeout(resolve, wait));
	}
}

module.exports = { Limiter, DEFAULTS, callerIp };

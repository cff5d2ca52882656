'use strict';
// The ORCID emulator: a local stand-in for ORCID's OAuth server and v3.0 public and member APIs,
// for tests, benchmarks and the demo. Never part of the published package.
//
//   const { startEmulator } = require('./test/emulator');
//   const emu = await startEmulator({ port: 0 });
//   emu.url, emu.publicApi, emu.memberApi, emu.clients, await emu.control(method, path, body), await emu.stop()

const http = require('http');
const { State } = require('./lib/state');
const { Api } = require('./lib/api');
const { OAuth } = require('./lib/oauth');
const { Control } = require('./lib/control');
const { Limiter } = require('./lib/limits');
const { Latency } = require('./lib/latency');
const { Faults } = require('./lib/faults');
const { Webhooks } = require('./lib/webhooks');
const { send, sendError, isLoopback } = require('./lib/http');
const { OrcidApiError, OAuthError, PlainError, api } = require('./lib/errors');

const MAX_CALLS = 200000;

class Emulator {
	constructor(options = {}) {
		this.options = { seed: true, validateJson: true, recordHost: 'sandbox.orcid.org', ...options };
		this.recordHost = this.options.recordHost;
		this.state = new State(this.options);
		this.limiter = new Limiter(this.options.limits);
		this.latency = new Latency(this.options.latency);
		this.faults = new Faults();
		this.webhooks = new Webhooks(this, this.options);
		this.api = new Api(this);
		this.oauth = new OAuth(this);
		this.control = new Control(this);
		this.calls = [];
		this.callId = 0;
		this.sockets = new Set();
		this.saveTimer = null;
		this.url = null;
		this.publicApi = null;
		this.memberApi = null;

		const loaded = this.options.dataFile ? this.state.loadFile(this.options.dataFile) : false;
		if (!loaded && this.options.seed !== false) this.state.seedDefaults();
		this.state.onChange = (orcid) => this.changed(orcid);
	}

	changed(orcid) {
		if (orcid) this.webhooks.recordChanged(orcid);
		if (this.options.dataFile && !this.saveTimer) {
			this.saveTimer = setTimeout(() => {
				this.saveTimer = null;
				this.save();
			}, this.options.saveDelayMs ?? 200);
		}
	}

	save() {
		if (this.options.dataFile) this.state.saveFile(this.options.dataFile);
	}

	config() {
		return {
			recordHost: this.recordHost,
			validateJson: this.options.validateJson !== false,
			webhookDelayMs: this.webhooks.delayMs,
			webhookRetryDelayMs: this.webhooks.retryDelayMs,
			webhookMaxAttempts: this.webhooks.maxAttempts,
		};
	}

	configure(c) {
		if (c.validateJson !== undefined) this.options.validateJson = !!c.validateJson;
		if (c.recordHost) this.recordHost = String(c.recordHost);
		this.webhooks.configure(c);
		return this.config();
	}

	reset(seed) {
		this.state.onChange = null;
		this.state.clear();
		if (seed) this.state.seedDefaults();
		this.state.onChange = (orcid) => this.changed(orcid);
		this.calls.length = 0;
		this.faults.clear();
		this.limiter.reset();
		this.latency.resetCounters();
		this.webhooks.reset();
		this.changed();
	}

	snapshot() {
		const s = this.state.toJSON();
		const records = {};
		for (const rec of this.state.records.values())
			records[rec.orcid] = this.control.recordState(rec);
		return {
			...s,
			records,
			sessions: this.state.sessions.size,
			limits: this.limiter.config,
			config: this.config(),
			faults: this.faults.all(),
			calls: this.calls,
			webhookDeliveries: this.webhooks.deliveries,
		};
	}

	logCall(call) {
		this.calls.push(call);
		if (this.calls.length > MAX_CALLS) this.calls.splice(0, MAX_CALLS / 2);
	}

	async handle(req, res) {
		const start = Date.now();
		let url;
		try {
			url = new URL(req.url, this.url);
		} catch {
			send(res, 400, 'Bad request');
			return;
		}
		const path = url.pathname;
		if (path.startsWith('/_emulator/') || path === '/_emulator') {
			return this.handleControl(req, res, url);
		}
		const api_ = path.startsWith('/pub/')
			? 'public'
			: path.startsWith('/api/')
				? 'member'
				: 'oauth';
		const call = {
			id: ++this.callId,
			time: new Date(start).toISOString(),
			method: req.method,
			path: url.pathname + url.search,
			api: api_,
			status: null,
			client: null,
			orcid: null,
			errorCode: null,
			durationMs: null,
		};
		try {
			// ORCID's front end limits every request as it arrives, before the application
			// authenticates it: a revoked or unknown token counts too (ORCID-Source:
			// orcid-pub-web/src/main/java/org/orcid/api/filters/ApiRateLimitFilter.java keys by the
			// token's client whatever its state, else by the caller's IP)
			if (api_ !== 'oauth') await this.limiter.admit(call, this.api.callerOf(req), api_, req);
			// then the answer takes its time (latency profile): the work behind the front end and
			// the way back, so the jitter of answers never bunches what the limiter counts
			const networkMs = this.latency.draw(req.method, call.path);
			if (networkMs) {
				call.latencyMs = networkMs;
				await new Promise((r) => setTimeout(r, networkMs));
			}
			const faults = this.faults.match(req.method, call.path);
			if (faults && (await this.applyFaults(faults, req, res, call))) return;
			if (api_ === 'public') await this.api.handle(req, res, call, 'public', path.slice(4), url);
			else if (api_ === 'member')
				await this.api.handle(req, res, call, 'member', path.slice(4), url);
			else if (
				path.startsWith('/oauth/') ||
				path === '/.well-known/openid-configuration' ||
				path === '/userStatus.json'
			) {
				await this.oauth.handle(req, res, call, url);
			} else if (path === '/' && req.method === 'GET') {
				send(res, 200, this.indexPage(), { 'Content-Type': 'text/html;charset=UTF-8' });
			} else {
				throw api(404, 9001, null, `Unknown endpoint: ${path}`);
			}
		} catch (err) {
			if (err instanceof OrcidApiError) call.errorCode = String(err.body['error-code']);
			else if (err instanceof OAuthError) call.errorCode = err.body.error;
			else if (!(err instanceof PlainError) && !this.options.quiet) {
				console.error('[orcid-emulator]', err);
			}
			sendError(res, call.neg, err);
		} finally {
			if (call.status === null) call.status = res.statusCode;
			call.durationMs = Date.now() - start;
			delete call.neg;
			this.logCall(call);
		}
	}

	/** Returns true when the fault answered the request itself. */
	async applyFaults(faults, req, res, call) {
		for (const f of faults) {
			call.fault = f.type;
			if (f.type === 'latency') {
				await new Promise((r) => setTimeout(r, f.latencyMs));
			} else if (f.type === 'reset') {
				call.status = 0;
				req.socket.destroy();
				return true;
			} else if (f.type === 'status') {
				let body = f.body;
				const headers = { ...f.headers };
				if (body === null || body === undefined) {
					if (f.status >= 502 && f.status <= 504) {
						body = `<html>\r\n<head><title>${f.status}</title></head>\r\n<body>\r\n<center><h1>${f.status}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
						headers['Content-Type'] = headers['Content-Type'] || 'text/html';
					} else {
						const e = api(f.status, 9008, null, 'Injected fault');
						body = e.body;
					}
				}
				send(res, f.status, typeof body === 'string' ? body : JSON.stringify(body), {
					'Content-Type': headers['Content-Type'] || 'application/json;charset=UTF-8',
					...headers,
				});
				return true;
			} else if (f.type === 'status-after-write') {
				// the request is applied; the client gets an error status instead of the answer
				const { writeHead, end } = res;
				res.writeHead = function held(status) {
					call.status = status;
					return res;
				};
				res.end = function replaced() {
					res.writeHead = writeHead;
					res.end = end;
					for (const name of res.getHeaderNames()) res.removeHeader(name);
					const body = JSON.stringify(api(f.status, 9008, null, 'Injected fault').body);
					res.writeHead(f.status, { 'Content-Type': 'application/json;charset=UTF-8' });
					return res.end(body);
				};
			} else if (f.type === 'reset-after-write') {
				// the request is applied; the answer never arrives
				res.writeHead = function writeHead(status) {
					call.status = status;
					return res;
				};
				res.end = function end() {
					req.socket.destroy();
					return res;
				};
			}
		}
		return false;
	}

	async handleControl(req, res, url) {
		if (!isLoopback(req.socket.remoteAddress)) {
			send(res, 403, { error: 'The control API is loopback only' });
			return;
		}
		try {
			await this.control.handle(req, res, url);
		} catch (err) {
			send(res, err.status || 500, { error: err.message, redirect: err.redirect });
		}
	}

	indexPage() {
		return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ORCID emulator</title></head>
<body><main><h1>ORCID emulator</h1><ul>
<li>OAuth: <code>${this.url}/oauth/authorize</code>, <code>${this.url}/oauth/token</code></li>
<li>Public API: <code>${this.publicApi}/v3.0/</code></li>
<li>Member API: <code>${this.memberApi}/v3.0/</code></li>
<li>Control API: <code>${this.url}/_emulator/</code> (see test/emulator/README.md)</li>
</ul></main></body></html>`;
	}

	listen(port = 0, host = '127.0.0.1') {
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((err) => {
				if (!this.options.quiet) console.error('[orcid-emulator]', err);
				if (!res.headersSent) send(res, 500, 'Internal error');
			});
		});
		// nginx's default keepalive_timeout (75 s), as in front of ORCID; far above the clients'
		// own idle limits (undici: 4 s), so a client never reuses a socket the server is closing
		// (the keep-alive race: "fetch failed, ECONNRESET", nodejs/undici#3141)
		this.server.keepAliveTimeout = 75_000;
		this.server.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				const addr = this.server.address();
				const h = host.includes(':') ? `[${host}]` : host;
				this.url = `http://${h}:${addr.port}`;
				this.publicApi = `${this.url}/pub`;
				this.memberApi = `${this.url}/api`;
				this.port = addr.port;
				resolve(this);
			});
		});
	}

	async stop() {
		this.webhooks.stop();
		if (this.saveTimer) {
			clearTimeout(this.saveTimer);
			this.saveTimer = null;
		}
		this.save();
		if (!this.server) return;
		await new Promise((resolve) => {
			this.server.close(() => resolve());
			for (const s of this.sockets) s.destroy();
		});
	}
}

/**
 * Starts an emulator on a loopback port (0 = a free one).
 * Options: port, host, seed (default true), dataFile, recordHost, webhookDelayMs,
 * webhookRetryDelayMs, validateJson, limits ({enabled, memberRate, publicRate, burst, ...}),
 * latency (true for the network profile, or {enabled, seed, read, write, bulk}), quiet.
 */
async function startEmulator(options = {}) {
	const emu = new Emulator(options);
	await emu.listen(options.port ?? 0, options.host || '127.0.0.1');
	return {
		emulator: emu,
		url: emu.url,
		publicApi: emu.publicApi,
		memberApi: emu.memberApi,
		port: emu.port,
		get clients() {
			return emu.state.clientList();
		},
		/**
		 * Calls the control API; resolves to the parsed JSON answer, throws on an error status.
		 * @param {string} method
		 * @param {string} path
		 * @param {unknown} [body]
		 * @returns {Promise<any>}
		 */
		async control(method, path, body) {
			const res = await fetch(`${emu.url}${path}`, {
				method,
				headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await res.text();
			let value = text;
			try {
				value = text ? JSON.parse(text) : null;
			} catch {
				// plain text answer
			}
			if (!res.ok) {
				const err = new Error(`control ${method} ${path} -> ${res.status}: ${text}`);
				err.status = res.status;
				err.body = value;
				throw err;
			}
			return value;
		},
		stop: () => emu.stop(),
	};
}

/** The seeded member client (lib/state.js). */
const EMULATOR_MEMBER = Object.freeze({
	clientId: 'APP-EMUMEMBER0000001',
	clientSecret: 'emu-member-secret',
});

/**
 * The data of our nodes' ORCID credential pointed at a running emulator, as the member client;
 * `overrides` replaces or adds fields (another client, rate limits, a token encryption key).
 */
function emulatorCredentialData(emu, overrides = {}) {
	return {
		environment: 'custom',
		standsFor: 'sandbox',
		oauthBaseUrl: emu.url,
		publicApiBaseUrl: emu.publicApi,
		memberApiBaseUrl: emu.memberApi,
		recordBaseUrl: 'https://sandbox.orcid.org',
		clientId: EMULATOR_MEMBER.clientId,
		clientSecret: EMULATOR_MEMBER.clientSecret,
		...overrides,
	};
}

module.exports = { startEmulator, Emulator, EMULATOR_MEMBER, emulatorCredentialData };

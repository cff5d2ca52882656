'use strict';
// The loopback-only control API under /_emulator/ (documented in test/emulator/README.md).

const { readBody, send } = require('./http');
const { seedRecord } = require('./seed');
const { isValidOrcid } = require('./orcid-id');
const { parseScopes } = require('./scopes');
const { ITEM_TYPES } = require('./model');
const { sendInstitutionalNotice } = require('./institutional');

function fail(status, message) {
	const e = new Error(message);
	e.status = status;
	return e;
}

class Control {
	constructor(emu) {
		this.emu = emu;
	}

	get state() {
		return this.emu.state;
	}

	async handle(req, res, url) {
		const method = req.method;
		const path = url.pathname.replace(/\/+$/, '');
		let body = null;
		if (method === 'POST' || method === 'PUT' || method === 'DELETE') {
			const text = await readBody(req);
			if (text.trim()) {
				try {
					body = JSON.parse(text);
				} catch (e) {
					throw fail(400, `Body is not JSON: ${e.message}`);
				}
			}
		}
		body = body || {};
		const route = `${method} ${path}`;
		const ok = (status, value) => send(res, status, value === undefined ? '' : value);
		let m;

		switch (route) {
			case 'GET /_emulator/clients':
				return ok(200, this.state.clientList());
			case 'POST /_emulator/clients': {
				if (body.clientId && this.state.clients.has(body.clientId) && !body.replace) {
					throw fail(409, `Client ${body.clientId} exists`);
				}
				return ok(201, this.state.addClient(body));
			}
			case 'POST /_emulator/researchers': {
				if (body.orcid && !isValidOrcid(body.orcid))
					throw fail(400, `Invalid ORCID iD ${body.orcid}`);
				const rec = this.state.addResearcher(body);
				return ok(201, rec.profile);
			}
			case 'GET /_emulator/researchers':
				return ok(
					200,
					[...this.state.records.values()].map((r) => r.profile),
				);
			case 'POST /_emulator/consent': {
				const redirect = body.deny ? this.emu.oauth.deny(body) : this.emu.oauth.consent(body);
				const u = new URL(redirect.replace('#', '?'));
				return ok(200, {
					redirect,
					code: u.searchParams.get('code'),
					state: u.searchParams.get('state'),
				});
			}
			case 'POST /_emulator/tokens':
				return ok(200, this.mintToken(body));
			case 'POST /_emulator/revoke':
				return ok(200, this.revoke(body));
			case 'GET /_emulator/limits':
				return ok(200, this.emu.limiter.config);
			case 'PUT /_emulator/limits':
				return ok(200, this.emu.limiter.configure(body));
			case 'GET /_emulator/limits/counters':
				return ok(200, this.emu.limiter.countersJson());
			case 'GET /_emulator/latency':
				return ok(200, this.emu.latency.describe());
			case 'PUT /_emulator/latency':
				try {
					return ok(200, this.emu.latency.configure(body));
				} catch (e) {
					throw fail(400, e.message);
				}
			case 'GET /_emulator/config':
				return ok(200, this.emu.config());
			case 'PUT /_emulator/config':
				return ok(200, this.emu.configure(body));
			case 'GET /_emulator/state':
				return ok(200, this.emu.snapshot());
			case 'POST /_emulator/reset':
				this.emu.reset(body.seed !== undefined ? !!body.seed : this.emu.options.seed !== false);
				return ok(200, { reset: true });
			case 'GET /_emulator/calls':
				return ok(200, this.calls(url.searchParams));
			case 'DELETE /_emulator/calls':
				this.emu.calls.length = 0;
				return ok(204);
			case 'GET /_emulator/faults':
				return ok(200, this.emu.faults.all());
			case 'POST /_emulator/faults':
				try {
					return ok(201, this.emu.faults.add(body));
				} catch (e) {
					throw fail(400, e.message);
				}
			case 'DELETE /_emulator/faults':
				this.emu.faults.clear();
				return ok(204);
			case 'GET /_emulator/webhooks':
				return ok(200, [...this.state.webhooks.values()]);
			case 'GET /_emulator/webhooks/deliveries':
				return ok(200, this.emu.webhooks.deliveries);
			case 'GET /_emulator/webhooks/pending':
				return ok(200, this.emu.webhooks.status());
			case 'POST /_emulator/webhooks/flush':
				return ok(200, this.emu.webhooks.flush());
			case 'GET /_emulator/group-ids':
				return ok(200, [...this.state.groupIds.values()]);
			case 'POST /_emulator/institutional-notices':
				return ok(201, sendInstitutionalNotice(this.emu, body));
			case 'GET /_emulator/notifications':
				return ok(200, [...this.state.notifications.values()]);
			default:
		}
		if ((m = /^PUT \/_emulator\/records\/([^/]+)$/.exec(route))) {
			if (!isValidOrcid(m[1])) throw fail(400, `Invalid ORCID iD ${m[1]}`);
			if (!body || typeof body !== 'object') throw fail(400, 'Expected an ORCID v3.0 record JSON');
			return ok(200, seedRecord(this.state, m[1], body));
		}
		if ((m = /^GET \/_emulator\/records\/([^/]+)$/.exec(route))) {
			const rec = this.state.record(m[1]);
			if (!rec) throw fail(404, `No record ${m[1]}`);
			return ok(200, this.recordState(rec));
		}
		if ((m = /^POST \/_emulator\/records\/([^/]+)\/items$/.exec(route))) {
			return ok(201, this.addItem(m[1], body));
		}
		if ((m = /^DELETE \/_emulator\/records\/([^/]+)\/items\/(\d+)$/.exec(route))) {
			// the researcher deletes an item on their record page: any source's, no token
			const rec = this.state.record(m[1]);
			if (!rec) throw fail(404, `No record ${m[1]}`);
			const item = rec.items.get(Number(m[2]));
			if (!item) throw fail(404, `No item ${m[2]} on ${m[1]}`);
			this.state.deleteItem(rec, item);
			return ok(204);
		}
		if ((m = /^DELETE \/_emulator\/faults\/(\d+)$/.exec(route))) {
			if (!this.emu.faults.remove(m[1])) throw fail(404, `No fault ${m[1]}`);
			return ok(204);
		}
		if ((m = /^POST \/_emulator\/notifications\/(\d+)\/read$/.exec(route))) {
			const n = this.state.notifications.get(Number(m[1]));
			if (!n) throw fail(404, `No notification ${m[1]}`);
			n.read = n.read || Date.now();
			this.state.changed();
			return ok(200, n);
		}
		throw fail(404, `Unknown control endpoint: ${route}`);
	}

	calls(params) {
		let calls = this.emu.calls;
		const since = params.get('since');
		if (since !== null) calls = calls.filter((c) => c.id > Number(since));
		const path = params.get('path');
		if (path) calls = calls.filter((c) => c.path.startsWith(path));
		const method = params.get('method');
		if (method) calls = calls.filter((c) => c.method === method.toUpperCase());
		return calls;
	}

	recordState(rec) {
		return {
			orcid: rec.orcid,
			profile: rec.profile,
			lastModified: rec.lastModified,
			items: [...rec.items.values()].map((i) => ({
				putCode: i.putCode,
				type: i.type,
				visibility: i.visibility,
				source: {
					clientId: i.source.clientId || null,
					orcid: i.source.orcid || null,
					name: i.source.name || null,
				},
				created: i.created,
				lastModified: i.lastModified,
				data: i.data,
			})),
		};
	}

	/** Seeds one item directly (no validation), e.g. a private item or one from another source. */
	addItem(orcid, body) {
		const rec = this.state.record(orcid);
		if (!rec) throw fail(404, `No record ${orcid}`);
		if (!ITEM_TYPES[body.type]) throw fail(400, `Unknown item type ${body.type}`);
		const source = body.sourceClientId
			? {
					clientId: body.sourceClientId,
					name: (this.state.clients.get(body.sourceClientId) || {}).name || body.sourceClientId,
				}
			: {
					orcid,
					name: [rec.profile.givenNames, rec.profile.familyName].filter((x) => x).join(' '),
				};
		const item = this.state.addItem(rec, body.type, body.data || {}, source, {
			putCode: body.putCode,
			visibility: body.visibility,
			displayIndex: body.displayIndex === undefined ? undefined : String(body.displayIndex),
			created: body.created === undefined ? undefined : Date.parse(body.created),
		});
		return { putCode: item.putCode, type: item.type, visibility: item.visibility };
	}

	mintToken(body) {
		const client = this.state.clients.get(body.clientId);
		if (!client) throw fail(404, `Client not found: ${body.clientId}`);
		if (body.orcid && !this.state.record(body.orcid)) throw fail(404, `No record ${body.orcid}`);
		const scopes = Array.isArray(body.scope)
			? body.scope
			: parseScopes(body.scope || '/read-limited');
		const token = this.state.issueToken({
			clientId: client.clientId,
			orcid: body.orcid || null,
			scopes,
			expiresIn: body.expiresIn,
		});
		if (body.orcid)
			this.state.grants.push({ clientId: client.clientId, orcid: body.orcid, scopes });
		return this.emu.oauth.tokenResponse(token, client);
	}

	revoke(body) {
		let revoked = 0;
		if (body.token) {
			const access = this.state.tokens.has(body.token)
				? body.token
				: this.state.refreshTokens.get(body.token);
			const token = access && this.state.tokens.get(access);
			if (!token) throw fail(404, 'Unknown token');
			this.state.revokeToken(token, 'user');
			revoked = 1;
		} else if (body.clientId && body.orcid) {
			// "Trusted parties" removal: every token of that client for that researcher
			for (const t of this.state.tokens.values()) {
				if (t.clientId === body.clientId && t.orcid === body.orcid && !t.revoked) {
					this.state.revokeToken(t, 'user');
					revoked += 1;
				}
			}
			this.state.grants = this.state.grants.filter(
				(g) => !(g.clientId === body.clientId && g.orcid === body.orcid),
			);
		} else {
			throw fail(400, 'Give {token} or {clientId, orcid}');
		}
		return { revoked };
	}
}

module.exports = { Control };

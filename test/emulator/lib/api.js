'use strict';
// The v3.0 public (/pub) and member (/api) APIs.

const { api, oauth } = require('./errors');
const { negotiate, readBody, send, sendOrcid, serialise } = require('./http');
const { parseBody } = require('./body');
const {
	ITEM_TYPES,
	SYSTEM_FIELDS,
	BY_SECTION,
	BY_LIST,
	externalIdsOf,
	externalIdKey,
	validateItem,
	personItemValue,
} = require('./model');
const views = require('./views');
const { ORCID_RE } = require('./orcid-id');
const { expandScopes } = require('./scopes');
const { search } = require('./search');

const PUT_CODE_RE = /^\d+$/;
const ANONYMOUS_SCOPES = new Set(['/read-public']);
const MAX_BULK = 100;
const MAX_WORKS = 10000;
const GROUP_ID_RE =
	/^(ringgold:|issn:|orcid-generated:|fundref:|publons:)([0-9a-zA-Z^._~:/?#[\]@!$&'()*+,;=-]){2,}$/;

class Api {
	constructor(emu) {
		this.emu = emu;
		this.state = emu.state;
	}

	get ctx() {
		return { state: this.state, recordHost: this.emu.recordHost };
	}

	/** Entry point for /pub/... and /api/... */
	async handle(req, res, call, kind, rest, url) {
		const neg = negotiate(req.headers.accept);
		call.neg = neg;
		// the front end's limiter has admitted the request already (index.js)
		if (!neg) throw api(406, 9001, null, `Not acceptable: ${req.headers.accept}`);
		const viewer = this.authenticate(req, call, kind);

		const method = req.method;
		const webhook = /^\/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\/webhook\/(.+)$/.exec(rest);
		if (webhook) {
			if (kind !== 'member') throw api(404, 9001, null, 'Webhooks are on the member API');
			return this.webhook(req, res, call, viewer, webhook[1], webhook[2]);
		}
		const m = /^\/v3\.0(\/.*)?$/.exec(rest);
		if (!m) throw api(404, 9001, null, `Unknown API version or endpoint: ${rest}`);
		const sub = m[1] || '/';
		const segs = sub.split('/').filter((s) => s);
		if (segs.length === 0) throw api(404, 9001, null, 'Unknown endpoint');
		const head = segs[0];

		if (head === 'status' && method === 'GET') {
			send(res, 200, 'OK I am here', { 'Content-Type': 'text/plain;charset=UTF-8' });
			return;
		}
		if (head === 'search' || head === 'expanded-search') {
			if (method !== 'GET') throw api(405, 9001, null, `${method} not allowed here`);
			this.requireScope(viewer, '/read-public', kind);
			const result = search(this.ctx, url.searchParams, head === 'expanded-search', viewer);
			sendOrcid(res, neg, 200, result.qname, result.json);
			return;
		}
		if (head === 'group-id-record') {
			if (kind !== 'member') throw api(404, 9001, null, 'group-id-record is on the member API');
			return this.groupIdRecord(req, res, call, viewer, segs.slice(1), url, neg);
		}
		if (!ORCID_RE.test(head)) throw api(404, 9001, null, `Unknown endpoint: ${sub}`);
		return this.recordRoute(req, res, call, viewer, kind, head, segs.slice(1), url, neg);
	}

	// ---------- authentication ----------

	/** Who the limiter counts: the client of any token we issued (revoked too), else nobody. */
	callerOf(req) {
		const header = req.headers.authorization;
		if (!header) return { clientId: null, client: null };
		const token = this.state.tokens.get(
			String(header)
				.replace(/Bearer|bearer/g, '')
				.trim(),
		);
		if (!token) return { clientId: null, client: null };
		return { clientId: token.clientId, client: this.state.clients.get(token.clientId) || null };
	}

	authenticate(req, call, kind) {
		const header = req.headers.authorization;
		const viewer = {
			api: kind,
			clientId: null,
			scopes: null,
			orcid: null,
			token: null,
			anonymous: true,
			ip: req.socket.remoteAddress,
		};
		if (!header) {
			if (kind === 'member') {
				throw oauth(401, 'unauthorized', 'Full authentication is required to access this resource');
			}
			viewer.scopes = ANONYMOUS_SCOPES;
			return viewer;
		}
		const m = /^Bearer\s+(.+)$/i.exec(header);
		if (!m) throw oauth(401, 'invalid_token', `Invalid access token: ${header}`);
		const value = m[1].trim();
		const token = this.state.tokens.get(value);
		if (!token) throw oauth(401, 'invalid_token', `Invalid access token: ${value}`);
		call.client = token.clientId;
		const expired = token.issuedAt + token.expiresIn * 1000 < Date.now();
		// a researcher's revocation still lets the client delete its items (ORCID: USER_REVOKED)
		const revokedButDeleting = token.revoked === 'user' && req.method === 'DELETE';
		if ((token.revoked && !revokedButDeleting) || expired) {
			throw oauth(401, 'invalid_token', `Invalid access token: ${value}`);
		}
		const client = this.state.clients.get(token.clientId);
		if (!client) throw oauth(401, 'invalid_token', `Invalid access token: ${value}`);
		if (kind === 'member' && client.apiType !== 'member') {
			throw api(401, 9017, null, 'The client application is forbidden to perform the action.');
		}
		viewer.anonymous = false;
		viewer.clientId = token.clientId;
		viewer.client = client;
		viewer.scopes = expandScopes(token.scopes);
		viewer.orcid = token.orcid;
		viewer.token = token;
		return viewer;
	}

	requireScope(viewer, scope) {
		if (!views.hasScope(viewer, scope)) throw api(403, 9038, null, `Missing scope ${scope}`);
	}

	checkRecord(method, rec, orcid, url) {
		if (!rec) throw api(404, 9016, null, `ORCID iD ${orcid} not found`);
		const p = rec.profile;
		if (p.primaryOrcid) {
			const params = {
				orcid: `https://${this.emu.recordHost}/${p.primaryOrcid}`,
				deprecated_orcid: `https://${this.emu.recordHost}/${orcid}`,
			};
			if (method === 'GET') {
				const location = `${this.emu.url}${url.pathname.replace(orcid, p.primaryOrcid)}${url.search}`;
				throw api(301, 9007, params, null, { Location: location });
			}
			const e = api(409, 9007, params);
			e.body['developer-message'] = e.body['user-message'];
			throw e;
		}
		if (p.deactivated) throw api(409, 9044, null, `${orcid} is deactivated`);
	}

	checkTokenTarget(viewer, orcid) {
		if (viewer.orcid && viewer.orcid !== orcid) {
			throw api(401, 9017, null, 'Access token is for a different record');
		}
	}

	// ---------- record routes ----------

	async recordRoute(req, res, call, viewer, kind, orcid, segs, url, neg) {
		const method = req.method;
		call.orcid = orcid;
		const rec = this.state.record(orcid);
		const first = segs[0] || 'record';

		if (first === 'notification-permission') {
			if (kind !== 'member') throw api(404, 9001, null, 'Notifications are on the member API');
			return this.notification(req, res, call, viewer, rec, orcid, segs.slice(1), url, neg);
		}

		if (method === 'GET') {
			this.checkRecord(method, rec, orcid, url);
			if (kind === 'member') this.checkTokenTarget(viewer, orcid);
			this.requireScope(viewer, '/read-public');
			return this.read(res, viewer, rec, segs, neg);
		}
		if (method !== 'POST' && method !== 'PUT' && method !== 'DELETE') {
			throw api(405, 9001, null, `${method} not allowed`);
		}
		if (kind !== 'member') throw api(405, 9001, null, 'The public API is read only');
		return this.write(req, res, call, viewer, rec, orcid, segs, url, neg);
	}

	cached(rec, key, produce) {
		let v = rec.cache.get(key);
		if (v === undefined) {
			v = produce();
			rec.cache.set(key, v);
		}
		return v;
	}

	viewKey(viewer, rec) {
		if (viewer.api === 'public') return 'pub';
		const rl =
			viewer.orcid === rec.orcid
				? `${views.hasScope(viewer, '/activities/read-limited') ? 1 : 0}${views.hasScope(viewer, '/person/read-limited') ? 1 : 0}`
				: '00';
		return `m|${viewer.clientId}|${rl}`;
	}

	sendView(res, neg, rec, viewer, path, qname, produce) {
		const key = `${this.viewKey(viewer, rec)}|${neg.format}|${path}`;
		// the encoded answer is kept until the record changes, so a repeated read costs little
		const body = this.cached(rec, key, () => Buffer.from(serialise(neg, qname, produce())));
		send(res, 200, body, { 'Content-Type': `${neg.type};charset=UTF-8` });
	}

	read(res, viewer, rec, segs, neg) {
		const ctx = this.ctx;
		const path = segs.join('/');
		const [first = 'record', second, third] = segs;
		const one = (qname, produce) => this.sendView(res, neg, rec, viewer, path, qname, produce);
		if (segs.length <= 1) {
			switch (first) {
				case 'record':
					return one('record:record', () => views.renderRecord(ctx, rec, viewer));
				case 'person':
					return one('person:person', () => views.renderPerson(ctx, rec, viewer));
				case 'activities':
					return one('activities:activities-summary', () =>
						views.renderActivities(ctx, rec, viewer),
					);
				case 'personal-details':
					return one('personal-details:personal-details', () =>
						views.renderPersonalDetails(ctx, rec, viewer),
					);
				case 'biography': {
					const bio = views.renderBiography(ctx, rec, viewer);
					if (!bio) throw api(404, 9041);
					return one('personal-details:biography', () => bio);
				}
				case 'email':
					return one('email:emails', () => views.renderEmails(ctx, rec, viewer));
				default:
			}
		}
		const listType = BY_LIST.get(first);
		if (listType && segs.length === 1) {
			const qname = listType.listRoot || `activities:${listType.list}`;
			return one(qname, () => views.renderSection(ctx, rec, viewer, listType.type));
		}
		if (first === 'works' && segs.length === 2) return this.bulkRead(res, viewer, rec, second, neg);
		const t = BY_SECTION.get(first);
		if (t && segs.length === 2) {
			const item = this.findItem(rec, t, second);
			this.checkVisible(viewer, rec, item);
			return one(`${t.type}:${t.type}`, () => views.renderItem(ctx, rec, item));
		}
		if (t && t.activity && segs.length === 3 && second === 'summary') {
			const item = this.findItem(rec, t, third);
			this.checkVisible(viewer, rec, item);
			return one(`${t.type}:${t.type}-summary`, () => views.renderSummary(ctx, rec, item));
		}
		throw api(404, 9001, null, `Unknown endpoint: /${rec.orcid}/${path}`);
	}

	findItem(rec, t, putCodeText) {
		if (!PUT_CODE_RE.test(String(putCodeText)))
			throw api(400, 9034, null, `Invalid put code ${putCodeText}`);
		const item = rec.items.get(Number(putCodeText));
		if (!item || item.type !== t.type) throw api(404, 9016, null, 'No entity found for query');
		return item;
	}

	checkVisible(viewer, rec, item) {
		const code = views.visibilityError(viewer, rec, item);
		if (code) throw api(403, code);
	}

	bulkRead(res, viewer, rec, list, neg) {
		const codes = list.split(',').filter((s) => s !== '');
		if (codes.length > MAX_BULK)
			throw api(400, 9042, null, `Too many put codes supplied (${codes.length})`);
		const bulk = codes.map((pc) => {
			try {
				const item = this.findItem(rec, ITEM_TYPES.work, pc);
				this.checkVisible(viewer, rec, item);
				return { work: views.renderItem(this.ctx, rec, item) };
			} catch (e) {
				if (e.body && e.body['error-code']) return { error: e.body };
				throw e;
			}
		});
		sendOrcid(res, neg, 200, 'bulk:bulk', { bulk });
	}

	// ---------- writes ----------

	async write(req, res, call, viewer, rec, orcid, segs, url, neg) {
		const method = req.method;
		const [first, second] = segs;
		const bulk = method === 'POST' && first === 'works' && segs.length === 1;
		const t = bulk ? ITEM_TYPES.work : BY_SECTION.get(first);
		if (!t) throw api(405, 9001, null, `${method} not allowed on /${orcid}/${segs.join('/')}`);
		if (method === 'POST' && segs.length !== 1)
			throw api(405, 9001, null, 'POST takes no put code');
		if (method !== 'POST' && segs.length !== 2)
			throw api(405, 9001, null, `${method} needs a put code`);

		let body = null;
		if (method !== 'DELETE') {
			const text = await readBody(req);
			body = await parseBody(
				text,
				req.headers['content-type'],
				[bulk ? 'bulk:bulk' : `${t.type}:${t.type}`],
				{
					validateJson: this.emu.options.validateJson,
				},
			);
		}
		this.checkRecord(method, rec, orcid, url);
		this.checkTokenTarget(viewer, orcid);
		const scope = t.kind === 'person' ? '/person/update' : '/activities/update';
		this.requireScope(viewer, scope);
		if (!viewer.orcid) throw api(403, 9038, null, `A researcher's token with ${scope} is required`);

		if (bulk) return this.bulkCreate(res, viewer, rec, body.json, neg);
		if (method === 'POST') return this.create(res, viewer, rec, t, body.json);
		const item = this.findItem(rec, t, second);
		if (item.source.clientId !== viewer.clientId) {
			throw api(403, 9010, { activity: t.type });
		}
		if (method === 'DELETE') {
			this.state.deleteItem(rec, item);
			send(res, 204, '');
			return;
		}
		return this.update(res, viewer, rec, t, item, body.json, neg);
	}

	stripSystemFields(json) {
		const data = { ...json };
		for (const k of SYSTEM_FIELDS) delete data[k];
		return data;
	}

	/** Throws 9021/9030 when an item of the same source already holds these identifiers. */
	checkDuplicates(viewer, rec, t, data, exceptPutCode) {
		const mine = this.state
			.itemsOf(rec, t.type)
			.filter((i) => i.putCode !== exceptPutCode && i.source.clientId === viewer.clientId);
		if (t.kind === 'person') {
			const v = String(personItemValue(t.type, data)).toLowerCase();
			if (mine.some((i) => String(personItemValue(t.type, i.data)).toLowerCase() === v)) {
				throw api(409, 9030, { value: personItemValue(t.type, data), type: t.type });
			}
			return;
		}
		const normalise = t.type !== 'funding';
		const newSelf = externalIdsOf(t.type, data).filter(
			(id) => id['external-id-relationship'] === 'self',
		);
		if (!newSelf.length) return;
		const newKeys = new Set(newSelf.map((id) => externalIdKey(id, normalise)));
		for (const existing of mine) {
			for (const id of externalIdsOf(t.type, existing.data)) {
				const rel = id['external-id-relationship'];
				// works: the existing self and version-of ids count; other activities: self only
				const counts = rel === 'self' || (t.type === 'work' && rel === 'version-of');
				if (counts && newKeys.has(externalIdKey(id, normalise))) {
					throw api(409, 9021, { putCode: existing.putCode, clientName: viewer.client.name });
				}
			}
		}
	}

	prepareItem(viewer, rec, t, json, { create, exceptPutCode }) {
		validateItem(t.type, json);
		if (create && json['put-code'] !== undefined) {
			throw api(400, 9024, { clientName: viewer.client.name });
		}
		const data = this.stripSystemFields(json);
		if (t.type === 'peer-review') this.checkGroupId(viewer, data['review-group-id']);
		if (t.type === 'work' && create && this.state.itemsOf(rec, 'work').length >= MAX_WORKS) {
			throw api(409, 9048);
		}
		this.checkDuplicates(viewer, rec, t, data, exceptPutCode);
		return data;
	}

	checkGroupId(viewer, groupId) {
		for (const g of this.state.groupIds.values()) if (g['group-id'] === groupId) return;
		if (/^issn:/.test(groupId || '')) {
			// ISSN groups are created on first use
			this.addGroupId(
				{ name: groupId, 'group-id': groupId, description: groupId, type: 'journal' },
				null,
			);
			return;
		}
		throw api(400, 9026, null, `Group id ${groupId} does not exist`);
	}

	create(res, viewer, rec, t, json) {
		const data = this.prepareItem(viewer, rec, t, json, { create: true });
		const item = this.state.addItem(rec, t.type, data, {
			clientId: viewer.clientId,
			name: viewer.client.name,
		});
		send(res, 201, '', {
			Location: `${this.emu.memberApi}/v3.0/${rec.orcid}/${t.section}/${item.putCode}`,
		});
	}

	update(res, viewer, rec, t, item, json, neg) {
		const bodyPutCode = json['put-code'];
		if (bodyPutCode === undefined || Number(bodyPutCode) !== item.putCode) {
			throw api(400, 9019, {
				urlPutCode: item.putCode,
				bodyPutCode: bodyPutCode === undefined ? 'null' : bodyPutCode,
				clientName: viewer.client.name,
			});
		}
		if (json.visibility !== undefined && json.visibility !== item.visibility) {
			throw api(403, 9035, { clientName: viewer.client.name });
		}
		const data = this.prepareItem(viewer, rec, t, json, {
			create: false,
			exceptPutCode: item.putCode,
		});
		this.state.updateItem(rec, item, data);
		sendOrcid(res, neg, 200, `${t.type}:${t.type}`, views.renderItem(this.ctx, rec, item));
	}

	bulkCreate(res, viewer, rec, json, neg) {
		const entries = json.bulk || [];
		if (entries.length > MAX_BULK) {
			throw api(400, 9006, null, `You are allowed to add up to ${MAX_BULK} elements per request.`);
		}
		if (this.state.itemsOf(rec, 'work').length + entries.length > MAX_WORKS) throw api(409, 9048);
		const t = ITEM_TYPES.work;
		const out = entries.map((entry) => {
			const work = entry.work;
			if (!work) return { error: api(400, 9020, null, 'Only works can be posted in bulk').body };
			try {
				const data = this.prepareItem(viewer, rec, t, work, { create: true });
				const item = this.state.addItem(rec, 'work', data, {
					clientId: viewer.clientId,
					name: viewer.client.name,
				});
				return { work: views.renderItem(this.ctx, rec, item) };
			} catch (e) {
				if (e.body && e.body['error-code']) return { error: e.body };
				throw e;
			}
		});
		sendOrcid(res, neg, 200, 'bulk:bulk', { bulk: out });
	}

	// ---------- group-id records (two-legged) ----------

	addGroupId(json, viewer) {
		const putCode = this.state.putCode();
		const record = {
			name: json.name,
			'group-id': json['group-id'],
			description: json.description,
			type: json.type,
			'put-code': putCode,
			sourceClientId: viewer ? viewer.clientId : null,
		};
		this.state.groupIds.set(putCode, record);
		this.state.changed();
		return record;
	}

	renderGroupId(g) {
		const out = {};
		if (g.sourceClientId) {
			const client = this.state.clients.get(g.sourceClientId);
			const host = views.hostOf(client && client.environment, this.ctx);
			out.source = {
				'source-client-id': {
					uri: `https://${host}/client/${g.sourceClientId}`,
					path: g.sourceClientId,
					host,
				},
				'source-name': { value: (client && client.name) || g.sourceClientId },
			};
		}
		return {
			...out,
			name: g.name,
			'group-id': g['group-id'],
			description: g.description,
			type: g.type,
			'put-code': g['put-code'],
		};
	}

	async groupIdRecord(req, res, call, viewer, segs, url, neg) {
		const method = req.method;
		const readScope = method === 'GET';
		if (!views.hasScope(viewer, readScope ? '/group-id-record/read' : '/group-id-record/update')) {
			throw api(
				403,
				9038,
				null,
				`Missing scope ${readScope ? '/group-id-record/read' : '/group-id-record/update'}`,
			);
		}
		if (segs.length === 0) {
			if (method === 'GET') {
				const q = url.searchParams;
				const all = [...this.state.groupIds.values()];
				const byGroup = q.get('group-id');
				const byName = q.get('name');
				if (byGroup !== null || byName !== null) {
					const found = all.find((g) =>
						byGroup !== null ? g['group-id'] === byGroup : g.name === byName,
					);
					if (!found) throw api(404, 9016, null, 'No group-id-record found');
					sendOrcid(res, neg, 200, 'group-id:group-id-record', this.renderGroupId(found));
					return;
				}
				const pageSize = Math.max(1, Math.min(1000, Number(q.get('page-size') || 100)));
				const page = Math.max(1, Number(q.get('page') || 1));
				const slice = all.slice((page - 1) * pageSize, page * pageSize);
				sendOrcid(res, neg, 200, 'group-id:group-id-records', {
					'last-modified-date': null,
					total: all.length,
					page,
					'page-size': pageSize,
					'group-id-record': slice.map((g) => this.renderGroupId(g)),
				});
				return;
			}
			if (method !== 'POST') throw api(405, 9001, null, `${method} not allowed`);
			const body = await this.readGroupId(req);
			if (body['put-code'] !== undefined) throw api(400, 9024, { clientName: viewer.client.name });
			this.checkGroupIdValue(body);
			if ([...this.state.groupIds.values()].some((g) => g['group-id'] === body['group-id'])) {
				throw api(409, 9025);
			}
			const g = this.addGroupId(body, viewer);
			send(res, 201, '', {
				Location: `${this.emu.memberApi}/v3.0/group-id-record/${g['put-code']}`,
			});
			return;
		}
		const pc = segs[0];
		if (!PUT_CODE_RE.test(pc) || segs.length > 1)
			throw api(400, 9034, null, `Invalid put code ${pc}`);
		const g = this.state.groupIds.get(Number(pc));
		if (method === 'PUT') {
			const body = await this.readGroupId(req);
			if (!g) throw api(404, 9016, null, 'No entity found for query');
			if (body['put-code'] === undefined || Number(body['put-code']) !== g['put-code']) {
				throw api(400, 9019, { urlPutCode: pc, bodyPutCode: body['put-code'] ?? 'null' });
			}
			if (g.sourceClientId && g.sourceClientId !== viewer.clientId) {
				throw api(403, 9010, { activity: 'group-id-record' });
			}
			this.checkGroupIdValue(body);
			if (
				[...this.state.groupIds.values()].some((o) => o !== g && o['group-id'] === body['group-id'])
			) {
				throw api(409, 9025);
			}
			Object.assign(g, {
				name: body.name,
				'group-id': body['group-id'],
				description: body.description,
				type: body.type,
			});
			this.state.changed();
			sendOrcid(res, neg, 200, 'group-id:group-id-record', this.renderGroupId(g));
			return;
		}
		if (!g) throw api(404, 9016, null, 'No entity found for query');
		if (method === 'GET') {
			sendOrcid(res, neg, 200, 'group-id:group-id-record', this.renderGroupId(g));
			return;
		}
		if (method === 'DELETE') {
			if (g.sourceClientId && g.sourceClientId !== viewer.clientId) {
				throw api(403, 9010, { activity: 'group-id-record' });
			}
			this.state.groupIds.delete(g['put-code']);
			this.state.changed();
			send(res, 204, '');
			return;
		}
		throw api(405, 9001, null, `${method} not allowed`);
	}

	async readGroupId(req) {
		const text = await readBody(req);
		const body = await parseBody(text, req.headers['content-type'], ['group-id:group-id-record'], {
			validateJson: this.emu.options.validateJson,
		});
		return body.json;
	}

	checkGroupIdValue(body) {
		if (!GROUP_ID_RE.test(body['group-id'] || '')) {
			throw api(400, 9020, null, `Invalid group-id: '${body['group-id']}'`);
		}
	}

	// ---------- notification-permission (two-legged /premium-notification) ----------

	renderNotification(n) {
		const client = this.state.clients.get(n.clientId);
		const host = views.hostOf(client && client.environment, this.ctx);
		const d = n.data;
		const auth = { ...(d['authorization-url'] || {}) };
		if (!auth.uri && auth.path) auth.uri = `${this.emu.url}${auth.path}`;
		if (!auth.path && auth.uri) {
			try {
				const u = new URL(auth.uri);
				auth.path = u.pathname + u.search;
			} catch {
				auth.path = auth.uri;
			}
		}
		if (!auth.host) auth.host = new URL(this.emu.url).host;
		return {
			'notification-type': d['notification-type'],
			'authorization-url': auth,
			'notification-subject': d['notification-subject'],
			'notification-intro': d['notification-intro'],
			items: d.items,
			'created-date': { value: n.created },
			'sent-date': n.sent ? { value: n.sent } : null,
			'read-date': n.read ? { value: n.read } : null,
			'actioned-date': n.actioned ? { value: n.actioned } : null,
			'archived-date': n.archived ? { value: n.archived } : null,
			source: {
				'source-client-id': { uri: `https://${host}/client/${n.clientId}`, path: n.clientId, host },
				'source-name': { value: (client && client.name) || n.clientId },
			},
			'put-code': n.putCode,
		};
	}

	async notification(req, res, call, viewer, rec, orcid, segs, url, neg) {
		const method = req.method;
		let body = null;
		if (method === 'POST') {
			const text = await readBody(req);
			body = await parseBody(text, req.headers['content-type'], ['notification:notification'], {
				validateJson: this.emu.options.validateJson,
			});
		}
		this.checkRecord(method, rec, orcid, url);
		this.requireScope(viewer, '/premium-notification');
		if (segs.length === 0) {
			if (method === 'GET') {
				const list = [...this.state.notifications.values()].filter(
					(n) => n.orcid === orcid && n.clientId === viewer.clientId,
				);
				sendOrcid(res, neg, 200, 'notification:notifications', {
					notification: list.map((n) => this.renderNotification(n)),
				});
				return;
			}
			if (method !== 'POST') throw api(405, 9001, null, `${method} not allowed`);
			if (rec.profile.notificationsOptOut) throw api(409, 9032, { orcid });
			const data = { ...body.json };
			for (const k of [
				'put-code',
				'created-date',
				'sent-date',
				'read-date',
				'actioned-date',
				'archived-date',
				'source',
			]) {
				delete data[k];
			}
			const n = {
				putCode: this.state.putCode(),
				orcid,
				clientId: viewer.clientId,
				data,
				created: Date.now(),
				sent: null,
				read: null,
				actioned: null,
				archived: null,
			};
			this.state.notifications.set(n.putCode, n);
			this.state.changed();
			send(res, 201, '', {
				Location: `${this.emu.memberApi}/v3.0/${orcid}/notification-permission/${n.putCode}`,
			});
			return;
		}
		const pc = segs[0];
		if (!PUT_CODE_RE.test(pc) || segs.length > 1)
			throw api(400, 9034, null, `Invalid put code ${pc}`);
		const n = this.state.notifications.get(Number(pc));
		if (!n || n.orcid !== orcid || n.clientId !== viewer.clientId) {
			throw api(404, 9029, { id: pc, orcid });
		}
		if (method === 'GET') {
			sendOrcid(res, neg, 200, 'notification:notification', this.renderNotification(n));
			return;
		}
		if (method === 'DELETE') {
			if (n.read) throw api(403, 9009);
			if (!n.archived) n.archived = Date.now();
			this.state.changed();
			sendOrcid(res, neg, 200, 'notification:notification', this.renderNotification(n));
			return;
		}
		throw api(405, 9001, null, `${method} not allowed`);
	}

	// ---------- webhooks (unversioned, two-legged /webhook) ----------

	async webhook(req, res, call, viewer, orcid, encoded) {
		const method = req.method;
		call.orcid = orcid;
		if (method !== 'PUT' && method !== 'DELETE')
			throw api(405, 9001, null, `${method} not allowed`);
		this.requireScope(viewer, '/webhook');
		await readBody(req);
		const rec = this.state.record(orcid);
		if (!rec) throw api(404, 9016, null, `ORCID iD ${orcid} not found`);
		let uri;
		try {
			uri = decodeURIComponent(encoded);
		} catch {
			throw api(400, 9006, null, `Webhook uri: ${encoded} is syntactically incorrect`);
		}
		if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) uri = `http://${uri}`;
		try {
			new URL(uri);
		} catch {
			throw api(400, 9006, null, `Webhook uri: ${uri} is syntactically incorrect`);
		}
		const key = `${orcid} ${uri}`;
		const existing = this.state.webhooks.get(key);
		if (method === 'PUT') {
			if (existing) {
				send(res, 204, '');
				return;
			}
			this.state.webhooks.set(key, {
				orcid,
				url: uri,
				clientId: viewer.clientId,
				created: Date.now(),
			});
			this.state.changed();
			send(res, 201, '', { Location: `${this.emu.memberApi}/${orcid}/webhook/${encoded}` });
			return;
		}
		if (!existing) throw api(404, 9028, { orcid, uri });
		if (existing.clientId !== viewer.clientId) {
			throw api(
				403,
				9014,
				null,
				'Unable to unregister webhook: Only the client that register the webhook can unregister it.',
			);
		}
		this.state.webhooks.delete(key);
		this.state.changed();
		send(res, 204, '');
	}
}

module.exports = { Api };

'use strict';
// The emulator's whole state: clients, researchers with their records (items with put codes and
// sources), OAuth codes and tokens, group-id records, webhooks, notifications. Plain data, so it
// can be listed by GET /_emulator/state and written to a --data file.

const crypto = require('crypto');
const fs = require('fs');
const { generateOrcid } = require('./orcid-id');
const { ITEM_TYPES, AFFILIATIONS } = require('./model');

const EXPIRES_IN = 631138518;

const CLIENT_CREDENTIAL_SCOPES = [
	'/read-public',
	'/webhook',
	'/group-id-record/read',
	'/group-id-record/update',
	'/premium-notification',
];
const MEMBER_SCOPES = [
	'/authenticate',
	'openid',
	'/read-limited',
	'/activities/read-limited',
	'/person/read-limited',
	'/activities/update',
	'/person/update',
	...CLIENT_CREDENTIAL_SCOPES,
];
const PUBLIC_SCOPES = ['/authenticate', 'openid', '/read-public'];

const LOOPBACK_REDIRECTS = ['http://127.0.0.1:*/', 'http://localhost:*/'];

function defaultClients() {
	const mk = (clientId, clientSecret, apiType, environment, name) => ({
		clientId,
		clientSecret,
		apiType,
		environment,
		name,
		redirectUris: [...LOOPBACK_REDIRECTS],
		scopes: apiType === 'member' ? [...MEMBER_SCOPES] : [...PUBLIC_SCOPES],
	});
	return [
		mk(
			'APP-EMUMEMBER0000001',
			'emu-member-secret',
			'member',
			'sandbox',
			'Emulator Member (sandbox)',
		),
		mk(
			'APP-EMUPUBLIC0000001',
			'emu-public-secret',
			'public',
			'sandbox',
			'Emulator Public (sandbox)',
		),
		mk('APP-EMUMEMBERPROD001', 'emu-member-prod-secret', 'member', 'production', 'Emulator Member'),
		mk('APP-EMUPUBLICPROD001', 'emu-public-prod-secret', 'public', 'production', 'Emulator Public'),
	];
}

function defaultResearchers() {
	return [
		{
			orcid: '0000-0002-1825-0097',
			givenNames: 'Josiah',
			familyName: 'Carberry',
			email: 'josiah.carberry@example.org',
			affiliation: 'Brown University',
		},
		{
			orcid: '0000-0001-5109-3700',
			givenNames: 'Laure',
			familyName: 'Haak',
			email: 'laure.haak@example.org',
			affiliation: 'ORCID',
		},
		{
			orcid: '0000-0002-1694-233X',
			givenNames: 'Sofia',
			familyName: 'Garcia',
			email: 'sofia.garcia@example.org',
			affiliation: 'Universidad de Ejemplo',
		},
	];
}

function randomToken() {
	return crypto.randomUUID();
}

const CODE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomCode() {
	let s = '';
	for (let i = 0; i < 6; i++) s += CODE_CHARS[crypto.randomInt(0, CODE_CHARS.length)];
	return s;
}

class State {
	constructor(options = {}) {
		this.options = options;
		this.onChange = null;
		this.clear();
	}

	clear() {
		this.clients = new Map();
		this.records = new Map(); // orcid -> record (profile + items)
		this.tokens = new Map(); // access token -> token
		this.refreshTokens = new Map(); // refresh token -> access token
		this.codes = new Map();
		this.sessions = new Map(); // browser session id -> orcid
		this.grants = []; // {clientId, orcid, scopes} the researcher authorised (for prompt=none)
		this.groupIds = new Map(); // put code -> group-id-record
		this.webhooks = new Map(); // `${orcid} ${url}` -> webhook
		this.notifications = new Map(); // put code -> notification
		this.nextPutCode = 1000;
	}

	seedDefaults() {
		for (const c of defaultClients()) this.addClient(c);
		for (const r of defaultResearchers()) this.addResearcher(r);
	}

	changed(orcid) {
		if (orcid) {
			const rec = this.records.get(orcid);
			if (rec) {
				rec.version += 1;
				rec.cache.clear();
			}
		}
		if (this.onChange) this.onChange(orcid);
	}

	putCode() {
		this.nextPutCode += 1;
		return this.nextPutCode;
	}

	// ---------- clients ----------

	addClient(input) {
		const apiType = input.apiType === 'public' ? 'public' : 'member';
		const clientId =
			input.clientId || `APP-${crypto.randomBytes(8).toString('hex').toUpperCase().slice(0, 16)}`;
		const client = {
			clientId,
			clientSecret: input.clientSecret || crypto.randomBytes(16).toString('hex'),
			apiType,
			environment: input.environment === 'production' ? 'production' : 'sandbox',
			name: input.name || clientId,
			redirectUris: Array.isArray(input.redirectUris)
				? input.redirectUris
				: [...LOOPBACK_REDIRECTS],
			scopes: Array.isArray(input.scopes)
				? input.scopes
				: apiType === 'member'
					? [...MEMBER_SCOPES]
					: [...PUBLIC_SCOPES],
		};
		this.clients.set(clientId, client);
		this.changed();
		return client;
	}

	clientList() {
		return [...this.clients.values()].map((c) => ({ ...c }));
	}

	// ---------- researchers and records ----------

	addResearcher(input) {
		const orcid = input.orcid || generateOrcid((id) => this.records.has(id));
		const now = Date.now();
		const existing = this.records.get(orcid);
		const profile = {
			orcid,
			givenNames: input.givenNames ?? 'Test',
			familyName: input.familyName ?? 'Researcher',
			creditName: input.creditName ?? null,
			nameVisibility: input.nameVisibility || 'public',
			biography: input.biography
				? { content: input.biography, visibility: input.biographyVisibility || 'public' }
				: null,
			emails: input.email
				? [
						{
							email: input.email,
							visibility: input.emailVisibility || 'private',
							primary: true,
							verified: true,
						},
					]
				: [],
			defaultVisibility: input.defaultVisibility || 'public',
			locale: input.locale || 'en',
			primaryOrcid: input.deprecatedTo || input.primaryOrcid || null,
			deprecatedDate: input.deprecatedTo || input.primaryOrcid ? now : null,
			deactivated: !!input.deactivated,
			deactivationDate: input.deactivated ? now : null,
			notificationsOptOut: !!(input.notificationsOptOut || input.optOut),
			affiliation: input.affiliation || null,
			created: existing ? existing.profile.created : now,
			claimed: true,
		};
		const rec = existing || {
			orcid,
			version: 0,
			lastModified: now,
			items: new Map(),
			cache: new Map(),
		};
		rec.profile = profile;
		rec.lastModified = now;
		this.records.set(orcid, rec);
		this.changed(orcid);
		return rec;
	}

	record(orcid) {
		return this.records.get(orcid) || null;
	}

	touch(rec, when = Date.now()) {
		rec.lastModified = Math.max(when, rec.lastModified + 1);
		return rec.lastModified;
	}

	/** A new item; returns it. */
	addItem(rec, type, data, source, extra = {}) {
		const now = this.touch(rec);
		const item = {
			putCode: extra.putCode || this.putCode(),
			type,
			data,
			visibility: extra.visibility || rec.profile.defaultVisibility,
			created: extra.created || now,
			lastModified: extra.lastModified || now,
			displayIndex: extra.displayIndex ?? (ITEM_TYPES[type].kind === 'person' ? 1 : '0'),
			source,
		};
		if (item.putCode > this.nextPutCode) this.nextPutCode = item.putCode;
		rec.items.set(item.putCode, item);
		this.changed(rec.orcid);
		return item;
	}

	updateItem(rec, item, data) {
		item.data = data;
		item.lastModified = this.touch(rec);
		this.changed(rec.orcid);
	}

	deleteItem(rec, item) {
		rec.items.delete(item.putCode);
		this.touch(rec);
		this.changed(rec.orcid);
	}

	itemsOf(rec, type) {
		const out = [];
		for (const item of rec.items.values()) if (item.type === type) out.push(item);
		return out;
	}

	// ---------- OAuth ----------

	createCode({ clientId, orcid, scopes, redirectUri, state, nonce }) {
		let code;
		do code = randomCode();
		while (this.codes.has(code));
		const c = {
			code,
			clientId,
			orcid,
			scopes,
			redirectUri,
			state: state ?? null,
			nonce: nonce ?? null,
			created: Date.now(),
			usedAt: null,
			tokens: [],
		};
		this.codes.set(code, c);
		this.grants.push({ clientId, orcid, scopes });
		this.changed();
		return c;
	}

	issueToken({ clientId, orcid, scopes, expiresIn, codeId, nonce }) {
		const token = {
			accessToken: randomToken(),
			refreshToken: randomToken(),
			clientId,
			orcid: orcid || null,
			scopes,
			issuedAt: Date.now(),
			expiresIn: expiresIn || EXPIRES_IN,
			revoked: null, // null | 'user' | 'client' | 'reused-code' | 'refreshed'
			code: codeId || null,
			nonce: nonce || null,
		};
		this.tokens.set(token.accessToken, token);
		this.refreshTokens.set(token.refreshToken, token.accessToken);
		this.changed();
		return token;
	}

	revokeToken(token, reason) {
		if (!token.revoked) token.revoked = reason;
		this.changed();
	}

	// ---------- persistence ----------

	toJSON() {
		const records = {};
		for (const [orcid, rec] of this.records) {
			records[orcid] = {
				lastModified: rec.lastModified,
				profile: rec.profile,
				items: [...rec.items.values()],
			};
		}
		return {
			nextPutCode: this.nextPutCode,
			clients: this.clientList(),
			records,
			tokens: [...this.tokens.values()],
			codes: [...this.codes.values()],
			grants: this.grants,
			groupIds: [...this.groupIds.values()],
			webhooks: [...this.webhooks.values()],
			notifications: [...this.notifications.values()],
		};
	}

	load(data) {
		this.clear();
		this.nextPutCode = data.nextPutCode || 1000;
		for (const c of data.clients || []) this.clients.set(c.clientId, c);
		for (const [orcid, r] of Object.entries(data.records || {})) {
			const rec = {
				orcid,
				version: 0,
				lastModified: r.lastModified,
				profile: r.profile,
				items: new Map(),
				cache: new Map(),
			};
			for (const item of r.items || []) rec.items.set(item.putCode, item);
			this.records.set(orcid, rec);
		}
		for (const t of data.tokens || []) {
			this.tokens.set(t.accessToken, t);
			this.refreshTokens.set(t.refreshToken, t.accessToken);
		}
		for (const c of data.codes || []) this.codes.set(c.code, c);
		this.grants = data.grants || [];
		for (const g of data.groupIds || []) this.groupIds.set(g['put-code'], g);
		for (const w of data.webhooks || []) this.webhooks.set(`${w.orcid} ${w.url}`, w);
		for (const n of data.notifications || []) this.notifications.set(n.putCode, n);
	}

	loadFile(file) {
		if (!fs.existsSync(file)) return false;
		this.load(JSON.parse(fs.readFileSync(file, 'utf8')));
		return true;
	}

	saveFile(file) {
		const tmp = `${file}.tmp`;
		fs.writeFileSync(tmp, JSON.stringify(this.toJSON()));
		fs.renameSync(tmp, file);
	}
}

module.exports = {
	State,
	EXPIRES_IN,
	CLIENT_CREDENTIAL_SCOPES,
	MEMBER_SCOPES,
	PUBLIC_SCOPES,
	AFFILIATIONS,
};

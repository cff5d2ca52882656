#!/usr/bin/env node
/**
 * A real n8n 2.41.1 on loopback, for the e2e suites, the demo and manual use.
 *
 *   const { startN8n } = require('./scripts/n8n-server');
 *   const n8n = await startN8n();            // regular mode, SQLite, fresh user folder
 *   const wf = await n8n.importWorkflow(json, { credentials: { orcidMemberOAuth2Api: cred } });
 *   await n8n.activate(wf.id);               // waits until its webhooks answer
 *   await n8n.stop();
 *
 *   node scripts/n8n-server.js start [--queue] [--workers N] [--user-folder DIR] [--port N]
 *
 * Free loopback ports only (n8n's task-runner broker defaults to 5679, so every process gets
 * its own broker port); the built package (dist/) is linked into each process's
 * community-nodes folder; an owner user, a login cookie and an API key with every scope.
 * Queue mode: main + workers + a webhook process on PostgreSQL (a database per run, dropped at
 * stop) and Redis (a key prefix per run).
 */
'use strict';

const { spawn, execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..');
const N8N_VERSION = '2.41.1';
const PACKAGE_NAME = 'n8n-nodes-orcid';
const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'ORCID',
	lastName: 'Tester',
	password: 'Passw0rd!Passw0rd',
};

function cacheDir() {
	return process.env.N8N_ORCID_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-orcid');
}

/** Where scripts/install-n8n.sh puts n8n. */
function installDir() {
	return path.join(cacheDir(), `n8n-${N8N_VERSION}`);
}

function n8nBin() {
	return path.join(installDir(), 'node_modules', 'n8n', 'bin', 'n8n');
}

function isInstalled() {
	return fs.existsSync(path.join(installDir(), '.installed')) && fs.existsSync(n8nBin());
}

/** Runs scripts/install-n8n.sh (a no-op once installed). */
function install() {
	execFileSync(path.join(REPO_ROOT, 'scripts', 'install-n8n.sh'), {
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

function assertInstalled() {
	if (!isInstalled()) {
		throw new Error(
			`n8n ${N8N_VERSION} is not installed in ${installDir()}: run \`make n8n\` ` +
				'(scripts/install-n8n.sh) first; `make test` does it.',
		);
	}
}

/** Node >= 24 bin folder (n8n 2.x refuses older Node). */
function nodeBinDir() {
	if (Number(process.versions.node.split('.')[0]) >= 24) return path.dirname(process.execPath);
	return execFileSync(path.join(REPO_ROOT, 'scripts', 'ensure-node.sh'), {
		encoding: 'utf8',
	}).trim();
}

/** A free loopback port (the OS picks; another process could take it before n8n binds). */
async function freePort() {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

async function freePorts(n) {
	const ports = new Set();
	while (ports.size < n) ports.add(await freePort());
	return [...ports];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function readPackageJson(dir) {
	return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

/**
 * Links a package into <userFolder>/.n8n/nodes/node_modules/<name>, as a community package.
 * With onlyBuilt, a package whose n8n lists name files not built yet is linked through a shim
 * (package.json listing only the built files; dist and node_modules symlinked), so a node still
 * being written does not keep n8n from loading the others.
 */
function linkPackage(userFolder, dir, { onlyBuilt = false } = {}) {
	const pkg = readPackageJson(dir);
	const listed = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = listed.filter((f) => !fs.existsSync(path.join(dir, f)));
	if (missing.length === listed.length && listed.length > 0) {
		throw new Error(`${pkg.name}: none of its n8n files exist in ${dir} (run \`make build\`)`);
	}
	const modules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	fs.mkdirSync(modules, { recursive: true });
	const target = path.join(modules, ...pkg.name.split('/'));
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.rmSync(target, { recursive: true, force: true });
	if (missing.length === 0 || !onlyBuilt) {
		fs.symlinkSync(dir, target, 'dir');
		return { name: pkg.name, missing };
	}
	fs.mkdirSync(target);
	const keep = (list) => (list ?? []).filter((f) => fs.existsSync(path.join(dir, f)));
	const shim = {
		...pkg,
		n8n: { ...pkg.n8n, nodes: keep(pkg.n8n.nodes), credentials: keep(pkg.n8n.credentials) },
	};
	fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(shim, null, 2));
	for (const entry of ['dist', 'node_modules']) {
		if (fs.existsSync(path.join(dir, entry)))
			fs.symlinkSync(path.join(dir, entry), path.join(target, entry), 'dir');
	}
	return { name: pkg.name, missing };
}

/** The encryption key of a user folder (kept across restarts), or a new one. */
function encryptionKeyFor(userFolder) {
	try {
		const config = JSON.parse(fs.readFileSync(path.join(userFolder, '.n8n', 'config'), 'utf8'));
		if (config.encryptionKey) return config.encryptionKey;
	} catch {
		// no config yet: n8n writes one with the key we pass
	}
	return crypto.randomBytes(24).toString('hex');
}

/** The offline, loopback-only environment, without the parent's N8N_*. */
function baseEnv({ userFolder, port, brokerPort, encryptionKey, extra }) {
	const url = `http://127.0.0.1:${port}/`;
	const env = {
		PATH: `${nodeBinDir()}:${process.env.PATH || '/usr/bin:/bin'}`,
		HOME: process.env.HOME || os.homedir(),
		LANG: process.env.LANG || 'C.UTF-8',
		TMPDIR: process.env.TMPDIR || os.tmpdir(),
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: url,
		N8N_EDITOR_BASE_URL: url,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_AI_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DISABLED_MODULES: 'mcp-registry,instance-ai,promotions',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
	};
	return { ...env, ...extra };
}

/** Spawns an n8n command in its own process group, output into a log file. */
function spawnN8n(name, args, env, logDir) {
	fs.mkdirSync(logDir, { recursive: true });
	const logFile = path.join(logDir, `${name}.log`);
	const out = fs.openSync(logFile, 'a');
	const child = spawn(path.join(nodeBinDir(), 'node'), [n8nBin(), ...args], {
		env,
		cwd: env.N8N_USER_FOLDER,
		detached: true, // own process group: stop() kills n8n and its task runner together
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	const proc = { name, child, logFile, exited: false, exitCode: null };
	child.on('exit', (code, signal) => {
		proc.exited = true;
		proc.exitCode = code ?? signal;
	});
	liveGroups.add(child.pid);
	child.on('exit', () => liveGroups.delete(child.pid));
	return proc;
}

/** Process groups still running; killed if this process exits without stop(). */
const liveGroups = new Set();
process.on('exit', () => {
	for (const pid of liveGroups) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
});

function tail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** Polls a URL until it answers 200 (or the process dies / time runs out). */
async function waitReady(proc, url, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (proc.exited) {
			throw new Error(
				`n8n ${proc.name} exited (${proc.exitCode}) before it was ready; log ${proc.logFile}:\n${tail(proc.logFile)}`,
			);
		}
		try {
			const abort = new AbortController();
			const timer = setTimeout(() => abort.abort(), 2000);
			const res = await fetch(url, {
				signal: abort.signal,
				headers: { Connection: 'close' },
			}).finally(() => clearTimeout(timer));
			await res.arrayBuffer();
			if (res.status === 200) return;
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	throw new Error(
		`n8n ${proc.name} not ready at ${url} after ${timeoutMs} ms; log ${proc.logFile}:\n${tail(proc.logFile)}`,
	);
}

async function stopProcess(proc, timeoutMs = 15000) {
	if (proc.exited) return;
	const exited = new Promise((r) => proc.child.once('exit', r));
	try {
		process.kill(-proc.child.pid, 'SIGTERM');
	} catch {
		return;
	}
	let timer;
	const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
	const outcome = await Promise.race([exited, timeout]);
	clearTimeout(timer);
	if (outcome === 'timeout') {
		try {
			process.kill(-proc.child.pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
		await exited;
	}
	// the task runner may outlive its parent for a moment
	try {
		process.kill(-proc.child.pid, 'SIGKILL');
	} catch {
		// group empty
	}
	liveGroups.delete(proc.child.pid);
}

/** Minimal RESP client: one command to Redis, resolves with the raw reply. */
async function redisCommand({ host, port }, args) {
	return await new Promise((resolve, reject) => {
		const socket = net.connect(port, host);
		let data = '';
		socket.setTimeout(3000, () => socket.destroy(new Error(`Redis ${host}:${port} timed out`)));
		socket.on('error', reject);
		socket.on('data', (d) => {
			data += d.toString('utf8');
			if (data.endsWith('\r\n')) {
				socket.end();
				resolve(data);
			}
		});
		socket.write(
			`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`,
		);
	});
}

async function createPostgresDatabase(pgConfig, database) {
	const { Client } = require('pg');
	const client = new Client({ ...pgConfig, database: 'postgres' });
	await client.connect();
	try {
		await client.query(`CREATE DATABASE "${database}"`);
	} finally {
		await client.end();
	}
}

async function dropPostgresDatabase(pgConfig, database) {
	const { Client } = require('pg');
	const client = new Client({ ...pgConfig, database: 'postgres' });
	await client.connect();
	try {
		await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
	} finally {
		await client.end();
	}
}

/** A cookie-keeping HTTP client for n8n's REST and public API. */
class N8nClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
		this.apiKey = '';
	}

	async request(method, urlPath, { body, headers = {}, auth = 'cookie', expect } = {}) {
		// a new connection per call: n8n closes idle sockets after 5 s and a reused one can be
		// closed under the request ("fetch failed: other side closed", nodejs/undici#3141)
		const h = { Accept: 'application/json', Connection: 'close', ...headers };
		if (auth === 'cookie' && this.cookie) h.Cookie = this.cookie;
		if (auth === 'apiKey') h['X-N8N-API-KEY'] = this.apiKey;
		if (body !== undefined) h['Content-Type'] = 'application/json';
		const res = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: h,
			body: body === undefined ? undefined : JSON.stringify(body),
			redirect: 'manual',
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth8n = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth8n) this.cookie = auth8n.split(';')[0];
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		const ok = expect ? [].concat(expect).includes(res.status) : res.ok;
		if (!ok) {
			const err = new Error(`n8n ${method} ${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
			err.status = res.status;
			err.body = json ?? text;
			throw err;
		}
		return { status: res.status, headers: res.headers, json, text };
	}

	/** Public API (/api/v1) with the API key; returns the JSON body. */
	async api(method, urlPath, body) {
		return (await this.request(method, `/api/v1${urlPath}`, { body, auth: 'apiKey' })).json;
	}

	/** Internal REST API (/rest) with the login cookie; returns the JSON body's data. */
	async rest(method, urlPath, body) {
		const { json } = await this.request(method, `/rest${urlPath}`, { body });
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}
}

/** Owner (POST /rest/owner/setup on a fresh DB), login cookie, API key with all scopes. */
async function setUpAccess(client, owner) {
	await client.request('POST', '/rest/owner/setup', {
		body: owner,
		auth: 'none',
		expect: [200, 400], // 400: an owner exists already (reused user folder)
	});
	await client.request('POST', '/rest/login', {
		body: { emailOrLdapLoginId: owner.email, password: owner.password },
		auth: 'none',
	});
	const scopes = await client.rest('GET', '/api-keys/scopes');
	const key = await client.rest('POST', '/api-keys', {
		label: `n8n-server.js ${new Date().toISOString()} ${crypto.randomBytes(3).toString('hex')}`,
		scopes,
		expiresAt: null,
	});
	client.apiKey = key.rawApiKey;
}

const WORKFLOW_API_FIELDS = ['name', 'nodes', 'connections', 'settings', 'staticData'];

/** Resolves a webhook description's path for a node (plain or `$parameter["x"]`). */
function webhookPathOf(node, description) {
	let p = description.path;
	if (typeof p === 'string' && p.startsWith('=')) {
		const m = p.match(/\$parameter(?:\["([^"]+)"\]|\.(\w+))/);
		p = m ? node.parameters?.[m[1] || m[2]] : undefined;
	}
	// a form trigger's path falls back to its webhook id ($parameter["path"] || $webhookId)
	if (typeof p !== 'string' || p === '') p = description.isFullPath === true ? '' : undefined;
	if (typeof p !== 'string') return undefined;
	p = p.replace(/^\/+|\/+$/g, '');
	const isFullPath = description.isFullPath === true;
	if (isFullPath) return p || node.webhookId;
	return node.webhookId ? `${node.webhookId}/${p}` : undefined;
}

/**
 * Starts n8n. Options:
 *   userFolder   keep state there (default: a fresh temp folder, deleted at stop)
 *   env          extra environment for every process
 *   packages     package folders to link (default [repo root]); entries may be
 *                { dir, onlyBuilt } (see linkPackage)
 *   owner        { email, password, firstName, lastName }
 *   port         main port (default: free)
 *   install      run scripts/install-n8n.sh first (default false: fail clearly if missing)
 *   queue        { workers = 2, webhookProcesses = 1, concurrency = 5,
 *                  postgres: { host, port, user, password }, redis: { host, port } }
 *   readyTimeoutMs (default 120000)
 */
async function startN8n(options = {}) {
	if (options.install) install();
	assertInstalled();
	const t0 = Date.now();
	const createdFolder = !options.userFolder;
	const root = options.userFolder
		? path.resolve(options.userFolder)
		: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-orcid-'));
	fs.mkdirSync(root, { recursive: true });
	const { queue, owner, packages, readyTimeoutMs } = withDefaults(options);
	const processes = [];
	const cleanups = [];

	// Each process gets its own user folder (queue mode) with the packages linked.
	const folderFor = (name) => (queue ? path.join(root, name) : root);
	const mainFolder = folderFor('main');
	fs.mkdirSync(mainFolder, { recursive: true });
	const encryptionKey = encryptionKeyFor(mainFolder);
	const linked = [];
	const prepareFolder = (folder) => {
		fs.mkdirSync(folder, { recursive: true });
		for (const p of packages) linked.push(linkPackage(folder, p.dir, p));
	};

	const [port, brokerPort] = options.port ? [options.port, await freePort()] : await freePorts(2);
	const baseUrl = `http://127.0.0.1:${port}`;
	let webhookBase = baseUrl;
	const extra = { ...options.env };

	try {
		if (queue) {
			webhookBase = (await prepareQueue(queue, extra, options.env, cleanups)) ?? webhookBase;
		}

		prepareFolder(mainFolder);
		const logDir = path.join(root, 'logs');
		const mainEnv = baseEnv({ userFolder: mainFolder, port, brokerPort, encryptionKey, extra });
		const main = spawnN8n('main', ['start'], mainEnv, logDir);
		processes.push(main);
		await waitReady(main, `${baseUrl}/healthz/readiness`, readyTimeoutMs);

		if (queue) {
			// workers and webhook processes after main: main runs the database migrations
			const spawnOne = (name) => {
				const folder = folderFor(name);
				prepareFolder(folder);
				return { folder, logDir, encryptionKey, extra, readyTimeoutMs, processes };
			};
			await startQueueProcesses(queue, spawnOne);
		}

		const client = new N8nClient(baseUrl);
		await setUpAccess(client, owner);
		const bootMs = Date.now() - t0;
		return makeHandle({
			root,
			createdFolder,
			keep: options.keep,
			baseUrl,
			webhookBase,
			client,
			owner,
			processes,
			cleanups,
			mainEnv,
			bootMs,
			queue,
			linked,
		});
	} catch (error) {
		for (const p of processes.reverse()) await stopProcess(p);
		for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
		if (createdFolder && !options.keep) fs.rmSync(root, { recursive: true, force: true });
		throw error;
	}
}

/** startN8n's options with their defaults: queue sizes, owner, package folders, ready timeout. */
function withDefaults(options) {
	return {
		queue: options.queue
			? { workers: 2, webhookProcesses: 1, concurrency: 5, ...options.queue }
			: null,
		owner: { ...DEFAULT_OWNER, ...options.owner },
		packages: (options.packages ?? [REPO_ROOT]).map((p) =>
			typeof p === 'string' ? { dir: p } : p,
		),
		readyTimeoutMs: options.readyTimeoutMs ?? 120000,
	};
}

/**
 * Queue mode's services: checks Redis, creates this run's PostgreSQL database (dropped at stop)
 * and Redis key prefix (deleted at stop), and sets the environment for them into `extra`.
 * Returns the webhook process's base URL when there is one.
 */
async function prepareQueue(queue, extra, envOverrides, cleanups) {
	const pg = {
		host: '127.0.0.1',
		port: 5432,
		user: 'postgres',
		password: '',
		...queue.postgres,
	};
	const redis = { host: '127.0.0.1', port: 6379, ...queue.redis };
	const id = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
	const database = `n8n_orcid_${id}`;
	const prefix = `n8n-orcid-${id}`;
	const pong = await redisCommand(redis, ['PING']).catch((e) => {
		throw new Error(`queue mode needs Redis on ${redis.host}:${redis.port}: ${e.message}`);
	});
	if (!pong.startsWith('+PONG')) throw new Error(`Redis answered ${pong.trim()}`);
	await createPostgresDatabase(pg, database).catch((e) => {
		throw new Error(
			`queue mode needs PostgreSQL on ${pg.host}:${pg.port} (user ${pg.user}): ${e.message}`,
		);
	});
	cleanups.push(() => dropPostgresDatabase(pg, database));
	cleanups.push(() =>
		redisCommand(redis, [
			'EVAL',
			"for _,k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0",
			'0',
			`${prefix}*`,
		]),
	);
	Object.assign(extra, {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_PREFIX: prefix,
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		...envOverrides,
	});
	queue.database = database;
	queue.prefix = prefix;
	if (!(queue.webhookProcesses > 0)) return undefined;
	// callback URLs point at the webhook process; main serves only the editor/API/test hooks
	const webhookPort = await freePort();
	const webhookBase = `http://127.0.0.1:${webhookPort}`;
	extra.N8N_WEBHOOK_URL = `${webhookBase}/`;
	extra.N8N_DISABLE_PRODUCTION_MAIN_PROCESS = 'true';
	queue.webhookPort = webhookPort;
	return webhookBase;
}

/**
 * Queue mode's workers and webhook processes, started together; resolves when all are ready.
 * `prepare(name)` makes the process's user folder and gives what every process shares.
 */
async function startQueueProcesses(queue, prepare) {
	const starting = [];
	const launch = (name, args, port, brokerPort, healthPort, extraEnv) => {
		const { folder, logDir, encryptionKey, extra, readyTimeoutMs, processes } = prepare(name);
		const env = baseEnv({
			userFolder: folder,
			port,
			brokerPort,
			encryptionKey,
			extra: { ...extra, ...extraEnv },
		});
		const child = spawnN8n(name, args, env, logDir);
		child.healthUrl = `http://127.0.0.1:${healthPort}/healthz/readiness`;
		processes.push(child);
		starting.push(waitReady(child, child.healthUrl, readyTimeoutMs));
	};
	for (let i = 1; i <= queue.workers; i++) {
		const [healthPort, wBroker, wPort] = await freePorts(3);
		launch(
			`worker${i}`,
			['worker', `--concurrency=${queue.concurrency}`],
			wPort,
			wBroker,
			healthPort,
			{
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			},
		);
	}
	for (let i = 1; i <= queue.webhookProcesses; i++) {
		// one webhook process listens on the advertised webhook port
		const [hBroker] = await freePorts(1);
		const hPort = i === 1 ? queue.webhookPort : await freePort();
		launch(`webhook${i}`, ['webhook'], hPort, hBroker, hPort, {});
	}
	await Promise.all(starting);
}

/** The handle startN8n returns: the instance's URLs, login and API, workflows, processes. */
function makeHandle(s) {
	const { client } = s;
	const handle = {
		baseUrl: s.baseUrl,
		/** Production webhooks: `${webhookUrl}/webhook/<webhookId>/<path>` (webhook process in queue mode). */
		webhookUrl: s.webhookBase,
		editorUrl: `${s.baseUrl}/`,
		apiKey: client.apiKey,
		cookie: client.cookie,
		owner: { email: s.owner.email, password: s.owner.password },
		userFolder: s.root,
		bootMs: s.bootMs,
		queue: s.queue,
		linkedPackages: s.linked,
		processes: s.processes,
		client,

		api: (method, p, body) => client.api(method, p, body),
		rest: (method, p, body) => client.rest(method, p, body),
	};
	const types = typeMethods(client);
	return {
		...handle,
		...types,
		...workflowMethods(s, types),
		...executionMethods(client),
		...processMethods(s),
	};
}

function typeMethods(client) {
	let nodeTypesCache;
	return {
		/** n8n's loaded node types (GET /types/nodes.json, login cookie). */
		async nodeTypes() {
			nodeTypesCache ??= (await client.request('GET', '/types/nodes.json')).json;
			return nodeTypesCache;
		},
		async credentialTypes() {
			return (await client.request('GET', '/types/credentials.json')).json;
		},

		async createCredential({ name, type, data }) {
			return await client.api('POST', '/credentials', {
				name: name ?? `${type} (test)`,
				type,
				data,
			});
		},
	};
}

/** Nodes that list a credential type get the reference `credentials` maps it to. */
function attachCredentials(nodes, types, credentials) {
	for (const node of nodes) {
		const desc = types.find((t) => t.name === node.type);
		for (const c of desc?.credentials ?? []) {
			const ref = credentials[c.name];
			if (ref && !node.credentials?.[c.name]) {
				node.credentials = { ...node.credentials, [c.name]: { id: ref.id, name: ref.name } };
			}
		}
	}
}

/** A workflow's production webhooks from the loaded node descriptions: node, name, method, url. */
function productionWebhooks(workflow, types, webhookBase) {
	const urls = [];
	for (const node of workflow.nodes) {
		if (node.disabled) continue;
		const descs = types.filter((t) => t.name === node.type);
		const desc = descs.find((t) => [].concat(t.version).includes(node.typeVersion)) ?? descs[0];
		for (const w of desc?.webhooks ?? []) {
			const p = webhookPathOf(node, w);
			if (!p) continue;
			const method =
				typeof w.httpMethod === 'string' && !w.httpMethod.startsWith('=')
					? w.httpMethod
					: (node.parameters?.httpMethod ?? 'GET');
			// form triggers live under /form/, everything else under /webhook/
			const prefix = w.nodeType === 'form' ? 'form' : 'webhook';
			urls.push({ node: node.name, name: w.name, method, url: `${webhookBase}/${prefix}/${p}` });
		}
	}
	return urls;
}

/** Waits until a webhook is registered: a CORS preflight (it runs nothing) succeeds from then on. */
async function waitWebhookLive(hook, workflowId, deadline, timeoutMs) {
	for (;;) {
		const res = await fetch(hook.url, {
			method: 'OPTIONS',
			headers: {
				Origin: 'http://127.0.0.1',
				'Access-Control-Request-Method': hook.method,
				Connection: 'close',
			},
		});
		await res.arrayBuffer();
		// 204 once registered; before that n8n fails the preflight (500 in 2.41.1)
		if (res.ok) return;
		if (Date.now() > deadline) {
			throw new Error(
				`webhook ${hook.method} ${hook.url} of workflow ${workflowId} not live after ${timeoutMs} ms`,
			);
		}
		await sleep(250);
	}
}

function workflowMethods(s, types) {
	const { client } = s;
	/** URLs of a workflow's production webhooks (from the loaded node descriptions). */
	const webhookUrls = async (workflow) =>
		productionWebhooks(workflow, await types.nodeTypes(), s.webhookBase);
	return {
		/**
		 * Creates a workflow through the public API. `credentials` maps credential type ->
		 * { id, name } (as createCredential returns): nodes that list the type get the reference.
		 */
		async importWorkflow(workflow, { credentials } = {}) {
			const body = {};
			for (const k of WORKFLOW_API_FIELDS) if (workflow[k] !== undefined) body[k] = workflow[k];
			body.name ??= `workflow ${crypto.randomBytes(3).toString('hex')}`;
			body.settings ??= { executionOrder: 'v1' };
			body.nodes = structuredClone(body.nodes);
			if (credentials) attachCredentials(body.nodes, await types.nodeTypes(), credentials);
			return await client.api('POST', '/workflows', body);
		},

		webhookUrls,

		/**
		 * Activates (publishes) a workflow and waits until every production webhook of it is
		 * registered: a CORS preflight (it runs nothing) succeeds only from then on.
		 */
		async activate(workflowId, { timeoutMs = 60000 } = {}) {
			const wf = await client.api('POST', `/workflows/${workflowId}/activate`);
			const hooks = await webhookUrls(wf);
			const deadline = Date.now() + timeoutMs;
			for (const h of hooks) await waitWebhookLive(h, workflowId, deadline, timeoutMs);
			return wf;
		},

		async deactivate(workflowId) {
			return await client.api('POST', `/workflows/${workflowId}/deactivate`);
		},
	};
}

/** Executions through the public API; `client.api(method, path)` calls /api/v1 (an ApiClient). */
function executionMethods(client) {
	/**
	 * Executions of a workflow, newest first (with data unless includeData is false). n8n lists
	 * running ones only with status 'running'.
	 * @param {string} [workflowId]
	 * @param {{ status?: string, includeData?: boolean, limit?: number }} [options]
	 */
	const executions = async (workflowId, { status, includeData = true, limit = 250 } = {}) => {
		const qs = new URLSearchParams({ includeData: String(includeData), limit: String(limit) });
		if (workflowId) qs.set('workflowId', workflowId);
		if (status) qs.set('status', status);
		return (await client.api('GET', `/executions?${qs}`)).data;
	};
	/**
	 * Every execution of a workflow (of all, without one), running ones included.
	 * @param {string} [workflowId]
	 */
	const allExecutions = async (workflowId) => [
		...(await executions(workflowId, { includeData: false, status: 'running' })),
		...(await executions(workflowId, { includeData: false })),
	];
	return {
		executions,
		allExecutions,

		async execution(id) {
			return await client.api('GET', `/executions/${id}?includeData=true`);
		},

		/**
		 * Waits until no execution of the workflow, other than those in `known` (ids), is new or
		 * running. A run that started others without waiting for them (Execute Workflow, Wait For
		 * Sub-Workflow Completion off: template 04's lanes) created them before it ended, so once
		 * it has ended this waits for those and for what they start.
		 * @param {string} workflowId
		 * @param {Set<string>} known
		 * @param {{ timeoutMs?: number, pollMs?: number }} [options]
		 */
		async settled(workflowId, known, { timeoutMs = 120000, pollMs = 300 } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const busy = (await allExecutions(workflowId)).filter(
					(e) => !known.has(String(e.id)) && ['new', 'running'].includes(e.status),
				);
				if (busy.length === 0) return;
				if (Date.now() > deadline)
					throw new Error(
						`workflow ${workflowId}: ${busy.length} executions still running after ${timeoutMs} ms`,
					);
				await sleep(pollMs);
			}
		},

		/** Waits until a workflow has at least `count` finished executions; returns them. */
		async waitForExecutions(workflowId, count = 1, { timeoutMs = 60000 } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const list = await executions(workflowId, { includeData: true });
				const done = list.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
				if (done.length >= count) return done;
				if (Date.now() > deadline) {
					throw new Error(
						`workflow ${workflowId}: ${done.length}/${count} executions finished after ${timeoutMs} ms`,
					);
				}
				await sleep(300);
			}
		},
	};
}

/** Runs n8n's CLI with an environment; resolves with its exit code and output. */
function runN8nCli(args, cliEnv, timeoutMs) {
	return new Promise((resolve, reject) => {
		const child = spawn(path.join(nodeBinDir(), 'node'), [n8nBin(), ...args], {
			env: cliEnv,
			cwd: cliEnv.N8N_USER_FOLDER,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		liveGroups.add(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// gone
			}
			reject(
				new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`),
			);
		}, timeoutMs);
		child.on('error', reject);
		child.on('exit', (code) => {
			clearTimeout(timer);
			liveGroups.delete(child.pid);
			resolve({ code, stdout, stderr });
		});
	});
}

/** The IRun `n8n execute --rawOutput` printed in its JSON log, or undefined. */
function printedRun(output) {
	const lines = output.split('\n').filter((l) => l.startsWith('{'));
	for (const line of lines.reverse()) {
		try {
			const rec = JSON.parse(line);
			if (typeof rec.message === 'string' && rec.message.startsWith('{'))
				return JSON.parse(rec.message);
		} catch {
			// not a run record
		}
	}
	return undefined;
}

function processMethods(s) {
	/** Runs an n8n CLI command against this instance's database and user folder. */
	const cli = async (args, { env = {}, timeoutMs = 120000 } = {}) => {
		const cliEnv = { ...s.mainEnv, ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		return await runN8nCli(args, cliEnv, timeoutMs);
	};
	return {
		cli,

		/**
		 * `n8n execute --id` (start node: Manual Trigger): returns the IRun it prints, parsed from
		 * its JSON log (N8N_LOG_FORMAT=json). Rejects only if no run was printed.
		 */
		async execute(workflowId) {
			const r = await cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
				env: { N8N_LOG_FORMAT: 'json', N8N_LOG_LEVEL: 'info' },
			});
			const run = printedRun(`${r.stdout}\n${r.stderr}`);
			if (run !== undefined) return run;
			throw new Error(
				`n8n execute --id=${workflowId} printed no run (exit ${r.code}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`,
			);
		},

		/**
		 * Kills one process ('worker1', ...) and its task runner, e.g. a worker in the middle of
		 * a queue-mode run; stop() skips it afterwards.
		 */
		async kill(name, signal = 'SIGKILL') {
			const p = s.processes.find((x) => x.name === name);
			if (!p)
				throw new Error(
					`no n8n process "${name}" (have ${s.processes.map((x) => x.name).join(', ')})`,
				);
			if (p.exited) return;
			const exited = new Promise((r) => p.child.once('exit', r));
			process.kill(-p.child.pid, signal);
			await exited;
			liveGroups.delete(p.child.pid);
		},

		/** The log text of one process ('main', 'worker1', 'webhook1'). */
		logs(name = 'main') {
			const p = s.processes.find((x) => x.name === name);
			return p ? fs.readFileSync(p.logFile, 'utf8') : '';
		},

		async stop() {
			for (const p of [...s.processes].reverse()) await stopProcess(p);
			for (const c of s.cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
			if (s.createdFolder && !s.keep) fs.rmSync(s.root, { recursive: true, force: true });
		},
	};
}

async function cli(argv) {
	const [cmd, ...rest] = argv;
	const flag = (name) => {
		const i = rest.indexOf(`--${name}`);
		return i >= 0 ? (rest[i + 1] && !rest[i + 1].startsWith('--') ? rest[i + 1] : true) : undefined;
	};
	if (cmd === 'install') {
		install();
		console.log(installDir());
		return;
	}
	if (cmd !== 'start') {
		console.log(
			'usage: node scripts/n8n-server.js start [--queue] [--workers N] [--user-folder DIR] [--port N]\n' +
				'       node scripts/n8n-server.js install',
		);
		process.exitCode = cmd ? 1 : 0;
		return;
	}
	const pkg = readPackageJson(REPO_ROOT);
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist')))
		throw new Error('dist/ is missing: run `make build` first');
	const n8n = await startN8n({
		install: true,
		userFolder: flag('user-folder') === true ? undefined : flag('user-folder'),
		port: flag('port') ? Number(flag('port')) : undefined,
		keep: Boolean(flag('user-folder')),
		queue: flag('queue') ? { workers: flag('workers') ? Number(flag('workers')) : 2 } : undefined,
		packages: [{ dir: REPO_ROOT, onlyBuilt: true }],
	});
	const missing = n8n.linkedPackages.flatMap((l) => l.missing);
	console.log(`n8n ${N8N_VERSION} ready in ${(n8n.bootMs / 1000).toFixed(1)} s with ${pkg.name}`);
	if (missing.length) console.log(`  not built yet (skipped): ${missing.join(', ')}`);
	console.log(`  editor:   ${n8n.editorUrl}`);
	console.log(`  login:    ${n8n.owner.email} / ${n8n.owner.password}`);
	console.log(`  API key:  ${n8n.apiKey}`);
	console.log(`  webhooks: ${n8n.webhookUrl}/webhook/...`);
	console.log(`  folder:   ${n8n.userFolder} (logs/)`);
	console.log('Ctrl-C stops it.');
	const shutdown = async () => {
		console.log('\nstopping n8n...');
		await n8n.stop();
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
	await new Promise(() => undefined);
}

module.exports = {
	startN8n,
	executionMethods,
	install,
	installDir,
	isInstalled,
	assertInstalled,
	linkPackage,
	freePort,
	N8N_VERSION,
	PACKAGE_NAME,
	REPO_ROOT,
	DEFAULT_OWNER,
};

if (require.main === module) {
	cli(process.argv.slice(2)).catch((e) => {
		console.error(e.message);
		process.exit(1);
	});
}

#!/usr/bin/env node
/**
 * `make demo`: the whole product on this machine, on loopback.
 *
 *   - the ORCID emulator (its state kept in the cache folder), or the real ORCID sandbox when
 *     ORCID_CLIENT_ID, ORCID_CLIENT_SECRET and ORCID_ENV=sandbox are set;
 *   - n8n 2.41.1 (installed once into the cache by scripts/install-n8n.sh) with this package,
 *     an owner user, an ORCID credential, every template of workflows-templates/ imported,
 *     the Data tables they use created through n8n's API, and the connect template active;
 *   - prints the editor URL, the login and a researcher's personal start link.
 *
 * Ctrl-C stops everything. Later runs reuse the n8n user folder and the emulator's data (in
 * DEMO_DIR, default <N8N_ORCID_CACHE or ~/.cache/n8n-nodes-orcid>/demo), so researchers stay
 * connected and your edits to the workflows are kept. DEMO_FRESH=1 starts from scratch.
 * DEMO_PORT picks the n8n port (default 5678 when free, else any free port; 0 = any free port).
 *
 *   node scripts/demo.js --screenshots [dir]   the demo, then a canvas screenshot of every
 *                                              template (docs/screenshots/template-*.png), then stop
 *
 * The helpers below are also what the e2e suites use to set up a server the way a user would.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');

const { launchChromium } = require('./chromium');
const n8nServer = require('./n8n-server');

const REPO_ROOT = path.resolve(__dirname, '..');
const TEMPLATES_DIR = path.join(REPO_ROOT, 'workflows-templates');
const DATA_TABLES_FILE = path.join(TEMPLATES_DIR, 'datatables.json');
const CONNECT_TEMPLATE = '01-connect-researchers-datatable.json';
const MEMBER_CREDENTIAL = 'orcidMemberOAuth2Api';
const EMULATOR_MEMBER = { clientId: 'APP-EMUMEMBER0000001', clientSecret: 'emu-member-secret' };
const SEEDED_RESEARCHER = '0000-0002-1825-0097';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The template files, in order (the Data table definitions file is not a workflow). */
function templateFiles() {
	return fs
		.readdirSync(TEMPLATES_DIR)
		.filter((f) => /^\d\d-.*\.json$/.test(f))
		.sort();
}

function loadTemplate(file) {
	return JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'));
}

/** { tableName: [[column, type], ...] } as the templates expect them. */
function dataTableDefinitions() {
	return JSON.parse(fs.readFileSync(DATA_TABLES_FILE, 'utf8'));
}

/**
 * Creates the templates' Data tables through n8n's public API (POST /data-tables); a table that
 * exists already is kept as it is. Returns { name: id }.
 */
async function createDataTables(n8n, definitions = dataTableDefinitions()) {
	const existing = new Map();
	const list = await n8n.api('GET', '/data-tables?limit=250');
	for (const t of list.data ?? []) existing.set(t.name, t.id);
	const ids = {};
	for (const [name, columns] of Object.entries(definitions)) {
		if (existing.has(name)) {
			ids[name] = existing.get(name);
			continue;
		}
		const created = await n8n.api('POST', '/data-tables', {
			name,
			columns: columns.map(([column, type]) => ({ name: column, type })),
		});
		ids[name] = created.id;
	}
	return ids;
}

/** Every row of a Data table (public API, following the cursor). */
async function dataTableRows(n8n, tableId) {
	const rows = [];
	let cursor;
	for (;;) {
		const qs = new URLSearchParams({ limit: '250' });
		if (cursor) qs.set('cursor', cursor);
		const page = await n8n.api('GET', `/data-tables/${tableId}/rows?${qs}`);
		rows.push(...(page.data ?? []));
		if (!page.nextCursor) return rows;
		cursor = page.nextCursor;
	}
}

/**
 * Credential data for the ORCID member client: the emulator ({ emulator }) or a real ORCID
 * environment ({ environment: 'sandbox' | 'production', clientId, clientSecret }).
 */
function orcidCredentialData(target) {
	if (target.emulator) {
		const { emulatorCredentialData } = require(path.join(REPO_ROOT, 'test', 'emulator'));
		return emulatorCredentialData(target.emulator, {
			clientId: target.clientId ?? EMULATOR_MEMBER.clientId,
			clientSecret: target.clientSecret ?? EMULATOR_MEMBER.clientSecret,
			...(target.extra ?? {}),
		});
	}
	return {
		environment: target.environment,
		clientId: target.clientId,
		clientSecret: target.clientSecret,
		...(target.extra ?? {}),
	};
}

/**
 * A production webhook is registered asynchronously after activation. A CORS preflight
 * answers 204 once it is (n8n answers an unregistered path with 404 or 500), and starts no
 * execution.
 */
async function waitForWebhook(url, { method = 'GET', timeoutMs = 60000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const res = await fetch(url, {
				method: 'OPTIONS',
				headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': method },
			});
			await res.arrayBuffer();
			const allowed = res.headers.get('access-control-allow-methods') ?? '';
			if (res.status === 204 && allowed.includes(method)) return;
		} catch {
			// not listening (yet)
		}
		if (Date.now() > deadline)
			throw new Error(`webhook ${method} ${url} not live after ${timeoutMs} ms`);
		await sleep(250);
	}
}

/**
 * The production URLs a workflow serves: forms under /form/<path>, Webhook nodes under
 * /webhook/<path> (with the webhook id first when the path has :parameters, here filled with a
 * sample value), other triggers as n8n-server.js derives them from the node descriptions.
 */
async function productionWebhooks(n8n, workflow) {
	const hooks = [];
	const handled = new Set();
	for (const node of workflow.nodes) {
		if (node.disabled) continue;
		if (node.type === 'n8n-nodes-base.formTrigger') {
			const p = node.parameters?.options?.path || node.parameters?.path || node.webhookId;
			hooks.push({
				node: node.name,
				name: 'setup',
				method: 'GET',
				url: `${n8n.webhookUrl}/form/${p}`,
			});
			handled.add(node.name);
		} else if (node.type === 'n8n-nodes-base.webhook') {
			const p = String(node.parameters?.path ?? '').replace(/^\/+/, '');
			const dynamic = p.includes(':');
			const sample = p.replace(/:[^/]+/g, 'sample');
			const url = `${n8n.webhookUrl}/webhook/${dynamic ? `${node.webhookId}/` : ''}${sample}`;
			hooks.push({
				node: node.name,
				name: 'default',
				method: node.parameters?.httpMethod ?? 'GET',
				url,
			});
			handled.add(node.name);
		}
	}
	// form pages and Wait nodes have webhooks too, but only for executions waiting on them
	const triggers = new Set(
		workflow.nodes.filter((n) => /trigger$/i.test(n.type)).map((n) => n.name),
	);
	for (const hook of await n8n.webhookUrls(workflow)) {
		if (!handled.has(hook.node) && triggers.has(hook.node)) hooks.push(hook);
	}
	return hooks;
}

/** Activates a workflow and waits until each of its production webhooks answers. */
async function activateAndWait(n8n, workflowId, { timeoutMs = 60000 } = {}) {
	const wf = await n8n.api('POST', `/workflows/${workflowId}/activate`);
	for (const hook of await productionWebhooks(n8n, wf)) {
		await waitForWebhook(hook.url, { method: hook.method, timeoutMs });
	}
	return wf;
}

/**
 * Imports a template through the public API. `credentials` maps credential type -> { id, name }
 * (every node that can use the type gets it; the templates carry none). `settings` fills in
 * what the template's setup note asks a user to fill in: { 'Node name': { parameter: value } },
 * where a parameter path may be dotted ('options.purpose') or name a Set node assignment.
 */
async function importTemplate(n8n, template, { credentials, settings, name } = {}) {
	const wf = structuredClone(typeof template === 'string' ? loadTemplate(template) : template);
	for (const [nodeName, values] of Object.entries(settings ?? {})) {
		const node = wf.nodes.find((n) => n.name === nodeName);
		if (!node) throw new Error(`template "${wf.name}" has no node "${nodeName}"`);
		for (const [key, value] of Object.entries(values)) setParameter(node, key, value);
	}
	if (name) wf.name = name;
	return await n8n.importWorkflow(wf, { credentials });
}

/** Sets a node parameter (dotted path) or, on a Set node, the value of a named assignment. */
function setParameter(node, key, value) {
	const assignment = node.parameters?.assignments?.assignments?.find((a) => a.name === key);
	if (assignment) {
		assignment.value = value;
		return;
	}
	const parts = key.split('.');
	let target = node.parameters;
	for (const p of parts.slice(0, -1)) target = target[p] ??= {};
	target[parts.at(-1)] = value;
}

/** The production URL of a node's webhook ('setup' = start, 'default' = callback). */
async function webhookUrlOf(n8n, workflow, nodeName, webhookName) {
	const hooks = await productionWebhooks(n8n, workflow);
	const hook = hooks.find((h) => h.node === nodeName && (!webhookName || h.name === webhookName));
	if (!hook)
		throw new Error(
			`workflow "${workflow.name}" has no webhook ${webhookName ?? ''} on "${nodeName}"`,
		);
	return hook.url;
}

/**
 * A researcher's personal start link, signed exactly as the ORCID Token node's Create Start
 * Link operation signs it (the built package's signing module).
 */
function startLink(startUrl, reference, secret, { lifetimeDays = 30 } = {}) {
	const { signStartLink } = require(path.join(REPO_ROOT, 'dist', 'nodes', 'shared', 'auth', 'signing.js'));
	const { token } = signStartLink(reference, secret, {
		lifetimeSeconds: lifetimeDays * 86400,
		startUrl,
	});
	const url = new URL(startUrl);
	url.searchParams.set('link', token);
	return url.toString();
}

async function portIsFree(port) {
	return await new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** The ORCID target from the environment: the real sandbox if asked for, else the emulator. */
function orcidTargetFromEnv(env = process.env) {
	const wantsReal = env.ORCID_CLIENT_ID || env.ORCID_CLIENT_SECRET || env.ORCID_ENV;
	if (!wantsReal) return { kind: 'emulator' };
	if (!env.ORCID_CLIENT_ID || !env.ORCID_CLIENT_SECRET || env.ORCID_ENV !== 'sandbox') {
		throw new Error(
			'To use the real ORCID sandbox set all three: ORCID_CLIENT_ID, ORCID_CLIENT_SECRET and ORCID_ENV=sandbox ' +
				'(this demo never writes to production records).',
		);
	}
	return {
		kind: 'sandbox',
		environment: 'sandbox',
		clientId: env.ORCID_CLIENT_ID,
		clientSecret: env.ORCID_CLIENT_SECRET,
	};
}

/**
 * Sets up a running n8n the way the templates' setup notes ask: Data tables, the ORCID
 * credential, every template (missing ones only, so a user's edits survive a restart), the
 * connect template active. Returns what the demo prints.
 */
async function setUpTemplates(n8n, { orcid, log = () => undefined }) {
	const tables = await createDataTables(n8n);
	log(`Data tables: ${Object.keys(tables).join(', ')}`);

	const credData = orcidCredentialData(orcid);
	const credName = orcid.emulator
		? 'ORCID member (emulator)'
		: `ORCID member (${orcid.environment})`;
	const existingCreds = (await n8n.api('GET', '/credentials?limit=250')).data ?? [];
	let cred = existingCreds.find((c) => c.name === credName && c.type === MEMBER_CREDENTIAL);
	if (cred) {
		// the emulator's port may have changed since the last run
		await n8n.api('PATCH', `/credentials/${cred.id}`, {
			name: credName,
			type: MEMBER_CREDENTIAL,
			data: credData,
		});
	} else {
		cred = await n8n.createCredential({ name: credName, type: MEMBER_CREDENTIAL, data: credData });
	}
	const credentials = { [MEMBER_CREDENTIAL]: { id: cred.id, name: cred.name } };

	const existing = (await n8n.api('GET', '/workflows?limit=250')).data ?? [];
	const workflows = {};
	for (const file of templateFiles()) {
		const template = loadTemplate(file);
		let wf = existing.find((w) => w.name === template.name);
		if (!wf) wf = await importTemplate(n8n, template, { credentials });
		workflows[file] = wf;
	}
	log(`Templates imported: ${Object.keys(workflows).length}`);

	const connect = workflows[CONNECT_TEMPLATE];
	if (!connect.active) await activateAndWait(n8n, connect.id);
	else
		for (const hook of await productionWebhooks(n8n, connect))
			await waitForWebhook(hook.url, { method: hook.method });
	const startUrl = await webhookUrlOf(n8n, connect, 'ORCID Auth Trigger', 'setup');
	const callbackUrl = await webhookUrlOf(n8n, connect, 'ORCID Auth Trigger', 'default');
	return {
		tables,
		credential: cred,
		workflows,
		connect,
		startUrl,
		callbackUrl,
		secret: credData.clientSecret,
	};
}

/**
 * The demo credential's Token Encryption Key: made once, kept beside the demo's data, so the
 * tokens researchers grant are stored and saved in executions only as ciphertext.
 */
function demoTokenKey(dir) {
	const file = path.join(dir, 'token-encryption-key');
	if (!fs.existsSync(file)) {
		fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
	}
	return { file, key: fs.readFileSync(file, 'utf8').trim() };
}

/** Where the demo keeps its state between runs. */
function demoDir(env = process.env) {
	return env.DEMO_DIR
		? path.resolve(env.DEMO_DIR)
		: path.join(n8nServer.installDir(), '..', 'demo');
}

/** Canvas screenshots of the imported templates, from the real editor (Chromium, headless). */
async function screenshots(n8n, workflows, outDir) {
	const browser = await launchChromium();
	try {
		const context = await browser.newContext({
			viewport: { width: 1920, height: 1080 },
			deviceScaleFactor: 1,
		});
		// loopback only: anything else (fonts, telemetry) is refused
		await context.route(/^(?!http:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
		const [name, value] = n8n.cookie.split('=');
		await context.addCookies([{ name, value, url: n8n.baseUrl }]);
		const page = await context.newPage();
		fs.mkdirSync(outDir, { recursive: true });
		const written = [];
		for (const [file, wf] of Object.entries(workflows)) {
			await page.goto(`${n8n.baseUrl}/workflow/${wf.id}`, { waitUntil: 'domcontentloaded' });
			await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60000 });
			// let the canvas fit the view and the node icons load
			await page.keyboard.press('1').catch(() => undefined);
			await page.waitForTimeout(1500);
			const out = path.join(outDir, `template-${file.replace(/\.json$/, '')}.png`);
			await page.screenshot({ path: out });
			written.push(out);
		}
		return written;
	} finally {
		await browser.close();
	}
}

async function main(argv = process.argv.slice(2)) {
	const t0 = Date.now();
	const orcid = orcidTargetFromEnv();
	const cache = demoDir();
	if (process.env.DEMO_FRESH === '1') fs.rmSync(cache, { recursive: true, force: true });
	fs.mkdirSync(cache, { recursive: true });
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes'))) {
		throw new Error('dist/ is missing: run `make demo` (it builds the package first)');
	}

	const stoppers = [];
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping the demo...');
		for (const stop of stoppers.reverse()) await stop().catch((e) => console.error(e.message));
		console.log('Stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => stopAll(0));
	process.on('SIGTERM', () => stopAll(0));

	let target;
	if (orcid.kind === 'emulator') {
		const { startEmulator } = require(path.join(REPO_ROOT, 'test', 'emulator'));
		const emu = await startEmulator({ port: 0, dataFile: path.join(cache, 'emulator-data.json') });
		stoppers.push(() => emu.stop());
		target = { emulator: emu };
		console.log(`ORCID emulator: ${emu.url} (data: ${path.join(cache, 'emulator-data.json')})`);
	} else {
		target = orcid;
		console.log(`ORCID: the real sandbox (https://sandbox.orcid.org), client ${orcid.clientId}`);
	}

	const wanted = process.env.DEMO_PORT === undefined ? 5678 : Number(process.env.DEMO_PORT);
	const port = wanted > 0 && (await portIsFree(wanted)) ? wanted : undefined;
	console.log(
		`Starting n8n ${n8nServer.N8N_VERSION}${n8nServer.isInstalled() ? '' : ' (first run: installing it, a few minutes)'}...`,
	);
	const n8n = await n8nServer.startN8n({
		install: true,
		userFolder: path.join(cache, 'n8n'),
		port,
		packages: [{ dir: REPO_ROOT, onlyBuilt: true }],
	});
	stoppers.push(() => n8n.stop());

	const tokenKey = demoTokenKey(cache);
	target = { ...target, extra: { ...(target.extra ?? {}), tokenEncryptionKey: tokenKey.key } };
	const setup = await setUpTemplates(n8n, { orcid: target, log: (m) => console.log(m) });
	const link = startLink(setup.startUrl, 'demo-researcher-1', setup.secret);
	const seconds = ((Date.now() - t0) / 1000).toFixed(1);
	console.log('');
	console.log(`n8n-nodes-orcid demo ready in ${seconds} s`);
	console.log(`  Editor:      ${n8n.editorUrl}`);
	console.log(`  Login:       ${n8n.owner.email} / ${n8n.owner.password}`);
	console.log(`  API key:     ${n8n.apiKey}`);
	console.log(`  Start link:  ${link}`);
	console.log(
		"               (a researcher's personal link: open it in a browser, sign in at ORCID,",
	);
	console.log('               and a row appears in the Data table orcid_researchers)');
	if (orcid.kind === 'sandbox') {
		console.log(`  Register this redirect URI for your sandbox client: ${setup.callbackUrl}`);
	} else {
		console.log(
			`  Emulator researchers: ${SEEDED_RESEARCHER} (Josiah Carberry) and others, or register a new iD`,
		);
	}
	console.log(`  Logs:        ${path.join(n8n.userFolder, 'logs')}`);
	console.log(`  Token key:   ${tokenKey.file} (tokens are stored encrypted with it)`);
	if (argv[0] === '--screenshots') {
		const outDir = path.resolve(argv[1] || path.join(REPO_ROOT, 'docs', 'screenshots'));
		for (const f of await screenshots(n8n, setup.workflows, outDir))
			console.log(`  screenshot:  ${f}`);
		await stopAll(0);
		return;
	}
	console.log('Ctrl-C stops everything.');
	await new Promise(() => undefined);
}

module.exports = {
	TEMPLATES_DIR,
	CONNECT_TEMPLATE,
	MEMBER_CREDENTIAL,
	EMULATOR_MEMBER,
	templateFiles,
	loadTemplate,
	dataTableDefinitions,
	createDataTables,
	dataTableRows,
	orcidCredentialData,
	waitForWebhook,
	productionWebhooks,
	activateAndWait,
	importTemplate,
	setParameter,
	webhookUrlOf,
	startLink,
	orcidTargetFromEnv,
	setUpTemplates,
	demoDir,
	demoTokenKey,
	screenshots,
};

if (require.main === module) {
	main().catch((e) => {
		console.error(`demo: ${e.stack || e.message}`);
		process.exit(1);
	});
}

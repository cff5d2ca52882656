#!/usr/bin/env node
/**
 * `make demo`: the whole product on this machine, on loopback.
 *
 *   - the ORCID emulator (its state kept in the demo folder), or the real ORCID sandbox when
 *     ORCID_CLIENT_ID, ORCID_CLIENT_SECRET and ORCID_ENV=sandbox are set;
 *   - a PostgreSQL database of its own with schema.sql and sample rows, when PostgreSQL answers
 *     (DEMO_POSTGRES, see demo-data.js), a mail sink with a mailbox page, sample upload files;
 *   - n8n 2.41.1 (installed once into the cache by scripts/install-n8n.sh) with this package,
 *     an owner user, the ORCID, Postgres, staff (Basic Auth) and mail credentials, every
 *     template of workflows-templates/ imported with its settings filled in, the Data tables
 *     they use created through n8n's API, and the templates started by a form or webhook (or
 *     calling themselves) active;
 *   - prints the editor URL, the logins, a researcher's personal start link, the staff forms'
 *     URLs, the mailbox and the sample files.
 *
 * Ctrl-C stops everything. Later runs reuse the n8n user folder, the emulator's data and the
 * database (in DEMO_DIR, default <N8N_ORCID_CACHE or ~/.cache/n8n-nodes-orcid>/demo), so
 * researchers stay connected and your edits to the workflows are kept. DEMO_FRESH=1 starts from
 * scratch. DEMO_PORT picks the n8n port (default 5678 when free, else any free port; 0 = any
 * free port). DEMO_SHOW_API_KEY=1 prints n8n's API key in full.
 *
 *   node scripts/demo.js --screenshots [dir]   the demo, then a canvas screenshot of every
 *                                              template (docs/screenshots/template-*.png), then stop
 *
 * The template helpers (templates.js) are re-exported for the e2e suites.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');

const demoData = require('./demo-data');
const { startSmtpSink } = require('./smtp-sink');
const { screenshots } = require('./demo-screenshots');
const n8nServer = require('./n8n-server');
const templates = require('./templates');

const {
	REPO_ROOT,
	CONNECT_TEMPLATE,
	MEMBER_CREDENTIAL,
	SEEDED_RESEARCHER,
	templateFiles,
	loadTemplate,
	createDataTables,
	orcidCredentialData,
	waitForWebhook,
	productionWebhooks,
	activateAndWait,
	importTemplate,
	webhookUrlOf,
	startLink,
} = templates;

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

/** A credential by name and type: updated when it exists (ports change between runs), else made. */
async function ensureCredential(n8n, { name, type, data }) {
	const existing = (await n8n.api('GET', '/credentials?limit=250')).data ?? [];
	const found = existing.find((c) => c.name === name && c.type === type);
	if (!found) return await n8n.createCredential({ name, type, data });
	await n8n.api('PATCH', `/credentials/${found.id}`, { name, type, data });
	return found;
}

/**
 * The credentials the templates use besides ORCID's, from what the demo set up: `postgres`
 * (connection settings or null), `staff` ({ user, password } of the forms' Basic Auth) and
 * `smtp` ({ host, port } of the mail sink). Returns credential type -> { id, name }.
 */
async function demoCredentials(n8n, { postgres, staff, smtp } = {}) {
	const wanted = [];
	if (postgres) {
		const { host, port, user, password, database } = postgres;
		wanted.push({
			name: 'Postgres (demo)',
			type: 'postgres',
			data: { host, port, user, password, database, ssl: 'disable', maxConnections: 5 },
		});
	}
	if (staff) wanted.push({ name: 'Staff forms (demo)', type: 'httpBasicAuth', data: staff });
	if (smtp) {
		wanted.push({
			name: 'Mail sink (demo)',
			type: 'smtp',
			data: {
				host: smtp.host,
				port: smtp.port,
				secure: false,
				disableStartTls: true,
				user: '',
				password: '',
			},
		});
	}
	const refs = {};
	for (const c of wanted) {
		const made = await ensureCredential(n8n, c);
		refs[c.type] = { id: made.id, name: made.name };
	}
	return refs;
}

/** Template files whose nodes use a credential type (e.g. 'postgres'). */
function templatesUsing(credentialType, nodeTypes) {
	return templateFiles().filter((file) =>
		loadTemplate(file).nodes.some((node) =>
			nodeTypes
				.find((t) => t.name === node.type)
				?.credentials?.some((c) => c.name === credentialType && !node.disabled),
		),
	);
}

/**
 * Templates the demo activates (not the Sheets variants): those started by a form or a webhook,
 * and those that call themselves (template 04's lanes and batches): n8n runs a workflow called
 * from anything but a manual run in its published version, and refuses one that is not active.
 */
function demoActivated(file) {
	if (/google-sheets|01-connect-researchers-postgres/.test(file)) return false;
	return loadTemplate(file).nodes.some(
		(n) =>
			!n.disabled &&
			([
				'n8n-nodes-base.formTrigger',
				'n8n-nodes-base.webhook',
				'n8n-nodes-orcid.orcidAuthTrigger',
			].includes(n.type) ||
				(n.type === 'n8n-nodes-base.executeWorkflow' &&
					n.parameters?.workflowId?.value === '={{ $workflow.id }}')),
	);
}

/**
 * What a template's setup note asks to fill in, for this n8n: template 09's start and callback
 * URLs (template 01's trigger) and sender, template 08's notification URL, template 06's link
 * to template 15's history form.
 */
async function demoSettings(n8n, file) {
	const template = loadTemplate(file);
	if (file.startsWith('09-')) {
		const connect = loadTemplate(CONNECT_TEMPLATE);
		return {
			Settings: {
				startUrl: await webhookUrlOf(n8n, connect, 'ORCID Auth Trigger', 'setup'),
				callbackUrl: await webhookUrlOf(n8n, connect, 'ORCID Auth Trigger', 'default'),
			},
		};
	}
	if (file.startsWith('16-')) {
		// the manage links point at this template's own trigger (its manage URL)
		const trigger = template.nodes.find((n) => n.type === 'n8n-nodes-orcid.orcidAuthTrigger');
		return {
			'Create manage link': {
				manageUrl: `${n8n.webhookUrl}/webhook/${trigger.webhookId}/manage`,
			},
		};
	}
	if (file === CONNECT_TEMPLATE) {
		// researchers also grant /person/update, so template 14 (profile links) runs in the demo
		return { 'ORCID Auth Trigger': { scopePreset: 'personUpdate' } };
	}
	if (file.startsWith('06-')) {
		// the API log's rows link to template 15's history form on this n8n
		return { 'Sync history form': { historyFormUrl: `${n8n.webhookUrl}/form/orcid-sync-history` } };
	}
	if (file.startsWith('08-')) {
		const hook = template.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
		const base = String(hook.parameters.path).replace(/\/:.*$/, '');
		return { Settings: { notificationUrl: `${n8n.webhookUrl}/webhook/${hook.webhookId}/${base}` } };
	}
	return {};
}

/**
 * Sets up a running n8n the way the templates' setup notes ask: Data tables, the ORCID
 * credential and, from `extras` (see demoCredentials), the Postgres, staff and mail ones; every
 * template (missing ones only, so a user's edits survive a restart) with its settings filled in;
 * the templates started by a form or webhook active (without PostgreSQL only those that need
 * none). Returns what the demo prints.
 */
async function setUpTemplates(n8n, { orcid, extras = {}, log = () => undefined }) {
	const tables = await createDataTables(n8n);
	log(`Data tables: ${Object.keys(tables).join(', ')}`);

	const credData = orcidCredentialData(orcid);
	const credName = orcid.emulator
		? 'ORCID member (emulator)'
		: `ORCID member (${orcid.environment})`;
	const cred = await ensureCredential(n8n, {
		name: credName,
		type: MEMBER_CREDENTIAL,
		data: credData,
	});
	const credentials = {
		[MEMBER_CREDENTIAL]: { id: cred.id, name: cred.name },
		...(await demoCredentials(n8n, extras)),
	};
	const needPostgres = templatesUsing('postgres', await n8n.nodeTypes());

	const existing = (await n8n.api('GET', '/workflows?limit=250')).data ?? [];
	const workflows = {};
	for (const file of templateFiles()) {
		const template = loadTemplate(file);
		let wf = existing.find((w) => w.name === template.name);
		if (!wf) {
			const settings = await demoSettings(n8n, file);
			wf = await importTemplate(n8n, template, { credentials, settings });
		}
		workflows[file] = wf;
	}
	log(`Templates imported: ${Object.keys(workflows).length}`);

	const active = templateFiles().filter(
		(f) => demoActivated(f) && (credentials.postgres || !needPostgres.includes(f)),
	);
	for (const file of active) {
		const wf = workflows[file];
		if (!wf.active) workflows[file] = await activateAndWait(n8n, wf.id);
		else
			for (const hook of await productionWebhooks(n8n, wf))
				await waitForWebhook(hook.url, { method: hook.method });
	}
	log(
		`Templates active (started by a form or webhook, or calling themselves): ${active.map((f) => f.slice(0, 2)).join(', ')}`,
	);

	const connect = workflows[CONNECT_TEMPLATE];
	const startUrl = await webhookUrlOf(n8n, connect, 'ORCID Auth Trigger', 'setup');
	const callbackUrl = await webhookUrlOf(n8n, connect, 'ORCID Auth Trigger', 'default');
	const forms = [];
	for (const file of active)
		for (const hook of await productionWebhooks(n8n, workflows[file]))
			if (hook.url.includes('/form/')) forms.push({ file, url: hook.url });
	return {
		tables,
		credential: cred,
		credentials,
		workflows,
		connect,
		startUrl,
		callbackUrl,
		forms,
		needPostgres,
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

/** This machine's time zone (IANA name), which n8n then uses for dates and schedules. */
function localTimezone() {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Where the demo keeps its state between runs. */
function demoDir(env = process.env) {
	return env.DEMO_DIR
		? path.resolve(env.DEMO_DIR)
		: path.join(n8nServer.installDir(), '..', 'demo');
}

/**
 * Runs `work` and prints a line every 10 s until it settles, so a slow step is never silent:
 * what is happening, for how long so far, how long it usually takes.
 */
async function withProgress(what, usual, work) {
	const t0 = Date.now();
	const timer = setInterval(
		() =>
			console.log(
				`  ... ${what}: ${Math.round((Date.now() - t0) / 1000)} s so far (usually ${usual})`,
			),
		10_000,
	);
	try {
		return await work();
	} finally {
		clearInterval(timer);
	}
}

/** The demo's PostgreSQL database, mail sink and sample files (see demo-data.js). */
async function startExtras(cache, { fresh, stoppers }) {
	const postgres = await demoData.prepareDatabase(cache, { fresh });
	if (postgres.error) {
		console.log(`PostgreSQL: not reachable (${postgres.error}).`);
		console.log(
			'  Falling back to the Data-table templates: 01 (Data table), 03 and 07 run; the templates that',
		);
		console.log(
			'  need PostgreSQL are imported but not active. Set DEMO_POSTGRES=postgresql://user:password@host:port',
		);
		console.log('  to a server where that user may create databases, and start again.');
	} else {
		console.log(
			`PostgreSQL: database ${postgres.database} on ${postgres.host}:${postgres.port} (schema.sql and sample rows)`,
		);
	}
	const smtp = await startSmtpSink({ folder: path.join(cache, 'mail'), page: true });
	stoppers.push(() => smtp.stop());
	return {
		postgres: postgres.error ? null : postgres,
		staff: demoData.staffLogin(cache),
		smtp,
		samples: demoData.writeSampleFiles(cache),
	};
}

/** A key shown by its first and last characters unless asked for in full. */
function maskedKey(key, env = process.env) {
	if (env.DEMO_SHOW_API_KEY === '1') return key;
	return `${key.slice(0, 6)}…${key.slice(-4)} (DEMO_SHOW_API_KEY=1 prints it in full)`;
}

function printReady({ n8n, setup, extras, link, orcid, seconds, tokenKey }) {
	const line = (label, value) => console.log(`  ${`${label}:`.padEnd(13)}${value}`);
	console.log('');
	console.log(`n8n-nodes-orcid demo ready in ${seconds} s`);
	line('Editor', n8n.editorUrl);
	line('Login', `${n8n.owner.email} / ${n8n.owner.password}`);
	line('API key', maskedKey(n8n.apiKey));
	line('Start link', link);
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
	line('Staff login', `${extras.staff.user} / ${extras.staff.password} (the staff forms)`);
	for (const form of setup.forms) line(`Form ${form.file.slice(0, 2)}`, form.url);
	line('Mailbox', `${extras.smtp.pageUrl} (every email n8n sends; also ${extras.smtp.folder})`);
	line('Samples', `${extras.samples} (files to upload in form 10)`);
	if (extras.postgres)
		line('PostgreSQL', `${extras.postgres.database} (credential "Postgres (demo)")`);
	line('Logs', path.join(n8n.userFolder, 'logs'));
	line('Token key', `${tokenKey.file} (tokens are stored encrypted with it)`);
}

async function main(argv = process.argv.slice(2)) {
	const t0 = Date.now();
	const orcid = orcidTargetFromEnv();
	const cache = demoDir();
	const fresh = process.env.DEMO_FRESH === '1';
	if (fresh) fs.rmSync(cache, { recursive: true, force: true });
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
	const extras = await startExtras(cache, { fresh, stoppers });

	const wanted = process.env.DEMO_PORT === undefined ? 5678 : Number(process.env.DEMO_PORT);
	const port = wanted > 0 && (await portIsFree(wanted)) ? wanted : undefined;
	const firstStart = !fs.existsSync(path.join(cache, 'n8n', '.n8n'));
	console.log(`Starting n8n ${n8nServer.N8N_VERSION}...`);
	const n8n = await withProgress(
		'n8n is starting',
		firstStart ? '30-60 s the first time: it creates its database' : '10-20 s',
		() =>
			n8nServer.startN8n({
				install: true,
				userFolder: path.join(cache, 'n8n'),
				port,
				packages: [{ dir: REPO_ROOT, onlyBuilt: true }],
				// dates in forms and schedules mean the person's own days, not New York's (n8n's default)
				env: { GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE || localTimezone() },
			}),
	);
	stoppers.push(() => n8n.stop());

	const tokenKey = demoTokenKey(cache);
	target = { ...target, extra: { ...(target.extra ?? {}), tokenEncryptionKey: tokenKey.key } };
	const setup = await withProgress('setting up the templates', '10-30 s', () =>
		setUpTemplates(n8n, { orcid: target, extras, log: (m) => console.log(m) }),
	);
	const link = startLink(setup.startUrl, 'demo-researcher-1', setup.secret);
	const seconds = ((Date.now() - t0) / 1000).toFixed(1);
	printReady({ n8n, setup, extras, link, orcid, seconds, tokenKey });
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
	REPO_ROOT: templates.REPO_ROOT,
	TEMPLATES_DIR: templates.TEMPLATES_DIR,
	CONNECT_TEMPLATE: templates.CONNECT_TEMPLATE,
	MEMBER_CREDENTIAL: templates.MEMBER_CREDENTIAL,
	EMULATOR_MEMBER: templates.EMULATOR_MEMBER,
	SEEDED_RESEARCHER: templates.SEEDED_RESEARCHER,
	templateFiles: templates.templateFiles,
	loadTemplate: templates.loadTemplate,
	dataTableDefinitions: templates.dataTableDefinitions,
	createDataTables: templates.createDataTables,
	dataTableRows: templates.dataTableRows,
	orcidCredentialData: templates.orcidCredentialData,
	waitForWebhook: templates.waitForWebhook,
	productionWebhooks: templates.productionWebhooks,
	activateAndWait: templates.activateAndWait,
	importTemplate: templates.importTemplate,
	setParameter: templates.setParameter,
	webhookUrlOf: templates.webhookUrlOf,
	startLink: templates.startLink,
	orcidTargetFromEnv,
	setUpTemplates,
	ensureCredential,
	demoCredentials,
	templatesUsing,
	demoActivated,
	demoDir,
	demoTokenKey,
	maskedKey,
};

if (require.main === module) {
	main().catch((e) => {
		console.error(`demo: ${e.stack || e.message}`);
		process.exit(1);
	});
}

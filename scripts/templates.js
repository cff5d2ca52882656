/**
 * The workflow templates in a running n8n, as a user sets them up: the template files, the Data
 * tables they use (created through n8n's API), the ORCID credential's data, importing with
 * credentials and settings filled in, activating and waiting until the production webhooks
 * answer, and a researcher's signed start link. Used by the demo (demo.js), the e2e suites and
 * the benchmarks.
 */
'use strict';

const fs = require('fs');
const path = require('path');

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
	const { signStartLink } = require(
		path.join(REPO_ROOT, 'dist', 'nodes', 'shared', 'auth', 'signing.js'),
	);
	const { token } = signStartLink(reference, secret, {
		lifetimeSeconds: lifetimeDays * 86400,
		startUrl,
	});
	const url = new URL(startUrl);
	url.searchParams.set('link', token);
	return url.toString();
}

module.exports = {
	REPO_ROOT,
	TEMPLATES_DIR,
	CONNECT_TEMPLATE,
	MEMBER_CREDENTIAL,
	EMULATOR_MEMBER,
	SEEDED_RESEARCHER,
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
};

#!/usr/bin/env node
/**
 * A screenshot of one of our nodes open in the real n8n editor (the n8n of scripts/n8n-server.js,
 * headless chromium through playwright-core), for the README's pictures.
 *
 *   node scripts/screenshot-editor.js --node orcidWriteItem --out docs/screenshots/write-item-editor.png
 *
 * Options:
 *   --node <type>       orcidWriteItem, orcidReadRecord, ... (or n8n-nodes-orcid.orcidWriteItem)
 *   --out <png>         where the PNG goes
 *   --params <json>     the node's parameters (default: a preset for the node, else n8n's defaults)
 *   --package <dir>     the built package to load (default: this repository; `make build` first)
 *   --width / --height  viewport (default 1440 x 1000)
 *
 * Starts n8n on a free loopback port with a fresh user folder, adds a placeholder sandbox
 * credential (no ORCID call is made), imports a workflow with the node (after a Manual Trigger
 * unless the node is a trigger), opens the node's panel and saves the PNG; stops everything.
 * Env: CHROMIUM_PATH (default /usr/bin/chromium; scripts/ensure-browser.sh installs it).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { assertChromium, launchChromium } = require('./chromium');
const { startN8n, REPO_ROOT, PACKAGE_NAME } = require('./n8n-server');

/** Parameters that make a telling picture: expressions from the incoming items. */
const PRESETS = {
	orcidWriteItem: {
		resource: 'work',
		operation: 'create',
		workTitle: '={{ $json.title }}',
		workType: 'journal-article',
		externalIds: {
			externalId: [{ type: 'doi', value: '={{ $json.doi }}', relationship: 'self' }],
		},
		workFields: { publicationDate: '={{ $json.published }}', journalTitle: '={{ $json.journal }}' },
		onDuplicate: 'returnExisting',
	},
	// version 2's panel: read each record now, the work's fields mapped from the local columns
	orcidSyncDiff: {
		apiType: 'member',
		remoteSource: 'fetch',
		orcid: '={{ $json.orcid }}',
		accessToken: '={{ $json.accessToken }}',
		localKey: '={{ $json.local_key }}',
		itemType: 'work',
		workFields: {
			title: '={{ $json.title }}',
			type: '={{ $json.work_type }}',
			doi: '={{ $json.doi }}',
			publicationDate: '={{ $json.publication_date }}',
			journalTitle: '={{ $json.journal }}',
		},
		putCode: '={{ $json.put_code }}',
		contentHash: '={{ $json.content_hash }}',
	},
};

/** Placeholder credential data: enough for the editor, never sent anywhere. */
const CREDENTIAL_DATA = {
	environment: 'sandbox',
	clientId: 'APP-EXAMPLE0000000001',
	clientSecret: 'not-a-real-secret',
};

const CREDENTIAL_NAMES = {
	orcidMemberOAuth2Api: 'ORCID Member (sandbox)',
	orcidPublicOAuth2Api: 'ORCID Public (sandbox)',
};

const USAGE =
	'usage: node scripts/screenshot-editor.js --node <type> --out <png> [--params <json>] [--package <dir>] [--width N] [--height N]';

function parseArgs(argv) {
	const args = {};
	for (let i = 0; i < argv.length; i++) {
		const m = /^--([a-z]+)$/.exec(argv[i]);
		if (!m) throw new Error(`unexpected argument ${argv[i]}\n${USAGE}`);
		if (m[1] === 'help') return { help: true };
		const value = argv[i + 1];
		if (value === undefined || value.startsWith('--')) throw new Error(`--${m[1]} needs a value`);
		args[m[1]] = value;
		i++;
	}
	for (const k of Object.keys(args)) {
		if (!['node', 'out', 'params', 'package', 'width', 'height'].includes(k)) {
			throw new Error(`unknown option --${k}\n${USAGE}`);
		}
	}
	if (!args.node || !args.out) throw new Error(USAGE);
	return args;
}

function positiveInt(value, name, fallback) {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number`);
	return n;
}

function nodeParameters(shortType, params) {
	if (params === undefined) return PRESETS[shortType] ?? {};
	try {
		const parsed = JSON.parse(params);
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
	} catch {
		// reported below
	}
	throw new Error('--params must be a JSON object, e.g. \'{"resource":"work"}\'');
}

/** The workflow: Manual Trigger -> node, or the trigger node alone. */
function workflowFor(desc, type, parameters) {
	const node = {
		id: 'n2',
		name: desc.defaults?.name ?? desc.displayName,
		type,
		typeVersion: Math.max(...[].concat(desc.version)),
		position: [260, 0],
		parameters,
	};
	if ((desc.group ?? []).includes('trigger')) {
		return { name: `${desc.displayName} (screenshot)`, nodes: [node], connections: {} };
	}
	const trigger = {
		id: 'n1',
		name: 'Researchers',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return {
		name: `${desc.displayName} (screenshot)`,
		nodes: [trigger, node],
		connections: { [trigger.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	};
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log(USAGE);
		return;
	}
	const shortType = args.node.replace(`${PACKAGE_NAME}.`, '');
	const type = `${PACKAGE_NAME}.${shortType}`;
	const out = path.resolve(args.out);
	const parameters = nodeParameters(shortType, args.params);
	const viewport = {
		width: positiveInt(args.width, 'width', 1440),
		height: positiveInt(args.height, 'height', 1000),
	};
	const packageDir = path.resolve(args.package ?? REPO_ROOT);
	if (!fs.existsSync(path.join(packageDir, 'dist'))) {
		throw new Error(`${packageDir}/dist is missing: run \`make build\` first`);
	}
	assertChromium();

	const n8n = await startN8n({ install: true, packages: [{ dir: packageDir, onlyBuilt: true }] });
	let browser;
	try {
		const types = await n8n.nodeTypes();
		const desc = types.find((t) => t.name === type);
		if (!desc) {
			const ours = [
				...new Set(types.filter((t) => t.name.startsWith(`${PACKAGE_NAME}.`)).map((t) => t.name)),
			];
			throw new Error(`n8n has no node ${type}; loaded: ${ours.join(', ') || 'none of ours'}`);
		}
		// the member credential where the node offers it (every action node's default apiType)
		const credentialTypes = (desc.credentials ?? []).map((c) => c.name);
		const credentialType = credentialTypes.includes('orcidMemberOAuth2Api')
			? 'orcidMemberOAuth2Api'
			: credentialTypes[0];
		const credentials = {};
		if (credentialType) {
			credentials[credentialType] = await n8n.createCredential({
				name: CREDENTIAL_NAMES[credentialType] ?? 'ORCID (sandbox)',
				type: credentialType,
				data: CREDENTIAL_DATA,
			});
		}
		const workflow = workflowFor(desc, type, parameters);
		const created = await n8n.importWorkflow(workflow, { credentials });

		browser = await launchChromium();
		const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
		const eq = n8n.cookie.indexOf('=');
		await context.addCookies([
			{ name: n8n.cookie.slice(0, eq), value: n8n.cookie.slice(eq + 1), url: n8n.baseUrl },
		]);
		const page = await context.newPage();
		await page.goto(`${n8n.baseUrl}/workflow/${created.id}`, { waitUntil: 'networkidle' });
		const nodeName = workflow.nodes[workflow.nodes.length - 1].name;
		const canvasNode = page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).first();
		await canvasNode.waitFor({ state: 'visible', timeout: 60000 });
		await canvasNode.dblclick();
		await page
			.locator('[data-test-id="ndv"]')
			.first()
			.waitFor({ state: 'visible', timeout: 30000 });
		// the panel slides in and loads parameter options after it appears
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(1500);
		fs.mkdirSync(path.dirname(out), { recursive: true });
		await page.screenshot({ path: out });
		console.log(
			`${out}: ${desc.displayName} in n8n's editor (${viewport.width}x${viewport.height})`,
		);
	} finally {
		if (browser) await browser.close();
		await n8n.stop();
	}
}

main().catch((error) => {
	console.error(error.message ?? error);
	process.exitCode = 1;
});

#!/usr/bin/env node
// An offline equivalent of n8n's verification scan (`@n8n/scan-community-package`,
// scanner/scanner.mjs): the same ESLint config (community-nodes `recommended`, `no-console`,
// the three eslint-plugin-n8n-nodes-base rulesets with node-cli's off-switches) with inline
// config ignored, run over
//   1. the source the scanner lints: package.json + {nodes,credentials}/**/*.{js,ts,json}
//   2. the tarball `npm pack` would publish: its **/*.js and package.json
// plus the package.json rules n8n's review applies by hand (no runtime dependencies, peer
// n8n-workflow only, no lifecycle scripts, no overrides). Provenance and the GitHub download
// are the parts we cannot reproduce offline; everything that decides pass/fail is here.
//
// Usage: node scripts/scan-package.js [--root DIR] [--json]
// Exit code 0 when clean (no errors and no warnings), 1 otherwise, 2 when dist/ is missing.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

// eslint-plugin-n8n-nodes-base switches to its own rule-test mode (fake file names, other
// defaults) when NODE_ENV is 'test', as it is under jest; the real scanner never runs so.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

const SOURCE_FILE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
// npm runs these on install/publish; n8n's rule bans the first seven, our review all of them
const LIFECYCLE_SCRIPTS = [
	'preinstall',
	'install',
	'postinstall',
	'prepare',
	'preprepare',
	'postprepare',
	'prepublish',
	'prepublishOnly',
	'prepack',
	'postpack',
	'dependencies',
];

class DistMissingError extends Error {}

/** The scanner's flat config (scanner.mjs buildScanConfig), built from our installed plugins. */
async function buildScanConfig() {
	const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
	const n8nNodesPlugin = require('eslint-plugin-n8n-nodes-base');
	const parser = require('@typescript-eslint/parser');
	return [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser } },
		{ files: ['**/*.ts'], languageOptions: { parser } },
	];
}

function globFiles(dir, patterns) {
	const files = new Set();
	for (const p of patterns) {
		for (const f of fs.globSync(p, { cwd: dir, exclude: (n) => n === 'node_modules' })) {
			if (!f.split(path.sep).includes('node_modules') && !f.endsWith('package-lock.json'))
				files.add(path.join(dir, f));
		}
	}
	return [...files].sort();
}

async function lint(dir, patterns) {
	const { ESLint } = require('eslint');
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = globFiles(dir, patterns);
	const results = files.length ? await eslint.lintFiles(files) : [];
	const messages = [];
	for (const r of results) {
		for (const m of r.messages) {
			messages.push({
				file: path.relative(dir, r.filePath),
				line: m.line,
				column: m.column,
				severity: m.severity === 2 ? 'error' : 'warning',
				rule: m.ruleId,
				message: m.message,
			});
		}
	}
	return { files: files.map((f) => path.relative(dir, f)), messages };
}

/** package.json rules of n8n's verification guidelines (beyond what the lint rules see). */
function checkPackageJson(pkg) {
	const problems = [];
	const nonEmpty = (o) => o && typeof o === 'object' && Object.keys(o).length > 0;
	if (nonEmpty(pkg.dependencies)) problems.push('dependencies must be empty or absent');
	for (const field of ['optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
		if (nonEmpty(pkg[field]) || pkg[field] === true) problems.push(`${field} must be absent`);
	}
	const peers = pkg.peerDependencies || {};
	const peerNames = Object.keys(peers);
	if (peerNames.length !== 1 || peers['n8n-workflow'] !== '*')
		problems.push(
			`peerDependencies must be exactly { "n8n-workflow": "*" }, got ${JSON.stringify(peers)}`,
		);
	if ('overrides' in pkg || 'resolutions' in pkg || 'pnpm' in pkg)
		problems.push('overrides/resolutions must be absent');
	for (const s of Object.keys(pkg.scripts || {})) {
		if (LIFECYCLE_SCRIPTS.includes(s)) problems.push(`lifecycle script "${s}" must be absent`);
	}
	if (!pkg.n8n || pkg.n8n.n8nNodesApiVersion !== 1)
		problems.push('n8n.n8nNodesApiVersion must be 1');
	if (!Array.isArray(pkg.keywords) || !pkg.keywords.includes('n8n-community-node-package'))
		problems.push('keywords must include n8n-community-node-package');
	if (pkg.license !== 'MIT') problems.push('license must be MIT');
	return problems;
}

// Our house rule is narrower than n8n's import rule (which also lets through anything listed in
// devDependencies, so a dev-only library would pass the scan and then be missing at run time):
// shipped code may load only these modules, besides relative paths.
const SHIPPED_MODULES = ['n8n-workflow', 'luxon', 'crypto', 'node:crypto'];

/** Modules outside SHIPPED_MODULES, and inline eslint directives (which the scanner ignores). */
function checkHouseRules(dir, files) {
	const problems = [];
	for (const rel of files) {
		if (!/\.(ts|js)$/.test(rel) || rel.endsWith('.d.ts')) continue;
		const text = fs.readFileSync(path.join(dir, rel), 'utf8');
		const specifiers = [
			...text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
			...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
			...text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm),
			...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
		].map((m) => m[1]);
		for (const s of specifiers) {
			if (!s.startsWith('.') && !SHIPPED_MODULES.includes(s))
				problems.push(
					`${rel}: loads '${s}' (shipped code may load only ${SHIPPED_MODULES.join(', ')})`,
				);
		}
		if (/\/[/*]\s*eslint(-disable|-enable|\s)/.test(text))
			problems.push(
				`${rel}: inline eslint directive (the scanner ignores it; fix the code instead)`,
			);
	}
	return problems;
}

/** Packs the package like `npm publish` would and unpacks it into a temporary folder. */
function packTarball(root) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const shipped = [...(pkg.n8n?.nodes || []), ...(pkg.n8n?.credentials || [])];
	const missing = shipped.filter((p) => !fs.existsSync(path.join(root, p)));
	if (!fs.existsSync(path.join(root, 'dist')) || missing.length) {
		throw new DistMissingError(
			`dist/ is missing or incomplete (${missing.join(', ') || 'dist/'}): run \`make build\` first`,
		);
	}
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-scan-'));
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', tmp],
		{ cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const tarball = path.join(tmp, JSON.parse(out)[0].filename);
	const dir = path.join(tmp, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	return { dir, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

async function scanPackage(options = {}) {
	const root = path.resolve(options.root || path.join(__dirname, '..'));
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const source = await lint(root, SOURCE_FILE_PATTERNS);
	const packed = packTarball(root);
	let tarball;
	let tarballRules;
	try {
		tarball = await lint(packed.dir, TARBALL_FILE_PATTERNS);
		tarballRules = checkHouseRules(packed.dir, tarball.files).map((p) => `tarball ${p}`);
	} finally {
		packed.cleanup();
	}
	const packageJson = checkPackageJson(pkg);
	const houseRules = [...checkHouseRules(root, source.files), ...tarballRules];
	const all = [...source.messages, ...tarball.messages];
	return {
		source,
		tarball,
		packageJson,
		houseRules,
		errorCount:
			all.filter((m) => m.severity === 'error').length + packageJson.length + houseRules.length,
		warningCount: all.filter((m) => m.severity === 'warning').length,
	};
}

function format(report) {
	const lines = [];
	for (const [leg, r] of [
		['source', report.source],
		['tarball', report.tarball],
	]) {
		lines.push(`${leg}: ${r.files.length} files, ${r.messages.length} findings`);
		for (const m of r.messages)
			lines.push(`  ${m.file}:${m.line}:${m.column} ${m.severity} ${m.message} (${m.rule})`);
	}
	lines.push(`package.json: ${report.packageJson.length} problems`);
	for (const p of report.packageJson) lines.push(`  ${p}`);
	lines.push(`house rules: ${report.houseRules.length} problems`);
	for (const p of report.houseRules) lines.push(`  ${p}`);
	lines.push(`${report.errorCount} errors, ${report.warningCount} warnings`);
	return lines.join('\n');
}

module.exports = {
	scanPackage,
	checkPackageJson,
	checkHouseRules,
	buildScanConfig,
	format,
	DistMissingError,
};

if (require.main === module) {
	const args = process.argv.slice(2);
	const rootAt = args.indexOf('--root');
	scanPackage({ root: rootAt >= 0 ? args[rootAt + 1] : undefined }).then(
		(report) => {
			console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : format(report));
			process.exit(report.errorCount + report.warningCount === 0 ? 0 : 1);
		},
		(error) => {
			console.error(error.message);
			process.exit(error instanceof DistMissingError ? 2 : 1);
		},
	);
}

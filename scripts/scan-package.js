#!/usr/bin/env node
// Runs n8n's own verification scanner rules on this package, offline. The rules are those of
// the published `@n8n/scan-community-package` (pinned in devDependencies): its `analyzePackage`
// (scanner/scanner.mjs) is called as is, with its own ESLint config and its own plugin versions
// (it carries @n8n/eslint-plugin-community-nodes and eslint-plugin-n8n-nodes-base in its
// node_modules), inline config off. Two legs, as the scanner does after download:
//   1. the source: the scanner's SOURCE_FILE_PATTERNS (package.json + {nodes,credentials}/**)
//   2. the tarball `npm pack` makes, unpacked: analyzePackage's default patterns
//      (**/*.js, **/*.ts, **/*.json), a superset of the `**/*.js` + package.json that 0.32.0's
//      analyzePackageByName lints there, so shipped declaration files and codex JSON count too.
// Not run: the provenance check and the downloads from npm and GitHub (analyzePackageByName),
// which need a published version; publishing with provenance is the workflow's job
// (.github/workflows/publish.yml).
//
// Then two project rules stricter than n8n's (CONTRIBUTING.md): shipped code loads only
// SHIPPED_MODULES (n8n lets any devDependency through, which would be missing at run time),
// and no inline eslint directive (the scanner ignores them, so they would only hide findings).
//
// Usage: node scripts/scan-package.js [--root DIR]
// Exit code 0 when everything passes, 1 when a rule fails, 2 when dist/ is missing.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

// eslint-plugin-n8n-nodes-base switches to its own rule-test mode (fake file names) when
// NODE_ENV is 'test', as it is under jest; the real scanner never runs so.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

const TARBALL_FILE_PATTERNS = ['**/*.js', '**/*.ts', '**/*.json'];

class DistMissingError extends Error {}

const loadScanner = () => import('@n8n/scan-community-package/scanner/scanner.mjs');

/** analyzePackage on one directory; an empty file set is a failure, never a silent pass. */
async function analyze(dir, patterns) {
	const { analyzePackage } = await loadScanner();
	const result = await analyzePackage(dir, patterns);
	if (result.passed && result.message === 'No files found to analyze')
		return { passed: false, message: `no files matched ${patterns.join(', ')} in ${dir}` };
	return { passed: result.passed, message: result.message, details: result.details };
}

// Narrower than n8n's import rule, see the header.
const SHIPPED_MODULES = ['n8n-workflow', 'luxon', 'crypto', 'node:crypto'];

/** Modules outside SHIPPED_MODULES, and inline eslint directives, in the given files. */
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

function listFiles(dir, patterns) {
	const files = new Set();
	for (const p of patterns) {
		for (const f of fs.globSync(p, { cwd: dir, exclude: (n) => n === 'node_modules' })) {
			if (!f.split(path.sep).includes('node_modules')) files.add(f);
		}
	}
	return [...files].sort();
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
	const packed = packTarball(root);
	const { SOURCE_FILE_PATTERNS } = await loadScanner();
	let source;
	let tarball;
	const houseRules = [];
	try {
		source = await analyze(root, SOURCE_FILE_PATTERNS);
		houseRules.push(...checkHouseRules(root, listFiles(root, SOURCE_FILE_PATTERNS)));
		tarball = await analyze(packed.dir, TARBALL_FILE_PATTERNS);
		const shipped = listFiles(packed.dir, TARBALL_FILE_PATTERNS);
		houseRules.push(...checkHouseRules(packed.dir, shipped).map((p) => `tarball ${p}`));
	} finally {
		packed.cleanup();
	}
	return { source, tarball, houseRules, passed: source.passed && tarball.passed && !houseRules.length };
}

function format(report) {
	const lines = [];
	for (const [leg, r] of [
		['source (n8n scanner rules)', report.source],
		['tarball (n8n scanner rules)', report.tarball],
	]) {
		lines.push(`${leg}: ${r.passed ? 'passed' : `FAILED: ${r.message}`}`);
		if (r.details) lines.push(r.details.trimEnd());
	}
	lines.push(`project rules: ${report.houseRules.length} problems`);
	for (const p of report.houseRules) lines.push(`  ${p}`);
	lines.push(report.passed ? 'scan passed' : 'scan FAILED');
	return lines.join('\n');
}

module.exports = { scanPackage, checkHouseRules, format, DistMissingError };

if (require.main === module) {
	const args = process.argv.slice(2);
	const rootAt = args.indexOf('--root');
	scanPackage({ root: rootAt >= 0 ? args[rootAt + 1] : undefined }).then(
		(report) => {
			console.log(format(report));
			process.exit(report.passed ? 0 : 1);
		},
		(error) => {
			console.error(error.message);
			process.exit(error instanceof DistMissingError ? 2 : 1);
		},
	);
}

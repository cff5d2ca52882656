/**
 * n8n's verification scan, offline: scripts/scan-package.js lints the source and the packed
 * tarball with the scanner's own ESLint config (inline config ignored) and checks package.json.
 * The package must come out with no findings at all; a deliberately bad package proves the
 * scan really catches what n8n's scanner catches (so the first test cannot pass vacuously).
 * Runs after `make build` (make test builds first): the tarball leg needs dist/.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..', '..');
const script = path.join(root, 'scripts', 'scan-package.js');

interface Finding {
	file: string;
	line: number;
	severity: 'error' | 'warning';
	rule: string | null;
	message: string;
}
interface Report {
	source: { files: string[]; messages: Finding[] };
	tarball: { files: string[]; messages: Finding[] };
	packageJson: string[];
	houseRules: string[];
	errorCount: number;
	warningCount: number;
}

function scan(dir: string): Promise<{ code: number; report?: Report; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[script, '--root', dir, '--json'],
			{ cwd: root, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
				let report: Report | undefined;
				try {
					report = JSON.parse(stdout) as Report;
				} catch {
					report = undefined;
				}
				resolve({ code, report, stderr });
			},
		);
	});
}

const rulesOf = (findings: Finding[]) => new Set(findings.map((f) => f.rule));

describe('n8n verification scan (scripts/scan-package.js)', () => {
	it('finds nothing in this package: source, packed tarball, package.json', async () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
		const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter(
			(p: string) => !fs.existsSync(path.join(root, p)),
		);
		if (missing.length) {
			throw new Error(
				`dist/ is not built (missing ${missing.join(', ')}): run \`make build\` first`,
			);
		}
		const { code, report, stderr } = await scan(root);
		expect(stderr).not.toMatch(/dist\/ is missing/);
		expect(report).toBeDefined();
		const r = report!;
		// both legs really ran over the shipped files
		for (const p of pkg.n8n.nodes) {
			expect(r.source.files).toContain(p.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
			expect(r.tarball.files).toContain(p);
		}
		expect(r.tarball.files).toContain('package.json');
		expect(r.tarball.files.every((f) => f === 'package.json' || f.startsWith('dist/'))).toBe(true);
		expect({
			source: r.source.messages,
			tarball: r.tarball.messages,
			packageJson: r.packageJson,
			houseRules: r.houseRules,
		}).toEqual({ source: [], tarball: [], packageJson: [], houseRules: [] });
		expect(code).toBe(0);
	}, 180_000);

	describe('on a package that breaks the rules', () => {
		let dir: string;
		beforeAll(() => {
			dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-scan-fixture-'));
			const write = (rel: string, text: string) => {
				fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
				fs.writeFileSync(path.join(dir, rel), text);
			};
			write(
				'package.json',
				JSON.stringify({
					name: 'n8n-nodes-bad',
					version: '0.1.0',
					description: 'A package that breaks the verification rules',
					license: 'MIT',
					author: { name: 'x', email: 'x@example.com' },
					homepage: 'https://example.com',
					keywords: ['n8n-community-node-package'],
					files: ['dist'],
					scripts: { postinstall: 'node setup.js', prepack: 'tsc' },
					dependencies: { axios: '1.0.0' },
					devDependencies: { xml2js: '0.6.2' },
					peerDependencies: { 'n8n-workflow': '*', lodash: '*' },
					overrides: { 'follow-redirects': '1.15.0' },
					n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/Bad/Bad.node.js'], credentials: [] },
				}),
			);
			// the disable comment must not help: the scanner runs with allowInlineConfig false
			write(
				'nodes/Bad/Bad.node.ts',
				[
					"import { parseString } from 'xml2js';",
					'/* eslint-disable */',
					'export function run(): void {',
					'\tconsole.log(process.env.SECRET, parseString);',
					'\tsetTimeout(() => undefined, 1);',
					'}',
					'',
				].join('\n'),
			);
			write(
				'dist/nodes/Bad/Bad.node.js',
				[
					'"use strict";',
					'const fs = require("fs");',
					'console.log(process.env.SECRET, fs.readFileSync("x"));',
					'',
				].join('\n'),
			);
		});
		afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

		it('reports the scanner rules on source and tarball, and the package.json rules', async () => {
			const { code, report, stderr } = await scan(dir);
			if (!report) throw new Error(stderr);
			expect(code).toBe(1);
			const r = report!;
			const source = rulesOf(r.source.messages.filter((m) => m.file === 'nodes/Bad/Bad.node.ts'));
			expect(source).toEqual(new Set(['no-console', '@n8n/community-nodes/no-restricted-globals']));
			const dist = rulesOf(
				r.tarball.messages.filter((m) => m.file === 'dist/nodes/Bad/Bad.node.js'),
			);
			expect(dist).toEqual(
				new Set([
					'no-console',
					'@n8n/community-nodes/no-restricted-globals',
					'@n8n/community-nodes/no-restricted-imports',
				]),
			);
			const pkgRules = rulesOf(r.source.messages.filter((m) => m.file === 'package.json'));
			for (const rule of [
				'@n8n/community-nodes/no-forbidden-lifecycle-scripts',
				'@n8n/community-nodes/no-runtime-dependencies',
				'@n8n/community-nodes/valid-peer-dependencies',
				'@n8n/community-nodes/no-overrides-field',
			]) {
				expect(pkgRules).toContain(rule);
			}
			expect(r.packageJson).toEqual([
				'dependencies must be empty or absent',
				'peerDependencies must be exactly { "n8n-workflow": "*" }, got {"n8n-workflow":"*","lodash":"*"}',
				'overrides/resolutions must be absent',
				'lifecycle script "postinstall" must be absent',
				'lifecycle script "prepack" must be absent',
			]);
			// n8n lets a devDependency import through; our house rule does not
			expect(r.houseRules).toEqual([
				"nodes/Bad/Bad.node.ts: loads 'xml2js' (shipped code may load only n8n-workflow, luxon, crypto, node:crypto)",
				'nodes/Bad/Bad.node.ts: inline eslint directive (the scanner ignores it; fix the code instead)',
				"tarball dist/nodes/Bad/Bad.node.js: loads 'fs' (shipped code may load only n8n-workflow, luxon, crypto, node:crypto)",
			]);
		}, 120_000);

		it('fails clearly when dist/ has not been built', async () => {
			const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-scan-nodist-'));
			try {
				fs.copyFileSync(path.join(dir, 'package.json'), path.join(bare, 'package.json'));
				const { code, stderr } = await scan(bare);
				expect(code).toBe(2);
				expect(stderr).toMatch(/dist\/ is missing or incomplete .*run `make build` first/);
			} finally {
				fs.rmSync(bare, { recursive: true, force: true });
			}
		});
	});
});

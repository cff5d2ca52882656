/**
 * scripts/scan-package.js runs n8n's published scanner rules (`analyzePackage` of
 * @n8n/scan-community-package) on the source and on the unpacked `npm pack` tarball, then the
 * project's own two rules. `make scan` (part of `make test`) runs it on this package; here it
 * runs on a package that breaks the rules, to prove each leg really lints and that the runner
 * exits non-zero (which is what fails `make test`).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..', '..');
const script = path.join(root, 'scripts', 'scan-package.js');

function scan(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[script, '--root', dir],
			{ cwd: root, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
				resolve({ code, stdout, stderr });
			},
		);
	});
}

/** The rule ids ESLint's stylish output lists per file, keyed by the file's path in its leg. */
function findingsByFile(stdout: string): Map<string, Set<string>> {
	const found = new Map<string, Set<string>>();
	let file = '';
	for (const line of stdout.split('\n')) {
		const header = /^\/\S+$/.exec(line);
		if (header) {
			// tarball files sit under <tmp>/package/, source files under the fixture folder
			file = line.replace(/^.*\/orcid-scan-[^/]+\/(package\/)?/, (_m, p) => (p ? 'tarball:' : 'source:'));
			found.set(file, new Set());
			continue;
		}
		const finding = /^\s+\d+:\d+\s+(error|warning)\s+.*\s(\S+)$/.exec(line);
		if (finding && file) found.get(file)!.add(finding[2]);
	}
	return found;
}

describe('n8n scanner rules (scripts/scan-package.js) on a package that breaks them', () => {
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
				scripts: { postinstall: 'node setup.js' },
				dependencies: { axios: '1.0.0' },
				devDependencies: { xml2js: '0.6.2' },
				peerDependencies: { 'n8n-workflow': '*', lodash: '*' },
				overrides: { 'follow-redirects': '1.15.0' },
				n8n: {
					n8nNodesApiVersion: 1,
					nodes: ['dist/nodes/Bad/Bad.node.js'],
					credentials: ['dist/credentials/BadApi.credentials.js'],
				},
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
		write('dist/credentials/BadApi.credentials.js', '"use strict";\n');
		// what `declaration: true` emitted for our credentials, and n8n's rules refused
		write(
			'dist/credentials/BadApi.credentials.d.ts',
			[
				"import type { ICredentialType, INodeProperties } from 'n8n-workflow';",
				'export declare class BadApi implements ICredentialType {',
				'    name: string;',
				'    displayName: string;',
				'    properties: INodeProperties[];',
				'}',
				'',
			].join('\n'),
		);
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('fails, naming the rules of both legs and the project rules', async () => {
		const { code, stdout, stderr } = await scan(dir);
		expect(stderr).toBe('');
		expect(code).toBe(1);
		expect(stdout).toMatch(/^source \(n8n scanner rules\): FAILED: ESLint violations found$/m);
		expect(stdout).toMatch(/^tarball \(n8n scanner rules\): FAILED: ESLint violations found$/m);
		expect(stdout).toMatch(/^scan FAILED$/m);

		const found = findingsByFile(stdout);
		expect(found.get('source:nodes/Bad/Bad.node.ts')).toEqual(
			new Set(['no-console', '@n8n/community-nodes/no-restricted-globals']),
		);
		expect(found.get('tarball:dist/nodes/Bad/Bad.node.js')).toEqual(
			new Set([
				'no-console',
				'@n8n/community-nodes/no-restricted-globals',
				'@n8n/community-nodes/no-restricted-imports',
			]),
		);
		expect(found.get('tarball:dist/credentials/BadApi.credentials.d.ts')).toEqual(
			new Set(['n8n-nodes-base/cred-filename-against-convention']),
		);
		for (const leg of ['source:package.json', 'tarball:package.json']) {
			for (const rule of [
				'@n8n/community-nodes/no-forbidden-lifecycle-scripts',
				'@n8n/community-nodes/no-runtime-dependencies',
				'@n8n/community-nodes/valid-peer-dependencies',
				'@n8n/community-nodes/no-overrides-field',
			]) {
				expect(found.get(leg)).toContain(rule);
			}
		}
		// n8n lets a devDependency import through; the project rule does not
		expect(stdout).toContain(
			"nodes/Bad/Bad.node.ts: loads 'xml2js' (shipped code may load only n8n-workflow, luxon, crypto, node:crypto)",
		);
		expect(stdout).toContain(
			'nodes/Bad/Bad.node.ts: inline eslint directive (the scanner ignores it; fix the code instead)',
		);
		expect(stdout).toContain(
			"tarball dist/nodes/Bad/Bad.node.js: loads 'fs' (shipped code may load only n8n-workflow, luxon, crypto, node:crypto)",
		);
	}, 180_000);

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
	}, 60_000);
});

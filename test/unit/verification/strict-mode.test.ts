/**
 * n8n Cloud eligibility: `"n8n": { "strict": true }` and eslint.config.mjs left as n8n's default.
 * scripts/check-strict-mode.js (first step of `npm run lint`, so of `make test`) asks
 * @n8n/node-cli's own check; here it must pass on this package and refuse the two ways out.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..', '..');
const script = path.join(root, 'scripts', 'check-strict-mode.js');

function check(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, [script, '--root', dir], { cwd: root }, (error, stdout, stderr) => {
			resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
		});
	});
}

describe('strict mode (scripts/check-strict-mode.js)', () => {
	let dir: string;
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const defaultConfig = fs.readFileSync(path.join(root, 'eslint.config.mjs'), 'utf8');
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orcid-strict-'));
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('passes on this package', async () => {
		expect(pkg.n8n.strict).toBe(true);
		const { code, stdout } = await check(root);
		expect(stdout).toContain("eslint.config.mjs is n8n's default config");
		expect(code).toBe(0);
	});

	it('refuses an eslint.config.mjs with one rule added to the default', async () => {
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
		fs.writeFileSync(
			path.join(dir, 'eslint.config.mjs'),
			defaultConfig.replace(
				'export default config;',
				"export default [...config, { rules: { 'no-console': 'off' } }];",
			),
		);
		const { code, stderr } = await check(dir);
		expect(stderr).toContain('Strict mode violation');
		expect(code).toBe(1);
	});

	it('refuses a package that is not in strict mode', async () => {
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ ...pkg, n8n: { ...pkg.n8n, strict: false } }),
		);
		fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), defaultConfig);
		const { code, stderr } = await check(dir);
		expect(stderr).toContain('"n8n.strict" must be true');
		expect(code).toBe(1);
	});
});

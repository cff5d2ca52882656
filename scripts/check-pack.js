// Fails unless `npm pack --dry-run` ships only dist/ (nodes, credentials, icons), README, LICENSE and package.json.
const { execFileSync } = require('child_process');
const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' });
const files = JSON.parse(out)[0].files.map((f) => f.path).sort();
const allowed = (p) =>
	/^dist\/(nodes|credentials)\//.test(p) || ['README.md', 'LICENSE', 'package.json'].includes(p);
const bad = files.filter((p) => !allowed(p));
const must = ['README.md', 'LICENSE', 'package.json'];
const missing = must.filter((p) => !files.includes(p));
const pkg = require('../package.json');
for (const p of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) if (!files.includes(p)) missing.push(p);
if (!files.some((p) => p.endsWith('.svg'))) missing.push('dist/**/*.svg (icons)');
if (bad.length || missing.length) {
	console.error('npm pack lists unexpected files:', bad, 'missing:', missing);
	process.exit(1);
}
console.log(`npm pack: ${files.length} files, all under dist/ or README/LICENSE/package.json`);

#!/usr/bin/env node
// n8n Cloud eligibility: package.json must say "n8n": { "strict": true } and eslint.config.mjs
// must stay n8n's default config. The comparison is @n8n/node-cli's own (`n8n-node lint`,
// dist/commands/lint.js verifyEslintConfig: whitespace-normalised, against its template), called
// here because `n8n-node lint` itself would also lint tests and tooling with the shipped-code rules.
//
// Usage: node scripts/check-strict-mode.js [--root DIR]; exit code 0 when both hold.
'use strict';

const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = path.resolve(rootAt >= 0 ? args[rootAt + 1] : path.join(__dirname, '..'));

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
if (pkg.n8n?.strict !== true) {
	console.error('package.json: "n8n.strict" must be true (n8n Cloud eligibility)');
	process.exit(1);
}
// the package exports only ./eslint; the lint command sits beside it in dist/
const cliDist = path.join(path.dirname(require.resolve('@n8n/node-cli/eslint')), '..');
const Lint = require(path.join(cliDist, 'commands', 'lint.js')).default;
Lint.prototype.verifyEslintConfig.call({ log: (m) => console.error(m) }, root).then(
	() => console.log('strict mode: eslint.config.mjs is n8n\'s default config'),
	(error) => {
		console.error(error.message);
		process.exit(1);
	},
);

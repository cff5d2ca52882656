#!/usr/bin/env node
/**
 * Lists the functions under nodes/ longer than a limit (default 80 lines) and the files over
 * 500 lines, from TypeScript's own parse. `node scripts/function-lengths.js [--max 80]`;
 * exit code 1 when any is found.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const max = Number(process.argv[process.argv.indexOf('--max') + 1]) || 80;
const MAX_FILE = 500;

function files(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return files(full);
		return e.name.endsWith('.ts') ? [full] : [];
	});
}

const long = [];
const big = [];
for (const file of files(path.join(ROOT, 'nodes'))) {
	const text = fs.readFileSync(file, 'utf8');
	const rel = path.relative(ROOT, file);
	const lineCount = text.split('\n').length;
	if (lineCount > MAX_FILE) big.push(`${rel}: ${lineCount} lines`);
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const visit = (node) => {
		if (ts.isFunctionLike(node) && node.body) {
			const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
			const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			const lines = end - start + 1;
			if (lines > max) {
				const name = node.name ? node.name.getText() : '(anonymous)';
				long.push(`${rel}:${start + 1} ${name}: ${lines} lines`);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
}
console.log(`functions over ${max} lines: ${long.length}`);
for (const l of long) console.log(`  ${l}`);
console.log(`files over ${MAX_FILE} lines: ${big.length}`);
for (const b of big) console.log(`  ${b}`);
process.exitCode = long.length || big.length ? 1 : 0;

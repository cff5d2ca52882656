// Builds README.md from docs/README.src.md: each `INCLUDE:<path>` line is replaced by that
// file (its title dropped, headings one level deeper, relative links rebased), so the node,
// template and benchmark docs live beside their code and the README stays one page.
// `--check` fails when README.md is out of date.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const srcFile = path.join(root, 'docs', 'README.src.md');

function rebase(markdown, fromDir) {
	return markdown.replace(/(\]\()([^)#\s][^)\s]*)(\))/g, (m, open, target, close) => {
		if (/^[a-z]+:/i.test(target)) return m;
		const rel = path.relative(root, path.resolve(fromDir, target)).split(path.sep).join('/');
		return `${open}${rel}${close}`;
	});
}

function include(relPath) {
	const file = path.join(root, relPath);
	if (!fs.existsSync(file)) return `_Not written yet: ${relPath}._\n`;
	const lines = fs.readFileSync(file, 'utf8').split('\n');
	if (lines[0].startsWith('# ')) lines.shift();
	const body = lines
		.map((l) => (/^#{1,5} /.test(l) ? `#${l}` : l))
		.join('\n')
		.trim();
	return `${rebase(body, path.dirname(file))}\n`;
}

function assemble() {
	const src = fs.readFileSync(srcFile, 'utf8');
	const body = src
		.split('\n')
		.map((line) =>
			line.startsWith('INCLUDE:')
				? include(line.slice(8).trim())
				: rebase(line, path.dirname(srcFile)),
		)
		.join('\n');
	const header =
		'<!-- Generated from docs/README.src.md by scripts/assemble-readme.js; edit those files. -->\n';
	return header + body;
}

const out = assemble();
const target = path.join(root, 'README.md');
if (process.argv.includes('--check')) {
	const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
	if (current !== out) {
		console.error('README.md is out of date: run node scripts/assemble-readme.js');
		process.exit(1);
	}
	console.log('README.md is up to date');
} else {
	fs.writeFileSync(target, out);
	console.log('README.md written');
}

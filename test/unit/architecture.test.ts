/**
 * The import rules of docs/ARCHITECTURE.md, checked on the source: node folders never import
 * each other, the shared core never imports a node folder, ORCID's own rules (shared/orcid)
 * import nothing of the n8n side.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const NODES = path.join(ROOT, 'nodes');

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** Every relative import of a file, as a path relative to nodes/. */
function relativeImports(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8');
	const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']*)'/g)].map((m) => m[1]);
	return specs.map((spec) => path.relative(NODES, path.resolve(path.dirname(file), spec)));
}

const files = sourceFiles(NODES).map((file) => ({
	file: path.relative(NODES, file),
	imports: relativeImports(file),
}));

/** The top folder under nodes/ ('shared' or a node's folder). */
const top = (p: string) => p.split(path.sep)[0];
const area = (p: string) => p.split(path.sep).slice(0, 2).join('/');

describe('import rules between folders (docs/ARCHITECTURE.md)', () => {
	it('sees the source', () => {
		expect(files.length).toBeGreaterThan(50);
		expect(files.some((f) => f.file.startsWith(`shared${path.sep}orcid`))).toBe(true);
	});

	it('a node folder imports only its own files and nodes/shared', () => {
		const wrong = files.flatMap(({ file, imports }) =>
			top(file) === 'shared'
				? []
				: imports
						.filter((target) => top(target) !== top(file) && top(target) !== 'shared')
						.map((target) => `${file} -> ${target}`),
		);
		expect(wrong).toEqual([]);
	});

	it('nodes/shared never imports a node folder, nor anything outside nodes/', () => {
		const wrong = files.flatMap(({ file, imports }) =>
			top(file) !== 'shared'
				? []
				: imports.filter((target) => top(target) !== 'shared').map((t) => `${file} -> ${t}`),
		);
		expect(wrong).toEqual([]);
	});

	it('nodes/shared/orcid imports only ORCID rules and the redaction rule', () => {
		const allowed = (target: string) =>
			area(target) === 'shared/orcid' || target === path.join('shared', 'http', 'traffic');
		const wrong = files.flatMap(({ file, imports }) =>
			area(file) !== 'shared/orcid'
				? []
				: imports.filter((target) => !allowed(target)).map((t) => `${file} -> ${t}`),
		);
		expect(wrong).toEqual([]);
	});

	it('the Sync Diff engine is pure: no n8n, only ORCID rules and its own engine and policy files', () => {
		const engine = (p: string) =>
			p === path.join('OrcidSyncDiff', 'diff') ||
			p === path.join('OrcidSyncDiff', 'remote') ||
			p.startsWith(path.join('OrcidSyncDiff', 'engine') + path.sep) ||
			p.startsWith(path.join('OrcidSyncDiff', 'policy') + path.sep);
		const pure = files.filter(({ file }) => engine(file.replace(/\.ts$/, '')));
		expect(pure.length).toBeGreaterThanOrEqual(4);
		const wrong = pure.flatMap(({ file, imports }) => {
			const text = fs.readFileSync(path.join(NODES, file), 'utf8');
			const n8n = /from '(n8n-[^']*)'/.test(text) ? [`${file} -> n8n`] : [];
			const outside = imports
				.filter((t) => !engine(t) && area(t) !== 'shared/orcid')
				.map((t) => `${file} -> ${t}`);
			return [...n8n, ...outside];
		});
		expect(wrong).toEqual([]);
	});

	it('no node file imports from credentials/ or test code', () => {
		const wrong = files.flatMap(({ file, imports }) =>
			imports.filter((t) => t.startsWith('..')).map((t) => `${file} -> ${t}`),
		);
		expect(wrong).toEqual([]);
	});
});

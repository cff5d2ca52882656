/**
 * docs/CSP-CHECKLIST.md: every criterion row names a test that exists (`file › test name`, the
 * name as the file spells it) or says why it has none; a renamed or deleted test fails here.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..', '..');
const text = fs.readFileSync(path.join(root, 'docs', 'CSP-CHECKLIST.md'), 'utf8');

/** The path aliases the checklist declares (`e2e/csp` = `test/e2e/templates.csp.test.ts`). */
const aliases = new Map(
	[...text.matchAll(/`([\w/]+)` = `(test\/[\w./-]+)`/g)].map((m) => [m[1], m[2]] as const),
);

function fileOf(ref: string): string {
	if (aliases.has(ref)) return aliases.get(ref)!;
	const [layer, ...rest] = ref.split('/');
	return path.join('test', layer, ...rest);
}

/** Criterion rows: table rows other than headers and separators. */
const rows = text
	.split('\n')
	.filter((l) => l.startsWith('| ') && !/^\|\s*-/.test(l) && !l.startsWith('| Criterion'))
	.map((l) => l.split('|').map((c) => c.trim()));

/** The `file › name` references of a proof cell (the institution's part after "_Institution_"). */
function proofs(cell: string): Array<{ file: string; name: string }> {
	const own = cell.split(/\.?\s*_Institution_/)[0];
	return own
		.split(' · ')
		.map((part) => /^([\w./-]+) › (.+)$/.exec(part.trim()))
		.filter((m): m is RegExpExecArray => m !== null)
		.map((m) => ({ file: fileOf(m[1]), name: m[2].replace(/\.$/, '') }));
}

/**
 * Whether a test file has a test of this name: spelled as it is (quotes escaped or not), or
 * made by a `.each` title with placeholders (`'knows %s'`).
 */
function hasTest(source: string, name: string): boolean {
	const spelled = [name, name.replace(/'/g, "\\'"), name.replace(/"/g, '\\"')];
	if (spelled.some((n) => source.includes(n))) return true;
	const templates = [...source.matchAll(/\)\(\s*(['"`])([^'"`\n]*%[sdpij][^'"`\n]*)\1/g)];
	return templates.some((m) => {
		const pattern = m[2]
			.split(/%[sdpij]/)
			.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
			.join('.+');
		return new RegExp(`^${pattern}$`).test(name);
	});
}

describe('docs/CSP-CHECKLIST.md', () => {
	it('has criterion rows, each with a test or a stated reason', () => {
		expect(rows.length).toBeGreaterThan(25);
		for (const [, criterion, , , proof] of rows) {
			const refs = proofs(proof);
			const reason = /_Institution_|^No test: \S/.test(proof);
			expect([criterion, refs.length > 0 || reason]).toEqual([criterion, true]);
		}
	});

	it.each(rows.flatMap((r) => proofs(r[4]).map((p) => [r[1], p.file, p.name] as const)))(
		'%s: %s names a test "%s"',
		(_criterion, file, name) => {
			const source = fs.readFileSync(path.join(root, file), 'utf8');
			expect(hasTest(source, name)).toBe(true);
		},
	);
});

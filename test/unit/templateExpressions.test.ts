/**
 * Templates without code (issue 16, deliverable 5; issue 13, deliverable 2): in the listed
 * templates no parameter holds JavaScript. An expression may only name a value: the item
 * (`{{ $json }}`, a whole item as one JSON query parameter), one of its fields, a field of an
 * earlier node's paired item, the execution id or the workflow's name or id. Choices and
 * formatting live in SQL or in n8n's own no-code nodes.
 */
import * as fs from 'fs';
import * as path from 'path';

const TEMPLATES = path.resolve(__dirname, '../../workflows-templates');

/** Templates held to the rule (the others still use expressions; see the templates README). */
const NO_CODE = ['04-scheduled-sync.json', '12-hr-affiliations.json', '13-grants.json'];

const FIELD = String.raw`(?:\.[A-Za-z_][A-Za-z0-9_]*|\["[^"\\]+"\]|\['[^'\\]+'\])`;
const PLAIN = new RegExp(
	String.raw`^\s*(?:\$json${FIELD}?|\$\('[^'\\]+'\)\.item\.json${FIELD}?|\$execution\.id|\$workflow\.(?:name|id))\s*$`,
);

/** Every `{{ … }}` body of an expression that is not a plain reference. */
export function nonPlainExpressions(value: string): string[] {
	if (!value.startsWith('=')) return [];
	const bodies = [...value.matchAll(/\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]);
	const outside = value.slice(1).replace(/\{\{[\s\S]*?\}\}/g, '');
	const bad = bodies.filter((b) => !PLAIN.test(b));
	if (/\{\{|\}\}/.test(outside)) bad.push(outside);
	return bad;
}

/** [path, value] of every string parameter under `value`. */
function strings(value: unknown, at: string[] = []): Array<[string[], string]> {
	if (typeof value === 'string') return [[at, value]];
	if (value === null || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([k, v]) => strings(v, [...at, k]));
}

describe('plain references', () => {
	it.each([
		'={{ $json }}',
		'={{ $json.orcid }}',
		'={{ $json["local key"] }}',
		"={{ $json['x'] }}",
		"={{ $('Batch of researchers').item.json.environment }}",
		"={{ $('Their publications').item.json }}",
		'={{ $json }}, {{ $workflow.name }}, {{ $execution.id }}',
		'plain text, not an expression: {{ x ? y : z }}',
	])('%s is allowed', (value) => {
		expect(nonPlainExpressions(value)).toEqual([]);
	});

	it.each([
		'={{ [ $json.a, $json.b ] }}',
		'={{ $json.a ?? null }}',
		'={{ $json.remote?.title }}',
		'={{ $json.a ? 1 : 2 }}',
		"={{ [$json.error, $json.description].filter(x => x).join(' ') }}",
		'={{ $json.a.toUpperCase() }}',
		"={{ $('Node').first().json.a }}",
		'={{ $json.a.b }}',
		'={{ $json.constructor["x"] }}',
	])('%s is code', (value) => {
		expect(nonPlainExpressions(value)).not.toEqual([]);
	});
});

describe.each(NO_CODE)('%s', (file) => {
	const wf = JSON.parse(fs.readFileSync(path.join(TEMPLATES, file), 'utf8'));

	it('has no Code node', () => {
		expect(wf.nodes.filter((n: { type: string }) => /\.code$|\.function/.test(n.type))).toEqual([]);
	});

	it('holds no expression other than a plain reference in any parameter', () => {
		const found: string[] = [];
		for (const node of wf.nodes) {
			for (const [at, value] of strings(node.parameters)) {
				for (const bad of nonPlainExpressions(value))
					found.push(`${node.name} ${at.join('.')}: ${bad}`);
			}
		}
		expect(found).toEqual([]);
	});
});

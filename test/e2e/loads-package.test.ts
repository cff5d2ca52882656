/**
 * A real n8n 2.41.1, with the built package in its community-nodes folder, loads both ORCID
 * credential types and every node package.json declares. The node list comes from package.json,
 * so a declared node that is not built (or not written yet) fails here by name.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as n8nServer from '../../scripts/n8n-server';

const REPO = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** The type name n8n gives a built file's node or credential (its class's name/description). */
async function declaredName(file: string, kind: 'node' | 'credential'): Promise<string> {
	const abs = path.join(REPO, file);
	const className = path.basename(file).split('.')[0];
	// not built: the contract's name (OrcidToken.node.js -> orcidToken), reported missing below
	if (!fs.existsSync(abs)) return className.charAt(0).toLowerCase() + className.slice(1);
	const mod = (await import(abs)) as Record<
		string,
		new () => { name?: string; description?: { name: string } }
	>;
	const instance = new mod[className]();
	return kind === 'node' ? String(instance.description?.name) : String(instance.name);
}

const expectedNodes: string[] = [];
const expectedCredentials: string[] = [];
let n8n: Awaited<ReturnType<typeof n8nServer.startN8n>>;

beforeAll(async () => {
	for (const f of pkg.n8n.nodes) expectedNodes.push(`${pkg.name}.${await declaredName(f, 'node')}`);
	for (const f of pkg.n8n.credentials)
		expectedCredentials.push(await declaredName(f, 'credential'));
	n8n = await n8nServer.startN8n({ packages: [{ dir: REPO, onlyBuilt: true }] });
}, 240_000);

afterAll(async () => {
	await n8n?.stop();
}, 60_000);

it('has every file package.json lists in dist/ (make build)', () => {
	const listed = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	expect(listed.filter((f) => !fs.existsSync(path.join(REPO, f)))).toEqual([]);
});

it('lists the ORCID credential types and every node in package.json', () => {
	expect(expectedCredentials.sort()).toEqual(['orcidMemberOAuth2Api', 'orcidPublicOAuth2Api']);
	expect(expectedNodes.length).toBeGreaterThanOrEqual(5);
});

it('loads both credential types', async () => {
	const loaded = ((await n8n.credentialTypes()) as Array<{ name: string }>).map((c) => c.name);
	expect(expectedCredentials.filter((c) => !loaded.includes(c))).toEqual([]);
});

it('loads every node of the package', async () => {
	const loaded = ((await n8n.nodeTypes()) as Array<{ name: string }>).map((t) => t.name);
	expect(expectedNodes.filter((t) => !loaded.includes(t))).toEqual([]);
	// nothing of ours that package.json does not declare (n8n adds '<node>Tool' for usableAsTool)
	const ours = loaded.filter((t) => t.startsWith(`${pkg.name}.`));
	expect(ours.filter((t) => !expectedNodes.includes(t.replace(/Tool$/, '')))).toEqual([]);
});

it('logged no failure loading the package', () => {
	const log = n8n.logs('main');
	expect(log).toMatch(/ready on 127\.0\.0\.1/);
	expect(
		log.split('\n').filter((l) => /n8n-nodes-orcid/.test(l) && /error|fail|skipp/i.test(l)),
	).toEqual([]);
});

it('runs without deprecated settings that n8n 3.x removes (WEBHOOK_URL -> N8N_WEBHOOK_URL)', () => {
	const log = n8n.logs('main');
	expect(log).toMatch(/ready on 127\.0\.0\.1/);
	// n8n 2.41 lists each deprecated variable it finds as " - <VAR> -> <advice>"
	expect(log).not.toMatch(/^\s*-\s*WEBHOOK_URL\s*->/m);
});

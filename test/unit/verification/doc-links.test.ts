/**
 * The "Docs" links n8n shows for our nodes (codex <Node>.node.json resources) and credentials
 * (documentationUrl). n8n appends its own tracking query to them, so a `#section` would end up
 * before the query and never land: each link is a page of its own in this repository, on the
 * repository named in package.json, and the page exists.
 */
import * as fs from 'fs';
import * as path from 'path';

import { OrcidMemberOAuth2Api } from '../../../credentials/OrcidMemberOAuth2Api.credentials';
import { OrcidPublicOAuth2Api } from '../../../credentials/OrcidPublicOAuth2Api.credentials';

const root = path.join(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const repoPage = String(pkg.repository.url)
	.replace(/^git\+/, '')
	.replace(/\.git$/, '');
const prefix = `${repoPage}/blob/main/`;

/** The repository file a link points at; fails on a fragment, a query or another host. */
function fileOf(url: string): string {
	expect(url).not.toContain('#');
	expect(url).not.toContain('?');
	expect(url.startsWith(prefix)).toBe(true);
	return url.slice(prefix.length);
}

const nodeDirs = (pkg.n8n.nodes as string[]).map((p) => path.dirname(p.replace(/^dist\//, '')));

describe.each(nodeDirs)('%s codex documentation links', (dir) => {
	const codexFile = path.join(root, dir, `${path.basename(dir)}.node.json`);
	const codex = JSON.parse(fs.readFileSync(codexFile, 'utf8'));

	it("link the node's own page, which exists", () => {
		const [primary] = codex.resources.primaryDocumentation;
		expect(codex.resources.primaryDocumentation).toHaveLength(1);
		expect(fileOf(primary.url)).toBe(`${dir}/README.md`);
		expect(fs.existsSync(path.join(root, dir, 'README.md'))).toBe(true);
	});

	it('link only pages that exist, without a fragment', () => {
		const urls = Object.values(codex.resources as Record<string, Array<{ url: string }>>)
			.flat()
			.map((r) => r.url);
		expect(urls.length).toBeGreaterThan(1);
		for (const url of urls) expect(fs.existsSync(path.join(root, fileOf(url)))).toBe(true);
	});
});

it.each([
	['member', new OrcidMemberOAuth2Api()],
	['public', new OrcidPublicOAuth2Api()],
])('the %s credential links an existing page without a fragment', (_kind, credential) => {
	const file = fileOf(credential.documentationUrl);
	expect(fs.existsSync(path.join(root, file))).toBe(true);
});

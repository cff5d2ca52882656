/**
 * n8n's UX copy rules on every parameter the editor shows, read from the node descriptions as
 * n8n loads them (so options built in code, which the lint rules cannot see, are checked too):
 * Title Case names and labels, booleans described with "Whether", placeholders that are
 * examples ("e.g. ..."), and operation actions in sentence case that name what they act on.
 */
import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import { OrcidMemberOAuth2Api } from '../../../credentials/OrcidMemberOAuth2Api.credentials';
import { OrcidPublicOAuth2Api } from '../../../credentials/OrcidPublicOAuth2Api.credentials';
import { OrcidAuthTrigger } from '../../../nodes/OrcidAuthTrigger/OrcidAuthTrigger.node';
import { OrcidReadRecord } from '../../../nodes/OrcidReadRecord/OrcidReadRecord.node';
import { OrcidSyncDiff } from '../../../nodes/OrcidSyncDiff/OrcidSyncDiff.node';
import { OrcidToken } from '../../../nodes/OrcidToken/OrcidToken.node';
import { OrcidWriteItem } from '../../../nodes/OrcidWriteItem/OrcidWriteItem.node';

const NODES: INodeTypeDescription[] = [
	new OrcidAuthTrigger().description,
	new OrcidToken().description,
	new OrcidWriteItem().description,
	new OrcidReadRecord().description,
	new OrcidSyncDiff().description,
];

// words Title Case leaves in lower case (as the title-case package n8n's lint uses does)
const SMALL_WORDS = new Set(
	'a an and as at but by en for if in nor of on or per the to v vs via with from into'.split(' '),
);
// ORCID's own spelling of its identifier
const OWN_SPELLINGS = new Set(['iD']);

/** Words that should start with a capital letter but do not. */
function notTitleCase(text: string): string[] {
	const words = text.replace(/\([^)]*\)/g, ' ').split(/[\s/]+/);
	return words.filter(
		(word, i) =>
			/^[a-z]/.test(word) && !OWN_SPELLINGS.has(word) && (i === 0 || !SMALL_WORDS.has(word)),
	);
}

interface Labelled {
	where: string;
	text: string;
}

interface Walked {
	labels: Labelled[];
	booleans: Array<{ where: string; description?: string }>;
	placeholders: Array<{ where: string; type: string; placeholder: string }>;
	operations: Array<{ where: string; option: INodePropertyOptions; resources: string[] }>;
}

function walk(props: INodeProperties[], path: string, out: Walked): void {
	for (const p of props) {
		const where = `${path}/${p.name}`;
		if (p.type !== 'notice') out.labels.push({ where, text: p.displayName });
		if (p.type === 'boolean') out.booleans.push({ where, description: p.description });
		if (p.placeholder !== undefined) {
			out.placeholders.push({ where, type: p.type, placeholder: p.placeholder });
		}
		for (const option of (p.options ?? []) as Array<
			INodePropertyOptions | INodeProperties | INodePropertyCollection
		>) {
			if ('values' in option) {
				out.labels.push({ where: `${where}/${option.name}`, text: option.displayName });
				walk(option.values, `${where}/${option.name}`, out);
			} else if ('type' in option) {
				walk([option], where, out);
			} else {
				out.labels.push({ where: `${where}=${String(option.value)}`, text: option.name });
				if (p.name === 'operation') {
					const resources = (p.displayOptions?.show?.resource ?? []) as string[];
					out.operations.push({ where: `${where}=${String(option.value)}`, option, resources });
				}
			}
		}
	}
}

function walked(description: { properties: INodeProperties[] }, name: string): Walked {
	const out: Walked = { labels: [], booleans: [], placeholders: [], operations: [] };
	walk(description.properties, name, out);
	return out;
}

describe.each(NODES.map((d) => [d.displayName, d] as const))('%s', (_name, description) => {
	const w = walked(description, description.name);
	const resourceNames = new Map<string, string>();
	for (const p of description.properties) {
		if (p.name !== 'resource') continue;
		for (const o of (p.options ?? []) as INodePropertyOptions[]) {
			resourceNames.set(String(o.value), o.name);
		}
	}

	it('names the node and every parameter, section and option in Title Case', () => {
		const all = [{ where: 'node', text: description.displayName }, ...w.labels];
		expect(all.filter((l) => notTitleCase(l.text).length)).toEqual([]);
	});

	it('describes every boolean with "Whether ..."', () => {
		expect(w.booleans.filter((b) => !/^Whether /.test(b.description ?? ''))).toEqual([]);
	});

	it('gives examples as placeholders ("e.g. ...", n8n\'s email form, or "Add ..." for lists)', () => {
		const bad = w.placeholders.filter(({ type, placeholder }) =>
			type === 'collection' || type === 'fixedCollection'
				? !/^Add [A-Za-z]/.test(placeholder)
				: !/^e\.g\. \S/.test(placeholder) && placeholder !== 'name@email.com',
		);
		expect(bad).toEqual([]);
	});

	it('gives every operation an action in sentence case that names what it acts on', () => {
		const bad: string[] = [];
		for (const { where, option, resources } of w.operations) {
			const action = option.action ?? '';
			if (!/^[A-Z][a-z]/.test(action))
				bad.push(`${where}: action "${action}" is not sentence case`);
			// after the first word, only proper names (ORCID) keep capitals
			const capitals = action
				.split(' ')
				.slice(1)
				.filter((word) => /^[A-Z][a-z]/.test(word));
			if (capitals.length) bad.push(`${where}: "${action}" capitalises ${capitals.join(', ')}`);
			// the object: named in the operation ("Create Start Link") or else the resource
			const object = option.name.split(' ').slice(1).join(' ').toLowerCase().replace(/-/g, ' ');
			const targets = object
				? [object]
				: resources.map((r) => (resourceNames.get(r) ?? r).toLowerCase());
			if (!targets.length) bad.push(`${where}: no resource to name`);
			for (const target of targets) {
				const singular = target.replace(/s$/, '');
				if (!action.toLowerCase().includes(singular)) {
					bad.push(`${where}: "${action}" does not name "${target}"`);
				}
			}
		}
		expect(bad).toEqual([]);
	});

	it('calls the API selector the same in every node', () => {
		const apiType = description.properties.find((p) => p.name === 'apiType');
		expect(apiType?.displayName).toBe('ORCID API');
	});
});

describe.each([
	['ORCID Member OAuth2 API', new OrcidMemberOAuth2Api()],
	['ORCID Public OAuth2 API', new OrcidPublicOAuth2Api()],
])('credential %s', (_name, credential) => {
	const w = walked(credential, credential.name);
	it('names its fields in Title Case with example placeholders', () => {
		expect(w.labels.filter((l) => notTitleCase(l.text).length)).toEqual([]);
		expect(w.placeholders.filter((p) => !/^e\.g\. \S/.test(p.placeholder))).toEqual([]);
		expect(w.booleans.filter((b) => !/^Whether /.test(b.description ?? ''))).toEqual([]);
	});
});

it('the Title Case check itself tells good from bad', () => {
	expect(notTitleCase('If Already on the Record')).toEqual([]);
	expect(notTitleCase('ORCID iD')).toEqual([]);
	expect(notTitleCase('Link Lifetime (Days)')).toEqual([]);
	expect(notTitleCase('Return existing put code')).toEqual(['existing', 'put', 'code']);
	expect(notTitleCase('of the Record')).toEqual(['of']);
});

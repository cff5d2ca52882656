/**
 * Where the harness finds node and credential types: our package (from its TypeScript sources,
 * or from dist/ after `make build`), n8n-nodes-base stand-ins, and test-only types a test adds.
 *
 * Package types are loaded lazily, one file per requested type, so that a node another engineer
 * is still writing cannot break tests of the other nodes.
 */
import * as fs from 'fs';
import * as path from 'path';
import type {
	ICredentialType,
	IDataObject,
	INodeProperties,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { baseNodeTypes } from './base-nodes';

export const PACKAGE_NAME = 'n8n-nodes-orcid';
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

type AnyNodeType = INodeType | IVersionedNodeType;

/** 'ts' loads nodes/**.ts (jest transforms them; coverage counts); 'dist' loads the build. */
export type HarnessSource = 'ts' | 'dist';

export function harnessSource(): HarnessSource {
	return process.env.HARNESS_SOURCE === 'dist' ? 'dist' : 'ts';
}

interface PackageManifest {
	n8n: { nodes: string[]; credentials: string[] };
}

export function readPackageManifest(root = REPO_ROOT): PackageManifest {
	return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageManifest;
}

/** `dist/nodes/X/X.node.js` -> absolute path of the file to load for the chosen source. */
export function sourceFileFor(distPath: string, source: HarnessSource, root = REPO_ROOT): string {
	if (source === 'dist') return path.join(root, distPath);
	return path.join(root, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

/** `dist/nodes/OrcidToken/OrcidToken.node.js` -> 'OrcidToken'. */
function classNameOf(file: string): string {
	return path.basename(file).split('.')[0];
}

function lowerFirst(s: string): string {
	return s.charAt(0).toLowerCase() + s.slice(1);
}

async function instantiate<T>(file: string, isType: (v: unknown) => v is T): Promise<T> {
	if (!fs.existsSync(file)) {
		throw new Error(
			`harness: ${path.relative(REPO_ROOT, file)} does not exist` +
				(file.includes(`${path.sep}dist${path.sep}`) ? ' (run `make build`)' : ''),
		);
	}
	// A dynamic import compiles to jest's require, so ts-jest transforms the TypeScript source.
	const mod = (await import(file)) as Record<string, unknown>;
	const preferred = mod[classNameOf(file)];
	const candidates = [preferred, ...Object.values(mod)].filter(
		(v): v is new () => unknown => typeof v === 'function',
	);
	for (const Ctor of candidates) {
		const instance = new Ctor();
		if (isType(instance)) return instance;
	}
	throw new Error(`harness: ${path.relative(REPO_ROOT, file)} exports no node/credential class`);
}

function isNodeType(v: unknown): v is AnyNodeType {
	return typeof v === 'object' && v !== null && 'description' in v;
}

function isCredentialType(v: unknown): v is ICredentialType {
	return (
		typeof v === 'object' &&
		v !== null &&
		typeof (v as ICredentialType).name === 'string' &&
		Array.isArray((v as ICredentialType).properties)
	);
}

function nodeTypeName(t: AnyNodeType): string {
	return t.description.name;
}

/** The package's own node and credential files, as listed in package.json's n8n field. */
export class PackageTypes {
	private readonly nodes = new Map<string, AnyNodeType>();
	private readonly credentials = new Map<string, ICredentialType>();

	constructor(
		private readonly source: HarnessSource = harnessSource(),
		private readonly root = REPO_ROOT,
	) {}

	get manifest(): PackageManifest {
		return readPackageManifest(this.root);
	}

	/** Short node names declared by the package (by file-name convention, e.g. orcidToken). */
	declaredNodeNames(): string[] {
		return this.manifest.n8n.nodes.map((f) => lowerFirst(classNameOf(f)));
	}

	/** A loaded node type (see load). */
	node(shortName: string): AnyNodeType | undefined {
		return this.nodes.get(shortName);
	}

	/** A loaded credential type (see loadCredential). */
	credential(name: string): ICredentialType | undefined {
		return this.credentials.get(name);
	}

	/** Loads a node type by short name (orcidToken -> OrcidToken.node file first, then the rest). */
	async load(shortName: string): Promise<AnyNodeType | undefined> {
		const cached = this.nodes.get(shortName);
		if (cached) return cached;
		for (const file of this.ordered(this.manifest.n8n.nodes, shortName)) {
			const type = await instantiate(file, isNodeType);
			this.nodes.set(nodeTypeName(type), type);
			if (nodeTypeName(type) === shortName) return type;
		}
		return undefined;
	}

	async loadCredential(name: string): Promise<ICredentialType | undefined> {
		const cached = this.credentials.get(name);
		if (cached) return cached;
		for (const file of this.ordered(this.manifest.n8n.credentials, name)) {
			const type = await instantiate(file, isCredentialType);
			this.credentials.set(type.name, type);
			if (type.name === name) return type;
		}
		return undefined;
	}

	/**
	 * Files to try for a type name: the one named by convention (must exist), then the other
	 * existing files (a type whose file name breaks the convention is still found).
	 */
	private ordered(files: string[], name: string): string[] {
		const conventional = files.filter((f) => lowerFirst(classNameOf(f)) === name);
		const others = files
			.filter((f) => lowerFirst(classNameOf(f)) !== name)
			.map((f) => sourceFileFor(f, this.source, this.root))
			.filter((f) => fs.existsSync(f));
		return [...conventional.map((f) => sourceFileFor(f, this.source, this.root)), ...others];
	}
}

/** One process-wide package loader (node classes are stateless by n8n's rules). */
let packageTypes: PackageTypes | undefined;
export function getPackageTypes(): PackageTypes {
	packageTypes ??= new PackageTypes();
	return packageTypes;
}

export interface RegistryOptions {
	/** Extra node types by full type name, e.g. { 'n8n-nodes-orcid-test.echo': new Echo() }. */
	nodeTypes?: Record<string, AnyNodeType>;
	/** Extra credential types (test-only ones). */
	credentialTypes?: ICredentialType[];
}

/** INodeTypes for n8n-workflow's Workflow: package types, base stand-ins, extras. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly extra: Record<string, AnyNodeType>;

	constructor(
		options: RegistryOptions = {},
		private readonly pkg: PackageTypes = getPackageTypes(),
	) {
		this.extra = { ...baseNodeTypes(), ...(options.nodeTypes ?? {}) };
	}

	getByName(type: string): AnyNodeType {
		const found = this.extra[type] ?? this.packageNode(type);
		if (!found) {
			throw new Error(
				`harness: unknown node type "${type}" (known: ${Object.keys(this.extra).join(', ')}, ` +
					`${PACKAGE_NAME}.{${this.pkg.declaredNodeNames().join(',')}})`,
			);
		}
		return found;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}

	/** Loads the package node types among these type names (before a Workflow is built). */
	async preload(types: string[]): Promise<void> {
		const prefix = `${PACKAGE_NAME}.`;
		for (const type of new Set(types)) {
			if (!this.extra[type] && type.startsWith(prefix)) {
				await this.pkg.load(type.slice(prefix.length));
			}
		}
	}

	private packageNode(type: string): AnyNodeType | undefined {
		const prefix = `${PACKAGE_NAME}.`;
		return type.startsWith(prefix) ? this.pkg.node(type.slice(prefix.length)) : undefined;
	}
}

/** Credential types by name: extras first, then the package's. */
export class HarnessCredentialTypes {
	private readonly extra = new Map<string, ICredentialType>();

	constructor(
		credentialTypes: ICredentialType[] = [],
		private readonly pkg: PackageTypes = getPackageTypes(),
	) {
		for (const t of credentialTypes) this.extra.set(t.name, t);
	}

	get(name: string): ICredentialType | undefined {
		return this.extra.get(name) ?? this.pkg.credential(name);
	}

	/** Loads package credential types (and their parents) before use. */
	async preload(names: string[]): Promise<void> {
		for (const name of new Set(names)) {
			if (this.extra.has(name)) continue;
			const type = await this.pkg.loadCredential(name);
			if (type?.extends) await this.preload(type.extends);
		}
	}

	getOrThrow(name: string): ICredentialType {
		const t = this.get(name);
		if (!t) throw new Error(`harness: unknown credential type "${name}"`);
		return t;
	}

	/** n8n's CredentialTypes.getParentTypes: the `extends` chain, recursively. */
	getParentTypes(name: string): string[] {
		const parents = [...(this.get(name)?.extends ?? [])];
		for (const p of [...parents]) parents.push(...this.getParentTypes(p));
		return parents;
	}

	/** n8n's CredentialsHelper.getCredentialsProperties: own properties merged over parents'. */
	getProperties(name: string): INodeProperties[] {
		const type = this.get(name);
		if (!type) return [];
		if (!type.extends) return type.properties;
		const combined: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}
}

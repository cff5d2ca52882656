/**
 * Helpers for the emulator's conformance suite: start an emulator, call it over HTTP, mint
 * tokens through its control API.
 */
import * as path from 'path';
import { startEmulator } from './index';

export const MODEL_DIR = path.resolve(__dirname, '../../../shared/orcid-model');
export const WRITE_SAMPLES = path.join(MODEL_DIR, 'record_3.0/samples/write_samples');
export const READ_SAMPLES = path.join(MODEL_DIR, 'record_3.0/samples/read_samples');

export const MEMBER = { clientId: 'APP-EMUMEMBER000001', clientSecret: 'emu-member-secret' };
export const PUBLIC = { clientId: 'APP-EMUPUBLIC000001', clientSecret: 'emu-public-secret' };
export const JOSIAH = '0000-0002-1825-0097';
export const LAURE = '0000-0001-5109-3700';
export const SOFIA = '0000-0002-1694-233X';

export const JSON_TYPE = 'application/vnd.orcid+json';
export const XML_TYPE = 'application/vnd.orcid+xml';

export interface Resp {
	status: number;
	headers: Headers;
	text: string;
	body: any;
}

export interface CallOptions {
	token?: string;
	body?: unknown;
	accept?: string | null;
	contentType?: string;
	headers?: Record<string, string>;
	redirect?: 'manual' | 'follow';
}

export async function call(method: string, url: string, o: CallOptions = {}): Promise<Resp> {
	const headers: Record<string, string> = { ...(o.headers || {}) };
	if (o.accept !== null) headers.Accept = o.accept === undefined ? JSON_TYPE : o.accept;
	if (o.token) headers.Authorization = `Bearer ${o.token}`;
	let body: string | undefined;
	if (o.body !== undefined) {
		body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
		headers['Content-Type'] = o.contentType || JSON_TYPE;
	}
	const res = await fetch(url, { method, headers, body, redirect: o.redirect || 'manual' });
	const text = await res.text();
	let parsed: any = null;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		parsed = null;
	}
	return { status: res.status, headers: res.headers, text, body: parsed };
}

export async function form(
	url: string,
	fields: Record<string, string>,
	headers: Record<string, string> = {},
): Promise<Resp> {
	const res = await fetch(url, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Accept: 'application/json',
			...headers,
		},
		body: new URLSearchParams(fields).toString(),
		redirect: 'manual',
	});
	const text = await res.text();
	let parsed: any = null;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		parsed = null;
	}
	return { status: res.status, headers: res.headers, text, body: parsed };
}

export type Started = Awaited<ReturnType<typeof startEmulator>>;

export class TestEmulator {
	constructor(public emu: Started) {}

	static async start(options: Record<string, unknown> = {}): Promise<TestEmulator> {
		const emu = await startEmulator({
			port: 0,
			quiet: true,
			limits: { enabled: false },
			...options,
		});
		return new TestEmulator(emu);
	}

	/** The emulator object itself, for tests that reach into its state. */
	get internal(): any {
		return this.emu.emulator;
	}

	get url(): string {
		return this.emu.url as string;
	}

	member(p: string): string {
		return `${this.emu.memberApi}/v3.0${p}`;
	}

	pub(p: string): string {
		return `${this.emu.publicApi}/v3.0${p}`;
	}

	control(method: string, p: string, body?: unknown): Promise<any> {
		return this.emu.control(method, p, body);
	}

	/** A researcher's token (three-legged) minted through the control API. */
	async token(
		orcid: string,
		scope = '/read-limited /activities/update /person/update',
		clientId = MEMBER.clientId,
	): Promise<string> {
		const t = await this.control('POST', '/_emulator/tokens', { clientId, orcid, scope });
		return t.access_token;
	}

	/** A two-legged token through /oauth/token. */
	async clientToken(scope: string, client = MEMBER): Promise<string> {
		const r = await form(`${this.url}/oauth/token`, {
			client_id: client.clientId,
			client_secret: client.clientSecret,
			grant_type: 'client_credentials',
			scope,
		});
		if (r.status !== 200) throw new Error(`client token: ${r.status} ${r.text}`);
		return r.body.access_token;
	}

	/** A fresh empty record; returns its iD. */
	async researcher(props: Record<string, unknown> = {}): Promise<string> {
		const r = await this.control('POST', '/_emulator/researchers', {
			givenNames: 'Test',
			familyName: 'Person',
			...props,
		});
		return r.orcid;
	}

	stop(): Promise<void> {
		return this.emu.stop();
	}
}

/** A minimal valid work with one self DOI. */
export function work(doi: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		title: { title: { value: `Work ${doi}` } },
		type: 'journal-article',
		'external-ids': {
			'external-id': [
				{
					'external-id-type': 'doi',
					'external-id-value': doi,
					'external-id-relationship': 'self',
				},
			],
		},
		...extra,
	};
}

export function employment(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		'department-name': 'Department of Testing',
		'role-title': 'Researcher',
		'start-date': { year: { value: '2020' }, month: { value: '01' } },
		organization: {
			name: 'Brown University',
			address: { city: 'Providence', region: 'RI', country: 'US' },
			'disambiguated-organization': {
				'disambiguated-organization-identifier': 'https://ror.org/05gq02987',
				'disambiguation-source': 'ROR',
			},
		},
		...extra,
	};
}

export function putCodeOf(location: string | null): number {
	if (!location) throw new Error('no Location header');
	return Number(location.split('/').pop());
}

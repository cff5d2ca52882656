/**
 * Helpers for the emulator's conformance suite: start an emulator, call it over HTTP, mint
 * tokens through its control API.
 */
import * as path from 'path';
import { externalIds, organization } from '../support/orcidJson';
import { startEmulator } from './index';

export { externalIds, organization };

export const MODEL_DIR = path.resolve(__dirname, '../../../shared/orcid-model');
export const WRITE_SAMPLES = path.join(MODEL_DIR, 'record_3.0/samples/write_samples');
export const READ_SAMPLES = path.join(MODEL_DIR, 'record_3.0/samples/read_samples');

export const MEMBER = { clientId: 'APP-EMUMEMBER0000001', clientSecret: 'emu-member-secret' };
export const PUBLIC = { clientId: 'APP-EMUPUBLIC0000001', clientSecret: 'emu-public-secret' };
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
	return answer(await fetch(url, { method, headers, body, redirect: o.redirect || 'manual' }));
}

/** Reads a response: its text, and its JSON when it is JSON (else body is null). */
async function answer(res: Response): Promise<Resp> {
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
	return answer(res);
}

export type Started = Awaited<ReturnType<typeof startEmulator>>;

export class TestEmulator {
	private started?: Started;

	constructor(emu?: Started) {
		this.started = emu;
	}

	static async start(options: Record<string, unknown> = {}): Promise<TestEmulator> {
		const emu = await startEmulator({
			port: 0,
			quiet: true,
			limits: { enabled: false },
			...options,
		});
		return new TestEmulator(emu);
	}

	/** An emulator started before the tests of the calling file or describe, stopped after them. */
	static forSuite(options: Record<string, unknown> = {}): TestEmulator {
		const t = new TestEmulator();
		beforeAll(async () => {
			t.started = (await TestEmulator.start(options)).emu;
		});
		afterAll(async () => {
			await t.stop();
		});
		return t;
	}

	get emu(): Started {
		if (!this.started) throw new Error('the emulator runs only inside its suite');
		return this.started;
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

	/** POST and PUT on one record with one token; create() POSTs and returns the put code. */
	writer(orcid: string, token: string) {
		const post = (section: string, body: unknown, o: CallOptions = {}) =>
			call('POST', this.member(`/${orcid}/${section}`), { token, body, ...o });
		const put = (path: string, body: unknown) =>
			call('PUT', this.member(`/${orcid}/${path}`), { token, body });
		const create = async (section: string, body: unknown) =>
			putCodeOf((await post(section, body)).headers.get('location'));
		return { post, put, create };
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
		...externalIds(['doi', doi, 'self']),
		...extra,
	};
}

export function employment(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		'department-name': 'Department of Testing',
		'role-title': 'Researcher',
		'start-date': { year: { value: '2020' }, month: { value: '01' } },
		organization: organization(
			'Brown University',
			{ city: 'Providence', region: 'RI', country: 'US' },
			'https://ror.org/05gq02987',
			'ROR',
		),
		...extra,
	};
}

/** A minimal valid funding: an NSF grant with one self grant number. */
export function funding(grantNumber: string, extra: Record<string, unknown> = {}) {
	return {
		type: 'grant',
		title: { title: { value: `Grant ${grantNumber}` } },
		...externalIds(['grant_number', grantNumber, 'self']),
		organization: organization(
			'NSF',
			{ city: 'Alexandria', country: 'US' },
			'http://dx.doi.org/10.13039/100000001',
			'FUNDREF',
		),
		...extra,
	};
}

export function putCodeOf(location: string | null): number {
	if (!location) throw new Error('no Location header');
	return Number(location.split('/').pop());
}

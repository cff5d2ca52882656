/**
 * The credential classes are built from one function (credentials/orcidClient.ts), which hides
 * their property lists from the credential lint rules; these checks stand in for those rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Workflow, type ICredentialType, type INode, type INodeTypes } from 'n8n-workflow';

import { OrcidMemberOAuth2Api } from '../../credentials/OrcidMemberOAuth2Api.credentials';
import { OrcidPublicOAuth2Api } from '../../credentials/OrcidPublicOAuth2Api.credentials';

const member = new OrcidMemberOAuth2Api();
const publicApi = new OrcidPublicOAuth2Api();

function evaluate(expression: string, credentials: Record<string, unknown>): unknown {
	const nodeTypes = {
		getByName: () => undefined,
		getByNameAndVersion: () => undefined,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const node: INode = {
		id: '1',
		name: 'n',
		type: 'x',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, expression, 'internal', {
		$credentials: credentials,
	});
}

describe.each([
	['member', member, 'orcidMemberOAuth2Api', 'ORCID Member OAuth2 API', 24],
	['public', publicApi, 'orcidPublicOAuth2Api', 'ORCID Public OAuth2 API', 12],
])('%s credential', (_kind, credential, name, displayName, rate) => {
	it('has the contract names, docs link and themed icons that exist', () => {
		expect(credential.name).toBe(name);
		expect(credential.displayName).toBe(displayName);
		expect(credential.documentationUrl).toBe(
			'https://github.com/n8n-nodes-orcid/n8n-nodes-orcid/blob/main/credentials/README.md',
		);
		// not an oAuth2Api credential: n8n would sign API calls with it and overwrite the bearer
		expect((credential as ICredentialType).extends).toBeUndefined();
		const icon = credential.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) {
			expect(
				fs.existsSync(path.join(__dirname, '../../credentials', file.replace(/^file:/, ''))),
			).toBe(true);
		}
	});

	it('has the contract fields, secrets masked, URL placeholders starting with e.g.', () => {
		const names = credential.properties.map((p) => p.name);
		expect(names).toEqual([
			'environment',
			'standsFor',
			'oauthBaseUrl',
			'publicApiBaseUrl',
			'memberApiBaseUrl',
			'recordBaseUrl',
			'clientId',
			'clientSecret',
			'requestsPerSecond',
			'burst',
			'tokenEncryptionKey',
			'encryptionNotice',
			'linkSigningSecret',
		]);
		for (const p of credential.properties) {
			if (/secret|password|key|token/i.test(p.name)) expect(p.typeOptions?.password).toBe(true);
			else expect(p.typeOptions?.password).toBeUndefined();
			if (p.placeholder && /:\/\//.test(String(p.placeholder)))
				expect(p.placeholder).toMatch(/^e\.g\. /);
			expect(p.displayName).toMatch(/^[A-Z]/);
		}
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		// the form says so while no Token Encryption Key is set
		expect(byName.encryptionNotice).toMatchObject({
			type: 'notice',
			displayOptions: { show: { tokenEncryptionKey: [''] } },
		});
		expect(byName.encryptionNotice.displayName).toContain('stored and logged in plain text');
		expect(byName.environment.options!.map((o) => (o as { value: string }).value)).toEqual([
			'sandbox',
			'production',
			'custom',
		]);
		expect(byName.requestsPerSecond.default).toBe(rate);
		expect(byName.burst.default).toBe(40);
		// a custom-URL credential declares which ORCID environment it stands for: sandbox unless set
		expect(byName.standsFor.default).toBe('sandbox');
		expect(byName.standsFor.options!.map((o) => (o as { value: string }).value)).toEqual([
			'sandbox',
			'production',
		]);
		for (const field of [
			'standsFor',
			'oauthBaseUrl',
			'publicApiBaseUrl',
			'memberApiBaseUrl',
			'recordBaseUrl',
		]) {
			expect(byName[field].displayOptions).toEqual({ show: { environment: ['custom'] } });
		}
	});

	it('authenticates token-endpoint calls with client_id and client_secret in the body only', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: {
				body: {
					client_id: '={{$credentials.clientId}}',
					client_secret: '={{$credentials.clientSecret}}',
				},
			},
		});
	});

	it('tests itself with a client-credentials form post to the right token endpoint', () => {
		const request = credential.test!.request;
		expect(request).toMatchObject({
			url: '/oauth/token',
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: { grant_type: 'client_credentials', scope: '/read-public' },
		});
		const base = request.baseURL as string;
		expect(evaluate(base, { environment: 'production' })).toBe('https://orcid.org');
		expect(evaluate(base, { environment: 'sandbox' })).toBe('https://sandbox.orcid.org');
		expect(evaluate(base, { environment: 'custom', oauthBaseUrl: 'http://127.0.0.1:8089' })).toBe(
			'http://127.0.0.1:8089',
		);
	});
});

it('both types share one field list (only the rate default differs)', () => {
	const strip = (props: typeof member.properties) =>
		props.map((p) => ({
			...p,
			default: p.name === 'requestsPerSecond' ? 0 : p.default,
			description: p.name === 'requestsPerSecond' || p.name === 'clientId' ? '' : p.description,
		}));
	expect(strip(member.properties)).toEqual(strip(publicApi.properties));
});

/**
 * ORCID Token operations that talk to ORCID, in the n8n engine against the emulator: exchange
 * code, refresh (Revoke Old on and off, narrower scope, encrypted tokens), revoke, check,
 * request permission (sent, opted out, the link completing through the trigger), and the
 * record-change webhooks.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, runWorkflow, serveWorkflow, type WorkflowResult } from '../harness';
import { resolveEnvironment } from '../../nodes/shared/orcid/environments';
import { triggerId, verifyState } from '../../nodes/shared/auth/signing';
import {
	decryptToken,
	encryptToken,
	toStoredTokenRecord,
	type OrcidTokenResponse,
} from '../../nodes/shared/auth/tokens';
import { emulatorForSuite, MEMBER_CLIENT } from './writeItem.support';
import {
	CARBERRY,
	consent,
	MEMBER_SECRET,
	PERMISSION_ITEMS,
	SECOND,
	TOKEN,
	tokenWorkflow,
	TRIGGER,
	triggerWorkflow,
	followCallback,
	TestBrowser,
} from './authTrigger.helpers';

const PUBLIC_CLIENT = 'APP-EMUPUBLIC0000001';
const KEY = 'token encryption passphrase for tests';

// ORCID's traffic limits stay on, as in production
const emu = emulatorForSuite({ limits: { enabled: true }, webhookDelayMs: 20 });
beforeEach(async () => await emu.control('POST', '/_emulator/reset'));

/** A stored token record for a token minted directly by the emulator (as a researcher's grant). */
async function storedRecord(
	options: { orcid?: string; scope?: string; clientId?: string; key?: string } = {},
): Promise<IDataObject> {
	const resp = (await emu.control('POST', '/_emulator/tokens', {
		clientId: options.clientId ?? MEMBER_CLIENT,
		orcid: options.orcid ?? CARBERRY,
		scope: options.scope ?? '/read-limited /activities/update',
	})) as OrcidTokenResponse;
	const env = resolveEnvironment({
		environment: 'custom',
		oauthBaseUrl: emu.url,
		publicApiBaseUrl: emu.publicApi,
		memberApiBaseUrl: emu.memberApi,
	});
	return toStoredTokenRecord(resp, {
		environment: env,
		apiType: options.clientId === PUBLIC_CLIENT ? 'public' : 'member',
		reference: 'user-1',
		encryptionKey: options.key,
	}) as unknown as IDataObject;
}

async function status(token: string, orcid = CARBERRY, api = emu.memberApi): Promise<number> {
	const res = await fetch(`${api}/v3.0/${orcid}/person`, {
		headers: { Accept: 'application/vnd.orcid+json', Authorization: `Bearer ${token}` },
	});
	return res.status;
}

async function run(
	parameters: IDataObject,
	input: IDataObject[],
	options: { apiType?: 'member' | 'public'; key?: string; continueOnFail?: boolean } = {},
): Promise<WorkflowResult> {
	const wf = tokenWorkflow({ apiType: options.apiType ?? 'member', ...parameters });
	if (options.continueOnFail) wf.nodes[1].onError = 'continueRegularOutput';
	return await runWorkflow(wf, {
		credentials: credentialsFor(
			emu,
			options.apiType ?? 'member',
			options.key ? { tokenEncryptionKey: options.key } : {},
		),
		input,
	});
}

function secretsIn(result: WorkflowResult): string {
	return JSON.stringify(result.output(TOKEN, 1));
}

describe('ORCID Token: exchange code', () => {
	it('exchanges a code captured elsewhere; a second use fails and ORCID revokes the first token', async () => {
		const redirectUri = 'http://127.0.0.1:9/orcid/callback';
		const { code } = await consent(emu, { scope: '/read-limited', redirectUri, state: 's' });
		const params = { operation: 'exchangeCode', redirectUri, reference: 'u-7' };
		const first = await run(params, [{ code }]);
		const record = first.output(TOKEN)[0];
		expect(record).toMatchObject({
			orcid: CARBERRY,
			scopes: ['/read-limited'],
			reference: 'u-7',
			status: 'connected',
		});
		expect(await status(record.accessToken as string)).toBe(200);
		expect(secretsIn(first)).not.toContain(code);

		const second = await run(params, [{ code }], { continueOnFail: true });
		expect(second.output(TOKEN)[0]).toMatchObject({ orcidErrorCode: 'invalid_grant' });
		expect(second.output(TOKEN)[0].error).toMatch(/invalid_grant/);
		expect(second.output(TOKEN)[0].error).not.toContain(code);
		expect(await status(record.accessToken as string)).toBe(401);
	});

	it('exchanges a code without a redirect URI (optional at ORCID since 2025)', async () => {
		// ORCID-Source: orcid-core/src/main/java/org/orcid/core/oauth/authorizationServer/
		// AuthorizationServerUtil.java (redirect_uri forwarded only when not blank)
		const { code } = await consent(emu, {
			scope: '/read-limited',
			redirectUri: 'http://127.0.0.1:9/orcid/callback',
			state: 's',
		});
		const result = await run({ operation: 'exchangeCode' }, [{ code }]);
		expect(result.status).toBe('success');
		expect(result.output(TOKEN)[0]).toMatchObject({ orcid: CARBERRY, status: 'connected' });
		expect(result.output(TOKEN, 1)[0].requestBody).not.toHaveProperty('redirect_uri');
		const bad = await run({ operation: 'exchangeCode', redirectUri: 'not a url' }, [{ code }]);
		expect(bad.nodes[TOKEN].error?.message).toMatch(
			/^Item 0, field "redirectUri": must be an http\(s\) URL/,
		);
	});

	it('verifies an id_token with the nonce given', async () => {
		const redirectUri = 'http://127.0.0.1:9/cb';
		const { code } = await consent(emu, {
			scope: 'openid',
			redirectUri,
			state: 's',
			nonce: 'n-42',
		});
		const ok = await run({ operation: 'exchangeCode', redirectUri, nonce: 'n-42' }, [{ code }]);
		expect(ok.output(TOKEN)[0].idTokenClaims).toMatchObject({ sub: CARBERRY, nonce: 'n-42' });
		expect(ok.output(TOKEN, 1).map((t) => t.url)).toEqual([
			`${emu.url}/oauth/token`,
			`${emu.url}/oauth/jwks`,
		]);
	});
});

describe('ORCID Token: refresh', () => {
	it('revoke_old off: a new token; the old one keeps working', async () => {
		const record = await storedRecord();
		const result = await run({ operation: 'refresh', revokeOld: false }, [record]);
		expect(result.status).toBe('success');
		const updated = result.output(TOKEN)[0];
		expect(updated.accessToken).not.toBe(record.accessToken);
		expect(updated).toMatchObject({
			orcid: CARBERRY,
			reference: 'user-1',
			status: 'connected',
			scopes: ['/read-limited', '/activities/update'],
			name: 'Josiah Carberry',
		});
		expect(await status(updated.accessToken as string)).toBe(200);
		expect(await status(record.accessToken as string)).toBe(200);
		const calls = await emu.control('GET', '/_emulator/calls?path=/oauth/token');
		expect(calls).toHaveLength(1);
		const traffic = result.output(TOKEN, 1);
		expect(traffic).toHaveLength(1);
		expect(traffic[0].requestBody).toMatchObject({
			grant_type: 'refresh_token',
			refresh_token: '[redacted]',
		});
		for (const t of [
			record.accessToken,
			record.refreshToken,
			updated.accessToken,
			updated.refreshToken,
		]) {
			expect(secretsIn(result)).not.toContain(t as string);
		}
		expect(result.nodes[TOKEN].pairedItems[1]).toEqual([{ item: 0 }]);
	});

	it('Revoke Old: the old access token is revoked through /oauth/revoke after the refresh (ORCID ignores revoke_old since 2025)', async () => {
		// ORCID-Source: orcid-core/src/main/java/org/orcid/core/oauth/authorizationServer/
		// AuthorizationServerUtil.java (forwardRefreshTokenRequest forwards no revoke_old)
		const record = await storedRecord();
		const result = await run({ operation: 'refresh', revokeOld: true }, [record]);
		expect(result.status).toBe('success');
		const updated = result.output(TOKEN)[0];
		expect(updated.oldAccessTokenRevoked).toBe(true);
		expect(await status(updated.accessToken as string)).toBe(200);
		// the emulator refuses the old token
		expect(await status(record.accessToken as string)).toBe(401);
		const traffic = result.output(TOKEN, 1);
		expect(traffic.map((t) => t.url)).toEqual([
			`${emu.url}/oauth/token`,
			`${emu.url}/oauth/revoke`,
		]);
		expect(traffic[0].requestBody).not.toHaveProperty('revoke_old');
		expect(traffic[1].requestBody).toMatchObject({ token: '[redacted]' });
		for (const t of [record.accessToken, updated.accessToken, updated.refreshToken]) {
			expect(secretsIn(result)).not.toContain(t as string);
		}
	});

	it('Revoke Old without an old access token: refused on the field before any call', async () => {
		const record = await storedRecord();
		const calls = (await emu.control('GET', '/_emulator/calls')) as IDataObject[];
		const result = await run({ operation: 'refresh', revokeOld: true }, [
			{ ...record, accessToken: '' },
		]);
		expect(result.status).toBe('error');
		expect(result.nodes[TOKEN].error?.message).toBe('Item 0, field "accessToken": is empty');
		const after = (await emu.control('GET', '/_emulator/calls')) as IDataObject[];
		expect(after.filter((c) => String(c.path).startsWith('/oauth'))).toHaveLength(
			calls.filter((c) => String(c.path).startsWith('/oauth')).length,
		);
	});

	it("narrower scope; the token keeps ORCID's lifetime", async () => {
		const record = await storedRecord();
		const result = await run({ operation: 'refresh', options: { scope: ['/read-limited'] } }, [
			record,
		]);
		const updated = result.output(TOKEN)[0];
		expect(updated.scopes).toEqual(['/read-limited']);
		expect(updated.expiresIn).toBe(631138518);
		const write = await fetch(`${emu.memberApi}/v3.0/${CARBERRY}/work`, {
			method: 'POST',
			headers: {
				Accept: 'application/vnd.orcid+json',
				'Content-Type': 'application/vnd.orcid+json',
				Authorization: `Bearer ${updated.accessToken}`,
			},
			body: JSON.stringify({ title: { title: { value: 'x' } }, type: 'other' }),
		});
		expect(write.status).toBe(403);
	});

	it('refuses a scope wider than the one granted, naming the item and field', async () => {
		const record = await storedRecord({ scope: '/read-limited' });
		const result = await run({ operation: 'refresh', options: { scope: ['/activities/update'] } }, [
			record,
		]);
		expect(result.nodes[TOKEN].error?.message).toBe(
			'Item 0, field "options.scope": is not allowed: The token was granted /read-limited; it cannot be refreshed to /activities/update',
		);
		expect(await emu.control('GET', '/_emulator/calls?path=/oauth/token')).toEqual([]);
	});

	it('encrypted tokens in, encrypted tokens out', async () => {
		const record = await storedRecord({ key: KEY });
		expect(record.refreshToken).toMatch(/^orcidenc:v1:/);
		const result = await run({ operation: 'refresh' }, [record], { key: KEY });
		const updated = result.output(TOKEN)[0];
		expect(updated.accessToken).toMatch(/^orcidenc:v1:/);
		expect(updated.refreshToken).toMatch(/^orcidenc:v1:/);
		const plain = decryptToken(updated.accessToken as string, KEY);
		expect(await status(plain)).toBe(200);
		const everything = JSON.stringify(result.run);
		expect(everything).not.toContain(plain);
		expect(everything).not.toContain(decryptToken(record.refreshToken as string, KEY));
	});

	it('a revoked refresh token: reported with tokenRevoked under Continue On Fail', async () => {
		const record = await storedRecord();
		await emu.control('POST', '/_emulator/revoke', { token: record.accessToken });
		const result = await run({ operation: 'refresh' }, [record], { continueOnFail: true });
		expect(result.output(TOKEN)[0]).toMatchObject({
			tokenRevoked: true,
			orcidErrorCode: 'invalid_grant',
		});
		expect(result.nodes[TOKEN].pairedItems[0]).toEqual([{ item: 0 }]);
	});

	it('an encrypted token without the key is an error naming the field', async () => {
		const record = await storedRecord({ key: KEY });
		const result = await run({ operation: 'refresh' }, [record]);
		expect(result.nodes[TOKEN].error?.message).toMatch(
			/^Item 0, field "refreshToken": The token is encrypted .*$/,
		);
	});
});

describe('ORCID Token: revoke and check', () => {
	it('revoke: disconnects at ORCID, status revoked', async () => {
		const record = await storedRecord();
		const result = await run({ operation: 'revoke' }, [record]);
		expect(result.output(TOKEN)[0]).toMatchObject({ orcid: CARBERRY, status: 'revoked' });
		expect(Date.parse(result.output(TOKEN)[0].revokedAt as string)).toBeGreaterThan(
			Date.now() - 60_000,
		);
		expect(await status(record.accessToken as string)).toBe(401);
		const traffic = result.output(TOKEN, 1);
		expect(traffic).toEqual([
			expect.objectContaining({ url: `${emu.url}/oauth/revoke`, status: 200 }),
		]);
		expect(JSON.stringify(traffic)).not.toContain(record.accessToken as string);
	});

	it('revoke accepts an encrypted token', async () => {
		const record = await storedRecord({ key: KEY });
		await run({ operation: 'revoke' }, [record], { key: KEY });
		expect(await status(decryptToken(record.accessToken as string, KEY))).toBe(401);
	});

	it('check: valid, then revoked by the researcher without failing the workflow', async () => {
		const record = await storedRecord();
		const valid = await run({ operation: 'check' }, [record]);
		expect(valid.output(TOKEN)[0]).toMatchObject({
			valid: true,
			status: 'connected',
			scopes: ['/read-limited', '/activities/update'],
			expiresAt: record.expiresAt,
			checkHttpStatus: 200,
		});

		await emu.control('POST', '/_emulator/revoke', { clientId: MEMBER_CLIENT, orcid: CARBERRY });
		const revoked = await run({ operation: 'check' }, [record]);
		expect(revoked.status).toBe('success');
		expect(revoked.output(TOKEN)[0]).toMatchObject({
			valid: false,
			status: 'revoked',
			checkHttpStatus: 401,
			orcidErrorCode: 'invalid_token',
		});
		expect(JSON.stringify(revoked.output(TOKEN, 1))).not.toContain(record.accessToken as string);
	});

	it('check on the public API with an /authenticate token', async () => {
		const record = await storedRecord({ clientId: PUBLIC_CLIENT, scope: '/authenticate' });
		const result = await run({ operation: 'check' }, [record], { apiType: 'public' });
		expect(result.output(TOKEN)[0]).toMatchObject({ valid: true, status: 'connected' });
		expect(result.output(TOKEN, 1)[0].url).toBe(`${emu.publicApi}/v3.0/${CARBERRY}/person`);
	});

	it('check: a token for another researcher is an error, not "revoked"', async () => {
		const record = await storedRecord({ orcid: SECOND });
		const result = await run({ operation: 'check' }, [{ ...record, orcid: CARBERRY }], {
			continueOnFail: true,
		});
		const out = result.output(TOKEN)[0];
		expect(out.status).toBeUndefined();
		expect(out.error).toEqual(expect.stringContaining(CARBERRY));
	});
});

describe('ORCID Token: request permission (ORCID inbox)', () => {
	const params = (callbackUrl: string) => ({
		operation: 'requestPermission',
		callbackUrl,
		reference: '={{ $json.userId }}',
		scopePreset: 'activitiesUpdate',
		subject: 'your publications',
		intro: 'Example University would like to add your publications.',
		items: PERMISSION_ITEMS,
	});

	it('sends a notification whose link, bound to the iD for 30 days, connects through the trigger', async () => {
		const credentials = credentialsFor(emu, 'member');
		const server = await serveWorkflow(
			triggerWorkflow({
				organizationName: 'Example University',
				supportContact: 'help@example.edu',
			}),
			{ credentials },
		);
		try {
			const callbackUrl = server.webhookUrl(TRIGGER, 'default');
			const result = await run(params(callbackUrl), [{ orcid: CARBERRY, userId: 'u-1' }]);
			const out = result.output(TOKEN)[0];
			expect(out).toMatchObject({ permissionStatus: 'sent', orcid: CARBERRY, reference: 'u-1' });
			expect(out.permissionPutCode).toEqual(expect.any(Number));
			const days = (Date.parse(out.authorizationExpiresAt as string) - Date.now()) / 86400_000;
			expect(days).toBeGreaterThan(29.9);

			const notes = await emu.control('GET', '/_emulator/notifications');
			expect(notes).toHaveLength(1);
			expect(notes[0].data).toMatchObject({
				'notification-type': 'permission',
				'authorization-url': { uri: out.authorizationUrl },
				'notification-subject': 'your publications',
				items: { item: [{ 'item-type': 'work', 'item-name': 'A Study' }] },
			});
			const url = new URL(out.authorizationUrl as string);
			expect(url.searchParams.get('orcid')).toBe(CARBERRY);
			expect(url.searchParams.get('redirect_uri')).toBe(callbackUrl);
			const state = url.searchParams.get('state')!;
			// 20 days later the trigger (10-minute lifetime) still accepts this state
			expect(
				verifyState(state, MEMBER_SECRET, {
					maxAgeSeconds: 600,
					now: Date.now() + 20 * 86400_000,
					trigger: triggerId(callbackUrl),
				}),
			).toMatchObject({ ok: true, payload: { ref: 'u-1', orcid: CARBERRY, flow: 'permission' } });

			const authorizeAs = async (orcid: string) =>
				(
					await consent(emu, {
						orcid,
						scope: url.searchParams.get('scope'),
						redirectUri: callbackUrl,
						state,
					})
				).redirect;

			// ORCID's inbox link never passed through start: no browser cookie, bound to the iD
			const browser = new TestBrowser(server);
			const wrong = await followCallback(browser, await browser.fetch(await authorizeAs(SECOND)));
			expect(wrong.body).toContain('data-page="wrong_orcid"');
			const wrongOut = wrong.run!.nodes[TRIGGER].outputs;
			expect(wrongOut[0] ?? []).toEqual([]);
			expect(wrongOut[1][0]).toMatchObject({
				reason: 'state_invalid',
				detail: 'orcid_mismatch',
				orcid: CARBERRY,
				flow: 'permission',
			});
			const tokens = (await emu.control('GET', '/_emulator/state')).tokens as any[];
			expect(tokens.filter((t: any) => t.orcid === SECOND).every((t: any) => t.revoked)).toBe(true);

			const right = await followCallback(browser, await browser.fetch(await authorizeAs(CARBERRY)));
			expect(right.body).toContain('data-page="success"');
			expect(right.run!.nodes[TRIGGER].outputs[0][0]).toMatchObject({
				orcid: CARBERRY,
				reference: 'u-1',
			});
		} finally {
			await server.stop();
		}
	});

	it('a researcher who opted out is reported, not failed', async () => {
		const { orcid } = await emu.control('POST', '/_emulator/researchers', {
			givenNames: 'Quiet',
			familyName: 'Researcher',
			notificationsOptOut: true,
		});
		const result = await run(params('https://n8n.example.edu/webhook/x/callback'), [
			{ orcid, userId: 'u-2' },
			{ orcid: CARBERRY, userId: 'u-3' },
		]);
		expect(result.status).toBe('success');
		const [optedOut, sent] = result.output(TOKEN);
		expect(optedOut).toMatchObject({
			orcid,
			permissionStatus: 'opted_out',
			orcidErrorCode: '9032',
		});
		expect(sent).toMatchObject({ orcid: CARBERRY, permissionStatus: 'sent' });
		const traffic = result.output(TOKEN, 1);
		expect(traffic.map((t) => t.status)).toEqual([200, 409, 201]);
		expect(result.nodes[TOKEN].pairedItems[1]).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
	});

	it('refuses a public credential and a too-long subject, naming the field', async () => {
		const pub = await run(params('https://x.example/cb'), [{ orcid: CARBERRY, userId: 'u' }], {
			apiType: 'public',
		});
		expect(pub.nodes[TOKEN].error?.message).toBe(
			'Permission notifications need a member API credential',
		);
		const long = await run({ ...params('https://x.example/cb'), subject: 'x'.repeat(25) }, [
			{ orcid: CARBERRY, userId: 'u' },
		]);
		expect(long.nodes[TOKEN].error?.message).toBe(
			'Item 0, field "subject": must be fewer than 25 characters, got 25',
		);
	});
});

describe('ORCID Token: record-change webhooks', () => {
	it('registers (ORCID then calls it on a change), unregisters, and reports an unknown one', async () => {
		const pings: string[] = [];
		const receiver = http.createServer((req, res) => {
			pings.push(`${req.method} ${req.url}`);
			res.statusCode = 204;
			res.end();
		});
		await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
		const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/orcid-changed/${CARBERRY}`;
		try {
			const first = await run({ operation: 'registerWebhook', webhookUrl }, [{ orcid: CARBERRY }]);
			expect(first.output(TOKEN)[0]).toMatchObject({ webhookStatus: 'registered', webhookUrl });
			const traffic = first.output(TOKEN, 1);
			expect(traffic.map((t) => `${t.method} ${t.url} ${t.status}`)).toEqual([
				`POST ${emu.url}/oauth/token 200`,
				`PUT ${emu.memberApi}/${CARBERRY}/webhook/${encodeURIComponent(webhookUrl)} 201`,
			]);
			expect(traffic[0].requestBody).toMatchObject({
				grant_type: 'client_credentials',
				scope: '/webhook',
			});
			expect(await emu.control('GET', '/_emulator/webhooks')).toEqual([
				expect.objectContaining({ orcid: CARBERRY, url: webhookUrl }),
			]);

			// a change to the record: ORCID POSTs (empty body) to the registered URL
			await emu.control('POST', `/_emulator/records/${CARBERRY}/items`, {
				type: 'work',
				data: { title: { title: { value: 'New work' } }, type: 'other' },
			});
			// wait until the emulator has made the call it owes (it answers once the call is done)
			const deadline = Date.now() + 30_000;
			for (;;) {
				const p = (await emu.control('GET', '/_emulator/webhooks/pending')) as Record<
					string,
					number
				>;
				if (p.batched + p.inFlight + p.retrying === 0) break;
				if (Date.now() > deadline)
					throw new Error(`webhook call still pending: ${JSON.stringify(p)}`);
				await new Promise((r) => setTimeout(r, 20));
			}
			expect(pings).toEqual([`POST /orcid-changed/${CARBERRY}`]);

			const again = await run({ operation: 'registerWebhook', webhookUrl }, [{ orcid: CARBERRY }]);
			expect(again.output(TOKEN)[0].webhookStatus).toBe('already_registered');

			const gone = await run({ operation: 'unregisterWebhook', webhookUrl }, [{ orcid: CARBERRY }]);
			expect(gone.output(TOKEN)[0].webhookStatus).toBe('unregistered');
			expect(await emu.control('GET', '/_emulator/webhooks')).toEqual([]);
			const missing = await run({ operation: 'unregisterWebhook', webhookUrl }, [
				{ orcid: CARBERRY },
			]);
			expect(missing.output(TOKEN)[0].webhookStatus).toBe('not_found');
		} finally {
			receiver.closeAllConnections();
			await new Promise<void>((r) => receiver.close(() => r()));
		}
	});
});

it('no plain token in the traffic of any operation (encrypted credential)', async () => {
	const record = await storedRecord({ key: KEY });
	const plainAccess = decryptToken(record.accessToken as string, KEY);
	const result = await run({ operation: 'check' }, [record], { key: KEY });
	expect(JSON.stringify(result.run)).not.toContain(plainAccess);
	expect(encryptToken('x', KEY)).toMatch(/^orcidenc:v1:/);
});

import {
	PERMISSION_STATE_DAYS,
	sign,
	signStartLink,
	signState,
	verify,
	verifyStartLink,
	verifyState,
	triggerId,
} from '../../nodes/shared/auth/signing';

const SECRET = 'link-signing-secret';
const START = 'https://n8n.example.edu/webhook/6f1c2a57/start';
const CALLBACK = 'https://n8n.example.edu/webhook/6f1c2a57/callback';
const TRIGGER = triggerId(CALLBACK);
const T0 = Date.parse('2026-01-10T12:00:00Z');

function decode(token: string): any {
	return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
}
function reencode(payload: unknown, sig: string): string {
	return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
}

describe('start links', () => {
	it('round-trips the reference and expiry', () => {
		const { token, payload } = signStartLink('user-42', SECRET, {
			lifetimeSeconds: 3600,
			now: T0,
			startUrl: START,
		});
		expect(payload).toEqual({
			ref: 'user-42',
			trg: TRIGGER,
			iat: T0 / 1000,
			exp: T0 / 1000 + 3600,
		});
		const result = verifyStartLink(token, SECRET, { now: T0 + 1000, trigger: TRIGGER });
		expect(result).toEqual({ ok: true, payload });
	});

	it('refuses a forged reference (payload changed, old signature kept)', () => {
		const { token } = signStartLink('user-42', SECRET, {
			lifetimeSeconds: 3600,
			now: T0,
			startUrl: START,
		});
		const forged = reencode({ ...decode(token), ref: 'user-43' }, token.split('.')[1]);
		expect(verifyStartLink(forged, SECRET, { now: T0, trigger: TRIGGER })).toEqual({
			ok: false,
			problem: 'signature',
		});
	});

	it('refuses a link signed with another secret', () => {
		const { token } = signStartLink('user-42', 'another secret', {
			lifetimeSeconds: 3600,
			now: T0,
			startUrl: START,
		});
		expect(verifyStartLink(token, SECRET, { now: T0, trigger: TRIGGER }).ok).toBe(false);
	});

	it('refuses an expired link but still names its (authentic) reference', () => {
		const { token } = signStartLink('user-42', SECRET, {
			lifetimeSeconds: 60,
			now: T0,
			startUrl: START,
		});
		const result = verifyStartLink(token, SECRET, { now: T0 + 61_000, trigger: TRIGGER });
		expect(result.ok).toBe(false);
		expect(result).toMatchObject({ problem: 'expired', payload: { ref: 'user-42' } });
	});

	it('refuses an extended expiry (payload changed)', () => {
		const { token } = signStartLink('user-42', SECRET, {
			lifetimeSeconds: 60,
			now: T0,
			startUrl: START,
		});
		const forged = reencode(
			{ ...decode(token), exp: decode(token).exp + 999_999 },
			token.split('.')[1],
		);
		expect(verifyStartLink(forged, SECRET, { now: T0 + 120_000, trigger: TRIGGER }).ok).toBe(false);
	});

	it.each([undefined, '', 'abc', 'a.b.c', 'a.b', '!!.??', 'x'.repeat(5000), 42, {}])(
		'calls %p malformed or bad signature, never throws',
		(value) => {
			const result = verifyStartLink(value, SECRET, { trigger: TRIGGER });
			expect(result.ok).toBe(false);
			if (!result.ok) expect(['malformed', 'signature']).toContain(result.problem);
		},
	);

	it('a start link is not accepted as a state and vice versa (purpose is in the MAC)', () => {
		const link = signStartLink('user-42', SECRET, {
			lifetimeSeconds: 3600,
			now: T0,
			startUrl: START,
		}).token;
		expect(verifyState(link, SECRET, { maxAgeSeconds: 600, now: T0, trigger: TRIGGER })).toEqual({
			ok: false,
			problem: 'signature',
		});
		const state = signState({ ref: 'user-42', triggerUrl: CALLBACK, browserHash: 'h' }, SECRET, {
			lifetimeSeconds: 600,
			now: T0,
		}).token;
		expect(verifyStartLink(state, SECRET, { now: T0, trigger: TRIGGER })).toEqual({
			ok: false,
			problem: 'signature',
		});
	});

	it('rejects bad input when signing', () => {
		expect(() => signStartLink('', SECRET, { lifetimeSeconds: 1, startUrl: START })).toThrow(
			/empty/,
		);
		expect(() =>
			signStartLink('x'.repeat(513), SECRET, { lifetimeSeconds: 1, startUrl: START }),
		).toThrow(/512/);
		expect(() => signStartLink('a', SECRET, { lifetimeSeconds: 0, startUrl: START })).toThrow(
			/positive/,
		);
		expect(() => signStartLink('a', '', { lifetimeSeconds: 1, startUrl: START })).toThrow(/secret/);
	});
});

describe('states', () => {
	it('carries ref, nonce, iat, exp and lang; nonces differ', () => {
		const a = signState({ ref: 'r', lang: 'fr', triggerUrl: CALLBACK, browserHash: 'h' }, SECRET, {
			lifetimeSeconds: 600,
			now: T0,
		});
		const b = signState({ ref: 'r', triggerUrl: CALLBACK, browserHash: 'h' }, SECRET, {
			lifetimeSeconds: 600,
			now: T0,
		});
		expect(a.payload).toMatchObject({ ref: 'r', lang: 'fr', iat: T0 / 1000, exp: T0 / 1000 + 600 });
		expect(a.payload.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(a.payload.nonce).not.toEqual(b.payload.nonce);
		expect(
			verifyState(a.token, SECRET, { maxAgeSeconds: 600, now: T0 + 599_000, trigger: TRIGGER }),
		).toEqual({
			ok: true,
			payload: a.payload,
		});
	});

	it('enforces the configured lifetime even when exp is later', () => {
		const { token } = signState({ ref: 'r', triggerUrl: CALLBACK, browserHash: 'h' }, SECRET, {
			lifetimeSeconds: 3600,
			now: T0,
		});
		expect(
			verifyState(token, SECRET, { maxAgeSeconds: 600, now: T0 + 601_000, trigger: TRIGGER }),
		).toMatchObject({
			ok: false,
			problem: 'expired',
		});
	});

	it('flags a tampered state', () => {
		const { token } = signState({ ref: 'r', triggerUrl: CALLBACK, browserHash: 'h' }, SECRET, {
			lifetimeSeconds: 600,
			now: T0,
		});
		const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
		expect(
			verifyState(tampered, SECRET, { maxAgeSeconds: 600, now: T0, trigger: TRIGGER }),
		).toMatchObject({
			ok: false,
			problem: 'signature',
		});
	});

	it('permission states are bound to an iD and live 30 days regardless of the trigger lifetime', () => {
		const { token } = signState(
			{ ref: 'r', orcid: '0000-0002-1825-0097', flow: 'permission', triggerUrl: CALLBACK },
			SECRET,
			{ lifetimeSeconds: PERMISSION_STATE_DAYS * 86400, now: T0 },
		);
		const day29 = T0 + 29 * 86400_000;
		expect(
			verifyState(token, SECRET, { maxAgeSeconds: 600, now: day29, trigger: TRIGGER }),
		).toMatchObject({
			ok: true,
			payload: { orcid: '0000-0002-1825-0097', flow: 'permission' },
		});
		expect(
			verifyState(token, SECRET, {
				maxAgeSeconds: 600,
				now: T0 + 31 * 86400_000,
				trigger: TRIGGER,
			}),
		).toMatchObject({ ok: false, problem: 'expired' });
		expect(() =>
			signState({ ref: 'r', flow: 'permission', triggerUrl: CALLBACK, browserHash: 'h' }, SECRET, {
				lifetimeSeconds: 1,
			}),
		).toThrow(/bound/);
	});

	it('refuses a permission state signed with a longer life than 30 days', () => {
		const iat = T0 / 1000;
		const token = sign(
			'state',
			{
				ref: 'r',
				nonce: 'n',
				iat,
				exp: iat + 365 * 86400,
				orcid: '0000-0002-1825-0097',
				flow: 'permission',
			},
			SECRET,
		);
		expect(
			verifyState(token, SECRET, { maxAgeSeconds: 600, now: T0, trigger: TRIGGER }),
		).toMatchObject({
			ok: false,
			problem: 'malformed',
		});
	});

	it('binds links and states to their trigger: another webhook id or host is refused', () => {
		expect(triggerId(START)).toBe(TRIGGER);
		const link = signStartLink('u', SECRET, {
			lifetimeSeconds: 600,
			now: T0,
			startUrl: START,
		}).token;
		for (const other of [
			'https://n8n.example.edu/webhook/0d2b9c4e/callback',
			'https://other.example.edu/webhook/6f1c2a57/callback',
		]) {
			expect(verifyStartLink(link, SECRET, { now: T0, trigger: triggerId(other) })).toMatchObject({
				ok: false,
				problem: 'other_trigger',
			});
			const state = signState({ ref: 'u', triggerUrl: other, browserHash: 'h' }, SECRET, {
				lifetimeSeconds: 600,
				now: T0,
			}).token;
			expect(
				verifyState(state, SECRET, { maxAgeSeconds: 600, now: T0, trigger: TRIGGER }),
			).toMatchObject({ ok: false, problem: 'other_trigger' });
		}
	});

	it('a start-link state without a browser hash is refused', () => {
		const state = signState({ ref: 'u', triggerUrl: CALLBACK }, SECRET, {
			lifetimeSeconds: 600,
			now: T0,
		}).token;
		expect(
			verifyState(state, SECRET, { maxAgeSeconds: 600, now: T0, trigger: TRIGGER }),
		).toMatchObject({ ok: false, problem: 'malformed' });
	});

	it('refuses a state issued in the future', () => {
		const iat = T0 / 1000 + 3600;
		const token = sign('state', { ref: 'r', nonce: 'n', iat, exp: iat + 600 }, SECRET);
		expect(verify('state', token, SECRET, { now: T0 })).toMatchObject({ problem: 'not_yet_valid' });
	});
});

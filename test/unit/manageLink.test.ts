import {
	checkManageForm,
	signManageForm,
	signManageLink,
	verifyManageLink,
} from '../../nodes/shared/auth/manageLink';
import { sign, signStartLink, triggerId } from '../../nodes/shared/auth/signing';

const SECRET = 'link-signing-secret';
const MANAGE = 'https://n8n.example.edu/webhook/6f1c2a57/manage';
const TRIGGER = triggerId(MANAGE);
const T0 = Date.parse('2026-01-10T12:00:00Z');
const JOSIAH = '0000-0002-1825-0097';

function link(fields: { ref?: string; orcid?: string; optedOut?: string[] } = {}, now = T0) {
	return signManageLink(
		{ ref: fields.ref ?? 'u-josiah', orcid: fields.orcid ?? JOSIAH, optedOut: fields.optedOut },
		SECRET,
		{ lifetimeSeconds: 3600, manageUrl: MANAGE, now },
	);
}

describe('manage links', () => {
	it('round-trip the reference, the iD, the trigger and the opt-outs', () => {
		const { token, payload } = link({ optedOut: ['work', 'work', 'peer-review'] });
		expect(payload).toEqual({
			ref: 'u-josiah',
			orcid: JOSIAH,
			trg: TRIGGER,
			iat: T0 / 1000,
			exp: T0 / 1000 + 3600,
			off: ['work', 'peer-review'],
		});
		expect(verifyManageLink(token, SECRET, { trigger: TRIGGER, now: T0 })).toEqual({
			ok: true,
			payload,
		});
	});

	it('refuse another researcher, another trigger, another secret, and after expiry', () => {
		const { token } = link();
		const [body, sig] = token.split('.');
		const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
		const other = `${Buffer.from(JSON.stringify({ ...payload, orcid: '0000-0001-5109-3700' })).toString('base64url')}.${sig}`;
		expect(verifyManageLink(other, SECRET, { trigger: TRIGGER, now: T0 })).toMatchObject({
			ok: false,
			problem: 'signature',
		});
		expect(
			verifyManageLink(token, SECRET, {
				trigger: triggerId('https://x.example/webhook/b/manage'),
				now: T0,
			}),
		).toMatchObject({ ok: false, problem: 'other_trigger' });
		expect(verifyManageLink(token, 'another', { trigger: TRIGGER, now: T0 })).toMatchObject({
			ok: false,
			problem: 'signature',
		});
		expect(verifyManageLink(token, SECRET, { trigger: TRIGGER, now: T0 + 3601_000 })).toMatchObject(
			{ ok: false, problem: 'expired' },
		);
	});

	it('are never a start link, and a start link or state is never one', () => {
		const start = signStartLink('u-josiah', SECRET, {
			lifetimeSeconds: 3600,
			startUrl: MANAGE,
			now: T0,
		});
		expect(verifyManageLink(start.token, SECRET, { trigger: TRIGGER, now: T0 })).toMatchObject({
			ok: false,
			problem: 'signature',
		});
		// the same payload signed for another purpose
		const { payload } = link();
		expect(
			verifyManageLink(sign('state', payload, SECRET), SECRET, { trigger: TRIGGER, now: T0 }),
		).toMatchObject({ ok: false, problem: 'signature' });
	});

	it('refuse a signed payload without an iD, and what is not an iD', () => {
		const bad = sign(
			'manage-link',
			{ ref: 'u', orcid: 'x', trg: TRIGGER, iat: T0 / 1000, exp: T0 / 1000 + 60 },
			SECRET,
		);
		expect(verifyManageLink(bad, SECRET, { trigger: TRIGGER, now: T0 })).toEqual({
			ok: false,
			problem: 'malformed',
		});
		expect(() => link({ orcid: '0000-0002-1825-009' })).toThrow('is not an ORCID iD');
		expect(() => link({ ref: '' })).toThrow('The reference is empty');
	});
});

describe('the manage form token', () => {
	const form = (linkToken: string, cookie: string, now = T0) =>
		signManageForm(linkToken, cookie, SECRET, { manageUrl: MANAGE, lifetimeSeconds: 3600, now });
	const check = (token: string, linkToken: string, cookie: string | undefined, now = T0) =>
		checkManageForm(token, linkToken, cookie, SECRET, { trigger: TRIGGER, now });

	it('is good only with the same link, the same cookie, in time', () => {
		const a = link().token;
		const b = link({ ref: 'u-laure', orcid: '0000-0001-5109-3700' }).token;
		const token = form(a, 'cookie-1');
		expect(check(token, a, 'cookie-1')).toBe('ok');
		expect(check(token, b, 'cookie-1')).toBe('invalid');
		expect(check(token, a, undefined)).toBe('cookie_missing');
		expect(check(token, a, 'cookie-2')).toBe('cookie_different');
		expect(check(token, a, 'cookie-1', T0 + 3601_000)).toBe('expired');
		expect(check('garbage', a, 'cookie-1')).toBe('invalid');
		// a manage link is no form token
		expect(check(a, a, 'cookie-1')).toBe('invalid');
	});
});

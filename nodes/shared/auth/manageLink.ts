/**
 * The researcher's "manage my ORCID connection" link and the token of the form it opens.
 *
 * The link (made by the ORCID Token node) names the researcher twice, by the vendor's
 * reference and by the iD, and is bound to one trigger (triggerId of its manage URL): a link
 * made for researcher A says nothing about researcher B, and another workflow's trigger refuses
 * it. Its purpose is part of the MAC (signing.ts), so a start link, a state or a result page can
 * never stand in for it. It may carry the opt-outs as they were when it was made, so the page
 * can show them; the form then sends only what the researcher changed.
 *
 * The form token defends the POST against cross-site requests (OWASP CSRF cheat sheet: signed
 * double-submit cookie): the page sets a random HttpOnly, SameSite=Strict cookie and signs its
 * hash, with the link's hash, into the form. A POST is accepted only with both, so a page on
 * another site cannot submit the form for a researcher who holds the link.
 */
import {
	checkTrigger,
	nowSeconds,
	sameText,
	sha256,
	sign,
	triggerId,
	verify,
	type VerifyResult,
} from './signing';

export interface ManageLinkPayload {
	ref: string;
	orcid: string;
	trg: string;
	iat: number;
	exp: number;
	/** item kinds the researcher had opted out of when the link was made */
	off?: string[];
}

export interface ManageFormPayload {
	/** hash of the manage link the page was drawn from */
	lh: string;
	/** hash of the page's cookie */
	ch: string;
	trg: string;
	iat: number;
	exp: number;
}

const ORCID_ID = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;

export function signManageLink(
	fields: { ref: string; orcid: string; optedOut?: string[] },
	secret: string,
	options: { lifetimeSeconds: number; manageUrl: string; now?: number | Date },
): { token: string; payload: ManageLinkPayload } {
	if (typeof fields.ref !== 'string' || fields.ref.length === 0)
		throw new Error('The reference is empty');
	if (fields.ref.length > 512) throw new Error('The reference is longer than 512 characters');
	if (!ORCID_ID.test(fields.orcid)) throw new Error(`"${fields.orcid}" is not an ORCID iD`);
	if (!(options.lifetimeSeconds > 0)) throw new Error('The link lifetime must be positive');
	const iat = nowSeconds(options.now);
	const payload: ManageLinkPayload = {
		ref: fields.ref,
		orcid: fields.orcid,
		trg: triggerId(options.manageUrl),
		iat,
		exp: iat + Math.round(options.lifetimeSeconds),
	};
	if (fields.optedOut && fields.optedOut.length > 0) payload.off = [...new Set(fields.optedOut)];
	return { token: sign('manage-link', payload, secret), payload };
}

export function verifyManageLink(
	token: unknown,
	secret: string,
	options: { trigger: string; now?: number | Date },
): VerifyResult<ManageLinkPayload> {
	const result = verify<ManageLinkPayload>('manage-link', token, secret, options);
	const p = result.payload;
	if (
		p &&
		(typeof p.ref !== 'string' ||
			typeof p.orcid !== 'string' ||
			!ORCID_ID.test(p.orcid) ||
			(p.off !== undefined &&
				(!Array.isArray(p.off) || !p.off.every((k) => typeof k === 'string'))))
	) {
		return { ok: false, problem: 'malformed' };
	}
	return checkTrigger(result, options.trigger);
}

export function signManageForm(
	link: string,
	cookieValue: string,
	secret: string,
	options: { manageUrl: string; lifetimeSeconds: number; now?: number | Date },
): string {
	const iat = nowSeconds(options.now);
	const payload: ManageFormPayload = {
		lh: sha256(link),
		ch: sha256(cookieValue),
		trg: triggerId(options.manageUrl),
		iat,
		exp: iat + options.lifetimeSeconds,
	};
	return sign('manage-form', payload, secret);
}

export type ManageFormCheck = 'ok' | 'expired' | 'invalid' | 'cookie_missing' | 'cookie_different';

/** Whether a POSTed form token was made by this trigger, for this link and this browser. */
export function checkManageForm(
	token: unknown,
	link: string,
	cookieValue: string | undefined,
	secret: string,
	options: { trigger: string; now?: number | Date },
): ManageFormCheck {
	const result = checkTrigger(
		verify<ManageFormPayload>('manage-form', token, secret, options),
		options.trigger,
	);
	if (!result.ok) return result.problem === 'expired' ? 'expired' : 'invalid';
	if (typeof result.payload.lh !== 'string' || typeof result.payload.ch !== 'string')
		return 'invalid';
	if (!sameText(result.payload.lh, sha256(link))) return 'invalid';
	if (!cookieValue) return 'cookie_missing';
	return sameText(result.payload.ch, sha256(cookieValue)) ? 'ok' : 'cookie_different';
}

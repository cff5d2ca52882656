/**
 * ORCID Token operations that make no ORCID call (create start link, display), run in the n8n
 * engine: outputs, validation errors naming the item and field, Continue On Fail.
 */
import { credentialsFor, runWorkflow, serveWorkflow } from '../harness';
import { triggerId, verifyStartLink } from '../../nodes/shared/auth/signing';
import {
	CARBERRY,
	MEMBER_SECRET,
	NOWHERE,
	TOKEN,
	tokenWorkflow,
	TRIGGER,
	triggerWorkflow,
} from './authTrigger.helpers';

const emu = NOWHERE;
const START_URL = 'https://n8n.example.edu/webhook/6f1c2a57/start';
// the link names the trigger it was made for: the one whose callback sits beside that start URL
const START_TRIGGER = triggerId('https://n8n.example.edu/webhook/6f1c2a57/callback');

describe('ORCID Token: create start link', () => {
	it("signs each researcher's reference into a personal link with expiry, language and prefill", async () => {
		const result = await runWorkflow(
			tokenWorkflow({
				operation: 'createStartLink',
				startUrl: START_URL,
				reference: '={{ $json.userId }}',
				lifetimeDays: 14,
				options: { lang: 'fr', givenNames: '={{ $json.first }}', email: '={{ $json.email }}' },
			}),
			{
				credentials: credentialsFor(emu, 'member'),
				input: [
					{ userId: 'u-1', first: 'Josiah', email: 'josiah@example.edu' },
					{ userId: 'u-2', first: 'Ada', email: 'ada@example.edu' },
				],
			},
		);
		expect(result.status).toBe('success');
		const out = result.output(TOKEN);
		expect(out).toHaveLength(2);
		expect(result.nodes[TOKEN].pairedItems[0]).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.output(TOKEN, 1)).toEqual([]);
		for (const [i, row] of out.entries()) {
			const url = new URL(row.startLink as string);
			expect(`${url.origin}${url.pathname}`).toBe(START_URL);
			expect(url.searchParams.get('lang')).toBe('fr');
			expect(url.searchParams.get('given_names')).toBe(i === 0 ? 'Josiah' : 'Ada');
			const link = verifyStartLink(url.searchParams.get('link'), MEMBER_SECRET, {
				trigger: START_TRIGGER,
			});
			expect(link).toMatchObject({ ok: true, payload: { ref: `u-${i + 1}` } });
			expect(row.reference).toBe(`u-${i + 1}`);
			expect(row.userId).toBe(`u-${i + 1}`);
			const days = (Date.parse(row.startLinkExpiresAt as string) - Date.now()) / 86400_000;
			expect(days).toBeGreaterThan(13.9);
			expect(days).toBeLessThanOrEqual(14);
		}
	});

	it("uses the credential's link signing secret when set", async () => {
		const result = await runWorkflow(
			tokenWorkflow({ operation: 'createStartLink', startUrl: START_URL, reference: 'u-1' }),
			{ credentials: credentialsFor(emu, 'member', { linkSigningSecret: 'separate-secret' }) },
		);
		const link = new URL(result.output(TOKEN)[0].startLink as string).searchParams.get('link');
		expect(verifyStartLink(link, 'separate-secret', { trigger: START_TRIGGER }).ok).toBe(true);
		expect(verifyStartLink(link, MEMBER_SECRET, { trigger: START_TRIGGER }).ok).toBe(false);
	});

	it('a link it makes is accepted by the trigger with the same credential', async () => {
		const credentials = credentialsFor(emu, 'member');
		const server = await serveWorkflow(triggerWorkflow(), { credentials });
		try {
			const made = await runWorkflow(
				tokenWorkflow({
					operation: 'createStartLink',
					startUrl: server.webhookUrl(TRIGGER, 'setup'),
					reference: 'u-42',
				}),
				{ credentials },
			);
			const r = await server.fetch(made.output(TOKEN)[0].startLink as string);
			expect(r.status).toBe(302);
			expect(r.location).toContain('/oauth/authorize?');
		} finally {
			await server.stop();
		}
	});

	it('names the item and the field of bad input, and Continue On Fail keeps the good items', async () => {
		const wf = tokenWorkflow({
			operation: 'createStartLink',
			startUrl: START_URL,
			reference: '={{ $json.userId }}',
			options: { email: '={{ $json.email }}' },
		});
		const input = [
			{ userId: 'u-1', email: 'a@example.edu' },
			{ userId: '' },
			{ userId: 'u-3', email: 'nope' },
		];
		const failing = await runWorkflow(wf, { credentials: credentialsFor(emu, 'member'), input });
		expect(failing.status).toBe('error');
		expect(failing.nodes[TOKEN].error?.message).toBe('Item 1, field "reference": is empty');

		wf.nodes[1].onError = 'continueRegularOutput';
		const result = await runWorkflow(wf, { credentials: credentialsFor(emu, 'member'), input });
		const out = result.output(TOKEN);
		expect(out).toHaveLength(3);
		expect(out[0].startLink).toEqual(expect.any(String));
		expect(out[1].error).toBe('Item 1, field "reference": is empty');
		expect(out[2].error).toBe('Item 2, field "options.email": is not an email address: "nope"');
		// the message shows the display name, field the parameter's name (its path in Options)
		expect(out.map((row) => row.field)).toEqual([undefined, 'reference', 'options.email']);
		expect(result.nodes[TOKEN].pairedItems[0]).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('refuses a start URL that is not http(s)', async () => {
		const result = await runWorkflow(
			tokenWorkflow({
				operation: 'createStartLink',
				startUrl: 'javascript:alert(1)',
				reference: 'u',
			}),
			{ credentials: credentialsFor(emu, 'member') },
		);
		expect(result.nodes[TOKEN].error?.message).toBe(
			'Item 0, field "startUrl": must be an http(s) URL, got "javascript:alert(1)"',
		);
	});
});

describe('ORCID Token: display', () => {
	it("gives the guideline HTML and text for the credential's environment", async () => {
		const wf = tokenWorkflow({
			operation: 'display',
			format: 'full',
			authentication: 'authenticated',
		});
		const sandbox = await runWorkflow(wf, {
			credentials: credentialsFor(emu, 'member'),
			input: [{ orcid: `https://orcid.org/${CARBERRY}`, name: 'Josiah Carberry' }],
		});
		const row = sandbox.output(TOKEN)[0];
		expect(row.orcidUri).toBe(`https://sandbox.orcid.org/${CARBERRY}`);
		expect(row.displayText).toBe(`https://sandbox.orcid.org/${CARBERRY}`);
		expect(row.displayHtml).toContain(
			`<a href="https://sandbox.orcid.org/${CARBERRY}" aria-label="View ORCID record"`,
		);
		expect(row.displayHtml).toContain('alt="ORCID iD icon"');
		expect(row.displayHtml).toContain(`>https://sandbox.orcid.org/${CARBERRY}</span></a>`);

		const production = await runWorkflow(wf, {
			credentials: {
				orcidMemberOAuth2Api: { environment: 'production', clientId: 'APP-X', clientSecret: 's' },
			},
			input: [{ orcid: CARBERRY }],
		});
		expect(production.output(TOKEN)[0].orcidUri).toBe(`https://orcid.org/${CARBERRY}`);
	});

	it('inline form escapes the name; a bad iD is an error naming the field', async () => {
		const result = await runWorkflow(
			tokenWorkflow({
				operation: 'display',
				format: 'inline',
				lang: 'fr',
				authentication: 'authenticated',
			}),
			{
				credentials: credentialsFor(emu, 'member'),
				input: [{ orcid: CARBERRY, name: '<b>Jo</b>' }],
			},
		);
		const row = result.output(TOKEN)[0];
		expect(row.displayHtml).toContain('&lt;b&gt;Jo&lt;/b&gt; <a href=');
		expect(row.displayHtml).toContain('aria-label="Voir le dossier ORCID"');
		expect(row.displayText).toBe(`<b>Jo</b> https://sandbox.orcid.org/${CARBERRY}`);

		const bad = await runWorkflow(tokenWorkflow({ operation: 'display' }), {
			credentials: credentialsFor(emu, 'member'),
			input: [{ orcid: '0000-0002-1825-0098' }],
		});
		expect(bad.nodes[TOKEN].error?.message).toMatch(
			/^Item 0, field "orcid": is not valid: .*0000-0002-1825-0098/,
		);
	});

	it('with Continue On Fail an error item names the parameter: orcid, format', async () => {
		const wf = tokenWorkflow({ operation: 'display', format: '={{ $json.format }}' });
		wf.nodes[1].onError = 'continueRegularOutput';
		const result = await runWorkflow(wf, {
			credentials: credentialsFor(emu, 'member'),
			input: [
				{ orcid: CARBERRY, format: 'full' },
				{ orcid: '0000-0002-1825-0098', format: 'full' },
				{ orcid: CARBERRY, format: 'wide' },
			],
		});
		const out = result.output(TOKEN);
		expect(out[0].displayHtml).toEqual(expect.any(String));
		expect(out[1]).toMatchObject({
			error: expect.stringMatching(/^Item 1, field "orcid": is not valid: /),
			field: 'orcid',
		});
		expect(out[2]).toMatchObject({
			error: 'Item 2, field "format": must be full, compact or inline, got "wide"',
			field: 'format',
		});
	});

	it('the iD icon only for an iD marked authenticated: a token record gets it, a typed iD does not', async () => {
		const wf = tokenWorkflow({
			operation: 'display',
			format: '={{ $json.format }}',
			authentication: "={{ $json.accessToken ? 'authenticated' : 'unauthenticated' }}",
		});
		const result = await runWorkflow(wf, {
			credentials: credentialsFor(emu, 'member'),
			input: [
				{ orcid: CARBERRY, accessToken: 'stored-token', format: 'full' },
				{ orcid: CARBERRY, format: 'full' },
				{ orcid: CARBERRY, format: 'compact' },
				{ orcid: CARBERRY, format: 'inline', name: 'Josiah Carberry' },
			],
		});
		const [withToken, typed, compact, inline] = result.output(TOKEN);
		const uri = `https://sandbox.orcid.org/${CARBERRY}`;
		expect(withToken.authenticated).toBe(true);
		expect(withToken.displayHtml).toContain('alt="ORCID iD icon"');
		expect(withToken.displayHtml).toContain('<img src="data:image/svg+xml;base64,');
		for (const row of [typed, compact, inline]) {
			expect(row.authenticated).toBe(false);
			expect(row.displayHtml).not.toContain('<img');
			expect(row.displayHtml).not.toContain('ORCID iD icon');
			// still exactly one link, to this environment's record
			expect((row.displayHtml as string).match(/<a /g)).toHaveLength(1);
			expect(row.displayHtml).toContain(`<a href="${uri}" aria-label="View ORCID record"`);
		}
		expect(typed.displayHtml).toMatch(new RegExp(`^<span>ORCID iD: <a [^>]+>${uri}</a></span>$`));
		expect(compact.displayHtml).toMatch(
			new RegExp(`^<span>ORCID iD: <a [^>]+>${CARBERRY}</a></span>$`),
		);
		expect(inline.displayHtml).toMatch(
			/^<span>Josiah Carberry \(<a [^>]+>ORCID iD<\/a>\)<\/span>$/,
		);
		expect(typed.orcidUri).toBe(uri);
	});

	it('refuses an unauthenticated iD when the caller chooses so, naming the item and the field', async () => {
		const wf = tokenWorkflow({
			operation: 'display',
			authentication: "={{ $json.accessToken ? 'authenticated' : 'refuse' }}",
		});
		const input = [{ orcid: CARBERRY, accessToken: 'stored-token' }, { orcid: CARBERRY }];
		const failing = await runWorkflow(wf, { credentials: credentialsFor(emu, 'member'), input });
		expect(failing.status).toBe('error');
		expect(failing.nodes[TOKEN].error?.message).toBe(
			`Item 1, field "authentication": refuses ${CARBERRY}: it was not collected through ORCID sign-in`,
		);

		wf.nodes[1].onError = 'continueErrorOutput';
		const result = await runWorkflow(wf, { credentials: credentialsFor(emu, 'member'), input });
		expect(result.status).toBe('success');
		expect(result.output(TOKEN)).toHaveLength(1);
		expect(result.output(TOKEN)[0]).toMatchObject({
			authenticated: true,
			accessToken: 'stored-token',
		});
		// Result, Traffic, then n8n's error output
		expect(result.output(TOKEN, 2)).toEqual([
			expect.objectContaining({
				orcid: CARBERRY,
				error: expect.stringContaining('field "authentication": refuses'),
				details: expect.objectContaining({ field: 'authentication', itemIndex: 1 }),
			}),
		]);

		const wrong = await runWorkflow(
			tokenWorkflow({ operation: 'display', authentication: 'yes' }),
			{
				credentials: credentialsFor(emu, 'member'),
				input: [{ orcid: CARBERRY }],
			},
		);
		expect(wrong.nodes[TOKEN].error?.message).toBe(
			'Item 0, field "authentication": must be authenticated, unauthenticated or refuse, got "yes"',
		);
	});
});

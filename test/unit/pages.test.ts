import {
	orcidUiLanguage,
	PAGE_LANGUAGES,
	pickLanguage,
	type ProblemKind,
} from '../../nodes/shared/orcid/languages';
import { escapeHtml, isSafeHttpUrl, orcidIdHtml } from '../../nodes/shared/orcid/display';
import {
	PAGE_HEADERS,
	problemStatus,
	renderExplainPage,
	renderProblemPage,
	renderSuccessPage,
} from '../../nodes/OrcidAuthTrigger/pages';

const EVIL = `<script>alert("x")</script>'"&`;
const PROBLEMS: ProblemKind[] = [
	'access_denied',
	'link_invalid',
	'link_expired',
	'state_invalid',
	'state_expired',
	'code_reused',
	'orcid_error',
	'orcid_unavailable',
	'wrong_orcid',
	'setup_error',
	'browser_mismatch',
	'state_used',
	'result_expired',
	'already_connected',
];
const base = {
	lang: 'en' as const,
	organizationName: 'Example University',
	supportContact: 'help@example.edu',
};

/** The success page for Josiah Carberry's iD on `recordHost`. */
function successPage(recordHost: string, extra: Record<string, any>): string {
	return renderSuccessPage({
		...base,
		orcid: '0000-0002-1825-0097',
		orcidUri: `https://${recordHost}/0000-0002-1825-0097`,
		...extra,
	});
}

function allPages(ctx: Record<string, any>): string[] {
	return [
		renderExplainPage({
			...base,
			...ctx,
			buttonHref: 'https://n8n.example/start?confirm=1',
			scopeKeys: ['scopeAuthenticate'],
		}),
		successPage('orcid.org', ctx),
		...PROBLEMS.map((kind) => renderProblemPage({ ...base, ...ctx, kind })),
	];
}

describe('escaping', () => {
	it('escapes the five HTML specials and backticks', () => {
		expect(escapeHtml(EVIL)).toBe(
			'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&quot;&amp;',
		);
		expect(escapeHtml(undefined)).toBe('');
	});

	it('every page escapes the reference, names, organisation, support contact and purpose', () => {
		const pages = [
			...allPages({
				reference: EVIL,
				organizationName: `Org ${EVIL}`,
				supportContact: `x ${EVIL}`,
				purpose: EVIL,
			}),
			successPage('orcid.org', { name: EVIL, reference: EVIL }),
		];
		for (const html of pages) {
			expect(html).not.toContain('<script>');
			expect(html).not.toContain('alert("x")');
			expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
		}
	});

	it('never turns a non-http URL into a link', () => {
		const html = successPage('orcid.org', { continueUrl: 'javascript:alert(1)' });
		expect(html).not.toContain('javascript:');
		expect(html).not.toContain('id="continue"');
		expect(isSafeHttpUrl('https://x.example/a?b=1')).toBe(true);
		expect(isSafeHttpUrl('data:text/html,hi')).toBe(false);
		const explain = renderExplainPage({
			...base,
			buttonHref: 'javascript:alert(1)',
			scopeKeys: [],
		});
		expect(explain).not.toContain('javascript:');
	});
});

describe('success page (ORCID display guidelines)', () => {
	const html = successPage('sandbox.orcid.org', {
		name: 'Josiah Carberry',
		continueUrl: 'https://portal.example.edu/profile',
		reference: 'user-42',
	});
	it('shows the green iD icon with alt text and the full iD URI as a labelled link', () => {
		expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="ORCID iD icon"/);
		const svg = Buffer.from(/base64,([^"]+)"/.exec(html)![1], 'base64').toString();
		expect(svg).toContain('#A6CE39');
		expect(html).toContain(
			'<a href="https://sandbox.orcid.org/0000-0002-1825-0097" aria-label="View ORCID record"',
		);
		expect(html).toContain('>https://sandbox.orcid.org/0000-0002-1825-0097</span></a>');
		// it looks like a link: the page's link colour (not inherited body text) and an underline
		const link = /<a href="https:\/\/sandbox\.orcid\.org[^>]*>/.exec(html)![0];
		expect(link).not.toContain('color:inherit');
		expect(html).toContain(
			'<span style="vertical-align:middle;text-decoration:underline">https://sandbox.orcid.org/',
		);
	});
	it('names the researcher, links the configured continue URL, shows the reference and support', () => {
		expect(html).toContain('Josiah Carberry');
		expect(html).toContain('href="https://portal.example.edu/profile"');
		expect(html).toContain('user-42');
		expect(html).toContain('href="mailto:help@example.edu"');
		expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
	});
});

describe('explain page', () => {
	it("has ORCID's button text, the green icon, the scope explanations and the about-ORCID text", () => {
		const html = renderExplainPage({
			...base,
			buttonHref: 'https://n8n.example/webhook/x/start?link=abc&confirm=1',
			scopeKeys: ['scopeAuthenticate', 'scopeActivitiesUpdate'],
			purpose: 'We list your publications in our repository.',
		});
		expect(html).toContain('Create or connect your ORCID iD');
		expect(html).toContain('href="https://n8n.example/webhook/x/start?link=abc&amp;confirm=1"');
		expect(html).toContain('alt="ORCID iD icon"');
		expect(html).toContain('persistent identifier');
		// no item kinds given: the update bullet names none (the trigger's Items You Add names them)
		expect(html).toContain(
			'<li>Add items to your record, and keep the items we added up to date.</li>',
		);
		expect(html).not.toMatch(/works|funding|peer reviews/);
		expect(html).not.toContain('biographical');
		expect(html).toContain('We list your publications');
	});
});

describe('languages', () => {
	it('picks the first supported language, else English', () => {
		expect(pickLanguage('fr-CA')).toBe('fr');
		expect(pickLanguage('xx', 'de_DE')).toBe('de');
		expect(pickLanguage('ja', undefined)).toBe('en');
		expect(orcidUiLanguage('zh-cn')).toBe('zh_CN');
		expect(orcidUiLanguage('pt-BR')).toBe('pt');
		expect(orcidUiLanguage('xx')).toBeUndefined();
	});

	it.each(PAGE_LANGUAGES.filter((l) => l !== 'en'))(
		'%s pages are translated, not English',
		(lang) => {
			const en = allPages({});
			const other = allPages({ lang });
			other.forEach((html, i) => {
				expect(html).toContain(`<html lang="${lang}">`);
				expect(html).not.toEqual(en[i]);
				const title = /<h1[^>]*>(.*?)<\/h1>/.exec(html)![1];
				expect(title).not.toEqual(/<h1[^>]*>(.*?)<\/h1>/.exec(en[i])![1]);
			});
			expect(
				renderExplainPage({ ...base, lang, buttonHref: 'https://x.example', scopeKeys: [] }),
			).not.toContain('Create or connect your ORCID iD');
		},
	);
});

describe('problem pages', () => {
	it.each(PROBLEMS)('%s says what happened and whom to contact, without internals', (kind) => {
		const html = renderProblemPage({ ...base, kind, orcidErrorCode: 'invalid_grant' });
		expect(html).toContain('help@example.edu');
		expect(html).not.toMatch(/at \w+ \(|stack|Error:/);
		expect(html).toContain(`data-page="${kind}"`);
		expect(problemStatus(kind)).toBeGreaterThanOrEqual(200);
	});

	it('shows an ORCID error code only when it looks like one', () => {
		expect(
			renderProblemPage({ ...base, kind: 'orcid_error', orcidErrorCode: 'invalid_grant' }),
		).toContain('<code>invalid_grant</code>');
		expect(
			renderProblemPage({ ...base, kind: 'orcid_error', orcidErrorCode: '<b>hi</b>' }),
		).not.toContain('hi</b>');
	});

	it('works without a support contact', () => {
		expect(renderProblemPage({ ...base, supportContact: '', kind: 'link_invalid' })).toContain(
			'Need help? Contact Example University.',
		);
		expect(
			renderProblemPage({
				...base,
				supportContact: 'https://help.example.edu',
				kind: 'link_invalid',
			}),
		).toContain('href="https://help.example.edu"');
	});

	it('sends a strict CSP and no referrer', () => {
		expect(PAGE_HEADERS['Content-Security-Policy']).toContain("default-src 'none'");
		expect(PAGE_HEADERS['Referrer-Policy']).toBe('no-referrer');
	});
});

describe('display snippet', () => {
	it('full, compact and inline forms', () => {
		const common = {
			orcid: '0000-0002-1825-0097',
			orcidUri: 'https://orcid.org/0000-0002-1825-0097',
		};
		expect(orcidIdHtml(common)).toContain('>https://orcid.org/0000-0002-1825-0097</span></a>');
		expect(orcidIdHtml({ ...common, format: 'compact' })).toContain(
			'>0000-0002-1825-0097</span></a>',
		);
		const inline = orcidIdHtml({ ...common, format: 'inline', name: 'Josiah <Carberry>' });
		expect(inline).toContain(
			'Josiah &lt;Carberry&gt; <a href="https://orcid.org/0000-0002-1825-0097"',
		);
		expect(inline).toContain('aria-label="View ORCID record"');
	});
});

'use strict';
// The researcher-facing HTML: sign-in/register and consent, and ORCID-style error pages.
// Plain accessible HTML, no JavaScript, usable by a person and by a browser test.

const { escapeXml: esc } = require('./convert');

const SCOPE_TEXT = {
	'/authenticate': 'Get your ORCID iD',
	openid: 'Get your ORCID iD (OpenID Connect)',
	'/read-public': 'Read your public information',
	'/read-limited': 'Read your information with visibility set to Trusted Organizations',
	'/activities/read-limited': 'Read your activities with visibility set to Trusted Organizations',
	'/person/read-limited':
		'Read your biographical information with visibility set to Trusted Organizations',
	'/activities/update': 'Add/update your research activities (works, affiliations, etc)',
	'/person/update': 'Add/update other information about you (country, keywords, etc.)',
};

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}fieldset{margin:1rem 0;padding:1rem;border:1px solid #ccc}
label{display:block;margin:.3rem 0}input[type=text],input[type=email]{width:100%;padding:.3rem}
.actions button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}
.authorize{background:#a6ce39;border:1px solid #7a9a2a}.error{color:#b00020}`;

function layout(lang, title, body) {
	return `<!DOCTYPE html>
<html lang="${esc(lang || 'en')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body></html>`;
}

/**
 * The sign-in and consent page. `params` are the authorize request's parameters (kept as hidden
 * fields), `researchers` the records one can sign in as.
 */
function consentPage({ client, scopes, params, researchers, error, signedIn }) {
	const lang = params.lang || 'en';
	const hidden = Object.entries(params)
		.filter(([k]) => !['action', 'researcher', 'given_names', 'family_names', 'email'].includes(k))
		.map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
		.join('\n');
	const prefillOrcid = params.orcid || signedIn || '';
	const registerDefault =
		!prefillOrcid &&
		(params.show_login === 'false' || params.given_names || params.family_names || params.email);
	const options = researchers
		.map((r) => {
			const checked =
				r.orcid === prefillOrcid || (!prefillOrcid && !registerDefault && r === researchers[0]);
			const name = [r.givenNames, r.familyName].filter((x) => x).join(' ');
			return `<label><input type="radio" name="researcher" value="${esc(r.orcid)}"${checked ? ' checked' : ''}> ${esc(name)} (${esc(r.orcid)})</label>`;
		})
		.join('\n');
	const scopeList = scopes
		.map((s) => `<li>${esc(SCOPE_TEXT[s] || s)} <code>${esc(s)}</code></li>`)
		.join('\n');
	const body = `<h1>${esc(client.name)} has asked for the following access to your ORCID record</h1>
<ul id="scopes">
${scopeList}
</ul>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/oauth/authorize">
${hidden}
<fieldset>
<legend>Sign in with an ORCID iD</legend>
${options}
</fieldset>
<fieldset>
<legend>Or register a new ORCID iD</legend>
<label><input type="radio" name="researcher" value="new"${registerDefault ? ' checked' : ''}> Register a new ORCID iD</label>
<label for="given_names">Given names</label>
<input type="text" id="given_names" name="given_names" value="${esc(params.given_names || '')}" autocomplete="given-name">
<label for="family_names">Family names</label>
<input type="text" id="family_names" name="family_names" value="${esc(params.family_names || '')}" autocomplete="family-name">
<label for="email">Email</label>
<input type="email" id="email" name="email" value="${esc(params.email || '')}" autocomplete="email">
</fieldset>
<p>This application will not be able to see your ORCID password or other private information.</p>
<div class="actions">
<button type="submit" name="action" value="authorize" class="authorize">Authorize access</button>
<button type="submit" name="action" value="deny">Deny access</button>
</div>
</form>
<p><small>ORCID emulator (test environment) &middot; language: ${esc(lang)}</small></p>`;
	return layout(lang, `Authorize ${client.name}`, body);
}

function errorPage(lang, error, description) {
	return layout(
		lang,
		'ORCID: oauth error',
		`<h1>Oauth Error</h1>
<p role="alert"><strong>${esc(error)}</strong></p>
<p id="error-description">${esc(description)}</p>`,
	);
}

module.exports = { consentPage, errorPage, SCOPE_TEXT };

/**
 * Canvas screenshots of the demo's templates from the real editor (Chromium, headless), for
 * workflows-templates/README.md: `node scripts/demo.js --screenshots [dir]`.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const { launchChromium } = require('./chromium');

/**
 * n8n opens its "Production Checklist" over the canvas of a published workflow; a picture of a
 * template shows the template, so it is closed (Escape, else its close button) when it is there.
 */
async function dismissChecklist(page) {
	const title = page.getByText('Production Checklist', { exact: true }).first();
	if (!(await title.isVisible().catch(() => false))) return;
	await page.keyboard.press('Escape');
	const closed = await title
		.waitFor({ state: 'hidden', timeout: 2000 })
		.then(() => true)
		.catch(() => false);
	if (closed) return;
	await title
		.locator('xpath=ancestor::*[.//button][1]')
		.locator('button')
		.first()
		.click({ timeout: 2000 })
		.catch(() => undefined);
	await title.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
}

/** Canvas screenshots of the imported templates, from the real editor (Chromium, headless). */
async function screenshots(n8n, workflows, outDir) {
	const browser = await launchChromium();
	try {
		const context = await browser.newContext({
			viewport: { width: 1920, height: 1080 },
			deviceScaleFactor: 1,
		});
		// loopback only: anything else (fonts, telemetry) is refused
		await context.route(/^(?!http:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
		const [name, value] = n8n.cookie.split('=');
		await context.addCookies([{ name, value, url: n8n.baseUrl }]);
		const page = await context.newPage();
		fs.mkdirSync(outDir, { recursive: true });
		const written = [];
		for (const [file, wf] of Object.entries(workflows)) {
			await page.goto(`${n8n.baseUrl}/workflow/${wf.id}`, { waitUntil: 'domcontentloaded' });
			await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60000 });
			// let the canvas fit the view and the node icons load
			await page.keyboard.press('1').catch(() => undefined);
			await page.waitForTimeout(1500);
			await dismissChecklist(page);
			const out = path.join(outDir, `template-${file.replace(/\.json$/, '')}.png`);
			await page.screenshot({ path: out });
			written.push(out);
		}
		return written;
	} finally {
		await browser.close();
	}
}

module.exports = { screenshots, dismissChecklist };

'use strict';
/**
 * Debian's Chromium, headless, started the one way every browser step here needs it: the demo's
 * and the editor's screenshots and the e2e suites that follow a researcher's link.
 */

const fs = require('fs');

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// root needs --no-sandbox; the rest keep Chromium off the network (these machines refuse it,
// and Chromium retries Google's hosts many at a time without them)
const ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

function assertChromium() {
	if (!fs.existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`${CHROMIUM_PATH} is missing: run scripts/ensure-browser.sh (or set CHROMIUM_PATH)`,
		);
	}
}

/** A headless browser (playwright-core); the caller closes it. */
async function launchChromium() {
	const { chromium } = require('playwright-core');
	return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

module.exports = { CHROMIUM_PATH, assertChromium, launchChromium };

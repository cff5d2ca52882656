'use strict';
// ORCID iD check character: ISO/IEC 7064 MOD 11-2 over the first 15 digits.

const crypto = require('crypto');

const ORCID_RE = /^(\d{4}-){3}\d{3}[\dX]$/;

function checkDigit(base15) {
	let total = 0;
	for (const ch of base15) total = (total + Number(ch)) * 2;
	const result = (12 - (total % 11)) % 11;
	return result === 10 ? 'X' : String(result);
}

function isValidOrcid(id) {
	if (typeof id !== 'string' || !ORCID_RE.test(id)) return false;
	const digits = id.replace(/-/g, '');
	return checkDigit(digits.slice(0, 15)) === digits[15];
}

function format(digits16) {
	return digits16.match(/.{4}/g).join('-');
}

/** A fresh valid iD in the 0009-0000... block ORCID assigns today. */
function generateOrcid(taken) {
	for (;;) {
		const n = crypto.randomInt(0, 100000000);
		const base = '0009000' + String(n).padStart(8, '0');
		const id = format(base + checkDigit(base));
		if (!taken || !taken(id)) return id;
	}
}

module.exports = { checkDigit, isValidOrcid, generateOrcid, ORCID_RE };

/**
 * The small XML readers Write Item uses instead of an XML parser (none may ship with the
 * node): root element and put code, external identifiers for duplicate matching, and the
 * per-work results of a bulk answer. Checked on ORCID's own samples.
 */
import * as fs from 'fs';
import * as path from 'path';

import { bulkEntries } from '../../nodes/OrcidWriteItem/helpers/bulk';
import {
	withXmlPutCode,
	xmlExternalIds,
	xmlRoot,
	xmlText,
	XmlBodyError,
} from '../../nodes/OrcidWriteItem/helpers/xml';
import { READ_SAMPLES_DIR, WRITE_SAMPLES_DIR } from '../support/xsd';

const sample = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

it('reads the root element and its put code', () => {
	const work = sample(WRITE_SAMPLES_DIR, 'work-simple-3.0.xml');
	expect(xmlRoot(work)).toEqual({
		qualifiedName: 'work:work',
		localName: 'work',
		putCode: undefined,
	});
	const updated = withXmlPutCode(work, 4711);
	expect(xmlRoot(updated).putCode).toBe('4711');
	expect(updated.replace(' put-code="4711"', '')).toBe(work);
	expect(withXmlPutCode(updated, 4711)).toBe(updated);
	expect(() => withXmlPutCode(updated, 12)).toThrow(XmlBodyError);
	expect(() => xmlRoot('no xml here')).toThrow(XmlBodyError);
});

it("finds a work's identifiers, and a peer review's own identifiers but not its subject's", () => {
	expect(xmlExternalIds(sample(WRITE_SAMPLES_DIR, 'work-simple-3.0.xml'))).toEqual([
		{ type: 'doi', value: '10.1087/20120404', relationship: 'self' },
	]);
	const review = sample(WRITE_SAMPLES_DIR, 'peer-review-full-3.0.xml');
	const ids = xmlExternalIds(review);
	expect(ids.length).toBeGreaterThan(0);
	const subject =
		/<peer-review:subject-external-identifier>[\s\S]*?<common:external-id-value>([^<]*)</.exec(
			review,
		);
	expect(subject).not.toBeNull();
	expect(ids.map((i) => i.value)).not.toContain(subject![1]);
	expect(xmlText(review, 'review-group-id')).toMatch(/^issn:/);
});

it('maps the entries of an XML bulk answer in order, errors included', () => {
	const entries = bulkEntries(sample(READ_SAMPLES_DIR, 'bulk-work-err.xml'));
	expect(entries).toEqual([
		{ putCode: 156043 },
		expect.objectContaining({ errorCode: '9037', status: 400 }),
	]);
	expect(
		bulkEntries({
			bulk: [
				{ work: { 'put-code': 5 } },
				{
					error: {
						'error-code': 9021,
						'developer-message': 'please see element with put-code 77.',
					},
				},
			],
		}),
	).toEqual([{ putCode: 5 }, expect.objectContaining({ errorCode: '9021', existingPutCode: 77 })]);
});

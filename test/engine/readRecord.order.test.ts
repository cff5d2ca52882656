/**
 * Read Record keeps ORCID's order: works most recent first (WorkComparators) and affiliations
 * by date, newest first (AffiliationsManagerReadOnlyImpl); simplify must not reorder them.
 * ORCID-Source: orcid-core/src/main/java/org/orcid/core/utils/v3/activities/WorkComparators.java,
 * orcid-core/src/main/java/org/orcid/core/manager/v3/read_only/impl/AffiliationsManagerReadOnlyImpl.java
 */
import type { IDataObject } from 'n8n-workflow';

import { externalIds, organization } from '../support/orcidJson';
import { READ_NODE, emulatorForSuite, newResearcher, runRead } from './writeItem.support';

const emu = emulatorForSuite();

const date = (d: string) => {
	const [year, month] = d.split('-');
	return { year: { value: year }, ...(month ? { month: { value: month } } : {}) };
};

let orcid: string;
beforeAll(async () => {
	orcid = await newResearcher(emu);
	const seed = (type: string, data: IDataObject) =>
		emu.control('POST', `/_emulator/records/${orcid}/items`, {
			type,
			data,
			visibility: 'public',
		});
	// written in an order that is none of ORCID's
	for (const [doi, title, pub] of [
		['10.1/b', 'Middle', '2020'],
		['10.1/a', 'Undated', ''],
		['10.1/c', 'Newest', '2024-02'],
		['10.1/d', 'Oldest', '1999'],
	]) {
		await seed('work', {
			title: { title: { value: title } },
			type: 'journal-article',
			...externalIds(['doi', doi, 'self']),
			...(pub ? { 'publication-date': date(pub) } : {}),
		});
	}
	const org = organization(
		'Brown University',
		{ city: 'Providence', country: 'US' },
		'1',
		'RINGGOLD',
	);
	for (const [role, start, end] of [
		['Lecturer', '2005', '2010'],
		['Professor', '2015', ''],
		['Fellow', '2011', '2014'],
	]) {
		await seed('employment', {
			'role-title': role,
			organization: org,
			'start-date': date(start),
			...(end ? { 'end-date': date(end) } : {}),
		});
	}
});

const read = (parameters: IDataObject) =>
	runRead(
		emu,
		{ apiType: 'public', operation: 'get', output: 'simplify', ...parameters },
		{ apiType: 'public', input: [{ orcid }] },
	);

it('simplified record and sections list works and employments in ORCID’s order', async () => {
	const WORKS = ['Newest', 'Middle', 'Oldest', 'Undated'];
	const EMPLOYMENTS = ['Professor', 'Fellow', 'Lecturer'];
	const record = (await read({ resource: 'record' })).output(READ_NODE)[0];
	expect((record.works as IDataObject[]).map((w) => w.title)).toEqual(WORKS);
	expect(
		(record.affiliations as IDataObject[])
			.filter((a) => a.entryType === 'employment')
			.map((a) => a.roleTitle),
	).toEqual(EMPLOYMENTS);
	const works = await read({ resource: 'section', section: 'works', split: 'entries' });
	expect(works.output(READ_NODE).map((w) => w.title)).toEqual(WORKS);
	const employments = await read({ resource: 'section', section: 'employments', split: 'entries' });
	expect(employments.output(READ_NODE).map((e) => e.roleTitle)).toEqual(EMPLOYMENTS);
});

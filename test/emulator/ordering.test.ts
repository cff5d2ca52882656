/**
 * The order ORCID lists works and affiliations in, in /works, /activities and the affiliation
 * sections (most recent first), as ORCID-Source has it:
 * - orcid-core/src/main/java/org/orcid/core/utils/v3/activities/WorkComparators.java and
 *   orcid-core/src/main/java/org/orcid/core/manager/v3/read_only/impl/WorkManagerReadOnlyImpl.java
 *   (processGroupedWorks)
 * - orcid-core/src/main/java/org/orcid/core/manager/v3/read_only/impl/AffiliationsManagerReadOnlyImpl.java
 *   with orcid-core/src/main/java/org/orcid/pojo/ajaxForm/PojoUtil.java (createDateSortString)
 */
import { MEMBER, TestEmulator, call, employment, work } from './helpers';

const t = TestEmulator.forSuite();

const date = (d: string) => {
	const [year, month, day] = d.split('-');
	return {
		year: { value: year },
		...(month ? { month: { value: month } } : {}),
		...(day ? { day: { value: day } } : {}),
	};
};

async function seed(
	orcid: string,
	type: string,
	data: unknown,
	extra: Record<string, unknown> = {},
) {
	return (await t.control('POST', `/_emulator/records/${orcid}/items`, {
		type,
		data,
		sourceClientId: MEMBER.clientId,
		...extra,
	})) as { putCode: number };
}

const titleOf = (s: any) => s.title.title.value;

it('works: groups by publication date (most recent first), then title, then type; within a group by display index, then created', async () => {
	const orcid = await t.researcher();
	const w = (doi: string, title: string, pub?: string, type = 'journal-article') =>
		work(doi, {
			title: { title: { value: title } },
			type,
			...(pub ? { 'publication-date': date(pub) } : {}),
		});
	// seeded in an order that is none of ORCID's
	await seed(orcid, 'work', w('10.1/none', 'No date'));
	await seed(orcid, 'work', w('10.1/y2019', 'Older', '2019-12'));
	await seed(orcid, 'work', w('10.1/beta-j', 'Beta', '2021-05-01'));
	await seed(orcid, 'work', w('10.1/y2021', 'Year only', '2021'));
	await seed(orcid, 'work', w('10.1/beta-b', 'Beta', '2021-05-01', 'book'));
	await seed(orcid, 'work', w('10.1/alpha', 'Alpha', '2021-05-01'));
	// one group of two versions of the same DOI: the higher display index leads
	const first = await seed(orcid, 'work', w('10.1/dup', 'Zeta v1', '2020'), {
		created: '2024-01-01T00:00:00Z',
	});
	const second = await seed(orcid, 'work', w('10.1/dup', 'Zeta v2', '2020'), {
		created: '2025-01-01T00:00:00Z',
		displayIndex: 1,
	});
	const token = await t.token(orcid);
	const expected = [
		['Alpha'],
		['Beta'], // book comes before journal-article in ORCID's WorkType
		['Beta'],
		['Year only'],
		['Zeta v2', 'Zeta v1'],
		['Older'],
		['No date'],
	];
	for (const url of [t.member(`/${orcid}/works`), t.member(`/${orcid}/activities`)]) {
		const body = (await call('GET', url, { token })).body;
		const groups = (body.group ?? body.works.group) as any[];
		expect(groups.map((g) => g['work-summary'].map(titleOf))).toEqual(expected);
		expect(groups[1]['work-summary'][0].type).toBe('book');
		expect(groups[4]['work-summary'].map((s: any) => s['put-code'])).toEqual([
			second.putCode,
			first.putCode,
		]);
	}
});

it('affiliations: no dates first, then ongoing, then ended (latest end first), in the section and in /activities', async () => {
	const orcid = await t.researcher();
	const e = (role: string, start?: string, end?: string) =>
		employment({
			'role-title': role,
			'start-date': start ? date(start) : undefined,
			'end-date': end ? date(end) : undefined,
		});
	await seed(orcid, 'employment', e('Ended 2015', '2010', '2015'));
	await seed(orcid, 'employment', e('Ongoing since 2016', '2016'));
	await seed(orcid, 'employment', e('Ended 2020', '2012', '2020-06'));
	await seed(orcid, 'employment', e('No dates'));
	await seed(orcid, 'employment', e('Ongoing since 2018-03', '2018-03'));
	const token = await t.token(orcid);
	const expected = [
		'No dates',
		'Ongoing since 2018-03',
		'Ongoing since 2016',
		'Ended 2020',
		'Ended 2015',
	];
	for (const url of [t.member(`/${orcid}/employments`), t.member(`/${orcid}/activities`)]) {
		const body = (await call('GET', url, { token })).body;
		const groups = (body['affiliation-group'] ?? body.employments['affiliation-group']) as any[];
		expect(
			groups.map((g) => g.summaries.map((s: any) => s['employment-summary']['role-title'])),
		).toEqual(expected.map((r) => [r]));
	}
});

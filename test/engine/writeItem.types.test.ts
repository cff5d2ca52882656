/**
 * Every item type through the real n8n engine against the emulator: create from the editor's
 * fields, read back with Read Record, update, read back, delete. What the node sent (the body
 * on its output, and what the emulator stored) is turned into XML and validated against
 * ORCID's XSD.
 */
import type { IDataObject } from 'n8n-workflow';

import { itemTypeInfo, type ItemType } from '../../nodes/shared/orcid/model/itemTypes';
import { orcidJsonToXml } from '../support/orcidXml';
import { validateAgainstXsd } from '../support/xsd';
import {
	READ_NODE,
	WRITE_NODE,
	newResearcher,
	recordItems,
	researcherToken,
	runRead,
	runWrite,
	emulatorForSuite,
} from './writeItem.support';

const ROR = {
	Name: 'Boston University',
	DisambiguationSource: 'ROR',
	DisambiguatedId: 'https://ror.org/05qwgg493',
	City: 'Boston',
	Region: 'MA',
	Country: 'US',
};

function org(prefix: string, values: IDataObject = ROR): IDataObject {
	return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}${k}`, v]));
}

interface TypeSpec {
	resource: string;
	itemType: ItemType;
	/** Editor parameters of the create. */
	create: IDataObject;
	/** The parameter the update changes, and its new value. */
	change: [string, string];
	/** Where the raw item shows that parameter (its create value, then its updated one). */
	read: (item: IDataObject) => unknown;
	/** Contributor emails as sent (ORCID's wrapped form) and stored; reads never show them. */
	contributorEmails?: unknown[];
}

const title = (item: IDataObject) => (item.title as IDataObject)?.title;
const role = (item: IDataObject) => item['role-title'];

function affiliation(resource: string, itemType: ItemType): TypeSpec {
	return {
		resource,
		itemType,
		create: {
			...org('organization'),
			department: 'Library',
			roleTitle: `First ${itemType}`,
			startDate: '2019-09-01',
			affiliationFields: { endDate: '2023', url: 'https://example.org/staff/jc' },
			externalIds: {
				externalId: [{ type: 'other-id', value: `${itemType}-7`, relationship: 'self' }],
			},
		},
		change: ['roleTitle', `Second ${itemType}`],
		read: role,
	};
}

/** A person item that is one text (`content`), set by the `<resource>Content` parameter. */
function textItem(
	resource: string,
	itemType: ItemType,
	created: string,
	updated: string,
): TypeSpec {
	const param = `${resource}Content`;
	return {
		resource,
		itemType,
		create: { [param]: created },
		change: [param, updated],
		read: (item) => item.content,
	};
}

const SPECS: TypeSpec[] = [
	{
		resource: 'work',
		itemType: 'work',
		create: {
			workTitle: 'Persistent identifiers in practice',
			workType: 'journal-article',
			externalIds: {
				externalId: [
					{
						type: 'doi',
						value: '10.1234/types.1',
						url: 'https://doi.org/10.1234/types.1',
						relationship: 'self',
					},
					{ type: 'issn', value: '1741-4857', relationship: 'part-of' },
				],
			},
			workFields: {
				subtitle: 'A field report',
				publicationDate: '2023-04-07',
				journalTitle: 'Learned Publishing',
				shortDescription: 'How identifiers are used.',
				citationType: 'bibtex',
				citationValue: '@article{k, title={P}}',
				url: 'https://example.org/articles/42',
				languageCode: 'en',
				country: 'US',
				contributors: {
					contributor: [
						{
							name: 'Josiah Carberry',
							orcid: '0000-0002-1825-0097',
							email: 'josiah@example.org',
							role: 'author',
							sequence: 'first',
						},
						{ name: 'A. N. Other', role: 'editor', sequence: 'additional' },
					],
				},
			},
		},
		change: ['workTitle', 'Persistent identifiers in practice, revised'],
		read: (item) => (title(item) as IDataObject)?.value,
		contributorEmails: [{ value: 'josiah@example.org' }, undefined],
	},
	{
		resource: 'funding',
		itemType: 'funding',
		create: {
			fundingTitle: 'Open infrastructure grant',
			fundingType: 'grant',
			...org('funder', {
				Name: 'Wellcome Trust',
				DisambiguationSource: 'FUNDREF',
				DisambiguatedId: 'http://dx.doi.org/10.13039/100004440',
				City: 'London',
				Country: 'GB',
			}),
			externalIds: {
				externalId: [{ type: 'grant_number', value: 'G-2021-42', relationship: 'self' }],
			},
			fundingFields: {
				amount: '25000',
				currency: 'EUR',
				startDate: '2021-01',
				endDate: '2022-12',
				shortDescription: 'Two years of funding.',
				contributors: {
					contributor: [
						{
							name: 'Josiah Carberry',
							orcid: '0000-0002-1825-0097',
							email: 'josiah@example.org',
							role: 'lead',
						},
					],
				},
			},
		},
		change: ['fundingTitle', 'Open infrastructure grant, phase 2'],
		read: (item) => (title(item) as IDataObject)?.value,
		contributorEmails: [{ value: 'josiah@example.org' }],
	},
	affiliation('employment', 'employment'),
	affiliation('education', 'education'),
	affiliation('distinction', 'distinction'),
	affiliation('invitedPosition', 'invited-position'),
	affiliation('membership', 'membership'),
	affiliation('qualification', 'qualification'),
	affiliation('service', 'service'),
	{
		resource: 'peerReview',
		itemType: 'peer-review',
		create: {
			reviewerRole: 'reviewer',
			reviewType: 'review',
			reviewDate: '2012-05',
			groupId: 'orcid-generated:n8n-orcid-types-test',
			reviewIdentifiers: {
				externalId: [{ type: 'source-work-id', value: 'review-1', relationship: 'self' }],
			},
			...org('convening', {
				Name: 'ORCID',
				DisambiguationSource: 'RINGGOLD',
				DisambiguatedId: '385488',
				City: 'Bethesda',
				Region: 'MD',
				Country: 'US',
			}),
			peerReviewFields: {
				groupName: 'Journal of Psychoceramics',
				groupDescription: 'Reviews for the Journal of Psychoceramics',
				groupType: 'journal',
				reviewUrl: 'https://example.com/reviews/1',
				subjectIdType: 'doi',
				subjectIdValue: '10.1234/reviewed.1',
				subjectIdRelationship: 'self',
				subjectType: 'journal-article',
				subjectName: 'The reviewed article',
				subjectContainerName: 'Journal of Psychoceramics',
			},
		},
		change: ['reviewerRole', 'editor'],
		read: (item) => item['reviewer-role'],
	},
	{
		resource: 'researchResource',
		itemType: 'research-resource',
		create: {
			proposalTitle: 'Cryo-EM time for the psychoceramics project',
			...org('host'),
			externalIds: {
				externalId: [{ type: 'proposal-id', value: 'RR-123', relationship: 'self' }],
			},
			resourceItems: {
				resourceItem: [
					{
						name: 'Titan Krios G3i',
						type: 'equipment',
						idType: 'rrid',
						idValue: 'RRID:SCR_012345',
						idRelationship: 'self',
					},
				],
			},
			researchResourceFields: { startDate: '2020-01', endDate: '2020-06' },
		},
		change: ['proposalTitle', 'Cryo-EM time, extended'],
		read: (item) =>
			(((item.proposal as IDataObject)?.title as IDataObject)?.title as IDataObject)?.value,
	},
	textItem('keyword', 'keyword', 'psychoceramics', 'cracked pots'),
	textItem('otherName', 'other-name', 'J. Carberry', 'Josiah S. Carberry'),
	{
		resource: 'researcherUrl',
		itemType: 'researcher-url',
		create: { urlName: 'Lab', researcherUrl: 'https://example.org/~carberry' },
		change: ['urlName', 'Lab homepage'],
		read: (item) => item['url-name'],
	},
	{
		resource: 'externalIdentifier',
		itemType: 'external-identifier',
		create: {
			personIdType: 'Scopus Author ID',
			personIdValue: '7004205658',
			personIdUrl: 'https://www.scopus.com/authid/detail.uri?authorId=7004205658',
		},
		change: ['personIdUrl', 'https://www.scopus.com/authid/detail.uri?authorId=7004205658&x=1'],
		read: (item) => (item['external-id-url'] as IDataObject)?.value,
	},
];

const emu = emulatorForSuite();

async function readBack(orcid: string, token: string, itemType: ItemType, putCode: number) {
	const result = await runRead(
		emu,
		{
			resource: 'item',
			operation: 'get',
			itemType,
			putCode: String(putCode),
			output: 'raw',
		},
		{ input: [{ orcid, accessToken: token }], continueOnFail: true },
	);
	expect(result.status).toBe('success');
	return result.output(READ_NODE)[0];
}

describe.each(SPECS)('$resource', (spec) => {
	it('is created, read back, updated, read back and deleted', async () => {
		/** Every body the node sent in this case, for the XSD check at its end. */
		const sent: Array<{ itemType: ItemType; name: string; body: IDataObject }> = [];
		const orcid = await newResearcher(emu);
		const token = await researcherToken(emu, orcid);
		const input = [{ orcid, accessToken: token }];
		const base = { resource: spec.resource, inputMode: 'fields' };
		const [field, value] = spec.change;

		const created = await runWrite(
			emu,
			{ ...base, operation: 'create', ...spec.create },
			{ input },
		);
		expect(result(created)).toMatchObject({
			itemType: spec.itemType,
			orcid,
			environment: 'sandbox',
			status: 'created',
		});
		const putCode = result(created).putCode as number;
		expect(result(created).path).toBe(
			`/${orcid}${itemTypeInfo(spec.itemType).singlePath.replace('{putCode}', String(putCode))}`,
		);
		sent.push({
			itemType: spec.itemType,
			name: `${spec.resource} create`,
			body: result(created).body as IDataObject,
		});
		if (spec.itemType === 'peer-review') {
			expect(result(created).groupId).toBe('orcid-generated:n8n-orcid-types-test');
			expect(typeof result(created).groupIdPutCode).toBe('number');
		}

		// what ORCID (the emulator) stored is what the node says it sent
		const stored = (await recordItems(emu, orcid)).find((i) => i.putCode === putCode);
		expect(stored?.source.clientId).toBe('APP-EMUMEMBER0000001');
		expect(spec.read(stored?.data as IDataObject)).toBe(spec.create[field]);
		if (spec.contributorEmails) {
			const emails = (data: unknown) =>
				(((data as IDataObject).contributors as IDataObject).contributor as IDataObject[]).map(
					(c) => c['contributor-email'],
				);
			expect(emails(result(created).body)).toEqual(spec.contributorEmails);
			expect(emails(stored?.data)).toEqual(spec.contributorEmails);
		}

		expect(spec.read(await readBack(orcid, token, spec.itemType, putCode))).toBe(
			spec.create[field],
		);

		const updated = await runWrite(
			emu,
			{ ...base, operation: 'update', putCode: String(putCode), ...spec.create, [field]: value },
			{ input },
		);
		expect(result(updated)).toMatchObject({ status: 'updated', putCode, itemType: spec.itemType });
		expect((result(updated).body as IDataObject)['put-code']).toBe(putCode);
		sent.push({
			itemType: spec.itemType,
			name: `${spec.resource} update`,
			body: result(updated).body as IDataObject,
		});
		expect(spec.read(await readBack(orcid, token, spec.itemType, putCode))).toBe(value);

		const deleted = await runWrite(
			emu,
			{ resource: spec.resource, operation: 'delete', putCode: String(putCode) },
			{ input },
		);
		expect(result(deleted)).toMatchObject({ status: 'deleted', putCode, deleted: true });
		expect((await recordItems(emu, orcid)).find((i) => i.putCode === putCode)).toBeUndefined();
		const gone = await readBack(orcid, token, spec.itemType, putCode);
		expect(gone).toMatchObject({ httpStatus: 404 });

		// sent JSON that ORCID's XSD accepts once turned into XML (create and update)
		const info = itemTypeInfo(spec.itemType);
		const docs = sent.map(({ name, body }) => ({
			name,
			xml: orcidJsonToXml(body, `${info.xmlRoot.prefix}:${info.xmlRoot.name}`),
		}));
		const results = await validateAgainstXsd(docs, info.xsdFile);
		expect(results.filter((r) => !r.valid)).toEqual([]);
		expect(results).toHaveLength(2);
	});
});

function result(run: Awaited<ReturnType<typeof runWrite>>): IDataObject {
	if (run.status !== 'success') {
		throw new Error(
			`workflow ${run.status}: ${JSON.stringify(run.nodes[WRITE_NODE]?.error ?? run.error)}`,
		);
	}
	const out = run.output(WRITE_NODE);
	expect(out).toHaveLength(1);
	return out[0];
}

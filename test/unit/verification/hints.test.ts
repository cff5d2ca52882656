/**
 * A newcomer reads the editor, not the README: every field of the ORCID nodes and credentials
 * that is not self-explanatory carries a description (the hint under the field) or a hint.
 * Read from the descriptions as n8n loads them, so fields built in code are checked too.
 * Sync Diff's panel is designed separately (its own tests).
 */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { OrcidMemberOAuth2Api } from '../../../credentials/OrcidMemberOAuth2Api.credentials';
import { OrcidPublicOAuth2Api } from '../../../credentials/OrcidPublicOAuth2Api.credentials';
import { OrcidAuthTrigger } from '../../../nodes/OrcidAuthTrigger/OrcidAuthTrigger.node';
import { OrcidReadRecord } from '../../../nodes/OrcidReadRecord/OrcidReadRecord.node';
import { OrcidToken } from '../../../nodes/OrcidToken/OrcidToken.node';
import { OrcidWriteItem } from '../../../nodes/OrcidWriteItem/OrcidWriteItem.node';

const FORMS: Array<[string, INodeProperties[]]> = [
	['ORCID Auth Trigger', new OrcidAuthTrigger().description.properties],
	['ORCID Token', new OrcidToken().description.properties],
	['ORCID Write Item', new OrcidWriteItem().description.properties],
	['ORCID Read Record', new OrcidReadRecord().description.properties],
	['ORCID Member OAuth2 API', new OrcidMemberOAuth2Api().properties],
	['ORCID Public OAuth2 API', new OrcidPublicOAuth2Api().properties],
];

const said = (text: unknown) => typeof text === 'string' && text.trim().length > 0;

/** A choice whose every option explains itself (Resource, Operation, ORCID API ...). */
function optionsExplained(p: INodeProperties): boolean {
	const options = (p.options ?? []) as INodePropertyOptions[];
	return options.length > 0 && options.every((o) => said(o.description));
}

function unexplained(props: INodeProperties[], path: string): string[] {
	const out: string[] = [];
	for (const p of props) {
		const where = `${path} › ${p.displayName}`;
		if (p.type === 'notice' || p.type === 'hidden') continue;
		// a collection ("Options", "Additional Fields") is a container: its fields are checked
		const container = p.type === 'collection';
		const explained =
			said(p.description) || said(p.hint) || (p.type === 'options' && optionsExplained(p));
		if (!container && !explained) out.push(where);
		for (const option of (p.options ?? []) as Array<
			INodePropertyOptions | INodeProperties | INodePropertyCollection
		>) {
			if ('values' in option)
				out.push(...unexplained(option.values, `${where} › ${option.displayName}`));
			else if ('type' in option) out.push(...unexplained([option], where));
		}
	}
	return out;
}

function findAll(props: INodeProperties[], name: string): INodeProperties[] {
	const found: INodeProperties[] = [];
	for (const p of props) {
		if (p.name === name) found.push(p);
		for (const option of (p.options ?? []) as Array<
			INodePropertyOptions | INodeProperties | INodePropertyCollection
		>) {
			if ('values' in option) found.push(...findAll(option.values, name));
			else if ('type' in option) found.push(...findAll([option], name));
		}
	}
	return found;
}

const writeItem = new OrcidWriteItem().description.properties;

it.each(FORMS)('every field of %s says what it wants', (node, props) => {
	expect(unexplained(props, node)).toEqual([]);
});

it.each([
	['languageCode', /ISO 639-1/],
	['translatedTitleLanguage', /ISO 639-1/],
	['organizationDefinedType', /funder's own name/],
	['sequence', /First for the first author/],
	['citationType', /format of Citation Value/],
])('the Write Item field %s explains its values', (name, text) => {
	const fields = findAll(writeItem, name);
	expect(fields.length).toBeGreaterThan(0);
	for (const field of fields) expect(field.description).toMatch(text);
});

it('work types read as ORCID writes them', () => {
	const [workType] = findAll(writeItem, 'workType');
	const labels = (workType.options as INodePropertyOptions[]).map((o) => o.name);
	expect(labels).toEqual(expect.arrayContaining(['Dissertation/Thesis', 'Lecture/Speech']));
});

it('citation types are labelled as people write them', () => {
	const [citationType] = findAll(writeItem, 'citationType');
	const labels = Object.fromEntries(
		(citationType.options as INodePropertyOptions[]).map((o) => [o.value, o.name]),
	);
	expect(labels).toMatchObject({
		bibtex: 'BibTeX',
		ris: 'RIS',
		'formatted-apa': 'Formatted APA',
		'formatted-ieee': 'Formatted IEEE',
		'formatted-mla': 'Formatted MLA',
		'formatted-chicago': 'Formatted Chicago',
	});
});

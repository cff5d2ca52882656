/**
 * Review findings on bad input, proven in the n8n engine against the emulator: each bad value
 * stops the node with a NodeOperationError on its item that names the field, and under
 * Continue On Fail becomes an error item paired with its input while the good items go on.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import {
	afterManualTrigger,
	credentialsFor,
	runWorkflow,
	type WorkflowJson,
	type WorkflowResult,
} from '../harness';
import { encryptToken } from '../../nodes/shared/auth/tokens';
import {
	calls,
	lastCallId,
	researcherToken,
	startTestEmulator,
	type Emulator,
} from './writeItem.support';

const JOSIAH = '0000-0002-1825-0097';
const KEY = 'review test key';

let emu: Emulator;
beforeAll(async () => {
	emu = await startTestEmulator();
});
afterAll(async () => await emu.stop());

function workflow(type: string, parameters: IDataObject, continueOnFail: boolean): WorkflowJson {
	return afterManualTrigger(
		{
			name: 'Node',
			type: `n8n-nodes-orcid.${type}`,
			parameters: parameters as INode['parameters'],
			...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
		{ settings: { executionOrder: 'v1' } },
	);
}

async function run(
	type: string,
	parameters: IDataObject,
	input: IDataObject[],
	options: { continueOnFail?: boolean; key?: string } = {},
): Promise<WorkflowResult> {
	return await runWorkflow(workflow(type, parameters, options.continueOnFail ?? false), {
		credentials: credentialsFor(
			emu,
			'member',
			options.key ? { tokenEncryptionKey: options.key } : {},
		),
		input,
	});
}

/**
 * Under Continue On Fail: item 0 went through (`ok`), and each later item became an error item
 * paired with its input, with its message, `field` (the parameter's name) and reference.
 */
function expectErrorItems(
	result: WorkflowResult,
	ok: IDataObject,
	failures: Array<[message: string | RegExp, field: string, reference: string]>,
): void {
	const [first, ...failed] = result.nodes.Node.items[0];
	expect(first.json).toMatchObject(ok);
	expect(failed.map((item) => item.json)).toEqual(
		failures.map(([message, field, reference], n) =>
			expect.objectContaining({
				error: typeof message === 'string' ? message : expect.stringMatching(message),
				field,
				itemIndex: n + 1,
				reference,
			}),
		),
	);
	expect(result.nodes.Node.pairedItems[0]).toEqual([ok, ...failures].map((_, item) => ({ item })));
}

/** The node stopped on `itemIndex` with a NodeOperationError whose message matches. */
function expectStopped(result: WorkflowResult, itemIndex: number, message: RegExp): void {
	expect(result.status).toBe('error');
	const error = result.nodes.Node.error as unknown as {
		name: string;
		message: string;
		context: IDataObject;
	};
	expect(error).toBeDefined();
	expect(error.name).toBe('NodeOperationError');
	expect(error.message).toMatch(message);
	expect(error.context.itemIndex).toBe(itemIndex);
}

const WORK = {
	resource: 'work',
	operation: 'create',
	orcid: '={{ $json.orcid }}',
	accessToken: '={{ $json.accessToken }}',
	workTitle: '={{ $json.title }}',
	externalIds: {
		externalId: [{ type: 'doi', value: '={{ $json.doi }}', relationship: 'self' }],
	},
};

describe('an encrypted token the credential cannot open is a bad value of its item', () => {
	let good: string;
	let foreign: string;
	beforeAll(async () => {
		good = await researcherToken(emu, JOSIAH);
		// encrypted with a key this credential does not hold
		foreign = encryptToken(await researcherToken(emu, JOSIAH), 'another key');
	});

	const items = () => [
		{ orcid: JOSIAH, accessToken: encryptToken(good, KEY), title: 'Kept', doi: '10.5555/review-1' },
		{ orcid: JOSIAH, accessToken: foreign, title: 'Refused', doi: '10.5555/review-2' },
	];

	it('Write Item: stops before any call, naming item 1 and accessToken', async () => {
		const since = await lastCallId(emu);
		const result = await run('orcidWriteItem', WORK, items(), { key: KEY });
		expectStopped(
			result,
			1,
			/^Item 1, field "accessToken": The encrypted token could not be decrypted/,
		);
		expect(await calls(emu, { since, method: 'POST' })).toEqual([]);
	});

	it('Write Item with Continue On Fail: item 0 is written, item 1 is an error item', async () => {
		const result = await run('orcidWriteItem', WORK, items(), { key: KEY, continueOnFail: true });
		expect(result.status).toBe('success');
		const [first, second] = result.nodes.Node.items[0];
		expect(first.json).toMatchObject({ status: 'created' });
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(second.json).toMatchObject({ status: 'failed', field: 'accessToken', itemIndex: 1 });
		expect(second.pairedItem).toEqual({ item: 1 });
	});

	it('Write Item without a key in the credential: the same, for a token that is encrypted', async () => {
		const result = await run('orcidWriteItem', WORK, [
			{ ...items()[1], accessToken: encryptToken(good, KEY) },
		]);
		expectStopped(
			result,
			0,
			/^Item 0, field "accessToken": The token is encrypted .* no token encryption key/,
		);
	});

	it('Read Record: names item 1 and accessToken; Continue On Fail keeps item 0', async () => {
		const parameters = { resource: 'record', operation: 'getPerson', output: 'raw' };
		const stopped = await run('orcidReadRecord', parameters, items(), { key: KEY });
		expectStopped(
			stopped,
			1,
			/^Item 1, field "accessToken": The encrypted token could not be decrypted/,
		);
		const kept = await run('orcidReadRecord', parameters, items(), {
			key: KEY,
			continueOnFail: true,
		});
		const [first, second] = kept.nodes.Node.items[0];
		expect(first.json.name).toBeDefined();
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(second.json).toMatchObject({ field: 'accessToken' });
		expect(second.pairedItem).toEqual({ item: 1 });
	});
});

describe('Read Record search: a limit that is not a whole number >= 1', () => {
	const parameters = {
		resource: 'researcher',
		operation: 'search',
		familyName: 'Carberry',
		returnAll: false,
		limit: '={{ $json.limit }}',
		apiType: 'public',
	};
	const input = [{ limit: 5 }, { limit: -3 }, { limit: 2.5 }];

	it('stops on its item naming the field limit (was: an empty result, silently)', async () => {
		const result = await runWorkflow(workflow('orcidReadRecord', parameters, false), {
			credentials: credentialsFor(emu, 'public'),
			input,
		});
		expectStopped(
			result,
			1,
			/^Item 1, field "limit": must be a whole number of at least 1, got number -3$/,
		);
	});

	it('with Continue On Fail: item 0 finds Josiah Carberry, items 1 and 2 are error items', async () => {
		const result = await runWorkflow(workflow('orcidReadRecord', parameters, true), {
			credentials: credentialsFor(emu, 'public'),
			input,
		});
		const out = result.nodes.Node.items[0];
		expect(out.filter((i) => i.json.orcid === JOSIAH).map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
		]);
		expect(out.filter((i) => i.json.field === 'limit').map((i) => i.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 2 },
		]);
	});
});

describe('ORCID Token: stored tokens the credential cannot open, and what a failed item keeps', () => {
	let access: string;
	let refresh: string;
	// a fresh grant per test: revoke and refresh use theirs up
	beforeEach(async () => {
		const t = await emu.control('POST', '/_emulator/tokens', {
			clientId: 'APP-EMUMEMBER0000001',
			orcid: JOSIAH,
			scope: '/read-limited',
		});
		access = t.access_token as string;
		refresh = t.refresh_token as string;
	});
	const row = (accessToken: string, refreshToken: string, reference: string) => ({
		orcid: JOSIAH,
		reference,
		accessToken,
		refreshToken,
		scopes: ['/read-limited'],
	});

	// the message shows the field's display name, context.field its parameter name
	it.each([
		[
			'check',
			'Access Token',
			'accessToken',
			() => row(encryptToken(access, 'another key'), refresh, 'u-2'),
		],
		[
			'refresh',
			'Refresh Token',
			'refreshToken',
			() => row(access, encryptToken(refresh, 'another key'), 'u-2'),
		],
		[
			'revoke',
			'Access Token',
			'accessToken',
			() => row(encryptToken(access, 'another key'), refresh, 'u-2'),
		],
	])(
		'%s: names item 1 and the field %s (%s); nothing is sent for it',
		async (operation, label, parameter, bad) => {
			const since = await lastCallId(emu);
			const result = await run(
				'orcidToken',
				{ resource: 'token', operation },
				[row(encryptToken(access, KEY), encryptToken(refresh, KEY), 'u-1'), bad()],
				{ key: KEY },
			);
			if (operation === 'check') {
				// item 0 was checked at ORCID before item 1 was reached
				expect((await calls(emu, { since })).map((c) => c.path)).toEqual([
					`/api/v3.0/${JOSIAH}/person`,
				]);
			} else {
				expect(await calls(emu, { since })).toHaveLength(1);
			}
			expectStopped(
				result,
				1,
				new RegExp(`^Item 1, field "${parameter}": The encrypted token could not be decrypted: `),
			);
			expect((result.nodes.Node.error as unknown as { context: IDataObject }).context.field).toBe(
				parameter,
			);
		},
	);

	it('with Continue On Fail the error item names the item, field, iD and reference, and no token', async () => {
		const bad = row(access, encryptToken(refresh, 'another key'), 'u-2');
		const result = await run(
			'orcidToken',
			{ resource: 'token', operation: 'refresh' },
			[row(encryptToken(access, KEY), encryptToken(refresh, KEY), 'u-1'), bad],
			{ key: KEY, continueOnFail: true },
		);
		const [first, second] = result.nodes.Node.items[0];
		expect(first.json).toMatchObject({ status: 'connected', reference: 'u-1' });
		expect(second.pairedItem).toEqual({ item: 1 });
		expect(second.json).toEqual({
			error: expect.stringMatching(
				/^Item 1, field "refreshToken": The encrypted token could not be decrypted/,
			),
			description: expect.stringContaining('orcidenc:v1:'),
			itemIndex: 1,
			field: 'refreshToken',
			orcid: JOSIAH,
			reference: 'u-2',
			orcidErrorCode: null,
			tokenRevoked: false,
		});
		expect(JSON.stringify(second.json)).not.toContain(bad.refreshToken);
		expect(JSON.stringify(second.json)).not.toContain(access);
	});

	it('revoke with Continue On Fail: no token names accessToken, a bad refresh token refreshToken', async () => {
		const result = await run(
			'orcidToken',
			{ resource: 'token', operation: 'revoke' },
			[
				row(access, refresh, 'u-1'),
				row('', '', 'u-2'),
				row('', encryptToken(refresh, 'another key'), 'u-3'),
			],
			{ key: KEY, continueOnFail: true },
		);
		expectErrorItems(result, { status: 'revoked', reference: 'u-1' }, [
			['Item 1, field "accessToken": is empty', 'accessToken', 'u-2'],
			[
				/^Item 2, field "refreshToken": The encrypted token could not be decrypted: /,
				'refreshToken',
				'u-3',
			],
		]);
	});
});

describe('ORCID Token request permission: subject, introduction and items are required', () => {
	// ORCID's notification-permission schema requires all three; the emulator (like ORCID)
	// answered a notification without them with 9047 "Invalid JSON"
	const parameters = {
		resource: 'token',
		operation: 'requestPermission',
		orcid: JOSIAH,
		callbackUrl: 'https://n8n.example.edu/webhook/abc/callback',
		reference: '={{ $json.reference }}',
		subject: '={{ $json.subject }}',
		intro: '={{ $json.intro }}',
		items: {
			item: [
				{
					itemType: 'work',
					itemName: 'A Study',
					externalIdType: 'doi',
					externalIdValue: '10.5555/1',
				},
			],
		},
	};
	const complete = {
		orcid: JOSIAH,
		reference: 'u-1',
		subject: 'your publications',
		intro: 'We would like to add them.',
	};

	it.each([
		['Subject', { ...complete, reference: 'u-2', subject: '' }],
		['Introduction', { ...complete, reference: 'u-2', intro: '' }],
	])('an empty %s stops the node on its item before the call', async (label, bad) => {
		const since = await lastCallId(emu);
		const result = await run('orcidToken', parameters, [complete, bad]);
		const parameter = { Subject: 'subject', Introduction: 'intro' }[label];
		expectStopped(result, 1, new RegExp(`^Item 1, field "${parameter}": is empty$`));
		// item 0 was sent, item 1 was not
		const sent = await calls(emu, {
			since,
			method: 'POST',
			path: `/api/v3.0/${JOSIAH}/notification-permission`,
		});
		expect(sent.map((c) => c.status)).toEqual([201]);
	});

	it('no items stops the node before the call', async () => {
		const since = await lastCallId(emu);
		const result = await run('orcidToken', { ...parameters, items: {} }, [complete]);
		expectStopped(result, 0, /^Item 0, field "items": is empty$/);
		expect(await calls(emu, { since, method: 'POST' })).toEqual([]);
	});

	it('with Continue On Fail the complete item is sent with all three', async () => {
		const notified = async () =>
			(await emu.control('GET', '/_emulator/notifications')) as IDataObject[];
		const earlier = new Set((await notified()).map((n) => n.putCode));
		const result = await run(
			'orcidToken',
			parameters,
			[complete, { ...complete, reference: 'u-2', subject: '' }],
			{
				continueOnFail: true,
			},
		);
		const [sent, failed] = result.nodes.Node.items[0];
		expect(sent.json).toMatchObject({ permissionStatus: 'sent', reference: 'u-1' });
		expect(failed.json).toMatchObject({
			error: 'Item 1, field "subject": is empty',
			field: 'subject',
			itemIndex: 1,
			reference: 'u-2',
			orcid: JOSIAH,
		});
		expect(failed.pairedItem).toEqual({ item: 1 });
		// the one notification this run made: the complete item's
		const made = (await notified()).filter((n) => !earlier.has(n.putCode));
		expect(made).toHaveLength(1);
		const text = JSON.stringify(made[0]);
		expect(text).toContain('your publications');
		expect(text).toContain('We would like to add them.');
		expect(text).toContain('A Study');
	});

	it('with Continue On Fail a bad entry of Items names its parameter path', async () => {
		const withItems = {
			...parameters,
			items: {
				item: [
					{
						itemType: 'work',
						itemName: 'A Study',
						externalIdType: 'doi',
						externalIdValue: '={{ $json.doi }}',
					},
					{ itemType: 'work', itemName: '={{ $json.second }}' },
				],
			},
		};
		const since = await lastCallId(emu);
		const result = await run(
			'orcidToken',
			withItems,
			[
				{ ...complete, doi: '10.5555/1', second: 'Another Study' },
				{ ...complete, reference: 'u-2', doi: '', second: 'Another Study' },
				{ ...complete, reference: 'u-3', doi: '10.5555/1', second: '' },
			],
			{ continueOnFail: true },
		);
		// the path is n8n's, counting entries from 0
		expectErrorItems(result, { permissionStatus: 'sent', reference: 'u-1' }, [
			[
				'Item 1, field "items.item[0].externalIdValue": needs both a type and a value',
				'items.item[0].externalIdValue',
				'u-2',
			],
			['Item 2, field "items.item[1].itemName": is empty', 'items.item[1].itemName', 'u-3'],
		]);
		const posted = await calls(emu, {
			since,
			method: 'POST',
			path: `/api/v3.0/${JOSIAH}/notification-permission`,
		});
		expect(posted.map((c) => c.status)).toEqual([201]);
	});
});

describe('"Continue (using error output)": failed items go to the error output', () => {
	// n8n appends an error output and moves there only items that carry `error` (or whose json
	// holds nothing but error/message/details); the rest stays on the regular outputs
	async function runToErrorOutput(type: string, parameters: IDataObject, input: IDataObject[]) {
		const wf = workflow(type, parameters, false);
		wf.nodes[1].onError = 'continueErrorOutput';
		const result = await runWorkflow(wf, { credentials: credentialsFor(emu, 'member'), input });
		expect(result.status).toBe('success');
		return result.nodes.Node;
	}
	let token: string;
	beforeAll(async () => {
		token = await researcherToken(emu, JOSIAH);
	});

	it('Write Item: the good item on Items, the bad one on the error output with its input', async () => {
		const node = await runToErrorOutput('orcidWriteItem', WORK, [
			{ orcid: JOSIAH, accessToken: token, title: 'Good', doi: '10.5555/review-eo-1' },
			{ orcid: JOSIAH, accessToken: token, title: '', doi: '10.5555/review-eo-2' },
		]);
		expect(node.items).toHaveLength(3); // Items, Traffic, error output
		expect(node.items[0].map((i) => [i.json.status, i.pairedItem])).toEqual([
			['created', { item: 0 }],
		]);
		expect(node.items[1].length).toBeGreaterThan(0);
		expect(node.items[2]).toHaveLength(1);
		expect(node.items[2][0].pairedItem).toEqual({ item: 1 });
		// the input's fields, the message, and our fields under details
		expect(node.items[2][0].json).toEqual({
			orcid: JOSIAH,
			accessToken: token,
			title: '',
			doi: '10.5555/review-eo-2',
			error: 'Item 1, field "title": is required (ORCID rejects a work without a title, 9022)',
			details: { itemType: 'work', status: 'failed', itemIndex: 1, field: 'title' },
		});
	});

	it('Read Record: the same', async () => {
		const node = await runToErrorOutput(
			'orcidReadRecord',
			{ resource: 'record', operation: 'getPerson', output: 'raw' },
			[
				{ orcid: JOSIAH, accessToken: token },
				{ orcid: '0000-0002-1825-0098', accessToken: token },
			],
		);
		expect(node.items).toHaveLength(3);
		expect(node.items[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(node.items[2].map((i) => [(i.json.details as IDataObject).field, i.pairedItem])).toEqual(
			[['orcid', { item: 1 }]],
		);
	});

	it('ORCID Token: the same', async () => {
		const node = await runToErrorOutput('orcidToken', { resource: 'token', operation: 'display' }, [
			{ orcid: JOSIAH },
			{ orcid: 'nope', reference: 'u-9' },
		]);
		expect(node.items).toHaveLength(3);
		expect(node.items[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(
			node.items[2].map((i) => [
				(i.json.details as IDataObject).field,
				i.json.reference,
				i.pairedItem,
			]),
		).toEqual([['orcid', 'u-9', { item: 1 }]]);
	});
});

describe('a token mapped to the wrong field is not echoed in the error', () => {
	// messages go to the n8n log, the execution and error workflows: a token pasted into the iD
	// or put code field must not be quoted back
	let token: string;
	beforeAll(async () => {
		token = await researcherToken(emu, JOSIAH);
	});

	it.each([
		['orcidWriteItem', { ...WORK, orcid: '={{ $json.accessToken }}' }, 'orcid'],
		[
			'orcidWriteItem',
			{
				resource: 'work',
				operation: 'delete',
				orcid: JOSIAH,
				accessToken: '={{ $json.accessToken }}',
				putCode: '={{ $json.accessToken }}',
			},
			'putCode',
		],
		[
			'orcidReadRecord',
			{ resource: 'record', operation: 'get', orcid: '={{ $json.accessToken }}' },
			'orcid',
		],
		[
			'orcidToken',
			{ resource: 'token', operation: 'display', orcid: '={{ $json.accessToken }}' },
			'ORCID iD',
		],
	])('%s, field %s', async (type, parameters, field) => {
		for (const value of [token, encryptToken(token, KEY)]) {
			const result = await run(
				type,
				parameters,
				[{ accessToken: value, title: 'T', doi: '10.5555/x' }],
				{
					key: KEY,
				},
			);
			expectStopped(result, 0, /a value that looks like a token \(not shown\)/);
			const error = result.nodes.Node.error as unknown as { message: string };
			expect(error.message).toContain(field);
			expect(JSON.stringify(result.run.data.resultData.error)).not.toContain(value);
			expect(JSON.stringify(result.run.data.resultData.error)).not.toContain(token);
		}
	});
});

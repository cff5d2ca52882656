/**
 * Writes on a merged (deprecated) record: ORCID answers 409 with error 9007 and names the primary
 * iD only in its message. The session reads it into `movedTo` (error context and, with
 * okStatuses [409], the response), as it does for a 301's Location on reads.
 */
import type { NodeApiError } from 'n8n-workflow';

import { primaryIdFromConflict, primaryIdFromMessage } from '../../nodes/shared/errors';
import {
	httpStatusOf,
	movedRecordOf,
	orcidErrorCodeOf,
	OrcidSession,
	type OrcidRequest,
	type OrcidResponse,
} from '../../nodes/shared/transport';
import {
	clientConfig,
	credentialData,
	json,
	startFakeOrcid,
	testContext,
	type FakeOrcid,
} from './helpers';

const OLD = '0000-0002-1825-0097';
const PRIMARY = '0000-0001-5109-367X';
const TOKEN = 'a1b2c3d4-0000-4000-8000-researcher01';

/** ORCID's 9007 texts (api_en.properties), with the iDs as record URIs. */
const USER_MESSAGE = `This account is deprecated. Please refer to account: https://sandbox.orcid.org/${PRIMARY}.`;
const DEVELOPER_MESSAGE = `409 Conflict: This account is deprecated. Please refer to account: https://sandbox.orcid.org/${PRIMARY}. ORCID https://sandbox.orcid.org/${OLD}`;

const conflict9007 = {
	'response-code': 409,
	'developer-message': DEVELOPER_MESSAGE,
	'user-message': USER_MESSAGE,
	'error-code': 9007,
	'more-info': 'https://members.orcid.org/api/resources/troubleshooting',
};

let orcid: FakeOrcid;
beforeEach(async () => {
	orcid = await startFakeOrcid();
});
afterEach(async () => {
	await orcid.close();
});

function session(): OrcidSession {
	return new OrcidSession(testContext(credentialData(orcid.url)), clientConfig(orcid.url), {
		random: () => 0.5,
	});
}

async function caught(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the call to fail');
}

/** A write on the merged record's old iD. */
function write(request: Partial<OrcidRequest> = {}): Promise<OrcidResponse> {
	return session().request({
		api: 'member',
		method: 'POST',
		path: `/${OLD}/work`,
		token: TOKEN,
		body: {},
		...request,
	});
}

const apiCalls = () => orcid.requests.filter((r) => !r.path.startsWith('/oauth/'));

describe('409 / 9007 on a write to a merged record', () => {
	it('names the primary iD in the error (movedTo) and does not follow it', async () => {
		orcid.handle((_req, res) => json(res, 409, conflict9007));
		const error = await caught(write({ body: { title: { title: { value: 'A work' } } } }));
		expect(movedRecordOf(error)).toBe(PRIMARY);
		expect(orcidErrorCodeOf(error)).toBe('9007');
		expect(httpStatusOf(error)).toBe(409);
		expect(error.message).toBe(
			`The ORCID record was merged into ${PRIMARY} (deprecated record, HTTP 409)`,
		);
		expect(error.description).toContain('Update the stored iD to the primary one');
		expect(apiCalls().map((r) => `${r.method} ${r.path}`)).toEqual([`POST /api/v3.0/${OLD}/work`]);
	});

	it('puts the primary iD on the response when 409 is an accepted status', async () => {
		orcid.handle((_req, res) => json(res, 409, conflict9007));
		const res = await write({
			method: 'PUT',
			path: `/${OLD}/work/12`,
			body: { 'put-code': 12 },
			okStatuses: [409],
		});
		expect(res.status).toBe(409);
		expect(res.movedTo).toBe(PRIMARY);
	});

	it('reads an XML error body too', async () => {
		orcid.handle((_req, res) => {
			res.writeHead(409, { 'Content-Type': 'application/vnd.orcid+xml' });
			res.end(
				`<?xml version="1.0" encoding="UTF-8"?><error:error xmlns:error="http://www.orcid.org/ns/error"><error:response-code>409</error:response-code><error:developer-message>${DEVELOPER_MESSAGE}</error:developer-message><error:user-message>${USER_MESSAGE}</error:user-message><error:error-code>9007</error:error-code></error:error>`,
			);
		});
		const error = await caught(
			write({ method: 'DELETE', path: `/${OLD}/work/12`, body: undefined, format: 'xml' }),
		);
		expect(movedRecordOf(error)).toBe(PRIMARY);
	});

	it('sets no movedTo for other 409s (a duplicate names a put code, not an iD)', async () => {
		orcid.handle((_req, res) =>
			json(res, 409, {
				'response-code': 409,
				'developer-message': `409 Conflict: You have already added this activity (matched by external identifiers), please see element with put-code 7. If you are trying to edit the item, please use PUT instead of POST. Record ${PRIMARY}`,
				'error-code': 9021,
			}),
		);
		const error = await caught(write());
		expect(orcidErrorCodeOf(error)).toBe('9021');
		expect(movedRecordOf(error)).toBeNull();
		const res = await write({ okStatuses: [409] });
		expect(res.movedTo).toBeUndefined();
	});
});

describe('primaryIdFromMessage / primaryIdFromConflict', () => {
	it.each<[string, string | undefined, string | undefined]>([
		[DEVELOPER_MESSAGE, OLD, PRIMARY],
		[USER_MESSAGE, undefined, PRIMARY],
		// "refer to account" wins even when the deprecated iD comes first
		[`ORCID ${OLD} is deprecated. Please refer to account: ${PRIMARY.toLowerCase()}`, OLD, PRIMARY],
		// without the phrase: the first iD that is not the deprecated one
		[`Record ${OLD} was merged into ${PRIMARY}`, OLD, PRIMARY],
		[`Record ${OLD} is deprecated`, OLD, undefined],
		['This account is deprecated.', OLD, undefined],
	])('%s (deprecated %s) -> %s', (text, deprecated, expected) => {
		expect(primaryIdFromMessage(text, deprecated)).toBe(expected);
	});

	it('only reads 9007 bodies', () => {
		expect(primaryIdFromConflict(conflict9007, OLD)).toBe(PRIMARY);
		expect(primaryIdFromConflict(JSON.stringify(conflict9007), OLD)).toBe(PRIMARY);
		expect(primaryIdFromConflict({ ...conflict9007, 'error-code': 9044 }, OLD)).toBeUndefined();
		expect(primaryIdFromConflict(null, OLD)).toBeUndefined();
	});
});

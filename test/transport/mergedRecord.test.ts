/**
 * Writes on a merged (deprecated) record: ORCID answers 409 with error 9007 and names the primary
 * iD only in its message. The session reads it into `movedTo` (error context and, with
 * okStatuses [409], the response), as it does for a 301's Location on reads.
 */
import { primaryIdFromConflict, primaryIdFromMessage } from '../../nodes/shared/orcid/errors';
import {
	httpStatusOf,
	movedRecordOf,
	orcidErrorCodeOf,
	type OrcidRequest,
	type OrcidResponse,
} from '../../nodes/shared/http/transport';
import {
	caught,
	fakeOrcidPerTest,
	json,
	ORCID,
	orcidXmlError,
	RESEARCHER_TOKEN,
	sessionAt,
	xml,
} from './helpers';

/** The merged (deprecated) record and the one it was merged into. */
const OLD = ORCID;
const PRIMARY = '0000-0001-5109-367X';

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

const orcid = fakeOrcidPerTest();

/** A write on the merged record's old iD. */
function write(request: Partial<OrcidRequest> = {}): Promise<OrcidResponse> {
	return sessionAt(orcid.url, { random: () => 0.5 }).request({
		api: 'member',
		method: 'POST',
		path: `/${OLD}/work`,
		token: RESEARCHER_TOKEN,
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
		const body = orcidXmlError(409, 9007, DEVELOPER_MESSAGE, USER_MESSAGE);
		orcid.handle((_req, res) => xml(res, 409, body));
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

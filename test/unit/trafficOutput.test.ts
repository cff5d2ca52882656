import { BODY_TEXT_LIMIT, trafficJson, trafficOutput } from '../../nodes/shared/node/trafficOutput';
import type { TrafficRecord } from '../../nodes/shared/http/traffic';

function record(over: Partial<TrafficRecord>): TrafficRecord {
	return {
		time: '2026-12-06T00:00:00.000Z',
		method: 'POST',
		url: 'https://api.sandbox.orcid.org/v3.0/0000-0002-1825-0097/work',
		status: 201,
		requestBody: null,
		responseBody: null,
		...over,
	} as TrafficRecord;
}

describe('traffic items carry their bodies as text for log tables', () => {
	it('an object body becomes its JSON text; the record is kept as it is', () => {
		const json = trafficJson(record({ requestBody: { title: { title: { value: 'A' } } } }));
		expect(json.requestText).toBe('{"title":{"title":{"value":"A"}}}');
		expect(json.requestBody).toEqual({ title: { title: { value: 'A' } } });
		expect(json.responseText).toBeNull();
	});

	it('a text body stays as it is, cut at the limit', () => {
		const long = 'x'.repeat(BODY_TEXT_LIMIT + 5);
		const json = trafficJson(record({ requestBody: '<work/>', responseBody: long }));
		expect(json.requestText).toBe('<work/>');
		expect((json.responseText as string).length).toBe(BODY_TEXT_LIMIT);
	});

	it('the Traffic output pairs each record with the item that made it', () => {
		const out = trafficOutput([record({ itemIndex: 3, responseBody: { 'put-code': 7 } })]);
		expect(out[0].pairedItem).toEqual({ item: 3 });
		expect(out[0].json.responseText).toBe('{"put-code":7}');
	});
});

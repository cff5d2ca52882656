import {
	BODY_TEXT_LIMIT,
	jsonTextStart,
	trafficJson,
	trafficOutput,
} from '../../nodes/shared/node/trafficOutput';
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

describe('jsonTextStart', () => {
	/** A value of every shape JSON knows, from a seed (no randomness between runs). */
	function sample(seed: number, depth = 0): unknown {
		let x = seed;
		const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
		const pick = next() % (depth > 3 ? 6 : 9);
		const texts = [
			'',
			'a',
			'é "quoted" \\ back',
			'\u2028 line',
			'tab\there',
			'😀 pair',
			'\ud800 lone',
		];
		switch (pick) {
			case 0:
				return null;
			case 1:
				return next() % 2 === 0;
			case 2:
				return (next() % 2001) - 1000 + (next() % 3) / 4;
			case 3:
			case 4:
			case 5:
				return texts[next() % texts.length] + String(next() % 100);
			case 6:
				return Array.from({ length: next() % 6 }, (_, i) => sample(next() + i, depth + 1));
			default: {
				const out: Record<string, unknown> = {};
				for (let i = next() % 6; i > 0; i--)
					out[`k${next() % 50}-"${i}"`] = sample(next(), depth + 1);
				return out;
			}
		}
	}

	it('is the start of JSON.stringify for any JSON value and any limit', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const value = sample(seed);
			const full = JSON.stringify(value);
			for (const limit of [0, 1, 2, 7, 40, 333, full.length, full.length + 10]) {
				expect(jsonTextStart(value, limit)).toBe(full.slice(0, limit));
			}
		}
	});

	it('writes what JSON.stringify writes for entries JSON leaves out or changes', () => {
		const value = {
			gone: undefined,
			fn: () => 1,
			list: [undefined, () => 1, Symbol('s'), NaN, -0, Infinity],
			when: new Date(Date.UTC(2026, 11, 6)),
			own: { toJSON: (key: string) => `as ${key}` },
			boxed: [Object('text'), Object(3)],
			sparse: Object.assign(new Array<unknown>(3), { 0: 1, 2: 3 }),
			'2': 'an index key comes first',
		};
		const full = JSON.stringify(value);
		for (let limit = 0; limit <= full.length; limit++) {
			expect(jsonTextStart(value, limit)).toBe(full.slice(0, limit));
		}
	});

	it('stops writing at the limit', () => {
		const big = { bulk: Array.from({ length: 10_000 }, (_, i) => ({ work: { title: `W${i}` } })) };
		const spy = jest.spyOn(JSON, 'stringify');
		expect(jsonTextStart(big, 100)).toBe(JSON.stringify(big).slice(0, 100));
		// the one full stringify above is the test's; the prefix wrote a few entries only
		expect(spy.mock.calls.length).toBeLessThan(60);
		spy.mockRestore();
	});
});

/**
 * itemParameter() answers some parameters without n8n's expression evaluator; inside the real
 * engine it must give exactly what getNodeParameter gives, for every kind of item value.
 */
import { isDeepStrictEqual } from 'node:util';

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';

import { hasExpression, itemParameter, mappedItemField } from '../../nodes/shared/node/parameters';
import { afterManualTrigger, runWorkflow } from '../harness';
import { nodeDescription } from '../harness/base-nodes';

const PARAMETERS: INodeParameters = {
	dotted: '={{ $json.v }}',
	tight: '={{$json.v}}',
	quoted: '={{ $json["v"] }}',
	single: "={{ $json['v'] }}",
	computed: '={{ $json.v === undefined ? "none" : $json.v }}',
	fixedText: 'plain text',
	fixedNumber: 7,
	mixedText: '=id {{ $json.v }}',
	trailing: '={{ $json.v }} ',
	options: { flag: true, label: 'fixed' },
	mappedOptions: { flag: '={{ $json.v }}' },
};

const PROBED = [...Object.keys(PARAMETERS), 'options.flag', 'mappedOptions.flag', 'absent'];

const properties: INodeProperties[] = Object.keys(PARAMETERS).map((name) => ({
	displayName: name,
	name,
	type: typeof PARAMETERS[name] === 'object' ? 'json' : 'string',
	default: '',
}));

/** Reads every probed parameter both ways, for every item, and reports both. */
class Probe implements INodeType {
	description = nodeDescription('probe', 'Probe', 'transform', 'reads parameters two ways', {
		properties,
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			// twice: the second read comes from the per-run plan
			for (let pass = 0; pass < 2; pass++) {
				for (const name of PROBED) {
					const n8n = this.getNodeParameter(name, i, 'fallback') as unknown;
					const ours = itemParameter(this, name, i, 'fallback');
					out.push({
						json: {
							item: i,
							name,
							same: isDeepStrictEqual(n8n, ours),
							n8n: n8n === undefined ? '(undefined)' : (n8n as IDataObject),
							ours: ours === undefined ? '(undefined)' : (ours as IDataObject),
						},
					});
				}
			}
		}
		return [out];
	}
}

const VALUES: IDataObject['v'][] = [
	'text',
	'  padded  ',
	'',
	0,
	42,
	false,
	true,
	null,
	{ nested: { a: [1, 2] } },
	['a', 'b'],
	'={{ 1 + 1 }}',
];

describe('itemParameter in the n8n engine', () => {
	it('gives what getNodeParameter gives for every parameter and item value', async () => {
		const input: IDataObject[] = [...VALUES.map((v) => ({ v })), {}, { other: 1 }];
		const result = await runWorkflow(
			afterManualTrigger({ name: 'Probe', type: 'test.probe', parameters: PARAMETERS }),
			{ nodeTypes: { 'test.probe': new Probe() }, input },
		);
		const rows = result.output('Probe');
		expect(rows).toHaveLength(input.length * PROBED.length * 2);
		const different = rows.filter((r) => r.same !== true);
		expect(different).toEqual([]);
	});
});

describe('as an AI agent tool', () => {
	it("leaves $json to n8n: the agent's item, not the tool call's arguments", () => {
		const calls: string[] = [];
		const ctx = {
			isToolExecution: () => true,
			getInputData: () => [{ json: { orcid: 'from the tool call' } }],
			getNode: () => ({ parameters: { orcid: '={{ $json.orcid }}' } }),
			getNodeParameter: (name: string) => {
				calls.push(name);
				return "from the agent's item";
			},
		} as unknown as IExecuteFunctions;
		expect(itemParameter(ctx, 'orcid', 0, '')).toBe("from the agent's item");
		expect(itemParameter(ctx, 'orcid', 0, '')).toBe("from the agent's item");
		expect(calls).toEqual(['orcid', 'orcid']);
	});
});

describe('which parameters are read from the item', () => {
	it.each([
		['={{ $json.orcid }}', 'orcid'],
		['={{$json.orcid}}', 'orcid'],
		['={{ $json["put code"] }}', 'put code'],
		["={{ $json['x'] }}", 'x'],
		// n8n makes text of an expression with anything around it
		['={{ $json.orcid }} ', null],
		['={{ $json.a.b }}', null],
		['= {{ $json.orcid }}', null],
		['={{ $json.orcid }}x', null],
		['{{ $json.orcid }}', null],
		['={{ $json.orcid.trim() }}', null],
		[42, null],
	])('%p maps the item field %p', (raw, field) => {
		expect(mappedItemField(raw)).toBe(field);
	});

	it('finds an expression anywhere in a value', () => {
		expect(hasExpression('plain')).toBe(false);
		expect(hasExpression({ a: [{ b: 'x' }], c: 1 })).toBe(false);
		expect(hasExpression({ a: [{ b: '={{ 1 }}' }] })).toBe(true);
		expect(hasExpression('=text')).toBe(true);
	});
});

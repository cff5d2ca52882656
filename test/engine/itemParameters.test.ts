/**
 * itemParameter() reads a parameter with no expression in it once per run and leaves every
 * expression to n8n, for every item: inside the real engine it gives what getNodeParameter
 * gives, and asks n8n once for a fixed value and once per item for an expression.
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

import { hasExpression, itemParameter } from '../../nodes/shared/node/parameters';
import { afterManualTrigger, runWorkflow } from '../harness';
import { nodeDescription } from '../harness/base-nodes';

const PARAMETERS: INodeParameters = {
	mapped: '={{ $json.v }}',
	computed: '={{ $json.v === undefined ? "none" : $json.v }}',
	fixedText: 'plain text',
	fixedNumber: 7,
	mixedText: '=id {{ $json.v }}',
	options: { flag: true, label: 'fixed' },
	mappedOptions: { flag: '={{ $json.v }}' },
};

const PROBED = [...Object.keys(PARAMETERS), 'options.flag', 'mappedOptions.flag', 'absent'];
const FIXED = ['fixedText', 'fixedNumber', 'options', 'options.flag'];

const properties: INodeProperties[] = Object.keys(PARAMETERS).map((name) => ({
	displayName: name,
	name,
	type: typeof PARAMETERS[name] === 'object' ? 'json' : 'string',
	default: '',
}));

/** Reads every probed parameter both ways for every item, counting what is asked of n8n. */
class Probe implements INodeType {
	description = nodeDescription('probe', 'Probe', 'transform', 'reads parameters two ways', {
		properties,
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const asked = new Map<string, number>();
		const counted = Object.create(this) as IExecuteFunctions;
		counted.getNodeParameter = ((name: string, ...rest: unknown[]) => {
			asked.set(name, (asked.get(name) ?? 0) + 1);
			return (this.getNodeParameter as (...a: unknown[]) => unknown)(name, ...rest);
		}) as IExecuteFunctions['getNodeParameter'];
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			// twice: the second read of a fixed value comes from the run's cache
			for (let pass = 0; pass < 2; pass++) {
				for (const name of PROBED) {
					const n8n = this.getNodeParameter(name, i, 'fallback') as unknown;
					const ours = itemParameter(counted, name, i, 'fallback');
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
		return [out, [{ json: Object.fromEntries(asked) }]];
	}
}

const VALUES: IDataObject['v'][] = [
	'text',
	'',
	0,
	false,
	null,
	{ nested: { a: [1, 2] } },
	['a', 'b'],
	'={{ 1 + 1 }}',
];

describe('itemParameter in the n8n engine', () => {
	const input: IDataObject[] = [...VALUES.map((v) => ({ v })), {}, { constructor: 'own' }];

	async function probe() {
		const probeNode = new Probe();
		probeNode.description.outputs = ['main', 'main'] as never;
		return await runWorkflow(
			afterManualTrigger({ name: 'Probe', type: 'test.probe', parameters: PARAMETERS }),
			{ nodeTypes: { 'test.probe': probeNode }, input },
		);
	}

	it('gives what getNodeParameter gives for every parameter and item value', async () => {
		const rows = (await probe()).output('Probe');
		expect(rows).toHaveLength(input.length * PROBED.length * 2);
		expect(rows.filter((r) => r.same !== true)).toEqual([]);
	});

	it('asks n8n once per run for a fixed value, and for every read of an expression', async () => {
		const asked = (await probe()).output('Probe', 1)[0];
		for (const name of FIXED) expect([name, asked[name]]).toEqual([name, 1]);
		for (const name of ['mapped', 'computed', 'mixedText', 'mappedOptions.flag']) {
			expect([name, asked[name]]).toEqual([name, input.length * 2]);
		}
	});
});

describe('which parameters are fixed', () => {
	it('finds an expression anywhere in a value', () => {
		expect(hasExpression('plain')).toBe(false);
		expect(hasExpression({ a: [{ b: 'x' }], c: 1 })).toBe(false);
		expect(hasExpression({ a: [{ b: '={{ 1 }}' }] })).toBe(true);
		expect(hasExpression('=text')).toBe(true);
	});
});

/**
 * What every ORCID Token operation shares: reading parameters with errors that name the
 * item and the field (the runner's fieldError: `Item i, field "refreshToken": is empty`, the
 * field being the parameter's name or path), the token fields of a stored token record, and
 * the run context.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { OrcidIdError, parseOrcidId, showValue } from '../../shared/orcid/orcidId';
import { isSafeHttpUrl } from '../../shared/orcid/display';
import { tokenProblem } from '../../shared/auth/tokens';
import { fieldError, type RunContext } from '../../shared/node/runner';

/** The run's session and config, and the input item (its json is merged into most outputs). */
export interface ItemContext extends RunContext {
	item: INodeExecutionData;
}

/**
 * A Token operation works on one item; the router makes it the runner's Operation (all items,
 * each through the runner's loop).
 */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	run: ItemContext,
) => Promise<IDataObject>;

/**
 * A stored token (plain or orcidenc:v1:...) that the credential can open; a missing or wrong
 * key is reported on the item and field before anything is sent.
 */
export function tokenParam(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	config: { tokenEncryptionKey?: string },
	options: { required?: boolean; description?: string } = {},
): string | undefined {
	const value = stringParam(ctx, name, itemIndex, options);
	if (value === undefined) return undefined;
	const problem = tokenProblem(value, config.tokenEncryptionKey);
	if (problem !== null) {
		throw fieldError(
			ctx,
			itemIndex,
			name,
			problem,
			'Map the token exactly as stored (plain, or orcidenc:v1:... with the same token encryption key in the credential).',
		);
	}
	return value;
}

/** A string parameter, trimmed; empty → undefined (or an error naming the field if required). */
export function stringParam(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	options: { required?: boolean; fallback?: string; description?: string } = {},
): string | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, options.fallback ?? '') as unknown;
	if (raw !== null && raw !== undefined && typeof raw !== 'string' && typeof raw !== 'number') {
		throw fieldError(ctx, itemIndex, name, `must be text, got ${typeof raw}`, options.description);
	}
	const value = raw === null || raw === undefined ? '' : String(raw).trim();
	if (value === '') {
		if (options.required) throw fieldError(ctx, itemIndex, name, 'is empty', options.description);
		return undefined;
	}
	return value;
}

export function orcidParam(ctx: IExecuteFunctions, itemIndex: number, name = 'orcid'): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === '' || value === null || value === undefined) {
		throw fieldError(
			ctx,
			itemIndex,
			name,
			'is empty',
			"Map the researcher's iD, e.g. {{ $json.orcid }}",
		);
	}
	try {
		return parseOrcidId(value);
	} catch (error) {
		const message = error instanceof OrcidIdError ? error.message : String(error);
		throw fieldError(ctx, itemIndex, name, `is not valid: ${message}`);
	}
}

export function httpUrlParam(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = stringParam(ctx, name, itemIndex, { required: true }) as string;
	if (!isSafeHttpUrl(value)) {
		throw fieldError(ctx, itemIndex, name, `must be an http(s) URL, got ${showValue(value)}`);
	}
	return value;
}

/** The input item's json, so operations can return it with their fields updated. */
export function inputJson(run: ItemContext): IDataObject {
	return { ...(run.item.json ?? {}) };
}

/** Token fields of a stored token record, mapped from the input by default. */
export const accessTokenField: INodeProperties = {
	displayName: 'Access Token',
	name: 'accessToken',
	type: 'string',
	typeOptions: { password: true },
	default: '={{ $json.accessToken }}',
	description: "The researcher's access token, plain or encrypted (orcidenc:v1:...)",
};

export const refreshTokenField: INodeProperties = {
	displayName: 'Refresh Token',
	name: 'refreshToken',
	type: 'string',
	typeOptions: { password: true },
	default: '={{ $json.refreshToken }}',
	description: "The researcher's refresh token, plain or encrypted (orcidenc:v1:...)",
};

export const orcidField: INodeProperties = {
	displayName: 'ORCID iD',
	name: 'orcid',
	type: 'string',
	default: '={{ $json.orcid }}',
	placeholder: 'e.g. 0000-0002-1825-0097',
	description: "The researcher's iD (bare, or as an https://orcid.org/... URI).",
};

export const scopePresetOptions = [
	{
		name: 'Authenticated iD Only',
		value: 'authenticate',
		description: '/authenticate',
	},
	{ name: 'Read Limited', value: 'readLimited', description: '/read-limited' },
	{
		name: 'Read Limited and Update Activities',
		value: 'activitiesUpdate',
		description: '/read-limited /activities/update',
	},
	{
		name: 'Read Limited, Update Activities and Person',
		value: 'personUpdate',
		description: '/read-limited /activities/update /person/update',
	},
];

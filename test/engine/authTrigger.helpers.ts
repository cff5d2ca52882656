/**
 * Shared pieces of the ORCID Auth Trigger and ORCID Token engine tests: workflow JSON,
 * start links signed like the Token node signs them, and following the OAuth round trip
 * against the emulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { signStartLink, signState } from '../../nodes/shared/signing';
import { JOSIAH as CARBERRY } from '../emulator/helpers';
import { afterManualTrigger, EMULATOR_CLIENTS, type WorkflowJson } from '../harness';
import { MEMBER_CLIENT, type Emulator } from './writeItem.support';

export const TRIGGER = 'ORCID Auth Trigger';
export const TOKEN = 'ORCID Token';
export { JOSIAH as CARBERRY, LAURE as SECOND } from '../emulator/helpers';
export const MEMBER_SECRET: string = EMULATOR_CLIENTS.member.clientSecret;
export const PUBLIC_SECRET: string = EMULATOR_CLIENTS.public.clientSecret;
export const CONTINUE_URL = 'https://portal.example.edu/orcid/done';
export const SUPPORT = 'orcid-help@example.edu';

/** The Token node's Request Permission items: the one work a notification names. */
export const PERMISSION_ITEMS = {
	item: [
		{
			itemType: 'work',
			itemName: 'A Study',
			externalIdType: 'doi',
			externalIdValue: '10.5555/1',
		},
	],
};

/** An ORCID address nobody listens on: for nodes that must make no ORCID call. */
export const NOWHERE = {
	url: 'http://127.0.0.1:9',
	publicApi: 'http://127.0.0.1:9/pub',
	memberApi: 'http://127.0.0.1:9/api',
};

export function triggerWorkflow(parameters: IDataObject = {}): WorkflowJson {
	return {
		id: 'wf-auth',
		name: 'ORCID auth',
		nodes: [
			{
				id: 'n-trigger',
				name: TRIGGER,
				type: 'n8n-nodes-orcid.orcidAuthTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: '6f1c2a57-0d7e-4f5e-9c55-2f4fbbd2a001',
				parameters: {
					apiType: 'member',
					scopePreset: 'activitiesUpdate',
					organizationName: 'Example University',
					supportContact: SUPPORT,
					continueUrl: CONTINUE_URL,
					showExplainPage: false,
					...parameters,
				},
			},
		],
		connections: {},
	};
}

export function tokenWorkflow(parameters: IDataObject): WorkflowJson {
	return afterManualTrigger(
		{
			id: 'n-token',
			name: TOKEN,
			type: 'n8n-nodes-orcid.orcidToken',
			parameters: { apiType: 'member', resource: 'token', ...parameters },
		},
		{ id: 'wf-token', name: 'ORCID token' },
	);
}

/** A researcher's grant as the emulator's consent takes it (member client, Carberry by default). */
export interface Grant {
	redirectUri: string | null;
	state: string | null;
	scope: string | null;
	clientId?: string | null;
	orcid?: string;
	nonce?: string;
}

/** What the researcher's Authorize click gives, through the emulator's control API. */
export async function consent(
	emu: Emulator,
	grant: Grant,
): Promise<{ redirect: string; code: string; state: string }> {
	return await emu.control('POST', '/_emulator/consent', {
		clientId: MEMBER_CLIENT,
		orcid: CARBERRY,
		...grant,
	});
}

export function startLink(
	ref: string,
	secret = MEMBER_SECRET,
	ageSeconds = 0,
	lifetime = 3600,
): string {
	return signStartLink(ref, secret, {
		lifetimeSeconds: lifetime,
		now: Date.now() - ageSeconds * 1000,
	}).token;
}

export function staleState(ref: string, ageSeconds: number, secret = MEMBER_SECRET): string {
	return signState({ ref }, secret, { lifetimeSeconds: 3600, now: Date.now() - ageSeconds * 1000 })
		.token;
}

/** The last component of a base64url.base64url token decoded (for tamper tests). */
export function decodePayload(token: string): IDataObject {
	return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as IDataObject;
}

export function reencode(payload: unknown, token: string): string {
	return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${token.split('.')[1]}`;
}

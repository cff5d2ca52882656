/**
 * Shared pieces of the ORCID Auth Trigger and ORCID Token engine tests: workflow JSON,
 * start links signed like the Token node signs them, and following the OAuth round trip
 * against the emulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { signStartLink, signState } from '../../nodes/shared/signing';
import type { WorkflowJson } from '../harness';

export const TRIGGER = 'ORCID Auth Trigger';
export const TOKEN = 'ORCID Token';
export const CARBERRY = '0000-0002-1825-0097';
export const SECOND = '0000-0001-5109-3700';
export const MEMBER_SECRET = 'emu-member-secret';
export const PUBLIC_SECRET = 'emu-public-secret';
export const CONTINUE_URL = 'https://portal.example.edu/orcid/done';
export const SUPPORT = 'orcid-help@example.edu';

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
	return {
		id: 'wf-token',
		name: 'ORCID token',
		nodes: [
			{
				id: 'n-start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'n-token',
				name: TOKEN,
				type: 'n8n-nodes-orcid.orcidToken',
				typeVersion: 1,
				position: [200, 0],
				parameters: { apiType: 'member', resource: 'token', ...parameters },
			},
		],
		connections: { Start: { main: [[{ node: TOKEN, type: 'main', index: 0 }]] } },
	};
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

/**
 * The editor notice for a credential without a Token Encryption Key: after a run, every ORCID
 * node that executes shows a warning hint in its output pane (n8n keeps the hints with the
 * node's run data); with a key, no hint. The Auth Trigger warns in the log at activation.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { PLAIN_TOKENS_MESSAGE } from '../../nodes/shared/node/plainTokens';
import { credentialsFor, runWorkflow, serveWorkflow } from '../harness';
import { NOWHERE, TOKEN, TRIGGER, tokenWorkflow, triggerWorkflow } from './authTrigger.helpers';

const START_URL = 'https://n8n.example.edu/webhook/6f1c2a57/start';

async function hintsOf(credential: Record<string, string>): Promise<unknown[]> {
	const result = await runWorkflow(
		tokenWorkflow({ operation: 'createStartLink', startUrl: START_URL, reference: 'u-1' }),
		{ credentials: credentialsFor(NOWHERE, 'member', credential as never) },
	);
	expect(result.status).toBe('success');
	return result.run.data.resultData.runData[TOKEN][0].hints ?? [];
}

it('no Token Encryption Key: the node run carries a warning hint for the output pane', async () => {
	expect(await hintsOf({})).toEqual([
		{ message: PLAIN_TOKENS_MESSAGE, type: 'warning', location: 'outputPane' },
	]);
	expect(PLAIN_TOKENS_MESSAGE).toContain('stored and logged in plain text');
});

it('with a key: no hint', async () => {
	expect(await hintsOf({ tokenEncryptionKey: 'a long token encryption passphrase' })).toEqual([]);
});

it('the Auth Trigger warns in the log when it is activated without a key', async () => {
	const logger = Container.get(Logger);
	const warnings: string[] = [];
	const spy = jest.spyOn(logger, 'warn').mockImplementation((message: string) => {
		warnings.push(message);
	});
	try {
		for (const key of ['', 'a long token encryption passphrase']) {
			const server = await serveWorkflow(triggerWorkflow(), {
				credentials: credentialsFor(NOWHERE, 'member', { tokenEncryptionKey: key } as never),
				runWebhookMethods: true,
			});
			await server.stop();
		}
	} finally {
		spy.mockRestore();
	}
	const plain = warnings.filter((w) => w.includes(PLAIN_TOKENS_MESSAGE));
	expect(plain).toEqual([`ORCID Auth Trigger "${TRIGGER}": ${PLAIN_TOKENS_MESSAGE}`]);
});

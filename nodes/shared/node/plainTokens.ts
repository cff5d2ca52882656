/**
 * The editor notice for a credential without a Token Encryption Key: researchers' tokens then
 * leave the nodes in plain text, and n8n keeps them so in saved executions and in the tables a
 * workflow writes. Shown as an execution hint in the node's output pane after a run (n8n shows
 * hints of nodes that run execute(); the Auth Trigger, which runs webhook(), warns in the log).
 */
import type { NodeExecutionHint } from 'n8n-workflow';

export const PLAIN_TOKENS_MESSAGE =
	"This node's ORCID credential has no Token Encryption Key: researchers' access and refresh tokens are stored and logged in plain text (in tables and saved executions). Set one on the credential unless you have chosen otherwise.";

interface HintTarget {
	addExecutionHints?: (...hints: NodeExecutionHint[]) => void;
}

/** Adds the hint when the credential has no key and the context can show hints. */
export function hintIfTokensPlain(ctx: unknown, encryptionKey: string | undefined): void {
	if (encryptionKey) return;
	const target = ctx as HintTarget;
	if (typeof target.addExecutionHints !== 'function') return;
	target.addExecutionHints({
		message: PLAIN_TOKENS_MESSAGE,
		type: 'warning',
		location: 'outputPane',
	});
}

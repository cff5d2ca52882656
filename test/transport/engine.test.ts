/**
 * The transport inside the real n8n engine (test/harness: n8n-core WorkflowExecute, real
 * credential injection, n8n's HTTP helpers), against a loopback server that enforces ORCID's
 * member limit: 24 requests per second with a burst of 40, 503 beyond.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

import { afterManualTrigger, ManualTrigger, runWorkflow, testCredential } from '../harness';
import type { TrafficRecord } from '../../nodes/shared/http/traffic';
import { TRANSPORT_PROBE_TYPE, TransportProbe } from '../fixtures/transport/TransportProbe.node';

const ORCID = '0000-0002-1825-0097';
const TOKEN = 'e1e1e1e1-2f2f-4a3a-8b4b-engine-researcher';
const CLIENT_ID = 'APP-ENGINETEST000001';
const CLIENT_SECRET = 'engine-test-client-secret';

interface LimitedServer {
	url: string;
	served: number;
	rejected: number;
	tokenPosts: Array<{ contentType?: string; form: Record<string, string> }>;
	close(): Promise<void>;
}

/** ORCID's front: a token bucket (rate, burst) per server; an empty bucket answers 503. */
async function startLimitedServer(rate = 24, burst = 40): Promise<LimitedServer> {
	let tokens = burst;
	let last = performance.now();
	const state: LimitedServer = {
		url: '',
		served: 0,
		rejected: 0,
		tokenPosts: [],
		close: async () => {},
	};
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (req.url === '/oauth/token') {
				const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
				state.tokenPosts.push({ contentType: req.headers['content-type'], form });
				const good = form.client_id === CLIENT_ID && form.client_secret === CLIENT_SECRET;
				res.writeHead(good ? 200 : 401, { 'Content-Type': 'application/json' });
				return res.end(
					JSON.stringify(
						good
							? { access_token: 'client-token-engine', token_type: 'bearer', scope: form.scope }
							: { error: 'invalid_client', error_description: 'Bad client credentials' },
					),
				);
			}
			const now = performance.now();
			tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
			last = now;
			if (tokens < 1) {
				state.rejected++;
				res.writeHead(503, { 'Content-Type': 'text/html' });
				return res.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
			}
			tokens -= 1;
			state.served++;
			res.writeHead(200, { 'Content-Type': 'application/vnd.orcid+json' });
			return res.end(
				JSON.stringify({ n: state.served, auth: req.headers.authorization === `Bearer ${TOKEN}` }),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	state.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return state;
}

function credentials(url: string, extra: Record<string, unknown> = {}) {
	return {
		orcidMemberOAuth2Api: {
			environment: 'custom',
			oauthBaseUrl: url,
			publicApiBaseUrl: `${url}/pub`,
			memberApiBaseUrl: `${url}/api`,
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			...extra,
		},
	};
}

function probeWorkflow(calls: number) {
	return afterManualTrigger({
		name: 'Probe',
		type: TRANSPORT_PROBE_TYPE,
		parameters: { path: `/${ORCID}/works`, token: TOKEN, calls },
	});
}

const nodeTypes = {
	[TRANSPORT_PROBE_TYPE]: new TransportProbe(),
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
};

/** Every 503 the session saw was followed by another attempt of the same call. */
function unretried503s(traffic: TrafficRecord[]): number {
	let count = 0;
	traffic.forEach((record, i) => {
		if (record.status !== 503) return;
		const next = traffic[i + 1];
		if (!next || next.retries !== record.retries + 1) count++;
	});
	return count;
}

let server: LimitedServer;
afterEach(async () => {
	await server.close();
});

it('200 calls at the credential budget (24/s, burst 40) all succeed, with no unretried 503', async () => {
	server = await startLimitedServer();
	const started = Date.now();
	const result = await runWorkflow(probeWorkflow(200), {
		nodeTypes,
		credentials: credentials(server.url, { requestsPerSecond: 24, burst: 40 }),
	});
	const elapsed = Date.now() - started;
	expect(result.nodes.Probe.error).toBeUndefined();
	expect(result.status).toBe('success');
	const answers = result.output('Probe', 0);
	expect(answers).toHaveLength(200);
	expect(answers.every((a) => a.status === 200 && (a.body as { auth: boolean }).auth)).toBe(true);
	const traffic = result.output('Probe', 1) as unknown as TrafficRecord[];
	expect(traffic.filter((t) => t.status === 200)).toHaveLength(200);
	expect(traffic.filter((t) => t.status === 503)).toHaveLength(server.rejected);
	expect(unretried503s(traffic)).toBe(0);
	// the budget, not the server, did the pacing: (200 - 40) / 24 s at least, few or no 503s
	expect(elapsed).toBeGreaterThanOrEqual(((200 - 40) / 24) * 1000 * 0.95);
	expect(server.rejected).toBeLessThanOrEqual(5);
	// API calls carried the researcher's token only: the credential was never asked for a token
	expect(server.tokenPosts).toHaveLength(0);
}, 60_000);

it('over the limit, the server really answers 503 and every one is retried', async () => {
	// A server far below the client's budget (1/s, burst 3), so that it rejects calls however
	// slowly a loaded machine sends them: 20 calls cannot fit in 3 + elapsed seconds.
	server = await startLimitedServer(1, 3);
	const result = await runWorkflow(probeWorkflow(20), {
		nodeTypes,
		credentials: credentials(server.url, { requestsPerSecond: 1000, burst: 1000 }),
	});
	expect(result.status).toBe('success');
	expect(result.output('Probe', 0)).toHaveLength(20);
	const traffic = result.output('Probe', 1) as unknown as TrafficRecord[];
	expect(server.rejected).toBeGreaterThan(0);
	expect(traffic.filter((t) => t.status === 503)).toHaveLength(server.rejected);
	expect(unretried503s(traffic)).toBe(0);
}, 60_000);

it("the credential's test posts a client-credentials form to the token endpoint", async () => {
	server = await startLimitedServer();
	const ok = await testCredential(
		'orcidMemberOAuth2Api',
		credentials(server.url).orcidMemberOAuth2Api,
	);
	expect(ok.status).toBe('OK');
	expect(server.tokenPosts).toEqual([
		{
			contentType: 'application/x-www-form-urlencoded',
			form: {
				grant_type: 'client_credentials',
				scope: '/read-public',
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
			},
		},
	]);
	const bad = await testCredential(
		'orcidMemberOAuth2Api',
		credentials(server.url, { clientSecret: 'wrong' }).orcidMemberOAuth2Api,
	);
	expect(bad.status).toBe('Error');
	const publicOk = await testCredential(
		'orcidPublicOAuth2Api',
		credentials(server.url).orcidMemberOAuth2Api,
	);
	expect(publicOk.status).toBe('OK');
});

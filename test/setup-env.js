// Keep n8n-core (InstanceSettings) from writing into $HOME/.n8n and quiet its logger.
// One folder and one fixed test-only key for every jest worker, so runs leave no litter
// behind and two workers creating the config at once write the same content.
const os = require('os');
const path = require('path');
const fs = require('fs');
if (!process.env.N8N_USER_FOLDER) {
	const dir = path.join(os.tmpdir(), 'n8n-nodes-orcid-jest');
	fs.mkdirSync(dir, { recursive: true });
	process.env.N8N_USER_FOLDER = dir;
	process.env.N8N_ENCRYPTION_KEY = 'n8n-nodes-orcid-jest-only-key';
}
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

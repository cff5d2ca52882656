#!/usr/bin/env node
'use strict';
// npm run emulator -- --port 8089 [--data FILE] [--empty] [--host 127.0.0.1] [--no-limits]
//   [--latency] [--latency-seed N]

const { startEmulator } = require('./index');

function parseArgs(argv) {
	const out = {
		port: 8089,
		host: '127.0.0.1',
		dataFile: null,
		seed: true,
		limits: true,
		latency: false,
		latencySeed: undefined,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		if (a === '--port' || a === '-p') out.port = Number(next());
		else if (a.startsWith('--port=')) out.port = Number(a.slice(7));
		else if (a === '--data') out.dataFile = next();
		else if (a.startsWith('--data=')) out.dataFile = a.slice(7);
		else if (a === '--host') out.host = next();
		else if (a === '--empty') out.seed = false;
		else if (a === '--no-limits') out.limits = false;
		else if (a === '--latency') out.latency = true;
		else if (a === '--latency-seed') out.latencySeed = Number(next());
		else if (a === '--help' || a === '-h') out.help = true;
		else throw new Error(`Unknown option ${a}`);
	}
	if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535)
		throw new Error('Invalid --port');
	return out;
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(e.message);
		process.exit(2);
	}
	if (args.help) {
		console.log(
			'Usage: npm run emulator -- --port N [--data FILE] [--empty] [--host 127.0.0.1] [--no-limits] [--latency] [--latency-seed N]',
		);
		return;
	}
	const emu = await startEmulator({
		port: args.port,
		host: args.host,
		dataFile: args.dataFile || undefined,
		seed: args.seed,
		limits: { enabled: args.limits },
		latency: args.latency ? { enabled: true, seed: args.latencySeed } : undefined,
	});
	console.log(`ORCID emulator listening on ${emu.url}`);
	console.log(`  OAuth:      ${emu.url}`);
	console.log(`  Public API: ${emu.publicApi}`);
	console.log(`  Member API: ${emu.memberApi}`);
	if (args.dataFile) console.log(`  Data file:  ${args.dataFile}`);
	if (args.latency) console.log('  Latency:    reads 150-300 ms, writes 300-600 ms, bulk POSTs 1-2 s');
	const shutdown = async () => {
		await emu.stop();
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});

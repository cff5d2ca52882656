'use strict';
// A long-lived worker running libxml2's xmllint (xmllint-wasm's Emscripten build). The package's
// own validateXML() starts a worker and compiles the wasm for every call; here the wasm is compiled
// once and a fresh instance runs per validation, which makes a write several times faster.
// The Emscripten runtime sets process.exitCode when xmllint exits, so it must not run on the main
// thread.

const fs = require('fs');
const path = require('path');
const { parentPort } = require('worker_threads');

const dir = path.dirname(require.resolve('xmllint-wasm'));
const Module = require(path.join(dir, 'xmllint-node.js'));
const wasmModule = new WebAssembly.Module(fs.readFileSync(path.join(dir, 'xmllint.wasm')));

// One memory for every run, cleared before each: the same as a new one to the program, but without
// allocating (and later collecting) 16 MB per run.
let memory = null;
function freshMemory() {
	if (!memory) memory = new WebAssembly.Memory({ initial: 256, maximum: 2048 });
	else new Uint8Array(memory.buffer).fill(0);
	return memory;
}

function run(job) {
	return new Promise((resolve) => {
		let stdout = '';
		let stderr = '';
		let done = false;
		const finish = (exitCode, extra) => {
			if (done) return;
			done = true;
			resolve({ id: job.id, exitCode, stdout, stderr: stderr + (extra || '') });
		};
		Module({
			inputFiles: [...job.docs.map(encoded), ...schemas.get(job.schemaKey)],
			arguments: job.args,
			print(text) {
				stdout += `${text}\n`;
			},
			printErr(text) {
				stderr += `${text}\n`;
			},
			onExit: (code) => finish(code),
			onAbort: (reason) => finish(-1, `WASM Abort: ${reason}`),
			instantiateWasm(imports, receive) {
				WebAssembly.instantiate(wasmModule, imports).then((instance) =>
					receive(instance, wasmModule),
				);
				return {};
			},
			wasmMemory: freshMemory(),
		}).catch((e) => finish(-1, String(e && e.message ? e.message : e)));
	});
}

// Files go in as UTF-8 bytes: given a string, the Emscripten runtime encodes it character by
// character in JavaScript, which for the XSDs cost more than validating a body.
function encoded(file) {
	return { fileName: file.fileName, contents: new Uint8Array(Buffer.from(file.contents, 'utf8')) };
}

// the XSDs of each schema set, sent once by the main thread, kept encoded
const schemas = new Map();

// one run at a time: the runs share one memory
let queue = Promise.resolve();

parentPort.on('message', (job) => {
	if (!job || job.emulatorXmllint !== true) return;
	if (job.schemaFiles) schemas.set(job.schemaKey, job.schemaFiles.map(encoded));
	queue = queue.then(async () => {
		try {
			parentPort.postMessage(await run(job));
		} catch (e) {
			parentPort.postMessage({ id: job.id, exitCode: -1, stdout: '', stderr: String(e) });
		}
	});
});

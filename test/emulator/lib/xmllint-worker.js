'use strict';
// A long-lived worker running libxml2's xmllint (xmllint-wasm's Emscripten build). The package's
// own validateXML() starts a worker and compiles the wasm for every call; here the wasm is compiled
// once. The Emscripten runtime sets process.exitCode when xmllint exits, so it must not run on the
// main thread.
//
// Most of an xmllint run is compiling its schema, so bodies are validated by long runs: one run
// per schema, given many file names, each an Emscripten device whose bytes are the next body to
// come. xmllint opens the files one after another; the device of the next file, when first read,
// takes the next job from the main thread (waiting for it: the run is synchronous), so one schema
// compile serves many bodies, each validated on its own as xmllint validates any list of files.
// Jobs come through a MessagePort read with receiveMessageOnPort, plus a shared counter to sleep
// on; results go back as messages.

const fs = require('fs');
const path = require('path');
const { parentPort, workerData, receiveMessageOnPort } = require('worker_threads');

const dir = path.dirname(require.resolve('xmllint-wasm'));
const Module = require(path.join(dir, 'xmllint-node.js'));
const wasmModule = new WebAssembly.Module(fs.readFileSync(path.join(dir, 'xmllint.wasm')));

const { port, signal } = workerData;
const wake = new Int32Array(signal);

// One memory for every run, cleared before each: the same as a new one to the program, but without
// allocating (and later collecting) 16 MB per run.
let memory = null;
function freshMemory() {
	if (!memory) memory = new WebAssembly.Memory({ initial: 256, maximum: 2048 });
	else new Uint8Array(memory.buffer).fill(0);
	return memory;
}

// Files go in as UTF-8 bytes: given a string, the Emscripten runtime encodes it character by
// character in JavaScript, which for the XSDs cost more than validating a body.
function encoded(file) {
	return { fileName: file.fileName, contents: new Uint8Array(Buffer.from(file.contents, 'utf8')) };
}

// the XSDs of each schema set, sent once by the main thread, kept encoded
const schemas = new Map();

/** The next job from the main thread, waiting for one (the main thread bumps `wake`). */
function nextJob() {
	for (;;) {
		Atomics.store(wake, 0, 0);
		const m = receiveMessageOnPort(port);
		if (m) {
			const job = m.message;
			if (job.schemaFiles) schemas.set(job.schemaKey, job.schemaFiles.map(encoded));
			return job;
		}
		// a bounded wait, so that a worker being terminated is never stuck here
		Atomics.wait(wake, 0, 0, 1000);
	}
}

/** Runs xmllint with `args`; `hooks` may add devices before main() starts. */
function xmllint(job, args, hooks = {}) {
	return new Promise((resolve) => {
		let stdout = '';
		let stderr = '';
		let done = false;
		const finish = (exitCode, extra) => {
			if (done) return;
			done = true;
			resolve({ id: job.id, exitCode, stdout, stderr: stderr + (extra || '') });
		};
		const mod = {
			inputFiles: [...(job.docs || []).map(encoded), ...schemas.get(job.schemaKey)],
			arguments: args,
			print(text) {
				stdout += `${text}\n`;
			},
			printErr: hooks.printErr
				? hooks.printErr
				: (text) => {
						stderr += `${text}\n`;
					},
			onRuntimeInitialized: () => hooks.init && hooks.init(mod),
			onExit: (code) => finish(code),
			onAbort: (reason) => finish(-1, `WASM Abort: ${reason}`),
			instantiateWasm(imports, receive) {
				WebAssembly.instantiate(wasmModule, imports).then((instance) =>
					receive(instance, wasmModule),
				);
				return {};
			},
			wasmMemory: freshMemory(),
		};
		Module(mod).catch((e) => finish(-1, String(e && e.message ? e.message : e)));
	});
}

let runs = 0;

/** A one-off run over the given files, as xmllint is run from a shell. */
async function oneRun(job) {
	runs += 1;
	const out = await xmllint(job, job.args);
	parentPort.postMessage({ ...out, runs });
}

// ---------- long runs ----------

// Files per long run. It grows while runs are used up by one schema and starts small again after
// a run ended for a body of another schema, because ending a run early still opens every file
// left (each an empty document, about 0.05 ms). The names are short: xmllint's arguments live on
// its 64 KB stack for the whole run.
const MIN_FILES = 16;
const MAX_FILES = 256;
let runFiles = MIN_FILES;

/**
 * One long run for `first.schemaKey`, starting with `first`. Resolves to the job that ended it
 * early (a body of another schema, or a one-off run), or null when every file was used.
 */
async function longRun(first) {
	const schemaKey = first.schemaKey;
	const count = runFiles;
	const names = Array.from({ length: count }, (_, i) => String(i + 1));
	const docs = new Array(count).fill(null);
	let current = -1; // the file xmllint reads, -1 while it compiles the schema
	let finished = -1; // the last file whose result was sent
	let compileLines = 0;
	let stop = null;
	docs[0] = { job: first, bytes: Buffer.from(first.xml, 'utf8'), lines: [] };

	// the result of file i: its lines, and how xmllint ended with it
	const settle = (i, status) => {
		finished = i;
		const doc = docs[i];
		if (!doc || !doc.job) return;
		parentPort.postMessage({
			id: doc.job.id,
			runs,
			// a document without a verdict (not well-formed, out of memory ...) or a schema that
			// printed something: what a one-off run says about it alone, as before
			retry: status === null || compileLines > 0,
			exitCode: status,
			lines: doc.lines,
		});
	};
	const device = (i) => {
		let pos = 0;
		return () => {
			if (current !== i) {
				// xmllint is done with the file before
				if (i > 0 && finished < i - 1) settle(i - 1, null);
				current = i;
				if (!docs[i] && !stop) {
					const job = nextJob();
					if (job.docs || job.schemaKey !== schemaKey) stop = job;
					else docs[i] = { job, bytes: Buffer.from(job.xml, 'utf8'), lines: [] };
				}
			}
			const doc = docs[i];
			return doc && pos < doc.bytes.length ? doc.bytes[pos++] : null;
		};
	};
	const statusRe = /^(\d+) (validates|fails to validate|validation generated an internal error)$/;
	const printErr = (text) => {
		if (current < 0) {
			compileLines += 1;
			return;
		}
		const doc = docs[current];
		if (!doc) return; // a file left empty because the run is ending
		// the file's own name in libxml2's messages, as a lone body is named
		const name = names[current];
		const named =
			text.startsWith(`${name}:`) || text.startsWith(`${name} `)
				? `request.xml${text.slice(name.length)}`
				: text;
		doc.lines.push(named);
		const m = statusRe.exec(text);
		if (m && m[1] === name) settle(current, m[2] === 'validates' ? 0 : 3);
	};
	const init = (mod) => {
		for (let i = 0; i < count; i++) mod.FS_createDevice('/', names[i], device(i), null);
	};
	runs += 1;
	await xmllint(first, ['--schema', schemas.get(schemaKey)[0].fileName, '--noout', ...names], {
		printErr,
		init,
	});
	if (current >= 0 && finished < current && docs[current]) settle(current, null);
	// a file never read (xmllint failed before): its body goes on alone
	for (let i = 0; i < count; i++) if (docs[i] && i > current) settle(i, null);
	runFiles = stop ? MIN_FILES : Math.min(MAX_FILES, runFiles * 2);
	return stop;
}

async function serve() {
	let job = null;
	for (;;) {
		job = job || nextJob();
		if (job.docs) {
			await oneRun(job);
			job = null;
		} else {
			job = await longRun(job);
		}
	}
}

serve().catch((e) => {
	parentPort.postMessage({ fatal: String(e && e.stack ? e.stack : e) });
});

// Runs a WASI preview1 command module on node (V8) for bench/run.sh:
//   node bench/node_wasi.mjs FILE.wasm ARGS...
// stdout/stderr/stdin are the process's; the exit code is the module's. Nothing is
// preopened (the benchmark programs need no files).
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);

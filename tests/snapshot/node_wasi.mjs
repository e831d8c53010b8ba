// Runs a wasm32-wasi program under node:wasi with one preopen and one environment
// variable: node node_wasi.mjs PROGRAM.wasm HOST_DIR GUEST_DIR KEY=VALUE [ARGS...]
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [wasm, host, guest, kv, ...args] = process.argv.slice(2);
const eq = kv.indexOf('=');
const wasi = new WASI({
  version: 'preview1',
  args: [wasm, ...args],
  env: { [kv.slice(0, eq)]: kv.slice(eq + 1) },
  preopens: { [guest]: host },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasm));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);

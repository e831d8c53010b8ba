// Runs a wasm32-wasi program under node:wasi, the reference the WASI tests compare
// with: node node_run.mjs PROGRAM.wasm SANDBOX_DIR RO_DIR [ARGS...]
// (the same preopens and environment as run_case.sh gives skiff).
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [wasm, sandbox, ro, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: [wasm, ...args],
  env: { FOO: 'bar' },
  preopens: { '/sandbox': sandbox, '/ro': ro },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasm));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);

// Runs a module's calls under node (V8) and prints one line per call, in the
// format run_shapes.py turns into WAST assertions:
//   NAME A B => VALUE | trap MESSAGE | exception
// then `memhash => VALUE`. usage: node run_node.mjs MODULE.wasm CALLS.json
import { readFileSync } from 'node:fs';

const [wasmPath, callsPath] = process.argv.slice(2);
const mod = new WebAssembly.Module(readFileSync(wasmPath));
const inst = new WebAssembly.Instance(mod, {});
const calls = JSON.parse(readFileSync(callsPath, 'utf8'));
const out = [];
for (const [name, a, b] of calls) {
  let r;
  try {
    r = String(inst.exports[name](a, b) | 0);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) r = 'trap ' + e.message;
    else if (typeof WebAssembly.Exception === 'function' && e instanceof WebAssembly.Exception) r = 'exception';
    else r = 'error ' + e;
  }
  out.push(`${name} ${a} ${b} => ${r}`);
}
out.push(`memhash => ${inst.exports.memhash() | 0}`);
console.log(out.join('\n'));

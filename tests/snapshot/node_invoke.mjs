// Calls exports of a module without imports under node, a fresh instance per call
// (its `_initialize` first, if exported),
// printing results the way `skiff run --invoke` does (or "trap"):
//   node node_invoke.mjs FILE.wasm 'name arg...' ['name arg...' ...]
import { readFile } from 'node:fs/promises';

const [file, ...calls] = process.argv.slice(2);
const module = await WebAssembly.compile(await readFile(file));
for (const call of calls) {
  const [name, ...args] = call.split(' ').filter((s) => s.length > 0);
  const { exports } = await WebAssembly.instantiate(module, {});
  try {
    // A reactor's _initialize runs first, as `skiff run --invoke` does.
    if (typeof exports._initialize === 'function') exports._initialize();
    const f = exports[name];
    let r = f(...args.map((a) => (/^-?\d+$/.test(a) && Math.abs(Number(a)) > 2 ** 31 ? BigInt(a) : Number(a))));
    if (r === undefined) r = [];
    else if (!Array.isArray(r)) r = [r];
    console.log(r.map(String).join('\n'));
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) console.log('trap');
    else throw e;
  }
}

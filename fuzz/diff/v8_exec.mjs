// V8 as a differential oracle: runs every exported function of a module as
// binaryen's `wasm-opt --fuzz-exec` does and prints the same format as
// skiff-fuzz-exec (see skiff_fuzz_exec.cc), so run_diff.py can compare them.
//
//   node v8_exec.mjs MODULE.wasm
//
// JS cannot pass or receive v128 values, so:
//   - the log-v128 import is a tiny wasm function (built here) that splits the
//     v128 into four i32 lanes and calls a JS logger;
//   - an export whose signature has a v128 is called through a wrapper module
//     that imports it with its exact type, calls it with zero arguments and
//     returns its results with every v128 split into four i32s.
// The function signatures come from a small parser of the type, import, function
// and export sections (node 20 has no type reflection by default).
import { readFileSync } from 'node:fs';

const out = [];
const print = (s) => out.push(s);
const flush = () => { process.stdout.write(out.join('\n') + (out.length ? '\n' : '')); out.length = 0; };

// ---- a minimal reader of the sections we need ----
function parseModule(bytes) {
  let p = 8;
  const u32 = () => {
    let r = 0, shift = 0, b;
    do { b = bytes[p++]; r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return r >>> 0;
  };
  const s33 = () => {  // a heap type index / abstract heap type
    let r = 0n, shift = 0n, b;
    do { b = bytes[p++]; r |= BigInt(b & 0x7f) << shift; shift += 7n; } while (b & 0x80);
    if (b & 0x40) r -= 1n << shift;
    return r;
  };
  // A value type: its encoded bytes and a short kind.
  const valtype = () => {
    const start = p;
    const b = bytes[p++];
    let kind;
    switch (b) {
      case 0x7f: kind = 'i32'; break;
      case 0x7e: kind = 'i64'; break;
      case 0x7d: kind = 'f32'; break;
      case 0x7c: kind = 'f64'; break;
      case 0x7b: kind = 'v128'; break;
      case 0x70: kind = 'funcref'; break;
      case 0x6f: kind = 'externref'; break;
      case 0x64: case 0x6b: s33(); kind = 'ref'; break;      // (ref ht): non-nullable (0x6b: pre-standard)
      case 0x63: case 0x6c: s33(); kind = 'refnull'; break;  // (ref null ht) (0x6c: pre-standard)
      default: kind = 'anyref'; break;             // other abstract reference types
    }
    return { kind, bytes: bytes.slice(start, p) };
  };
  const types = [];
  const funcTypes = [];  // type index of each function (imports first)
  const exports = [];
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u32();
    const end = p + size;
    if (id === 1) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        let form = bytes[p++];
        if (form === 0x4e) { u32(); form = bytes[p++]; }  // rec group of one (not produced by binaryen 108 here)
        if (form !== 0x60) { types.push(null); p = end; break; }
        const params = [], results = [];
        for (let k = u32(); k > 0; k--) params.push(valtype());
        for (let k = u32(); k > 0; k--) results.push(valtype());
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        for (let k = 0; k < 2; k++) { const len = u32(); p += len; }  // module, name (not `p += u32()`: p is read first)
        const kind = bytes[p++];
        if (kind === 0) funcTypes.push(u32());
        else if (kind === 1) { valtype(); const f = bytes[p++]; u32(); if (f & 1) u32(); }
        else if (kind === 2) { const f = bytes[p++]; u32(); if (f & 1) u32(); }
        else if (kind === 3) { valtype(); p++; }
        else if (kind === 4) { p++; u32(); }
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcTypes.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const len = u32();
        const name = new TextDecoder().decode(bytes.slice(p, p + len));
        p += len;
        const kind = bytes[p++];
        const index = u32();
        exports.push({ name, kind, index });
      }
    }
    p = end;
  }
  return { types, funcTypes, exports };
}

// ---- a few wasm-binary helpers for the wrapper modules ----
const leb = (n) => { const r = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; r.push(b); } while (n); return r; };
const section = (id, body) => [id, ...leb(body.length), ...body];
const vec = (items) => [...leb(items.length), ...items.flat()];
const str = (s) => [...leb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const functype = (params, results) => [0x60, ...vec(params), ...vec(results)];
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

// Zero (or null) of a value type, as instructions.
function zeroOf(t) {
  switch (t.kind) {
    case 'i32': return [0x41, 0];
    case 'i64': return [0x42, 0];
    case 'f32': return [0x43, 0, 0, 0, 0];
    case 'f64': return [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
    case 'v128': return [0xfd, 12, ...new Array(16).fill(0)];
    default: return [0xd0, ...t.bytes.slice(t.bytes[0] === 0x63 || t.bytes[0] === 0x6c ? 1 : 0)];  // ref.null ht
  }
}

// log-v128 as a wasm function calling a JS logger with the four i32 lanes.
function makeLogV128(logLanes) {
  const I32 = 0x7f, V128 = 0x7b;
  const body = [0];  // no locals
  for (let lane = 0; lane < 4; lane++) body.push(0x20, 0, 0xfd, 27, lane);  // local.get 0; i32x4.extract_lane
  body.push(0x10, 0, 0x0b);
  const bytes = [
    ...HEADER,
    ...section(1, vec([functype([I32, I32, I32, I32], []), functype([V128], [])])),
    ...section(2, vec([[...str('e'), ...str('l'), 0x00, 0]])),
    ...section(3, vec([[1]])),
    ...section(7, vec([[...str('f'), 0x00, 1]])),
    ...section(10, vec([[...leb(body.length), ...body]])),
  ];
  const inst = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), { e: { l: logLanes } });
  return inst.exports.f;
}

// A no-argument function calling `target` (of type sig) with zeros and returning its
// results with every v128 split into four i32 lanes.
function makeWrapper(target, sig) {
  const I32 = 0x7f;
  const flatResults = [];
  for (const r of sig.results) {
    if (r.kind === 'v128') flatResults.push([I32], [I32], [I32], [I32]);
    else flatResults.push([...r.bytes]);
  }
  const body = [];
  // Locals: one per result (of its own type).
  const locals = sig.results.map((r) => [1, ...r.bytes]);
  body.push(...vec(locals));
  for (const prm of sig.params) body.push(...zeroOf(prm));
  body.push(0x10, 0);  // call the import
  for (let i = sig.results.length - 1; i >= 0; i--) body.push(0x21, ...leb(i));
  sig.results.forEach((r, i) => {
    if (r.kind === 'v128') for (let lane = 0; lane < 4; lane++) body.push(0x20, ...leb(i), 0xfd, 27, lane);
    else body.push(0x20, ...leb(i));
  });
  body.push(0x0b);
  const bytes = [
    ...HEADER,
    ...section(1, vec([functype(sig.params.map((t) => [...t.bytes]), sig.results.map((t) => [...t.bytes])),
                       functype([], flatResults)])),
    ...section(2, vec([[...str('m'), ...str('f'), 0x00, 0]])),
    ...section(3, vec([[1]])),
    ...section(7, vec([[...str('w'), 0x00, 1]])),
    ...section(10, vec([[...leb(body.length), ...body]])),
  ];
  const inst = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), { m: { f: target } });
  return inst.exports.w;
}

// ---- printing ----
function fmtNum(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  // Never an integer-looking text for a float whose digits are not exact
  // (String(2**62) is "4611686018427388000"): the driver reads those as integers.
  if (Number.isInteger(x) && Math.abs(x) >= 2 ** 53) return x.toExponential();
  return String(x);
}
const hex8 = (x) => '0x' + (x >>> 0).toString(16).padStart(8, '0');
const lanesText = (a, b, c, d) => `i32x4 ${hex8(a)} ${hex8(b)} ${hex8(c)} ${hex8(d)}`;

function fmtValues(values, types) {
  const texts = [];
  let k = 0;
  for (const t of types) {
    if (t.kind === 'v128') { texts.push(lanesText(values[k], values[k + 1], values[k + 2], values[k + 3])); k += 4; continue; }
    const v = values[k++];
    if (t.kind === 'i32' || t.kind === 'i64') texts.push(String(v));
    else if (t.kind === 'f32' || t.kind === 'f64') texts.push(fmtNum(v));
    else texts.push(types.length === 1 ? t.kind : `${t.kind}(${v === null ? 'null' : 'nonnull'})`);
  }
  return texts.length === 1 ? texts[0] : '(' + texts.join(', ') + ')';
}

function fnv1a(u8) {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < u8.length; i++) h = Math.imul(h ^ u8[i], 16777619) >>> 0;
  return h;
}

function describeError(e) {
  if (e instanceof WebAssembly.RuntimeError) return `[trap ${e.message}]`;
  if (typeof WebAssembly.Exception === 'function' && e instanceof WebAssembly.Exception) return '[exception thrown: wasm exception]';
  if (e instanceof RangeError && /call stack/i.test(e.message)) return `[trap call stack exhausted (${e.message})]`;
  return `[js-error ${e && e.message ? e.message : String(e)}]`;
}

// ---- main ----
const bytes = new Uint8Array(readFileSync(process.argv[2]));
let module;
try {
  module = new WebAssembly.Module(bytes);
} catch (e) {
  print(`[invalid ${e.message}]`);
  flush();
  process.exit(0);
}
const info = parseModule(bytes);
const logLine = (parts) => print('[LoggingExternalInterface logging ' + parts.join(' ') + ']');
const fuzzing = {
  'log-i32': (x) => logLine([String(x)]),
  'log-i64': (x) => logLine([String(BigInt.asIntN(32, x)), String(BigInt.asIntN(32, x >> 32n))]),
  'log-f32': (x) => logLine([fmtNum(x)]),
  'log-f64': (x) => logLine([fmtNum(x)]),
  'log-v128': makeLogV128((a, b, c, d) => logLine([lanesText(a, b, c, d)])),
};
let instance;
try {
  instance = new WebAssembly.Instance(module, { 'fuzzing-support': fuzzing });
} catch (e) {
  if (e instanceof WebAssembly.RuntimeError) print(describeError(e));
  else print(`[instantiate-error ${e.message}]`);
  flush();
  process.exit(0);
}
const ex = instance.exports;
const memory = ex.memory instanceof WebAssembly.Memory ? ex.memory : null;
for (const e of info.exports) {
  if (e.kind !== 0) continue;
  print(`[fuzz-exec] calling ${e.name}`);
  const sig = info.types[info.funcTypes[e.index]];
  try {
    if (ex.hangLimitInitializer) ex.hangLimitInitializer();
    if (sig.params.some((t) => t.kind === 'ref')) {
      print('[trap fuzzer can only send defaultable parameters to exports]');
    } else {
      const hasV128 = sig.params.some((t) => t.kind === 'v128') || sig.results.some((t) => t.kind === 'v128');
      let r;
      if (hasV128) {
        r = makeWrapper(ex[e.name], sig)();
      } else {
        const args = sig.params.map((t) => (t.kind === 'i64' ? 0n : t.kind === 'i32' || t.kind[0] === 'f' ? 0 : null));
        r = ex[e.name](...args);
      }
      if (sig.results.length > 0) {
        const values = Array.isArray(r) ? r : [r];
        print(`[fuzz-exec] note result: ${e.name} => ${fmtValues(values, sig.results)}`);
      }
    }
  } catch (err) {
    print(describeError(err));
  }
  if (memory) print(`[memhash ${hex8(fnv1a(new Uint8Array(memory.buffer)))} ${memory.buffer.byteLength / 65536}]`);
  if (out.length > 256) flush();
}
flush();

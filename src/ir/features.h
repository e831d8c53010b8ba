// Which WebAssembly features a module may use.
//
// Skiff implements all of WebAssembly 3.0 (plus threads), and that is the
// default. Turning a feature off gives the rules of an older baseline, as an
// embedder may want (wasmtime's Config::wasm_multi_memory(false) ...) and as
// the proposal testsuites need: the threads proposal's tests are written against
// WebAssembly 1.0, where a second memory or table is invalid and text-format
// limits are 32-bit numbers.
#pragma once

namespace skiff::ir {

struct Features {
  bool multi_memory = true;  // more than one memory (3.0)
  bool multi_table = true;   // more than one table (2.0, reference types)
  bool memory64 = true;      // 64-bit address types; text limits read as u64 (3.0)

  static Features wasm3() { return {}; }
  // WebAssembly 1.0 + threads: the baseline of ../testsuite/proposals/threads.
  static Features wasm1_threads() {
    Features f;
    f.multi_memory = false;
    f.multi_table = false;
    f.memory64 = false;
    return f;
  }
};

}  // namespace skiff::ir

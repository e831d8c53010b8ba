// Module validation (WebAssembly 3.0, plus threads' shared memories and the
// custom-page-sizes proposal).
//
// validate() checks, in the reference interpreter's order: the type section (rec
// groups and declared subtyping), imports, tags, function declarations, memories,
// tables (with their initialisers), globals (each may read the imported and the
// preceding globals), data and element segments, function bodies (through the body
// checker), the start function and the exports. Messages use the spec testsuite's
// wording ("unknown table 1", "duplicate export name", "sub type", ...) and errors
// found inside an expression carry its byte offset and function index.
//
// C.refs, the functions a body may name with ref.func, is every function index
// mentioned outside function bodies and the start section: in globals, tables,
// element and data segments, and function exports.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ir/features.h"
#include "ir/module.h"
#include "support/result.h"
#include "valid/subtyping.h"

namespace skiff::valid {

struct ValidateOptions {
  // Interner for canonical type ids; a private one when null. Passing
  // TypeInterner::process_wide() shares canonical ids with the runtime, but then the
  // groups of modules that fail validation stay interned too (the interner never
  // forgets): pass it only for modules from trusted sources, or canonicalise again
  // with the shared interner after validation succeeds.
  std::shared_ptr<TypeInterner> interner;
  // Check function bodies (off: module-level rules only).
  bool check_bodies = true;
  // The features a module may use (default: all of 3.0).
  ir::Features features;
  // Threads for checking function bodies: 0 = automatic (one per core for modules
  // with more than ~256 KiB of code per core), 1 = the calling thread only.
  // (SKIFF_COMPILE_THREADS in the environment overrides automatic.)
  unsigned threads = 0;
  // Bodies a thread claims at a time (tests use 1 so that small modules are split).
  size_t chunk = 64;
};

Status validate(const ir::Module& m, const ValidateOptions& options = {});

// The C.refs set as a bitmap over the function index space.
std::vector<bool> declared_func_refs(const ir::Module& m);

}  // namespace skiff::valid

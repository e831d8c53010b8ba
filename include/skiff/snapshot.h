// skiff::preinitialize: Wizer-style pre-initialisation. A module's init function
// runs once, here, and its effect is written into a new module that starts in
// that state (`skiff snapshot`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "skiff/export.h"
#include "skiff/instance.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/result.h"
#include "skiff/store.h"

namespace skiff {

/// How to pre-initialise.
struct PreinitOptions {
  /// The init function: the first of these exports that the module has. It must
  /// take no parameters and return nothing.
  std::vector<std::string> init_funcs{"wizer.initialize", "_initialize"};
};

/// The pre-initialised module and what went into it.
struct Preinitialized {
  /// A valid, standalone binary module.
  std::vector<uint8_t> wasm;
  /// The export that ran (dropped from the new module's exports).
  std::string init_func;
  /// Bytes of the module's own memories after init, and how much of it the new
  /// data segments hold (runs of zeros are left out).
  uint64_t memory_bytes = 0;
  uint64_t data_bytes = 0;
  uint32_t data_segments = 0;
  uint32_t elem_segments = 0;
  /// GC structs and arrays reachable from globals and tables, each baked as a new
  /// immutable global (the module's other globals are renumbered after them).
  uint32_t gc_objects = 0;
};

/// Instantiates `module` in `store` with `linker` (its start function runs), calls
/// the init function, and writes a module whose memories, globals and tables hold
/// the state after it: every defined memory's contents as data segments (min = its
/// size after init), every defined global's value as its initialiser, every defined
/// table's entries as element segments; the start section and the init export are
/// dropped, everything else (code, other exports, imports, names) is unchanged.
/// A reference to one of the module's imported functions (a host function
/// included) is written as `ref.func` of the import, which is linked again when the
/// new module is instantiated; a passive segment dropped during init stays dropped.
/// An Error says why a state cannot be snapshotted: imported memories, tables or
/// mutable globals; GC objects, exceptions or host references in globals or
/// tables; WASI files or sockets left open (only stdio and the preopens may be,
/// at their original descriptors); passive segments are fine, dropped or not. A
/// trap in the start or init function (proc_exit included) is an InstantiateError
/// with the Trap. WASI state (args, env, preopens) read during init is baked in:
/// run the new module with the same preopens at the same descriptors.
SKIFF_API Result<Preinitialized, InstantiateError> preinitialize(const Linker& linker, Store& store,
                                                                 const Module& module,
                                                                 const PreinitOptions& options = {});

}  // namespace skiff

// Pre-initialisation (Wizer-style snapshots): the state of an instance after its
// init function ran, written back as a new module.
//
// Design note.
//
// The new module is the original one with its state baked in and nothing else
// changed: the same types, imports, functions (bodies byte for byte), exports
// (minus the init function's), names and custom sections, and the same index
// spaces, so every index in a body still means what it meant. (Exception: when
// GC objects are baked, the defined globals move up, see below.)
//   - Memories: min = the size after init; the contents become active data
//     segments appended after the original ones, runs of zeros dropped (two runs
//     closer than kDataGap bytes share a segment; the gap grows if there would be
//     more than kMaxDataSegments segments).
//   - Globals: every defined global (mutable or not) gets its value as its
//     initialiser: a constant, `ref.null`, `ref.func i`, `ref.i31`, or `global.get`
//     of a GC object's global.
//   - GC objects (structs, arrays) reachable from globals and tables: one new
//     immutable global each, children first, placed before the module's own
//     defined globals, which are renumbered (preinit_gc.h).
//   - Tables: min = the size after init; the non-null entries become active element
//     segments appended after the original ones (`ref.func i` of any function of the
//     instance's index space, imports included: the import is linked again by name).
//   - Segments keep their indices and their state: an active segment was applied and
//     dropped at instantiation, so it becomes a dropped one (data: an empty passive
//     segment; elements: a declarative one with the same items, which keeps the
//     `ref.func` declarations the bodies rely on); a passive segment that init
//     dropped is turned into the same; a live passive one is kept.
//   - The start function already ran: the start section goes (a new one fills
//     big GC arrays, preinit_gc.h). The init export goes.
// Refused (an Error saying why): imported memories and tables and mutable imported
// globals (their state belongs to whoever provides them; checked before running
// anything), cycles of GC objects, immutable arrays too big for a constant
// expression (preinit_gc.h), exceptions reachable from globals, tables or objects, host
// references, functions of another instance or of the host that are not imports of this module, and WASI descriptors that a fresh start
// would not have (files, directories or sockets opened during init and left open,
// stdio or preopens closed or renumbered).
#pragma once

#include <cstdint>
#include <string_view>

#include "ir/module.h"
#include "runtime/instance.h"
#include "support/result.h"
#include "wasi/wasi.h"

namespace skiff::snapshot {

struct PreinitStats {
  uint64_t memory_bytes = 0;   // sizes of the defined memories after init
  uint64_t data_bytes = 0;     // bytes in the new data segments
  uint32_t data_segments = 0;  // new data segments
  uint32_t elem_segments = 0;  // new element segments
  uint32_t gc_objects = 0;     // structs and arrays baked (one new global each)
};

inline constexpr uint64_t kDataGap = 32;
inline constexpr size_t kMaxDataSegments = 50'000;  // V8 takes at most 100,000

// Before instantiating: the imports whose state cannot be baked (see above).
Status check_module(const ir::Module& m);

// After init: the WASI descriptor table is what a fresh start with the same
// configuration gives (stdio, then the preopens, then the listening sockets).
Status check_wasi(wasi::WasiCtx& ctx);

// The module of `inst` with the instance's current state baked in; the export
// named `init_export` (if any) is dropped.
Result<ir::Module> snapshot_instance(const rt::Instance& inst, std::string_view init_export,
                                     PreinitStats* stats = nullptr);

}  // namespace skiff::snapshot

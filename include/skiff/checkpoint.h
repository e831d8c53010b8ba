// skiff: checkpoint/restore of a running instance.
//
// A call can stop at a safepoint (a function entry or loop header: the checks that
// fuel and interruption compile in) and leave a checkpoint: the instance's memories
// (only non-zero 64 KiB chunks), globals, tables, the wasm call stack with every
// frame's values and positions, the WASI state (args, env, preopens, open files by
// path and offset, the guest's monotonic and CPU-time clocks) and the remaining
// fuel. On resume the monotonic and CPU-time clocks continue from their times at
// the checkpoint (never backwards; the stopped time is not seen); the realtime
// clock stays the host's wall-clock time, as a fresh run would see it. The
// checkpoint's bytes resume in another store, in another process, even after the
// first one has exited:
//
//   // run
//   StoreLimits l; l.fuel = ~0ull;                  // or l.interruptible = true
//   Store store(engine, l);  ... set_wasi, instantiate ...
//   arm_checkpoint(store, {.after_fuel = 1'000'000});  // or request_checkpoint() later
//   auto r = start.call({});
//   if (!r.ok() && checkpoint_stopped(store)) bytes = checkpoint(store, instance);
//
//   // resume (elsewhere)
//   auto info = checkpoint_info(bytes);   // how to make the store
//   Store store2(engine, info->limits());  ... set_wasi(*info->wasi) ...
//   auto instance2 = instantiate_for_restore(store2, linker, module);  // no start function
//   restore(store2, instance2, bytes);    // state in place, frames staged
//   auto r2 = resume(store2);             // runs to the end: results or a trap
//
// The module is identified by a hash of its binary encoding; a checkpoint of another
// module, another Skiff version or build, or a corrupted or truncated file is
// refused with an Error saying which. GC objects (structs, arrays, i31), caught
// exceptions (exnref) and funcrefs of the instance are saved wherever they are held:
// globals, tables, element segments, other objects, and the params, locals and
// operand stacks (also legacy catches' exceptions) of the stopped frames; sharing
// and identity (ref.eq) survive. Not saveable (refused when taking it): host values
// (externrefs the embedder made), host functions in references, exceptions of tags
// that are not the instance's (defined or imported), sockets,
// files deleted while open, a stop inside a wasm call made by a host function. Frames of compiled (tier-1) code would have to be de-optimised to
// interpreter frames at the safepoint; there is no tier 1 yet, so every frame is an
// interpreter frame.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "skiff/export.h"
#include "skiff/instance.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/result.h"
#include "skiff/store.h"
#include "skiff/trap.h"
#include "skiff/val.h"
#include "skiff/wasi.h"

namespace skiff {

/// When a running call stops for a checkpoint.
struct CheckpointTrigger {
  /// At the first safepoint after this many units of fuel from now (the store
  /// needs StoreLimits::fuel). Without it, only request_checkpoint() stops.
  std::optional<uint64_t> after_fuel;
};

/// Arms checkpoints in `store` (made with StoreLimits::fuel or interruptible, so
/// that its code has safepoints). A stop ends the running call with a Trap for
/// which checkpoint_stopped() is true.
SKIFF_API Status arm_checkpoint(Store& store, const CheckpointTrigger& trigger = {});
/// Asks for a checkpoint at the next safepoint (after arm_checkpoint). Safe to call
/// from a signal handler or another thread.
SKIFF_API void request_checkpoint(Store& store);
/// True when the store's last call stopped for a checkpoint that checkpoint() has
/// not taken yet.
SKIFF_API bool checkpoint_stopped(const Store& store);
/// The checkpoint of the stopped call of `instance`, as the bytes of a file. An
/// Error says what cannot be saved.
/// `module_path` is kept in the file as a hint for the resuming side
/// (CheckpointInfo::module_path); the module itself is checked by hash.
SKIFF_API Result<std::vector<uint8_t>> checkpoint(Store& store, const Instance& instance,
                                                  const std::string& module_path = {});

/// How to make the store that resumes a checkpoint.
struct CheckpointInfo {
  /// What checkpoint() was given as the module's path.
  std::string module_path;
  /// Remaining fuel when the original store had fuel.
  std::optional<uint64_t> fuel;
  /// The original code had memory 0 on guard pages (Config::guard_pages must match).
  bool guard_pages = true;
  /// The WASI configuration (args, env, preopens), when the program had WASI.
  std::optional<WasiConfig> wasi;
  /// StoreLimits giving the same code: the fuel, else interruptible.
  StoreLimits limits() const {
    StoreLimits l;
    l.fuel = fuel;
    l.interruptible = true;
    return l;
  }
};
/// Checks the checkpoint's container (length, checksum, Skiff version) and reads
/// what the resuming store needs.
SKIFF_API Result<CheckpointInfo> checkpoint_info(std::span<const uint8_t> bytes);
/// Instantiates `module` in `store` for restore(): imports resolved as
/// Linker::instantiate resolves them, but the start function is not run (the
/// checkpointed run ran it; its effects are in the checkpoint's state). Nor does
/// anything here or in resume() call _initialize.
SKIFF_API Result<Instance, InstantiateError> instantiate_for_restore(Store& store, const Linker& linker,
                                                                     const Module& module);
/// Puts the checkpoint's state into `instance`, a fresh instance of the same module
/// in a store made as checkpoint_info() says (its WASI set from info.wasi), and
/// stages its frames for resume(). Refuses another module, version or a damaged file,
/// and, for a module with a start function, an instance not made by
/// instantiate_for_restore() (its start function would have run twice).
SKIFF_API Status restore(Store& store, const Instance& instance, std::span<const uint8_t> bytes);
/// Continues the staged frames to the end: the original call's results, or its trap
/// (which may be another checkpoint stop).
SKIFF_API Result<std::vector<Val>, Trap> resume(Store& store);

}  // namespace skiff

// Threads: shared memories and wasi-threads.
//
// What may cross OS threads:
//  * Engine, Module, SharedMemory: thread-safe handles; copy them freely and use
//    them from any thread at once.
//  * Linker: may be shared once it is set up (instantiate() and get() only read
//    it); defining into it while another thread uses it is not allowed.
//  * Store and everything made in or for it (Instance, Func, Memory, Table,
//    Global, Tag, Caller): one thread at a time. Give each thread its own Store;
//    threads communicate through a SharedMemory that each store imports.
// Guest memory accesses of different threads to a shared memory follow the
// threads proposal (atomics are sequentially consistent; plain accesses race as
// they do natively); memory.atomic.wait / notify work across stores and threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "skiff/engine.h"
#include "skiff/export.h"
#include "skiff/module.h"
#include "skiff/result.h"
#include "skiff/types.h"

namespace skiff {

class Linker;

/// A shared linear memory (`(memory N M shared)`), owned by no store: copies of
/// the handle share it, and it lives while a handle or an instance importing it
/// lives. Its bytes never move (data() is stable across grow()).
class SKIFF_API SharedMemory {
 public:
  /// A null handle.
  SharedMemory() = default;
  /// A new shared memory: `type.shared` must be set and `type.limits.max` given.
  static Result<SharedMemory> create(const Engine& engine, const MemoryType& type);

  explicit operator bool() const { return impl_ != nullptr; }
  MemoryType type() const;
  uint8_t* data() const;
  uint64_t size() const;   ///< bytes (read atomically; another thread may grow it)
  uint64_t pages() const;
  /// Grows by `delta` pages (thread-safe); the old size in pages, or an Error.
  Result<uint64_t> grow(uint64_t delta);

  /// Internal: the runtime memory (an rt::Memory).
  const std::shared_ptr<void>& impl() const { return impl_; }
  explicit SharedMemory(std::shared_ptr<void> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<void> impl_;
};

/// The threads of one wasi-threads program (WasiThreadsConfig::group): lets the
/// embedder stop them and wait for them. Thread-safe.
///
/// Limits, fuel and interruption of spawned threads. Each thread runs in a Store
/// of its own, made with the spawning store's StoreLimits (memory, table and GC
/// caps; `fuel` as a budget of its own for each thread, as fuel is per store;
/// always interruptible; no `timeout`, which times the main thread's call) and its
/// ResourceLimiter (then called from several threads: it must be thread-safe).
/// Interrupting the program stops every thread: interrupt() here, or interrupting
/// a store that spawned threads (Store::interrupt, InterruptHandle, a timeout)
/// while any spawned thread runs, which a watcher notices within ~5 ms, unless
/// that store's own code takes the request first (it then traps "interrupted":
/// call interrupt() here after a main call that trapped).
class SKIFF_API WasiThreadGroup {
 public:
  WasiThreadGroup();
  ~WasiThreadGroup();
  WasiThreadGroup(const WasiThreadGroup&) = delete;
  WasiThreadGroup& operator=(const WasiThreadGroup&) = delete;

  /// Stops the program: interrupts the store of every running thread and of every
  /// store that spawned one (each traps "interrupted" at its next function entry or
  /// loop iteration), wakes the threads parked in memory.atomic.wait on the
  /// program's shared memories so that they reach such a check, and makes
  /// thread-spawn fail (-EAGAIN) from then on. Threads that trap because of it end
  /// quietly (no on_exit). Idempotent.
  void interrupt();
  bool interrupted() const;
  /// Spawned threads whose store still exists.
  size_t running() const;
  /// Waits until no spawned thread runs, at most `timeout`; true when none runs.
  bool wait_idle(std::chrono::nanoseconds timeout) const;

  struct Impl;
  const std::shared_ptr<Impl>& impl() const { return impl_; }

 private:
  std::shared_ptr<Impl> impl_;
};

/// wasi-threads (`wasi` `thread-spawn`) for instances of `module`.
struct WasiThreadsConfig {
  /// Called once, for the first thread that calls proc_exit (status) or traps (134,
  /// with the trap's message); the program's other threads are then interrupted
  /// (as WasiThreadGroup::interrupt) and the thread ends. Without it: print a
  /// trap's message to stderr, flush stdio and std::_Exit(status), as wasmtime ends
  /// the process.
  std::function<void(int status, const std::string& message)> on_exit;
  /// Optional: a group (std::make_shared<WasiThreadGroup>()) through which the
  /// embedder stops the program's threads or waits for them.
  std::shared_ptr<WasiThreadGroup> group;
};

/// Defines `wasi` `thread-spawn` in `linker`. Each call spawns an OS thread with a
/// fresh Store (sharing the spawning store's WASI context, whose descriptor table
/// is locked per call) and a fresh instance of `module`, whose imports are the
/// WASI functions, thread-spawn, and the shared memories defined in `linker` with
/// Linker::define_shared_memory (when this is called: define them first); it then
/// calls the export `wasi_thread_start(tid, arg)`. thread-spawn returns the new
/// thread's id (> 0) or a negative error. A thread's proc_exit or trap ends the
/// whole program (config.on_exit). See WasiThreadGroup for limits, fuel and
/// interruption.
SKIFF_API Status define_wasi_threads(Linker& linker, const Engine& engine, const Module& module,
                                     WasiThreadsConfig config = {});

}  // namespace skiff

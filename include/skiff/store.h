// skiff::Store: the world of one set of instances, with its resource limits.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "skiff/engine.h"
#include "skiff/export.h"
#include "skiff/limiter.h"
#include "skiff/profile.h"
#include "skiff/result.h"
#include "skiff/wasi.h"

namespace skiff {

namespace detail {
struct StoreImpl;
}

/// Limits applied to everything running in one store.
struct StoreLimits {
  /// Largest size of each linear memory, in bytes (memory.grow past it returns -1;
  /// a module declaring more fails to instantiate).
  uint64_t max_memory_bytes = uint64_t(1) << 32;
  /// Largest number of elements of each table.
  uint64_t max_table_elements = 10'000'000;
  /// Bytes of GC structs and arrays alive at once ("out of memory" trap past it).
  uint64_t max_gc_heap_bytes = uint64_t(4) << 30;
  /// Fuel: when set, every executed wasm instruction costs one unit and running
  /// out traps with "all fuel consumed". Refill with Store::set_fuel.
  std::optional<uint64_t> fuel;
  /// Make Store::interrupt() work (checks at function entries and loop back-edges;
  /// without it and without fuel/timeout, running code pays nothing for them).
  bool interruptible = false;
  /// Interrupt each call from the host that runs longer than this.
  std::optional<std::chrono::nanoseconds> timeout;
};

/// Asks a store's running code to stop; copyable, usable from any thread, and
/// safe to use after the store is gone (it then does nothing).
class SKIFF_API InterruptHandle {
 public:
  /// Same as Store::interrupt() (nothing once the store is gone).
  void interrupt() const;
  /// Internal.
  explicit InterruptHandle(std::shared_ptr<void> state) : state_(std::move(state)) {}

 private:
  std::shared_ptr<void> state_;
};

/// Owns instances and the objects they make (functions, memories, tables,
/// globals, GC objects). A store is used by one thread at a time; objects (Func,
/// Memory, ...) are handles valid while their store lives.
class SKIFF_API Store {
 public:
  /// A store of `engine` with `limits`.
  explicit Store(const Engine& engine, StoreLimits limits = {});
  /// Frees everything the store owns (handles into it become invalid).
  ~Store();
  /// Movable (handles stay valid), not copyable.
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  /// The limits the store was made with.
  const StoreLimits& limits() const;
  /// Sets the remaining fuel (needs limits().fuel).
  Status set_fuel(uint64_t units);
  /// Remaining fuel (0 when fuel is off).
  uint64_t fuel() const;
  /// Stops running code with the trap "interrupted" at its next function entry or
  /// loop iteration (needs limits().interruptible or fuel or timeout). Thread-safe.
  /// A request made while nothing runs stops the next call.
  void interrupt();
  /// A handle that interrupts this store from any thread.
  InterruptHandle interrupt_handle() const;
  /// Gives the store's instances WASI (used by Linker::define_wasi): opens the
  /// preopened directories (an Error names one that cannot be opened).
  Status set_wasi(const WasiConfig& config);
  /// The status the guest passed to proc_exit, if it did.
  std::optional<int> wasi_exit_code() const;
  /// What the guest wrote to its stdout / stderr when the WASI configuration keeps
  /// it in memory (WasiConfig::stdout_capacity / stderr_capacity); nullopt otherwise.
  std::optional<WasiOutput> wasi_stdout() const;
  std::optional<WasiOutput> wasi_stderr() const;
  /// Empties the in-memory stdout and stderr (their overflowed flags too), making
  /// room for more output.
  void wasi_clear_output();
  /// The embedder's say over memory and table sizes (see ResourceLimiter), shared
  /// with the caller; null removes it. Asked for the memories and tables made and
  /// grown from then on, in this store only.
  void set_limiter(std::shared_ptr<ResourceLimiter> limiter);
  /// The current limiter (null when none).
  ResourceLimiter* limiter() const;
  /// Runs the garbage collector now.
  void gc();
  /// Starts the sampling profiler (skiff/profile.h) on the calling thread, which
  /// must be the one making the calls into this store; restarting keeps the samples
  /// so far. An Error when one is already running or the timer cannot be made.
  Status start_profiling(const ProfileOptions& options = {});
  /// Stops it (samples stay until the next start_profiling after a write).
  Status stop_profiling();
  /// The profile so far: counts, and the flame graph or folded stacks as text.
  ProfileStats profile_stats() const;
  Result<std::string> profile_text(ProfileFormat format) const;
  /// Writes it to `path`: SVG when the name ends in ".svg", else folded stacks.
  Status write_profile(const std::string& path) const;
  /// Config::tier auto compiles hot code on a background thread of the store.
  /// This compiles nothing more for this store (what is compiled keeps running)
  /// and, with `wait`, waits for a batch in progress. Call it before exit() while
  /// the store is alive: exit() destroys the compiler's static objects under a
  /// running compile. Without `wait` it returns at once, true when a batch is
  /// still compiling: then leave with _Exit / quick_exit instead of exit() (a
  /// batch can take seconds). Destroying the store waits too; without tier
  /// auto, a no-op that returns false.
  bool stop_background_compilation(bool wait = true);
  /// An embedder's pointer, kept for it.
  void set_user_data(void* data);
  void* user_data() const;

  /// Internal: the implementation.
  detail::StoreImpl* impl() const { return impl_.get(); }

 private:
  std::unique_ptr<detail::StoreImpl> impl_;
};

}  // namespace skiff

// skiff::Engine: process-level configuration shared by modules and stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "skiff/export.h"

namespace skiff {

namespace detail {
struct EngineImpl;
}

/// Which tier runs wasm code (Config::tier).
enum class Tier : uint8_t {
  /// Tier 0, the interpreter: no compile time, the reference for every result.
  Interpreter = 0,
  /// Tier 1: each module is compiled with LLVM (libskiff_compiler.so, loaded on
  /// first use) when one of its functions first runs; functions the compiler
  /// cannot handle yet run in the interpreter. Results, traps and fuel are the
  /// same as in tier 0. A build without the compiler (-DSKIFF_LLVM=OFF) fails
  /// Module creation with the reason.
  Compiler = 1,
  /// Start in tier 0; a module whose functions get hot (calls and loop
  /// iterations counted by the interpreter) is compiled on a background thread
  /// and later calls run its compiled code. Needs the compiler, as Compiler.
  Auto = 2,
};

/// Engine configuration. The defaults are what most embedders want.
struct Config {
  /// Reserve address space for each 32-bit memory (memory_reservation +
  /// memory_guard_size below) so that, with the default sizes, bounds checks are
  /// done by the MMU (a fault becomes the "out of bounds memory access" trap). When
  /// false (the same as memory_reservation = 0), or when the reservation fails,
  /// memories are ordinary allocations with explicit checks.
  bool guard_pages = true;
  /// Bytes of address space reserved for each 32-bit memory with 64 KiB pages, in
  /// which it grows in place (wasmtime's name). The default, 4 GiB, together with
  /// the default guard, covers every address an instruction can form, so accesses
  /// need no bounds checks: the fastest code, but ~8 GiB of address space per
  /// memory (about 16,000 live memories fill a 47-bit address space; past 4,096
  /// the fault handler cannot track them and explicit checks are used).
  /// Smaller (e.g. 64 MiB): accesses are bounds-checked explicitly, a memory grows
  /// in place while it fits and then moves (one copy; later growth remaps); the
  /// choice for many live instances. 0 reserves nothing: every memory is an
  /// ordinary allocation. Memory64 and custom page sizes never reserve.
  uint64_t memory_reservation = uint64_t(1) << 32;
  /// Bytes of inaccessible address space after each reservation. Bounds checks
  /// are elided only when memory_reservation >= 4 GiB and memory_guard_size >=
  /// 4 GiB + 64 KiB (the default); otherwise it only catches stray host accesses.
  uint64_t memory_guard_size = (uint64_t(1) << 32) + (uint64_t(1) << 16);
  /// Threads that decode and validate the function bodies of a large module (more
  /// than ~256 KiB of code per thread): 0 = one per core, 1 = the compiling thread
  /// only (SKIFF_COMPILE_THREADS=N in the environment replaces automatic).
  /// Results and errors are the same for any number.
  unsigned compile_threads = 0;
  /// Bytes of the wasm value stack per store (frames of locals and operands).
  /// Exceeding it traps with "call stack exhausted".
  size_t max_wasm_stack = size_t(64) << 20;
  /// Nested wasm calls per store. Exceeding it traps with "call stack exhausted".
  uint32_t max_call_depth = 100'000;
  /// Deterministic execution, for runs that must replay the same (`skiff run
  /// --deterministic`, record/replay): a module with a shared memory (threads)
  /// fails to compile, and every NaN made by a float operation (arithmetic, sqrt,
  /// min/max, ceil/floor/trunc/nearest, demote/promote, their SIMD forms per lane,
  /// the relaxed madd/nmadd/min/max) is the canonical NaN: f32 0x7fc00000, f64
  /// 0x7ff8000000000000 (positive, quiet bit only), whatever the host CPU makes.
  /// Operations the spec defines bit for bit keep their bits: loads, stores,
  /// constants, reinterpretations, abs/neg/copysign, pmin/pmax, select. Costs one
  /// more dispatch per such float operation. Relaxed SIMD always takes the spec's
  /// first choice (A_0) in every mode.
  bool deterministic = false;
  /// WebAssembly 3.0 features that may be turned off (everything is on by default):
  /// more than one memory, and 64-bit memories and tables.
  bool multi_memory = true;
  bool memory64 = true;
  /// Trap backtraces name each frame's source file, line and function from the
  /// module's DWARF sections (clang -g) when it has them.
  bool backtrace_details = true;
  /// Which tier runs wasm code (see Tier). The environment variable SKIFF_TIER
  /// (0, 1 or auto), when set, overrides it for every engine (for test runs).
  /// Tier 1 does not run with checkpoints, the sampling profiler or
  /// record/replay yet (they need the interpreter's frames): use tier 0 there.
  Tier tier = Tier::Interpreter;
};

/// Configuration shared by the modules and stores made from it. Copies share one
/// engine; thread-safe.
class SKIFF_API Engine {
 public:
  /// An engine with `config`.
  explicit Engine(Config config = {});
  /// Its configuration.
  const Config& config() const;

  /// Internal.
  const std::shared_ptr<detail::EngineImpl>& impl() const { return impl_; }

 private:
  std::shared_ptr<detail::EngineImpl> impl_;
};

}  // namespace skiff

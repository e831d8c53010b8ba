// The code map: which compiled function a machine-code address belongs to.
//
// Process-wide, because compiled frames of several executors (stores) can share
// one native stack (a host function of one store calling into another). Each
// loaded module registers the [begin, end) range of every function symbol of its
// object (st_value/st_size): native entries "f<i>" name defined function i, slot
// wrappers "s<i>" are marked as such (they are entry glue, not wasm frames).
// Lookups take a shared lock: they run when a trap's backtrace is built, never in
// a signal handler (the fault hook records raw addresses only).
//
// Also the perf integration: with SKIFF_PERF_MAP=1 in the environment, every range
// registered is appended to /tmp/perf-PID.map (debuginfo::PerfMap) under the
// function's wasm name, so `perf report` names compiled frames.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/trap.h"

namespace skiff::rt {
struct CompiledModule;
}

namespace skiff::compiler {

struct CodeRange {
  uintptr_t begin = 0, end = 0;
  uint32_t func_index = 0;  // in the module's function index space
  bool wrapper = false;     // a slot wrapper (entry glue)
};

struct CodeHit {
  uint32_t func_index = 0;
  bool wrapper = false;
  std::shared_ptr<const rt::CompiledModule> module;
};

class CodeMap {
 public:
  // Registers a module's ranges; returns a token for remove(). The module is held
  // weakly (its code belongs to it: CompiledModule::tier1), and its code must be
  // removed before it is unmapped; a lookup while the module dies finds nothing, a
  // hit holds the module (and so its code) alive.
  static uint64_t add(std::vector<CodeRange> ranges, std::weak_ptr<const rt::CompiledModule> cm);
  static void remove(uint64_t token);
  static std::optional<CodeHit> lookup(uintptr_t pc);
  // The trace frame of a hit (function index, name, module; no wasm offsets yet).
  static rt::TraceFrame frame(const CodeHit& h);
};

// Walks the frame-pointer chain starting at frame `fp` (whose return address is
// fp[1]) and appends the compiled wasm frames found, innermost first, to `out`:
// frames before the first compiled one are skipped (at most `skip` of them: the
// libcall frames between the trap and compiled code), the walk stops at the first
// frame outside compiled code after that (the entry). `stack_hi` bounds the walk.
void walk_compiled_frames(const void* fp, uintptr_t stack_hi, unsigned skip,
                          std::vector<rt::TraceFrame>* out);
// The same for a list of raw addresses (innermost first): `pcs[0]` is the
// faulting instruction, the rest return addresses.
void frames_from_pcs(const uintptr_t* pcs, size_t n, std::vector<rt::TraceFrame>* out);

}  // namespace skiff::compiler

namespace skiff::compiler {

// The top of this thread's stack (cached per thread; bounds every walk).
uintptr_t thread_stack_high();
// Appends the compiled frames of the stack above frame `fp` (see
// walk_compiled_frames) to `bt`: a trap raised by a libcall called from compiled
// code passes its own __builtin_frame_address(0).
void append_compiled_backtrace(std::vector<rt::TraceFrame>* bt, const void* fp, unsigned skip = 4);

// The fault path: the fault handler calls this (FaultScope::on_fault) with the
// registers of the faulting context; it records the faulting pc and the return
// addresses of the frame-pointer chain into a thread-local buffer (async-signal-
// safe: bounded reads of this thread's stack only). take_fault_backtrace() turns
// them into frames after the jump.
struct FaultPcs {
  static constexpr size_t kMax = 256;
  uintptr_t pcs[kMax];
  size_t n = 0;
};
void record_fault_pcs(uintptr_t pc, uintptr_t fp);
void take_fault_backtrace(std::vector<rt::TraceFrame>* bt);

}  // namespace skiff::compiler

namespace skiff::compiler {

// --- Signal-safe reads (the sampling profiler) ---------------------------------
// add() and remove() also publish an immutable sorted copy of the map (begin, end,
// function index, wrapper, module identity) through an atomic pointer; readers in a
// signal handler take no lock and allocate nothing: they enter a read section
// (two reader counters flipped by an epoch) and the writer frees a replaced copy
// only after both counters were seen at zero after the swap.

// One compiled frame as the profiler records it: the module is an identity only
// (never dereferenced here; the profiler matches it against its store's modules).
// `pc` is the frame's instruction: the interrupted one (innermost frame) or its
// return address - 1 (a call); after the run it tells which functions LLVM inlined
// at that point (line_table.h inlined_functions).
struct SampledFrame {
  const rt::CompiledModule* module = nullptr;
  uint32_t func_index = 0;
  uintptr_t pc = 0;
};

// The compiled frames of one stretch of this thread's stack, innermost first, into
// out[0..cap); returns the count. Async-signal-safe. `pc` is the interrupted
// instruction (0 to start from a frame pointer alone: a libcall's own frame), `fp`
// the frame pointer, and every word read lies in [lo, hi) (the caller proves that
// range is this thread's mapped stack: from the interrupted sp up to the
// compiled code's entry). A pc in a function's prologue or at its `ret` finds the
// caller's return address on the stack; frames other than compiled ones (libcalls)
// are skipped, slot wrappers are not frames.
size_t sample_compiled_frames(uintptr_t pc, uintptr_t fp, uintptr_t sp, uintptr_t lo, uintptr_t hi,
                              SampledFrame* out, size_t cap);
// This thread's stack bounds as cached by thread_stack_high() (false when it was
// never called on this thread). Async-signal-safe.
bool cached_thread_stack(uintptr_t* lo, uintptr_t* hi);

}  // namespace skiff::compiler

// The interpreter's execution state and loop (private to src/interp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "interp/code.h"
#include "interp/sample_marks.h"
#include "runtime/store.h"
#include "runtime/trap.h"
#include "semantics/trap_kind.h"

namespace skiff::interp {
struct CheckpointCtl;  // frame_state.h
class CompiledTier;    // interpreter.h
}

namespace skiff::interp::detail {

// A suspended caller: where to continue, its frame and function. A sentinel frame
// (func == nullptr) marks each entry from the host.
struct CallFrame {
  const uint8_t* ret_pc;
  uint8_t* fp;
  rt::Func* func;
};

struct ExecState {
  rt::Store* store = nullptr;
  const valid::TypeInterner* interner = nullptr;
  // Value stack.
  std::unique_ptr<uint8_t[]> stack;
  uint8_t* stack_begin = nullptr;
  uint8_t* stack_end = nullptr;
  // First free byte of the value stack for a new entry from the host.
  uint8_t* free = nullptr;
  // The collector of the store, and the top of the live value stack at the last
  // allocation (the collector scans [stack_begin, gc_top) conservatively).
  rt::gc::Heap* heap = nullptr;
  uint8_t* gc_top = nullptr;
  // Fuel and interruption (rt::StoreLimits). `budget` counts down at each `check`;
  // below zero, refuel() looks at the store's interrupt flag and hands out more
  // fuel from `reserve` (fuel on) or a fresh chunk (interruption only).
  bool checks = false;
  bool fuel_on = false;
  // Guard-page memories may skip bounds checks (the fault handler is installed).
  bool guard_pages = false;
  // Deterministic code: NaN results canonicalised (TranslateOptions::canon_nans).
  bool canon_nans = false;
  // The running function and call depth, kept current at calls and returns for
  // the backtrace of a trap raised from the fault handler.
  rt::Func* cur = nullptr;
  size_t cur_depth = 0;
  // The host call running, for the sampling profiler (sample_marks.h).
  SampleMarks marks;
  int64_t budget = 0;
  uint64_t reserve = 0;
  // Call frames: calloc'd, so the pages of the 100,000-deep array are only touched
  // (and zero-filled by the OS) as deep as calls actually go.
  struct FreeDelete {
    void operator()(CallFrame* p) const { std::free(p); }
  };
  std::unique_ptr<CallFrame[], FreeDelete> frames;
  size_t frame_count = 0;
  size_t depth = 0;
  size_t max_depth = 0;
  // Translated code, owned here (rt::Func::code points into it).
  // Functions whose `code` this interpreter set (to the module's cached code of the
  // variant it runs); reset when it dies, as another executor may want another variant.
  std::vector<rt::Func*> translated;
  // The last trap: its message when it is not the kind's own (host traps,
  // translation failures), its backtrace, and the exception for UncaughtException.
  std::string trap_message;
  std::vector<rt::TraceFrame> trace;
  // Frames of a trap that came back from compiled code (innermost first): the next
  // record_trace puts them above the interpreter's own.
  std::vector<rt::TraceFrame> trace_prefix;
  // The prefix already holds the running frame (a trap in code that replaced it
  // on the stack, osr_frame): the next record_trace starts with its callers.
  bool prefix_has_cur = false;
  // Tier 1 (Interpreter::set_compiled_tier): calls to functions it compiled go there.
  CompiledTier* compiled = nullptr;
  rt::Exception* exception = nullptr;
  // Checkpoints (frame_state.h): set when the embedder armed them; refuel() asks it
  // whether to stop, and `check` then captures the frames.
  std::shared_ptr<CheckpointCtl> ckpt;
};

// Handler address of every IOp (index = IOp).
const void* const* handler_table();

// A frame to rebuild when a run resumes from a checkpoint (frame_state.cc).
struct ResumeFrame {
  rt::Func* func;
  const uint8_t* pc;
  uint8_t* fp;
};

// Runs wasm function f whose arguments are already at fp. Returns TrapKind::None
// when f returned (its results at fp), else the trap (details in st).
sem::TrapKind run(ExecState& st, rt::Func* f, uint8_t* fp);
// Continues a run captured at a checkpoint: `frames` outermost first, the last one
// running at its pc; the others' pcs are their return addresses. As run() after.
sem::TrapKind resume(ExecState& st, const std::vector<ResumeFrame>& frames);

// f's translated code, translating on first use; null on failure (st.trap_message).
Code* ensure_code(ExecState& st, rt::Func* f);

// The slow path of `check`: Interrupted, OutOfFuel, or None with a new budget.
sem::TrapKind refuel(ExecState& st);
// Fuel between the executor and the store (around entries and host calls).
void fuel_from_store(ExecState& st);
void fuel_to_store(ExecState& st);
// The trap of a run that ended with `k`: its message, exception and backtrace are
// taken out of st (the backtrace is left empty for the next run).
rt::Trap take_trap(ExecState& st, sem::TrapKind k);

}  // namespace skiff::interp::detail

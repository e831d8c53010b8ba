// Out-of-line helpers of the interpreter loop (cold or heavy paths): host calls,
// exceptions, unwinding and backtraces. Private to src/interp.
#pragma once

#include <cstdint>

#include "interp/exec.h"

namespace skiff::interp::detail {

// Calls host function f, or wasm function f through its compiled code
// (st.compiled), with its arguments at `args` (slots); writes the results there. Returns None, a trap (message in st.trap_message), or UncaughtException
// with *exn set when the host let a wasm exception through.
sem::TrapKind call_host(ExecState& st, rt::Func* f, uint8_t* args, rt::Instance* caller,
                        rt::Exception** exn);

// Builds an exception of tag `tag_index` (of inst) from the payload slots at args.
rt::Exception* make_exception(ExecState& st, rt::Instance* inst, uint32_t tag_index,
                              const uint8_t* args);

// Looks for a handler of exn from the instruction at pc of function cur, then in
// the callers down to (not including) frame `base` (the entry's sentinel). On
// success updates pc/fp/cur/depth to continue at the handler and returns true.
bool unwind(ExecState& st, rt::Exception* exn, const uint8_t*& pc, uint8_t*& fp,
            rt::Func*& cur, size_t& depth, size_t base);

// Records the backtrace: cur, then the callers in frames (base, depth). `pc` is
// where cur was (the trapping instruction), null when unknown; each caller's place
// is its return address. Frames carry the wasm offsets of those places (Code's
// source map).
void record_trace(ExecState& st, rt::Func* cur, const uint8_t* pc, size_t depth, size_t base);

// The translated code a frame of f runs: f->code, or, when tier auto cleared it
// (f has compiled code now, so new calls go there), the module's cached code of
// this interpreter's variant, which frames still running in tier 0 keep using.
const Code* frame_code(const ExecState& st, const rt::Func* f);

// Tier auto's on-stack replacement, at a loop header's `check` whose refuel just
// ran (pc at the check, fp the frame of cur): when tier 1 has an entry for that
// loop, runs the rest of the frame there. 0: not taken; 1: the frame returned
// (its results at fp, as a callee leaves them); 2: a trap *kind (message and
// compiled frames in st, the frame itself among them), or UncaughtException with
// *exn set. st.depth must be the running depth.
int osr_frame(ExecState& st, rt::Func* cur, const uint8_t* pc, uint8_t* fp, rt::Exception** exn,
              sem::TrapKind* kind);

// The smallest of `n` register values that lies in `code` (the faulting frame's,
// from frame_code: tier auto may have cleared its Func::code), or null: the
// interpreter's pc at a guard-page fault (best effort: pc lives in a register).
const uint8_t* pc_from_registers(const Code* code, const uintptr_t* regs, unsigned n);

}  // namespace skiff::interp::detail

// The interpreter's side of checkpoint/restore (issue 17): stopping a run at a
// safepoint with its frames saved, and continuing saved frames in another process.
//
// Design note.
// * Safepoints are `check` instructions (function entries and loop headers; the
//   code has them when fuel or interruption is on) and, for asynchronous requests,
//   the return of a host call (continuing at the instruction after the call). The embedder arms a
//   CheckpointCtl on the executor: an asynchronous request (`requested`, safe to set
//   from a signal handler or another thread) or a fuel mark. refuel() asks
//   checkpoint_due() on its slow path (with fuel, checkpoint_clamp() makes the budget
//   run out exactly at the mark, so "the first check after N units" is exact and
//   deterministic). When it says stop, L_Check calls checkpoint_stop() with copies of
//   pc/fp/cur/depth and then traps Interrupted: the run unwinds to the host with
//   memories, globals and tables exactly as they were at the safepoint, and the
//   frames are in CheckpointCtl::state for the embedder to write with them.
// * A frame is (function index, offset in translated code, frame offset from the
//   start of the value stack). The running frame continues just past its `check`;
//   callers continue at their return address. Translation is deterministic per
//   module and code variant, so a new process re-translates and finds the same
//   offsets; each frame also carries a hash of its function's translated code (ops by
//   number and their fields) and resume_frames() refuses any difference, an offset
//   that is not an instruction start, a frame outside the stack, or another variant.
// * The value stack is saved as bytes. The snapshot layer rewrites the references
//   in reference-typed params and locals (their offsets follow from the function's
//   type) and those the translator's stack maps place on the operand stack or in a
//   legacy catch's hidden slot at the frame's position (code.h StackMaps, built by
//   translating the function again: snapshot/checkpoint_refs.cc) as
//   process-independent words and back (snapshot/checkpoint_gc.h).
// * code_hash() leaves out the TypeDesc address that GC allocations carry.
// * Refused at the safepoint (a trap "checkpoint refused: ..."): a stop inside a
//   wasm call nested in a host function (the outer entry's C++ frames cannot be
//   saved) and frames of other instances. Tier-1 frames do not exist yet; a future
//   tier must de-optimise its frames to these at the safepoint or refuse.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "interp/exec.h"
#include "interp/interpreter.h"
#include "runtime/instance.h"
#include "support/result.h"

namespace skiff::interp {

struct SavedFrame {
  uint32_t func_index = 0;  // in the instance's function index space
  uint32_t pc = 0;          // byte offset in the function's translated code
  uint32_t fp = 0;          // byte offset of the frame in the value stack
  uint64_t code_hash = 0;   // code_hash() of the function's translated code
};

struct FrameState {
  uint32_t variant = 0;            // code_variant() of the translated code
  std::vector<SavedFrame> frames;  // the entry first; the last one is running
  std::vector<uint8_t> stack;      // value stack bytes up to the running frame's end
};

struct CheckpointCtl {
  std::atomic<bool> requested{false};  // stop at the next safepoint (async-safe)
  std::optional<uint64_t> fuel_mark;   // stop once the remaining fuel is <= this
  bool stopping = false;               // refuel() decided; checkpoint_stop() acts
  std::optional<FrameState> state;     // what the last stop captured
  std::string refusal;                 // why the last stop could not capture
  // Frames a restore staged for the next resume (the embedding API's restore()).
  std::optional<FrameState> to_resume;
  rt::Instance* resume_instance = nullptr;
  // Instances made without running their start function (instantiate_for_restore).
  std::vector<const void*> unstarted;
};

// refuel()'s question, with the fuel left after this check (~0 without fuel).
bool checkpoint_due(CheckpointCtl& c, uint64_t remaining);
// At a host call's return: is an asynchronous request pending? (Then it stops.)
bool checkpoint_requested(CheckpointCtl& c);
// The budget to hand out so that it runs out at the fuel mark.
uint64_t checkpoint_clamp(const CheckpointCtl& c, uint64_t remaining, uint64_t take);
// At a `check` whose refuel() trapped: captures the frames when a checkpoint
// stopping (`pc` is where the running frame continues).
void checkpoint_stop(detail::ExecState& st, const uint8_t* pc, uint8_t* fp, rt::Func* cur,
                     size_t depth, size_t base);

// The control of `in` (made on first use); arming it makes checks consult it.
CheckpointCtl& checkpoint_ctl(Interpreter& in);
// The control of `in` when one was made, else null.
CheckpointCtl* detail_checkpoint_ctl_if_any(Interpreter& in);

// FNV-1a over the translated code's ops (by number) and fields; also whether
// `offset` is an instruction start (when `starts` is given, the starts are listed).
uint64_t code_hash(const Code& code, std::vector<uint32_t>* starts = nullptr);

// Continues `fs` in `inst` (a fresh instance of the same module, in `in`'s store,
// whose memories, globals and tables are already restored). An Error when the frames
// do not fit this module, code or stack; otherwise the run's trap, if any, and the
// entry function's results in `results`.
Result<std::optional<rt::Trap>> resume_frames(Interpreter& in, rt::Instance& inst,
                                              const FrameState& fs, std::vector<rt::Val>& results);

}  // namespace skiff::interp

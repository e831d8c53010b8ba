// Checkpoints refuse frames that may hold references (design note: checkpoint.h).
//
// Design note. The interpreter's value stack is saved as bytes; reference-typed
// params and locals sit at offsets known from the function's type (checkpoint.cc
// rewrites them as reference words), but a reference on the OPERAND stack has no
// type the file could name it by (the translator keeps no stack maps), so it would
// be written as an address that means nothing in the resuming process. Those are
// checked here, per function of the saved frames: the
// body is decoded again (valid::BodyDecoder, with events) keeping the operand
// stack's types, and a function is refused when a reference lies on its operand
// stack at a point where one of its frames can be stopped: a loop header (after its
// parameters are pushed; a `check` safepoint) or a call (a caller waits at the
// call's return address; a host call's return is itself a safepoint). At a call
// only the values below the arguments are checked: the results are written when the
// call returns, after the resume. Functions with a legacy `try` are refused too (the
// caught exception lives in a hidden slot, not a typed local). The check
// is per function rather than per safepoint: a function that keeps a reference
// across any of its calls or loop headers is refused wherever it was stopped.
#include <unordered_set>

#include "snapshot/checkpoint.h"
#include "valid/body_decoder.h"

namespace skiff::snapshot {

namespace {

class RefScan {
 public:
  static constexpr bool kWantsEvents = true;

  bool found = false;       // a reference on the operand stack at a possible stop
  bool legacy_try = false;  // a legacy `try` (its caught exception is in a hidden slot)

  void on_begin_function(const ir::FuncType&, std::span<const valid::ValType>) {}
  void on_instr(const ir::Instr& in, const valid::Event& e) {
    // A caller waits at a call's return address with the values below the
    // arguments (e.base) in its slots; the results are written only on return.
    if (in.op == ir::Op::Call || in.op == ir::Op::CallIndirect || in.op == ir::Op::CallRef) {
      update(e);
      check(e.base);
      return;
    }
    update(e);
  }
  void on_unreachable() {}
  void on_block(const ir::Instr& in, const valid::Frame& f, const valid::Event& e) {
    update(e);
    if (in.op == ir::Op::Try) legacy_try = true;
    if (f.kind == valid::FrameKind::Loop && f.live) check(stack_.size());
  }
  void on_else(const valid::Frame&, const valid::Event& e, bool) { update(e); }
  void on_catch(const ir::Instr&, const valid::Frame&, const valid::Event& e, bool) { update(e); }
  void on_delegate(const ir::Instr&, const valid::Frame&, const valid::Event& e, bool) { update(e); }
  void on_end(const valid::Frame&, const valid::Event& e, bool) { update(e); }
  bool failed() const { return false; }
  Error take_error() { return Error{}; }

 private:
  // Every instruction pops down to e.base, then pushes e.pushed.
  void update(const valid::Event& e) {
    stack_.resize(e.base, ir::kI32);
    stack_.insert(stack_.end(), e.pushed.begin(), e.pushed.end());
  }
  void check(size_t n) {
    for (size_t i = 0; i < n && i < stack_.size(); ++i)
      if (stack_[i].is_ref()) found = true;
  }
  std::vector<valid::ValType> stack_;
};

}  // namespace

Status frames_hold_no_refs(const rt::CompiledModule& cm, const interp::FrameState& fs) {
  const ir::Module& m = cm.module;
  valid::TypeContext ctx;
  ctx.canon = &cm.canon;
  valid::BodyDecoder<RefScan> dec;
  std::unordered_set<uint32_t> seen;
  for (const interp::SavedFrame& f : fs.frames) {
    if (!seen.insert(f.func_index).second) continue;
    if (f.func_index < m.num_imported_funcs || f.func_index >= m.num_funcs())
      return Error{"checkpoint: a frame names no defined function"};
    RefScan scan;
    SKIFF_TRY(dec.decode_function(m, ctx, f.func_index, scan));
    if (scan.legacy_try)
      return Error{"checkpoint: function " + std::to_string(f.func_index) +
                   " (on the call stack) uses a legacy try/catch, whose caught exception lives "
                   "in a hidden frame slot that cannot be saved"};
    if (scan.found)
      return Error{"checkpoint: function " + std::to_string(f.func_index) +
                   " (on the call stack) keeps a reference value on its operand stack across a call or loop header "
                   "(references in locals and parameters are saved, on the operand stack they "
                   "are not: keep it in a local)"};
  }
  return {};
}

}  // namespace skiff::snapshot

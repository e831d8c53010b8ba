// Checker: blocks and arms (block, loop, if/else, legacy try/catch/catch_all/
// delegate, try_table), branches (br, br_if, br_table, br_on_null/non_null,
// br_on_cast/_fail), return, calls and tail calls, throw/throw_ref/rethrow.
//
// Rules follow the WebAssembly 3.0 validation algorithm: a branch checks the
// target label's types against the stack; br_if and the br_on_* forms push the
// label's declared types back; br_table checks every target against the same
// operands (each target may see them at a different supertype); an if without
// else behaves as if its else arm were empty (its parameters must match its
// results); code after br/return/throw/unreachable is stack-polymorphic.
#include "valid/body_checker.h"

namespace skiff::valid {

using ir::HeapKind;
using ir::HeapType;
using ir::Op;
using ir::ValKind;

// ---- frames ---------------------------------------------------------------------------

bool Checker::block_sig(const ir::BlockType& bt, Sig* out) {
  *out = Sig{};
  switch (bt.kind) {
    case ir::BlockType::Empty:
      return true;
    case ir::BlockType::Value:
      if (!valid_type(bt.value)) return false;
      if (bt.value.is_packed() || bt.value.kind == ValKind::Bot)
        return fail("malformed value type");
      out->inline_result = true;
      out->nresults = 1;
      return true;
    case ir::BlockType::Index: {
      const ir::FuncType* ft = nullptr;
      if (!func_type_at(bt.index, &ft)) return false;
      out->params = ft->params.data();
      out->nparams = uint32_t(ft->params.size());
      out->results = ft->results.data();
      out->nresults = uint32_t(ft->results.size());
      return true;
    }
  }
  return true;
}

void Checker::push_frame(FrameKind kind, const ir::BlockType& bt, const Sig& sig) {
  Frame f;
  f.kind = kind;
  f.live = ctrls_.back().live && !ctrls_.back().unreachable;
  f.inline_result = sig.inline_result;
  f.height = sp_;
  f.init_height = uint32_t(init_trail_.size());
  f.type = bt;
  f.params_ = sig.params;
  f.nparams = sig.nparams;
  f.results_ = sig.results;
  f.nresults = sig.inline_result ? 1 : sig.nresults;
  ctrls_.push_back(f);
}

bool Checker::label(uint32_t depth, const Frame** out) {
  if (depth >= ctrls_.size()) return fail_index("unknown label", depth);
  *out = &ctrls_[ctrls_.size() - 1 - depth];
  return true;
}

void Checker::reset_locals(uint32_t init_height) {
  while (init_trail_.size() > init_height) {
    local_init_[init_trail_.back()] = 0;
    init_trail_.pop_back();
  }
}

bool Checker::check_arm_end(const Frame& f) {
  if (!pop_vals(f.results())) return false;
  if (sp_ != f.height) return fail_block_end(f);
  return true;
}

// ---- calls ------------------------------------------------------------------------------

// Pops the callee's parameters (and, below nothing / above them, `extra_top`: the
// callee reference of call_ref or the table index of call_indirect), then pushes
// the results, or for a tail call checks them against the caller's and ends the arm.
bool Checker::check_call(const ir::FuncType& ft, bool tail, const ValType* extra_top) {
  if (tail && !check_return_results(ft)) return false;
  if (extra_top) {
    scratch_.assign(ft.params.begin(), ft.params.end());
    scratch_.push_back(*extra_top);
    if (!pop_vals(scratch_)) return false;
  } else if (!pop_vals(ft.params)) {
    return false;
  }
  if (tail) {
    set_unreachable();
    return true;
  }
  push_all(ft.results);
  return true;
}

bool Checker::check_return_results(const ir::FuncType& callee) {
  std::span<const ValType> mine = ctrls_[0].results();
  bool ok = callee.results.size() == mine.size();
  for (size_t i = 0; ok && i < mine.size(); ++i) ok = match(callee.results[i], mine[i]);
  if (!ok) return fail("type mismatch: tail call's results do not match the caller's");
  return true;
}

// ---- branches -----------------------------------------------------------------------------

bool Checker::check_br_table() {
  const ir::Instr& in = instr_;
  if (!pop_val(ir::kI32)) return false;
  const Frame* def = nullptr;
  if (!label(in.a, &def)) return false;
  size_t arity = def->label_types().size();
  for (uint32_t l : in.labels) {
    const Frame* f = nullptr;
    if (!label(l, &f)) return false;
    std::span<const ValType> ts = f->label_types();
    if (ts.size() != arity) return fail("type mismatch: br_table targets have different arities");
    if (!peek_vals(ts)) return false;
  }
  if (!pop_vals(def->label_types())) return false;
  set_unreachable();
  return true;
}

bool Checker::check_catch_clauses() {
  for (const ir::CatchClause& c : instr_.catches) {
    const Frame* f = nullptr;
    if (!label(c.label, &f)) return false;
    std::span<const ValType> lts = f->label_types();
    scratch_.clear();
    if (c.kind == ir::CatchKind::Catch || c.kind == ir::CatchKind::CatchRef) {
      const ir::FuncType* ft = nullptr;
      if (!tag_at(c.tag, &ft)) return false;
      scratch_.assign(ft->params.begin(), ft->params.end());
    }
    if (c.kind == ir::CatchKind::CatchRef || c.kind == ir::CatchKind::CatchAllRef)
      scratch_.push_back(ValType::ref(HeapType::abstract(HeapKind::Exn), false));
    bool ok = scratch_.size() == lts.size();
    for (size_t i = 0; ok && i < lts.size(); ++i) ok = match(scratch_[i], lts[i]);
    if (!ok) return fail("type mismatch: catch clause does not match its label's types");
  }
  return true;
}

// ---- the control family -----------------------------------------------------------------------

Step Checker::check_control() {
  const ir::Instr& in = instr_;
  switch (in.op) {
    case Op::Block:
    case Op::Loop:
    case Op::If:
    case Op::Try:
    case Op::TryTable: {
      Sig sig;
      if (!block_sig(in.block, &sig)) return Step::Fail;
      if (in.op == Op::TryTable && !check_catch_clauses()) return Step::Fail;
      if (in.op == Op::If && !pop_val(ir::kI32)) return Step::Fail;
      if (!pop_vals({sig.params, sig.nparams})) return Step::Fail;
      FrameKind k = in.op == Op::Block  ? FrameKind::Block
                    : in.op == Op::Loop ? FrameKind::Loop
                    : in.op == Op::If   ? FrameKind::If
                    : in.op == Op::Try  ? FrameKind::Try
                                        : FrameKind::TryTable;
      push_frame(k, in.block, sig);
      push_all({sig.params, sig.nparams});
      return Step::Block;
    }
    case Op::Else:
    case Op::Catch:
    case Op::CatchAll:
    case Op::Delegate:
    case Op::End:
      return check_end();

    case Op::Unreachable:
      set_unreachable();
      return Step::Instr;
    case Op::Br: {
      const Frame* f = nullptr;
      if (!label(in.a, &f) || !pop_vals(f->label_types())) return Step::Fail;
      set_unreachable();
      return Step::Instr;
    }
    case Op::BrIf: {
      const Frame* f = nullptr;
      if (!label(in.a, &f) || !pop_val(ir::kI32) || !pop_vals(f->label_types())) return Step::Fail;
      push_all(f->label_types());
      return Step::Instr;
    }
    case Op::BrTable:
      return check_br_table() ? Step::Instr : Step::Fail;
    case Op::Return:
      if (!pop_vals(ctrls_[0].results())) return Step::Fail;
      set_unreachable();
      return Step::Instr;

    case Op::BrOnNull: {
      const Frame* f = nullptr;
      ValType r;
      if (!label(in.a, &f) || !pop_ref(&r) || !pop_vals(f->label_types())) return Step::Fail;
      push_all(f->label_types());
      push(ValType::ref(r.heap, false));
      return Step::Instr;
    }
    case Op::BrOnNonNull: {
      const Frame* f = nullptr;
      ValType r;
      if (!label(in.a, &f) || !pop_ref(&r)) return Step::Fail;
      std::span<const ValType> lts = f->label_types();
      if (lts.empty() || !match(ValType::ref(r.heap, false), lts.back())) {
        fail("type mismatch: br_on_non_null's label must take the non-null reference");
        return Step::Fail;
      }
      std::span<const ValType> rest = lts.first(lts.size() - 1);
      if (!pop_vals(rest)) return Step::Fail;
      push_all(rest);
      return Step::Instr;
    }
    case Op::BrOnCast:
    case Op::BrOnCastFail: {
      const Frame* f = nullptr;
      if (!label(in.a, &f)) return Step::Fail;
      if (!valid_heap(in.heap) || !valid_heap(in.heap2)) return Step::Fail;
      ValType rt1 = ValType::ref(in.heap, (in.cast_flags & 1) != 0);
      ValType rt2 = ValType::ref(in.heap2, (in.cast_flags & 2) != 0);
      if (!match(rt2, rt1)) {
        fail("type mismatch: br_on_cast's target type " + ir::to_string(rt2) +
             " does not match its source type " + ir::to_string(rt1));
        return Step::Fail;
      }
      ValType diff = ValType::ref(rt1.heap, rt1.nullable && !rt2.nullable);
      bool on_fail = in.op == Op::BrOnCastFail;
      const ValType& to_label = on_fail ? diff : rt2;
      const ValType& stays = on_fail ? rt2 : diff;
      std::span<const ValType> lts = f->label_types();
      if (lts.empty() || !match(to_label, lts.back())) {
        fail("type mismatch: " + std::string(ir::op_name(in.op)) + "'s label must take " +
             ir::to_string(to_label));
        return Step::Fail;
      }
      std::span<const ValType> rest = lts.first(lts.size() - 1);
      if (!pop_val(rt1) || !pop_vals(rest)) return Step::Fail;
      push_all(rest);
      push(stays);
      return Step::Instr;
    }

    case Op::Call: {
      const ir::FuncType* ft = nullptr;
      if (!func_at(in.a, &ft) || !check_call(*ft, false, nullptr)) return Step::Fail;
      return Step::Instr;
    }
    case Op::ReturnCall: {
      const ir::FuncType* ft = nullptr;
      if (!func_at(in.a, &ft) || !check_call(*ft, true, nullptr)) return Step::Fail;
      return Step::Instr;
    }
    case Op::CallIndirect:
    case Op::ReturnCallIndirect: {
      const ir::TableType* tt = nullptr;
      const ir::FuncType* ft = nullptr;
      if (!table_at(in.b, &tt) || !func_type_at(in.a, &ft)) return Step::Fail;
      if (!match(tt->elem, ir::funcref())) {
        fail("type mismatch: call_indirect requires a table of functions, not " +
             ir::to_string(tt->elem));
        return Step::Fail;
      }
      ValType at = addr_of_table(*tt);
      if (!check_call(*ft, in.op == Op::ReturnCallIndirect, &at)) return Step::Fail;
      return Step::Instr;
    }
    case Op::CallRef:
    case Op::ReturnCallRef: {
      const ir::FuncType* ft = nullptr;
      if (!func_type_at(in.a, &ft)) return Step::Fail;
      ValType r = ValType::ref(HeapType::concrete(in.a), true);
      if (!check_call(*ft, in.op == Op::ReturnCallRef, &r)) return Step::Fail;
      return Step::Instr;
    }

    case Op::Throw: {
      const ir::FuncType* ft = nullptr;
      if (!tag_at(in.a, &ft) || !pop_vals(ft->params)) return Step::Fail;
      set_unreachable();
      return Step::Instr;
    }
    case Op::ThrowRef:
      if (!pop_val(ValType::ref(HeapType::abstract(HeapKind::Exn), true))) return Step::Fail;
      set_unreachable();
      return Step::Instr;
    case Op::Rethrow: {
      const Frame* f = nullptr;
      if (!label(in.a, &f)) return Step::Fail;
      if (f->kind != FrameKind::Catch && f->kind != FrameKind::CatchAll) {
        fail("invalid rethrow label");
        return Step::Fail;
      }
      set_unreachable();
      return Step::Instr;
    }
    default:
      fail("unsupported instruction");
      return Step::Fail;
  }
}

// else, catch, catch_all, delegate, end: the current arm closes.
Step Checker::check_end() {
  const ir::Instr& in = instr_;
  Frame& top = ctrls_.back();
  switch (in.op) {
    case Op::Else:
      if (top.kind != FrameKind::If) {
        fail("else without a matching if");
        return Step::Fail;
      }
      break;
    case Op::Catch:
    case Op::CatchAll:
      if (top.kind != FrameKind::Try && top.kind != FrameKind::Catch) {
        fail(top.kind == FrameKind::CatchAll ? "catch after catch_all"
                                             : "catch without a matching try");
        return Step::Fail;
      }
      break;
    case Op::Delegate:
      if (top.kind != FrameKind::Try) {
        fail("delegate without a matching try");
        return Step::Fail;
      }
      break;
    default:
      break;
  }
  // Close the current arm.
  if (!check_arm_end(top)) return Step::Fail;
  arm_fell_through_ = top.live && !top.unreachable;
  reset_locals(top.init_height);

  if (in.op == Op::Else || in.op == Op::Catch || in.op == Op::CatchAll) {
    top.unreachable = false;
    if (in.op == Op::Else) {
      top.kind = FrameKind::Else;
      push_all(top.params());
      return Step::Else;
    }
    if (in.op == Op::CatchAll) {
      top.kind = FrameKind::CatchAll;
      return Step::Catch;
    }
    const ir::FuncType* ft = nullptr;
    if (!tag_at(in.a, &ft)) return Step::Fail;
    top.kind = FrameKind::Catch;
    push_all(ft->params);
    return Step::Catch;
  }

  if (top.kind == FrameKind::If) {
    // The implicit empty else arm: its parameters flow out as its results.
    top.unreachable = false;
    push_all(top.params());
    if (!check_arm_end(top)) return Step::Fail;
  }
  ended_ = top;
  ctrls_.pop_back();
  if (in.op == Op::Delegate) {
    const Frame* target = nullptr;
    if (!label(in.a, &target)) return Step::Fail;
  }
  if (ctrls_.empty()) {
    // The final end: nothing may follow it.
    if (!reader_.at_end()) {
      instr_offset_ = int64_t(reader_.offset());
      fail(const_mode_ ? "constant expression required"
                       : "operators remaining after end of function");
      return Step::Fail;
    }
    // Results go on the (now frameless) stack for the consumer's event.
    push_all(ended_.results());
    return Step::Done;
  }
  push_all(ended_.results());
  return in.op == Op::Delegate ? Step::Delegate : Step::End;
}

}  // namespace skiff::valid

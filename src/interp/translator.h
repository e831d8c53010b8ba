// The translator (private to src/interp): a valid::BodyDecoder consumer that emits
// internal code. translate.cc: the stack and label machinery; translate_ops.cc:
// instructions; translate_control.cc: blocks, branches and exception regions.
//
// Design note. The translator mirrors the operand stack with one Entry per height:
// Slot (the value is in its natural slot off_[h]), Local (it is still in local x:
// local.get emitted nothing) or Const (an immediate: t.const emitted nothing).
// Aliases and constants are materialised when something needs the value in its
// slot: call arguments, block parameters and results, branch values.
// Invariants that keep every path into a label consistent:
//   * on entering any block, Local entries below it are flushed to their slots
//     (a local.set inside the block would otherwise flush them on one path only);
//     Const entries stay (nothing can change them);
//   * block parameters and results always live in their natural slots;
//   * local.set x flushes the Local x entries still on the stack first.
// A local.set right after a single-result instruction whose result is the stack
// top retargets that instruction's destination to the local (no copy), unless an
// alias of the local is live below.
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "interp/code.h"
#include "interp/translate.h"
#include "ir/opcode.h"
#include "runtime/compiled_module.h"
#include "valid/body_decoder.h"

namespace skiff::interp::detail {


using ir::Op;
using ir::ValKind;
using ir::ValType;
using valid::Event;
using valid::Frame;
using valid::FrameKind;

constexpr uint32_t kNone = ~0u;

// ir::Op -> IOp for the pure ops, the loads and the stores.
struct OpMap {
  IOp pure[ir::kOpCount];
  IOp mem_fast[ir::kOpCount];
  IOp mem_gen[ir::kOpCount];
  IOp mem_unchecked[ir::kOpCount];
  // The fused unchecked forms with an i32.add address (register + register, and
  // register + immediate); see iops.def.
  IOp mem_add[ir::kOpCount];
  IOp mem_add_i[ir::kOpCount];
  // ... and with a shifted operand: a + (x << k), imm + (x << k).
  IOp mem_add_s[ir::kOpCount];
  IOp mem_add_si[ir::kOpCount];
  // Super-instructions (fused_ops.def): the immediate form of a binary op, and
  // for a comparison the fused branch (register and immediate forms) and the
  // comparison with the opposite outcome.
  IOp imm[ir::kOpCount];
  uint8_t imm_bits[ir::kOpCount];
  IOp br_cmp[ir::kOpCount];
  IOp br_cmp_i[ir::kOpCount];
  Op inverse[ir::kOpCount];
  // Threads: the atomic access, wait, notify or fence op (atomic_ops.def).
  IOp atomic[ir::kOpCount];
  // Deterministic code (TranslateOptions::canon_nans): the x.canon op that follows
  // an op able to make a NaN from its operands, else Count_.
  IOp canon[ir::kOpCount];
  OpMap();
};
extern const OpMap kMap;

struct Entry {
  enum Kind : uint8_t { Slot, Local, Const };
  Kind kind = Slot;
  bool wide = false;  // v128
  uint8_t cbytes = 0;  // Const: 4, 8 or 16
  uint32_t local = 0;
  uint64_t lo = 0, hi = 0;
};

struct Fixup {
  uint32_t instr;  // instruction start
  uint32_t field;  // byte position of the target field
};

struct Ctl {
  FrameKind kind = FrameKind::Block;
  bool live = true;
  uint32_t height = 0;
  uint32_t loop_pc = 0;
  std::optional<Fixup> else_fixup;
  std::vector<Fixup> fixups;                              // to the end label
  std::vector<std::pair<uint32_t, uint32_t>> catch_fixups;  // (region, catch) -> end
  int32_t region = -1;        // try / try_table: its region
  int32_t outer_region = -1;  // the innermost region open at entry
  uint32_t exn_slot = kNone;  // legacy try: hidden slot for the caught exception
  bool body_closed = false;   // try / try_table: the region's end is set
  uint32_t check_at = kNone;  // function / loop: its `check` instruction
  uint32_t count = 0;         // function / loop: wasm instructions in its own body
  bool in_catch = false;      // legacy try: in a catch arm (exn_slot holds the exception)
};

class Translator {
 public:
  static constexpr bool kWantsEvents = true;

  Translator(const rt::CompiledModule& cm, uint32_t func_index, const void* const* handlers,
             Code& out, const TranslateOptions& opts)
      : cm_(cm), m_(cm.module), func_index_(func_index), handlers_(handlers), out_(out),
        checks_(opts.checks), mem0_guarded_(opts.mem0_guarded), canon_nans_(opts.canon_nans),
        maps_(opts.stack_maps) {
    const int64_t b = m_.funcs[func_index - m_.num_imported_funcs].body.offset;
    body_base_ = b > 0 ? b : 0;
  }

  // ---- BodyDecoder events ----
  void on_begin_function(const ir::FuncType& ft, std::span<const ValType> locals) {
    uint32_t off = 0;
    local_off_.resize(locals.size());
    local_wide_.resize(locals.size());
    for (size_t i = 0; i < locals.size(); ++i) {
      local_off_[i] = off;
      local_wide_[i] = locals[i].kind == ValKind::V128;
      if (i + 1 == ft.params.size()) param_bytes_ = off + slot_bytes(locals[i]);
      off += slot_bytes(locals[i]);
    }
    if (ft.params.empty()) param_bytes_ = 0;
    // One always-zero slot (zeroed with the locals): the address operand of a load
    // or store whose address is a constant folded into the offset.
    zero_slot_ = off;
    off += 8;
    uint32_t locals_end = off;
    locals_end_ = off;
    // Hidden slots for legacy catches: one per `try` in the body.
    uint32_t tries = count_legacy_tries();
    hidden_base_ = locals_end;
    off_.assign(1, locals_end + 8 * tries);
    frame_bytes_ = off_[0];
    for (const ValType& t : ft.results) result_bytes_ += slot_bytes(t);
    results_ = ft.results;
    enter_ = emit(IOp::Enter, {0, param_bytes_, off_[0] - param_bytes_});
    Ctl c;
    c.kind = FrameKind::Function;
    types_.clear();
    if (checks_) {
      c.check_at = emit(IOp::EntryCheck, {1});
      record_safepoint(Safepoint::Check, 0, 0, 0, {});
    }
    ctls_.push_back(std::move(c));
    counters_.assign(1, 0);
  }

  void on_instr(const ir::Instr& in, const Event& e) {
    at_wasm(e);
    if (checks_) ++ctls_[counters_.back()].count;
    translate_instr(in, e);
    track(e);
  }
  void translate_instr(const ir::Instr& in, const Event& e);
  // Patches the fuel cost of a function's / loop's check (at its end).
  void set_check_cost(const Ctl& c) {
    if (c.check_at == kNone) return;
    uint32_t cost = c.count ? c.count : 1;
    std::memcpy(at(c.check_at + kOpHeader), &cost, 4);
  }

  void on_unreachable() { dead_ = true; }

  void on_block(const ir::Instr& in, const Frame& f, const Event& e);
  void on_else(const Frame& f, const Event& e, bool fell_through);
  void on_catch(const ir::Instr& in, const Frame& f, const Event& e, bool fell_through);
  void on_delegate(const ir::Instr& in, const Frame& f, const Event& e, bool fell_through);
  void on_end(const Frame& f, const Event& e, bool fell_through);

  bool failed() const { return error_.has_value(); }
  Error take_error() { return std::move(*error_); }

  void finish() {
    out_.frame_bytes = frame_bytes_;
    out_.param_bytes = param_bytes_;
    out_.locals_end = locals_end_;
    out_.result_bytes = result_bytes_;
    out_.func_index = func_index_;
    pos_end_ = pos();
    out_.words = std::move(words_);
    out_.regions = std::move(regions_);
    while (!src_.empty() && src_.back().first >= pos_end_) src_.pop_back();
    out_.src_map = encode_src_map(src_);
    // Patch the frame size into `enter`.
    std::memcpy(reinterpret_cast<uint8_t*>(out_.words.data()) + enter_ + kOpHeader,
                &frame_bytes_, 4);
  }

 private:
  // The wasm instruction being translated (its offset from the body's first
  // instruction), for the source map.
  void at_wasm(const Event& e) {
    const int64_t rel = e.offset - body_base_;
    wasm_rel_ = rel > 0 ? uint32_t(rel) : 0;
  }
  int64_t body_base_ = 0;
  uint32_t wasm_rel_ = 0;
  uint32_t pos_end_ = 0;
  std::vector<std::pair<uint32_t, uint32_t>> src_;  // (code position, wasm_rel_)

  // ---- code buffer ----
  uint32_t pos() const { return uint32_t(words_.size() * 8); }
  uint8_t* at(uint32_t byte) { return reinterpret_cast<uint8_t*>(words_.data()) + byte; }

  uint32_t emit(IOp op, std::initializer_list<uint32_t> fields) {
    return emit_n(op, fields.begin(), uint32_t(fields.size()));
  }
  uint32_t emit_n(IOp op, const uint32_t* fields, uint32_t n) {
    uint32_t start = pos();
    // The source map: this instruction belongs to the wasm instruction being
    // translated; entries of instructions a fusion removed (at or past `start`) go,
    // so a fused instruction maps to the last wasm instruction it absorbed.
    while (!src_.empty() && src_.back().first >= start) src_.pop_back();
    if (src_.empty() || src_.back().second != wasm_rel_) src_.emplace_back(start, wasm_rel_);
    words_.resize(words_.size() + instr_bytes(n) / 8, 0);
    const void* h = handlers_[unsigned(op)];
    std::memcpy(at(start), &h, 8);
    if (n) std::memcpy(at(start + kOpHeader), fields, 4 * n);
    last_dst_ = kNone;
    last_pure_.instr = kNone;
    prev_ = start;
    prev_op_ = op;
    return start;
  }
  // Fields of the instruction at `instr`.
  uint32_t field(uint32_t instr, uint32_t i) {
    uint32_t v;
    std::memcpy(&v, at(instr + kOpHeader + 4 * i), 4);
    return v;
  }
  // Was the last instruction emitted `op`, with no label bound since?
  bool prev_is(IOp op) const { return prev_ != kNone && prev_op_ == op; }
  // The last instruction, when it was a pure op (for fusing a compare into the
  // branch that consumes it): its op, operand slots and immediate.
  struct LastPure {
    uint32_t instr = kNone;
    Op op = Op::Count_;
    uint32_t a = 0, b = 0;
    bool has_imm = false;
    uint64_t imm = 0;
    // An i32.add_i paired with the instruction before it (I32AddI2: an add_i,
    // CopyI32AddI: a copy): that first instruction, to re-emit it alone if the
    // pair is split.
    bool paired = false;
    IOp first_op = IOp::Count_;
    uint32_t first[3] = {0, 0, 0};
    // The add's operand `b` (reg-reg) or `a` (immediate form) was the result of
    // an i32.shl by a constant emitted just before it (at shl_instr): x << k.
    bool shifted = false;
    uint32_t shl_instr = kNone, x = 0, k = 0;
  };
  // An instruction whose field `dst_field` (the first by default) is the single
  // result at height h.
  void note_dst(uint32_t instr, uint32_t h, uint32_t dst_field = 0) {
    last_dst_ = instr;
    last_dst_height_ = h;
    last_dst_field_ = dst_field;
  }
  void patch(const Fixup& f, uint32_t target) {
    int32_t rel = int32_t(target) - int32_t(f.instr);
    std::memcpy(at(f.field), &rel, 4);
  }
  // A label is bound here: stop retargeting across it.
  void bind() {
    last_dst_ = kNone;
    last_pure_.instr = kNone;
    prev_ = kNone;
  }
  // The position of a label (a branch or catch target, a region boundary) bound
  // here. Every such position is taken through this, so that no later fusion can
  // rewrite the instruction before it into one that spans the label.
  uint32_t label_here() {
    bind();
    return pos();
  }

  // ---- operand stack ----
  uint32_t height() const { return uint32_t(stk_.size()); }
  void set_types(uint32_t base, std::span<const ValType> types) {
    if (off_.size() < base + types.size() + 1) off_.resize(base + types.size() + 1);
    for (size_t i = 0; i < types.size(); ++i) {
      off_[base + i + 1] = off_[base + i] + slot_bytes(types[i]);
    }
    uint32_t top = off_[base + types.size()];
    if (top > frame_bytes_) frame_bytes_ = top;
  }
  // After an instruction: pop to `base`, push `types` in their natural slots.
  void push_natural(uint32_t base, std::span<const ValType> types) {
    stk_.resize(base);
    set_types(base, types);
    for (const ValType& t : types) {
      Entry en;
      en.wide = t.kind == ValKind::V128;
      stk_.push_back(en);
    }
  }

  void emit_const(const Entry& en, uint32_t dst) {
    if (en.cbytes == 16) {
      uint32_t f[5] = {dst, uint32_t(en.lo), uint32_t(en.lo >> 32), uint32_t(en.hi),
                       uint32_t(en.hi >> 32)};
      emit_n(IOp::Const128, f, 5);
    } else if (en.cbytes == 8) {
      emit(IOp::Const64, {dst, uint32_t(en.lo), uint32_t(en.lo >> 32)});
    } else {
      emit(IOp::Const32, {dst, uint32_t(en.lo)});
    }
  }
  void emit_copy(bool wide, uint32_t dst, uint32_t src) {
    if (dst == src) return;
    if (!wide && prev_is(IOp::Copy64)) {
      uint32_t first = prev_;
      uint32_t d1 = field(first, 0), s1 = field(first, 1);
      words_.resize(first / 8);
      emit(IOp::Copy64x2, {d1, s1, dst, src});
      return;
    }
    if (!wide && prev_is(IOp::I32Add_I)) {
      uint32_t first = prev_;
      uint32_t d1 = field(first, 0), a1 = field(first, 1), i1 = field(first, 2);
      words_.resize(first / 8);
      emit(IOp::I32AddICopy, {d1, a1, i1, dst, src});
      return;
    }
    emit(wide ? IOp::Copy128 : IOp::Copy64, {dst, src});
  }
  // Puts the value at height h into slot dst without changing its entry.
  void move_to(uint32_t h, uint32_t dst) {
    const Entry& en = stk_[h];
    switch (en.kind) {
      case Entry::Slot: emit_copy(en.wide, dst, off_[h]); break;
      case Entry::Local: emit_copy(en.wide, dst, local_off_[en.local]); break;
      case Entry::Const: emit_const(en, dst); break;
    }
  }
  // Makes height h live in its natural slot.
  void materialize(uint32_t h) {
    if (stk_[h].kind == Entry::Slot) return;
    move_to(h, off_[h]);
    stk_[h].kind = Entry::Slot;
  }
  // The slot holding the value at height h (constants are materialised).
  uint32_t use(uint32_t h) {
    Entry& en = stk_[h];
    if (en.kind == Entry::Local) return local_off_[en.local];
    if (en.kind == Entry::Const) materialize(h);
    return off_[h];
  }
  void flush_locals_below(uint32_t h) {
    for (uint32_t i = 0; i < h && i < height(); ++i)
      if (stk_[i].kind == Entry::Local) materialize(i);
  }
  bool has_alias(uint32_t local, uint32_t below) const {
    for (uint32_t i = 0; i < below && i < height(); ++i)
      if (stk_[i].kind == Entry::Local && stk_[i].local == local) return true;
    return false;
  }

  // ---- labels and branches ----
  Ctl& label(uint32_t depth) { return ctls_[ctls_.size() - 1 - depth]; }
  const Frame& frame_of(const Event& e, uint32_t depth) {
    return e.controls[e.controls.size() - 1 - depth];
  }
  // Slot offsets of a label's values.
  void label_slots(const Frame& f, std::vector<uint32_t>& out) {
    out.clear();
    uint32_t o = off_[f.height];
    for (const ValType& t : f.label_types()) {
      out.push_back(o);
      o += slot_bytes(t);
    }
    if (o > frame_bytes_) frame_bytes_ = o;
  }
  // Do the values at heights first.. already sit in the label's slots?
  bool in_place(uint32_t first, const std::vector<uint32_t>& slots) {
    for (size_t i = 0; i < slots.size(); ++i) {
      const Entry& en = stk_[first + i];
      if (en.kind != Entry::Slot || off_[first + i] != slots[i]) return false;
    }
    return true;
  }
  void move_values(uint32_t first, const std::vector<uint32_t>& slots) {
    for (size_t i = 0; i < slots.size(); ++i) move_to(first + uint32_t(i), slots[i]);
  }
  // Points a target field at label `depth` (now for a loop, at its end otherwise).
  void link(uint32_t depth, const Fixup& f) {
    Ctl& c = label(depth);
    if (c.kind == FrameKind::Loop) patch(f, c.loop_pc);
    else c.fixups.push_back(f);
  }
  // Emits `br` to label `depth` (the moves must already be done).
  void emit_jump(uint32_t depth) {
    if (prev_is(IOp::I32Add_I) || prev_is(IOp::I64Add_I)) {
      // The add just before (i++ at the end of a loop body) and the jump: one dispatch.
      const uint32_t first = prev_;
      const bool wide = prev_op_ == IOp::I64Add_I;
      uint32_t f[5] = {field(first, 0), field(first, 1), field(first, 2), wide ? field(first, 3) : 0, 0};
      words_.resize(first / 8);
      const uint32_t n = wide ? 5 : 4;
      uint32_t at_instr = emit_n(wide ? IOp::I64AddIBr : IOp::I32AddIBr, f, n);
      link(depth, Fixup{at_instr, at_instr + kOpHeader + 4 * (n - 1)});
      return;
    }
    uint32_t at_instr = emit(IOp::Br, {0});
    link(depth, Fixup{at_instr, at_instr + kOpHeader});
  }
  // The return sequence for the values at heights first.. (the function's results).
  void emit_return(uint32_t first) {
    uint32_t n = uint32_t(results_.size());
    bool any_local = false;
    for (uint32_t i = 0; i < n; ++i) any_local |= stk_[first + i].kind == Entry::Local;
    if (n > 1 && any_local) {
      // A later source could sit where an earlier result goes.
      for (uint32_t i = 0; i < n; ++i)
        if (stk_[first + i].kind == Entry::Local) {
          move_to(first + i, off_[first + i]);
        }
      uint32_t o = 0;
      for (uint32_t i = 0; i < n; ++i) {
        const Entry& en = stk_[first + i];
        if (en.kind == Entry::Const) emit_const(en, o);
        else emit_copy(en.wide, o, off_[first + i]);
        o += slot_bytes(results_[i]);
      }
    } else {
      uint32_t o = 0;
      for (uint32_t i = 0; i < n; ++i) {
        move_to(first + i, o);
        o += slot_bytes(results_[i]);
      }
    }
    emit(IOp::Return, {});
  }
  // br to label depth with the label's values at heights first..
  void emit_branch(uint32_t depth, uint32_t first, const Event& e) {
    const Frame& f = frame_of(e, depth);
    if (f.kind == FrameKind::Function) {
      emit_return(first);
      return;
    }
    label_slots(f, slots_);
    move_values(first, slots_);
    emit_jump(depth);
  }

  uint32_t count_legacy_tries() const {
    const ir::Expr& body = m_.funcs[func_index_ - m_.num_imported_funcs].body;
    bool maybe = false;
    for (uint8_t b : body.bytes) maybe |= b == 0x06;
    if (!maybe) return 0;
    uint32_t n = 0;
    Reader r(body.bytes.data(), body.bytes.size());
    ir::Instr in;
    while (!r.at_end()) {
      if (!ir::read_instr(r, &in)) break;
      n += in.op == Op::Try;
    }
    return n;
  }

  // ---- stack maps (TranslateOptions::stack_maps; code.h) ----
  // The operand stack's types, kept only for the maps: every event pops to e.base
  // and pushes e.pushed.
  void track(const Event& e) {
    if (!maps_) return;
    types_.resize(e.base, ir::kI32);
    types_.insert(types_.end(), e.pushed.begin(), e.pushed.end());
  }
  // A safepoint at pos(): the reference values in their natural slots at heights
  // below `below` (aliases of locals and constants are not in slots: locals are
  // saved by their declared types, constants are immediates), the caught exceptions
  // of the enclosing legacy catches, and then a call's reference results (`res` at
  // heights res_base..).
  void record_safepoint(Safepoint::Kind kind, uint32_t below, uint32_t args, uint32_t res_base,
                        std::span<const ValType> res) {
    if (!maps_) return;
    StackMaps& sm = out_.stack_maps;
    Safepoint sp;
    sp.pc = pos();
    sp.kind = kind;
    sp.args = args;
    sp.first = uint32_t(sm.refs.size());
    for (uint32_t h = 0; h < below && h < height() && h < types_.size(); ++h)
      if (stk_[h].kind == Entry::Slot && types_[h].is_ref()) sm.refs.push_back({off_[h], types_[h]});
    for (const Ctl& c : ctls_)
      if (c.live && c.in_catch && c.exn_slot != kNone)
        sm.refs.push_back({c.exn_slot, ValType::ref(ir::HeapType::abstract(ir::HeapKind::Exn), true)});
    sp.live = uint32_t(sm.refs.size()) - sp.first;
    for (uint32_t i = 0; i < res.size(); ++i)
      if (res[i].is_ref()) sm.refs.push_back({off_[res_base + i], res[i]});
    sp.results = uint32_t(sm.refs.size()) - sp.first - sp.live;
    if (!sm.points.empty() && sm.points.back().pc >= sp.pc) {
      fail("internal: stack map safepoints out of order");
      return;
    }
    sm.points.push_back(sp);
  }

  void fail(std::string msg) {
    if (!error_) error_ = make_error(std::move(msg));
  }

  // ---- instruction families (translate_ops below) ----
  void local_set(uint32_t x, uint32_t h, bool tee);
  // An i32.shl by a constant that produced the operand at height h just now.
  struct Shift {
    uint32_t instr = kNone;
    uint32_t x = 0, k = 0;
  };
  Shift shift_feeding(uint32_t h);
  // pure_op's fused x ^ (x >> k) / x ^ (x << k).
  bool xor_shift(const ir::Instr& in, const Event& e);
  // mem_access's fused form when the address is the i32.add just emitted.
  bool add_address(const ir::Instr& in, const Event& e, uint32_t offset);
  void mem_access(const ir::Instr& in, const Event& e);
  // An atomic access, wait or notify (translate_atomic.cc): generic fields.
  void atomic_access(const ir::Instr& in, const Event& e, IOp op);
  void pure_op(const ir::Instr& in, const Event& e, IOp op);
  void call_like(const ir::Instr& in, const Event& e);
  void cond_branch(IOp direct, IOp inverse, uint32_t test, uint32_t depth, uint32_t first,
                   const Event& e);
  void br_if(uint32_t depth, uint32_t first, uint32_t cond_h, const Event& e);
  Fixup emit_test(bool when_true, uint32_t cond_h);
  void branch_table(const ir::Instr& in, const Event& e);
  uint32_t add_catch(int32_t region, const ir::CatchClause& c, const Event& e);
  bool gc_op(const ir::Instr& in, const Event& e);
  void cast_fields(const ir::HeapType& h, bool nullable, uint32_t* out);
  void cast_branch(bool on_fail, uint32_t ref, const uint32_t* cast, uint32_t depth,
                   uint32_t first, const Event& e);
  void close_body(Ctl& c);
  void end_arm(Ctl& c, const Frame& f, bool fell_through, bool jump);
  void bind_end(Ctl& c);

  const rt::CompiledModule& cm_;
  const ir::Module& m_;
  uint32_t func_index_;
  const void* const* handlers_;
  Code& out_;
  bool checks_ = false;
  bool mem0_guarded_ = false;
  bool canon_nans_ = false;
  bool maps_ = false;             // build stack maps
  std::vector<ValType> types_;    // the operand stack's types (only with maps_)
  // Indices in ctls_ of the function and the open loops (innermost last): the
  // instructions of a body are charged to its innermost loop (or the function).
  std::vector<uint32_t> counters_;

  std::vector<uint64_t> words_;
  std::vector<uint32_t> local_off_;
  std::vector<bool> local_wide_;
  std::vector<uint32_t> off_;
  std::vector<Entry> stk_;
  std::vector<Ctl> ctls_;
  std::vector<Region> regions_;
  std::vector<ValType> results_;
  std::vector<uint32_t> slots_;
  int32_t cur_region_ = -1;
  uint32_t hidden_base_ = 0;
  uint32_t next_hidden_ = 0;
  uint32_t frame_bytes_ = 0;
  uint32_t param_bytes_ = 0;
  uint32_t locals_end_ = 0;
  uint32_t zero_slot_ = 0;
  uint32_t result_bytes_ = 0;
  uint32_t enter_ = 0;
  uint32_t last_dst_ = kNone;
  uint32_t last_dst_height_ = 0;
  uint32_t last_dst_field_ = 0;
  uint32_t prev_ = kNone;  // start of the last instruction emitted, kNone after a label
  IOp prev_op_ = IOp::Count_;
  LastPure last_pure_;
  bool dead_ = false;
  std::optional<Error> error_;
};

}  // namespace skiff::interp::detail

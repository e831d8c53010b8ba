// Translation of the non-structural instructions (Translator::on_instr).
#include "interp/translator.h"

#include <utility>

namespace skiff::interp::detail {

OpMap::OpMap() {
  for (unsigned i = 0; i < ir::kOpCount; ++i) {
    pure[i] = mem_fast[i] = mem_gen[i] = mem_unchecked[i] = mem_add[i] = mem_add_i[i] =
        mem_add_s[i] = mem_add_si[i] = imm[i] = br_cmp[i] = br_cmp_i[i] = IOp::Count_;
    imm_bits[i] = 0;
    inverse[i] = Op::Count_;
    atomic[i] = IOp::Count_;
    canon[i] = IOp::Count_;
  }
#define IMM32(N, fn)                 \
  imm[unsigned(Op::N)] = IOp::N##_I; \
  imm_bits[unsigned(Op::N)] = 32;
#define IMM64(N, fn)                 \
  imm[unsigned(Op::N)] = IOp::N##_I; \
  imm_bits[unsigned(Op::N)] = 64;
#define CMP(N, Inv)                               \
  br_cmp[unsigned(Op::N)] = IOp::BrIf_##N;         \
  br_cmp_i[unsigned(Op::N)] = IOp::BrIf_##N##_I;   \
  inverse[unsigned(Op::N)] = Op::Inv;
#define CMP32(N, fn, Inv) CMP(N, Inv)
#define CMP64(N, fn, Inv) CMP(N, Inv)
#include "interp/fused_ops.def"
#undef IMM32
#undef IMM64
#undef CMP32
#undef CMP64
#undef CMP
#define P(N) pure[unsigned(Op::N)] = IOp::N;
#define PURE1(N, fn, R, A) P(N)
#define PURE2(N, fn, R, A, B) P(N)
#define PURE3(N, fn, R, A, B, C) P(N)
#define TRAP1(N, fn, R, A) P(N)
#define TRAP2(N, fn, R, A, B) P(N)
#define EXTRACT(N, fn, R) P(N)
#define REPLACE(N, fn, A) P(N)
#define SHUFFLE(N, fn) P(N)
#define WIDE2(N, fn, A, B) P(N)
#define WIDE4(N, fn, A, B, C, D) P(N)
#include "interp/pure_ops.def"
#undef PURE1
#undef PURE2
#undef PURE3
#undef TRAP1
#undef TRAP2
#undef EXTRACT
#undef REPLACE
#undef SHUFFLE
#undef WIDE2
#undef WIDE4
#undef P
#define M(N)                               \
  mem_fast[unsigned(Op::N)] = IOp::N; \
  mem_unchecked[unsigned(Op::N)] = IOp::N##_U; \
  mem_gen[unsigned(Op::N)] = IOp::N##_G;
#define MA(N)                                  \
  M(N)                                         \
  mem_add[unsigned(Op::N)] = IOp::N##_UA;      \
  mem_add_i[unsigned(Op::N)] = IOp::N##_UI;    \
  mem_add_s[unsigned(Op::N)] = IOp::N##_US;    \
  mem_add_si[unsigned(Op::N)] = IOp::N##_UT;
#define LOAD(N, bytes, R, expr) MA(N)
#define STORE(N, bytes, A, stmt) MA(N)
#define LOADLANE(N, bytes, fn) M(N)
#define STORELANE(N, bytes, fn) M(N)
#include "interp/memops.def"
#undef LOAD
#undef STORE
#undef LOADLANE
#undef STORELANE
#undef MA
#undef M
#define A(N) atomic[unsigned(Op::N)] = IOp::N;
#define ALOAD(N, T, R) A(N)
#define ASTORE(N, T, R) A(N)
#define ARMW(N, T, R, fn) A(N)
#define ACMPXCHG(N, T, R) A(N)
#include "interp/atomic_ops.def"
#undef ALOAD
#undef ASTORE
#undef ARMW
#undef ACMPXCHG
#undef A
  atomic[unsigned(Op::MemoryAtomicNotify)] = IOp::AtomicNotify;
  atomic[unsigned(Op::MemoryAtomicWait32)] = IOp::AtomicWait32;
  atomic[unsigned(Op::MemoryAtomicWait64)] = IOp::AtomicWait64;
  atomic[unsigned(Op::AtomicFence)] = IOp::AtomicFence;
  // The ops whose NaN results the spec leaves nondeterministic (sign, payload):
  // arithmetic, sqrt, min/max, rounding, demote/promote, their SIMD forms and the
  // relaxed float ops. Not abs/neg/copysign (bit operations), pmin/pmax (they
  // return one operand, bits unchanged), int->float conversions (never NaN), nor
  // loads, stores, constants, reinterpretations.
  for (Op op : {Op::F32Add, Op::F32Sub, Op::F32Mul, Op::F32Div, Op::F32Sqrt, Op::F32Min,
                Op::F32Max, Op::F32Ceil, Op::F32Floor, Op::F32Trunc, Op::F32Nearest,
                Op::F32DemoteF64})
    canon[unsigned(op)] = IOp::F32Canon;
  for (Op op : {Op::F64Add, Op::F64Sub, Op::F64Mul, Op::F64Div, Op::F64Sqrt, Op::F64Min,
                Op::F64Max, Op::F64Ceil, Op::F64Floor, Op::F64Trunc, Op::F64Nearest,
                Op::F64PromoteF32})
    canon[unsigned(op)] = IOp::F64Canon;
  for (Op op : {Op::F32x4Add, Op::F32x4Sub, Op::F32x4Mul, Op::F32x4Div, Op::F32x4Sqrt,
                Op::F32x4Min, Op::F32x4Max, Op::F32x4Ceil, Op::F32x4Floor, Op::F32x4Trunc,
                Op::F32x4Nearest, Op::F32x4DemoteF64x2Zero, Op::F32x4RelaxedMadd,
                Op::F32x4RelaxedNmadd, Op::F32x4RelaxedMin, Op::F32x4RelaxedMax})
    canon[unsigned(op)] = IOp::F32x4Canon;
  for (Op op : {Op::F64x2Add, Op::F64x2Sub, Op::F64x2Mul, Op::F64x2Div, Op::F64x2Sqrt,
                Op::F64x2Min, Op::F64x2Max, Op::F64x2Ceil, Op::F64x2Floor, Op::F64x2Trunc,
                Op::F64x2Nearest, Op::F64x2PromoteLowF32x4, Op::F64x2RelaxedMadd,
                Op::F64x2RelaxedNmadd, Op::F64x2RelaxedMin, Op::F64x2RelaxedMax})
    canon[unsigned(op)] = IOp::F64x2Canon;
}
const OpMap kMap;

void Translator::translate_instr(const ir::Instr& in, const Event& e) {
  const uint32_t base = e.base;
  const uint32_t np = uint32_t(e.popped.size());
  auto dst_result = [&](uint32_t instr) {
    push_natural(base, e.pushed);
    if (e.pushed.size() == 1) note_dst(instr, base);
  };
  switch (in.op) {
    case Op::Nop:
      return;
    case Op::Unreachable:
      emit(IOp::Unreachable, {});
      return;
    case Op::Drop:
      stk_.resize(base);
      return;
    case Op::Select:
    case Op::SelectT: {
      uint32_t a = use(base), b = use(base + 1), c = use(base + 2);
      bool wide = e.pushed[0].kind == ValKind::V128;
      dst_result(emit(wide ? IOp::Select128 : IOp::Select64, {off_[base], a, b, c}));
      return;
    }
    case Op::LocalGet: {
      Entry en;
      en.kind = Entry::Local;
      en.local = in.a;
      en.wide = local_wide_[in.a];
      stk_.resize(base);
      set_types(base, e.pushed);
      stk_.push_back(en);
      return;
    }
    case Op::LocalSet:
      local_set(in.a, base, false);
      return;
    case Op::LocalTee:
      local_set(in.a, base, true);
      return;
    case Op::GlobalGet: {
      bool wide = e.pushed[0].kind == ValKind::V128;
      dst_result(emit(wide ? IOp::GlobalGet128 : IOp::GlobalGet64, {off_[base], in.a}));
      return;
    }
    case Op::GlobalSet: {
      bool wide = e.popped[0].kind == ValKind::V128;
      emit(wide ? IOp::GlobalSet128 : IOp::GlobalSet64, {in.a, use(base)});
      stk_.resize(base);
      return;
    }
    case Op::I32Const:
    case Op::F32Const:
    case Op::I64Const:
    case Op::F64Const:
    case Op::RefNull:
    case Op::V128Const: {
      Entry en;
      en.kind = Entry::Const;
      if (in.op == Op::V128Const) {
        en.wide = true;
        en.cbytes = 16;
        std::memcpy(&en.lo, in.v128, 8);
        std::memcpy(&en.hi, in.v128 + 8, 8);
      } else {
        en.cbytes = (in.op == Op::I32Const || in.op == Op::F32Const) ? 4 : 8;
        en.lo = in.op == Op::RefNull ? 0 : in.bits;
        if (en.cbytes == 4) en.lo &= 0xFFFFFFFFu;
      }
      stk_.resize(base);
      set_types(base, e.pushed);
      stk_.push_back(en);
      return;
    }
    case Op::RefFunc:
      dst_result(emit(IOp::RefFunc, {off_[base], in.a}));
      return;
    case Op::RefIsNull:
      dst_result(emit(IOp::RefIsNull, {off_[base], use(base)}));
      return;
    case Op::RefAsNonNull:
      dst_result(emit(IOp::RefAsNonNull, {off_[base], use(base)}));
      return;
    case Op::RefEq: {
      uint32_t a = use(base), b = use(base + 1);
      dst_result(emit(IOp::RefEq, {off_[base], a, b}));
      return;
    }
    case Op::MemorySize:
      dst_result(emit(IOp::MemorySize, {off_[base], in.a}));
      return;
    case Op::MemoryGrow:
      dst_result(emit(IOp::MemoryGrow, {off_[base], use(base), in.a}));
      return;
    case Op::MemoryFill: {
      uint32_t d = use(base), v = use(base + 1), n = use(base + 2);
      emit(IOp::MemoryFill, {in.a, d, v, n});
      stk_.resize(base);
      return;
    }
    case Op::MemoryCopy:
    case Op::MemoryInit:
    case Op::TableCopy:
    case Op::TableInit: {
      uint32_t d = use(base), s = use(base + 1), n = use(base + 2);
      IOp op = in.op == Op::MemoryCopy  ? IOp::MemoryCopy
               : in.op == Op::MemoryInit ? IOp::MemoryInit
               : in.op == Op::TableCopy  ? IOp::TableCopy
                                         : IOp::TableInit;
      emit(op, {in.a, in.b, d, s, n});
      stk_.resize(base);
      return;
    }
    case Op::DataDrop:
      emit(IOp::DataDrop, {in.a});
      return;
    case Op::ElemDrop:
      emit(IOp::ElemDrop, {in.a});
      return;
    case Op::TableGet:
      dst_result(emit(IOp::TableGet, {off_[base], in.a, use(base)}));
      return;
    case Op::TableSet: {
      uint32_t i = use(base), v = use(base + 1);
      emit(IOp::TableSet, {in.a, i, v});
      stk_.resize(base);
      return;
    }
    case Op::TableSize:
      dst_result(emit(IOp::TableSize, {off_[base], in.a}));
      return;
    case Op::TableGrow: {
      uint32_t init = use(base), delta = use(base + 1);
      dst_result(emit(IOp::TableGrow, {off_[base], in.a, init, delta}));
      return;
    }
    case Op::TableFill: {
      uint32_t i = use(base), v = use(base + 1), n = use(base + 2);
      emit(IOp::TableFill, {in.a, i, v, n});
      stk_.resize(base);
      return;
    }
    case Op::Call:
    case Op::CallIndirect:
    case Op::CallRef:
    case Op::ReturnCall:
    case Op::ReturnCallIndirect:
    case Op::ReturnCallRef:
    case Op::Throw:
      call_like(in, e);
      return;
    case Op::ThrowRef:
      emit(IOp::ThrowRef, {use(base)});
      stk_.resize(base);
      return;
    case Op::Rethrow: {
      Ctl& c = label(in.a);
      emit(IOp::Rethrow, {c.exn_slot});
      return;
    }
    case Op::Br:
      emit_branch(in.a, base, e);
      stk_.resize(base);
      return;
    case Op::Return:
      emit_return(base);
      stk_.resize(base);
      return;
    case Op::BrIf:
      br_if(in.a, base, base + np - 1, e);
      stk_.resize(base + np - 1);
      return;
    case Op::BrOnNull: {
      uint32_t r = use(base + np - 1);
      cond_branch(IOp::BrOnNull, IOp::BrOnNonNull, r, in.a, base, e);
      return;  // the reference stays (now non-null)
    }
    case Op::BrOnNonNull: {
      uint32_t r = use(base + np - 1);
      cond_branch(IOp::BrOnNonNull, IOp::BrOnNull, r, in.a, base, e);
      stk_.resize(base + np - 1);
      return;
    }
    case Op::BrTable:
      branch_table(in, e);
      return;
    default:
      break;
  }
  unsigned o = unsigned(in.op);
  if (kMap.pure[o] != IOp::Count_) return pure_op(in, e, kMap.pure[o]);
  if (gc_op(in, e)) return;
  if (kMap.mem_fast[o] != IOp::Count_) return mem_access(in, e);
  if (kMap.atomic[o] != IOp::Count_) return atomic_access(in, e, kMap.atomic[o]);
  // Instructions this tier does not run.
  emit(IOp::Unsupported, {o});
  push_natural(base, e.pushed);
}

void Translator::local_set(uint32_t x, uint32_t h, bool tee) {
  Entry en = stk_[h];
  if (en.kind == Entry::Local && en.local == x) {
    if (!tee) stk_.resize(h);
    return;
  }
  if (en.kind == Entry::Slot && last_dst_ != kNone && last_dst_height_ == h && h + 1 == height() &&
      !has_alias(x, h)) {
    // The instruction that produced the value writes the local directly.
    std::memcpy(at(last_dst_ + kOpHeader + 4 * last_dst_field_), &local_off_[x], 4);
    last_dst_ = kNone;
  } else {
    for (uint32_t i = 0; i < h; ++i)
      if (stk_[i].kind == Entry::Local && stk_[i].local == x) materialize(i);
    move_to(h, local_off_[x]);
  }
  stk_.resize(h);
  if (tee) {
    Entry t;
    t.kind = Entry::Local;
    t.local = x;
    t.wide = en.wide;
    stk_.push_back(t);
  }
}

void Translator::pure_op(const ir::Instr& in, const Event& e, IOp op) {
  const uint32_t base = e.base;
  const unsigned o = unsigned(in.op);
  // A commutative op with its constant first takes the immediate form too.
  auto commutes = [](Op op) {
    switch (op) {
      case Op::I32Add: case Op::I32Mul: case Op::I32And: case Op::I32Or: case Op::I32Xor:
      case Op::I32Eq: case Op::I32Ne: case Op::I64Add: case Op::I64Mul: case Op::I64And:
      case Op::I64Or: case Op::I64Xor: case Op::I64Eq: case Op::I64Ne:
        return true;
      default:
        return false;
    }
  };
  const bool const_second = kMap.imm[o] != IOp::Count_ && stk_[base + 1].kind == Entry::Const &&
                            stk_[base].kind != Entry::Const;
  const bool const_first = kMap.imm[o] != IOp::Count_ && stk_[base].kind == Entry::Const &&
                           stk_[base + 1].kind != Entry::Const && commutes(in.op);
  if (const_second || const_first) {
    // Binary op with a constant operand: the immediate form.
    uint32_t a = use(const_second ? base : base + 1);
    uint64_t imm = stk_[const_second ? base + 1 : base].lo;
    if (in.op == Op::I32Add && (prev_is(IOp::I32Add_I) || prev_is(IOp::Copy64))) {
      // An add with an immediate after another (i++, p += 8) or after a copy: one
      // dispatch for both.
      const uint32_t first = prev_;
      const IOp first_op = prev_op_;
      const uint32_t nf = first_op == IOp::Copy64 ? 2 : 3;
      LastPure lp{first, Op::I32Add, a, 0, true, imm, true, first_op,
                  {field(first, 0), field(first, 1), nf == 3 ? field(first, 2) : 0}};
      words_.resize(first / 8);
      const IOp pair_op = first_op == IOp::Copy64 ? IOp::CopyI32AddI : IOp::I32AddI2;
      const uint32_t pf[6] = {lp.first[0], lp.first[1], lp.first[2], off_[base], a, uint32_t(imm)};
      uint32_t fields[6];
      uint32_t k = 0;
      for (uint32_t i = 0; i < nf; ++i) fields[k++] = pf[i];
      for (uint32_t i = 3; i < 6; ++i) fields[k++] = pf[i];
      uint32_t pair = emit_n(pair_op, fields, k);
      push_natural(base, e.pushed);
      note_dst(pair, base, nf);
      last_pure_ = lp;
      return;
    }
    const Shift sh = in.op == Op::I32Add ? shift_feeding(const_second ? base : base + 1) : Shift{};
    uint32_t at_instr = kMap.imm_bits[o] == 32
                            ? emit(kMap.imm[o], {off_[base], a, uint32_t(imm)})
                            : emit(kMap.imm[o], {off_[base], a, uint32_t(imm), uint32_t(imm >> 32)});
    push_natural(base, e.pushed);
    note_dst(at_instr, base);
    if (kMap.br_cmp[o] != IOp::Count_ || in.op == Op::I32Add) {
      last_pure_ = LastPure{at_instr, in.op, a, 0, true, imm};
      if (sh.instr != kNone) {
        last_pure_.shifted = true;
        last_pure_.shl_instr = sh.instr;
        last_pure_.x = sh.x;
        last_pure_.k = sh.k;
      }
    }
    return;
  }
  if (xor_shift(in, e)) return;
  // i32.add with an operand just computed by i32.shl (x << k): remember it, so that
  // a load/store using the sum as its address can absorb both.
  Shift sh;
  bool shift_first = false;
  if (in.op == Op::I32Add) {
    sh = shift_feeding(base + 1);
    if (sh.instr == kNone && stk_[base + 1].kind == Entry::Local) {
      sh = shift_feeding(base);
      shift_first = true;
    }
  }
  uint32_t f[8];
  uint32_t n = 0;
  f[n++] = off_[base];
  for (uint32_t i = 0; i < e.popped.size(); ++i) f[n++] = use(base + i);
  ir::ImmKind imm = ir::op_info(in.op).imm;
  if (imm == ir::ImmKind::Lane) {
    f[n++] = in.a;
  } else if (imm == ir::ImmKind::Shuffle) {
    std::memcpy(&f[n], in.v128, 16);
    n += 4;
  }
  uint32_t at_instr = emit_n(op, f, n);
  push_natural(base, e.pushed);
  if (canon_nans_ && kMap.canon[o] != IOp::Count_) {
    // Deterministic code: the op writes its natural slot (a temporary), and a
    // canon op, as if the wasm had one more unary instruction here, copies it to
    // the same slot with NaNs made canonical. The canon op is the one producing
    // the result: a local.set retargets it, not the float op.
    const uint32_t d = off_[base];
    at_instr = emit(kMap.canon[o], {d, d});
  }
  if (e.pushed.size() == 1) note_dst(at_instr, base);
  if (kMap.br_cmp[o] != IOp::Count_ || in.op == Op::I32Eqz || in.op == Op::I64Eqz ||
      in.op == Op::I32Add) {
    last_pure_ = LastPure{at_instr, in.op, f[1], n > 2 ? f[2] : 0, false, 0};
    if (sh.instr != kNone) {
      // Operand b is the shifted one (add commutes).
      if (shift_first) std::swap(last_pure_.a, last_pure_.b);
      last_pure_.shifted = true;
      last_pure_.shl_instr = sh.instr;
      last_pure_.x = sh.x;
      last_pure_.k = sh.k;
    }
  }
}

Fixup Translator::emit_test(bool when_true, uint32_t cond_h) {
  const LastPure lp = last_pure_;
  const bool is_test = lp.instr != kNone && (kMap.br_cmp[unsigned(lp.op)] != IOp::Count_ ||
                                             lp.op == Op::I32Eqz || lp.op == Op::I64Eqz);
  if (is_test && last_dst_ == lp.instr && last_dst_height_ == cond_h &&
      cond_h + 1 == height() && stk_[cond_h].kind == Entry::Slot) {
    // The comparison computing the condition folds into the branch.
    words_.resize(lp.instr / 8);
    last_dst_ = kNone;
    last_pure_.instr = kNone;
    if (lp.op == Op::I32Eqz) {
      uint32_t j = emit(when_true ? IOp::BrUnless : IOp::BrIf, {lp.a, 0});
      return Fixup{j, j + kOpHeader + 4};
    }
    Op op = when_true ? lp.op : kMap.inverse[unsigned(lp.op)];
    if (lp.op != Op::I64Eqz) {
      unsigned o = unsigned(op);
      uint32_t j;
      if (!lp.has_imm) {
        j = emit(kMap.br_cmp[o], {lp.a, lp.b, 0});
        return Fixup{j, j + kOpHeader + 8};
      }
      if (kMap.imm_bits[o] == 32) {
        j = emit(kMap.br_cmp_i[o], {lp.a, uint32_t(lp.imm), 0});
        return Fixup{j, j + kOpHeader + 8};
      }
      j = emit(kMap.br_cmp_i[o], {lp.a, uint32_t(lp.imm), uint32_t(lp.imm >> 32), 0});
      return Fixup{j, j + kOpHeader + 12};
    }
    // i64.eqz: compare with an immediate zero.
    unsigned o = unsigned(when_true ? Op::I64Eq : Op::I64Ne);
    uint32_t j = emit(kMap.br_cmp_i[o], {lp.a, 0, 0, 0});
    return Fixup{j, j + kOpHeader + 12};
  }
  uint32_t cond = use(cond_h);
  uint32_t j = emit(when_true ? IOp::BrIf : IOp::BrUnless, {cond, 0});
  return Fixup{j, j + kOpHeader + 4};
}

void Translator::br_if(uint32_t depth, uint32_t first, uint32_t cond_h, const Event& e) {
  const Frame& f = frame_of(e, depth);
  if (f.kind != FrameKind::Function) {
    label_slots(f, slots_);
    if (in_place(first, slots_)) {
      link(depth, emit_test(true, cond_h));
      return;
    }
  }
  Fixup skip = emit_test(false, cond_h);
  emit_branch(depth, first, e);
  patch(skip, label_here());
}

void Translator::mem_access(const ir::Instr& in, const Event& e) {
  const uint32_t base = e.base;
  const ir::MemArg& ma = in.mem;
  bool fast = ma.memory == 0 && m_.num_memories() > 0 && !m_.memory_type(0).limits.is64 &&
              ma.offset <= 0xFFFFFFFFu;
  unsigned o = unsigned(in.op);
  IOp op = !fast ? kMap.mem_gen[o] : mem0_guarded_ ? kMap.mem_unchecked[o] : kMap.mem_fast[o];
  bool lane = ir::op_info(in.op).imm == ir::ImmKind::MemArgLane;
  // A constant address folds into the offset (the address slot is the zero slot).
  uint64_t offset = ma.offset;
  bool const_addr = false;
  if (fast && stk_[base].kind == Entry::Const &&
      (stk_[base].lo & 0xFFFFFFFFu) + ma.offset <= 0xFFFFFFFFu) {
    const_addr = true;
    offset = (stk_[base].lo & 0xFFFFFFFFu) + ma.offset;
  }
  if (fast && mem0_guarded_ && !lane && !const_addr && add_address(in, e, uint32_t(offset))) return;
  uint32_t f[8];
  uint32_t n = 0;
  if (!e.pushed.empty()) f[n++] = off_[base];
  for (uint32_t i = 0; i < e.popped.size(); ++i)
    f[n++] = (i == 0 && const_addr) ? zero_slot_ : use(base + i);
  if (fast) {
    f[n++] = uint32_t(offset);
  } else {
    f[n++] = ma.memory;
    f[n++] = uint32_t(ma.offset);
    f[n++] = uint32_t(ma.offset >> 32);
  }
  if (lane) f[n++] = in.a;
  uint32_t at_instr = emit_n(op, f, n);
  push_natural(base, e.pushed);
  if (e.pushed.size() == 1) note_dst(at_instr, base);
}

bool Translator::xor_shift(const ir::Instr& in, const Event& e) {
  // x ^ (x >> k) / x ^ (x << k) where the shift is the instruction just emitted,
  // its result the temporary on top, and x the other operand.
  const uint32_t base = e.base;
  const bool is64 = in.op == Op::I64Xor;
  if (!is64 && in.op != Op::I32Xor) return false;
  IOp fused;
  if (prev_is(is64 ? IOp::I64ShrU_I : IOp::I32ShrU_I)) fused = is64 ? IOp::I64XorShrU_I : IOp::I32XorShrU_I;
  else if (prev_is(is64 ? IOp::I64Shl_I : IOp::I32Shl_I)) fused = is64 ? IOp::I64XorShl_I : IOp::I32XorShl_I;
  else return false;
  // The shift's result is one operand (a temporary), x the other: either order.
  auto shifted_at = [&](uint32_t h) {
    return stk_[h].kind == Entry::Slot && last_dst_ == prev_ && last_dst_height_ == h &&
           field(prev_, 0) == off_[h];
  };
  uint32_t other;
  if (shifted_at(base + 1) && stk_[base].kind != Entry::Const) other = base;
  else if (shifted_at(base) && stk_[base + 1].kind == Entry::Local) other = base + 1;
  else return false;
  const uint32_t x = use(other);  // a local or a slot: emits nothing
  if (field(prev_, 1) != x) return false;
  const uint32_t k = field(prev_, 2);  // a 64-bit shift's immediate: low word
  words_.resize(prev_ / 8);
  uint32_t at_instr = emit(fused, {off_[base], x, k});
  push_natural(base, e.pushed);
  note_dst(at_instr, base);
  return true;
}

Translator::Shift Translator::shift_feeding(uint32_t h) {
  // The operand at height h is the temporary an i32.shl by a constant just wrote
  // (the last instruction, and nothing else reads that temporary).
  if (!prev_is(IOp::I32Shl_I) || stk_[h].kind != Entry::Slot || last_dst_ != prev_ ||
      last_dst_height_ != h || field(prev_, 0) != off_[h])
    return Shift{};
  return Shift{prev_, field(prev_, 1), field(prev_, 2)};
}

bool Translator::add_address(const ir::Instr& in, const Event& e, uint32_t offset) {
  // The address is the result of the i32.add emitted just before (nothing else reads
  // that temporary): the access takes the add's operands instead (Name_UA / _UI).
  const uint32_t base = e.base;
  const unsigned o = unsigned(in.op);
  const LastPure lp = last_pure_;
  const bool load = !e.pushed.empty();
  if (kMap.mem_add[o] == IOp::Count_ || lp.instr == kNone || lp.op != Op::I32Add ||
      last_dst_ != lp.instr || last_dst_height_ != base || stk_[base].kind != Entry::Slot)
    return false;
  // A store's value must cost no instruction of its own (a local), so that the add
  // stays the last one emitted.
  if (load ? base + 1 != height() : base + 2 != height() || stk_[base + 1].kind != Entry::Local)
    return false;
  const uint32_t value = load ? 0 : use(base + 1);
  // The add's result slot may have been retargeted (it is still the temporary here).
  words_.resize(lp.instr / 8);
  last_dst_ = kNone;
  last_pure_.instr = kNone;
  prev_ = kNone;
  // A paired add (I32AddI2, CopyI32AddI): its first instruction stays, alone.
  if (lp.paired && lp.first_op == IOp::Copy64) emit(IOp::Copy64, {lp.first[0], lp.first[1]});
  else if (lp.paired) emit(IOp::I32Add_I, {lp.first[0], lp.first[1], lp.first[2]});
  if (lp.shifted && !lp.paired) {
    // The shift goes too: base + (x << k).
    words_.resize(lp.shl_instr / 8);
    prev_ = kNone;
    const IOp sop = lp.has_imm ? kMap.mem_add_si[o] : kMap.mem_add_s[o];
    const uint32_t first = lp.has_imm ? uint32_t(lp.imm) : lp.a;
    uint32_t at_s = load ? emit(sop, {off_[base], first, lp.x, lp.k, offset})
                         : emit(sop, {first, lp.x, lp.k, value, offset});
    push_natural(base, e.pushed);
    if (load) note_dst(at_s, base);
    return true;
  }
  const IOp op = lp.has_imm ? kMap.mem_add_i[o] : kMap.mem_add[o];
  const uint32_t second = lp.has_imm ? uint32_t(lp.imm) : lp.b;
  uint32_t at_instr = load ? emit(op, {off_[base], lp.a, second, offset})
                           : emit(op, {lp.a, second, value, offset});
  push_natural(base, e.pushed);
  if (load) note_dst(at_instr, base);
  return true;
}

void Translator::call_like(const ir::Instr& in, const Event& e) {
  const uint32_t base = e.base;
  uint32_t np = uint32_t(e.popped.size());
  // The callee operand (table index / reference) is on top of the arguments.
  bool has_callee = in.op == Op::CallIndirect || in.op == Op::ReturnCallIndirect ||
                    in.op == Op::CallRef || in.op == Op::ReturnCallRef;
  uint32_t nargs = has_callee ? np - 1 : np;
  uint32_t callee = has_callee ? use(base + nargs) : 0;
  for (uint32_t i = 0; i < nargs; ++i) materialize(base + i);
  uint32_t args = off_[base];
  uint32_t arg_bytes = off_[base + nargs] - off_[base];
  switch (in.op) {
    case Op::Call:
      emit(IOp::Call, {in.a, args});
      break;
    case Op::CallIndirect:
      emit(IOp::CallIndirect, {cm_.canon.id(in.a), in.b, args, callee});
      break;
    case Op::CallRef:
      emit(IOp::CallRef, {args, callee});
      break;
    case Op::ReturnCall:
      emit(IOp::ReturnCall, {in.a, args, arg_bytes});
      break;
    case Op::ReturnCallIndirect:
      emit(IOp::ReturnCallIndirect, {cm_.canon.id(in.a), in.b, args, callee, arg_bytes});
      break;
    case Op::ReturnCallRef:
      emit(IOp::ReturnCallRef, {args, callee, arg_bytes});
      break;
    default:  // Throw
      emit(IOp::Throw, {in.a, args});
      break;
  }
  push_natural(base, e.pushed);
  // A caller waits here (or a host call returned here): a safepoint.
  if (in.op == Op::Call || in.op == Op::CallIndirect || in.op == Op::CallRef)
    record_safepoint(Safepoint::Call, base, args, base, e.pushed);
}

void Translator::cond_branch(IOp direct, IOp inverse, uint32_t test, uint32_t depth,
                             uint32_t first, const Event& e) {
  const Frame& f = frame_of(e, depth);
  if (f.kind != FrameKind::Function) {
    label_slots(f, slots_);
    if (in_place(first, slots_)) {
      uint32_t j = emit(direct, {test, 0});
      link(depth, Fixup{j, j + kOpHeader + 4});
      return;
    }
  }
  uint32_t j = emit(inverse, {test, 0});
  emit_branch(depth, first, e);
  patch(Fixup{j, j + kOpHeader + 4}, label_here());
}

void Translator::branch_table(const ir::Instr& in, const Event& e) {
  const uint32_t base = e.base;
  uint32_t np = uint32_t(e.popped.size());
  uint32_t idx = use(base + np - 1);
  uint32_t n = uint32_t(in.labels.size());
  std::vector<uint32_t> f(2 + n + 1, 0);
  f[0] = idx;
  f[1] = n;
  uint32_t j = emit_n(IOp::BrTable, f.data(), uint32_t(f.size()));
  std::vector<std::pair<uint32_t, uint32_t>> stubs;  // (entry, depth)
  for (uint32_t k = 0; k <= n; ++k) {
    uint32_t depth = k < n ? in.labels[k] : in.a;
    Fixup fx{j, j + kOpHeader + 4 * (2 + k)};
    const Frame& fr = frame_of(e, depth);
    if (fr.kind != FrameKind::Function) {
      label_slots(fr, slots_);
      if (in_place(base, slots_)) {
        link(depth, fx);
        continue;
      }
    }
    stubs.emplace_back(k, depth);
  }
  // Targets that need moves (or a return) get a stub after the table.
  std::vector<std::pair<uint32_t, uint32_t>> done;  // (depth, stub position)
  for (auto [k, depth] : stubs) {
    Fixup fx{j, j + kOpHeader + 4 * (2 + k)};
    uint32_t at_stub = kNone;
    for (auto [d, p] : done)
      if (d == depth) at_stub = p;
    if (at_stub == kNone) {
      at_stub = label_here();
      done.emplace_back(depth, at_stub);
      emit_branch(depth, base, e);
    }
    patch(fx, at_stub);
  }
  stk_.resize(base);
}

}  // namespace skiff::interp::detail

// Tier-1 code generation: SIMD integer lane arithmetic (i8x16 / i16x8 / i32x4 /
// i64x2): add/sub/mul, saturating ops, min/max, abs/neg/popcnt, avgr, shifts
// (count modulo the lane width), comparisons (all-ones lanes), all_true, bitmask,
// narrow (signed saturation of both inputs), extend / extmul / extadd_pairwise,
// q15mulr_sat and dot. Generic LLVM vector IR throughout; x86 turns the patterns
// into pmaddwd, packsswb, pavgb, pmovmskb, ...
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/IntrinsicsX86.h>

#include "compiler/llvm/emit_simd.h"

namespace skiff::compiler {

using ir::Op;
using llvm::Value;

namespace {

// The low or high half of the lanes of x.
Value* half(llvm::IRBuilder<>& b, Value* x, bool high) {
  unsigned n = llvm::cast<llvm::FixedVectorType>(x->getType())->getNumElements();
  llvm::SmallVector<int, 16> mask;
  for (unsigned i = 0; i < n / 2; ++i) mask.push_back(int(i + (high ? n / 2 : 0)));
  return b.CreateShuffleVector(x, mask);
}
// The even (odd) lanes of x.
Value* every_other(llvm::IRBuilder<>& b, Value* x, bool odd) {
  unsigned n = llvm::cast<llvm::FixedVectorType>(x->getType())->getNumElements();
  llvm::SmallVector<int, 16> mask;
  for (unsigned i = 0; i < n / 2; ++i) mask.push_back(int(2 * i + (odd ? 1 : 0)));
  return b.CreateShuffleVector(x, mask);
}
// Lanes of x extended to twice their width.
Value* widen(llvm::IRBuilder<>& b, Value* x, bool is_signed) {
  auto* t = llvm::cast<llvm::FixedVectorType>(x->getType());
  unsigned bits = t->getElementType()->getIntegerBitWidth();
  auto* wt = llvm::FixedVectorType::get(b.getIntNTy(2 * bits), t->getNumElements());
  return is_signed ? b.CreateSExt(x, wt) : b.CreateZExt(x, wt);
}

}  // namespace

Value* SimdEmit::extadd_pairwise(Emitter& m, Value* a, unsigned from, bool is_signed) {
  llvm::IRBuilder<>& b = m.b_;
  Value* x = as_i(m, a, from);
  return v128(m, b.CreateAdd(widen(b, every_other(b, x, false), is_signed),
                             widen(b, every_other(b, x, true), is_signed)));
}

bool SimdEmit::integer(Emitter& m, const ir::Instr& in) {
  llvm::IRBuilder<>& b = m.b_;
  using P = llvm::CmpInst::Predicate;
  namespace I = llvm::Intrinsic;
  std::vector<Value*> v;
  auto un = [&](unsigned bits, auto fn) {
    m.pop_n(1, v);
    m.push(v128(m, fn(as_i(m, v[0], bits))));
  };
  auto bin = [&](unsigned bits, auto fn) {
    m.pop_n(2, v);
    m.push(v128(m, fn(as_i(m, v[0], bits), as_i(m, v[1], bits))));
  };
  auto bin_intr = [&](unsigned bits, unsigned id) {
    bin(bits, [&](Value* x, Value* y) { return intr(m, id, {x->getType()}, {x, y}); });
  };
  auto cmp = [&](unsigned bits, P p) {
    bin(bits, [&](Value* x, Value* y) { return b.CreateSExt(b.CreateICmp(p, x, y), x->getType()); });
  };
  auto shift = [&](unsigned bits, unsigned opcode) {
    m.pop_n(2, v);
    Value* k = b.CreateAnd(v[1], b.getInt32(bits - 1));
    llvm::Type* lt = b.getIntNTy(bits);
    k = bits < 32 ? b.CreateTrunc(k, lt) : bits > 32 ? b.CreateZExt(k, lt) : k;
    Value* x = as_i(m, v[0], bits);
    m.push(v128(m, b.CreateBinOp(llvm::Instruction::BinaryOps(opcode), x,
                                 b.CreateVectorSplat(128 / bits, k))));
  };
  auto all_true = [&](unsigned bits) {
    m.pop_n(1, v);
    Value* x = as_i(m, v[0], bits);
    Value* nz = b.CreateICmpNE(x, llvm::Constant::getNullValue(x->getType()));
    m.push(b.CreateZExt(b.CreateAndReduce(nz), m.env_.i32()));
  };
  auto bitmask = [&](unsigned bits) {
    m.pop_n(1, v);
    Value* x = as_i(m, v[0], bits);
    Value* neg = b.CreateICmpSLT(x, llvm::Constant::getNullValue(x->getType()));
    Value* mask = b.CreateBitCast(neg, b.getIntNTy(128 / bits));
    m.push(b.CreateZExt(mask, m.env_.i32()));
  };
  // narrow: lanes of a then b (`from` bits, signed), saturated to from/2 bits.
  auto narrow = [&](unsigned from, bool is_signed) {
    m.pop_n(2, v);
    Value* x = as_i(m, v[0], from);
    Value* y = as_i(m, v[1], from);
    unsigned n = 128 / from;
    llvm::SmallVector<int, 16> mask;
    for (unsigned i = 0; i < 2 * n; ++i) mask.push_back(int(i));
    Value* both = b.CreateShuffleVector(x, y, mask);
    unsigned to = from / 2;
    int64_t lo = is_signed ? -(int64_t(1) << (to - 1)) : 0;
    int64_t hi = is_signed ? (int64_t(1) << (to - 1)) - 1 : (int64_t(1) << to) - 1;
    llvm::Type* t = both->getType();
    both = intr(m, I::smax, {t}, {both, llvm::ConstantInt::get(t, uint64_t(lo), true)});
    both = intr(m, I::smin, {t}, {both, llvm::ConstantInt::get(t, uint64_t(hi), true)});
    m.push(v128(m, b.CreateTrunc(both, ivec(m, to))));
  };
  auto extend = [&](unsigned from, bool is_signed, bool high) {
    m.pop_n(1, v);
    m.push(v128(m, widen(b, half(b, as_i(m, v[0], from), high), is_signed)));
  };
  auto extmul = [&](unsigned from, bool is_signed, bool high) {
    m.pop_n(2, v);
    Value* x = widen(b, half(b, as_i(m, v[0], from), high), is_signed);
    Value* y = widen(b, half(b, as_i(m, v[1], from), high), is_signed);
    m.push(v128(m, b.CreateMul(x, y)));
  };
  auto avgr = [&](unsigned bits) {
    bin(bits, [&](Value* x, Value* y) {
      Value* wx = widen(b, x, false);
      Value* wy = widen(b, y, false);
      Value* one = llvm::ConstantInt::get(wx->getType(), 1);
      Value* s = b.CreateLShr(b.CreateAdd(b.CreateAdd(wx, wy), one), one);
      return b.CreateTrunc(s, x->getType());
    });
  };
  auto abs = [&](unsigned bits) {
    un(bits, [&](Value* x) { return intr(m, I::abs, {x->getType()}, {x, b.getFalse()}); });
  };
  auto neg = [&](unsigned bits) { un(bits, [&](Value* x) { return b.CreateNeg(x); }); };
  auto add = [&](unsigned bits) { bin(bits, [&](Value* x, Value* y) { return b.CreateAdd(x, y); }); };
  auto sub = [&](unsigned bits) { bin(bits, [&](Value* x, Value* y) { return b.CreateSub(x, y); }); };
  auto mul = [&](unsigned bits) { bin(bits, [&](Value* x, Value* y) { return b.CreateMul(x, y); }); };
  using IO = llvm::Instruction;

  switch (in.op) {
    // ---- i8x16 ----
    case Op::I8x16Abs: abs(8); return true;
    case Op::I8x16Neg: neg(8); return true;
    case Op::I8x16Popcnt:
      un(8, [&](Value* x) { return intr(m, I::ctpop, {x->getType()}, {x}); });
      return true;
    case Op::I8x16AllTrue: all_true(8); return true;
    case Op::I8x16Bitmask: bitmask(8); return true;
    case Op::I8x16NarrowI16x8S: narrow(16, true); return true;
    case Op::I8x16NarrowI16x8U: narrow(16, false); return true;
    case Op::I8x16Shl: shift(8, IO::Shl); return true;
    case Op::I8x16ShrS: shift(8, IO::AShr); return true;
    case Op::I8x16ShrU: shift(8, IO::LShr); return true;
    case Op::I8x16Add: add(8); return true;
    case Op::I8x16AddSatS: bin_intr(8, I::sadd_sat); return true;
    case Op::I8x16AddSatU: bin_intr(8, I::uadd_sat); return true;
    case Op::I8x16Sub: sub(8); return true;
    case Op::I8x16SubSatS: bin_intr(8, I::ssub_sat); return true;
    case Op::I8x16SubSatU: bin_intr(8, I::usub_sat); return true;
    case Op::I8x16MinS: bin_intr(8, I::smin); return true;
    case Op::I8x16MinU: bin_intr(8, I::umin); return true;
    case Op::I8x16MaxS: bin_intr(8, I::smax); return true;
    case Op::I8x16MaxU: bin_intr(8, I::umax); return true;
    case Op::I8x16AvgrU: avgr(8); return true;
    case Op::I8x16Eq: cmp(8, P::ICMP_EQ); return true;
    case Op::I8x16Ne: cmp(8, P::ICMP_NE); return true;
    case Op::I8x16LtS: cmp(8, P::ICMP_SLT); return true;
    case Op::I8x16LtU: cmp(8, P::ICMP_ULT); return true;
    case Op::I8x16GtS: cmp(8, P::ICMP_SGT); return true;
    case Op::I8x16GtU: cmp(8, P::ICMP_UGT); return true;
    case Op::I8x16LeS: cmp(8, P::ICMP_SLE); return true;
    case Op::I8x16LeU: cmp(8, P::ICMP_ULE); return true;
    case Op::I8x16GeS: cmp(8, P::ICMP_SGE); return true;
    case Op::I8x16GeU: cmp(8, P::ICMP_UGE); return true;

    // ---- i16x8 ----
    case Op::I16x8ExtaddPairwiseI8x16S:
    case Op::I16x8ExtaddPairwiseI8x16U:
      m.pop_n(1, v);
      m.push(extadd_pairwise(m, v[0], 8, in.op == Op::I16x8ExtaddPairwiseI8x16S));
      return true;
    case Op::I16x8Abs: abs(16); return true;
    case Op::I16x8Neg: neg(16); return true;
    case Op::I16x8Q15mulrSatS:
    case Op::I16x8RelaxedQ15mulrS:
      // (a * b + 2^14) >> 15, saturated (only -32768 * -32768 overflows). x86's
      // pmulhrsw rounds the same way and gives 0x8000 there (never otherwise).
      if (x86_ssse3(m)) {
        bin(16, [&](Value* x, Value* y) {
          Value* r = intr(m, llvm::Intrinsic::x86_ssse3_pmul_hr_sw_128, {}, {x, y});
          Value* ovf = b.CreateICmpEQ(r, llvm::ConstantInt::get(r->getType(), 0x8000));
          return b.CreateXor(r, b.CreateSExt(ovf, r->getType()));
        });
        return true;
      }
      bin(16, [&](Value* x, Value* y) {
        Value* p = b.CreateMul(widen(b, x, true), widen(b, y, true));
        llvm::Type* t = p->getType();
        p = b.CreateAShr(b.CreateAdd(p, llvm::ConstantInt::get(t, 0x4000)), llvm::ConstantInt::get(t, 15));
        p = intr(m, I::smin, {t}, {p, llvm::ConstantInt::get(t, 0x7fff)});
        return b.CreateTrunc(p, x->getType());
      });
      return true;
    case Op::I16x8AllTrue: all_true(16); return true;
    case Op::I16x8Bitmask: bitmask(16); return true;
    case Op::I16x8NarrowI32x4S: narrow(32, true); return true;
    case Op::I16x8NarrowI32x4U: narrow(32, false); return true;
    case Op::I16x8ExtendLowI8x16S: extend(8, true, false); return true;
    case Op::I16x8ExtendHighI8x16S: extend(8, true, true); return true;
    case Op::I16x8ExtendLowI8x16U: extend(8, false, false); return true;
    case Op::I16x8ExtendHighI8x16U: extend(8, false, true); return true;
    case Op::I16x8Shl: shift(16, IO::Shl); return true;
    case Op::I16x8ShrS: shift(16, IO::AShr); return true;
    case Op::I16x8ShrU: shift(16, IO::LShr); return true;
    case Op::I16x8Add: add(16); return true;
    case Op::I16x8AddSatS: bin_intr(16, I::sadd_sat); return true;
    case Op::I16x8AddSatU: bin_intr(16, I::uadd_sat); return true;
    case Op::I16x8Sub: sub(16); return true;
    case Op::I16x8SubSatS: bin_intr(16, I::ssub_sat); return true;
    case Op::I16x8SubSatU: bin_intr(16, I::usub_sat); return true;
    case Op::I16x8Mul: mul(16); return true;
    case Op::I16x8MinS: bin_intr(16, I::smin); return true;
    case Op::I16x8MinU: bin_intr(16, I::umin); return true;
    case Op::I16x8MaxS: bin_intr(16, I::smax); return true;
    case Op::I16x8MaxU: bin_intr(16, I::umax); return true;
    case Op::I16x8AvgrU: avgr(16); return true;
    case Op::I16x8ExtmulLowI8x16S: extmul(8, true, false); return true;
    case Op::I16x8ExtmulHighI8x16S: extmul(8, true, true); return true;
    case Op::I16x8ExtmulLowI8x16U: extmul(8, false, false); return true;
    case Op::I16x8ExtmulHighI8x16U: extmul(8, false, true); return true;
    case Op::I16x8Eq: cmp(16, P::ICMP_EQ); return true;
    case Op::I16x8Ne: cmp(16, P::ICMP_NE); return true;
    case Op::I16x8LtS: cmp(16, P::ICMP_SLT); return true;
    case Op::I16x8LtU: cmp(16, P::ICMP_ULT); return true;
    case Op::I16x8GtS: cmp(16, P::ICMP_SGT); return true;
    case Op::I16x8GtU: cmp(16, P::ICMP_UGT); return true;
    case Op::I16x8LeS: cmp(16, P::ICMP_SLE); return true;
    case Op::I16x8LeU: cmp(16, P::ICMP_ULE); return true;
    case Op::I16x8GeS: cmp(16, P::ICMP_SGE); return true;
    case Op::I16x8GeU: cmp(16, P::ICMP_UGE); return true;

    // ---- i32x4 ----
    case Op::I32x4ExtaddPairwiseI16x8S:
    case Op::I32x4ExtaddPairwiseI16x8U:
      m.pop_n(1, v);
      m.push(extadd_pairwise(m, v[0], 16, in.op == Op::I32x4ExtaddPairwiseI16x8S));
      return true;
    case Op::I32x4Abs: abs(32); return true;
    case Op::I32x4Neg: neg(32); return true;
    case Op::I32x4AllTrue: all_true(32); return true;
    case Op::I32x4Bitmask: bitmask(32); return true;
    case Op::I32x4ExtendLowI16x8S: extend(16, true, false); return true;
    case Op::I32x4ExtendHighI16x8S: extend(16, true, true); return true;
    case Op::I32x4ExtendLowI16x8U: extend(16, false, false); return true;
    case Op::I32x4ExtendHighI16x8U: extend(16, false, true); return true;
    case Op::I32x4Shl: shift(32, IO::Shl); return true;
    case Op::I32x4ShrS: shift(32, IO::AShr); return true;
    case Op::I32x4ShrU: shift(32, IO::LShr); return true;
    case Op::I32x4Add: add(32); return true;
    case Op::I32x4Sub: sub(32); return true;
    case Op::I32x4Mul: mul(32); return true;
    case Op::I32x4MinS: bin_intr(32, I::smin); return true;
    case Op::I32x4MinU: bin_intr(32, I::umin); return true;
    case Op::I32x4MaxS: bin_intr(32, I::smax); return true;
    case Op::I32x4MaxU: bin_intr(32, I::umax); return true;
    case Op::I32x4DotI16x8S:
      // lane i = a[2i]*b[2i] + a[2i+1]*b[2i+1], in i32 modulo 2^32 (pmaddwd).
      bin(16, [&](Value* x, Value* y) {
        Value* p = b.CreateMul(widen(b, x, true), widen(b, y, true));
        return b.CreateAdd(every_other(b, p, false), every_other(b, p, true));
      });
      return true;
    case Op::I32x4ExtmulLowI16x8S: extmul(16, true, false); return true;
    case Op::I32x4ExtmulHighI16x8S: extmul(16, true, true); return true;
    case Op::I32x4ExtmulLowI16x8U: extmul(16, false, false); return true;
    case Op::I32x4ExtmulHighI16x8U: extmul(16, false, true); return true;
    case Op::I32x4Eq: cmp(32, P::ICMP_EQ); return true;
    case Op::I32x4Ne: cmp(32, P::ICMP_NE); return true;
    case Op::I32x4LtS: cmp(32, P::ICMP_SLT); return true;
    case Op::I32x4LtU: cmp(32, P::ICMP_ULT); return true;
    case Op::I32x4GtS: cmp(32, P::ICMP_SGT); return true;
    case Op::I32x4GtU: cmp(32, P::ICMP_UGT); return true;
    case Op::I32x4LeS: cmp(32, P::ICMP_SLE); return true;
    case Op::I32x4LeU: cmp(32, P::ICMP_ULE); return true;
    case Op::I32x4GeS: cmp(32, P::ICMP_SGE); return true;
    case Op::I32x4GeU: cmp(32, P::ICMP_UGE); return true;

    // ---- i64x2 ----
    case Op::I64x2Abs: abs(64); return true;
    case Op::I64x2Neg: neg(64); return true;
    case Op::I64x2AllTrue: all_true(64); return true;
    case Op::I64x2Bitmask: bitmask(64); return true;
    case Op::I64x2ExtendLowI32x4S: extend(32, true, false); return true;
    case Op::I64x2ExtendHighI32x4S: extend(32, true, true); return true;
    case Op::I64x2ExtendLowI32x4U: extend(32, false, false); return true;
    case Op::I64x2ExtendHighI32x4U: extend(32, false, true); return true;
    case Op::I64x2Shl: shift(64, IO::Shl); return true;
    case Op::I64x2ShrS: shift(64, IO::AShr); return true;
    case Op::I64x2ShrU: shift(64, IO::LShr); return true;
    case Op::I64x2Add: add(64); return true;
    case Op::I64x2Sub: sub(64); return true;
    case Op::I64x2Mul: mul(64); return true;
    case Op::I64x2ExtmulLowI32x4S: extmul(32, true, false); return true;
    case Op::I64x2ExtmulHighI32x4S: extmul(32, true, true); return true;
    case Op::I64x2ExtmulLowI32x4U: extmul(32, false, false); return true;
    case Op::I64x2ExtmulHighI32x4U: extmul(32, false, true); return true;
    case Op::I64x2Eq: cmp(64, P::ICMP_EQ); return true;
    case Op::I64x2Ne: cmp(64, P::ICMP_NE); return true;
    case Op::I64x2LtS: cmp(64, P::ICMP_SLT); return true;
    case Op::I64x2GtS: cmp(64, P::ICMP_SGT); return true;
    case Op::I64x2LeS: cmp(64, P::ICMP_SLE); return true;
    case Op::I64x2GeS: cmp(64, P::ICMP_SGE); return true;
    default:
      return false;
  }
}

}  // namespace skiff::compiler

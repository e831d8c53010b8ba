// Tier-1 code generation: SIMD float lanes (f32x4 / f64x2), conversions and the
// relaxed SIMD ops.
//
// Float lanes follow src/semantics/simd.h: min/max NaN-propagating with -0 < +0
// (SimdEmit::fminmax, shared with the scalar ops), pmin/pmax as the `<`
// selects of the spec, rounding with llvm.ceil/floor/trunc/roundeven (roundps
// quiets a signalling NaN), trunc_sat as clamp + in-range conversion + selects.
//
// Relaxed SIMD takes tier 0's fixed choices (src/semantics/relaxed_simd.h): swizzle,
// trunc, laneselect, min/max and q15mulr are their non-relaxed counterparts (their
// cases sit with them in emit_simd.cc / emit_simd_int.cc); madd/nmadd are UNFUSED
// (a*b then +c, two roundings: no `contract` flag, so LLVM never forms an FMA);
// relaxed_dot treats both byte operands as signed and saturates the pair sums.
#include <llvm/IR/Intrinsics.h>

#include "compiler/llvm/emit_simd.h"

namespace skiff::compiler {

using ir::Op;
using llvm::Value;

Value* SimdEmit::trunc_sat(Emitter& m, Value* a, bool from64, bool is_signed) {
  // Saturating truncation without llvm.fpto[su]i.sat (x86 scalarises its vector
  // forms): clamp below, convert only in-range lanes (so the plain conversion is
  // defined: cvttps2dq / vcvttps2udq ...), then select the saturated value for NaN
  // (0) and too-large lanes. f64x2 gives the two low i32 lanes; the high two are 0.
  llvm::IRBuilder<>& b = m.b_;
  Value* x = as_f(m, a, from64 ? 64 : 32);
  llvm::Type* ft = x->getType();
  const unsigned n = from64 ? 2 : 4;
  auto* it = llvm::FixedVectorType::get(m.env_.i32(), n);
  Value* lo = llvm::ConstantFP::get(ft, is_signed ? -2147483648.0 : 0.0);
  Value* hi = llvm::ConstantFP::get(ft, is_signed ? 2147483648.0 : 4294967296.0);
  Value* c = b.CreateSelect(b.CreateFCmpOLT(x, lo), lo, x);  // NaN stays NaN
  Value* ok = b.CreateFCmpOLT(c, hi);                          // false for NaN, too large
  Value* safe = b.CreateSelect(ok, c, llvm::Constant::getNullValue(ft));
  Value* i = is_signed ? b.CreateFPToSI(safe, it) : b.CreateFPToUI(safe, it);
  Value* big = llvm::ConstantInt::get(it, is_signed ? 0x7fffffffu : 0xffffffffu);
  Value* sat = b.CreateSelect(b.CreateFCmpUNO(x, x), llvm::Constant::getNullValue(it), big);
  Value* r = b.CreateSelect(ok, i, sat);
  if (from64) r = b.CreateShuffleVector(r, llvm::Constant::getNullValue(it), {0, 1, 2, 3});
  return v128(m, r);
}

Value* SimdEmit::relaxed_dot16(Emitter& m, Value* a, Value* b0) {
  llvm::IRBuilder<>& b = m.b_;
  // Lane i = sat_s16(a[2i]*b[2i] + a[2i+1]*b[2i+1]), every byte signed. Each
  // product fits in i16 (|p| <= 2^14); only the sum can overflow (to 2^15).
  Value* x = as_i(m, a, 8);
  Value* y = as_i(m, b0, 8);
  auto* t16 = ivec(m, 16);
  int even[8], odd[8];
  for (int i = 0; i < 8; ++i) even[i] = 2 * i, odd[i] = 2 * i + 1;
  auto lanes = [&](Value* v, const int* mask) {
    return b.CreateSExt(b.CreateShuffleVector(v, llvm::ArrayRef<int>(mask, 8)), t16);
  };
  Value* p0 = b.CreateMul(lanes(x, even), lanes(y, even));
  Value* p1 = b.CreateMul(lanes(x, odd), lanes(y, odd));
  return v128(m, intr(m, llvm::Intrinsic::sadd_sat, {t16}, {p0, p1}));
}

bool SimdEmit::floating(Emitter& m, const ir::Instr& in) {
  llvm::IRBuilder<>& b = m.b_;
  using P = llvm::CmpInst::Predicate;
  using IO = llvm::Instruction;
  namespace I = llvm::Intrinsic;
  std::vector<Value*> v;
  auto un = [&](unsigned bits, auto fn) {
    m.pop_n(1, v);
    m.push(v128(m, fn(as_f(m, v[0], bits))));
  };
  auto un_intr = [&](unsigned bits, unsigned id) {
    un(bits, [&](Value* x) { return intr(m, id, {x->getType()}, {x}); });
  };
  auto bin = [&](unsigned bits, auto fn) {
    m.pop_n(2, v);
    m.push(v128(m, fn(as_f(m, v[0], bits), as_f(m, v[1], bits))));
  };
  auto arith = [&](unsigned bits, unsigned opcode) {
    bin(bits, [&](Value* x, Value* y) { return farith(m, opcode, x, y); });
  };
  auto minmax = [&](unsigned bits, bool is_max) {
    bin(bits, [&](Value* x, Value* y) { return fminmax(m, is_max, x, y); });
  };
  auto cmp = [&](unsigned bits, P p) {
    bin(bits, [&](Value* x, Value* y) { return b.CreateSExt(b.CreateFCmp(p, x, y), ivec(m, bits)); });
  };
  // pmin(a, b) = b < a ? b : a; pmax(a, b) = a < b ? b : a (the operand itself, NaN or not).
  auto pminmax = [&](unsigned bits, bool is_max) {
    bin(bits, [&](Value* x, Value* y) {
      Value* c = is_max ? b.CreateFCmpOLT(x, y) : b.CreateFCmpOLT(y, x);
      return b.CreateSelect(c, y, x);
    });
  };
  auto madd = [&](unsigned bits, bool negate) {
    m.pop_n(3, v);
    Value* x = as_f(m, v[0], bits);
    if (negate) x = b.CreateFNeg(x);
    Value* p = farith(m, IO::FMul, x, as_f(m, v[1], bits));
    m.push(v128(m, farith(m, IO::FAdd, p, as_f(m, v[2], bits))));
  };

  switch (in.op) {
    case Op::F32x4Eq: cmp(32, P::FCMP_OEQ); return true;
    case Op::F32x4Ne: cmp(32, P::FCMP_UNE); return true;
    case Op::F32x4Lt: cmp(32, P::FCMP_OLT); return true;
    case Op::F32x4Gt: cmp(32, P::FCMP_OGT); return true;
    case Op::F32x4Le: cmp(32, P::FCMP_OLE); return true;
    case Op::F32x4Ge: cmp(32, P::FCMP_OGE); return true;
    case Op::F64x2Eq: cmp(64, P::FCMP_OEQ); return true;
    case Op::F64x2Ne: cmp(64, P::FCMP_UNE); return true;
    case Op::F64x2Lt: cmp(64, P::FCMP_OLT); return true;
    case Op::F64x2Gt: cmp(64, P::FCMP_OGT); return true;
    case Op::F64x2Le: cmp(64, P::FCMP_OLE); return true;
    case Op::F64x2Ge: cmp(64, P::FCMP_OGE); return true;

    case Op::F32x4Abs: un_intr(32, I::fabs); return true;
    case Op::F64x2Abs: un_intr(64, I::fabs); return true;
    case Op::F32x4Neg: un(32, [&](Value* x) { return b.CreateFNeg(x); }); return true;
    case Op::F64x2Neg: un(64, [&](Value* x) { return b.CreateFNeg(x); }); return true;
    case Op::F32x4Sqrt: un_intr(32, I::sqrt); return true;
    case Op::F64x2Sqrt: un_intr(64, I::sqrt); return true;
    case Op::F32x4Ceil: un_intr(32, I::ceil); return true;
    case Op::F64x2Ceil: un_intr(64, I::ceil); return true;
    case Op::F32x4Floor: un_intr(32, I::floor); return true;
    case Op::F64x2Floor: un_intr(64, I::floor); return true;
    case Op::F32x4Trunc: un_intr(32, I::trunc); return true;
    case Op::F64x2Trunc: un_intr(64, I::trunc); return true;
    case Op::F32x4Nearest: un_intr(32, I::roundeven); return true;
    case Op::F64x2Nearest: un_intr(64, I::roundeven); return true;

    case Op::F32x4Add: arith(32, IO::FAdd); return true;
    case Op::F64x2Add: arith(64, IO::FAdd); return true;
    case Op::F32x4Sub: arith(32, IO::FSub); return true;
    case Op::F64x2Sub: arith(64, IO::FSub); return true;
    case Op::F32x4Mul: arith(32, IO::FMul); return true;
    case Op::F64x2Mul: arith(64, IO::FMul); return true;
    case Op::F32x4Div: arith(32, IO::FDiv); return true;
    case Op::F64x2Div: arith(64, IO::FDiv); return true;
    case Op::F32x4Min: case Op::F32x4RelaxedMin: minmax(32, false); return true;
    case Op::F64x2Min: case Op::F64x2RelaxedMin: minmax(64, false); return true;
    case Op::F32x4Max: case Op::F32x4RelaxedMax: minmax(32, true); return true;
    case Op::F64x2Max: case Op::F64x2RelaxedMax: minmax(64, true); return true;
    case Op::F32x4Pmin: pminmax(32, false); return true;
    case Op::F64x2Pmin: pminmax(64, false); return true;
    case Op::F32x4Pmax: pminmax(32, true); return true;
    case Op::F64x2Pmax: pminmax(64, true); return true;

    case Op::I32x4TruncSatF32x4S: case Op::I32x4RelaxedTruncF32x4S:
    case Op::I32x4TruncSatF32x4U: case Op::I32x4RelaxedTruncF32x4U:
    case Op::I32x4TruncSatF64x2SZero: case Op::I32x4RelaxedTruncF64x2SZero:
    case Op::I32x4TruncSatF64x2UZero: case Op::I32x4RelaxedTruncF64x2UZero: {
      const bool from64 = in.op == Op::I32x4TruncSatF64x2SZero || in.op == Op::I32x4RelaxedTruncF64x2SZero ||
                          in.op == Op::I32x4TruncSatF64x2UZero || in.op == Op::I32x4RelaxedTruncF64x2UZero;
      const bool is_signed = in.op == Op::I32x4TruncSatF32x4S || in.op == Op::I32x4RelaxedTruncF32x4S ||
                             in.op == Op::I32x4TruncSatF64x2SZero ||
                             in.op == Op::I32x4RelaxedTruncF64x2SZero;
      m.pop_n(1, v);
      m.push(trunc_sat(m, v[0], from64, is_signed));
      return true;
    }
    case Op::F32x4ConvertI32x4S:
    case Op::F32x4ConvertI32x4U: {
      m.pop_n(1, v);
      Value* x = as_i(m, v[0], 32);
      m.push(v128(m, in.op == Op::F32x4ConvertI32x4S ? b.CreateSIToFP(x, fvec(m, 32))
                                                     : b.CreateUIToFP(x, fvec(m, 32))));
      return true;
    }
    case Op::F64x2ConvertLowI32x4S:
    case Op::F64x2ConvertLowI32x4U: {
      m.pop_n(1, v);
      Value* x = b.CreateShuffleVector(as_i(m, v[0], 32), {0, 1});
      m.push(v128(m, in.op == Op::F64x2ConvertLowI32x4S ? b.CreateSIToFP(x, fvec(m, 64))
                                                        : b.CreateUIToFP(x, fvec(m, 64))));
      return true;
    }
    case Op::F32x4DemoteF64x2Zero: {
      // Quieted: LLVM folds demote(promote(x)) to x (float_exprs' no_fold_promote_demote).
      m.pop_n(1, v);
      auto* t2 = llvm::FixedVectorType::get(llvm::Type::getFloatTy(m.c_), 2);
      Value* x = quiet(m, b.CreateFPTrunc(as_f(m, v[0], 64), t2));
      m.push(v128(m, b.CreateShuffleVector(x, llvm::Constant::getNullValue(t2), {0, 1, 2, 3})));
      return true;
    }
    case Op::F64x2PromoteLowF32x4: {
      m.pop_n(1, v);
      Value* x = b.CreateShuffleVector(as_f(m, v[0], 32), {0, 1});
      m.push(v128(m, b.CreateFPExt(x, fvec(m, 64))));
      return true;
    }

    case Op::F32x4RelaxedMadd: madd(32, false); return true;
    case Op::F32x4RelaxedNmadd: madd(32, true); return true;
    case Op::F64x2RelaxedMadd: madd(64, false); return true;
    case Op::F64x2RelaxedNmadd: madd(64, true); return true;
    default:
      return false;
  }
}

bool SimdEmit::relaxed(Emitter& m, const ir::Instr& in) {
  std::vector<Value*> v;
  switch (in.op) {
    case Op::I16x8RelaxedDotI8x16I7x16S:
      m.pop_n(2, v);
      m.push(relaxed_dot16(m, v[0], v[1]));
      return true;
    case Op::I32x4RelaxedDotI8x16I7x16AddS: {
      // The i16x8 relaxed dot, i32x4.extadd_pairwise_i16x8_s, then i32x4.add c.
      m.pop_n(3, v);
      Value* s = extadd_pairwise(m, relaxed_dot16(m, v[0], v[1]), 16, true);
      m.push(v128(m, m.b_.CreateAdd(as_i(m, s, 32), as_i(m, v[2], 32))));
      return true;
    }
    default:
      return false;
  }
}

}  // namespace skiff::compiler

// Emitter: constants and the scalar numeric instructions (i32/i64/f32/f64).
//
// The semantics follow src/semantics (the tier-0 reference): shift counts are
// masked, rotates are funnel shifts, min/max are SimdEmit::fminmax (NaN-
// propagating with a quiet NaN, -0 < +0), nearest is roundeven, trapping
// float->int conversions check NaN (invalid conversion) and range (integer
// overflow) first, saturating ones use llvm.fpto[su]i.sat, division traps on zero
// and INT_MIN / -1. Signalling NaNs: the float ops LLVM may fold to an operand (a
// constant +-0 / +-1 operand, demote of a promote) quiet their result (emit_simd.h).
#include <llvm/IR/Intrinsics.h>

#include <cstring>

#include "compiler/llvm/emit_simd.h"

namespace skiff::compiler {

using llvm::Value;
using ir::Op;
using sem::TrapKind;

namespace {

struct Bounds {
  double lo, hi;  // the value must be > lo (or >= lo when lo_incl) and < hi
  bool lo_incl;
};

}  // namespace

bool Emitter::emit_numeric(const ir::Instr& in, const Event& e) {
  (void)e;
  llvm::Type* I32 = env_.i32();
  llvm::Type* I64 = env_.i64();
  llvm::Type* F32 = llvm::Type::getFloatTy(c_);
  llvm::Type* F64 = llvm::Type::getDoubleTy(c_);
  auto intr = [&](llvm::Intrinsic::ID id, llvm::ArrayRef<llvm::Type*> tys,
                  llvm::ArrayRef<Value*> args) -> Value* {
    llvm::Function* f = llvm::Intrinsic::getDeclaration(&env_.mod, id, tys);
    return b_.CreateCall(f, args);
  };
  std::vector<Value*> v;
  auto un = [&]() -> Value* { pop_n(1, v); return v[0]; };
  auto bin = [&]() { pop_n(2, v); };
  auto cmp_i = [&](llvm::CmpInst::Predicate p) {
    bin();
    push(b_.CreateZExt(b_.CreateICmp(p, v[0], v[1]), I32));
  };
  auto cmp_f = [&](llvm::CmpInst::Predicate p) {
    bin();
    push(b_.CreateZExt(b_.CreateFCmp(p, v[0], v[1]), I32));
  };
  auto shift_mask = [&](Value* x, unsigned bits) {
    return b_.CreateAnd(x, llvm::ConstantInt::get(x->getType(), bits - 1));
  };
  // Division family: traps on a zero divisor; signed division traps on MIN / -1;
  // signed remainder gives 0 there.
  auto divide = [&](bool is_signed, bool rem) {
    bin();
    Value* a = v[0];
    Value* d = v[1];
    llvm::Type* t = a->getType();
    trap_if(b_.CreateICmpEQ(d, llvm::ConstantInt::get(t, 0)), TrapKind::IntDivByZero);
    if (!is_signed) {
      push(rem ? b_.CreateURem(a, d) : b_.CreateUDiv(a, d));
      return;
    }
    unsigned bits = t->getIntegerBitWidth();
    Value* min = llvm::ConstantInt::get(t, llvm::APInt::getSignedMinValue(bits));
    Value* m1 = llvm::ConstantInt::get(t, uint64_t(-1), true);
    Value* ovf = b_.CreateAnd(b_.CreateICmpEQ(a, min), b_.CreateICmpEQ(d, m1));
    if (!rem) {
      trap_if(ovf, TrapKind::IntOverflow);
      push(b_.CreateSDiv(a, d));
    } else {
      Value* safe = b_.CreateSelect(b_.CreateICmpEQ(d, m1), llvm::ConstantInt::get(t, 1), d);
      push(b_.CreateSRem(a, safe));
    }
  };
  auto trunc_checked = [&](llvm::Type* to, bool is_signed, Bounds bd) {
    Value* x = un();
    llvm::Type* ft = x->getType();
    trap_if(b_.CreateFCmpUNO(x, x), TrapKind::InvalidConversion);
    Value* lo = llvm::ConstantFP::get(ft, bd.lo);
    Value* hi = llvm::ConstantFP::get(ft, bd.hi);
    Value* below = bd.lo_incl ? b_.CreateFCmpOLT(x, lo) : b_.CreateFCmpOLE(x, lo);
    Value* above = b_.CreateFCmpOGE(x, hi);
    trap_if(b_.CreateOr(below, above), TrapKind::IntOverflow);
    push(is_signed ? b_.CreateFPToSI(x, to) : b_.CreateFPToUI(x, to));
  };
  auto trunc_sat = [&](llvm::Type* to, bool is_signed) {
    Value* x = un();
    push(intr(is_signed ? llvm::Intrinsic::fptosi_sat : llvm::Intrinsic::fptoui_sat,
              {to, x->getType()}, {x}));
  };
  auto funary = [&](llvm::Intrinsic::ID id) {
    Value* x = un();
    push(intr(id, {x->getType()}, {x}));
  };
  auto fbinary = [&](llvm::Intrinsic::ID id) {
    bin();
    push(intr(id, {v[0]->getType()}, {v[0], v[1]}));
  };
  auto farith = [&](unsigned opcode) { return SimdEmit::farith(*this, opcode, v[0], v[1]); };
  const double p31 = 2147483648.0, p32 = 4294967296.0, p63 = 9223372036854775808.0,
               p64 = 18446744073709551616.0;
  using P = llvm::CmpInst::Predicate;

  switch (in.op) {
    case Op::I32Const: push(b_.getInt32(uint32_t(in.bits))); return true;
    case Op::I64Const: push(b_.getInt64(in.bits)); return true;
    case Op::F32Const: {
      uint32_t bits = uint32_t(in.bits);
      push(llvm::ConstantFP::get(c_, llvm::APFloat(llvm::APFloat::IEEEsingle(), llvm::APInt(32, bits))));
      return true;
    }
    case Op::F64Const:
      push(llvm::ConstantFP::get(c_, llvm::APFloat(llvm::APFloat::IEEEdouble(), llvm::APInt(64, in.bits))));
      return true;

    case Op::I32Eqz: push(b_.CreateZExt(b_.CreateICmpEQ(un(), b_.getInt32(0)), I32)); return true;
    case Op::I64Eqz: push(b_.CreateZExt(b_.CreateICmpEQ(un(), b_.getInt64(0)), I32)); return true;
    case Op::I32Eq: case Op::I64Eq: cmp_i(P::ICMP_EQ); return true;
    case Op::I32Ne: case Op::I64Ne: cmp_i(P::ICMP_NE); return true;
    case Op::I32LtS: case Op::I64LtS: cmp_i(P::ICMP_SLT); return true;
    case Op::I32LtU: case Op::I64LtU: cmp_i(P::ICMP_ULT); return true;
    case Op::I32GtS: case Op::I64GtS: cmp_i(P::ICMP_SGT); return true;
    case Op::I32GtU: case Op::I64GtU: cmp_i(P::ICMP_UGT); return true;
    case Op::I32LeS: case Op::I64LeS: cmp_i(P::ICMP_SLE); return true;
    case Op::I32LeU: case Op::I64LeU: cmp_i(P::ICMP_ULE); return true;
    case Op::I32GeS: case Op::I64GeS: cmp_i(P::ICMP_SGE); return true;
    case Op::I32GeU: case Op::I64GeU: cmp_i(P::ICMP_UGE); return true;
    case Op::F32Eq: case Op::F64Eq: cmp_f(P::FCMP_OEQ); return true;
    case Op::F32Ne: case Op::F64Ne: cmp_f(P::FCMP_UNE); return true;
    case Op::F32Lt: case Op::F64Lt: cmp_f(P::FCMP_OLT); return true;
    case Op::F32Gt: case Op::F64Gt: cmp_f(P::FCMP_OGT); return true;
    case Op::F32Le: case Op::F64Le: cmp_f(P::FCMP_OLE); return true;
    case Op::F32Ge: case Op::F64Ge: cmp_f(P::FCMP_OGE); return true;

    case Op::I32Clz: case Op::I64Clz: {
      Value* x = un();
      push(intr(llvm::Intrinsic::ctlz, {x->getType()}, {x, b_.getFalse()}));
      return true;
    }
    case Op::I32Ctz: case Op::I64Ctz: {
      Value* x = un();
      push(intr(llvm::Intrinsic::cttz, {x->getType()}, {x, b_.getFalse()}));
      return true;
    }
    case Op::I32Popcnt: case Op::I64Popcnt: funary(llvm::Intrinsic::ctpop); return true;
    case Op::I32Add: case Op::I64Add: bin(); push(b_.CreateAdd(v[0], v[1])); return true;
    case Op::I32Sub: case Op::I64Sub: bin(); push(b_.CreateSub(v[0], v[1])); return true;
    case Op::I32Mul: case Op::I64Mul: bin(); push(b_.CreateMul(v[0], v[1])); return true;
    case Op::I32DivS: case Op::I64DivS: divide(true, false); return true;
    case Op::I32DivU: case Op::I64DivU: divide(false, false); return true;
    case Op::I32RemS: case Op::I64RemS: divide(true, true); return true;
    case Op::I32RemU: case Op::I64RemU: divide(false, true); return true;
    case Op::I32And: case Op::I64And: bin(); push(b_.CreateAnd(v[0], v[1])); return true;
    case Op::I32Or: case Op::I64Or: bin(); push(b_.CreateOr(v[0], v[1])); return true;
    case Op::I32Xor: case Op::I64Xor: bin(); push(b_.CreateXor(v[0], v[1])); return true;
    case Op::I32Shl: bin(); push(b_.CreateShl(v[0], shift_mask(v[1], 32))); return true;
    case Op::I64Shl: bin(); push(b_.CreateShl(v[0], shift_mask(v[1], 64))); return true;
    case Op::I32ShrS: bin(); push(b_.CreateAShr(v[0], shift_mask(v[1], 32))); return true;
    case Op::I64ShrS: bin(); push(b_.CreateAShr(v[0], shift_mask(v[1], 64))); return true;
    case Op::I32ShrU: bin(); push(b_.CreateLShr(v[0], shift_mask(v[1], 32))); return true;
    case Op::I64ShrU: bin(); push(b_.CreateLShr(v[0], shift_mask(v[1], 64))); return true;
    case Op::I32Rotl: case Op::I64Rotl:
      bin(); push(intr(llvm::Intrinsic::fshl, {v[0]->getType()}, {v[0], v[0], v[1]})); return true;
    case Op::I32Rotr: case Op::I64Rotr:
      bin(); push(intr(llvm::Intrinsic::fshr, {v[0]->getType()}, {v[0], v[0], v[1]})); return true;

    case Op::F32Abs: case Op::F64Abs: funary(llvm::Intrinsic::fabs); return true;
    case Op::F32Neg: case Op::F64Neg: push(b_.CreateFNeg(un())); return true;
    case Op::F32Ceil: case Op::F64Ceil: funary(llvm::Intrinsic::ceil); return true;
    case Op::F32Floor: case Op::F64Floor: funary(llvm::Intrinsic::floor); return true;
    case Op::F32Trunc: case Op::F64Trunc: funary(llvm::Intrinsic::trunc); return true;
    case Op::F32Nearest: case Op::F64Nearest: funary(llvm::Intrinsic::roundeven); return true;
    case Op::F32Sqrt: case Op::F64Sqrt: funary(llvm::Intrinsic::sqrt); return true;
    // Arithmetic NaNs (emit_simd.h): quieted where LLVM may fold the op to an operand.
    case Op::F32Add: case Op::F64Add: bin(); push(farith(llvm::Instruction::FAdd)); return true;
    case Op::F32Sub: case Op::F64Sub: bin(); push(farith(llvm::Instruction::FSub)); return true;
    case Op::F32Mul: case Op::F64Mul: bin(); push(farith(llvm::Instruction::FMul)); return true;
    case Op::F32Div: case Op::F64Div: bin(); push(farith(llvm::Instruction::FDiv)); return true;
    case Op::F32Min: case Op::F64Min: bin(); push(SimdEmit::fminmax(*this, false, v[0], v[1])); return true;
    case Op::F32Max: case Op::F64Max: bin(); push(SimdEmit::fminmax(*this, true, v[0], v[1])); return true;
    case Op::F32Copysign: case Op::F64Copysign: fbinary(llvm::Intrinsic::copysign); return true;

    case Op::I32WrapI64: push(b_.CreateTrunc(un(), I32)); return true;
    case Op::I64ExtendI32S: push(b_.CreateSExt(un(), I64)); return true;
    case Op::I64ExtendI32U: push(b_.CreateZExt(un(), I64)); return true;
    case Op::I32TruncF32S: trunc_checked(I32, true, {-p31, p31, true}); return true;
    case Op::I32TruncF64S: trunc_checked(I32, true, {-p31 - 1, p31, false}); return true;
    case Op::I32TruncF32U: case Op::I32TruncF64U: trunc_checked(I32, false, {-1, p32, false}); return true;
    case Op::I64TruncF32S: case Op::I64TruncF64S: trunc_checked(I64, true, {-p63, p63, true}); return true;
    case Op::I64TruncF32U: case Op::I64TruncF64U: trunc_checked(I64, false, {-1, p64, false}); return true;
    case Op::I32TruncSatF32S: case Op::I32TruncSatF64S: trunc_sat(I32, true); return true;
    case Op::I32TruncSatF32U: case Op::I32TruncSatF64U: trunc_sat(I32, false); return true;
    case Op::I64TruncSatF32S: case Op::I64TruncSatF64S: trunc_sat(I64, true); return true;
    case Op::I64TruncSatF32U: case Op::I64TruncSatF64U: trunc_sat(I64, false); return true;
    case Op::F32ConvertI32S: case Op::F32ConvertI64S: push(b_.CreateSIToFP(un(), F32)); return true;
    case Op::F32ConvertI32U: case Op::F32ConvertI64U: push(b_.CreateUIToFP(un(), F32)); return true;
    case Op::F64ConvertI32S: case Op::F64ConvertI64S: push(b_.CreateSIToFP(un(), F64)); return true;
    case Op::F64ConvertI32U: case Op::F64ConvertI64U: push(b_.CreateUIToFP(un(), F64)); return true;
    case Op::F32DemoteF64: {
      // LLVM folds demote(promote(x)) to x, which keeps a signalling NaN.
      Value* x = un();
      Value* r = b_.CreateFPTrunc(x, F32);
      push(llvm::isa<llvm::FPExtInst>(x) ? SimdEmit::quiet(*this, r) : r);
      return true;
    }
    case Op::F64PromoteF32: push(b_.CreateFPExt(un(), F64)); return true;
    case Op::I32ReinterpretF32: push(b_.CreateBitCast(un(), I32)); return true;
    case Op::I64ReinterpretF64: push(b_.CreateBitCast(un(), I64)); return true;
    case Op::F32ReinterpretI32: push(b_.CreateBitCast(un(), F32)); return true;
    case Op::F64ReinterpretI64: push(b_.CreateBitCast(un(), F64)); return true;
    case Op::I32Extend8S: push(b_.CreateSExt(b_.CreateTrunc(un(), b_.getInt8Ty()), I32)); return true;
    case Op::I32Extend16S: push(b_.CreateSExt(b_.CreateTrunc(un(), b_.getInt16Ty()), I32)); return true;
    case Op::I64Extend8S: push(b_.CreateSExt(b_.CreateTrunc(un(), b_.getInt8Ty()), I64)); return true;
    case Op::I64Extend16S: push(b_.CreateSExt(b_.CreateTrunc(un(), b_.getInt16Ty()), I64)); return true;
    case Op::I64Extend32S: push(b_.CreateSExt(b_.CreateTrunc(un(), I32), I64)); return true;
    default:
      return false;
  }
}

}  // namespace skiff::compiler

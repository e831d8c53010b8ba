// Tier-1 SIMD helpers shared by emit_simd*.cc and the scalar float code
// (emit_numeric.cc): private to libskiff_compiler.so.
//
// NaN quieting. Wasm wants an arithmetic NaN (quiet bit set) from every float
// operation that gets a signalling NaN, but LLVM 19 is free to drop the quieting:
// its folds x*1 -> x, x/1 -> x, x-0 -> x, x+(-0) -> x, -0-x -> -x, x*-1 -> -x,
// fptrunc(fpext x) -> x return the operand itself, and llvm.minimum/maximum return
// the NaN operand as it is (min/max are lowered without them: fminmax). llvm.canonicalize would say it, but x86 cannot select
// it in LLVM 19 ("Cannot select: fcanonicalize"). So `quiet` sets the quiet bit of
// NaN lanes with integer ops (isnan ? bits | Q : bits), which no float fold can
// see through; it is applied only where a fold can leave a signalling NaN (an
// operand that is or may become, after mem2reg, a constant making the op an
// identity; a demote of a promote), so plain arithmetic stays one instruction.
// Constants that would arrive by inlining (a call passing one to a parameter that
// meets such an op, directly or passed on; a callee returning one into such an
// op) keep that call out of line: guard_folds_across_calls, run by jit.cc once
// every function is emitted.
#pragma once

#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

struct SimdEmit {
  // Sets the quiet bit of every NaN lane of v (float, double or a vector of them).
  static llvm::Value* quiet(Emitter& m, llvm::Value* v);
  // True when `a op b` (a float add/sub/mul/div) may meet a constant operand that
  // lets LLVM fold it to an operand: a constant, a local whose stores include one,
  // a PHI or select of one (see const_class in emit_simd.cc).
  static bool may_fold_to_operand(unsigned opcode, llvm::Value* a, llvm::Value* b);
  // a op b, quieted when a constant operand could let LLVM fold it to an operand.
  static llvm::Value* farith(Emitter& m, unsigned opcode, llvm::Value* a, llvm::Value* b);
  // Wasm min / max (NaN-propagating with a quiet NaN, -0 < +0).
  static llvm::Value* fminmax(Emitter& m, bool is_max, llvm::Value* a, llvm::Value* b);

  // Marks noinline the calls through which inlining would bring such a constant
  // to a float op (see above). After every function of the module is emitted.
  static void guard_folds_across_calls(ModuleEnv& env);

  // Families (emit_simd*.cc); each returns true when it handled the instruction.
  static bool memory(Emitter& m, const ir::Instr& in);
  static bool lanes_and_bits(Emitter& m, const ir::Instr& in);
  static bool integer(Emitter& m, const ir::Instr& in);
  static bool floating(Emitter& m, const ir::Instr& in);
  static bool relaxed(Emitter& m, const ir::Instr& in);

  // Tags a guest-memory load or store as emit_memory.cc does (TBAA "guest memory").
  static void tag_guest(Emitter& m, llvm::Value* access);
  // The target is x86-64 with SSSE3 (pshufb, pmulhrsw): the JIT compiles for the host.
  static bool x86_ssse3(Emitter& m);
  // i8x16.swizzle (index >= 16 gives 0).
  static llvm::Value* swizzle(Emitter& m, llvm::Value* a, llvm::Value* s);
  // i16x8.relaxed_dot_i8x16_i7x16_s (both operands signed, saturating pair sum).
  static llvm::Value* relaxed_dot16(Emitter& m, llvm::Value* a, llvm::Value* b);
  // iNxM.extadd_pairwise of a (lanes `from` bits wide), signed or not.
  static llvm::Value* extadd_pairwise(Emitter& m, llvm::Value* a, unsigned from, bool is_signed);
  static llvm::Value* bitselect(Emitter& m, llvm::Value* a, llvm::Value* b, llvm::Value* c);
  static llvm::Value* trunc_sat(Emitter& m, llvm::Value* a, bool from64, bool is_signed);

  // <n x iW> / <n x float|double> views of the <2 x i64> representation.
  static llvm::FixedVectorType* ivec(Emitter& m, unsigned bits);  // 16*8/bits lanes
  static llvm::FixedVectorType* fvec(Emitter& m, unsigned bits);  // 32 or 64
  static llvm::Value* as_i(Emitter& m, llvm::Value* v, unsigned bits);
  static llvm::Value* as_f(Emitter& m, llvm::Value* v, unsigned bits);
  static llvm::Value* v128(Emitter& m, llvm::Value* v);  // back to <2 x i64>
  static llvm::Value* intr(Emitter& m, unsigned id, llvm::ArrayRef<llvm::Type*> tys,
                           llvm::ArrayRef<llvm::Value*> args);
};

}  // namespace skiff::compiler

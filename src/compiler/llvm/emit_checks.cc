// Tier-1 code generation: fuel and interruption checks at function entry and loop
// headers (compiled in only when the store asks: CompileRequest::fuel /
// interruptible).
//
// Design note.
//   * Fuel follows tier 0's model exactly (interp/translator.h, exec_support.cc
//     refuel): the check of a function entry and of a loop header (every
//     iteration, the first entry included) charges the number of wasm
//     instructions (on_instr events) of that body, not counting the bodies of the
//     loops nested in it (they charge at their own headers), at least 1. Blocks,
//     ifs and ends are not instructions. A loop opened in dead code has no check
//     (its instructions count for the enclosing site, as in tier 0). The cost is
//     known at the body's end: the check's `sub` gets it patched in then.
//   * The check: ctx->fuel->budget -= cost; below zero -> libcalls->refuel, which
//     looks at the store's interrupt request, then traps "all fuel consumed" or
//     moves more fuel from the reserve (the same budget/reserve algorithm as tier
//     0, so the trap point and the remaining fuel are the same).
//   * Interruption without fuel: a relaxed load of the store's flag, and
//     libcalls->interrupted when set (tier 0 looks at it every 10,000 units; here
//     at every check, which is cheaper than counting).
#include <llvm/IR/MDBuilder.h>

#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

namespace rt1 = rt::tier1;
using llvm::BasicBlock;
using llvm::Value;

struct CheckEmit {
  // A load of a VmCtx field that never changes during the instance's life.
  static Value* invariant_ctx_load(Emitter& em, uint32_t offset) {
    auto* ld = em.b_.CreateLoad(em.env_.ptr(),
                                em.b_.CreateConstGEP1_64(em.env_.i8(), em.ctx_, offset));
    ld->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(em.c_, {}));
    return ld;
  }

  // Branches to a block calling libcall `offset` (void f(ctx)) when `cond`, then
  // continues after it.
  static void slow_path_if(Emitter& em, Value* cond, uint32_t offset, const char* name) {
    BasicBlock* slow = em.new_block(name);
    BasicBlock* cont = em.new_block("check_ok");
    llvm::MDBuilder md(em.c_);
    em.b_.CreateCondBr(cond, slow, cont, md.createBranchWeights(1, 1 << 20));
    em.b_.SetInsertPoint(slow);
    auto* ty = llvm::FunctionType::get(llvm::Type::getVoidTy(em.c_), {em.env_.ptr()}, false);
    em.libcall(offset, ty, {em.ctx_});
    em.b_.CreateBr(cont);
    em.b_.SetInsertPoint(cont);
  }

  // budget -= cost (patched later into site.sub); refuel below zero.
  static void fuel_check(Emitter& em, Emitter::FuelSite& site) {
    Value* counter = invariant_ctx_load(em, rt1::kCtxFuel);
    Value* budget_p = em.b_.CreateConstGEP1_64(em.env_.i8(), counter, rt1::kFuelBudget);
    Value* budget = em.b_.CreateLoad(em.env_.i64(), budget_p);
    auto* sub = llvm::BinaryOperator::CreateSub(budget, em.b_.getInt64(1), "fuel");
    em.b_.Insert(sub);
    site.sub = sub;
    em.b_.CreateStore(sub, budget_p);
    slow_path_if(em, em.b_.CreateICmpSLT(sub, em.b_.getInt64(0)), SKIFF_LC(refuel), "refuel");
  }

  static void interrupt_check(Emitter& em) {
    Value* flag_p = invariant_ctx_load(em, rt1::kCtxInterruptFlag);
    auto* flag = em.b_.CreateLoad(em.env_.i8(), flag_p);
    flag->setAtomic(llvm::AtomicOrdering::Monotonic);
    flag->setAlignment(llvm::Align(1));
    slow_path_if(em, em.b_.CreateICmpNE(flag, em.b_.getInt8(0)), SKIFF_LC(interrupted),
                 "interrupted");
  }

  static void patch_cost(Emitter& em, const Emitter::FuelSite& site) {
    if (!site.sub) return;  // the check was never emitted (dead code)
    site.sub->setOperand(1, em.b_.getInt64(site.count ? site.count : 1));
  }
};

void Emitter::emit_entry_checks() {
  if (env_.fuel) {
    fuel_sites_.push_back(FuelSite{});
    CheckEmit::fuel_check(*this, fuel_sites_.back());
  } else if (env_.interruptible) {
    CheckEmit::interrupt_check(*this);
  }
}

void Emitter::emit_loop_checks() {
  if (env_.fuel) {
    // check_block opened this loop's site just before (a loop entered from live
    // code); anything else gets no check, as in tier 0.
    if (fuel_sites_.empty() || !fuel_sites_.back().pending) return;
    fuel_sites_.back().pending = false;
    CheckEmit::fuel_check(*this, fuel_sites_.back());
  } else if (env_.interruptible) {
    CheckEmit::interrupt_check(*this);
  }
}

void Emitter::check_block(const Frame& f) {
  if (!env_.fuel || f.kind != valid::FrameKind::Loop || !f.live) return;
  FuelSite s;
  s.pending = true;
  fuel_sites_.push_back(s);
}

void Emitter::check_end(const Frame& f) {
  if (!env_.fuel || fuel_sites_.empty()) return;
  if (f.kind == valid::FrameKind::Function || (f.kind == valid::FrameKind::Loop && f.live)) {
    CheckEmit::patch_cost(*this, fuel_sites_.back());
    fuel_sites_.pop_back();
  }
}

}  // namespace skiff::compiler

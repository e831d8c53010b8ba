// Loop versioning of guarded memory-0 accesses (an LLVM function pass, run at
// the vectorizer's start; see loop_versioning.h).
//
// Design note.
//   * Why. On a guarded memory 0 (guard pages) every guest load/store is volatile
//     (emit_memory.cc): a dead load must still fault, and a faulting access must
//     see every earlier store done and none later. Volatile accesses are never
//     vectorized, merged or reordered, and the i32 address arithmetic of wasm
//     (zext(i32 a + b)) may wrap, so even plain accesses would look like
//     gathers/scatters to the vectorizer. Native clang vectorizes such loops.
//   * What. For an innermost loop whose only calls are intrinsics, without atomics,
//     whose volatile accesses all are guest (TBAA "guest memory") and whose
//     addresses are affine in the loop (SCEV: constant + zext of an i32 add
//     recurrence with a constant step, an i64 one, or loop-invariant) with a
//     computable maximum trip count, the preheader computes the highest byte every
//     access may touch over all iterations and checks that (a) no i32 address
//     wraps (the zext'd recurrence stays in [0, 2^32)) and (b) every access ends
//     at or below the memory's current size (ctx->mem0_size, next to the base the
//     access uses). When both hold no access of the loop can fault, so a copy of
//     the loop with plain accesses through i64 recurrences (inbounds, no wrap) is
//     exactly the wasm semantics and the vectorizer may widen it; otherwise the
//     original (volatile) loop runs. A guarded memory never moves and the loop
//     calls nothing, so the size cannot change inside it (shared memories, which
//     another thread may grow, are left alone by the caller).
//   * The check is a handful of instructions per loop entry; the slow copy is the
//     loop as it was.
#include "compiler/llvm/loop_versioning.h"

#include <llvm/Analysis/AssumptionCache.h>
#include <llvm/Analysis/LoopInfo.h>
#include <llvm/Analysis/ScalarEvolution.h>
#include <llvm/Analysis/ScalarEvolutionExpressions.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Transforms/Utils/BasicBlockUtils.h>
#include <llvm/Transforms/Utils/Cloning.h>
#include <llvm/Transforms/Utils/Local.h>
#include <llvm/Transforms/Utils/LoopSimplify.h>
#include <llvm/Transforms/Utils/LoopUtils.h>
#include <llvm/Transforms/Utils/ScalarEvolutionExpander.h>

#include <cstdint>
#include <vector>

#include "runtime/tier1_abi.h"

namespace skiff::compiler {
namespace {

using llvm::Instruction;
using llvm::SCEV;
using llvm::Value;

// A guest access of the guarded memory 0: volatile, not atomic, TBAA "guest memory".
bool guest_access(const Instruction& ins) {
  auto* ld = llvm::dyn_cast<llvm::LoadInst>(&ins);
  auto* st = llvm::dyn_cast<llvm::StoreInst>(&ins);
  if (!(ld && ld->isVolatile() && !ld->isAtomic()) && !(st && st->isVolatile() && !st->isAtomic()))
    return false;
  const llvm::MDNode* tag = ins.getMetadata(llvm::LLVMContext::MD_tbaa);
  if (!tag || tag->getNumOperands() < 1) return false;
  auto* ty = llvm::dyn_cast<llvm::MDNode>(tag->getOperand(0));
  if (!ty || ty->getNumOperands() < 1) return false;
  auto* name = llvm::dyn_cast<llvm::MDString>(ty->getOperand(0));
  return name && name->getString() == "guest memory";
}

// One access: its byte offset from the memory base as constant + term.
struct Access {
  Instruction* ins;
  Value* base;        // the memory base (a load of ctx->mem0_base)
  int64_t constant;   // C
  const SCEV* term;   // T: invariant, zext({s,+,st}<L>) of i32, or {s,+,st}<L> of i64
  bool zext_i32;      // T is the zext of an i32 recurrence {X + c32, +, st}
  const SCEV* x32;    // its start without the constant (i32)
  int64_t c32;        // the start's constant (sign-extended)
  uint64_t bytes;     // access width
};

class Versioner {
 public:
  Versioner(llvm::Function& f, llvm::LoopInfo& li, llvm::DominatorTree& dt, llvm::ScalarEvolution& se,
            llvm::AssumptionCache& ac)
      : f_(f), li_(li), dt_(dt), se_(se), ac_(ac), dl_(f.getParent()->getDataLayout()) {}

  bool run() {
    std::vector<llvm::Loop*> loops;
    for (llvm::Loop* top : li_)
      for (llvm::Loop* l : llvm::depth_first(top))
        if (l->isInnermost()) loops.push_back(l);
    bool changed = false;
    for (llvm::Loop* l : loops) {
      if (!version(l)) continue;
      changed = true;
      dt_.recalculate(f_);
      se_.forgetAllLoops();
    }
    return changed || touched_;
  }

 private:
  llvm::Type* i64() { return llvm::Type::getInt64Ty(f_.getContext()); }

  // The accesses of `l`, or false when the loop does not qualify.
  bool collect(llvm::Loop* l, std::vector<Access>* out) {
    for (llvm::BasicBlock* bb : l->blocks())
      for (Instruction& ins : *bb) {
        if (auto* cb = llvm::dyn_cast<llvm::CallBase>(&ins)) {
          if (!llvm::isa<llvm::IntrinsicInst>(cb)) return false;
          continue;
        }
        if (ins.isAtomic() || llvm::isa<llvm::FenceInst>(ins)) return false;
        auto* ld = llvm::dyn_cast<llvm::LoadInst>(&ins);
        auto* st = llvm::dyn_cast<llvm::StoreInst>(&ins);
        const bool vol = (ld && ld->isVolatile()) || (st && st->isVolatile());
        if (!vol) continue;
        if (!guest_access(ins)) return false;  // e.g. the volatile locals of a try body
        Access a{&ins, nullptr, 0, nullptr, false, nullptr, 0, 0};
        if (!describe(l, &a)) return false;
        out->push_back(a);
      }
    return !out->empty();
  }

  // S = X + c (i32, modular): the constant of an add, also inside the start of an
  // outer loop's recurrence ({X + 8, +, n}<outer> = {X, +, n}<outer> + 8).
  const SCEV* split_constant(const SCEV* s, int64_t* c) {
    if (auto* add = llvm::dyn_cast<llvm::SCEVAddExpr>(s))
      if (auto* k = llvm::dyn_cast<llvm::SCEVConstant>(add->getOperand(0))) {
        *c = k->getAPInt().getSExtValue();
        return se_.getMinusSCEV(s, k);
      }
    if (auto* ar = llvm::dyn_cast<llvm::SCEVAddRecExpr>(s); ar && ar->isAffine()) {
      int64_t k = 0;
      const SCEV* start = split_constant(ar->getStart(), &k);
      if (k == 0) return s;
      *c = k;
      return se_.getAddRecExpr(start, ar->getStepRecurrence(se_), ar->getLoop(), llvm::SCEV::FlagAnyWrap);
    }
    return s;
  }

  bool describe(llvm::Loop* l, Access* a) {
    Value* ptr = llvm::getLoadStorePointerOperand(a->ins);
    llvm::Type* ty = llvm::getLoadStoreType(a->ins);
    a->bytes = dl_.getTypeStoreSize(ty).getFixedValue();
    const SCEV* ps = se_.getSCEV(ptr);
    auto* bs = llvm::dyn_cast<llvm::SCEVUnknown>(se_.getPointerBase(ps));
    if (!bs) return false;
    // The base is ctx->mem0_base (offset 0 of the VmCtx), loaded outside the loop.
    auto* base = llvm::dyn_cast<llvm::LoadInst>(bs->getValue());
    static_assert(rt::tier1::kCtxMem0Base == 0);
    if (!base || l->contains(base) || !base->getType()->isPointerTy()) return false;
    a->base = base;
    const SCEV* off = se_.getMinusSCEV(ps, bs);
    if (llvm::isa<llvm::SCEVCouldNotCompute>(off) || !off->getType()->isIntegerTy(64)) return false;
    if (auto* add = llvm::dyn_cast<llvm::SCEVAddExpr>(off)) {
      if (auto* c = llvm::dyn_cast<llvm::SCEVConstant>(add->getOperand(0))) {
        const llvm::APInt& v = c->getAPInt();
        if (v.getSignificantBits() > 35) return false;
        a->constant = v.getSExtValue();
        off = se_.getMinusSCEV(off, c);
      }
    }
    a->term = off;
    if (se_.isLoopInvariant(off, l)) return true;
    const llvm::SCEVAddRecExpr* ar = nullptr;
    if (auto* z = llvm::dyn_cast<llvm::SCEVZeroExtendExpr>(off)) {
      if (!z->getOperand()->getType()->isIntegerTy(32)) return false;
      ar = llvm::dyn_cast<llvm::SCEVAddRecExpr>(z->getOperand());
      a->zext_i32 = true;
    } else {
      ar = llvm::dyn_cast<llvm::SCEVAddRecExpr>(off);
    }
    if (!ar || ar->getLoop() != l || !ar->isAffine()) return false;
    auto* step = llvm::dyn_cast<llvm::SCEVConstant>(ar->getStepRecurrence(se_));
    if (!step || step->getAPInt().getSignificantBits() > 32) return false;
    if (!se_.isLoopInvariant(ar->getStart(), l)) return false;
    if (a->zext_i32) {
      // Split the start into X + c32, so that accesses at X, X + 8, ... get
      // starts a constant apart in i64 (the vectorizer then sees their distance).
      a->x32 = split_constant(ar->getStart(), &a->c32);
    }
    return true;
  }

  bool version(llvm::Loop* l) {
    std::vector<Access> acc;
    if (!collect(l, &acc)) return false;
    // A preheader, one latch and dedicated exits (usually so already here).
    if (!l->isLoopSimplifyForm()) touched_ |= llvm::simplifyLoop(l, &dt_, &li_, &se_, &ac_, nullptr, false);
    if (!l->isLoopSimplifyForm()) return false;
    const SCEV* btc = se_.getSymbolicMaxBackedgeTakenCount(l);
    if (llvm::isa<llvm::SCEVCouldNotCompute>(btc) || !se_.isLoopInvariant(btc, l)) return false;
    if (btc->getType()->getIntegerBitWidth() > 64) return false;
    touched_ |= llvm::formLCSSA(*l, dt_, &li_, &se_);

    llvm::BasicBlock* ph = l->getLoopPreheader();
    llvm::SCEVExpander exp(se_, dl_, "skiff.lv");
    if (!exp.isSafeToExpandAt(btc, ph->getTerminator())) return false;
    for (const Access& a : acc) {
      const SCEV* t = a.term;
      if (a.zext_i32) t = a.x32;
      else if (auto* ar = llvm::dyn_cast<llvm::SCEVAddRecExpr>(t)) t = ar->getStart();
      if (!exp.isSafeToExpandAt(t, ph->getTerminator())) return false;
    }

    // The check, at the end of the preheader.
    llvm::IRBuilder<> b(ph->getTerminator());
    llvm::Type* I64 = i64();
    Value* n = exp.expandCodeFor(btc, btc->getType(), ph->getTerminator());
    Value* ok = b.getTrue();
    if (btc->getType()->getIntegerBitWidth() < 64) {
      n = b.CreateZExt(n, I64);
    } else {
      ok = b.CreateICmpULT(n, b.getInt64(uint64_t(1) << 32));
    }
    const uint64_t kLimit = uint64_t(1) << 34;
    std::vector<std::pair<Value*, Value*>> sizes;  // base -> size load
    for (const Access& a : acc) {
      Value* hi = nullptr;
      if (se_.isLoopInvariant(a.term, l)) {
        hi = exp.expandCodeFor(a.term, I64, ph->getTerminator());
        ok = b.CreateAnd(ok, b.CreateICmpULT(hi, b.getInt64(kLimit)));
      } else {
        const SCEV* t = a.term;
        if (a.zext_i32) t = llvm::cast<llvm::SCEVZeroExtendExpr>(t)->getOperand();
        auto* ar = llvm::cast<llvm::SCEVAddRecExpr>(t);
        Value* first;
        if (a.zext_i32) {
          // zext(X + c32) = zext(X) + c32 when that is in [0, 2^32) (X + c32 does not wrap).
          first = b.CreateZExt(exp.expandCodeFor(a.x32, a.x32->getType(), ph->getTerminator()), I64);
          first = b.CreateAdd(first, b.getInt64(uint64_t(a.c32)));
          ok = b.CreateAnd(ok, b.CreateICmpULT(first, b.getInt64(uint64_t(1) << 32)));
        } else {
          first = exp.expandCodeFor(ar->getStart(), I64, ph->getTerminator());
          ok = b.CreateAnd(ok, b.CreateICmpULT(first, b.getInt64(kLimit)));
        }
        const int64_t st = llvm::cast<llvm::SCEVConstant>(ar->getStepRecurrence(se_))->getAPInt().getSExtValue();
        // |st| < 2^31 and n < 2^32: st * n and first + st * n stay far from i64 overflow.
        Value* last = b.CreateAdd(first, b.CreateMul(n, b.getInt64(uint64_t(st))));
        // zext(i32) recurrence: no wrap iff last is in [0, 2^32); i64: in [0, 2^34).
        ok = b.CreateAnd(ok, b.CreateICmpULT(last, b.getInt64(a.zext_i32 ? uint64_t(1) << 32 : kLimit)));
        hi = st >= 0 ? last : first;
      }
      Value* size = nullptr;
      for (auto& [bv, sv] : sizes)
        if (bv == a.base) size = sv;
      if (!size) {
        Value* ctx = llvm::cast<llvm::LoadInst>(a.base)->getPointerOperand();
        size = b.CreateLoad(I64, b.CreateConstGEP1_64(b.getInt8Ty(), ctx, rt::tier1::kCtxMem0Size),
                            "skiff.lv.size");
        sizes.emplace_back(a.base, size);
      }
      // hi < 2^34 and |C| < 2^34: the end is exact.
      Value* end = b.CreateAdd(hi, b.getInt64(uint64_t(a.constant + int64_t(a.bytes))));
      // (A negative end is huge unsigned: the check fails. Every executed access
      // is a real address >= 0 and <= hi + C, so no lower bound is needed.)
      ok = b.CreateAnd(ok, b.CreateICmpULE(end, size));
    }

    // preheader (check) -> fast preheader -> loop; the clone (slow) keeps the
    // volatile accesses.
    llvm::BasicBlock* fast_ph = llvm::SplitBlock(ph, ph->getTerminator(), &dt_, &li_);
    llvm::ValueToValueMapTy vmap;
    llvm::SmallVector<llvm::BasicBlock*, 8> blocks;
    llvm::Loop* slow = llvm::cloneLoopWithPreheader(fast_ph, ph, l, vmap, ".slow", &li_, &dt_, blocks);
    llvm::remapInstructionsInBlocks(blocks, vmap);
    llvm::BasicBlock* slow_ph = slow->getLoopPreheader();
    ph->getTerminator()->eraseFromParent();
    llvm::BranchInst::Create(fast_ph, slow_ph, ok, ph);
    // Exit blocks: the slow loop's edges bring the cloned values.
    llvm::SmallVector<llvm::BasicBlock*, 4> exits;
    l->getUniqueExitBlocks(exits);
    for (llvm::BasicBlock* e : exits)
      for (llvm::PHINode& phi : e->phis()) {
        const unsigned in = phi.getNumIncomingValues();
        for (unsigned i = 0; i < in; ++i) {
          llvm::BasicBlock* from = phi.getIncomingBlock(i);
          if (!l->contains(from)) continue;
          Value* v = phi.getIncomingValue(i);
          auto it = vmap.find(v);
          phi.addIncoming(it != vmap.end() ? static_cast<Value*>(it->second) : v,
                          llvm::cast<llvm::BasicBlock>(vmap[from]));
        }
      }
    dt_.recalculate(f_);

    // The fast loop: plain accesses through i64 recurrences (no wrap, proven above).
    // Each stream (base + zext(X)) gets its own pointer, made opaque (inttoptr) in
    // the fast preheader: the vectorizer's dependence analysis then compares the
    // accesses of one stream by their constant distance (a[j] and a[j+1] of a loop
    // the wasm producer unrolled) and checks different streams against each other
    // at run time, as native code with distinct arrays does; with one underlying
    // object for all of memory it would check every pair, a[j] with a[j+1] too.
    llvm::SmallVector<llvm::WeakTrackingVH, 16> dead;  // old address computations (maybe shared)
    std::vector<std::pair<std::pair<Value*, const SCEV*>, Value*>> streams;
    for (const Access& a : acc) {
      const SCEV* idx = a.term;
      Value* ptr_base = a.base;
      if (a.zext_i32) {
        auto* ar = llvm::cast<llvm::SCEVAddRecExpr>(llvm::cast<llvm::SCEVZeroExtendExpr>(a.term)->getOperand());
        for (auto& [key, v] : streams)
          if (key.first == a.base && key.second == a.x32) ptr_base = v;
        if (ptr_base == a.base) {
          llvm::IRBuilder<> pb(fast_ph->getTerminator());
          Value* x = exp.expandCodeFor(se_.getZeroExtendExpr(a.x32, I64), I64, fast_ph->getTerminator());
          ptr_base = pb.CreateIntToPtr(pb.CreateAdd(pb.CreatePtrToInt(a.base, I64), x), a.base->getType(),
                                       "skiff.lv.stream");
          streams.push_back({{a.base, a.x32}, ptr_base});
        }
        // No signed wrap only (the check proves that much): the start may be
        // negative (a[p-8]) and the step too (a decreasing loop), so unsigned
        // wrap is not excluded, and passes would trust a wrong NUW flag.
        idx = se_.getAddRecExpr(se_.getConstant(I64, uint64_t(a.c32), true),
                                se_.getSignExtendExpr(ar->getStepRecurrence(se_), I64), l,
                                llvm::SCEV::FlagNSW);
      }
      if (a.constant) idx = se_.getAddExpr(idx, se_.getConstant(I64, uint64_t(a.constant), true));
      Value* iv = exp.expandCodeFor(idx, I64, a.ins);
      llvm::IRBuilder<> ib(a.ins);
      Value* p = ib.CreateInBoundsGEP(ib.getInt8Ty(), ptr_base, iv);
      Value* old = llvm::getLoadStorePointerOperand(a.ins);
      if (auto* ld = llvm::dyn_cast<llvm::LoadInst>(a.ins)) {
        ld->setOperand(0, p);
        ld->setVolatile(false);
      } else {
        auto* st = llvm::cast<llvm::StoreInst>(a.ins);
        st->setOperand(1, p);
        st->setVolatile(false);
      }
      if (llvm::isa<Instruction>(old)) dead.emplace_back(old);
    }
    llvm::RecursivelyDeleteTriviallyDeadInstructionsPermissive(dead);
    return true;
  }

  llvm::Function& f_;
  llvm::LoopInfo& li_;
  llvm::DominatorTree& dt_;
  llvm::ScalarEvolution& se_;
  llvm::AssumptionCache& ac_;
  const llvm::DataLayout& dl_;
  bool touched_ = false;  // simplifyLoop / formLCSSA changed a loop left as it was
};

struct Mem0LoopVersioning : llvm::PassInfoMixin<Mem0LoopVersioning> {
  llvm::PreservedAnalyses run(llvm::Function& f, llvm::FunctionAnalysisManager& fam) {
    if (f.isDeclaration()) return llvm::PreservedAnalyses::all();
    auto& li = fam.getResult<llvm::LoopAnalysis>(f);
    auto& dt = fam.getResult<llvm::DominatorTreeAnalysis>(f);
    auto& se = fam.getResult<llvm::ScalarEvolutionAnalysis>(f);
    auto& ac = fam.getResult<llvm::AssumptionAnalysis>(f);
    Versioner v(f, li, dt, se, ac);
    return v.run() ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
  }
};

}  // namespace

void add_mem0_loop_versioning(llvm::PassBuilder& pb) {
  pb.registerVectorizerStartEPCallback(
      [](llvm::FunctionPassManager& fpm, llvm::OptimizationLevel) { fpm.addPass(Mem0LoopVersioning()); });
}

}  // namespace skiff::compiler

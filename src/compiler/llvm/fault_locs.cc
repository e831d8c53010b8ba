// Fault locations of folded loads (see fault_locs.h).
#include "compiler/llvm/fault_locs.h"

#include <llvm/Analysis/ValueTracking.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/Module.h>

namespace skiff::compiler {

namespace {

// A load that can fault: guest accesses of a guarded memory are volatile (atomics
// on any memory are volatile too); plain loads are checked before they run.
// Volatile loads of locals (try regions) are allocas and never fault.
bool may_fault(const llvm::LoadInst& l) {
  if (!l.isVolatile() && !l.isAtomic()) return false;
  return !llvm::isa<llvm::AllocaInst>(llvm::getUnderlyingObject(l.getPointerOperand()));
}

// A user the load may be folded into whose own location does not matter: no
// call (its location is a return address's), no memory access (its own fault's).
bool takes_location(const llvm::Instruction& u) {
  if (llvm::isa<llvm::PHINode>(u)) return false;
  if (const auto* c = llvm::dyn_cast<llvm::CallBase>(&u); c && !llvm::isa<llvm::IntrinsicInst>(c)) return false;
  return !u.mayReadOrWriteMemory();
}

// Users that pass the loaded value on to an instruction it may still be folded
// into (extensions, conversions, splats).
bool passes_on(const llvm::Instruction& u) {
  return llvm::isa<llvm::CastInst>(u) || llvm::isa<llvm::InsertElementInst>(u) ||
         llvm::isa<llvm::ShuffleVectorInst>(u) || llvm::isa<llvm::FreezeInst>(u);
}

}  // namespace

void pin_fault_locations(llvm::Module& mod) {
  for (llvm::Function& f : mod) {
    for (llvm::BasicBlock& bb : f) {
      for (llvm::Instruction& i : bb) {
        const auto* l = llvm::dyn_cast<llvm::LoadInst>(&i);
        if (!l || !may_fault(*l)) continue;
        llvm::Instruction* cur = &i;
        for (int depth = 0; depth < 4 && cur->hasOneUse(); ++depth) {
          auto* u = llvm::dyn_cast<llvm::Instruction>(*cur->user_begin());
          if (!u || u->getParent() != &bb || !takes_location(*u)) break;
          if (auto* sel = llvm::dyn_cast<llvm::SelectInst>(u); sel && sel->getCondition() != cur) {
            // Not a cmov operand (see fault_locs.h): a freeze keeps the load on its own.
            auto* fz = new llvm::FreezeInst(cur, "", sel->getIterator());
            fz->setDebugLoc(l->getDebugLoc());
            sel->replaceUsesOfWith(cur, fz);
            break;
          }
          if (!l->getDebugLoc()) break;  // no line table (SKIFF_TIER1_LINES=0)
          u->setDebugLoc(l->getDebugLoc());
          if (!passes_on(*u)) break;
          cur = u;
        }
      }
    }
  }
}

}  // namespace skiff::compiler

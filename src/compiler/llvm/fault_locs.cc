// Fault locations of folded loads (see fault_locs.h).
#include "compiler/llvm/fault_locs.h"

#include <llvm/Analysis/ValueTracking.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/DataLayout.h>
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

// A store whose value comes (through at most 3 single-use instructions of its
// block) from a load that may fault of the same pointer and width: x86 folds the
// three into one read-modify-write instruction (`add reg, (mem)`), which has the
// store's location but faults on its read. The store alone cannot fault where
// that load did not (the same bytes, a memory that never shrinks), so it takes
// the load's location.
void pin_read_modify_write(llvm::StoreInst& st, const llvm::DataLayout& dl) {
  if (!st.isVolatile() || !st.getDebugLoc()) return;
  const llvm::Value* ptr = st.getPointerOperand();
  const auto bytes = dl.getTypeStoreSize(st.getValueOperand()->getType());
  llvm::SmallVector<std::pair<llvm::Value*, int>, 8> work{{st.getValueOperand(), 0}};
  while (!work.empty()) {
    auto [v, depth] = work.pop_back_val();
    auto* in = llvm::dyn_cast<llvm::Instruction>(v);
    if (!in || in->getParent() != st.getParent() || !in->hasOneUse()) continue;
    if (auto* l = llvm::dyn_cast<llvm::LoadInst>(in)) {
      if (l->getPointerOperand() == ptr && l->isVolatile() && l->getDebugLoc() &&
          dl.getTypeStoreSize(l->getType()) == bytes) {
        st.setDebugLoc(l->getDebugLoc());
        return;
      }
      continue;
    }
    if (depth >= 3 || in->mayReadOrWriteMemory() || llvm::isa<llvm::PHINode>(in)) continue;
    for (llvm::Value* op : in->operands()) work.push_back({op, depth + 1});
  }
}

}  // namespace

void pin_fault_locations(llvm::Module& mod) {
  const llvm::DataLayout& dl = mod.getDataLayout();
  for (llvm::Function& f : mod)
    for (llvm::BasicBlock& bb : f)
      for (llvm::Instruction& i : bb)
        if (auto* st = llvm::dyn_cast<llvm::StoreInst>(&i)) pin_read_modify_write(*st, dl);
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

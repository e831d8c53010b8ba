// See inline_chains.h.
#include "compiler/llvm/inline_chains.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/Instruction.h>
#include <llvm/IR/Module.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace skiff::compiler {

namespace {

// The scope standing for inlinedAt chain `ia` in physical function `sp`, or null
// when a caller's location does not name its function (column 0: index >= 0xfffe)
// or the chain does not end in sp.
llvm::DIScope* chain_scope(llvm::LLVMContext& c, llvm::DISubprogram* sp, const llvm::DILocation* ia) {
  std::string name = "~";
  const llvm::DILocation* last = nullptr;
  for (const llvm::DILocation* l = ia; l; l = l->getInlinedAt()) {
    if (l->getColumn() == 0 || l->getLine() == 0) return nullptr;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%u@%u,", l->getColumn() - 1, l->getLine() - 1);
    name += buf;
    last = l;
  }
  if (!last || last->getScope()->getSubprogram() != sp) return nullptr;
  llvm::DIFile* file = llvm::DIFile::get(c, name, ".");
  return llvm::DILexicalBlockFile::get(c, sp, file, 0);
}

}  // namespace

void flatten_inline_chains(llvm::Module& mod) {
  static const bool off = [] {
    const char* e = std::getenv("SKIFF_TIER1_INLINE_CHAINS");
    return e && e[0] == '0';
  }();
  if (off) return;
  static const bool timed = [] {
    const char* e = std::getenv("SKIFF_TIER1_TIME");
    return e && e[0] == '1';
  }();
  const auto t0 = std::chrono::steady_clock::now();
  size_t moved = 0, chains = 0;
  llvm::LLVMContext& c = mod.getContext();
  for (llvm::Function& f : mod) {
    llvm::DISubprogram* sp = f.getSubprogram();
    if (!sp || f.isDeclaration()) continue;
    llvm::DenseMap<const llvm::DILocation*, llvm::DIScope*> scopes;  // per inlinedAt node
    for (llvm::BasicBlock& bb : f) {
      for (llvm::Instruction& ins : bb) {
        const llvm::DILocation* dl = ins.getDebugLoc().get();
        if (!dl) continue;
        const llvm::DILocation* ia = dl->getInlinedAt();
        if (!ia) continue;
        auto [it, fresh] = scopes.try_emplace(ia, nullptr);
        if (fresh) {
          it->second = chain_scope(c, sp, ia);
          chains += it->second != nullptr;
        }
        if (!it->second) continue;
        ins.setDebugLoc(llvm::DILocation::get(c, dl->getLine(), dl->getColumn(), it->second));
        ++moved;
      }
    }
  }
  if (timed)
    std::fprintf(stderr, "tier1 inline chains: %zu chains, %zu instructions, %.2f ms\n", chains, moved,
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace skiff::compiler

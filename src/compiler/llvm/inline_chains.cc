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
#include <utility>

namespace skiff::compiler {

namespace {

// The wasm function index of DISubprogram `sp`: its name is the LLVM function's,
// "f<i>" or "o<i>" (an on-stack-replacement entry) for defined function i;
// ~0u otherwise.
uint32_t func_of(const llvm::DISubprogram* sp, uint32_t nimp) {
  const llvm::StringRef n = sp ? sp->getName() : llvm::StringRef();
  if (n.size() < 2 || (n[0] != 'f' && n[0] != 'o')) return ~0u;
  uint32_t v = 0;
  if (n.drop_front().getAsInteger(10, v) || v >= ~0u - nimp) return ~0u;
  return nimp + v;
}

// The scope standing for code of `inner` inlined through chain `ia` into physical
// function `sp`, or null when a function is not known or the chain does not end
// in sp.
llvm::DIScope* chain_scope(llvm::LLVMContext& c, uint32_t nimp, llvm::DISubprogram* sp,
                           const llvm::DISubprogram* inner, const llvm::DILocation* ia) {
  const uint32_t fi = func_of(inner, nimp);
  if (fi == ~0u) return nullptr;
  std::string name = "~" + std::to_string(fi) + ":";
  const llvm::DILocation* last = nullptr;
  for (const llvm::DILocation* l = ia; l; l = l->getInlinedAt()) {
    const uint32_t f = func_of(l->getScope()->getSubprogram(), nimp);
    if (f == ~0u || l->getLine() == 0) return nullptr;
    name += std::to_string(f) + "@" + std::to_string(l->getLine() - 1) + ",";
    last = l;
  }
  if (!last || last->getScope()->getSubprogram() != sp) return nullptr;
  llvm::DIFile* file = llvm::DIFile::get(c, name, ".");
  return llvm::DILexicalBlockFile::get(c, sp, file, 0);
}

}  // namespace

void flatten_inline_chains(llvm::Module& mod, uint32_t nimp) {
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
    // Per (inlinedAt node, innermost function).
    llvm::DenseMap<std::pair<const llvm::DILocation*, const llvm::DISubprogram*>, llvm::DIScope*> scopes;
    for (llvm::BasicBlock& bb : f) {
      for (llvm::Instruction& ins : bb) {
        const llvm::DILocation* dl = ins.getDebugLoc().get();
        if (!dl) continue;
        const llvm::DILocation* ia = dl->getInlinedAt();
        if (!ia) continue;
        const llvm::DISubprogram* inner = dl->getScope()->getSubprogram();
        auto [it, fresh] = scopes.try_emplace({ia, inner}, nullptr);
        if (fresh) {
          it->second = chain_scope(c, nimp, sp, inner, ia);
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

// Loop versioning of guarded memory-0 accesses (loop_versioning.cc): a pass at the
// vectorizer's start that gives call-free innermost loops with affine addresses a
// copy with plain (vectorizable) accesses, taken when a check in the preheader
// proves that no access of the loop can fault. Only for a guarded, unshared
// 32-bit memory 0 (CompileRequest::mem0_guarded).
#pragma once

namespace llvm {
class PassBuilder;
}

namespace skiff::compiler {

void add_mem0_loop_versioning(llvm::PassBuilder& pb);

}  // namespace skiff::compiler

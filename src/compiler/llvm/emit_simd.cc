// Tier-1 code generation: SIMD and relaxed SIMD.
#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

bool Emitter::emit_simd(const ir::Instr& in, const Event& e) {
  (void)in;
  (void)e;
  return false;
}

}  // namespace skiff::compiler

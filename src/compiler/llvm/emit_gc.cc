// Tier-1 code generation: GC objects (struct, array, i31, casts).
#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

bool Emitter::emit_gc(const ir::Instr& in, const Event& e) {
  (void)in;
  (void)e;
  return false;
}

}  // namespace skiff::compiler

// Tier-1 code generation: references, tables, call_ref and table bulk operations.
#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

bool Emitter::emit_reference(const ir::Instr& in, const Event& e) {
  (void)in;
  (void)e;
  return false;
}

}  // namespace skiff::compiler

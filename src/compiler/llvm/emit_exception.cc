// Tier-1 code generation: exceptions.
#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

bool Emitter::emit_exception(const ir::Instr& in, const Event& e) {
  (void)in;
  (void)e;
  return false;
}

void Emitter::leave_handlers_for_return() {}

}  // namespace skiff::compiler

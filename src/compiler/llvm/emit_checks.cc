// Tier-1 code generation: fuel, interruption and tiering checks at function entry
// and loop headers (compiled in only when the store asks for them).
#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

void Emitter::emit_entry_checks() {}

void Emitter::emit_loop_checks() {}

}  // namespace skiff::compiler

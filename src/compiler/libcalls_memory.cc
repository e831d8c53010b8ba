// Tier-1 libcalls: bulk memory, memory64 and multi-memory (the runtime side of the "memory" section of
// rt::tier1::Libcalls).
#include "compiler/tier1_internal.h"

namespace skiff::compiler {

void fill_memory_libcalls(rt1::Libcalls& t) { (void)t; }

}  // namespace skiff::compiler

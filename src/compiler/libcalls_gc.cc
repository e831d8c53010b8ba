// Tier-1 libcalls: GC objects (the runtime side of the "gc" section of
// rt::tier1::Libcalls).
#include "compiler/tier1_internal.h"

namespace skiff::compiler {

void fill_gc_libcalls(rt1::Libcalls& t) { (void)t; }

}  // namespace skiff::compiler

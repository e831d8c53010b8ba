// Tier-1 libcalls: exceptions (the runtime side of the "exception" section of
// rt::tier1::Libcalls).
#include "compiler/tier1_internal.h"

namespace skiff::compiler {

void fill_exception_libcalls(rt1::Libcalls& t) { (void)t; }

}  // namespace skiff::compiler

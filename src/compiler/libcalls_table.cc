// Tier-1 libcalls: references and tables (the runtime side of the "table" section of
// rt::tier1::Libcalls).
#include "compiler/tier1_internal.h"

namespace skiff::compiler {

void fill_table_libcalls(rt1::Libcalls& t) { (void)t; }

}  // namespace skiff::compiler

// Tier-1 libcalls: fuel, interruption and tiering (the runtime side of the "control" section of
// rt::tier1::Libcalls).
#include "compiler/tier1_internal.h"

namespace skiff::compiler {

void fill_control_libcalls(rt1::Libcalls& t) { (void)t; }

}  // namespace skiff::compiler

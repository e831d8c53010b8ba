// Dynamic instruction profile (development builds only: -DSKIFF_OP_PROFILE=ON).
//
// Every dispatch records the executed op and the pair (previous op, op); at exit
// the most frequent ops and pairs go to stderr. This is what picks
// super-instructions: the pairs that run most, not the ones that appear most in
// the code. Costs a hash-map update per instruction, so never in a normal build.
#pragma once

namespace skiff::interp::detail {

void op_profile_hit(const void* handler);

}  // namespace skiff::interp::detail

// The verifier of translated code (DESIGN lesson 12).
//
// The translator rewrites instructions as it goes (fused pairs, compare+branch,
// retargeted destinations), and a mistake there does not fail a test: it sends
// the dispatch loop into the middle of an instruction or makes a slot name memory
// outside the frame. verify_code() checks, for one translated function, what
// every correct translation guarantees:
//   * the stream decodes: each instruction starts with a known handler, its field
//     count is kOpInfo's (br_table: 2 + n + 1) and it ends inside the code;
//   * `enter` comes first and agrees with the Code header (frame, params);
//   * every branch target (br_*, fused +br, br_table entries), catch target and
//     region boundary is the start of an instruction after `enter`;
//   * every slot field lies inside the frame (8 bytes, 16 for a v128), aligned;
//     call argument areas start inside it and a direct call's arguments and
//     results fit;
//   * every function / global / table / memory / data / element / tag index is
//     in range for the module;
//   * the last instruction does not fall through (the code cannot run off its end);
//   * regions nest (a parent or delegate precedes its child) and catch payload
//     slots lie inside the frame.
// Field kinds come from the layout letters of iops.def.
//
// translate() runs it when TranslateOptions::verify is set: by default in builds
// without NDEBUG (Debug, the sanitizer build, the fuzzers), and in any build when
// the environment has SKIFF_VERIFY_CODE=1. Deserialized code is always verified.
#pragma once

#include <cstdint>

#include "interp/code.h"
#include "runtime/compiled_module.h"
#include "support/result.h"

namespace skiff::interp {

// Checks `code`, translated from function `code.func_index` of `cm`, whose
// instruction words start with addresses from `handlers` (exec.h).
Status verify_code(const Code& code, const rt::CompiledModule& cm, const void* const* handlers);

// True when translations should be verified by default (see above).
bool verify_by_default();

// Functions verified since the process started (for reports and tests).
uint64_t verified_function_count();

}  // namespace skiff::interp

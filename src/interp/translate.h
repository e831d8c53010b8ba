// Translation of one function body into internal code (code.h).
//
// The translator is the second consumer of valid::BodyDecoder: the body is decoded,
// type-checked and translated in one pass. `handlers` maps each IOp to the address
// its instruction words start with (exec.h's handler_table()).
#pragma once

#include <cstdint>
#include <memory>

#include "interp/code.h"
#include "interp/verify.h"
#include "runtime/compiled_module.h"
#include "support/result.h"

namespace skiff::interp {

// func_index is in the whole function index space and must name a defined function.
struct TranslateOptions {
  // Function entries and loop headers get a `check` instruction (fuel and
  // interruption, see rt::StoreLimits).
  bool checks = false;
  // Memory 0 is a guard-page memory (rt::Memory::guarded) and faults are turned into
  // traps: its accesses need no bounds checks.
  bool mem0_guarded = false;
  // Deterministic code (Config::deterministic): every op that can make a NaN from
  // its operands (float arithmetic, sqrt, min/max, rounding, demote/promote, their
  // SIMD forms, relaxed madd/nmadd/min/max) is followed by an x.canon op turning a
  // NaN result into the canonical one, so NaN bits do not depend on the host.
  bool canon_nans = false;
  // Also build Code::stack_maps (checkpoints): the reference slots live at each
  // safepoint. The instructions are the same as without it.
  bool stack_maps = false;
  // Run the code verifier (verify.h) on the result; an invariant it finds broken
  // is an internal error (and, in builds with assertions, aborts loudly).
  bool verify = verify_by_default();
};

Result<std::unique_ptr<Code>> translate(const rt::CompiledModule& cm, uint32_t func_index,
                                        const void* const* handlers,
                                        const TranslateOptions& opts = {});

}  // namespace skiff::interp

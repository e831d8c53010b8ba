// Translation of one function body into internal code (code.h).
//
// The translator is the second consumer of valid::BodyDecoder: the body is decoded,
// type-checked and translated in one pass. `handlers` maps each IOp to the address
// its instruction words start with (exec.h's handler_table()).
#pragma once

#include <cstdint>
#include <memory>

#include "interp/code.h"
#include "runtime/compiled_module.h"
#include "support/result.h"

namespace skiff::interp {

// func_index is in the whole function index space and must name a defined function.
// With `checks`, function entries and loop headers get a `check` instruction
// (fuel and interruption, see rt::StoreLimits).
Result<std::unique_ptr<Code>> translate(const rt::CompiledModule& cm, uint32_t func_index,
                                        const void* const* handlers, bool checks = false);

}  // namespace skiff::interp

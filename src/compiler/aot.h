// Ahead-of-time tier-1 code: compiling a module into an SkcCode (skc_format.h)
// through the compiler library, and registering loaded code so that a
// Tier1Executor uses it instead of compiling (an executor made with
// create_without_compiler() never loads libskiff_compiler.so).
//
// Registered code applies to one rt::CompiledModule (by identity, held weakly)
// and one memory-0 variant; it is compiled without fuel or interruption checks,
// so a store with either limit ignores it (and compiles, or runs the module in
// tier 0 when no compiler is loaded).
#pragma once

#include <memory>
#include <span>
#include <string>

#include "compiler/skc_format.h"
#include "runtime/compiled_module.h"
#include "support/result.h"

namespace skiff::compiler {

// Compiles `cm` (loads the compiler library). guarded: the memory-0 variant with
// guard pages (no bounds checks); false: explicit checks.
Result<SkcCode> compile_ahead_of_time(const rt::CompiledModule& cm, bool guarded,
                                      uint32_t opt_level = 2);

// SKIFF_TIER1_INLINE=0 in the environment (the compiler then inlines no wasm
// function): code compiled so differs, so it is part of the on-disk cache's key.
bool tier1_inline_disabled();

// Makes `code` the machine code of `cm` for every executor of this process.
Status register_aot_code(const std::shared_ptr<const rt::CompiledModule>& cm,
                         std::shared_ptr<const SkcCode> code);
std::shared_ptr<const SkcCode> aot_code_for(const rt::CompiledModule* cm);

}  // namespace skiff::compiler

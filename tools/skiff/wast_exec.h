// The executing WastEngine of `skiff wast`: runs scripts on the interpreter with
// the `spectest` host module.
#pragma once

#include <memory>

#include "wast_runner.h"

namespace skiff::cli {

// guard_pages = false: explicit bounds checks on every memory access.
// tier = 1: every module is compiled by tier 1 (compiler/tier1.h) when it is
// instantiated; functions it cannot compile yet run in tier 0 (counted). The
// caller checks first that the compiler loads (compiler::load_compiler()).
// deterministic: canonical NaNs (interp::InterpConfig::deterministic).
std::unique_ptr<WastEngine> make_interp_engine(bool guard_pages = true, unsigned tier = 0,
                                               bool deterministic = false);

}  // namespace skiff::cli

// The executing WastEngine of `skiff wast`: runs scripts on the interpreter with
// the `spectest` host module.
#pragma once

#include <memory>

#include "wast_runner.h"

namespace skiff::cli {

// guard_pages = false: explicit bounds checks on every memory access.
std::unique_ptr<WastEngine> make_interp_engine(bool guard_pages = true);

}  // namespace skiff::cli

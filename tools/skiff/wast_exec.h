// The executing WastEngine of `skiff wast`: runs scripts on the interpreter with
// the `spectest` host module.
#pragma once

#include <memory>

#include "wast_runner.h"

namespace skiff::cli {

std::unique_ptr<WastEngine> make_interp_engine();

}  // namespace skiff::cli

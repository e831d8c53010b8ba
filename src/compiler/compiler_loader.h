// Finding and loading libskiff_compiler.so (the only code that links LLVM).
//
// The runtime never links LLVM: the first compile request dlopens the compiler
// library and asks it for its CompilerApi (runtime/tier1_abi.h). Where it looks,
// in order: $SKIFF_COMPILER_LIB, the folder of the running executable, the path
// the build wrote it to, then the dynamic loader's own search.
#pragma once

#include <string>

#include "runtime/tier1_abi.h"
#include "support/result.h"

namespace skiff::compiler {

// True when this build has a compiler at all (SKIFF_LLVM=ON and llvm-config-19).
bool build_has_compiler();

// The compiler's entry points, loading the library on first use (thread-safe).
// Errors say why: no compiler in this build, library not found, ABI mismatch.
Result<const rt::tier1::CompilerApi*> load_compiler();

}  // namespace skiff::compiler

// Ahead-of-time files (.skc) for `skiff compile` and `skiff run`: the bridge from
// the public API objects the commands hold to tier 1's AOT code (compiler/aot.h).
// `skiff run X.skc` never loads libskiff_compiler.so (SKIFF_NO_COMPILER_DLOPEN=1
// makes any attempt an error, for tests).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "skiff/module.h"
#include "skiff/result.h"
#include "skiff/store.h"

namespace skiff::cli {

bool is_aot_file(std::span<const uint8_t> bytes);

// Reads and checks a .skc (refusing truncated, corrupted, foreign-version or
// foreign-CPU files): *wasm gets the module's bytes, *guarded its memory-0
// variant; the returned handle keeps the machine code for attach_aot.
Result<std::shared_ptr<const void>> open_aot(std::span<const uint8_t> bytes,
                                             std::vector<uint8_t>* wasm, bool* guarded);

// Registers the code for `module` and puts a compiler-less tier-1 executor in
// front of `store`'s interpreter.
Status attach_aot(const std::shared_ptr<const void>& code, const Module& module, Store& store);

}  // namespace skiff::cli

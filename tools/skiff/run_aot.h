// Ahead-of-time files (.skc) for `skiff compile` and `skiff run`: the bridge from
// the public API objects the commands hold to tier 1's AOT code (compiler/aot.h).
// `skiff run X.skc` never loads libskiff_compiler.so (SKIFF_NO_COMPILER_DLOPEN=1
// makes any attempt an error, for tests).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
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

// The on-disk cache of `skiff run --tier=1` (binary modules, stores without fuel
// or a timeout): the code for `wasm` and the memory-0 variant, read from
// DIR/<module hash>-<g|c>.skc when that file is valid here (same module bytes,
// Skiff version, build and CPU features), else compiled now (loading the
// compiler) and stored there (written to a temporary file, then renamed). A hit
// never loads the compiler. dir empty: $XDG_CACHE_HOME/skiff, else
// $HOME/.cache/skiff. *hit tells which it was. Cache write failures are not
// errors (the code is still returned).
Result<std::shared_ptr<const void>> cached_aot(std::span<const uint8_t> wasm, bool guarded,
                                               std::string dir, bool* hit);
// The same cache, read only (tier auto: a hit runs the cached code from the first
// call; a miss tiers up as usual and stores nothing). Null on a miss.
std::shared_ptr<const void> lookup_cached_aot(std::span<const uint8_t> wasm, bool guarded,
                                              const std::string& dir);

}  // namespace skiff::cli

// skiff run: wasi-threads for modules that import `wasi` `thread-spawn`.
#pragma once

#include <string>

#include "skiff/engine.h"
#include "skiff/linker.h"
#include "skiff/module.h"

namespace skiff::cli {

// When `module` imports `wasi` `thread-spawn`: creates each shared memory it
// imports (conventionally `env` `memory`) from the import's type, defines it and
// thread-spawn in `linker`. Returns an error message, or "" (also when the module
// does not use threads).
std::string enable_wasi_threads(const Engine& engine, Linker& linker, const Module& module);

// Ends skiff run: std::exit, or, once wasi-threads are enabled (other threads may
// still run guest code) or with no_destructors (a background compile still runs),
// flushes stdio and std::_Exit without static destructors.
[[noreturn]] void run_exit(int code, bool no_destructors = false);

}  // namespace skiff::cli

// The `spectest` host module of the spec testsuite.
//
// Exports: print, print_i32, print_i64, print_f32, print_f64, print_i32_f32,
// print_f64_f64 (print their arguments to stdout when `print` is true, one line
// per call in the reference interpreter's "value : type" form), global_i32 = 666,
// global_i64 = 666, global_f32 = 666.6, global_f64 = 666.6 (immutable), table =
// 10..20 funcref, table64 = 10..20 funcref with i64 addresses, memory = 1..2 pages.
#pragma once

#include "runtime/instance.h"
#include "runtime/store.h"

namespace skiff::rt {

// A host instance (no module) whose exports are the spectest objects.
Instance* make_spectest(Store& store, bool print = false);

}  // namespace skiff::rt

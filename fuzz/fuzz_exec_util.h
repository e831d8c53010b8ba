// Shared by the execution fuzz targets (fuzz_exec, fuzz_tiers, fuzz_tier1): the small
// store limits every input runs under, the differential targets' interpreter settings,
// and the zero arguments each export is called with.
#pragma once

#include <vector>

#include "interp/interpreter.h"
#include "runtime/objects.h"
#include "runtime/store.h"
#include "runtime/value.h"

namespace skiff::fuzz {

constexpr uint64_t kFuelPerCall = 200'000;

// Caps that make every input terminate in bounded memory.
inline void limit_store(rt::Store& store) {
  store.limits.max_memory_bytes = 16 << 20;
  store.limits.max_table_elements = 100'000;
  store.limits.max_gc_heap_bytes = 32 << 20;
  store.limits.fuel = true;
  store.set_fuel(kFuelPerCall);
}

// The interpreter settings of the differential targets (fuzz_tiers, fuzz_tier1): a
// call depth and value stack small enough that deep recursion ends quickly.
inline interp::InterpConfig differential_interp_config(bool guard_pages) {
  interp::InterpConfig cfg;
  cfg.max_call_depth = 1'000;
  cfg.value_stack_bytes = 4 << 20;
  cfg.guard_pages = guard_pages;
  return cfg;
}

// Zero values for f's parameters; false when one is a non-nullable reference
// (there is no zero to pass).
inline bool zero_args(const rt::Func& f, std::vector<rt::Val>& args) {
  args.clear();
  for (const ir::ValType& t : f.sig->params) {
    if (t.is_ref() && !t.nullable) return false;
    args.push_back(rt::Val::zero(t));
  }
  return true;
}

}  // namespace skiff::fuzz

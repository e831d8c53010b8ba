// CompiledModule: a validated ir::Module plus what the runtime computes once per
// module, shared (immutable) by all its instances across stores.
//
//   * canon: canonical type ids from the process-wide TypeInterner, so call_indirect
//     checks and import matching across modules are id comparisons;
//   * func_type_ids: canonical type id of every function (imports included);
//   * func_names: the name section's function names by index ("" when none).
//
// The interpreter keeps its translated code in Func::code (per instance), or may
// add a per-module cache here later.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/module.h"
#include "support/result.h"
#include "valid/subtyping.h"

namespace skiff::rt {

struct CompiledModule {
  ir::Module module;
  valid::TypeCanon canon;
  std::vector<uint32_t> func_type_ids;
  std::vector<std::string> func_names;

  // Validates `m` and prepares it. Errors are the validator's.
  static Result<std::shared_ptr<const CompiledModule>> compile(ir::Module m);
  // For a module already validated by the caller.
  static std::shared_ptr<const CompiledModule> from_validated(ir::Module m);

  const std::string& func_name(uint32_t index) const;
};

}  // namespace skiff::rt

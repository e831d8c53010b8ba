// What the function-body checker needs to know about its module beyond ir::Module.
//
// The module validator builds these once per module and passes them to every body
// (validate_function_body, BodyDecoder::decode_function) and constant expression
// (validate_const_expr). Nothing here is owned: the pointees must outlive the call.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "valid/subtyping.h"

namespace skiff::valid {

struct TypeContext {
  // Canonical type ids of the module, for subtyping between concrete types. When
  // null, the entry points build a private one (O(type section) per call).
  const TypeCanon* canon = nullptr;
  // C.refs: the functions a body may name with ref.func, as a bitmap over the
  // function index space (see declared_func_refs in validator.h). When null every
  // function counts as declared. Constant expressions never consult it.
  const std::vector<bool>* declared_funcs = nullptr;
  // The type index of every function (whole index space), packed: a call's callee
  // type is then one load from a small array instead of a cache miss into
  // Module::funcs (large modules call all over). Empty: read from the module.
  std::span<const uint32_t> func_types;
};

}  // namespace skiff::valid

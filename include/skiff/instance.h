// skiff::Instance: an instantiated module.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "skiff/export.h"
#include "skiff/module.h"
#include "skiff/objects.h"
#include "skiff/result.h"
#include "skiff/trap.h"

namespace skiff {

/// Why instantiation failed: an Error (unknown import, type mismatch, limits) and,
/// when a segment or the start function trapped, that Trap.
struct InstantiateError {
  Error error;
  std::optional<Trap> trap;
};

/// An instance of a module in a store; a handle valid while the store lives.
class SKIFF_API Instance {
 public:
  /// A null handle.
  Instance() = default;
  /// Instantiates `module` with `imports` given positionally (one per import of
  /// module.imports(), in order). Runs the start function.
  static Result<Instance, InstantiateError> create(Store& store, const Module& module,
                                                   std::span<const Extern> imports);

  /// False for a null handle.
  explicit operator bool() const { return inst_ != nullptr; }
  /// Every export, in module order.
  std::vector<std::pair<std::string, Extern>> exports() const;
  /// The export `name`, if any.
  std::optional<Extern> get(std::string_view name) const;
  /// The export `name` if it is a function (memory, table, global below).
  std::optional<Func> func(std::string_view name) const;
  std::optional<Memory> memory(std::string_view name) const;
  std::optional<Table> table(std::string_view name) const;
  std::optional<Global> global(std::string_view name) const;

  /// Internal: a handle on a runtime instance of `store`.
  Instance(detail::StoreImpl* store, void* inst) : store_(store), inst_(inst) {}
  /// Internal: the runtime instance.
  void* raw() const { return inst_; }

 private:
  detail::StoreImpl* store_ = nullptr;
  void* inst_ = nullptr;
};

}  // namespace skiff

// skiff::InstancePre: a module with its imports resolved once, instantiated many times.
#pragma once

#include <memory>

#include "skiff/export.h"
#include "skiff/instance.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/result.h"
#include "skiff/store.h"

namespace skiff {

namespace detail {
struct InstancePreImpl;
}

/// A Module whose imports were looked up in a Linker and type-checked once: the
/// fast path for making many instances of one module (a plugin host spawning a
/// sandbox per request). create() also builds the module's memory images (its
/// initial memory contents, mapped copy-on-write into each instance), so
/// instantiate() copies no data segment and does no name lookup.
///
/// An InstancePre keeps what it took from the Linker: later changes to the Linker
/// do not affect it, and it may outlive it. Host functions defined with
/// Linker::func are made per store, and shared with instances made through the
/// Linker itself in that store. It is immutable: copies share it, and any number of
/// threads may instantiate from it at once (each into its own Store).
class SKIFF_API InstancePre {
 public:
  /// Resolves every import of `module` in `linker` and checks its type: an Error
  /// names the first import that is not defined or whose definition does not
  /// match (a function type, a table/memory/global type of a store object). WASI
  /// functions (Linker::define_wasi) are checked by name here and by type when
  /// instantiated.
  static Result<InstancePre> create(const Linker& linker, const Module& module);

  /// A new instance in `store` (an object defined with Linker::define must belong
  /// to `store`). Runs the start function, like Linker::instantiate.
  Result<Instance, InstantiateError> instantiate(Store& store) const;

  /// The module.
  const Module& module() const;

  /// Internal.
  explicit InstancePre(std::shared_ptr<const detail::InstancePreImpl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const detail::InstancePreImpl> impl_;
};

}  // namespace skiff

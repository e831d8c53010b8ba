// skiff::Linker: resolves a module's imports by (module, name) and instantiates.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "skiff/engine.h"
#include "skiff/export.h"
#include "skiff/func.h"
#include "skiff/instance.h"
#include "skiff/module.h"
#include "skiff/objects.h"
#include "skiff/result.h"
#include "skiff/store.h"

namespace skiff {

namespace detail {
struct LinkerImpl;
}

/// Definitions of imports by (module, name). Host functions defined with func()
/// belong to no store: each store instantiating through the linker gets its own
/// copy, so one Linker may serve many stores and threads (definitions must not be
/// added while another thread instantiates). Objects of a store added with
/// define() may only be used with that store.
class SKIFF_API Linker {
 public:
  /// An empty linker for modules of `engine`.
  explicit Linker(const Engine& engine);
  ~Linker();
  /// Movable, not copyable.
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;

  /// A host function from any C++ callable. Parameters: int32_t, uint32_t,
  /// int64_t, uint64_t, float, double, optionally preceded by `Caller&` (to reach
  /// the caller's memory). Result: void, one of those, a std::tuple of them, or
  /// Result<that, Trap>; returning an error Trap (or throwing a skiff::Trap) traps.
  ///   linker.func("env", "log", [](int32_t x) { std::printf("%d\n", x); });
  template <class F>
  Linker& func(const std::string& module, const std::string& name, F&& f) {
    detail::HostDef d = detail::host_def(std::forward<F>(f));
    return func(module, name, d.type, std::move(d.body));
  }
  /// A host function with an explicit type and untyped body.
  Linker& func(const std::string& module, const std::string& name, const FuncType& type, HostFunc body);
  /// An object of one store.
  Linker& define(const std::string& module, const std::string& name, const Extern& value);
  /// Every export of `instance` under module name `module`.
  Linker& define_instance(const std::string& module, const Instance& instance);
  /// The WASI preview1 functions (module "wasi_snapshot_preview1"), bound to the
  /// instantiating store's WASI configuration (Store::set_wasi; a store without
  /// one gets an empty configuration: no args, no env, no directories).
  Linker& define_wasi();

  /// Instantiates `module` in `store`, resolving every import here.
  Result<Instance, InstantiateError> instantiate(Store& store, const Module& module) const;

 private:
  std::unique_ptr<detail::LinkerImpl> impl_;
};

}  // namespace skiff

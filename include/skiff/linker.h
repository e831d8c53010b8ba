// skiff::Linker: resolves a module's imports by (module, name) and instantiates.
#pragma once

#include <memory>
#include <optional>
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
class SharedMemory;  // skiff/threads.h

/// Definitions of imports by (module, name). Host functions defined with func()
/// belong to no store: each store instantiating through the linker gets its own
/// copy, so one Linker may serve many stores and threads (definitions must not be
/// added while another thread instantiates). Objects of a store added with
/// define() (or module()) may only be used with that store.
///
/// Every definition method returns a Status: defining a (module, name) that is
/// already defined is an Error naming it, unless allow_shadowing(true) was set
/// (then the new definition replaces the old one), as in wasmtime. A method that
/// defines several names (define_instance, module) checks them all first and
/// defines nothing when one is refused. Status is [[nodiscard]]:
///   if (auto s = linker.func("env", "log", log); !s.ok()) return s.error();
class SKIFF_API Linker {
 public:
  /// An empty linker for modules of `engine` (shadowing not allowed).
  explicit Linker(const Engine& engine);
  ~Linker();
  /// Movable, not copyable.
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;

  /// Whether a definition may replace an existing one of the same (module, name)
  /// (default false: redefinition is an Error).
  void allow_shadowing(bool allow);
  bool shadowing_allowed() const;

  /// A host function from any C++ callable. Parameters: int32_t, uint32_t,
  /// int64_t, uint64_t, float, double, optionally preceded by `Caller&` (to reach
  /// the caller's memory and exports). Result: void, one of those, a std::tuple of
  /// them, or Result<that, Trap>; returning an error Trap (or throwing anything:
  /// a skiff::Trap keeps its message, another exception becomes a Host trap naming
  /// its what()) traps.
  ///   Status s = linker.func("env", "log", [](int32_t x) { std::printf("%d\n", x); });
  template <class F>
  Status func(const std::string& module, const std::string& name, F&& f) {
    detail::HostDef d = detail::host_def(std::forward<F>(f));
    return func(module, name, d.type, std::move(d.body));
  }
  /// A host function with an explicit type and untyped body.
  Status func(const std::string& module, const std::string& name, const FuncType& type, HostFunc body);
  /// An object of one store (an Error for a null handle).
  Status define(const std::string& module, const std::string& name, const Extern& value);
  /// Every export of `instance` under module name `module`.
  Status define_instance(const std::string& module, const Instance& instance);
  /// The WASI preview1 functions (module "wasi_snapshot_preview1"), bound to the
  /// instantiating store's WASI configuration (Store::set_wasi; a store without
  /// one gets an empty configuration: no args, no env, no directories). Explicit
  /// definitions of "wasi_snapshot_preview1" names take precedence over these.
  /// Calling it again is not an error.
  Status define_wasi();
  /// A shared memory (skiff/threads.h): unlike define(), importable by instances
  /// of any store, on any thread; each importing store keeps it alive.
  Status define_shared_memory(const std::string& module, const std::string& name, const SharedMemory& memory);

  /// Instantiates `module` in `store` (imports resolved here) and defines every
  /// export of the instance under module name `name`, so that modules instantiated
  /// later import them as `name`.`export` (linking several modules by name). The
  /// names are checked against the shadowing policy before instantiating: on a
  /// refusal nothing is instantiated or defined (an InstantiateError). The
  /// definitions are objects of `store`.
  Result<Instance, InstantiateError> module(Store& store, const std::string& name, const Module& module);

  /// The definition of (module, name) as an object of `store`: a host function
  /// defined with func() is made in `store` (the same Func its instances import),
  /// WASI functions when define_wasi() was called. nullopt when nothing is defined
  /// under that name, or the definition is an object of another store.
  std::optional<Extern> get(Store& store, const std::string& module, const std::string& name) const;

  /// Instantiates `module` in `store`, resolving every import here.
  Result<Instance, InstantiateError> instantiate(Store& store, const Module& module) const;

  /// Internal: the implementation.
  detail::LinkerImpl* impl() const { return impl_.get(); }

 private:
  std::unique_ptr<detail::LinkerImpl> impl_;
};

}  // namespace skiff

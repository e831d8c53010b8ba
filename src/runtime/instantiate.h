// Instantiation and linking.
//
// instantiate() follows the WebAssembly 3.0 spec's order:
//   1. match imports by type (functions by canonical subtyping, tables/memories by
//      limits against their current size and exact address/element type, globals by
//      mutability and type (invariant if mutable, covariant if not), tags by exact
//      type): "unknown import" / "incompatible import type ..." (the spec's words
//      come first, details after);
//   2. create the functions, tags, then globals (each initialiser may read imported
//      and earlier globals and name any function), tables (with their initialiser),
//      memories, evaluate element segment items, set up data segments and exports;
//   3. active element segments: table.init then elem.drop, declarative: elem.drop;
//   4. active data segments: memory.init then data.drop;
//   5. the start function (through Store::executor for wasm code).
// A trap in 3-5 ("out of bounds table access", "out of bounds memory access", or the
// start function's trap) fails instantiation with the trap's message and fills
// *trap_out; effects already made on imported tables and memories stay, as the spec
// says. On failure no instance is returned (the store keeps the objects it made, so
// references already written to imported tables stay valid).
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>

#include "runtime/compiled_module.h"
#include "runtime/store.h"
#include "support/result.h"

namespace skiff::rt {

// What went wrong, for runners that must tell assert_unlinkable from
// assert_uninstantiable / assert_trap.
// Link: an import does not match. Resource: a memory/table could not be allocated
// within the store's limits. Unsupported: a constant expression this runtime cannot
// evaluate yet (GC constant instructions). Trap: segment initialisation or start.
enum class InstantiateFailure : uint8_t { None, Link, Resource, Unsupported, Trap };

struct InstantiateInfo {
  InstantiateFailure failure = InstantiateFailure::None;
  Trap trap;  // when failure == Trap
};

// `imports` are positional: one per module import, in order. `run_start` false
// skips step 5 (the start function): only for an instance whose state is then
// restored from a checkpoint (snapshot/checkpoint.h), whose start already ran.
Result<Instance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> module,
                              std::span<const Extern> imports, InstantiateInfo* info = nullptr,
                              bool run_start = true);

// Does `actual` satisfy import `imp` of module `m`? Empty string when it does, else
// the reason ("incompatible import type" + detail).
std::string match_import(const CompiledModule& m, const ir::Import& imp, const Extern& actual);

// Name -> object registry that resolves imports by (module, name).
class Linker {
 public:
  void define(std::string module, std::string name, Extern value);
  // Every export of `inst` under module name `module`.
  void define_instance(const std::string& module, const Instance& inst);
  const Extern* find(const std::string& module, const std::string& name) const;
  Result<Instance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> module,
                                InstantiateInfo* info = nullptr) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern> defs_;
};

}  // namespace skiff::rt

// Store objects other than memories and tables: functions (wasm and host), globals,
// tags, exceptions, and Extern (a tagged pointer to any importable object).
//
// Design note.
//
// * Every object is owned by one Store and never moves (stable addresses), so a Ref
//   or an Instance index space can hold raw pointers.
// * Func::type_id is the canonical id (process-wide TypeInterner) of its function
//   type: call_indirect / call_ref checks and import matching compare ids. `sig` is
//   the structural type (module-relative for wasm functions: read it with the
//   owning instance's module; host functions have only abstract reference types).
// * A wasm Func is (instance, function index). `code` is the interpreter's slot: it
//   fills it lazily with its translated code (nullptr = not translated yet).
// * A host Func holds a HostCallback. It receives the arguments and writes the
//   results (results[i].type is preset to the declared result type), and returns a
//   Trap to trap. Caller gives access to the calling instance (null when the host
//   calls the function directly).
// * Global::cell is the first member: interpreter code reads/writes a global with
//   one 16-byte access at the Global* itself.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ir/types.h"
#include "runtime/trap.h"
#include "runtime/value.h"

namespace skiff::rt {

class Store;
class Memory;
class Table;
struct Instance;

// What a host function sees of its caller.
struct Caller {
  Store* store = nullptr;
  Instance* instance = nullptr;  // null when called from the host directly
  // The caller instance's memory `index`, or null.
  Memory* memory(uint32_t index = 0) const;
};

using HostCallback =
    std::function<std::optional<Trap>(Caller& caller, std::span<const Val> args,
                                      std::span<Val> results)>;

struct Func {
  enum class Kind : uint8_t { Wasm, Host };
  Kind kind = Kind::Wasm;
  uint32_t type_id = 0xFFFFFFFFu;  // valid::kNoType until set
  const ir::FuncType* sig = nullptr;
  // Wasm functions.
  Instance* instance = nullptr;
  uint32_t index = 0;
  // Tier-0 entries of the function in code with checks (fuel, interruption,
  // tiering: the `entry_check` op), for tier auto's choice of entry (wraps).
  uint32_t calls = 0;
  void* code = nullptr;  // interpreter-owned translated code, filled lazily
  // Set by the tier-1 executor while it has compiled code for this function (its
  // FuncEntry): the interpreter then calls that code instead of translating.
  void* tier1 = nullptr;
  // Host functions.
  HostCallback host;
  std::string host_name;  // for backtraces

  bool is_host() const { return kind == Kind::Host; }
};

struct Global {
  Cell cell;            // the value; first member on purpose
  ir::GlobalType type;  // canonical
  Val get() const { return Val::load(cell, type.type); }
  void set(const Val& v) { v.store(cell); }
};

struct Tag {
  uint32_t type_id = 0xFFFFFFFFu;  // canonical id of the tag's function type
  const ir::FuncType* sig = nullptr;
};

// A thrown exception (exnref points here).
struct Exception {
  Tag* tag = nullptr;
  std::vector<Val> payload;
};

// Any importable/exportable object.
struct Extern {
  ir::ExternKind kind = ir::ExternKind::Func;
  union {
    Func* func;
    Table* table;
    Memory* memory;
    Global* global;
    Tag* tag;
    void* ptr = nullptr;
  };
  Extern() = default;
  Extern(Func* f) : kind(ir::ExternKind::Func), func(f) {}
  Extern(Table* t) : kind(ir::ExternKind::Table), table(t) {}
  Extern(Memory* m) : kind(ir::ExternKind::Memory), memory(m) {}
  Extern(Global* g) : kind(ir::ExternKind::Global), global(g) {}
  Extern(Tag* t) : kind(ir::ExternKind::Tag), tag(t) {}
};

}  // namespace skiff::rt

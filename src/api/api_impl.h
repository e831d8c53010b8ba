// What the public handles (include/skiff/) point to, and the conversions between
// the public types and the runtime's. Internal to libskiff.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "api/call_timer.h"
#include "compiler/tier1.h"
#include "interp/interpreter.h"
#include "ir/features.h"
#include "runtime/compiled_module.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "skiff/engine.h"
#include "skiff/instance.h"
#include "skiff/store.h"
#include "skiff/trap.h"
#include "skiff/types.h"
#include "skiff/val.h"
#include "wasi/wasi.h"

namespace skiff::detail {

class StoreProfiler;

struct EngineImpl {
  Config config;
  rt::Engine rt;
  ir::Features features;
  // Why Config::tier cannot be had (no compiler in this build or on this machine):
  // Module creation fails with it. Empty when fine.
  std::string tier_error;
  explicit EngineImpl(const Config& c);
};

struct ModuleImpl {
  std::shared_ptr<EngineImpl> engine;
  std::shared_ptr<const rt::CompiledModule> cm;
};

// Shared with InterruptHandles, which may outlive the store.
struct InterruptState {
  std::mutex mu;
  rt::Store* store = nullptr;
};

struct StoreImpl {
  std::shared_ptr<EngineImpl> engine;
  StoreLimits limits;
  rt::Store store;
  std::unique_ptr<interp::Interpreter> interp;
  // Config::tier 1 (or auto): store.executor, in front of the interpreter.
  std::unique_ptr<compiler::Tier1Executor> tier1;
  std::shared_ptr<InterruptState> interrupt_state;
  std::unique_ptr<CallTimer> timer;  // limits.timeout
  std::shared_ptr<wasi::WasiCtx> wasi;
  // WASI functions of this store (made on the first instantiation that needs them).
  std::unique_ptr<rt::Linker> wasi_funcs;
  // Host functions made in this store for Linker definitions (key: definition id).
  std::unordered_map<uint64_t, rt::Func*> linker_funcs;
  void* user_data = nullptr;
  uint32_t host_entries = 0;  // nesting of calls from the host (for the timer)
  // The public Store owning this (kept current by its constructor and moves).
  Store* owner = nullptr;
  // Store::set_limiter, and its adapter installed as store.limiter.
  std::shared_ptr<ResourceLimiter> limiter;
  std::unique_ptr<rt::ResourceLimiter> limiter_adapter;
  // Store::start_profiling (profiler.h); stopped and freed before the interpreter.
  std::unique_ptr<StoreProfiler> profiler;
  // Shared memories (skiff/threads.h) that instances of this store import: kept alive.
  std::vector<std::shared_ptr<void>> shared_memories;

  StoreImpl(std::shared_ptr<EngineImpl> e, const StoreLimits& l);
  ~StoreImpl();
};

// A shared memory (an rt::Memory of no store) as an import of store s, which keeps it alive.
rt::Extern shared_memory_extern(StoreImpl* s, const std::shared_ptr<void>& memory);
// The shared memories a linker defines: (module, name, rt::Memory).
struct LinkerImpl;
std::vector<std::tuple<std::string, std::string, std::shared_ptr<void>>> linker_shared_memories(const LinkerImpl& l);

// Types.
ValType to_public(const ir::ValType& t);
FuncType to_public(const ir::FuncType& t);
MemoryType to_public(const ir::MemoryType& t);
TableType to_public(const ir::TableType& t);
GlobalType to_public(const ir::GlobalType& t);
// Public -> runtime (abstract reference types only; AnyRef means anyref).
ir::ValType to_rt(const ValType& t);
ir::FuncType to_rt(const FuncType& t);
ir::MemoryType to_rt(const MemoryType& t);
ir::TableType to_rt(const TableType& t);

// Values. to_rt_val converts for a slot of type `t` (references keep their bits;
// a host-made externref gets a box in `store`); an error message when the kind
// does not fit or a reference belongs to another store.
ValKind kind_of(const ir::ValType& t);
Val to_public(StoreImpl* store, const rt::Val& v);
std::optional<std::string> to_rt_val(StoreImpl* store, const Val& v, const ir::ValType& t, rt::Val& out);

// `details`: add source places from DWARF (Config::backtrace_details).
Trap to_public(const rt::Trap& t, bool details = true);
// A trap frame's name from DWARF when the name section has none, and with
// `details` its source place (debug_names.cc).
void add_debug_info(const std::shared_ptr<const rt::CompiledModule>& m, bool details, TrapFrame& frame);

// A call from the host into the store's wasm code (a call or instantiation with its
// start function): the outermost one arms the store's timer (StoreLimits::timeout).
class HostEntry {
 public:
  explicit HostEntry(StoreImpl* s) : s_(s), outer_(s->host_entries == 0) {
    if (outer_ && s_->timer) s_->timer->arm(*s_->limits.timeout);
    ++s_->host_entries;
  }
  ~HostEntry() {
    --s_->host_entries;
    if (outer_ && s_->timer) s_->timer->disarm();
  }
  HostEntry(const HostEntry&) = delete;
  HostEntry& operator=(const HostEntry&) = delete;

 private:
  StoreImpl* s_;
  bool outer_;
};

// The runtime object behind a public Extern, and the store owning it (null when
// the handle is null).
rt::Extern rt_extern_of(const Extern& e, StoreImpl** owner);

// Runs a call from the host (arms the store's timer for the outermost one).
std::optional<rt::Trap> invoke_from_host(StoreImpl* store, rt::Func* f, std::span<const rt::Val> args,
                                         std::vector<rt::Val>& results);

// The public handle of a runtime object.
std::optional<Extern> extern_of(StoreImpl* s, const rt::Extern& e);
// Instantiates with runtime imports (positional); the public error on failure.
// `run_start` false skips the start function (checkpoint restore only).
Result<Instance, InstantiateError> instantiate_rt(StoreImpl* s, const Module& module,
                                                  std::span<const rt::Extern> imports,
                                                  bool run_start = true);

// The store's WASI function for an import (null when there is none by that name);
// made, with an empty WASI configuration if the store has none, on first use.
Result<const rt::Extern*> wasi_import(StoreImpl* s, const std::string& module, const std::string& name);

// WasiConfig's in-memory stdio streams, into `out` (read back from s->wasi).
void set_mem_stdio(StoreImpl* s, const WasiConfig& config, wasi::WasiConfig& out);

// The runtime Func behind a host function body.
rt::Func* make_host_func(StoreImpl* store, const FuncType& type, HostFunc body);
// The store's Func for the Linker host definition `id`: made on first use, then shared
// by every instance of the store that imports it (through a Linker or an InstancePre).
rt::Func* linker_host_func(StoreImpl* store, uint64_t id, const FuncType& type, const HostFunc& body);

}  // namespace skiff::detail

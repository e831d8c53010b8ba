// Engine, Store and Executor.
//
// Design note.
//
// * Engine: process-level configuration shared by stores (the canonical type
//   interner is the process-wide one). Cheap; one per embedding is typical.
// * Store: owns every runtime object it creates (funcs, tables, memories, globals,
//   tags, extern boxes, exceptions, instances), each behind a unique_ptr in a deque,
//   so addresses are stable for the store's life. Nothing is freed before the store
//   dies (GC of unreachable objects is a later issue). Objects of one store must not
//   be used with another.
// * StoreLimits: plain fields the safety issue will extend (fuel, stack, ...).
// * Executor: how wasm code runs. The interpreter implements it and registers itself
//   in Store::executor; invoke() below runs host functions directly and wasm
//   functions through the executor (a HostError trap when none is set).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "ir/types.h"
#include "runtime/gc_heap.h"
#include "runtime/instance.h"
#include "runtime/memory.h"
#include "runtime/objects.h"
#include "runtime/table.h"
#include "runtime/trap.h"
#include "support/result.h"
#include "valid/subtyping.h"

namespace skiff::rt {

struct EngineConfig {
  // Reserve 4 GiB + guard for 32-bit memories (falls back automatically when the
  // reservation fails). False forces ordinary allocations.
  bool reserve_memory = true;
  // Address space per 32-bit memory (runtime/memory.h MemoryLayout).
  uint64_t memory_reservation = MemoryLayout::kDefaultReservation;
  uint64_t memory_guard = MemoryLayout::kDefaultGuard;
};

class Engine {
 public:
  explicit Engine(EngineConfig config = {});
  const EngineConfig& config() const { return config_; }
  const std::shared_ptr<valid::TypeInterner>& interner() const { return interner_; }

 private:
  EngineConfig config_;
  std::shared_ptr<valid::TypeInterner> interner_;
};

struct StoreLimits {
  uint64_t max_memory_bytes = uint64_t(1) << 32;  // per memory
  uint64_t max_table_elements = 10'000'000;        // per table
  // Structs and arrays the collector may hold at once; an allocation past it traps
  // with "out of memory" (after a collection).
  uint64_t max_gc_heap_bytes = uint64_t(4) << 30;
  // Fuel: when set, code translated for this store consumes fuel (one unit per wasm
  // instruction of each function body entered and of each loop iteration, counted
  // statically per body; deterministic) and traps "all fuel consumed" when it runs
  // out. Refill with Store::set_fuel. Must be set before the first call.
  bool fuel = false;
  // Compile interruption checks (function entries and loop headers) so that
  // Store::interrupt() stops running code with the trap "interrupted". Implied by
  // fuel. Must be set before the first call.
  bool interruptible = false;
};

// The embedder's say over memory and table sizes (Store::limiter): asked before a
// memory or table is made (current 0, desired its initial size) and before it
// grows, when the change is otherwise possible (within the type's maximum and the
// store limits). False denies: memory.grow / table.grow return -1, creation fails.
// Implementations must not throw (the API's adapter catches and denies).
class ResourceLimiter {
 public:
  virtual ~ResourceLimiter() = default;
  virtual bool memory_growing(uint64_t current_bytes, uint64_t desired_bytes,
                              std::optional<uint64_t> max_bytes) = 0;
  virtual bool table_growing(uint64_t current, uint64_t desired, std::optional<uint64_t> max) = 0;
};

class Executor {
 public:
  virtual ~Executor() = default;
  // Runs a wasm function. `args` match sig->params; `results` has sig->results.size()
  // entries whose types the executor sets.
  virtual std::optional<Trap> invoke(Store& store, Func* f, std::span<const Val> args,
                                     std::span<Val> results) = 0;
  // Hands every word of the live value stack to `visit` (the collector's
  // conservative roots, see gc_heap.h).
  virtual void scan_stack(const std::function<void(uint64_t)>& visit) { (void)visit; }
};

class Store {
 public:
  explicit Store(Engine& engine);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Engine& engine() { return *engine_; }

  // Asks running wasm code to stop (trap "interrupted") at its next function entry
  // or loop iteration. Thread-safe; needs limits.interruptible (or fuel). A request
  // made while nothing runs stops the next call.
  void interrupt() { interrupt_.store(true, std::memory_order_relaxed); }
  // Clears and returns a pending interruption request (used by the executor).
  bool take_interrupt() { return interrupt_.exchange(false, std::memory_order_relaxed); }
  // The flag itself, for compiled code that polls it (tier 1).
  const std::atomic<bool>* interrupt_flag() const { return &interrupt_; }
  // Remaining fuel (limits.fuel); the executor updates it when calls return.
  uint64_t fuel() const { return fuel_; }
  void set_fuel(uint64_t units) { fuel_ = units; }
  StoreLimits limits;
  Executor* executor = nullptr;
  // Consulted by grow_memory / grow_table / create_memory / create_table (not owned).
  ResourceLimiter* limiter = nullptr;

  // memory.grow and table.grow as wasm code and the host do them: the limiter
  // first, then the object's own grow. The old size, or -1.
  int64_t grow_memory(Memory* m, uint64_t delta_pages);
  int64_t grow_table(Table* t, uint64_t delta, Ref init);

  // Host objects. Function and tag types may use abstract heap types only (for now);
  // table and global types may also use canonical concrete ids.
  Func* create_host_func(ir::FuncType type, HostCallback cb, std::string name = {});
  // `image`: the memory's initial contents to map when it can (Memory::image_mapped).
  Result<Memory*> create_memory(const ir::MemoryType& type, const MemoryImage* image = nullptr);
  Result<Table*> create_table(const ir::TableType& type, Ref init = Ref::null());
  Global* create_global(const ir::GlobalType& type, const Val& init);
  Tag* create_tag(ir::FuncType type);
  Ref make_extern(uint64_t host_value);
  Exception* make_exception(Tag* tag, std::vector<Val> payload);

  // Used by instantiation.
  Instance* new_instance();
  Func* new_wasm_func(Instance* inst, uint32_t index, uint32_t type_id, const ir::FuncType* sig);
  Global* new_global(const ir::GlobalType& canonical_type);
  Tag* new_tag(uint32_t type_id, const ir::FuncType* sig);
  // Canonical id of a structural function type (abstract heap types only).
  uint32_t intern_func_type(const ir::FuncType& type);

  // The collector owning this store's structs and arrays (made on first use).
  gc::Heap& heap();
  // Every reference the store holds outside the value stack: globals, tables,
  // element segments, exception payloads (the collector's precise roots).
  void visit_refs(const std::function<void(Ref)>& visit) const;
  // Calls fn(const Func*) for every function of the store (the profiler checks the
  // pointers of its samples against them).
  template <class F>
  void for_each_func(F&& fn) const {
    for (const auto& f : funcs_) fn(static_cast<const Func*>(f.get()));
  }

 private:
  Engine* engine_;
  std::deque<std::unique_ptr<Func>> funcs_;
  std::deque<std::unique_ptr<Table>> tables_;
  std::deque<std::unique_ptr<Memory>> memories_;
  std::deque<std::unique_ptr<Global>> globals_;
  std::deque<std::unique_ptr<Tag>> tags_;
  std::deque<std::unique_ptr<ExternBox>> externs_;
  std::deque<std::unique_ptr<Exception>> exceptions_;
  std::deque<std::unique_ptr<Instance>> instances_;
  std::deque<std::unique_ptr<ir::FuncType>> host_sigs_;
  std::unique_ptr<gc::Heap> heap_;
  std::atomic<bool> interrupt_{false};
  uint64_t fuel_ = 0;
};

// The HostError trap for an exception a host function threw (its what() when it is
// a std::exception): the boundaries calling host functions turn every exception
// into this instead of letting it unwind through wasm frames.
[[gnu::cold, gnu::noinline]] Trap host_exception_trap(std::exception_ptr e);

// Calls f: host functions directly, wasm functions through store.executor. Checks
// the argument count and kinds (a HostError trap on mismatch); sizes `results`.
std::optional<Trap> invoke(Store& store, Func* f, std::span<const Val> args,
                           std::vector<Val>& results);

}  // namespace skiff::rt

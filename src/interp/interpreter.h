// Tier 0: the interpreter (an rt::Executor).
//
// Usage:
//   rt::Engine engine; rt::Store store(engine);
//   interp::Interpreter interp(store);     // registers itself as store.executor
//   ... rt::instantiate(store, module, imports) / rt::invoke(store, f, args, results)
//
// Functions are translated lazily, on their first call, into the internal code of
// code.h (validation and translation in one pass of valid::BodyDecoder). Execution
// never recurses on the host stack for wasm->wasm calls; only host->wasm re-entry
// (a host function calling back into wasm) nests, and the call depth limit covers it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "runtime/compiled_module.h"
#include "runtime/store.h"
#include "support/result.h"

namespace skiff::interp {

namespace detail {
struct ExecState;
}

struct InterpConfig {
  // The value stack (frames of slots), bytes. Exceeding it is "call stack exhausted".
  size_t value_stack_bytes = size_t(64) << 20;
  // Wasm call depth (all nested entries together). Exceeding it is "call stack
  // exhausted".
  uint32_t max_call_depth = 100'000;
  // Let accesses to guard-page memories (rt::Memory::guarded) skip bounds checks
  // and turn faults into traps with a SIGSEGV/SIGBUS handler. False keeps explicit
  // checks everywhere (also the automatic fallback when no handler can be set).
  bool guard_pages = true;
  // Deterministic execution (Config::deterministic): every NaN an arithmetic op
  // makes is the canonical NaN (f32 0x7fc00000, f64 0x7ff8000000000000, per lane
  // for SIMD), so NaN bits do not depend on the host or the tier. Costs one more
  // dispatch per float op that can make a NaN; the code is a separate cache variant.
  bool deterministic = false;
  // Count work for tiering up (Config::tier auto): the code gets the fuel /
  // interruption checks, and every ~10,000 units the CompiledTier's tick() hears
  // which function runs.
  bool tiering = false;
};

// Another tier's code for some functions (compiler::Tier1Executor). A call the
// interpreter makes (call, call_indirect, call_ref, and their tail forms) to a
// function whose translated code is not set yet goes there when rt::Func::tier1 is
// set or has_code() says so; otherwise the function is translated and interpreted.
// Such calls cost tier 0 nothing extra: they take the slow path of a function that
// has no translated code, which compiled functions never get.
class CompiledTier {
 public:
  virtual ~CompiledTier() = default;
  // Whether f has compiled code now (asked once per function reached from tier 0
  // without rt::Func::tier1 set; may compile f's module).
  virtual bool has_code(rt::Func* f) = 0;
  // Runs f's compiled code, as rt::Executor::invoke. Fuel is in the store around it.
  virtual std::optional<rt::Trap> call(rt::Func* f, std::span<const rt::Val> args,
                                       std::span<rt::Val> results) = 0;
  // With InterpConfig::tiering: called about every 10,000 units of tier-0 work
  // (function entries and loop iterations, counted as fuel is) with the function
  // running then, on the store's thread. It may install compiled code: clearing
  // rt::Func::code of functions that now have compiled code sends the
  // interpreter's later calls there (frames already running stay in tier 0).
  virtual void tick(rt::Func* running) { (void)running; }
  // With InterpConfig::tiering, at the check of a loop header whose refuel just
  // ran (right after tick()): the compiled entry that continues f's frame from
  // that loop (`loop`: the loop instruction's offset relative to the body's first
  // instruction), or null (it may note the loop as hot). run_osr then runs it on
  // the frame (its locals in place, tier-0 layout): the frame's results come back
  // at frame[0..]; a trap's backtrace holds the frame itself. Fuel is in the store
  // around run_osr.
  virtual const void* osr_entry(rt::Func* f, uint32_t loop) {
    (void)f;
    (void)loop;
    return nullptr;
  }
  virtual std::optional<rt::Trap> run_osr(const void* entry, uint8_t* frame) {
    (void)entry;
    (void)frame;
    return rt::make_host_trap("no on-stack replacement");
  }
};

class Interpreter final : public rt::Executor {
 public:
  // Registers itself as store.executor (and unregisters in the destructor). The
  // store must outlive the interpreter's last use.
  explicit Interpreter(rt::Store& store, InterpConfig config = {});
  ~Interpreter() override;
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  std::optional<rt::Trap> invoke(rt::Store& store, rt::Func* f, std::span<const rt::Val> args,
                                 std::span<rt::Val> results) override;
  void scan_stack(const std::function<void(uint64_t)>& visit) override;

  const InterpConfig& config() const { return config_; }
  // Tier 1 for this store (null: none). The caller unsets it before it dies.
  void set_compiled_tier(CompiledTier* t);

  struct State;  // execution state (value stack, frames); internal
  // For checkpoint/restore (frame_state.h): the execution state, and its value stack
  // and frames taken (false when that fails).
  detail::ExecState& exec_state();
  bool prepare_stack() { return ensure_stack(); }

 private:
  // Takes the value stack and frames on first use; false when that fails.
  bool ensure_stack();
  size_t value_stack_bytes() const;
  rt::Store* store_;
  InterpConfig config_;
  std::unique_ptr<State> state_;
};

// The translated internal code of defined function `func_index` (whole index space)
// of `m`, one instruction per line, for `skiff inspect --disassemble --internal`.
// `guarded_memory0`: translate as for a guard-page memory 0 (unchecked and fused
// memory accesses), as a store with guard pages runs it.
Result<std::string> disassemble_internal(const rt::CompiledModule& m, uint32_t func_index,
                                         bool guarded_memory0 = false);

}  // namespace skiff::interp

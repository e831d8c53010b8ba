// Tier 1's runtime side: an rt::Executor that runs compiled code (no LLVM here).
//
// Usage (as `skiff wast --tier=1` does):
//   interp::Interpreter interp(store);            // tier 0, the fallback
//   auto t1 = compiler::Tier1Executor::create(store);  // becomes store.executor
//   ... instantiate; t1->prepare(*instance) compiles the module (all functions)
//
// Design note (notes/compiler-design.md has the whole picture).
//   * Per CompiledModule and variant (memory 0 guarded or checked, fuel,
//     interruption checks, opt level) the module is compiled once through the
//     dlopen'd compiler; the code belongs to the module (CompiledModule::tier1), so
//     every later store of the process reuses it until the module dies. Per
//     Instance a VmCtx and one FuncEntry per function index (runtime/tier1_abi.h)
//     are built on first use.
//   * Functions tier 1 could not compile (counted in stats(), with the reason)
//     and host functions run through the previous executor (the interpreter) or
//     directly; compiled code reaches them with libcalls->call_slow. The
//     interpreter's own calls to compiled functions (from a fallback function,
//     through a table, ...) come back here (interp::CompiledTier: rt::Func::tier1).
//   * Entries (invoke, and call_slow into compiled code from a host function)
//     install an interp FaultScope: traps raised by compiled code (libcalls->trap)
//     and guard-page faults siglongjmp back to it. The libcalls keep no object
//     with a destructor alive across such a jump.
//   * Stores with fuel or interruption get modules compiled with checks at
//     function entries and loop headers (emit_checks.cc, libcalls_control.cc):
//     the same fuel accounting as tier 0, so runs consume the same fuel and run out
//     at the same point in either tier.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "interp/interpreter.h"
#include "runtime/store.h"
#include "runtime/tier1_abi.h"
#include "support/result.h"

namespace skiff::compiler {

struct CodeVariant;  // tier1_internal.h
struct CodeCell;

// Process-wide counts, for run summaries.
struct Tier1Stats {
  std::atomic<uint64_t> modules{0};  // compiles (one per module and variant while it lives)
  std::atomic<uint64_t> compiled{0};  // functions
  std::atomic<uint64_t> fallback{0};  // functions left to tier 0
  std::atomic<uint64_t> compile_ns{0};
  std::atomic<uint64_t> calls_from_tier0{0};  // the interpreter's calls into compiled code
  // Tier auto (tier1_auto.cc): compiles of a batch of hot functions (not counted
  // in `modules`), on-stack replacement entries compiled, and frames moved into
  // one of them.
  std::atomic<uint64_t> batches{0};
  std::atomic<uint64_t> osr_entries{0};
  std::atomic<uint64_t> osr_runs{0};
};
Tier1Stats& tier1_stats();
// The most frequent fallback reasons, "count reason" lines (most frequent first).
std::string tier1_fallback_summary(size_t max_lines = 10);

class Tier1Executor final : public rt::Executor, public interp::CompiledTier {
 public:
  // Loads the compiler (an error when this build or machine has none) and
  // registers as store.executor; the executor found there (the interpreter) runs
  // what tier 1 does not. Restored when this dies. guard_pages = false: explicit
  // bounds checks on every access (as InterpConfig::guard_pages).
  static Result<std::unique_ptr<Tier1Executor>> create(rt::Store& store, bool guard_pages = true,
                                                       uint32_t opt_level = 2);
  // The same without loading the compiler: runs only ahead-of-time code
  // registered for a module (aot.h); everything else runs in tier 0.
  static std::unique_ptr<Tier1Executor> create_without_compiler(rt::Store& store,
                                                                bool guard_pages = true);
  ~Tier1Executor() override;

  std::optional<rt::Trap> invoke(rt::Store& store, rt::Func* f, std::span<const rt::Val> args,
                                 std::span<rt::Val> results) override;
  void scan_stack(const std::function<void(uint64_t)>& visit) override;
  // interp::CompiledTier: the interpreter's calls to compiled functions.
  bool has_code(rt::Func* f) override;
  std::optional<rt::Trap> call(rt::Func* f, std::span<const rt::Val> args,
                               std::span<rt::Val> results) override;
  // Config::tier auto (tier1_auto.cc): modules are compiled only once hot, on a
  // background thread (the interpreter must run with InterpConfig::tiering, whose
  // ticks drive it); until then their functions run in tier 0.
  void enable_auto();
  // Sends no more batches: later hot code stays in tier 0. wait: waits for a
  // batch in progress (before exit() with this executor alive, see Store); else
  // returns whether one is still compiling.
  bool stop_auto(bool wait = true);
  void tick(rt::Func* running) override;
  const void* osr_entry(rt::Func* f, uint32_t loop) override;
  std::optional<rt::Trap> run_osr(const void* entry, uint8_t* frame) override;

  // Compiles inst's module (once per module and variant) and builds its context.
  // Errors are compiler failures of the whole module (its functions then run in
  // tier 0 and count as fallbacks).
  Status prepare(rt::Instance& inst);

  struct InstState;
  struct ModuleCode;

 private:
  Tier1Executor(rt::Store& store, const rt::tier1::CompilerApi* api, bool guard_pages,
                uint32_t opt_level);
  InstState* state_of(rt::Instance* inst);  // prepares on first use; null for host instances
  ModuleCode* module_code(const std::shared_ptr<const rt::CompiledModule>& cm, bool guarded);
  ModuleCode* make_module_code(const std::shared_ptr<const rt::CompiledModule>& cm,
                               const CodeVariant& v, CodeCell& cell);
  rt::tier1::FuncEntry* entry_of(rt::Func* f);
  // Runs `fn` (a slot wrapper, void fn(VmCtx*, void*), or an OSR entry, void
  // fn(VmCtx*, void* frame, uint32_t osr_loop)) as an entry from the host: fault
  // scope, exception chain, fuel, GC and profiler scopes.
  static constexpr uint32_t kNotOsr = ~0u;
  std::optional<rt::Trap> enter(rt::tier1::VmCtx* ctx, void* fn, void* arg, uint32_t osr_loop = kNotOsr);
  // Tier auto: puts the functions and OSR entries of a batch (tier1_auto.cc) into
  // inst's context (those without code yet).
  void install_batch(InstState& st, rt::Instance& inst, const ModuleCode& mc);
  struct OsrCode {
    uint32_t loop;
    void* code;
    rt::tier1::VmCtx* ctx;
  };
  std::unordered_map<rt::Func*, std::vector<OsrCode>> osr_code_;
  void send_batch();  // tier auto: the next batch of hot code to the worker, if idle

  friend struct Libcalls;
  friend struct Tier1Internals;  // tier1_internal.h: for the libcalls_*.cc files
  rt::Store* store_;
  rt::Executor* fallback_;
  const rt::tier1::CompilerApi* api_;  // loaded on the first compile (null until then)
  bool aot_only_ = false;              // create_without_compiler: never loads it
  uint32_t opt_level_;
  bool guard_pages_ = false;
  // The code of each module variant used here (owned by the module, shared with
  // every other executor running that variant: module_code); holding the module
  // keeps the code alive while this executor may run it.
  struct ModuleRef {
    std::shared_ptr<const rt::CompiledModule> cm;
    ModuleCode* code = nullptr;
  };
  std::map<std::pair<const rt::CompiledModule*, bool>, ModuleRef> modules_;
  std::vector<std::shared_ptr<ModuleCode>> private_code_;  // failures of this executor's own
  std::unordered_map<rt::Instance*, std::unique_ptr<InstState>> instances_;
  std::unordered_map<rt::Func*, rt::tier1::FuncEntry*> entries_;
  std::deque<rt::tier1::FuncEntry> loose_entries_;  // host / foreign functions
  // The trap that unwound to the innermost entry (set just before the jump).
  std::optional<rt::Trap> pending_;
  // The innermost exception handler of the running entry (VmCtx::exn_top of every
  // instance points here; each entry starts an empty chain and restores it).
  rt::tier1::ExnHandler* exn_top_ = nullptr;
  // Fuel while compiled code runs (VmCtx::fuel of every instance), and the
  // interpreter whose calls come here (fallback_, when it is one).
  rt::tier1::FuelCounter fuel_;
  interp::Interpreter* interp_ = nullptr;
  // Config::tier auto (tier1_auto.cc). Last: its compile threads stop first.
  struct AutoState;
  struct AutoDelete {
    void operator()(AutoState* a) const;
  };
  // The module's code for this store's variant exists (compiled here or by any
  // other store: then taken into modules_ at once).
  bool auto_ready(const std::shared_ptr<const rt::CompiledModule>& cm, bool guarded);
  std::unique_ptr<AutoState, AutoDelete> auto_;
};

}  // namespace skiff::compiler

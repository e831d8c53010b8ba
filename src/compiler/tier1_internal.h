// Tier 1's runtime internals shared by the executor (tier1_executor.cc) and the
// libcall families (libcalls_*.cc). Not a public header: only src/compiler/*.cc
// include it. No LLVM here.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "compiler/code_map.h"
#include "compiler/object_loader.h"
#include "compiler/tier1.h"
#include "runtime/instance.h"
#include "runtime/tier1_abi.h"
#include "runtime/trap.h"
#include "semantics/trap_kind.h"

namespace skiff::rt::gc {
struct TypeDesc;
}

namespace skiff::compiler {

namespace rt1 = rt::tier1;

// What a module is compiled for beyond the module itself (CompileRequest's other
// fields): one machine code per module and variant.
struct CodeVariant {
  bool guarded = true;  // memory 0 with guard pages (false: explicit bounds checks)
  bool fuel = false, interruptible = false;
  uint32_t opt_level = 2;
  auto operator<=>(const CodeVariant&) const = default;
};

// One module's machine code, mapped by Skiff's loader (object_loader.h) and
// registered in the code map (code_map.h) for backtraces and perf. Owned by the
// module (CompiledModule::tier1, module_code.cc) and shared by every executor of
// the process running that variant; executors hold the module, not the code, so
// the code lives exactly as long as the module (no cycle: the code and the code map
// refer to the module weakly). Failures that are one executor's own (no compiler
// loaded) are owned by that executor instead.
struct Tier1Executor::ModuleCode {
  const rt::CompiledModule* cm;                   // non-owning (it owns this)
  std::weak_ptr<const rt::CompiledModule> weak_cm;  // for the code map
  std::unique_ptr<LoadedObject> code;
  uint64_t code_map_token = 0;
  std::vector<rt1::CompiledFunc> funcs;
  bool ok = false;
  // Tier auto's batches: the on-stack replacement entries found in the object,
  // one per loop its function's entry can take (CompileRequest::osr).
  struct Osr {
    uint32_t func;
    uint32_t loop;
    void* code;
  };
  std::vector<Osr> osr;
  std::vector<uint32_t> osr_asked;  // the functions whose entries the batch asked for
  explicit ModuleCode(const std::shared_ptr<const rt::CompiledModule>& m) : cm(m.get()), weak_cm(m) {}
  ModuleCode(const ModuleCode&) = delete;
  ModuleCode& operator=(const ModuleCode&) = delete;
  // Unregisters the ranges before `code` unmaps them (members die after the body).
  ~ModuleCode();
};

// One variant's slot in a module (module_code.cc). `mu` is held while the code is
// made, so threads asking for it at once compile it once (the others wait);
// `ready` is set once, after which it is read without the lock.
struct CodeCell {
  std::mutex mu;
  std::unique_ptr<Tier1Executor::ModuleCode> code;  // written under mu
  std::atomic<Tier1Executor::ModuleCode*> ready{nullptr};
  // Tier auto: the batches of hot functions compiled for this variant so far
  // (tier1_auto.cc), in order; they live as long as the module.
  std::mutex batch_mu;
  std::vector<std::unique_ptr<Tier1Executor::ModuleCode>> batches;  // under batch_mu
};
// The module's cell for `v` (made on first use; lives as long as the module).
CodeCell& code_cell(const rt::CompiledModule& cm, const CodeVariant& v);
// Makes `mc` the cell's code (cell.mu held, ready not yet set).
Tier1Executor::ModuleCode* publish_code(CodeCell& cell, std::unique_ptr<Tier1Executor::ModuleCode> mc);
// Modules of this process whose machine code is mapped (tests: code is released
// with its module).
uint64_t live_module_code();

// Compiles cm for `v` with the loaded compiler into a new ModuleCode: maps the
// object, releases the compiler's result, counts tier1_stats() (modules = compiles)
// and the fallbacks. Thread-safe (the background compiles of tier auto use it).
std::unique_ptr<Tier1Executor::ModuleCode> compile_module_code(
    const rt1::CompilerApi* api, const std::shared_ptr<const rt::CompiledModule>& cm,
    const CodeVariant& v);
// Tier auto: compiles only the defined functions with only[i] != 0, plus the OSR
// entries `osr` (pairs, CompileRequest::osr); counts tier1_stats().batches.
std::unique_ptr<Tier1Executor::ModuleCode> compile_batch_code(
    const rt1::CompilerApi* api, const std::shared_ptr<const rt::CompiledModule>& cm,
    const CodeVariant& v, const std::vector<uint8_t>& only, const std::vector<uint32_t>& osr);

struct Tier1Executor::InstState {
  rt1::VmCtx ctx;
  std::vector<rt1::FuncEntry> entries;
  rt::Memory* mem0 = nullptr;
  std::vector<const rt::gc::TypeDesc*> gc_types;  // by type index, on first use (libcalls_gc.cc)
  std::vector<rt1::VmCtx::TableView> tables;      // ctx.tables (libcalls_table.cc)
  std::vector<rt1::VmCtx::Mem> mems;  // ctx.mems (memory family)
};

// Maps `object` (the compiler's ELF object) into mc.code, fills mc.funcs[i].code /
// slot_code from the symbols f<i> / s<i> and registers the code map
// (module_code.cc; shared by the JIT and ahead-of-time files).
// `osr`: pairs (defined function, loop) whose functions' entries "o<f>" and loop
// tables "q<f>" the object may hold (into mc.osr, registered as frames of their
// function).
Status load_module_code(Tier1Executor::ModuleCode& mc, std::span<const uint8_t> object,
                        std::span<const uint32_t> osr = {});
// Ahead-of-time code registered for mc.cm (aot.h) into mc: 1 loaded, 0 none
// registered, -1 unusable here (*why: a store needing fuel/interruption checks,
// the other memory-0 variant, a load error).
int load_aot_code(Tier1Executor::ModuleCode& mc, bool guarded, bool needs_checks, std::string* why);

// What the libcall files may reach inside the executor.
struct Tier1Internals {
  static Tier1Executor* of(rt1::VmCtx* ctx) { return static_cast<Tier1Executor*>(ctx->runtime); }
  static rt::Store& store(rt1::VmCtx* ctx) { return *of(ctx)->store_; }
  static rt::Executor* fallback(rt1::VmCtx* ctx) { return of(ctx)->fallback_; }
  static rt1::FuncEntry* entry_of(rt1::VmCtx* ctx, rt::Func* f) { return of(ctx)->entry_of(f); }
  static void set_pending(rt1::VmCtx* ctx, rt::Trap t) { of(ctx)->pending_ = std::move(t); }
  // The instance state whose first member is *ctx.
  static Tier1Executor::InstState* state(rt1::VmCtx* ctx) {
    return reinterpret_cast<Tier1Executor::InstState*>(ctx);
  }
};

// Unwinds to the innermost tier-1 entry (its sigsetjmp returns 2) with the
// executor's pending trap already set. The caller holds nothing with a destructor.
[[noreturn]] void jump_to_entry();
// Sets the pending trap and unwinds (the libcall must hold no destructible object:
// build the Trap, then call this as the last thing).
[[noreturn]] void raise_trap(rt1::VmCtx* ctx, rt::Trap t);
// Reloads every VmCtx's memory-0 base/size (after a grow or a call into other code).
void refresh_memories(Tier1Executor* e);

// Memory family (libcalls_memory.cc): sets up st.ctx.mems (at preparation) and
// reloads every memory's base and size into st.ctx (mem0_* and mems).
void init_memory_views(Tier1Executor::InstState& st, rt::Instance& inst);
void refresh_memory_views(Tier1Executor::InstState& st);

// Exceptions (libcalls_exception.cc): throws exn from a libcall frame that holds no
// destructible object: to the innermost handler of this entry, else to the entry
// as the trap UncaughtException.
[[noreturn]] void throw_exception(rt1::VmCtx* ctx, rt::Exception* exn);

// Tables (libcalls_table.cc): sets up st.ctx.tables (at preparation) and reloads
// the views (with the memory views: after grows and calls into other code).
void init_table_views(Tier1Executor::InstState& st, rt::Instance& inst);
void refresh_table_views(Tier1Executor::InstState& st);

// GC roots in compiled frames (libcalls_gc.cc). Compiled code keeps references in
// registers and its own stack slots, with no stack maps, so the collector scans the
// native stack conservatively: every entry into compiled code (Tier1Executor::
// invoke) opens a CompiledStackScope, and scan_compiled_frames (called by
// Tier1Executor::scan_stack) spills the callee-saved registers onto the stack and
// hands every aligned word from its own frame up to the outermost open scope of
// this thread to `visit` (gc_heap.cc matches words naming any byte of an object,
// so pointers LLVM derived into an object keep it too).
class CompiledStackScope {
 public:
  CompiledStackScope();
  ~CompiledStackScope();
  CompiledStackScope(const CompiledStackScope&) = delete;
  CompiledStackScope& operator=(const CompiledStackScope&) = delete;

 private:
  uint8_t* saved_;
};
void scan_compiled_frames(const std::function<void(uint64_t)>& visit);

// Each family fills its section of the Libcalls table (runtime/tier1_abi.h).
void fill_memory_libcalls(rt1::Libcalls& t);     // libcalls_memory.cc
void fill_table_libcalls(rt1::Libcalls& t);      // libcalls_table.cc
void fill_exception_libcalls(rt1::Libcalls& t);  // libcalls_exception.cc
void fill_gc_libcalls(rt1::Libcalls& t);         // libcalls_gc.cc
void fill_control_libcalls(rt1::Libcalls& t);    // libcalls_control.cc

// Fuel and interruption (libcalls_control.cc). The fuel moves between the store and
// the executor's counter at entries and around calls out of compiled code (no-ops
// without StoreLimits::fuel).
void fuel_from_store(rt::Store& s, rt1::FuelCounter& f);
void fuel_to_store(rt::Store& s, rt1::FuelCounter& f);
// The store's interrupt flag as compiled code reads it (VmCtx::interrupt_flag).
const uint8_t* interrupt_flag_of(rt::Store& s);

}  // namespace skiff::compiler

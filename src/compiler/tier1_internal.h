// Tier 1's runtime internals shared by the executor (tier1_executor.cc) and the
// libcall families (libcalls_*.cc). Not a public header: only src/compiler/*.cc
// include it. No LLVM here.
#pragma once

#include <memory>
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

// One module's machine code, mapped by Skiff's loader (object_loader.h) and
// registered in the code map (code_map.h) for backtraces and perf.
struct Tier1Executor::ModuleCode {
  std::shared_ptr<const rt::CompiledModule> cm;
  std::unique_ptr<LoadedObject> code;
  uint64_t code_map_token = 0;
  std::vector<rt1::CompiledFunc> funcs;
  bool ok = false;
  ~ModuleCode() {
    if (code_map_token) CodeMap::remove(code_map_token);
  }
};

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
Status load_module_code(Tier1Executor::ModuleCode& mc, std::span<const uint8_t> object);
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

// The one interface between tier-1 (compiled) code and the runtime (DESIGN.md
// lesson 11). Both sides read only this header: src/compiler/llvm/ generates code
// against these layouts, src/compiler/*.cc (the runtime side of tier 1) fills them.
// Nothing here knows LLVM.
//
// Design note (see notes/compiler-design.md for the whole picture).
//
// * Every compiled function takes a VmCtx* first: the context of the instance it
//   belongs to (one VmCtx per instance, owned by the tier-1 executor, never moves).
//   Native signature: R f(VmCtx*, p0, p1, ...), i32 -> i32, i64 -> i64, f32 ->
//   float, f64 -> double; R is void, the single result, or a struct of the results.
// * Every compiled function also has a slot wrapper, `void s(VmCtx*, Cell* slots)`:
//   the arguments in slots[0..n), the results written back to slots[0..m). Host
//   entries and the generic call path (call_slow) use it.
// * Calls inside one module to compiled functions are direct. Everything else
//   (imports, functions tier 1 did not compile, call_indirect) goes through a
//   FuncEntry: `code` non-null -> call code(entry->ctx, args...) natively, else
//   libcalls->call_slow(ctx, entry, slots).
// * Traps: compiled code calls libcalls->trap(ctx, kind), which never returns: it
//   siglongjmps to the innermost tier-1 entry (Tier1Executor::invoke or a libcall
//   re-entering compiled code), across compiled frames only (no destructors live
//   there). Guard-page faults in compiled code reach the same entry through the
//   interpreter's fault handler (interp/fault_handler.h FaultScope).
// * Stack: the prologue compares its frame address with ctx->stack_limit (set by
//   the outermost entry on this thread) and traps "call stack exhausted" below it.
// * Memory 0: `mem0_base` is valid for the instance's life when the memory is
//   guarded (a guarded memory never moves); compiled accesses then carry no bounds
//   check. Otherwise the module is compiled with explicit checks against
//   `mem0_size`, and both fields are reloaded after every call (libcalls that can
//   grow a memory refresh every VmCtx that uses it).
// * A Store runs on one thread at a time, so per-entry fields (stack_limit) live
//   in the VmCtx.
#pragma once

#include <csetjmp>
#include <cstddef>
#include <cstdint>

#include "runtime/value.h"

namespace skiff::ir {
struct Module;
}
namespace skiff::valid {
class TypeCanon;
}
namespace skiff::rt {
struct Func;
struct Global;
struct Instance;
class Memory;
class Table;
struct Tag;        // exceptions
struct Exception;  // exceptions
}  // namespace skiff::rt

namespace skiff::rt::tier1 {

struct VmCtx;

// How compiled code reaches a function it does not call directly.
struct FuncEntry {
  void* code = nullptr;       // native entry, null: go through call_slow
  void* slot_code = nullptr;  // slot wrapper (with `code`)
  VmCtx* ctx = nullptr;       // the callee's context (with `code`)
  Func* func = nullptr;       // the runtime function (always set)
};

// Exceptions: a try region of a compiled frame whose exceptions may be caught (or
// delegated) pushes one of these, kept in its frame, on the store's handler chain
// (*VmCtx::exn_top; every entry starts an empty chain and restores the outer one),
// and pops it when control leaves the region. See src/compiler/llvm/emit_exception.cc.
struct ExnHandler {
  ExnHandler* prev = nullptr;
  Exception* exn = nullptr;  // set by exn_throw before it jumps here
  jmp_buf buf;               // _setjmp's (no signal mask)
};

// Runtime services called by compiled code. All take the caller's VmCtx. The
// generator addresses a field by its byte offset (SKIFF_LC below), so fields may be
// added anywhere; each instruction family keeps its own section, and the runtime
// side fills each section in its own file (src/compiler/libcalls_*.cc).
struct Libcalls {
  // ---- core (tier1_executor.cc) ----
  // Never returns: unwinds to the innermost tier-1 entry with trap `kind`. (The
  // emitted call is marked noreturn; C++ has no noreturn function pointers, and
  // clang rejects the attribute here.)
  void (*trap)(VmCtx* ctx, uint32_t kind);
  // Calls entry's function with its arguments in slots (results written back);
  // traps unwind like trap().
  void (*call_slow)(VmCtx* ctx, FuncEntry* entry, Cell* slots);
  // call_indirect: the entry of table[index] after the null / bounds / type
  // checks (traps otherwise). `type_id` is the canonical id of the expected type.
  FuncEntry* (*resolve_indirect)(VmCtx* ctx, uint32_t table, uint32_t type_id, uint64_t index);
  // memory.size / memory.grow of memory `mem` (pages; grow returns -1 on failure).
  uint64_t (*memory_size)(VmCtx* ctx, uint32_t mem);
  int64_t (*memory_grow)(VmCtx* ctx, uint32_t mem, uint64_t delta);

  // ---- memory: bulk memory, memory64, multi-memory (libcalls_memory.cc) ----
  // Addresses and lengths are zero-extended to 64 bits (memory64 or not). Traps
  // (bounds checked before any byte is written) as tier 0. (memory.fill and
  // memory.copy are inline.)
  void (*memory_init)(VmCtx* ctx, uint32_t data, uint32_t mem, uint64_t dst, uint64_t src,
                      uint64_t len);
  void (*data_drop)(VmCtx* ctx, uint32_t data);
  // The slow path of a failed bounds check on a shared memory: another thread may
  // have grown it, so the size is read again (and stored in ctx); traps when
  // [ea, ea + bytes) is still out of bounds, else returns (the access goes on).
  void (*memory_recheck)(VmCtx* ctx, uint32_t mem, uint64_t ea, uint64_t bytes);
  // memory.atomic.wait32/64 and notify on a shared memory, at the checked (aligned,
  // in-bounds) effective address `ea`; wait returns 0 ok, 1 not-equal, 2 timed-out.
  uint32_t (*atomic_wait32)(VmCtx* ctx, uint32_t mem, uint64_t ea, uint32_t expected,
                            int64_t timeout_ns);
  uint32_t (*atomic_wait64)(VmCtx* ctx, uint32_t mem, uint64_t ea, uint64_t expected,
                            int64_t timeout_ns);
  uint32_t (*atomic_notify)(VmCtx* ctx, uint32_t mem, uint64_t ea, uint32_t count);

  // ---- references and tables (libcalls_table.cc) ----
  // Table indices are zero-extended to 64 bits (table64 or not); references are one
  // word (value.h Ref) passed as a pointer. Out-of-bounds accesses trap as tier 0.
  void* (*table_get)(VmCtx* ctx, uint32_t table, uint64_t index);
  void (*table_set)(VmCtx* ctx, uint32_t table, uint64_t index, void* ref);
  uint64_t (*table_size)(VmCtx* ctx, uint32_t table);
  // The old size, or -1 (the caller truncates to i32 for a 32-bit table).
  int64_t (*table_grow)(VmCtx* ctx, uint32_t table, void* init, uint64_t delta);
  void (*table_fill)(VmCtx* ctx, uint32_t table, uint64_t index, void* ref, uint64_t n);
  void (*table_copy)(VmCtx* ctx, uint32_t dst, uint32_t src, uint64_t d, uint64_t s, uint64_t n);
  void (*table_init)(VmCtx* ctx, uint32_t table, uint32_t elem, uint64_t d, uint64_t s, uint64_t n);
  void (*elem_drop)(VmCtx* ctx, uint32_t elem);
  // The FuncEntry of a non-null funcref (a Func*) of any instance (call_ref,
  // return_call_ref: compiled code checks null first).
  FuncEntry* (*func_entry)(VmCtx* ctx, void* func);

  // ---- exceptions (libcalls_exception.cc) ----
  // glibc's _setjmp (no signal mask): compiled code calls it with the returns_twice
  // attribute on a handler's buf when it pushes the handler.
  int (*exn_setjmp)(void* buf);
  // A new exception of the instance's tag `tag` with the payload in slots (the
  // tag's parameter types).
  Exception* (*exn_new)(VmCtx* ctx, uint32_t tag, const Cell* payload);
  // Never returns: pops the innermost handler of this entry (*ctx->exn_top) and
  // longjmps to it with `exn` in its `exn` field, or, when this entry has none,
  // unwinds to the entry with the trap UncaughtException carrying exn.
  void (*exn_throw)(VmCtx* ctx, Exception* exn);
  // Writes exn's payload to slots[0..n) (one value per cell).
  void (*exn_payload)(VmCtx* ctx, Exception* exn, Cell* slots);

  // ---- GC objects (libcalls_gc.cc) ----
  // Allocation in the store's heap (runtime/gc_heap.h; may collect: the collector
  // scans the native stack of compiled frames conservatively, see
  // scan_compiled_frames in tier1_internal.h). `type` is a type index of the
  // caller's module. The objects come back zeroed; traps "out of memory".
  void* (*gc_struct_new)(VmCtx* ctx, uint32_t type);
  // `init`: a 16-byte cell holding the element value (its low bytes), or null for
  // the default value.
  void* (*gc_array_new)(VmCtx* ctx, uint32_t type, uint32_t length, const void* init);
  void* (*gc_array_new_data)(VmCtx* ctx, uint32_t type, uint32_t data, uint32_t offset, uint32_t n);
  void* (*gc_array_new_elem)(VmCtx* ctx, uint32_t type, uint32_t elem, uint32_t offset, uint32_t n);
  // Bulk array operations, with tier 0's checks and traps (null included).
  void (*gc_array_fill)(VmCtx* ctx, void* array, uint32_t offset, const void* value, uint32_t n);
  void (*gc_array_copy)(VmCtx* ctx, void* dst, uint32_t d, void* src, uint32_t s, uint32_t n);
  void (*gc_array_init_data)(VmCtx* ctx, void* array, uint32_t data, uint32_t d, uint32_t s, uint32_t n);
  void (*gc_array_init_elem)(VmCtx* ctx, void* array, uint32_t elem, uint32_t d, uint32_t s, uint32_t n);
  // ref.test's run-time test (interp/gc_cast.h cast_test: flags = heap kind |
  // nullable << 8 | function type << 9, canonical id and depth of a concrete type).
  uint32_t (*gc_cast_test)(VmCtx* ctx, void* ref, uint32_t flags, uint32_t id, uint32_t depth);

  // ---- fuel, interruption, tiering (libcalls_control.cc) ----
  // The slow path of a fuel check (ctx->fuel->budget went below zero): traps
  // "interrupted" when the store was asked to stop, "all fuel consumed" when the
  // reserve cannot cover the overdraft (the store's fuel is then 0), else moves up
  // to 10,000 units from the reserve to the budget and returns (tier 0's refuel).
  void (*refuel)(VmCtx* ctx);
  // The slow path of an interruption check without fuel (*ctx->interrupt_flag was
  // set): takes the request and traps "interrupted"; returns when another check
  // took it first.
  void (*interrupted)(VmCtx* ctx);
};

// Fuel of one store while tier-1 code runs (compiled with CompileRequest::fuel).
// Each check at a function entry or loop header subtracts its static cost from
// `budget` (the wasm instructions of that body, not counting nested loops: tier
// 0's model, interp/translator.h) and calls libcalls->refuel when it goes below
// zero. Remaining fuel = reserve + max(budget, 0); it lives in the store between
// runs and around calls into tier 0 or the host.
struct FuelCounter {
  int64_t budget = 0;
  uint64_t reserve = 0;
};

struct VmCtx {
  uint8_t* mem0_base = nullptr;  // offset 0
  uint64_t mem0_size = 0;        // offset 8, bytes
  const Libcalls* libcalls = nullptr;  // offset 16
  Global* const* globals = nullptr;    // offset 24: Global::cell is at offset 0
  FuncEntry* funcs = nullptr;          // offset 32: by function index
  uint8_t* stack_limit = nullptr;      // offset 40
  Instance* instance = nullptr;        // offset 48
  void* runtime = nullptr;             // offset 56: the tier-1 executor's state
  // Offsets past 64 are named by offsetof (kCtx* below) as each family adds them.

  // ---- memory family (memory64, multi-memory, bulk memory) ----
  // Every memory of the instance by index (mems[0] repeats mem0_base/mem0_size):
  // base and size in bytes, refreshed by the runtime wherever mem0_* is (entry,
  // after call_slow and memory.grow). Compiled code uses it for memories > 0; a
  // shared memory's size may be stale (another thread grows it): the bounds
  // check's slow path asks memory_recheck.
  struct Mem {
    uint8_t* base = nullptr;
    uint64_t size = 0;
  };
  Mem* mems = nullptr;

  // ---- references and tables ----
  // One view per table of the instance (imports first): its elements and size,
  // reloaded by the runtime after anything that may grow a table (as the memory
  // views), read inline by table.get and call_indirect.
  struct TableView {
    void** data = nullptr;
    uint64_t size = 0;
  };
  TableView* tables = nullptr;

  // ---- exceptions ----
  ExnHandler** exn_top = nullptr;  // the store's innermost handler (the executor's)
  Tag* const* tags = nullptr;      // the instance's tags by index

  // ---- GC ----

  // ---- fuel, interruption, tiering ----
  FuelCounter* fuel = nullptr;              // the store's counter (with fuel)
  const uint8_t* interrupt_flag = nullptr;  // the store's flag, read relaxed (non-zero: stop)
};

// Offsets the code generator uses (checked here, so a layout change cannot go
// unnoticed by the generator).
inline constexpr uint32_t kCtxMem0Base = 0;
inline constexpr uint32_t kCtxMem0Size = 8;
inline constexpr uint32_t kCtxLibcalls = 16;
inline constexpr uint32_t kCtxGlobals = 24;
inline constexpr uint32_t kCtxFuncs = 32;
inline constexpr uint32_t kCtxStackLimit = 40;
static_assert(offsetof(VmCtx, mem0_base) == kCtxMem0Base);
static_assert(offsetof(VmCtx, mem0_size) == kCtxMem0Size);
static_assert(offsetof(VmCtx, libcalls) == kCtxLibcalls);
static_assert(offsetof(VmCtx, globals) == kCtxGlobals);
static_assert(offsetof(VmCtx, funcs) == kCtxFuncs);
static_assert(offsetof(VmCtx, stack_limit) == kCtxStackLimit);
// Memory family.
inline constexpr uint32_t kCtxMems = offsetof(VmCtx, mems);
inline constexpr uint32_t kMemBase = 0;
inline constexpr uint32_t kMemSize = 8;
inline constexpr uint32_t kMemBytes = 16;
static_assert(offsetof(VmCtx::Mem, base) == kMemBase && offsetof(VmCtx::Mem, size) == kMemSize &&
              sizeof(VmCtx::Mem) == kMemBytes);
// Table views (references and tables).
inline constexpr uint32_t kCtxTables = offsetof(VmCtx, tables);
inline constexpr uint32_t kTableData = 0;
inline constexpr uint32_t kTableSize = 8;
inline constexpr uint32_t kTableViewBytes = 16;
static_assert(offsetof(VmCtx::TableView, data) == kTableData &&
              offsetof(VmCtx::TableView, size) == kTableSize &&
              sizeof(VmCtx::TableView) == kTableViewBytes);
// rt::Func::type_id (the canonical id call_indirect compares; libcalls_table.cc).
inline constexpr uint32_t kFuncTypeId = 4;
// Fuel and interruption.
inline constexpr uint32_t kCtxFuel = offsetof(VmCtx, fuel);
inline constexpr uint32_t kCtxInterruptFlag = offsetof(VmCtx, interrupt_flag);
inline constexpr uint32_t kFuelBudget = 0;
static_assert(offsetof(FuelCounter, budget) == kFuelBudget);
// Exceptions.
inline constexpr uint32_t kCtxExnTop = offsetof(VmCtx, exn_top);
inline constexpr uint32_t kCtxTags = offsetof(VmCtx, tags);
inline constexpr uint32_t kHandlerPrev = offsetof(ExnHandler, prev);
inline constexpr uint32_t kHandlerExn = offsetof(ExnHandler, exn);
inline constexpr uint32_t kHandlerBuf = offsetof(ExnHandler, buf);
inline constexpr uint32_t kHandlerBytes = sizeof(ExnHandler);
inline constexpr uint32_t kExnTag = 0;  // rt::Exception::tag (checked in libcalls_exception.cc)
// FuncEntry fields, and the Libcalls table (index = pointer-sized slot).
inline constexpr uint32_t kEntryCode = 0;
inline constexpr uint32_t kEntryCtx = 16;
inline constexpr uint32_t kEntryBytes = 32;
static_assert(offsetof(FuncEntry, code) == kEntryCode && offsetof(FuncEntry, ctx) == kEntryCtx &&
              sizeof(FuncEntry) == kEntryBytes);
// GC object layout (runtime/gc_heap.h Object / TypeDesc; checked in libcalls_gc.cc):
// the header's TypeDesc*, the array length (u32), the payload; a TypeDesc starts
// with its canonical id (u32) and its CompKind (u8).
inline constexpr uint32_t kObjDesc = 0;
inline constexpr uint32_t kObjLength = 12;
inline constexpr uint32_t kObjPayload = 16;
inline constexpr uint32_t kDescId = 0;
inline constexpr uint32_t kDescKind = 4;
// rt::Func::tier1 (objects.h: the FuncEntry* of a function with compiled code, else
// null), read by call_ref before asking func_entry; checked in libcalls_table.cc.
inline constexpr uint32_t kFuncTier1 = 40;
// The byte offset of a Libcalls field, as the generator loads it.
#define SKIFF_LC(field) uint32_t(offsetof(::skiff::rt::tier1::Libcalls, field))

// ---- The compiler library's C entry point (dlopen'd, see compiler_loader.h) ----

inline constexpr uint32_t kCompilerAbiVersion = 5;
inline constexpr const char* kCompilerEntrySymbol = "skiff_compiler_api";

// What to compile.
struct CompileRequest {
  const ir::Module* module = nullptr;       // validated
  const valid::TypeCanon* canon = nullptr;  // its canonical type ids
  bool mem0_guarded = false;  // memory 0 (if any) is guarded: no bounds checks
  // Checks at function entries and loop headers (StoreLimits): fuel (which also
  // notices interruption, as tier 0), or interruption only (a flag check).
  bool fuel = false;
  bool interruptible = false;
  uint32_t opt_level = 2;     // 0..3
  // Tier auto (src/compiler/tier1_auto.cc): a batch of hot functions. Non-null:
  // only the defined functions whose byte is non-zero (module->funcs.size() bytes)
  // are emitted; the others get no symbol and are reached through the instance's
  // FuncEntry table (VmCtx::funcs), as imports are. Null: the whole module.
  const uint8_t* only = nullptr;
  // On-stack replacement entries (tier auto), `osr_count` pairs (defined function
  // index, loop offset); the function itself need not be in `only`. The pairs of
  // one function make one entry, symbol "o<func>",
  // `void o(VmCtx*, uint8_t* frame, uint32_t loop)` (C convention),
  // which reads the locals from a tier-0 frame (params then locals, 8 bytes each,
  // v128 16, 32-bit values zero-extended), runs the function from just past the
  // header check of the loop at offset `loop` (relative to the body's first
  // instruction, as tier 0's source map; its fuel for this iteration is already
  // charged by tier 0) and writes the results to frame[0..] in the same layout;
  // and symbol "q<func>", a read-only uint32_t array of the loops it can enter:
  // those of its pairs entered from live code with an empty operand stack,
  // without parameters, outside any try/try_table (any other `loop` traps). None
  // at all: neither symbol.
  const uint32_t* osr = nullptr;
  uint32_t osr_count = 0;
};

// The result for each defined function (caller-allocated, module->funcs.size()).
struct CompiledFunc {
  void* code = nullptr;       // native entry (also set for a fallback stub)
  void* slot_code = nullptr;  // slot wrapper
  bool compiled = false;      // false: the body is a stub calling call_slow
  char reason[120] = {};      // why not compiled
};

// The compiler does not load code: it returns an ELF64 relocatable object (PIC,
// small code model) that the runtime maps with its own loader
// (compiler/object_loader.h), for the JIT and for ahead-of-time files alike.
// Defined function i is symbol "f<i>" (native entry) and "s<i>" (slot wrapper),
// present when func_type() could type it; `code`/`slot_code` above are filled by
// the runtime after loading.
struct CompileResult {
  void* handle = nullptr;  // owns `object`; give to release()
  CompiledFunc* funcs = nullptr;
  const uint8_t* object = nullptr;  // the relocatable object
  uint64_t object_size = 0;
  char target[256] = {};   // "cpu-name features" the code was compiled for
  char error[256] = {};    // when compile() returns false
};

struct CompilerApi {
  uint32_t abi_version;
  bool (*compile)(const CompileRequest* req, CompileResult* out);
  void (*release)(void* handle);
};

// extern "C" const CompilerApi* skiff_compiler_api(uint32_t abi_version);
using CompilerEntryFn = const CompilerApi* (*)(uint32_t abi_version);

}  // namespace skiff::rt::tier1

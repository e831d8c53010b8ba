// The tier-1 code generator: a valid::BodyDecoder consumer that emits LLVM IR for
// one function (private to libskiff_compiler.so; the only headers including LLVM
// are here and in src/compiler/llvm/).
//
// Design note.
//   * Operand stack: one llvm::Value* per wasm operand (SSA, no memory). Locals
//     are allocas in the entry block (SROA/mem2reg turns them into SSA).
//   * Control: every block/if gets an end block whose PHIs receive the results
//     from each branch and from the fall-through; a loop gets a header block whose
//     PHIs receive its parameters. Branches add incoming values, then jump.
//     Invariant: while `live_` is false the insertion block is already terminated
//     and no instruction arrives (the decoder hides dead code); structural events
//     still keep ctls_ in step.
//   * The function's own label: a branch to it is a return.
//   * Traps: one shared block per trap kind, calling libcalls->trap (noreturn).
//   * Anything not supported yet makes the consumer fail with "unsupported: X";
//     the module driver (jit.cc) then replaces the body with a stub that calls the
//     runtime's call_slow (the function runs in tier 0), and counts it.
//   * Loads are volatile: a load whose value is dead must still trap when out of
//     bounds (guard pages), and LLVM deletes dead non-volatile loads.
#pragma once

#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <string>
#include <vector>

#include "ir/module.h"
#include "runtime/tier1_abi.h"
#include "semantics/trap_kind.h"
#include "valid/body_decoder.h"

namespace skiff::compiler {

// The calling convention of every native entry (tier1_abi.h "native"): `tailcc`,
// under which `musttail` calls need not match the caller's parameters (guaranteed
// tail calls, emitter.cc). Every call to a native entry must set it.
inline constexpr llvm::CallingConv::ID kNativeCC = llvm::CallingConv::Tail;

// What every function emitter of one module shares.
struct ModuleEnv {
  llvm::LLVMContext& c;
  llvm::Module& mod;
  const ir::Module& m;
  const valid::TypeCanon& canon;
  bool mem0_guarded = false;
  std::vector<llvm::Function*> funcs;  // by function index (null for imports)
  // CompileRequest::fuel / interruptible: checks at function entries and loop headers.
  bool fuel = false;
  bool interruptible = false;
  // Line tables (jit.cc): a DISubprogram per emitted function, and every
  // instruction's DebugLoc line = its wasm module offset + 1 (column = function
  // index + 1 when it fits 16 bits), so the object's .debug_line maps machine
  // code back to wasm offsets (code_map.h). Null with SKIFF_TIER1_LINES=0.
  llvm::DIBuilder* di = nullptr;
  llvm::DIFile* di_file = nullptr;
  llvm::DISubroutineType* di_type = nullptr;

  llvm::Type* i8() const { return llvm::Type::getInt8Ty(c); }
  llvm::Type* i32() const { return llvm::Type::getInt32Ty(c); }
  llvm::Type* i64() const { return llvm::Type::getInt64Ty(c); }
  llvm::PointerType* ptr() const { return llvm::PointerType::get(c, 0); }
  // The LLVM type of a wasm value type, or null when tier 1 has none yet.
  llvm::Type* val_type(const ir::ValType& t) const;
  // R f(ptr ctx, params...), or null when a type is unsupported.
  llvm::FunctionType* func_type(const ir::FuncType& ft) const;
};

// Creates function `index`'s DISubprogram and attaches it to fn (null without
// line tables); *at = the body's module offset (0 when unknown).
llvm::DISubprogram* attach_subprogram(ModuleEnv& env, uint32_t index, llvm::Function* fn, int64_t* at);
// Emits the native entry of a stub that runs function `index` through
// libcalls->call_slow (used for functions tier 1 could not compile).
void emit_stub(ModuleEnv& env, uint32_t index, llvm::Function* fn);
// Emits `void s(ptr ctx, ptr slots)` calling fn (the slot wrapper of tier1_abi.h).
llvm::Function* emit_slot_wrapper(ModuleEnv& env, const ir::FuncType& ft, llvm::Function* fn,
                                  const std::string& name);

class Emitter {
 public:
  static constexpr bool kWantsEvents = true;
  using ValType = ir::ValType;
  using Frame = valid::Frame;
  using Event = valid::Event;

  Emitter(ModuleEnv& env, uint32_t func_index, llvm::Function* fn);

  void on_begin_function(const ir::FuncType& ft, std::span<const ValType> locals);
  void on_instr(const ir::Instr& in, const Event& e);
  void on_unreachable();
  void on_block(const ir::Instr& in, const Frame& f, const Event& e);
  void on_else(const Frame& f, const Event& e, bool fell_through);
  void on_catch(const ir::Instr& in, const Frame& f, const Event& e, bool fell_through);
  void on_delegate(const ir::Instr& in, const Frame& f, const Event& e, bool fell_through);
  void on_end(const Frame& f, const Event& e, bool fell_through);
  bool failed() const { return !error_.empty(); }
  // On-stack replacement (tier auto; tier1_abi.h CompileRequest::osr): fn is the
  // entry `void o(ctx, frame, loop)` into those of `loops` (offsets relative to the
  // body's first instruction) that are eligible. Before decoding. osr_loops()
  // afterwards: the loops it enters; none: the caller drops fn.
  void set_osr(std::vector<uint32_t> loops) {
    osr_ = true;
    osr_want_ = std::move(loops);
  }
  const std::vector<uint32_t>& osr_loops() const { return osr_loops_; }
  Error take_error() { return make_error(error_); }

 private:
  // Each instruction family may keep its helpers as static members of its own
  // struct, defined in its .cc file, with access to the emitter's state.
  friend struct SimdEmit;       // emit_simd*.cc
  friend struct MemoryEmit;     // emit_memory.cc
  friend struct TableEmit;      // emit_table.cc
  friend struct ExceptionEmit;  // emit_exception.cc
  friend struct GcEmit;         // emit_gc.cc
  friend struct CheckEmit;      // emit_checks.cc

  struct Ctl {
    valid::FrameKind kind = valid::FrameKind::Block;
    bool live = true;              // entered from reachable code
    llvm::BasicBlock* end = nullptr;     // continuation (block / if)
    llvm::BasicBlock* header = nullptr;  // loop
    llvm::BasicBlock* else_bb = nullptr; // if
    std::vector<llvm::PHINode*> end_phis;
    std::vector<llvm::PHINode*> header_phis;
    std::vector<llvm::Value*> if_params;  // if: the params, for the else arm
    uint32_t height = 0;
    // try / try_table with a handler record (emit_exception.cc).
    llvm::Value* handler = nullptr;       // its ExnHandler (an alloca)
    bool in_body = false;                 // the record is pushed (the try body runs)
    llvm::BasicBlock* landing = nullptr;  // where its exceptions arrive
    llvm::PHINode* landing_exn = nullptr; //   with the exception
    llvm::BasicBlock* dispatch = nullptr; // legacy try: the next catch's test goes here
    llvm::Value* exn = nullptr;           // legacy catch arms: the caught exception
  };

  // ---- helpers (emitter.cc) ----
  void fail(std::string msg);
  void unsupported(const ir::Instr& in);
  llvm::Value* pop_n(size_t n, std::vector<llvm::Value*>& out);
  void push(llvm::Value* v) { stack_.push_back(v); }
  llvm::BasicBlock* new_block(const char* name);
  llvm::BasicBlock* trap_block(sem::TrapKind kind);
  void trap_if(llvm::Value* cond, sem::TrapKind kind);
  void trap_now(sem::TrapKind kind);
  // Calls the Libcalls field at byte `offset` (SKIFF_LC(field)).
  llvm::Value* libcall(uint32_t offset, llvm::FunctionType* ty, llvm::ArrayRef<llvm::Value*> args);
  llvm::Value* load_ctx(uint32_t offset, llvm::Type* ty);
  Ctl& label(uint32_t depth) { return ctls_[ctls_.size() - 1 - depth]; }
  // Passes `vals` to the label at `depth` from the current block and jumps there.
  void branch_to(uint32_t depth, llvm::ArrayRef<llvm::Value*> vals);
  void add_incoming(Ctl& target, llvm::ArrayRef<llvm::Value*> vals, llvm::BasicBlock* from);
  void emit_return(llvm::ArrayRef<llvm::Value*> vals);
  std::vector<llvm::PHINode*> make_phis(llvm::BasicBlock* bb, std::span<const ValType> types);
  void set_dead() { live_ = false; }
  void continue_unreached(std::span<const ValType> results);

  // ---- instruction families ----
  bool emit_control(const ir::Instr& in, const Event& e);  // emit_control.cc
  bool emit_numeric(const ir::Instr& in, const Event& e);  // emit_numeric.cc
  bool emit_memory(const ir::Instr& in, const Event& e);   // emit_memory.cc
  bool emit_variable(const ir::Instr& in, const Event& e); // emit_memory.cc
  bool emit_simd(const ir::Instr& in, const Event& e);      // emit_simd*.cc
  bool emit_reference(const ir::Instr& in, const Event& e); // emit_table.cc: refs, tables, call_ref
  bool emit_exception(const ir::Instr& in, const Event& e); // emit_exception.cc
  bool emit_gc(const ir::Instr& in, const Event& e);        // emit_gc.cc
  void emit_call(uint32_t func_index, const Event& e);
  void emit_call_indirect(const ir::Instr& in, const Event& e);
  // Calls through a FuncEntry (fast native path when its code is set, else call_slow).
  void call_entry(llvm::Value* entry, const ir::FuncType& ft, std::vector<llvm::Value*> args);
  // Tail calls (emitter.cc): return_call, return_call_indirect, return_call_ref.
  void emit_return_call(const ir::Instr& in, const Event& e);
  void tail_call_entry(llvm::Value* entry, const ir::FuncType& ft, std::vector<llvm::Value*> args);
  bool can_musttail(llvm::FunctionType* callee) const;
  bool returns_in_registers(llvm::Type* r) const;
  void return_value(llvm::Value* r);
  // Exception handlers of this frame (emit_exception.cc): pops every handler of
  // this function still pushed (before a return or a tail call).
  void leave_handlers_for_return();
  // Pops the handlers of the regions a branch to ctls_[index] leaves.
  void leave_regions_above(size_t index);
  void exn_open(Ctl& c, const ir::Instr& in);  // on_block of try / try_table
  void exn_end_body(Ctl& c);                   // the try body falls through here
  void exn_close(Ctl& c);                      // on_end of try / try_table
  void exn_finish_function();                  // on_end of the function
  llvm::Value* exn_top_ = nullptr;             // ctx->exn_top, loaded on first use
  std::vector<llvm::AllocaInst*> exn_records_; // handler records by nesting depth
  bool exn_used_ = false;                      // some region pushes a handler
  std::vector<bool> exn_written_;              // locals written while one is pushed
  void exn_note_local_write(uint32_t local);   // on_instr: local.set / local.tee
  // emit_table.cc: the FuncEntry* of funcref `ref` (call_ref / return_call_ref);
  // traps "null function reference" on null.
  llvm::Value* funcref_entry(llvm::Value* ref);
  // emit_table.cc: the FuncEntry* of table[index] for call_indirect with the
  // expected canonical type id (inline when the entry is set, of that exact type
  // and compiled; else libcalls->resolve_indirect, which traps as tier 0).
  llvm::Value* indirect_entry(uint32_t table, uint32_t type_id, llvm::Value* index64);
  llvm::Value* mem_address(const ir::Instr& in, llvm::Value* addr, uint32_t bytes);
  // Fuel / interruption / tiering checks (emit_checks.cc): at function entry (after
  // the stack check) and at each loop header (the insertion point is the header).
  void emit_entry_checks();
  void emit_loop_checks();
  // Fuel accounting (emit_checks.cc), as tier 0 counts: every on_instr adds one to
  // the innermost open site (the function, or a loop entered from live code); at
  // the site's end its check's cost is patched in.
  struct FuelSite {
    llvm::Instruction* sub = nullptr;  // budget - cost (cost patched at the end)
    uint32_t count = 0;
    bool pending = false;  // a loop site whose check is not emitted yet
  };
  std::vector<FuelSite> fuel_sites_;
  void check_block(const Frame& f);  // first thing in on_block
  void check_end(const Frame& f);    // first thing in on_end
  void check_instr() {               // first thing in on_instr
    if (!fuel_sites_.empty()) ++fuel_sites_.back().count;
  }

  ModuleEnv& env_;
  llvm::LLVMContext& c_;
  uint32_t func_index_;
  llvm::Function* fn_;
  llvm::IRBuilder<> b_;
  llvm::Value* ctx_ = nullptr;
  llvm::Value* globals_ = nullptr;  // ctx->globals
  llvm::Value* funcs_ = nullptr;    // ctx->funcs
  llvm::Value* mem0_ = nullptr;     // ctx->mem0_base (guarded memory: loaded once)
  llvm::BasicBlock* entry_ = nullptr;
  std::vector<llvm::AllocaInst*> locals_;
  std::vector<llvm::Type*> local_types_;
  std::vector<llvm::Value*> stack_;
  std::vector<Ctl> ctls_;
  std::vector<llvm::BasicBlock*> trap_blocks_;
  std::vector<int64_t> trap_block_at_;  // the offset each trap block was made for
  llvm::DISubprogram* sp_ = nullptr;
  int64_t at_ = 0;                      // the current instruction's offset
  void set_loc(int64_t offset);         // every event sets it first
  std::vector<ValType> results_;
  bool live_ = true;
  std::string error_;
  // On-stack replacement (set_osr): the entry block loads the locals from the
  // tier-0 frame and ends in `osr_switch_` on the loop argument: a case per
  // eligible loop to the code right after its header check, the default to a
  // trap. The code before the first loop has no predecessor (dead). Returns store
  // the results into the frame (emit_return). An entry into a nested loop makes
  // its outer loops irreducible in this copy only; the call entry is unaffected.
  void osr_at_loop(const Frame& f, uint32_t loop_rel);
  bool osr_ = false;
  std::vector<uint32_t> osr_want_;
  std::vector<uint32_t> osr_loops_;
  int64_t body_base_ = 0;
  llvm::Value* osr_frame_ = nullptr;
  llvm::SwitchInst* osr_switch_ = nullptr;
};

}  // namespace skiff::compiler

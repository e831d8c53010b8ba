// The type-checking core of the function-body decoder (see body_decoder.h for the
// consumer-facing contract).
//
// Design note. Checker is deliberately not a template: it decodes one instruction
// per step() with ir::read_instr, type-checks it against the operand stack and the
// control stack, and leaves a description of what happened (the Step kind, the
// stack height, the popped and pushed types, the frame that opened or closed) for
// BodyDecoder<Consumer> to forward to its consumer. The checker is compiled once,
// split by instruction family across body_checker*.cc; only the thin dispatch loop
// is instantiated per consumer, and there is no virtual call or std::function on
// the hot path.
//
// Invariants.
//  * The operand stack is vals_[0, sp_); within a function vals_ only grows (its size
//    is the function's high-water mark), so a pop never frees anything and, once the
//    capacity has warmed up over earlier functions, a push never allocates.
//  * Frame::height <= sp_ always; a pop at height in an unreachable frame yields Bot
//    without moving sp_ (the polymorphic stack of the spec's algorithm).
//  * Every handler pops all its operands before it pushes any result, so the popped
//    values are still in vals_[base, old sp) when the first push happens; when the
//    consumer asked for events, that range is copied to popped_ at the first push.
//  * In reachable code no stack slot holds Bot or a Bot heap type: they only appear
//    after a pop below an unreachable frame's height, and `end`/`else` reset the
//    stack to declared types.
//  * Locals that are not defaultable start uninitialised; local.set/tee set the flag
//    and append the index to init_trail_; leaving a block (else, catch, end)
//    unwinds the trail to the block's init_height (the spec's local-init rules).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ir/instr.h"
#include "ir/module.h"
#include "support/bytes.h"
#include "support/result.h"
#include "valid/type_context.h"

namespace skiff::valid {

using ir::ValKind;
using ir::ValType;

enum class FrameKind : uint8_t {
  Function,  // the function body (or a constant expression)
  Block,
  Loop,
  If,        // then-arm of an if
  Else,      // else-arm of an if
  Try,       // legacy try, before any catch
  Catch,     // legacy catch arm
  CatchAll,  // legacy catch_all arm
  TryTable,
};

struct Frame {
  FrameKind kind = FrameKind::Block;
  // The current arm can no longer fall through (after br, return, unreachable,
  // throw, ...): the operand stack is polymorphic until the arm ends.
  bool unreachable = false;
  // The frame was entered from reachable code. False means the whole frame lies in
  // dead code: its events are structural only.
  bool live = true;
  // The single result of a value block type lives in `type.value`.
  bool inline_result = false;
  // Operand stack height below the block's parameters.
  uint32_t height = 0;
  // Height of the local-initialisation trail at entry.
  uint32_t init_height = 0;
  // The block type as written (function frame: Index of the function's type).
  ir::BlockType type;
  const ValType* params_ = nullptr;
  const ValType* results_ = nullptr;
  uint32_t nparams = 0;
  uint32_t nresults = 0;

  std::span<const ValType> params() const { return {params_, nparams}; }
  std::span<const ValType> results() const {
    if (inline_result) return {&type.value, 1};
    return {results_, nresults};
  }
  // The types a branch to this frame carries: a loop's parameters, else its results.
  std::span<const ValType> label_types() const {
    return kind == FrameKind::Loop ? params() : results();
  }
  bool is_try_like() const {
    return kind == FrameKind::Try || kind == FrameKind::Catch || kind == FrameKind::CatchAll;
  }
};

// What one step() did.
enum class Step : uint8_t {
  Instr,     // an ordinary instruction in reachable code (branches and calls included)
  Skip,      // an ordinary instruction in unreachable code: checked, not reported
  Block,     // block / loop / if / try / try_table: a frame was pushed
  Else,      // else: the top frame turned from If into Else
  Catch,     // legacy catch / catch_all: the top frame became a Catch / CatchAll arm
  Delegate,  // legacy delegate: the Try frame was popped (see ended())
  End,       // end of a block: the frame was popped (see ended())
  Done,      // the final end: the function frame was popped; the body is valid
  Fail,      // an error (see error())
};

class Checker {
 public:
  Checker();

  // Starts a function body. func_index is in the whole function index space.
  // Checks the local declarations (types, count) too.
  [[nodiscard]] bool begin_function(const ir::Module& m, const TypeContext& ctx,
                                    uint32_t func_index);
  // Starts a constant expression whose value must have type `result`. Only the
  // first `visible_globals` globals may be read, and only immutable ones.
  [[nodiscard]] bool begin_const(const ir::Module& m, const TypeContext& ctx, const ir::Expr& e,
                                 ValType result, uint32_t visible_globals);

  // Asks for popped/pushed types and the base height of every step (the
  // consumer's events); off for plain validation.
  void set_record_events(bool on) { record_ = on; }

  Step step();
  // Steps to the end of the body with no events to report (plain validation): true
  // at Done, false at Fail (see error()). The same checks as calling step() in a
  // loop, without a call and return per instruction.
  bool run_to_end();

  // ---- the result of the last step --------------------------------------------
  const ir::Instr& instr() const { return instr_; }
  // Byte offset of the instruction (absolute when the Expr knows its offset).
  int64_t instr_offset() const { return instr_offset_; }
  // The instruction was in reachable code.
  bool was_reachable() const { return reachable_before_; }
  // The instruction ended reachability of the current arm (br, return, throw, ...).
  bool became_unreachable() const { return became_unreachable_; }
  // Stack height after the pops: the slot of the first operand and first result.
  uint32_t base() const { return base_; }
  std::span<const ValType> popped() const { return popped_; }
  // (Empty after an instruction that ended the arm: the stack was cut below base.)
  std::span<const ValType> pushed() const {
    if (sp_ <= base_) return {};
    return {vals_.data() + base_, sp_ - base_};
  }
  // The control stack: [0] is the function frame; label depth d is
  // controls()[size - 1 - d].
  std::span<const Frame> controls() const { return ctrls_; }
  // End / Delegate / Done: a copy of the frame that was popped.
  const Frame& ended() const { return ended_; }
  // Else / Catch / End / Delegate / Done: the arm that just closed could fall
  // through its end (it was not unreachable).
  bool arm_fell_through() const { return arm_fell_through_; }
  // The locals of the current function: parameters first.
  std::span<const ValType> locals() const { return locals_; }
  uint32_t stack_height() const { return sp_; }
  // The highest operand stack height reached so far in this function (a
  // translator's frame size in values): vals_ starts empty for every function and
  // only grows at the top.
  uint32_t max_stack_height() const { return uint32_t(vals_.size()); }

  const Error& error() const { return error_; }
  Error take_error() { return std::move(error_); }

 private:
  template <bool kEvents>
  Step step_inline();

  // ---- setup ----------------------------------------------------------------
  void reset(const ir::Module& m, const TypeContext& ctx, const ir::Expr& e, int64_t func_index);

  // ---- dispatch by family (one .cc each) ---------------------------------------
  Step check_control();  // body_checker_control.cc: blocks, branches, calls, exceptions
  Step check_end();
  bool check_variable();  // body_checker.cc: globals, drop, select
  bool local_get();
  bool local_set(bool tee);  // local.set, local.tee
  bool check_memory();    // body_checker_memory.cc: memory, table, bulk, SIMD lanes
  bool check_ref();       // body_checker_gc.cc: reference and GC instructions
  bool check_generic();   // body_checker.cc: fixed signatures from the opcode table
  bool const_allowed();

  // ---- operand stack ------------------------------------------------------------
  bool match(const ValType& a, const ValType& b) const {
    if (a.kind != ir::ValKind::Ref) return a.kind == b.kind || a.kind == ir::ValKind::Bot;
    if (b.kind != ir::ValKind::Ref) return false;
    if (a.heap == b.heap) return !a.nullable || b.nullable;
    return match_ref_slow(a, b);
  }
  bool match_ref_slow(const ValType& a, const ValType& b) const;
  bool heap_sub(ir::HeapType a, ir::HeapType b) const;

  void capture() {
    base_ = sp_;
    if (reachable_before_) popped_.assign(vals_.begin() + sp_, vals_.begin() + h0_);
    capture_pending_ = false;
  }
  [[gnu::always_inline]] void push(const ValType& t) {
    if (capture_pending_) capture();
    if (sp_ == vals_.size())
      vals_.push_back(t);
    else
      vals_[sp_] = t;
    ++sp_;
  }
  void push_all(std::span<const ValType> ts) {
    for (const ValType& t : ts) push(t);
  }
  // Pops values matching ts (ts[0] deepest). On failure, the message lists ts.
  [[gnu::always_inline]] bool pop_vals(std::span<const ValType> ts) {
    const Frame& f = ctrls_.back();
    size_t n = ts.size();
    if (sp_ - f.height >= n) {
      for (size_t i = 0; i < n; ++i)
        if (!match(vals_[sp_ - n + i], ts[i])) return fail_stack(ts);
      sp_ -= uint32_t(n);
      return true;
    }
    return pop_vals_slow(ts);
  }
  bool pop_vals_slow(std::span<const ValType> ts);
  // Pops numeric operands of kinds ks[0..n) (ks[0] deepest): the common case (a
  // reachable stack holding exactly those kinds) compares one byte per operand;
  // anything else (Bot, a short or polymorphic stack, a mismatch and its message)
  // is pop_vals on the full types.
  [[gnu::always_inline]] bool pop_kinds(const ValKind* ks, unsigned n) {
    if (sp_ - ctrls_.back().height >= n) {
      const ValType* v = vals_.data() + (sp_ - n);
      bool same = true;
      for (unsigned i = 0; i < n; ++i) same &= v[i].kind == ks[i];
      if (same) {
        sp_ -= n;
        return true;
      }
    }
    return pop_kinds_slow(ks, n);
  }
  [[gnu::noinline]] bool pop_kinds_slow(const ValKind* ks, unsigned n);
  bool pop_val(const ValType& t) { return pop_vals({&t, 1}); }
  // Pops any value (Bot from a polymorphic stack).
  bool pop_any(ValType* out);
  // Pops a reference (Bot becomes (ref bot), non-null).
  bool pop_ref(ValType* out);
  // Checks that the stack holds values matching ts on top, without popping.
  bool peek_vals(std::span<const ValType> ts);
  void set_unreachable();

  // ---- control stack ------------------------------------------------------------
  struct Sig {
    const ValType* params = nullptr;
    const ValType* results = nullptr;
    uint32_t nparams = 0;
    uint32_t nresults = 0;
    bool inline_result = false;
  };
  bool block_sig(const ir::BlockType& bt, Sig* out);
  void push_frame(FrameKind kind, const ir::BlockType& bt, const Sig& sig);
  bool label(uint32_t depth, const Frame** out);
  // Checks the top frame's results at the end of an arm ("type mismatch: block requires").
  bool check_arm_end(const Frame& f);
  void reset_locals(uint32_t init_height);

  // ---- module lookups -------------------------------------------------------------
  bool valid_heap(const ir::HeapType& h);
  bool valid_type(const ValType& t);
  bool func_type_at(uint32_t type_index, const ir::FuncType** out);
  bool struct_type_at(uint32_t type_index, const ir::StructType** out);
  bool array_type_at(uint32_t type_index, const ir::ArrayType** out);
  bool func_at(uint32_t func, const ir::FuncType** out);
  bool table_at(uint32_t table, const ir::TableType** out);
  bool memory_at(uint32_t memory, const ir::MemoryType** out);
  bool tag_at(uint32_t tag, const ir::FuncType** out);
  bool data_at(uint32_t data);
  bool elem_at(uint32_t elem, ValType* type);
  ValType addr_of_table(const ir::TableType& t) const {
    return t.limits.is64 ? ir::kI64 : ir::kI32;
  }
  ValType addr_of_memory(const ir::MemoryType& t) const {
    return t.limits.is64 ? ir::kI64 : ir::kI32;
  }
  // Memory, alignment and offset rules of a memarg; *addr gets the address type.
  bool check_memarg(const ir::MemArg& ma, unsigned natural_log2, bool atomic, ValType* addr);

  // ---- helpers shared by the families ----------------------------------------------
  bool check_call(const ir::FuncType& ft, bool tail, const ValType* extra_top);
  bool check_return_results(const ir::FuncType& callee);
  bool check_br_table();
  bool check_catch_clauses();
  bool check_lane(uint32_t lane, uint32_t lanes);

  // ---- errors (cold, out of line) ---------------------------------------------------
  [[gnu::cold, gnu::noinline]] bool fail(std::string message);
  [[gnu::cold, gnu::noinline]] bool fail_index(const char* what, uint64_t index);
  [[gnu::cold, gnu::noinline]] bool fail_stack(std::span<const ValType> ts);
  [[gnu::cold, gnu::noinline]] bool fail_block_end(const Frame& f);
  [[gnu::cold, gnu::noinline]] bool fail_reader(Error e);
  std::string stack_string(size_t n) const;

  // ---- state ------------------------------------------------------------------------
  const void* sigs_ = nullptr;  // the parsed opcode-table signatures (body_checker.cc)
  const ir::Module* m_ = nullptr;
  const TypeCanon* canon_ = nullptr;
  const std::vector<bool>* declared_ = nullptr;
  std::span<const uint32_t> func_types_;  // TypeContext::func_types
  int64_t func_index_ = -1;
  bool const_mode_ = false;
  uint32_t visible_globals_ = 0;
  ValType const_result_;  // the function frame's result in constant mode

  Reader reader_;
  int64_t base_offset_ = 0;
  ir::Instr instr_;
  int64_t instr_offset_ = 0;

  std::vector<ValType> vals_;
  uint32_t sp_ = 0;
  std::vector<Frame> ctrls_;
  std::vector<ValType> locals_;
  std::vector<uint8_t> local_init_;   // 1 = may be read
  std::vector<uint32_t> init_trail_;  // locals set since their frames began
  bool track_inits_ = false;

  // Per-step event data.
  bool record_ = false;
  bool capture_pending_ = false;
  bool reachable_before_ = true;
  bool became_unreachable_ = false;
  bool arm_fell_through_ = false;
  uint32_t h0_ = 0;
  uint32_t base_ = 0;
  std::vector<ValType> popped_;
  std::vector<ValType> scratch_;  // small temporary type lists
  Frame ended_;

  Error error_;
};

// Lane count of a SIMD lane instruction's shape (i8x16 -> 16, ...), 0 if none.
unsigned simd_lane_count(ir::Op op);

}  // namespace skiff::valid

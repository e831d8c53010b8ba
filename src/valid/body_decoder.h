// The one function-body decoder of Skiff (DESIGN.md lesson 2).
//
// BodyDecoder<Consumer> reads a function body once, type-checks every instruction
// (WebAssembly 3.0, the threads proposal's atomics, legacy exceptions) and hands
// typed events to its consumer: NullConsumer for plain validation, the
// interpreter's translator, later the compiler. The checking itself lives in the
// non-template Checker (body_checker.h); this header is the contract.
//
// ---- The consumer contract ---------------------------------------------------------
//
// Operand stack. Every operand has a slot: the operand stack height at the point it
// was pushed (0 = the first value above the function's locals). Heights are given
// in values, not bytes; a register-style translator maps value index -> frame slot.
// Every event carries an Event:
//   base     the stack height after the instruction's pops: the slot of its first
//            operand and of its first result.
//   popped   the operands' types as found on the stack (bottom first; may be more
//            precise than the instruction's signature, e.g. (ref $t) for a
//            (ref null any) operand). Empty in dead code.
//   pushed   the results' types (bottom first), in slots base, base+1, ...
//            popped and pushed are filled only when Consumer::kWantsEvents.
//   controls the control stack after the instruction: controls[0] is the function
//            frame; a branch label of depth d names controls[size - 1 - d].
// Frame (body_checker.h) gives a block's kind, height (stack height below its
// parameters), params(), results() and label_types() (a loop's params, else its
// results), `live` (entered from reachable code) and `unreachable`.
//
// Events, in body order:
//   on_begin_function(type, locals)   once; locals are the parameters then the
//                                     declared locals, local index = position.
//   on_instr(in, e)                   every instruction that is not structural, in
//                                     reachable code only. Branches included:
//                                       br l       popped = values passed to label l
//                                                  (slots base.. move to the target
//                                                  frame's height..)
//                                       br_if l    popped = [label values.., i32],
//                                                  pushed = label values (same slots)
//                                       br_table   popped = [values.., i32]; the
//                                                  targets are in.labels / in.a
//                                       br_on_null, br_on_non_null, br_on_cast(_fail):
//                                                  popped = [label prefix.., ref],
//                                                  pushed = [label prefix.., ref'
//                                                  (absent for br_on_non_null)]
//                                       return     popped = the function's results
//                                       return_call*, throw, throw_ref, rethrow,
//                                       unreachable likewise end the arm.
//   on_unreachable()                  right after an on_instr whose instruction ended
//                                     the current arm (br, br_table, return, tail
//                                     calls, throw, throw_ref, rethrow, unreachable).
//                                     From here to the arm's end (else / catch / end)
//                                     no on_instr arrives: dead code is checked here,
//                                     once, and never shown to the consumer.
//   on_block(in, f, e)                block, loop, if, try, try_table. f is the new
//                                     frame (= e.controls.back()). popped = params
//                                     (+ the i32 condition of `if`, on top: slot
//                                     f.height + params.size()), pushed = params.
//                                     try_table catch labels count from the
//                                     enclosing frame: label l is
//                                     e.controls[size - 2 - l].
//   on_else(f, e, fell_through)       f: the frame, now kind Else. popped = the then
//                                     arm's results (if it fell through), pushed =
//                                     the if's params again, in the same slots.
//   on_catch(in, f, e, fell_through)  legacy catch / catch_all: f now Catch /
//                                     CatchAll; popped = the closing arm's results,
//                                     pushed = the tag's params (catch) or nothing.
//   on_delegate(in, f, e, fell_through) legacy delegate: f is the Try frame that
//                                     closed; the label counts in e.controls (which
//                                     no longer holds f).
//   on_end(f, e, fell_through)        the end of block f (popped from e.controls);
//                                     pushed = f.results() at slots f.height... The
//                                     function's final end is an on_end with
//                                     f.kind == FrameKind::Function.
// Structural events (on_block/else/catch/delegate/end) arrive for dead code too, so
// the consumer's control stack stays in step; there f.live is false (for blocks
// opened in dead code) and `fell_through` says whether the closing arm could reach
// its end. An if without else gets no on_else: its on_end covers the implicit
// empty else (params flow to results).
//
// After decode_function returns, checker().max_stack_height() is the most operand
// values the function ever held at once (its frame size in values, above locals).
//
// Errors. A consumer may fail (implementation limits): after each event the decoder
// asks failed() and then returns take_error(). Type errors come from the checker
// with the spec testsuite's wording, the instruction's byte offset and the function
// index.
#pragma once

#include <concepts>
#include <cstdint>
#include <span>
#include <type_traits>

#include "ir/instr.h"
#include "ir/module.h"
#include "support/result.h"
#include "valid/body_checker.h"
#include "valid/type_context.h"

namespace skiff::valid {

struct Event {
  uint32_t base = 0;
  // Byte offset of the instruction (absolute when the body's Expr knows its offset).
  int64_t offset = 0;
  std::span<const ValType> popped;
  std::span<const ValType> pushed;
  std::span<const Frame> controls;
};

template <class C>
concept BodyConsumer = requires(C& c, const C& cc, const ir::Instr& in, const Frame& f,
                                const Event& e, const ir::FuncType& ft,
                                std::span<const ValType> locals, bool b) {
  { C::kWantsEvents } -> std::convertible_to<bool>;
  c.on_begin_function(ft, locals);
  c.on_instr(in, e);
  c.on_unreachable();
  c.on_block(in, f, e);
  c.on_else(f, e, b);
  c.on_catch(in, f, e, b);
  c.on_delegate(in, f, e, b);
  c.on_end(f, e, b);
  { cc.failed() } -> std::convertible_to<bool>;
  { c.take_error() } -> std::same_as<Error>;
};

// Validation only: every event is a no-op.
struct NullConsumer {
  static constexpr bool kWantsEvents = false;
  void on_begin_function(const ir::FuncType&, std::span<const ValType>) {}
  void on_instr(const ir::Instr&, const Event&) {}
  void on_unreachable() {}
  void on_block(const ir::Instr&, const Frame&, const Event&) {}
  void on_else(const Frame&, const Event&, bool) {}
  void on_catch(const ir::Instr&, const Frame&, const Event&, bool) {}
  void on_delegate(const ir::Instr&, const Frame&, const Event&, bool) {}
  void on_end(const Frame&, const Event&, bool) {}
  bool failed() const { return false; }
  Error take_error() { return Error{}; }
};

// Reusable across functions (its stacks keep their capacity): a module validator or
// translator should hold one and call decode_function for each body.
template <BodyConsumer Consumer>
class BodyDecoder {
 public:
  // func_index is in the whole function index space (imports first) and must name a
  // defined function.
  Status decode_function(const ir::Module& m, const TypeContext& ctx, uint32_t func_index,
                         Consumer& consumer) {
    Checker& k = checker_;
    k.set_record_events(Consumer::kWantsEvents);
    if (!k.begin_function(m, ctx, func_index)) return k.take_error();
    if constexpr (std::is_same_v<Consumer, NullConsumer>) {
      // Every event is a no-op and nothing can fail in the consumer: step to the end.
      if (!k.run_to_end()) return k.take_error();
      return {};
    }
    consumer.on_begin_function(m.func_type(m.func_type_index(func_index)), k.locals());
    if (consumer.failed()) return consumer_error(consumer, func_index);
    for (;;) {
      Step s = k.step();
      switch (s) {
        case Step::Skip:
          continue;
        case Step::Instr:
          consumer.on_instr(k.instr(), event());
          if (k.became_unreachable()) consumer.on_unreachable();
          break;
        case Step::Block:
          consumer.on_block(k.instr(), k.controls().back(), event());
          break;
        case Step::Else:
          consumer.on_else(k.controls().back(), event(), k.arm_fell_through());
          break;
        case Step::Catch:
          consumer.on_catch(k.instr(), k.controls().back(), event(), k.arm_fell_through());
          break;
        case Step::Delegate:
          consumer.on_delegate(k.instr(), k.ended(), event(), k.arm_fell_through());
          break;
        case Step::End:
        case Step::Done:
          consumer.on_end(k.ended(), event(), k.arm_fell_through());
          break;
        case Step::Fail:
          return k.take_error();
      }
      if (consumer.failed()) return consumer_error(consumer, func_index);
      if (s == Step::Done) return {};
    }
  }

  const Checker& checker() const { return checker_; }

 private:
  Event event() const {
    Event e;
    e.base = checker_.base();
    e.offset = checker_.instr_offset();
    if constexpr (Consumer::kWantsEvents) {
      e.popped = checker_.popped();
      e.pushed = checker_.pushed();
    }
    e.controls = checker_.controls();
    return e;
  }

  [[gnu::cold, gnu::noinline]] Error consumer_error(Consumer& c, uint32_t func_index) {
    Error e = c.take_error();
    if (e.offset < 0) e.offset = checker_.instr_offset();
    if (e.func_index < 0) e.func_index = func_index;
    return e;
  }

  Checker checker_;
};

// Validates the body of defined function func_index (whole index space).
Status validate_function_body(const ir::Module& m, uint32_t func_index, const TypeContext& ctx);

// Validates a constant expression of type `expected`: only constant instructions
// (t.const, ref.null, ref.func, global.get of an immutable global among the first
// `visible_globals`, i32/i64 add/sub/mul, struct.new(_default), array.new(_default,
// _fixed), ref.i31, any.convert_extern, extern.convert_any), else "constant
// expression required"; a wrong result is "type mismatch". ref.func needs no
// declaration here (a constant expression is itself a declaration).
Status validate_const_expr(const ir::Module& m, const ir::Expr& e, ValType expected,
                           uint32_t visible_globals, const TypeContext& ctx);

}  // namespace skiff::valid

// Function-body checker: stack rules, control structure, per-family checks, the
// spec's error wording, and the consumer event contract.
#include "valid/body_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "module_test_util.h"
#include "valid/validator.h"

namespace skiff::valid {
namespace {

using namespace skiff::valid::testing;
using Bytes = std::vector<uint8_t>;

// ---- a tiny body builder ---------------------------------------------------------------

// Opcode bytes used below.
enum : uint8_t {
  kUnreachable = 0x00,
  kNop = 0x01,
  kBlock = 0x02,
  kLoop = 0x03,
  kIf = 0x04,
  kElse = 0x05,
  kTry = 0x06,
  kCatch = 0x07,
  kThrow = 0x08,
  kRethrow = 0x09,
  kEnd = 0x0B,
  kBr = 0x0C,
  kBrIf = 0x0D,
  kBrTable = 0x0E,
  kReturn = 0x0F,
  kCall = 0x10,
  kDelegate = 0x18,
  kCatchAll = 0x19,
  kDrop = 0x1A,
  kSelect = 0x1B,
  kSelectT = 0x1C,
  kTryTable = 0x1F,
  kLocalGet = 0x20,
  kLocalSet = 0x21,
  kLocalTee = 0x22,
  kGlobalGet = 0x23,
  kGlobalSet = 0x24,
  kI32Load = 0x28,
  kI64Load = 0x29,
  kI32Store = 0x36,
  kI32Const = 0x41,
  kI64Const = 0x42,
  kF32Const = 0x43,
  kI32Add = 0x6A,
  kI64Add = 0x7C,
  kI64ExtendI32S = 0xAC,
  kRefNull = 0xD0,
  kRefIsNull = 0xD1,
  kRefFunc = 0xD2,
  kEmpty = 0x40,
};
constexpr uint8_t kTI32 = 0x7F, kTI64 = 0x7E, kTF32 = 0x7D;

struct B {
  Bytes b;
  B& op(uint8_t x) {
    b.push_back(x);
    return *this;
  }
  B& ops(std::initializer_list<uint8_t> xs) {
    b.insert(b.end(), xs);
    return *this;
  }
  B& u(uint64_t v) {
    auto l = uleb(v);
    b.insert(b.end(), l.begin(), l.end());
    return *this;
  }
  B& s(int64_t v) {
    auto l = sleb(v);
    b.insert(b.end(), l.begin(), l.end());
    return *this;
  }
  B& i32(int32_t v) { return op(kI32Const).s(v); }
  B& i64(int64_t v) { return op(kI64Const).s(v); }
  B& f32() { return ops({kF32Const, 0, 0, 0, 0}); }
  B& pre(uint8_t prefix, uint32_t code) { return op(prefix).u(code); }
  B& mem(uint8_t opcode, uint32_t align, uint64_t offset) { return op(opcode).u(align).u(offset); }
  B& end() { return op(kEnd); }
  Expr done() { return expr(b); }
};

// A module with one function of type params -> results, and the given locals/body.
struct Fixture {
  Module m;
  uint32_t self_type = 0;

  uint32_t add_func(std::vector<ValType> params, std::vector<ValType> results, Expr body,
                    std::vector<LocalRun> locals = {}) {
    uint32_t t = type(m, func_t(std::move(params), std::move(results)));
    Function f = func(t, std::move(body));
    f.locals = std::move(locals);
    m.funcs.push_back(std::move(f));
    return m.num_funcs() - 1;
  }

  Status check(uint32_t func_index) {
    TypeCanon canon(m);
    std::vector<bool> refs = declared_func_refs(m);
    TypeContext ctx;
    ctx.canon = &canon;
    ctx.declared_funcs = &refs;
    return validate_function_body(m, func_index, ctx);
  }
};

// Validates `body` as the only function of type params -> results.
Status body(std::vector<ValType> params, std::vector<ValType> results, const B& b,
            std::vector<LocalRun> locals = {}) {
  Fixture fx;
  uint32_t f = fx.add_func(std::move(params), std::move(results), expr(b.b), std::move(locals));
  return fx.check(f);
}

::testing::AssertionResult Valid(const Status& s) {
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << s.error().to_string();
}

::testing::AssertionResult Invalid(const Status& s, const std::string& prefix) {
  if (s.ok()) return ::testing::AssertionFailure() << "accepted; wanted \"" << prefix << "\"";
  if (s.error().message.rfind(prefix, 0) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got \"" << s.error().message << "\", wanted \"" << prefix << "\"";
}

// ---- stack rules ------------------------------------------------------------------------------

TEST(BodyChecker, ArityOfTheFunctionEnd) {
  EXPECT_TRUE(Valid(body({}, {kI32}, B().i32(1).end())));
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().end()), "type mismatch"));
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().i32(1).i32(2).end()), "type mismatch"));
  EXPECT_TRUE(Invalid(body({}, {}, B().i32(1).end()),
                      "type mismatch: block requires [] but stack has [i32]"));
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().i64(1).end()), "type mismatch"));
  EXPECT_TRUE(Valid(
      body({kI32, kI32}, {kI32}, B().op(kLocalGet).u(0).op(kLocalGet).u(1).op(kI32Add).end())));
}

TEST(BodyChecker, InstructionOperands) {
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().i32(1).op(kI32Add).end()),
                      "type mismatch: instruction requires [i32 i32] but stack has [i32]"));
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().i32(1).i64(2).op(kI32Add).end()),
                      "type mismatch: instruction requires [i32 i32] but stack has [i32 i64]"));
  // Operands below a block's start are not visible inside it.
  EXPECT_TRUE(
      Invalid(body({}, {kI32}, B().i32(1).op(kBlock).op(kTI32).i32(2).op(kI32Add).end().end()),
              "type mismatch"));
}

TEST(BodyChecker, BlockParamsAndResults) {
  Fixture fx;
  uint32_t bt = type(fx.m, func_t({kI32}, {kI64}));
  // i32.const 1; block (type bt) i64.extend_i32_s end
  uint32_t ok =
      fx.add_func({}, {kI64}, B().i32(1).op(kBlock).s(bt).op(kI64ExtendI32S).end().end().done());
  uint32_t no_param =
      fx.add_func({}, {kI64}, B().op(kBlock).s(bt).op(kI64ExtendI32S).end().end().done());
  uint32_t bad_result = fx.add_func({}, {kI64}, B().i32(1).op(kBlock).s(bt).end().end().done());
  uint32_t unknown = fx.add_func({}, {}, B().op(kBlock).s(99).end().end().done());
  EXPECT_TRUE(Valid(fx.check(ok)));
  EXPECT_TRUE(Invalid(fx.check(no_param), "type mismatch"));
  EXPECT_TRUE(Invalid(fx.check(bad_result), "type mismatch"));
  EXPECT_TRUE(Invalid(fx.check(unknown), "unknown type"));
}

TEST(BodyChecker, BranchToLoopTakesParamsToBlockTakesResults) {
  Fixture fx;
  uint32_t bt = type(fx.m, func_t({kI32}, {kF32}));
  // i32.const 0; loop (type bt) br 0 end  -- br to a loop carries its params [i32].
  uint32_t loop =
      fx.add_func({}, {kF32}, B().i32(0).op(kLoop).s(bt).op(kBr).u(0).end().end().done());
  // The same with block: br carries the results [f32], but the stack has i32.
  uint32_t block =
      fx.add_func({}, {kF32}, B().i32(0).op(kBlock).s(bt).op(kBr).u(0).end().end().done());
  uint32_t far = fx.add_func({}, {}, B().op(kBlock).op(kEmpty).op(kBr).u(2).end().end().done());
  EXPECT_TRUE(Valid(fx.check(loop)));
  EXPECT_TRUE(Invalid(fx.check(block), "type mismatch"));
  EXPECT_TRUE(Invalid(fx.check(far), "unknown label"));
  // br_if passes the label's values through.
  EXPECT_TRUE(
      Valid(body({}, {kI32}, B().op(kBlock).op(kTI32).i32(7).i32(1).op(kBrIf).u(0).end().end())));
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().op(kBlock).op(kTI32).i32(1).op(kBrIf).u(0).end().end()),
                      "type mismatch"));
}

TEST(BodyChecker, BrTableConsistency) {
  // block (result i32) block (result i32) i32.const 1 i32.const 0 br_table 0 1 1 end end
  EXPECT_TRUE(Valid(body({}, {kI32},
                         B().op(kBlock)
                             .op(kTI32)
                             .op(kBlock)
                             .op(kTI32)
                             .i32(1)
                             .i32(0)
                             .op(kBrTable)
                             .u(2)
                             .u(0)
                             .u(1)
                             .u(1)
                             .end()
                             .end()
                             .end())));
  // Different arities: block (result i32) block ... br_table 0 1 with the inner block empty.
  EXPECT_TRUE(Invalid(body({}, {kI32},
                           B().op(kBlock)
                               .op(kTI32)
                               .op(kBlock)
                               .op(kEmpty)
                               .i32(1)
                               .i32(0)
                               .op(kBrTable)
                               .u(1)
                               .u(0)
                               .u(1)
                               .end()
                               .i32(2)
                               .end()),
                      "type mismatch"));
  // Same arity, different types: i32 vs f32.
  EXPECT_TRUE(Invalid(body({}, {},
                           B().op(kBlock)
                               .op(kTI32)
                               .op(kBlock)
                               .op(kTF32)
                               .i32(1)
                               .i32(0)
                               .op(kBrTable)
                               .u(1)
                               .u(0)
                               .u(1)
                               .end()
                               .op(kDrop)
                               .i32(0)
                               .end()
                               .op(kDrop)
                               .end()),
                      "type mismatch"));
  // In unreachable code the operand may be anything (Bot) for both.
  EXPECT_TRUE(Valid(body({}, {},
                         B().op(kBlock)
                             .op(kTI32)
                             .op(kBlock)
                             .op(kTF32)
                             .op(kUnreachable)
                             .i32(0)
                             .op(kBrTable)
                             .u(1)
                             .u(0)
                             .u(1)
                             .end()
                             .op(kDrop)
                             .i32(0)
                             .end()
                             .op(kDrop)
                             .end())));
  EXPECT_TRUE(Invalid(body({}, {}, B().i32(0).op(kBrTable).u(1).u(0).u(5).end()), "unknown label"));
}

TEST(BodyChecker, UnreachableMakesTheStackPolymorphic) {
  EXPECT_TRUE(Valid(body({}, {}, B().op(kUnreachable).op(kI32Add).op(kDrop).end())));
  EXPECT_TRUE(Valid(body({}, {kI32}, B().op(kUnreachable).end())));
  EXPECT_TRUE(Valid(body({}, {kI32}, B().op(kUnreachable).op(kI32Add).end())));
  EXPECT_TRUE(Invalid(body({}, {}, B().op(kUnreachable).i64(0).op(kI32Add).op(kDrop).end()),
                      "type mismatch"));
  // Values pushed after unreachable still count at the end.
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().op(kUnreachable).i64(0).end()), "type mismatch"));
  EXPECT_TRUE(Invalid(body({}, {}, B().op(kUnreachable).i32(0).end()), "type mismatch"));
  // Polymorphism ends with the block.
  EXPECT_TRUE(
      Invalid(body({}, {kI32}, B().op(kBlock).op(kEmpty).op(kUnreachable).end().op(kI32Add).end()),
              "type mismatch"));
  // br in a nested block makes only that arm unreachable.
  EXPECT_TRUE(Valid(
      body({}, {kI32}, B().op(kBlock).op(kTI32).i32(1).op(kBr).u(0).op(kI32Add).end().end())));
  EXPECT_TRUE(Valid(body({}, {kI32}, B().i32(1).op(kReturn).op(kDrop).op(kI32Add).end())));
}

TEST(BodyChecker, Select) {
  EXPECT_TRUE(Valid(body({}, {kI32}, B().i32(1).i32(2).i32(0).op(kSelect).end())));
  EXPECT_TRUE(
      Invalid(body({}, {kI32}, B().i32(1).i64(2).i32(0).op(kSelect).end()), "type mismatch"));
  // Untyped select rejects references.
  EXPECT_TRUE(Invalid(
      body({}, {},
           B().op(kRefNull).op(0x70).op(kRefNull).op(0x70).i32(0).op(kSelect).op(kDrop).end()),
      "type mismatch"));
  EXPECT_TRUE(Valid(body({}, {},
                         B().op(kRefNull)
                             .op(0x70)
                             .op(kRefNull)
                             .op(0x70)
                             .i32(0)
                             .op(kSelectT)
                             .u(1)
                             .op(0x70)
                             .op(kDrop)
                             .end())));
  EXPECT_TRUE(Invalid(body({}, {}, B().i32(0).i32(0).i32(0).op(kSelectT).u(0).end()),
                      "invalid result arity"));
  EXPECT_TRUE(
      Invalid(body({}, {}, B().i32(0).i32(0).i32(0).op(kSelectT).u(2).op(kTI32).op(kTI32).end()),
              "invalid result arity"));
  // Unreachable: the known operand decides the type; a reference is still refused.
  EXPECT_TRUE(Valid(body({}, {kI64}, B().op(kUnreachable).i64(1).i32(0).op(kSelect).end())));
  EXPECT_TRUE(Valid(body({}, {kI32}, B().op(kUnreachable).op(kSelect).end())));
  EXPECT_TRUE(Invalid(
      body({}, {}, B().op(kUnreachable).op(kRefNull).op(0x70).i32(0).op(kSelect).op(kDrop).end()),
      "type mismatch"));
}

TEST(BodyChecker, LocalsAndInitialization) {
  ValType ext = ref(HeapKind::Extern);  // (ref extern): not defaultable
  EXPECT_TRUE(Invalid(body({}, {}, B().op(kLocalGet).u(0).op(kDrop).end()), "unknown local 0"));
  EXPECT_TRUE(Invalid(body({}, {}, B().op(kLocalGet).u(0).op(kDrop).end(), {{1, ext}}),
                      "uninitialized local"));
  // Set from a parameter, then read.
  EXPECT_TRUE(Valid(
      body({ext}, {}, B().op(kLocalGet).u(0).op(kLocalSet).u(1).op(kLocalGet).u(1).op(kDrop).end(),
           {{1, ext}})));
  // Initialisation inside a block does not survive its end.
  EXPECT_TRUE(Invalid(body({ext}, {},
                           B().op(kBlock)
                               .op(kEmpty)
                               .op(kLocalGet)
                               .u(0)
                               .op(kLocalSet)
                               .u(1)
                               .end()
                               .op(kLocalGet)
                               .u(1)
                               .op(kDrop)
                               .end(),
                           {{1, ext}}),
                      "uninitialized local"));
  // ... nor from the then arm into the else arm.
  EXPECT_TRUE(Invalid(body({ext}, {},
                           B().i32(0)
                               .op(kIf)
                               .op(kEmpty)
                               .op(kLocalGet)
                               .u(0)
                               .op(kLocalSet)
                               .u(1)
                               .op(kElse)
                               .op(kLocalGet)
                               .u(1)
                               .op(kDrop)
                               .end()
                               .end(),
                           {{1, ext}}),
                      "uninitialized local"));
  // local.tee initialises and pushes the local's type; defaultable locals need nothing.
  EXPECT_TRUE(Valid(body({ext}, {},
                         B().op(kLocalGet)
                             .u(0)
                             .op(kLocalTee)
                             .u(1)
                             .op(kDrop)
                             .op(kLocalGet)
                             .u(1)
                             .op(kDrop)
                             .op(kLocalGet)
                             .u(2)
                             .op(kDrop)
                             .end(),
                         {{1, ext}, {1, kI64}})));
  EXPECT_TRUE(
      Invalid(body({}, {}, B().i32(0).op(kLocalSet).u(0).end(), {{1, kI64}}), "type mismatch"));
}

TEST(BodyChecker, IfElseEnd) {
  EXPECT_TRUE(
      Valid(body({}, {kI32}, B().i32(1).op(kIf).op(kTI32).i32(1).op(kElse).i32(2).end().end())));
  // if without else must not produce a result it has no parameter for.
  EXPECT_TRUE(
      Invalid(body({}, {kI32}, B().i32(1).op(kIf).op(kTI32).i32(1).end().end()), "type mismatch"));
  EXPECT_TRUE(
      Invalid(body({}, {kI32}, B().i32(1).op(kIf).op(kTI32).i32(1).op(kElse).i64(2).end().end()),
              "type mismatch"));
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().op(kIf).op(kTI32).i32(1).op(kElse).i32(2).end().end()),
                      "type mismatch"));
  // An if whose params equal its results may omit else.
  Fixture fx;
  uint32_t bt = type(fx.m, func_t({kI32}, {kI32}));
  uint32_t f =
      fx.add_func({}, {kI32}, B().i32(5).i32(1).op(kIf).s(bt).op(kDrop).i32(6).end().end().done());
  EXPECT_TRUE(Valid(fx.check(f)));
  // Structural mistakes.
  EXPECT_TRUE(Invalid(body({}, {}, B().op(kBlock).op(kEmpty).op(kElse).end().end()), "else"));
  EXPECT_TRUE(
      Invalid(body({}, {}, B().i32(1).op(kIf).op(kEmpty).op(kElse).op(kElse).end().end()), "else"));
  EXPECT_TRUE(Invalid(body({}, {}, B().op(kBlock).op(kEmpty).end()), "unexpected end"));
  EXPECT_TRUE(Invalid(body({}, {}, B().end().op(kNop)), "operators remaining after end"));
}

TEST(BodyChecker, Return) {
  EXPECT_TRUE(Valid(body({}, {kI32}, B().i32(0).op(kReturn).end())));
  EXPECT_TRUE(Valid(body({}, {kI32}, B().i64(1).i32(0).op(kReturn).end())));
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().i64(0).op(kReturn).end()), "type mismatch"));
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().op(kBlock).op(kEmpty).op(kReturn).end().end()),
                      "type mismatch"));
}

TEST(BodyChecker, Calls) {
  Fixture fx;
  uint32_t callee = fx.add_func({kI32, kI64}, {kF32}, B().f32().end().done());
  uint32_t ok = fx.add_func({}, {kF32}, B().i32(1).i64(2).op(kCall).u(callee).end().done());
  uint32_t swapped = fx.add_func({}, {kF32}, B().i64(2).i32(1).op(kCall).u(callee).end().done());
  uint32_t unknown = fx.add_func({}, {}, B().op(kCall).u(77).end().done());
  // return_call: the callee's results must match the caller's.
  uint32_t tail_ok = fx.add_func({}, {kF32}, B().i32(1).i64(2).op(0x12).u(callee).end().done());
  uint32_t tail_bad = fx.add_func({}, {kI32}, B().i32(1).i64(2).op(0x12).u(callee).end().done());
  EXPECT_TRUE(Valid(fx.check(callee)));
  EXPECT_TRUE(Valid(fx.check(ok)));
  EXPECT_TRUE(Invalid(fx.check(swapped), "type mismatch"));
  EXPECT_TRUE(Invalid(fx.check(unknown), "unknown function 77"));
  EXPECT_TRUE(Valid(fx.check(tail_ok)));
  EXPECT_TRUE(Invalid(fx.check(tail_bad), "type mismatch"));
}

TEST(BodyChecker, CallIndirectAndRefFunc) {
  Fixture fx;
  uint32_t t = type(fx.m, func_t({kI32}, {kI32}));
  fx.m.tables.push_back(table(funcref(), 1));
  fx.m.tables.push_back(table(externref(), 1));
  fx.m.tables.push_back(table(funcref(), 1, std::nullopt, /*is64=*/true));
  uint32_t ok = fx.add_func({}, {kI32}, B().i32(5).i32(0).op(0x11).u(t).u(0).end().done());
  uint32_t ext = fx.add_func({}, {kI32}, B().i32(5).i32(0).op(0x11).u(t).u(1).end().done());
  uint32_t t64_bad = fx.add_func({}, {kI32}, B().i32(5).i32(0).op(0x11).u(t).u(2).end().done());
  uint32_t t64_ok = fx.add_func({}, {kI32}, B().i32(5).i64(0).op(0x11).u(t).u(2).end().done());
  uint32_t no_table = fx.add_func({}, {kI32}, B().i32(5).i32(0).op(0x11).u(t).u(9).end().done());
  uint32_t undeclared = fx.add_func({}, {}, B().op(kRefFunc).u(0).op(kDrop).end().done());
  EXPECT_TRUE(Valid(fx.check(ok)));
  EXPECT_TRUE(Invalid(fx.check(ext), "type mismatch"));
  EXPECT_TRUE(Invalid(fx.check(t64_bad), "type mismatch"));
  EXPECT_TRUE(Valid(fx.check(t64_ok)));
  EXPECT_TRUE(Invalid(fx.check(no_table), "unknown table 9"));
  EXPECT_TRUE(Invalid(fx.check(undeclared), "undeclared function reference"));
  fx.m.exports.push_back(export_("f", ExternKind::Func, 0));
  EXPECT_TRUE(Valid(fx.check(undeclared)));
}

TEST(BodyChecker, GlobalsAndTables) {
  Fixture fx;
  fx.m.globals.push_back(global(kI32, i32_const(0), /*mut=*/false));
  fx.m.globals.push_back(global(kI64, i64_const(0), /*mut=*/true));
  fx.m.tables.push_back(table(funcref(), 1));
  uint32_t set_const = fx.add_func({}, {}, B().i32(1).op(kGlobalSet).u(0).end().done());
  uint32_t set_mut = fx.add_func({}, {}, B().i64(1).op(kGlobalSet).u(1).end().done());
  uint32_t unknown = fx.add_func({}, {}, B().op(kGlobalGet).u(2).op(kDrop).end().done());
  uint32_t tget =
      fx.add_func({}, {}, B().i32(0).op(0x25).u(0).op(kRefIsNull).op(kDrop).end().done());
  uint32_t tset_bad =
      fx.add_func({}, {}, B().i32(0).op(kRefNull).op(0x6F).op(0x26).u(0).end().done());
  EXPECT_TRUE(Invalid(fx.check(set_const), "immutable global"));
  EXPECT_TRUE(Valid(fx.check(set_mut)));
  EXPECT_TRUE(Invalid(fx.check(unknown), "unknown global 2"));
  EXPECT_TRUE(Valid(fx.check(tget)));
  EXPECT_TRUE(Invalid(fx.check(tset_bad), "type mismatch"));
}

TEST(BodyChecker, MemoryOps) {
  // No memory.
  EXPECT_TRUE(Invalid(body({}, {kI32}, B().i32(0).mem(kI32Load, 2, 0).end()), "unknown memory 0"));
  Fixture fx;
  fx.m.memories.push_back(mem(1));
  fx.m.memories.push_back(mem(1, std::nullopt, /*is64=*/true));
  uint32_t natural = fx.add_func({}, {kI32}, B().i32(0).mem(kI32Load, 2, 0).end().done());
  uint32_t too_big = fx.add_func({}, {kI32}, B().i32(0).mem(kI32Load, 3, 0).end().done());
  uint32_t offset =
      fx.add_func({}, {kI32}, B().i32(0).mem(kI32Load, 0, 0x100000000ull).end().done());
  // memory 1 is 64-bit: its address is i64 and large offsets are fine.
  uint32_t m64 = fx.add_func(
      {}, {kI32}, B().i64(0).op(kI32Load).u(0x40 | 2).u(1).u(0x100000000ull).end().done());
  uint32_t m64_bad =
      fx.add_func({}, {kI32}, B().i32(0).op(kI32Load).u(0x40 | 2).u(1).u(0).end().done());
  uint32_t store = fx.add_func({}, {}, B().i32(0).i32(1).mem(kI32Store, 2, 4).end().done());
  uint32_t store_bad = fx.add_func({}, {}, B().i32(0).i64(1).mem(kI32Store, 2, 4).end().done());
  // memory.size / grow follow the address type; memory.copy's length is the smaller one.
  uint32_t size64 = fx.add_func({}, {kI64}, B().pre(0x3F, 1).end().done());
  uint32_t copy =
      fx.add_func({}, {}, B().i64(0).i32(0).i32(0).pre(0xFC, 10).u(1).u(0).end().done());
  uint32_t copy_bad =
      fx.add_func({}, {}, B().i64(0).i32(0).i64(0).pre(0xFC, 10).u(1).u(0).end().done());
  uint32_t init = fx.add_func({}, {}, B().i32(0).i32(0).i32(0).pre(0xFC, 8).u(0).u(0).end().done());
  EXPECT_TRUE(Valid(fx.check(natural)));
  EXPECT_TRUE(Invalid(fx.check(too_big), "alignment must not be larger than natural"));
  EXPECT_TRUE(Invalid(fx.check(offset), "offset out of range"));
  EXPECT_TRUE(Valid(fx.check(m64)));
  EXPECT_TRUE(Invalid(fx.check(m64_bad), "type mismatch"));
  EXPECT_TRUE(Valid(fx.check(store)));
  EXPECT_TRUE(Invalid(fx.check(store_bad), "type mismatch"));
  EXPECT_TRUE(Valid(fx.check(size64)));
  EXPECT_TRUE(Valid(fx.check(copy)));
  EXPECT_TRUE(Invalid(fx.check(copy_bad), "type mismatch"));
  EXPECT_TRUE(Invalid(fx.check(init), "unknown data segment 0"));
}

TEST(BodyChecker, Atomics) {
  Fixture fx;
  fx.m.memories.push_back(mem(1, 1, false, /*shared=*/true));
  // i32.atomic.load: alignment must equal natural (2).
  uint32_t ok = fx.add_func({}, {kI32}, B().i32(0).pre(0xFE, 0x10).u(2).u(0).end().done());
  uint32_t low = fx.add_func({}, {kI32}, B().i32(0).pre(0xFE, 0x10).u(1).u(0).end().done());
  // i32.atomic.rmw.cmpxchg: [addr i32 i32] -> [i32]
  uint32_t cmpxchg =
      fx.add_func({}, {kI32}, B().i32(0).i32(1).i32(2).pre(0xFE, 0x48).u(2).u(0).end().done());
  uint32_t wait =
      fx.add_func({}, {kI32}, B().i32(0).i32(1).i64(-1).pre(0xFE, 0x01).u(2).u(0).end().done());
  uint32_t fence = fx.add_func({}, {}, B().pre(0xFE, 0x03).op(0).end().done());
  EXPECT_TRUE(Valid(fx.check(ok)));
  EXPECT_TRUE(Invalid(fx.check(low), "atomic alignment must be natural"));
  EXPECT_TRUE(Valid(fx.check(cmpxchg)));
  EXPECT_TRUE(Valid(fx.check(wait)));
  EXPECT_TRUE(Valid(fx.check(fence)));
}

TEST(BodyChecker, Simd) {
  Bytes zero16(16, 0);
  auto v128 = [&](B& b) -> B& {
    b.pre(0xFD, 12);
    b.b.insert(b.b.end(), zero16.begin(), zero16.end());
    return b;
  };
  {
    B b;
    v128(b).pre(0xFD, 21).op(15).end();  // i8x16.extract_lane_s 15
    EXPECT_TRUE(Valid(body({}, {kI32}, b)));
  }
  {
    B b;
    v128(b).pre(0xFD, 21).op(16).end();
    EXPECT_TRUE(Invalid(body({}, {kI32}, b), "invalid lane index"));
  }
  {
    B b;
    v128(b).pre(0xFD, 29).op(2).end();  // i64x2.extract_lane 2
    EXPECT_TRUE(Invalid(body({}, {kI64}, b), "invalid lane index"));
  }
  {
    B b;
    v128(b);
    v128(b).pre(0xFD, 13);
    for (int i = 0; i < 16; ++i) b.op(uint8_t(i == 3 ? 32 : i));
    b.end();
    EXPECT_TRUE(Invalid(body({}, {kV128}, b), "invalid lane index"));
  }
  {
    B b;
    v128(b).i32(1).pre(0xFD, 0xAE).end();  // i32x4.add with an i32 operand
    EXPECT_TRUE(Invalid(body({}, {kV128}, b), "type mismatch"));
  }
}

TEST(BodyChecker, StructsAndArrays) {
  Fixture fx;
  uint32_t s =
      type(fx.m, struct_t({fld(kI32, /*mut=*/false), fld(ValType::num(ValKind::I8), true)}));
  uint32_t a8 = type(fx.m, array_t(fld(ValType::num(ValKind::I8), true)));
  uint32_t a16 = type(fx.m, array_t(fld(ValType::num(ValKind::I16), true)));
  uint32_t ai = type(fx.m, array_t(fld(kI64, false)));
  ValType rs = ref(s, true);
  // struct.new s (i32 7) (i32 1) ; struct.get s 0
  uint32_t get = fx.add_func(
      {}, {kI32}, B().i32(7).i32(1).pre(0xFB, 0).u(s).pre(0xFB, 2).u(s).u(0).end().done());
  uint32_t get_packed =
      fx.add_func({rs}, {kI32}, B().op(kLocalGet).u(0).pre(0xFB, 2).u(s).u(1).end().done());
  uint32_t get_s =
      fx.add_func({rs}, {kI32}, B().op(kLocalGet).u(0).pre(0xFB, 3).u(s).u(1).end().done());
  uint32_t set_imm =
      fx.add_func({rs}, {}, B().op(kLocalGet).u(0).i32(1).pre(0xFB, 5).u(s).u(0).end().done());
  uint32_t set_ok =
      fx.add_func({rs}, {}, B().op(kLocalGet).u(0).i32(1).pre(0xFB, 5).u(s).u(1).end().done());
  uint32_t field =
      fx.add_func({rs}, {kI32}, B().op(kLocalGet).u(0).pre(0xFB, 2).u(s).u(5).end().done());
  uint32_t copy_bad = fx.add_func({ref(a8), ref(a16)}, {},
                                  B().op(kLocalGet)
                                      .u(0)
                                      .i32(0)
                                      .op(kLocalGet)
                                      .u(1)
                                      .i32(0)
                                      .i32(0)
                                      .pre(0xFB, 17)
                                      .u(a8)
                                      .u(a16)
                                      .end()
                                      .done());
  uint32_t copy_ok = fx.add_func({ref(a8), ref(a8)}, {},
                                 B().op(kLocalGet)
                                     .u(0)
                                     .i32(0)
                                     .op(kLocalGet)
                                     .u(1)
                                     .i32(0)
                                     .i32(0)
                                     .pre(0xFB, 17)
                                     .u(a8)
                                     .u(a8)
                                     .end()
                                     .done());
  uint32_t set_immut = fx.add_func(
      {ref(ai)}, {}, B().op(kLocalGet).u(0).i32(0).i64(1).pre(0xFB, 14).u(ai).end().done());
  uint32_t fixed =
      fx.add_func({}, {ref(ai)}, B().i64(1).i64(2).pre(0xFB, 8).u(ai).u(2).end().done());
  uint32_t fixed_short =
      fx.add_func({}, {ref(ai)}, B().i64(1).pre(0xFB, 8).u(ai).u(2).end().done());
  uint32_t fixed_huge = fx.add_func(
      {}, {ref(ai)}, B().op(kUnreachable).pre(0xFB, 8).u(ai).u(0xFFFFFFFFu).end().done());
  uint32_t len = fx.add_func({ref(ai)}, {kI32}, B().op(kLocalGet).u(0).pre(0xFB, 15).end().done());
  EXPECT_TRUE(Valid(fx.check(get)));
  EXPECT_TRUE(Invalid(fx.check(get_packed), "type mismatch"));
  EXPECT_TRUE(Valid(fx.check(get_s)));
  EXPECT_TRUE(Invalid(fx.check(set_imm), "immutable field"));
  EXPECT_TRUE(Valid(fx.check(set_ok)));
  EXPECT_TRUE(Invalid(fx.check(field), "unknown field 5"));
  EXPECT_TRUE(Invalid(fx.check(copy_bad), "array types do not match"));
  EXPECT_TRUE(Valid(fx.check(copy_ok)));
  EXPECT_TRUE(Invalid(fx.check(set_immut), "immutable array"));
  EXPECT_TRUE(Valid(fx.check(fixed)));
  EXPECT_TRUE(Invalid(fx.check(fixed_short), "type mismatch"));
  EXPECT_TRUE(Valid(fx.check(fixed_huge)));
  EXPECT_TRUE(Valid(fx.check(len)));
}

TEST(BodyChecker, RefsAndCasts) {
  Fixture fx;
  uint32_t s = type(fx.m, sub(struct_t({fld(kI32)})));
  uint32_t s2 = type(fx.m, sub(struct_t({fld(kI32), fld(kI64)}), {s}));
  ValType any = ref(HeapKind::Any, true);
  // ref.cast (ref s2) on an anyref; the result is usable as (ref s).
  uint32_t cast =
      fx.add_func({any}, {ref(s)}, B().op(kLocalGet).u(0).pre(0xFB, 22).s(s2).end().done());
  // ref.test on a funcref for a struct type: wrong hierarchy.
  uint32_t test_bad =
      fx.add_func({funcref()}, {kI32}, B().op(kLocalGet).u(0).pre(0xFB, 20).s(s).end().done());
  // block (result (ref s2)) local.get 0 br_on_cast 0 anyref (ref s2) drop unreachable end
  Bytes rs2 = {0x64};
  auto idx = sleb(s2);
  rs2.insert(rs2.end(), idx.begin(), idx.end());
  B bc;
  bc.op(kBlock).b.insert(bc.b.end(), rs2.begin(), rs2.end());
  bc.op(kLocalGet)
      .u(0)
      .pre(0xFB, 24)
      .op(0x01)
      .u(0)
      .op(0x6E)
      .s(s2)
      .op(kDrop)
      .op(kUnreachable)
      .end()
      .end();
  uint32_t br_cast = fx.add_func({any}, {ref(s2)}, bc.done());
  // br_on_cast with a target outside the source's hierarchy.
  B bb;
  bb.op(kBlock).b.insert(bb.b.end(), rs2.begin(), rs2.end());
  bb.op(kLocalGet)
      .u(0)
      .pre(0xFB, 24)
      .op(0x01)
      .u(0)
      .op(0x70)
      .s(s2)
      .op(kDrop)
      .op(kUnreachable)
      .end()
      .end();
  uint32_t br_cast_bad = fx.add_func({funcref()}, {ref(s2)}, bb.done());
  // ref.as_non_null; br_on_null.
  uint32_t as_nn =
      fx.add_func({any}, {ref(HeapKind::Any)}, B().op(kLocalGet).u(0).op(0xD4).end().done());
  uint32_t on_null = fx.add_func({any}, {ref(HeapKind::Any)},
                                 B().op(kBlock)
                                     .op(kEmpty)
                                     .op(kLocalGet)
                                     .u(0)
                                     .op(0xD5)
                                     .u(0)
                                     .op(kReturn)
                                     .end()
                                     .op(kUnreachable)
                                     .end()
                                     .done());
  uint32_t ref_eq = fx.add_func({any, any}, {kI32},
                                B().op(kLocalGet).u(0).op(kLocalGet).u(1).op(0xD3).end().done());
  uint32_t eq_ok = fx.add_func({ref(s, true), ref(HeapKind::I31)}, {kI32},
                               B().op(kLocalGet).u(0).op(kLocalGet).u(1).op(0xD3).end().done());
  EXPECT_TRUE(Valid(fx.check(cast)));
  EXPECT_TRUE(Invalid(fx.check(test_bad), "type mismatch"));
  EXPECT_TRUE(Valid(fx.check(br_cast)));
  EXPECT_TRUE(Invalid(fx.check(br_cast_bad), "type mismatch"));
  EXPECT_TRUE(Valid(fx.check(as_nn)));
  EXPECT_TRUE(Valid(fx.check(on_null)));
  EXPECT_TRUE(Invalid(fx.check(ref_eq), "type mismatch"));
  EXPECT_TRUE(Valid(fx.check(eq_ok)));
}

TEST(BodyChecker, TryTable) {
  Fixture fx;
  uint32_t tt = type(fx.m, func_t({kI32}, {}));
  fx.m.tags.push_back(TagType{0, tt});
  // block (result i32) try_table (catch 0 0) ... end unreachable end
  uint32_t ok = fx.add_func({}, {kI32},
                            B().op(kBlock)
                                .op(kTI32)
                                .op(kTryTable)
                                .op(kEmpty)
                                .u(1)
                                .op(0x00)
                                .u(0)
                                .u(0)
                                .i32(3)
                                .op(kThrow)
                                .u(0)
                                .end()
                                .op(kUnreachable)
                                .end()
                                .end()
                                .done());
  // The label takes i64: the tag's i32 does not match.
  uint32_t bad = fx.add_func({}, {kI64},
                             B().op(kBlock)
                                 .op(kTI64)
                                 .op(kTryTable)
                                 .op(kEmpty)
                                 .u(1)
                                 .op(0x00)
                                 .u(0)
                                 .u(0)
                                 .end()
                                 .op(kUnreachable)
                                 .end()
                                 .end()
                                 .done());
  // catch_all_ref needs a label taking exnref; throw_ref rethrows it.
  uint32_t ref_ok = fx.add_func({}, {},
                                B().op(kBlock)
                                    .op(0x69)
                                    .op(kTryTable)
                                    .op(kEmpty)
                                    .u(1)
                                    .op(0x03)
                                    .u(0)
                                    .end()
                                    .op(kUnreachable)
                                    .end()
                                    .op(0x0A)
                                    .end()
                                    .done());
  uint32_t unknown_tag =
      fx.add_func({}, {}, B().op(kTryTable).op(kEmpty).u(1).op(0x00).u(3).u(0).end().end().done());
  uint32_t throw_bad = fx.add_func({}, {}, B().i64(1).op(kThrow).u(0).end().done());
  EXPECT_TRUE(Valid(fx.check(ok)));
  EXPECT_TRUE(Invalid(fx.check(bad), "type mismatch"));
  EXPECT_TRUE(Valid(fx.check(ref_ok)));
  EXPECT_TRUE(Invalid(fx.check(unknown_tag), "unknown tag 3"));
  EXPECT_TRUE(Invalid(fx.check(throw_bad),
                      "type mismatch: instruction requires [i32] but stack has [i64]"));
}

TEST(BodyChecker, LegacyTry) {
  Fixture fx;
  uint32_t tt = type(fx.m, func_t({kI32}, {}));
  fx.m.tags.push_back(TagType{0, tt});
  // try (result i32) i32.const 1 catch 0 (tag param on the stack) catch_all i32.const 2 end
  uint32_t ok = fx.add_func(
      {}, {kI32},
      B().op(kTry).op(kTI32).i32(1).op(kCatch).u(0).op(kCatchAll).i32(2).end().end().done());
  uint32_t rethrow = fx.add_func(
      {}, {}, B().op(kTry).op(kEmpty).op(kCatchAll).op(kRethrow).u(0).end().end().done());
  uint32_t rethrow_bad =
      fx.add_func({}, {}, B().op(kTry).op(kEmpty).op(kRethrow).u(0).end().end().done());
  uint32_t rethrow_block =
      fx.add_func({}, {}, B().op(kBlock).op(kEmpty).op(kRethrow).u(0).end().end().done());
  uint32_t delegate = fx.add_func(
      {}, {}, B().op(kTry).op(kEmpty).op(kTry).op(kEmpty).op(kDelegate).u(0).end().end().done());
  uint32_t delegate_far =
      fx.add_func({}, {}, B().op(kTry).op(kEmpty).op(kDelegate).u(1).end().done());
  uint32_t catch_after_all = fx.add_func(
      {}, {}, B().op(kTry).op(kEmpty).op(kCatchAll).op(kCatch).u(0).op(kDrop).end().end().done());
  uint32_t catch_type = fx.add_func(
      {}, {kI32},
      B().op(kTry).op(kTI32).i32(1).op(kCatch).u(0).op(kI64ExtendI32S).end().end().done());
  EXPECT_TRUE(Valid(fx.check(ok)));
  EXPECT_TRUE(Valid(fx.check(rethrow)));
  EXPECT_TRUE(Invalid(fx.check(rethrow_bad), "invalid rethrow label"));
  EXPECT_TRUE(Invalid(fx.check(rethrow_block), "invalid rethrow label"));
  EXPECT_TRUE(Valid(fx.check(delegate)));
  EXPECT_TRUE(Invalid(fx.check(delegate_far), "unknown label"));
  EXPECT_TRUE(Invalid(fx.check(catch_after_all), "catch after catch_all"));
  EXPECT_TRUE(Invalid(fx.check(catch_type), "type mismatch"));
}

TEST(BodyChecker, ErrorPlace) {
  Fixture fx;
  fx.m.num_imported_funcs = 0;
  Expr e = B().i32(1).i64(2).op(kI32Add).end().done();
  e.offset = 100;
  uint32_t f = fx.add_func({}, {}, e);
  Status s = fx.check(f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().offset, 100 + 4);  // i32.const 1 (2 bytes), i64.const 2 (2 bytes)
  EXPECT_EQ(s.error().func_index, int64_t(f));
}

// ---- constant expressions ----------------------------------------------------------------

TEST(ConstExpr, Rules) {
  Module m;
  m.add_import(import_global(GlobalType{kI32, false}, "c"));
  m.add_import(import_global(GlobalType{kI32, true}, "v"));
  m.globals.push_back(global(kI32, i32_const(0)));
  uint32_t ft = type(m, func_t({}, {}));
  m.funcs.push_back(func(ft));
  TypeCanon canon(m);
  TypeContext ctx;
  ctx.canon = &canon;
  auto check = [&](Bytes b, ValType t, uint32_t visible = 3) {
    return validate_const_expr(m, expr(std::move(b)), t, visible, ctx);
  };
  EXPECT_TRUE(Valid(check({kI32Const, 1, kEnd}, kI32)));
  EXPECT_TRUE(Invalid(check({kI32Const, 1, kEnd}, kI64), "type mismatch"));
  EXPECT_TRUE(Invalid(check({kEnd}, kI32), "type mismatch"));
  EXPECT_TRUE(Invalid(check({kI32Const, 1, kI32Const, 1, kEnd}, kI32), "type mismatch"));
  EXPECT_TRUE(Valid(check({kGlobalGet, 0, kI32Const, 2, kI32Add, kEnd}, kI32)));
  EXPECT_TRUE(Invalid(check({kGlobalGet, 1, kEnd}, kI32), "constant expression required"));
  EXPECT_TRUE(Valid(check({kGlobalGet, 2, kEnd}, kI32)));
  EXPECT_TRUE(Invalid(check({kGlobalGet, 2, kEnd}, kI32, 2), "unknown global 2"));
  EXPECT_TRUE(Invalid(check({kI32Const, 1, kI32Const, 1, 0x6D /*i32.div_s*/, kEnd}, kI32),
                      "constant expression required"));
  EXPECT_TRUE(Invalid(check({kNop, kI32Const, 1, kEnd}, kI32), "constant expression required"));
  EXPECT_TRUE(Valid(check({kRefFunc, 0, kEnd}, funcref())));
  EXPECT_TRUE(Valid(check({kRefNull, 0x70, kEnd}, funcref())));
  EXPECT_TRUE(Invalid(check({kRefNull, 0x6F, kEnd}, funcref()), "type mismatch"));
  EXPECT_TRUE(Valid(check({kI32Const, 5, 0xFB, 28, kEnd}, ref(HeapKind::I31))));
}

// ---- the consumer contract -------------------------------------------------------------------

struct Recorder {
  static constexpr bool kWantsEvents = true;
  std::vector<std::string> log;

  static std::string types(std::span<const ValType> ts) {
    std::string s = "[";
    for (size_t i = 0; i < ts.size(); ++i) s += (i ? " " : "") + ir::to_string(ts[i]);
    return s + "]";
  }
  static std::string ev(const Event& e) {
    return " base=" + std::to_string(e.base) + " pop=" + types(e.popped) +
           " push=" + types(e.pushed) + " depth=" + std::to_string(e.controls.size());
  }
  static const char* kind(FrameKind k) {
    switch (k) {
      case FrameKind::Function:
        return "func";
      case FrameKind::Block:
        return "block";
      case FrameKind::Loop:
        return "loop";
      case FrameKind::If:
        return "if";
      case FrameKind::Else:
        return "else";
      case FrameKind::Try:
        return "try";
      case FrameKind::Catch:
        return "catch";
      case FrameKind::CatchAll:
        return "catch_all";
      case FrameKind::TryTable:
        return "try_table";
    }
    return "?";
  }
  void on_begin_function(const ir::FuncType& ft, std::span<const ValType> locals) {
    log.push_back("begin params=" + std::to_string(ft.params.size()) + " locals=" + types(locals));
  }
  void on_instr(const ir::Instr& in, const Event& e) {
    log.push_back(std::string(ir::op_name(in.op)) + ev(e));
  }
  void on_unreachable() { log.push_back("unreachable-code"); }
  void on_block(const ir::Instr&, const Frame& f, const Event& e) {
    log.push_back(std::string("open ") + kind(f.kind) + (f.live ? "" : " dead") +
                  " h=" + std::to_string(f.height) + ev(e));
  }
  void on_else(const Frame& f, const Event& e, bool fell) {
    log.push_back(std::string("else ") + kind(f.kind) + " fell=" + std::to_string(fell) + ev(e));
  }
  void on_catch(const ir::Instr&, const Frame& f, const Event& e, bool fell) {
    log.push_back(std::string("catch ") + kind(f.kind) + " fell=" + std::to_string(fell) + ev(e));
  }
  void on_delegate(const ir::Instr& in, const Frame&, const Event& e, bool fell) {
    log.push_back("delegate " + std::to_string(in.a) + " fell=" + std::to_string(fell) + ev(e));
  }
  void on_end(const Frame& f, const Event& e, bool fell) {
    log.push_back(std::string("end ") + kind(f.kind) + " fell=" + std::to_string(fell) + ev(e));
  }
  bool failed() const { return false; }
  Error take_error() { return Error{}; }
};
static_assert(BodyConsumer<Recorder>);
static_assert(BodyConsumer<NullConsumer>);

TEST(BodyDecoderEvents, SequenceForASmallFunction) {
  // (func (param i32) (result i32) (local i64)
  //   local.get 0
  //   if (result i32)
  //     local.get 0 i32.const 1 i32.add
  //   else
  //     i32.const 7 br 1 (returns) ; dead: i32.add, block ... end
  //   end)
  Fixture fx;
  uint32_t f = fx.add_func({kI32}, {kI32},
                           B().op(kLocalGet)
                               .u(0)
                               .op(kIf)
                               .op(kTI32)
                               .op(kLocalGet)
                               .u(0)
                               .i32(1)
                               .op(kI32Add)
                               .op(kElse)
                               .i32(7)
                               .op(kBr)
                               .u(1)
                               .op(kI32Add)
                               .op(kBlock)
                               .op(kEmpty)
                               .op(kNop)
                               .end()
                               .end()
                               .end()
                               .done(),
                           {{1, kI64}});
  TypeCanon canon(fx.m);
  TypeContext ctx;
  ctx.canon = &canon;
  BodyDecoder<Recorder> d;
  Recorder r;
  ASSERT_TRUE(Valid(d.decode_function(fx.m, ctx, f, r)));
  std::vector<std::string> want = {
      "begin params=1 locals=[i32 i64]",
      "local.get base=0 pop=[] push=[i32] depth=1",
      "open if h=0 base=0 pop=[i32] push=[] depth=2",
      "local.get base=0 pop=[] push=[i32] depth=2",
      "i32.const base=1 pop=[] push=[i32] depth=2",
      "i32.add base=0 pop=[i32 i32] push=[i32] depth=2",
      "else else fell=1 base=0 pop=[i32] push=[] depth=2",
      "i32.const base=0 pop=[] push=[i32] depth=2",
      "br base=0 pop=[i32] push=[] depth=2",
      "unreachable-code",
      "open block dead h=1 base=1 pop=[] push=[] depth=3",
      "end block fell=0 base=1 pop=[] push=[] depth=2",
      "end else fell=0 base=0 pop=[] push=[i32] depth=1",
      "end func fell=1 base=0 pop=[i32] push=[i32] depth=0",
  };
  EXPECT_EQ(r.log, want);
}

TEST(BodyDecoderEvents, BranchTargetsAndBlockParams) {
  // block (result i32) i64.const 9 i32.const 1 i32.const 0 br_if 0 drop drop i32.const 2 end
  Fixture fx;
  uint32_t f = fx.add_func({}, {kI32},
                           B().op(kBlock)
                               .op(kTI32)
                               .i64(9)
                               .i32(1)
                               .i32(0)
                               .op(kBrIf)
                               .u(0)
                               .op(kDrop)
                               .op(kDrop)
                               .i32(2)
                               .end()
                               .end()
                               .done());
  TypeCanon canon(fx.m);
  TypeContext ctx;
  ctx.canon = &canon;
  BodyDecoder<Recorder> d;
  Recorder r;
  ASSERT_TRUE(Valid(d.decode_function(fx.m, ctx, f, r)));
  std::vector<std::string> want = {
      "begin params=0 locals=[]",
      "open block h=0 base=0 pop=[] push=[] depth=2",
      "i64.const base=0 pop=[] push=[i64] depth=2",
      "i32.const base=1 pop=[] push=[i32] depth=2",
      "i32.const base=2 pop=[] push=[i32] depth=2",
      "br_if base=1 pop=[i32 i32] push=[i32] depth=2",
      "drop base=1 pop=[i32] push=[] depth=2",
      "drop base=0 pop=[i64] push=[] depth=2",
      "i32.const base=0 pop=[] push=[i32] depth=2",
      "end block fell=1 base=0 pop=[i32] push=[i32] depth=1",
      "end func fell=1 base=0 pop=[i32] push=[i32] depth=0",
  };
  EXPECT_EQ(r.log, want);
}

TEST(BodyDecoderEvents, LoopsTablesAndExceptions) {
  Fixture fx;
  uint32_t tt = type(fx.m, func_t({kI32}, {}));
  fx.m.tags.push_back(TagType{0, tt});
  uint32_t lt = type(fx.m, func_t({kI32}, {kI32}));
  // (func (param i32) (result i32)
  //   block (result i32)                     ;; $out
  //     try_table (catch 0 0)                ;; the tag's i32 goes to $out
  //       local.get 0
  //       loop (type lt)                     ;; [i32] -> [i32]
  //         i32.const 0  br_table 0 1       ;; to the loop ([i32]) or the try_table ([])
  //       end
  //       drop
  //     end
  //     try  (try delegate 0)  catch 0 drop  catch_all  end
  //     i32.const 5
  //   end)
  uint32_t f = fx.add_func({kI32}, {kI32},
                           B().op(kBlock)
                               .op(kTI32)
                               .op(kTryTable)
                               .op(kEmpty)
                               .u(1)
                               .op(0x00)
                               .u(0)
                               .u(0)
                               .op(kLocalGet)
                               .u(0)
                               .op(kLoop)
                               .s(lt)
                               .i32(0)
                               .op(kBrTable)
                               .u(1)
                               .u(0)
                               .u(1)
                               .end()
                               .op(kDrop)
                               .end()
                               .op(kTry)
                               .op(kEmpty)
                               .op(kTry)
                               .op(kEmpty)
                               .op(kDelegate)
                               .u(0)
                               .op(kCatch)
                               .u(0)
                               .op(kDrop)
                               .op(kCatchAll)
                               .end()
                               .i32(5)
                               .end()
                               .end()
                               .done());
  TypeCanon canon(fx.m);
  TypeContext ctx;
  ctx.canon = &canon;
  BodyDecoder<Recorder> d;
  Recorder r;
  Status s = d.decode_function(fx.m, ctx, f, r);
  // br_table 0 1: label 0 is the loop ([i32]), label 1 the try_table ([]): arities differ.
  EXPECT_TRUE(Invalid(s, "type mismatch"));

  // Same body with br_table 0 0 (both to the loop).
  Fixture fx2 = fx;
  Function& fn = fx2.m.funcs.back();
  fn.body = B().op(kBlock)
                .op(kTI32)
                .op(kTryTable)
                .op(kEmpty)
                .u(1)
                .op(0x00)
                .u(0)
                .u(0)
                .op(kLocalGet)
                .u(0)
                .op(kLoop)
                .s(lt)
                .i32(0)
                .op(kBrTable)
                .u(1)
                .u(0)
                .u(0)
                .end()
                .op(kDrop)
                .end()
                .op(kTry)
                .op(kEmpty)
                .op(kTry)
                .op(kEmpty)
                .op(kDelegate)
                .u(0)
                .op(kCatch)
                .u(0)
                .op(kDrop)
                .op(kCatchAll)
                .end()
                .i32(5)
                .end()
                .end()
                .done();
  Recorder r2;
  ASSERT_TRUE(Valid(d.decode_function(fx2.m, ctx, f, r2)));
  std::vector<std::string> want = {
      "begin params=1 locals=[i32]",
      "open block h=0 base=0 pop=[] push=[] depth=2",
      "open try_table h=0 base=0 pop=[] push=[] depth=3",
      "local.get base=0 pop=[] push=[i32] depth=3",
      "open loop h=0 base=0 pop=[i32] push=[i32] depth=4",
      "i32.const base=1 pop=[] push=[i32] depth=4",
      "br_table base=0 pop=[i32 i32] push=[] depth=4",
      "unreachable-code",
      "end loop fell=0 base=0 pop=[] push=[i32] depth=3",
      "drop base=0 pop=[i32] push=[] depth=3",
      "end try_table fell=1 base=0 pop=[] push=[] depth=2",
      "open try h=0 base=0 pop=[] push=[] depth=3",
      "open try h=0 base=0 pop=[] push=[] depth=4",
      "delegate 0 fell=1 base=0 pop=[] push=[] depth=3",
      "catch catch fell=1 base=0 pop=[] push=[i32] depth=3",
      "drop base=0 pop=[i32] push=[] depth=3",
      "catch catch_all fell=1 base=0 pop=[] push=[] depth=3",
      "end catch_all fell=1 base=0 pop=[] push=[] depth=2",
      "i32.const base=0 pop=[] push=[i32] depth=2",
      "end block fell=1 base=0 pop=[i32] push=[i32] depth=1",
      "end func fell=1 base=0 pop=[i32] push=[i32] depth=0",
  };
  EXPECT_EQ(r2.log, want);
}

TEST(BodyDecoderEvents, BranchCutsTheStack) {
  // block (result i32) i64.const 1 i32.const 2 br 0 end: the br's operand is at slot 1
  // and moves to the block's slot 0; the i64 below it is discarded.
  Fixture fx;
  uint32_t f = fx.add_func({}, {kI32},
                           B().op(kBlock).op(kTI32).i64(1).i32(2).op(kBr).u(0).end().end().done());
  TypeCanon canon(fx.m);
  TypeContext ctx;
  ctx.canon = &canon;
  BodyDecoder<Recorder> d;
  Recorder r;
  ASSERT_TRUE(Valid(d.decode_function(fx.m, ctx, f, r)));
  ASSERT_EQ(r.log.size(), 8u);
  EXPECT_EQ(r.log[4], "br base=1 pop=[i32] push=[] depth=2");
  EXPECT_EQ(r.log[5], "unreachable-code");
  EXPECT_EQ(r.log[6], "end block fell=0 base=0 pop=[] push=[i32] depth=1");
  EXPECT_EQ(d.checker().max_stack_height(), 2u);
}

// ---- robustness -------------------------------------------------------------------------------

// Random bodies built from instruction fragments with small (often wrong) immediates:
// the checker must answer without crashing or reading out of bounds (run under ASan),
// and the event path must agree with plain validation.
TEST(BodyCheckerRobustness, RandomBodiesNeverCrash) {
  Fixture fx;
  uint32_t ft = type(fx.m, func_t({kI32}, {kI32}));
  uint32_t st = type(fx.m, struct_t({fld(kI32, true), fld(ValType::num(ValKind::I8), false)}));
  uint32_t at = type(fx.m, array_t(fld(kI64, true)));
  (void)st;
  (void)at;
  fx.m.memories.push_back(mem(1));
  fx.m.tables.push_back(table(funcref(), 1));
  fx.m.tags.push_back(TagType{0, ft});
  fx.m.globals.push_back(global(kI32, i32_const(0), true));
  fx.m.datas.push_back(DataSegment{});
  ElemSegment es;
  es.mode = SegmentMode::Passive;
  fx.m.elems.push_back(es);
  const std::vector<Bytes> frags = {{kUnreachable},
                                    {kNop},
                                    {kBlock, kEmpty},
                                    {kBlock, kTI32},
                                    {kBlock, 0x00},
                                    {kLoop, kEmpty},
                                    {kLoop, 0x00},
                                    {kIf, kEmpty},
                                    {kIf, kTI32},
                                    {kElse},
                                    {kEnd},
                                    {kEnd},
                                    {kTry, kEmpty},
                                    {kCatch, 0},
                                    {kCatchAll},
                                    {kDelegate, 0},
                                    {kRethrow, 0},
                                    {kThrow, 0},
                                    {kBr, 0},
                                    {kBr, 1},
                                    {kBrIf, 0},
                                    {kBrTable, 2, 0, 1, 0},
                                    {kReturn},
                                    {kCall, 0},
                                    {0x11, 0, 0},
                                    {0x12, 0},
                                    {0x14, 0},
                                    {0x1F, kEmpty, 1, 0, 0, 0},
                                    {0x1F, kTI32, 1, 2, 0},
                                    {kDrop},
                                    {kSelect},
                                    {kSelectT, 1, kTI32},
                                    {kLocalGet, 0},
                                    {kLocalGet, 1},
                                    {kLocalSet, 1},
                                    {kLocalTee, 0},
                                    {kGlobalGet, 0},
                                    {kGlobalSet, 0},
                                    {kI32Load, 2, 0},
                                    {kI32Store, 2, 0},
                                    {kI32Const, 1},
                                    {kI64Const, 1},
                                    {kF32Const, 0, 0, 0, 0},
                                    {kI32Add},
                                    {kI64Add},
                                    {kRefNull, 0x70},
                                    {kRefNull, 0x00},
                                    {kRefIsNull},
                                    {kRefFunc, 0},
                                    {0xD4},
                                    {0xD5, 0},
                                    {0xD6, 0},
                                    {0xFB, 0, 1},
                                    {0xFB, 2, 1, 0},
                                    {0xFB, 5, 1, 1},
                                    {0xFB, 6, 2},
                                    {0xFB, 8, 2, 3},
                                    {0xFB, 11, 2},
                                    {0xFB, 15},
                                    {0xFB, 22, 0x6E},
                                    {0xFB, 24, 1, 0, 0x6E, 1},
                                    {0xFB, 28},
                                    {0xFC, 8, 0, 0},
                                    {0xFC, 12, 0, 0},
                                    {0xFC, 15, 0},
                                    {0xFD, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                                    {0xFD, 21, 3},
                                    {0xFE, 0x10, 2, 0},
                                    {0x0A},
                                    {0xFF}};
  uint32_t seed = 12345;
  auto rnd = [&seed](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
  };
  TypeCanon canon(fx.m);
  std::vector<bool> refs(1, true);
  TypeContext ctx;
  ctx.canon = &canon;
  ctx.declared_funcs = &refs;
  fx.m.funcs.push_back(func(ft));
  fx.m.funcs.back().locals = {{1, kI32}, {1, ref(HeapKind::Extern)}};
  BodyDecoder<Recorder> events;
  BodyDecoder<NullConsumer> plain;
  int valid = 0;
  for (int iter = 0; iter < 4000; ++iter) {
    Bytes b;
    uint32_t n = rnd(24);
    for (uint32_t i = 0; i < n; ++i) {
      const Bytes& f = frags[rnd(uint32_t(frags.size()))];
      b.insert(b.end(), f.begin(), f.end());
      if (rnd(16) == 0) b.push_back(uint8_t(rnd(256)));  // garbage
    }
    for (uint32_t i = rnd(3); i > 0; --i) b.push_back(kEnd);
    if (rnd(8) == 0 && !b.empty()) b.resize(rnd(uint32_t(b.size())));
    fx.m.funcs.back().body = expr(b);
    Recorder r;
    NullConsumer nc;
    Status s1 = events.decode_function(fx.m, ctx, 0, r);
    Status s2 = plain.decode_function(fx.m, ctx, 0, nc);
    ASSERT_EQ(s1.ok(), s2.ok());
    if (!s1.ok()) {
      ASSERT_EQ(s1.error().message, s2.error().message);
    }
    valid += s1.ok();
  }
  EXPECT_GT(valid, 0);
}

}  // namespace
}  // namespace skiff::valid

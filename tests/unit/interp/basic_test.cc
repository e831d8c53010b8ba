// The interpreter on small hand-written modules: arithmetic, locals, control flow,
// calls, memory, traps.
#include "interp_test_util.h"

namespace skiff::interp::testing {
namespace {

TEST(InterpBasic, AddAndConst) {
  Wasm w(R"((module
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "k") (result i32) i32.const 7 i32.const 35 i32.add)
    (func (export "sub64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.sub)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("add", {I32(2), I32(40)}), 42u);
  EXPECT_EQ(w.i32("add", {I32(0xFFFFFFFF), I32(1)}), 0u);
  EXPECT_EQ(w.i32("k"), 42u);
  EXPECT_EQ(w.i64("sub64", {I64(10), I64(11)}), ~uint64_t(0));
}

TEST(InterpBasic, FibRecursive) {
  Wasm w(R"((module
    (func $fib (export "fib") (param i32) (result i32)
      local.get 0 i32.const 2 i32.lt_u
      if (result i32) local.get 0
      else
        local.get 0 i32.const 1 i32.sub call $fib
        local.get 0 i32.const 2 i32.sub call $fib
        i32.add
      end)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("fib", {I32(0)}), 0u);
  EXPECT_EQ(w.i32("fib", {I32(1)}), 1u);
  EXPECT_EQ(w.i32("fib", {I32(10)}), 55u);
  EXPECT_EQ(w.i32("fib", {I32(20)}), 6765u);
}

TEST(InterpBasic, LoopSum) {
  Wasm w(R"((module
    (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
      block $done
        loop $top
          local.get $i local.get $n i32.ge_u br_if $done
          local.get $s local.get $i i32.add local.set $s
          local.get $i i32.const 1 i32.add local.set $i
          br $top
        end
      end
      local.get $s)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("sum", {I32(0)}), 0u);
  EXPECT_EQ(w.i32("sum", {I32(101)}), 5050u);
}

TEST(InterpBasic, SwapThroughLocalsAndMultiValue) {
  Wasm w(R"((module
    (func $swap (param i32 i32) (result i32 i32) local.get 1 local.get 0)
    (func (export "f") (result i32)
      i32.const 1 i32.const 2 call $swap i32.const 10 i32.mul i32.add)
    (func (export "tee") (param i32) (result i32) (local i32)
      local.get 0 local.tee 1 local.get 1 i32.const 1 i32.add local.set 1 local.get 1 i32.add)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("f"), 2u + 10u);
  EXPECT_EQ(w.i32("tee", {I32(5)}), 5u + 6u);
}

TEST(InterpBasic, AliasFlushedBeforeLocalSet) {
  // local.get 0 stays an alias on the stack; local.set 0 must not change it.
  Wasm w(R"((module
    (func (export "f") (param i32) (result i32)
      local.get 0
      i32.const 100 local.set 0
      local.get 0 i32.add)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("f", {I32(5)}), 105u);
}

TEST(InterpBasic, BrTableAndBlockResults) {
  Wasm w(R"((module
    (func (export "sw") (param i32) (result i32)
      block $c block $b block $a
        local.get 0 br_table $a $b $c
      end i32.const 10 return
      end i32.const 20 return
      end i32.const 30)
    (func (export "val") (param i32) (result i32)
      block $out (result i32)
        i32.const 7 local.get 0 br_if $out drop i32.const 8
      end)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("sw", {I32(0)}), 10u);
  EXPECT_EQ(w.i32("sw", {I32(1)}), 20u);
  EXPECT_EQ(w.i32("sw", {I32(2)}), 30u);
  EXPECT_EQ(w.i32("sw", {I32(99)}), 30u);
  EXPECT_EQ(w.i32("val", {I32(1)}), 7u);
  EXPECT_EQ(w.i32("val", {I32(0)}), 8u);
}

TEST(InterpBasic, MemoryLoadStoreAndTraps) {
  Wasm w(R"((module (memory 1)
    (func (export "st") (param i32 i32) local.get 0 local.get 1 i32.store)
    (func (export "ld") (param i32) (result i32) local.get 0 i32.load)
    (func (export "ld8") (param i32) (result i32) local.get 0 i32.load8_s offset=1)
    (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
    (func (export "size") (result i32) memory.size)))");
  ASSERT_TRUE(w.ok()) << w.error();
  w.call("st", {I32(8), I32(0x80FF0102)});
  EXPECT_EQ(w.i32("ld", {I32(8)}), 0x80FF0102u);
  EXPECT_EQ(w.i32("ld8", {I32(9)}), 0xFFFFFFFFu);
  EXPECT_EQ(w.trap_of("ld", {I32(65533)}), "out of bounds memory access");
  EXPECT_EQ(w.i32("grow", {I32(2)}), 1u);
  EXPECT_EQ(w.i32("size"), 3u);
  EXPECT_EQ(w.i32("ld", {I32(65533)}), 0u);
  EXPECT_EQ(w.i32("grow", {I32(70000)}), 0xFFFFFFFFu);
}

TEST(InterpBasic, TrapsHaveMessagesAndBacktrace) {
  Wasm w(R"((module
    (func $inner (param i32) (result i32) i32.const 1 local.get 0 i32.div_u)
    (func $outer (export "div") (param i32) (result i32) local.get 0 call $inner)
    (func (export "unr") unreachable)
    (func $rec (export "rec") call $rec)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("div", {I32(1)}), 1u);
  EXPECT_EQ(w.trap_of("div", {I32(0)}), "integer divide by zero");
  ASSERT_TRUE(w.last_trap());
  ASSERT_EQ(w.last_trap()->backtrace.size(), 2u);
  EXPECT_EQ(w.last_trap()->backtrace[0].func_index, 0u);
  EXPECT_EQ(w.last_trap()->backtrace[0].name, "inner");
  EXPECT_EQ(w.last_trap()->backtrace[1].name, "outer");
  EXPECT_EQ(w.trap_of("unr"), "unreachable");
  EXPECT_EQ(w.trap_of("rec"), "call stack exhausted");
  // The interpreter is usable after a trap.
  EXPECT_EQ(w.i32("div", {I32(1)}), 1u);
}

TEST(InterpBasic, MutualTailRecursionMillionDeep) {
  Wasm w(R"((module
    (func $even (export "even") (param i64) (result i32)
      local.get 0 i64.eqz if (result i32) i32.const 1
      else local.get 0 i64.const 1 i64.sub return_call $odd end)
    (func $odd (param i64) (result i32)
      local.get 0 i64.eqz if (result i32) i32.const 0
      else local.get 0 i64.const 1 i64.sub return_call $even end)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("even", {I64(1'000'000)}), 1u);
  EXPECT_EQ(w.i32("even", {I64(1'000'001)}), 0u);
}

}  // namespace
}  // namespace skiff::interp::testing

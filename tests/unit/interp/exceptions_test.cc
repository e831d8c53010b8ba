// Exceptions: try_table with every catch kind, throw_ref, exceptions crossing
// frames, legacy try/catch/delegate/rethrow, and uncaught exceptions at the host.
#include "interp_test_util.h"

namespace skiff::interp::testing {
namespace {

TEST(InterpExceptions, TryTableCatchesPayloadAcrossFrames) {
  Wasm w(R"((module
    (tag $e (param i32 i64))
    (func $thrower (param i32) local.get 0 i64.const 5 throw $e)
    (func (export "f") (param i32) (result i32)
      (block $h (result i32 i64)
        (try_table (catch $e $h)
          local.get 0 call $thrower)
        i32.const -1 i64.const 0 br $h)
      i32.wrap_i64 i32.add)
    (func (export "uncaught") i32.const 1 call $thrower)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("f", {I32(10)}), 15u);
  auto r = w.call("uncaught");
  ASSERT_FALSE(r);
  EXPECT_EQ(w.last_trap()->kind, sem::TrapKind::UncaughtException);
  ASSERT_NE(w.last_trap()->exception, nullptr);
  EXPECT_EQ(w.last_trap()->exception->payload.size(), 2u);
  EXPECT_EQ(w.last_trap()->exception->payload[0].i32, 1u);
}

TEST(InterpExceptions, CatchRefAndThrowRef) {
  Wasm w(R"((module
    (tag $e (param i32))
    (func (export "f") (result i32)
      (block $outer (result i32)
        (try_table (catch $e $outer)
          (block $h (result i32 exnref)
            (try_table (catch_ref $e $h) i32.const 42 throw $e)
            unreachable)
          throw_ref)
        unreachable))
    (func (export "all") (result i32)
      (block $h
        (try_table (catch_all $h) i32.const 1 throw $e)
        unreachable)
      i32.const 7)
    (func (export "null") (block (result exnref) ref.null exn) throw_ref)))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("f"), 42u);
  EXPECT_EQ(w.i32("all"), 7u);
  EXPECT_EQ(w.trap_of("null"), "null exception reference");
}

TEST(InterpExceptions, LegacyTryCatchRethrowDelegate) {
  Wasm w(R"((module
    (tag $a (param i32))
    (tag $b)
    (func (export "catch") (param i32) (result i32)
      (try (result i32)
        (do local.get 0 i32.eqz (if (then i32.const 3 throw $a)) (throw $b))
        (catch $a i32.const 100 i32.add)
        (catch_all i32.const 200)))
    (func (export "rethrow") (result i32)
      (try (result i32)
        (do (try (do i32.const 9 throw $a) (catch $a drop rethrow 0)) i32.const 0)
        (catch $a)))
    (func (export "delegate") (result i32)
      (try (result i32)
        (do (try (do i32.const 4 throw $a) (delegate 0)) i32.const 0)
        (catch $a i32.const 1000 i32.add)))))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("catch", {I32(0)}), 103u);
  EXPECT_EQ(w.i32("catch", {I32(1)}), 200u);
  EXPECT_EQ(w.i32("rethrow"), 9u);
  EXPECT_EQ(w.i32("delegate"), 1004u);
}

}  // namespace
}  // namespace skiff::interp::testing

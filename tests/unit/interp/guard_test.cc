// Guard-page memories: unchecked accesses whose faults become traps, and the
// explicit-check fallback, give the same results and backtraces.
#include "interp/fault_handler.h"
#include "interp_test_util.h"

namespace skiff::interp::testing {
namespace {

const char* kMem = R"((module (memory 1)
  (func $inner (param i32) (result i32) (i32.load offset=0xFFFFFFFF (local.get 0)))
  (func (export "far") (param i32) (result i32) (call $inner (local.get 0)))
  (func (export "edge") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "store") (param i32) (i32.store16 (local.get 0) (i32.const 7)))
  (func (export "grow_then_load") (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 70000) (i32.const 42))
    (i32.load (i32.const 70000)))))";

void check_traps(bool guard_pages) {
  InterpConfig cfg;
  cfg.guard_pages = guard_pages;
  Wasm w(kMem, cfg);
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.trap_of("far", {I32(0xFFFFFFFF)}), "out of bounds memory access");
  ASSERT_TRUE(w.last_trap());
  ASSERT_EQ(w.last_trap()->backtrace.size(), 2u);
  EXPECT_EQ(w.last_trap()->backtrace[0].name, "inner");
  EXPECT_EQ(w.trap_of("edge", {I32(65529)}), "out of bounds memory access");
  EXPECT_EQ(w.trap_of("edge", {I32(65528)}), "no trap");
  EXPECT_EQ(w.trap_of("store", {I32(65535)}), "out of bounds memory access");
  EXPECT_EQ(w.trap_of("grow_then_load"), "no trap");
  EXPECT_EQ(w.i32("grow_then_load"), 42u);
  // The store keeps working after a fault.
  EXPECT_EQ(w.trap_of("edge", {I32(0)}), "no trap");
}

TEST(InterpGuard, FaultsBecomeTraps) {
  ASSERT_TRUE(detail::install_fault_handler());
  check_traps(true);
}

TEST(InterpGuard, ExplicitChecksGiveTheSameResults) { check_traps(false); }

TEST(InterpGuard, FaultOutsideGuestCodeIsNotATrap) {
  // No interpreter entry is active on this thread: the handler must not claim
  // faults (checked indirectly: no scope is set outside run()).
  EXPECT_EQ(detail::tls_fault_scope, nullptr);
}

}  // namespace
}  // namespace skiff::interp::testing

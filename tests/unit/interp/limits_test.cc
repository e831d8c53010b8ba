// Resource limits: fuel (deterministic, refillable), interruption from another
// thread, call depth and value-stack size.
#include <chrono>
#include <thread>

#include "interp_test_util.h"

namespace skiff::interp::testing {
namespace {

const char* kLoop = R"((module
  (func (export "spin") (loop $l (br $l)))
  (func $f (export "count") (param $n i32) (result i32) (local $i i32)
    (loop $l
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $i))
  (func $rec (export "rec") (param i32) (result i32)
    (call $rec (i32.add (local.get 0) (i32.const 1))))))";

struct Limited {
  rt::Engine engine;
  rt::Store store{engine};
  std::unique_ptr<Interpreter> interp;
  rt::Instance* inst = nullptr;

  explicit Limited(bool fuel, bool interruptible, InterpConfig cfg = {}) {
    store.limits.fuel = fuel;
    store.limits.interruptible = interruptible;
    interp = std::make_unique<Interpreter>(store, cfg);
    auto m = text::parse_wat(kLoop);
    auto cm = rt::CompiledModule::compile(std::move(*m));
    inst = *rt::instantiate(store, *cm, {});
  }
  std::optional<rt::Trap> call(const char* name, std::vector<rt::Val> args,
                               std::vector<rt::Val>* out = nullptr) {
    std::vector<rt::Val> r;
    auto t = rt::invoke(store, inst->export_func(name), args, r);
    if (out) *out = r;
    return t;
  }
};

TEST(InterpLimits, FuelStopsAnEndlessLoopAndIsDeterministic) {
  Limited l(true, false);
  l.store.set_fuel(100'000);
  auto t = l.call("spin", {});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, sem::TrapKind::OutOfFuel);
  EXPECT_EQ(t->message, "all fuel consumed");
  EXPECT_EQ(l.store.fuel(), 0u);
  // Same work, same fuel: count(1000) twice leaves the same remainder each time.
  l.store.set_fuel(1'000'000);
  std::vector<rt::Val> r;
  ASSERT_FALSE(l.call("count", {I32(1000)}, &r));
  EXPECT_EQ(r[0].i32, 1000u);
  uint64_t used = 1'000'000 - l.store.fuel();
  EXPECT_GT(used, 1000u);  // at least one unit per iteration
  l.store.set_fuel(1'000'000);
  ASSERT_FALSE(l.call("count", {I32(1000)}, &r));
  EXPECT_EQ(1'000'000 - l.store.fuel(), used);
  // Refuelled, the store runs again.
  l.store.set_fuel(used - 1);
  EXPECT_TRUE(l.call("count", {I32(1000)}));
  l.store.set_fuel(used);
  EXPECT_FALSE(l.call("count", {I32(1000)}));
}

TEST(InterpLimits, InterruptFromAnotherThread) {
  Limited l(false, true);
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    l.store.interrupt();
  });
  auto start = std::chrono::steady_clock::now();
  auto t = l.call("spin", {});
  killer.join();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, sem::TrapKind::Interrupted);
  EXPECT_EQ(t->message, "interrupted");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // The store keeps working.
  std::vector<rt::Val> r;
  ASSERT_FALSE(l.call("count", {I32(10)}, &r));
  EXPECT_EQ(r[0].i32, 10u);
}

TEST(InterpLimits, CallDepthAndStackSize) {
  InterpConfig small;
  small.max_call_depth = 500;
  Limited d(false, false, small);
  auto t = d.call("rec", {I32(0)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->message, "call stack exhausted");
  InterpConfig tiny_stack;
  tiny_stack.value_stack_bytes = 64 * 1024;
  Limited s(false, false, tiny_stack);
  t = s.call("rec", {I32(0)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->message, "call stack exhausted");
  std::vector<rt::Val> r;
  ASSERT_FALSE(s.call("count", {I32(3)}, &r));
  EXPECT_EQ(r[0].i32, 3u);
}

TEST(InterpLimits, MemoryCapMakesGrowFailAndTheStoreRunsOn) {
  rt::Engine engine;
  rt::Store store(engine);
  store.limits.max_memory_bytes = 4 << 16;  // 4 pages
  Interpreter interp(store);
  auto m = text::parse_wat(R"((module (memory 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))))");
  auto cm = rt::CompiledModule::compile(std::move(*m));
  auto inst = rt::instantiate(store, *cm, {});
  ASSERT_TRUE(inst.ok());
  std::vector<rt::Val> r;
  ASSERT_FALSE(rt::invoke(store, (*inst)->export_func("grow"), std::vector<rt::Val>{I32(10)}, r));
  EXPECT_EQ(r[0].i32, 0xFFFFFFFFu);  // -1: past the store's cap
  ASSERT_FALSE(rt::invoke(store, (*inst)->export_func("grow"), std::vector<rt::Val>{I32(3)}, r));
  EXPECT_EQ(r[0].i32, 1u);
  ASSERT_FALSE(rt::invoke(store, (*inst)->export_func("size"), {}, r));
  EXPECT_EQ(r[0].i32, 4u);
  // A module whose initial memory is over the cap does not instantiate...
  auto big = text::parse_wat("(module (memory 5))");
  auto bigc = rt::CompiledModule::compile(std::move(*big));
  rt::InstantiateInfo info;
  auto bi = rt::instantiate(store, *bigc, {}, &info);
  ASSERT_FALSE(bi.ok());
  EXPECT_EQ(info.failure, rt::InstantiateFailure::Resource);
  // ...and the store runs the first module on.
  ASSERT_FALSE(rt::invoke(store, (*inst)->export_func("size"), {}, r));
  EXPECT_EQ(r[0].i32, 4u);
}

// Code with checks counts each function's entries (rt::Func::calls, tier auto's
// "entered once?"): calls, tail calls and calls from the host all count; code
// without checks counts nothing.
TEST(InterpLimits, CodeWithChecksCountsCalls) {
  const char* wat = R"((module
    (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func $tail (param i32) (result i32) (return_call $leaf (local.get 0)))
    (func (export "run") (param $n i32) (result i32) (local $i i32) (local $acc i32)
      (loop $l
        (local.set $acc (call $leaf (local.get $acc)))
        (local.set $acc (call $tail (local.get $acc)))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (local.get $acc))))";
  for (bool checks : {false, true}) {
    rt::Engine engine;
    rt::Store store(engine);
    store.limits.interruptible = checks;
    Interpreter interp(store, InterpConfig{});
    auto m = text::parse_wat(wat);
    ASSERT_TRUE(m.ok());
    auto cm = rt::CompiledModule::compile(std::move(*m));
    ASSERT_TRUE(cm.ok());
    rt::Instance* inst = *rt::instantiate(store, *cm, {});
    rt::Func* run = inst->export_func("run");
    for (int round = 0; round < 3; ++round) {
      std::vector<rt::Val> args{I32(1000)}, r(1);
      ASSERT_FALSE(rt::invoke(store, run, args, r));
      EXPECT_EQ(r[0].i32, 2000u);
    }
    // funcs: $leaf, $tail, run (no imports).
    EXPECT_EQ(inst->funcs[2]->calls, checks ? 3u : 0u);
    EXPECT_EQ(inst->funcs[1]->calls, checks ? 3000u : 0u);
    EXPECT_EQ(inst->funcs[0]->calls, checks ? 6000u : 0u);  // called, and tail-called
  }
}

}  // namespace
}  // namespace skiff::interp::testing

// Store limits through the C++ API: fuel, interruption, timeout, memory caps,
// stack exhaustion; the store and engine stay usable afterwards.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "skiff/skiff.hpp"

namespace {

using namespace skiff;

const char* kLoops = R"((module
  (memory (export "mem") 1)
  (func (export "forever") (loop $l (br $l)))
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $down (i32.sub (local.get 0) (i32.const 1))))))
  (func $rec (export "recurse") (call $rec))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "read_high") (result i32) (i32.load offset=16 (i32.const 0xFFFFFFFF)))))";

Instance instantiate(Store& store, const Module& m) {
  auto inst = Instance::create(store, m, {});
  EXPECT_TRUE(inst.ok());
  return *inst;
}

TEST(ApiLimits, FuelStopsALoopAndRefuels) {
  Engine engine;
  auto m = Module::compile_text(engine, kLoops);
  ASSERT_TRUE(m.ok());
  StoreLimits limits;
  limits.fuel = 100'000;
  Store store(engine, limits);
  Instance inst = instantiate(store, *m);
  auto r = inst.func("forever")->call({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), TrapReason::OutOfFuel);
  EXPECT_EQ(r.error().message(), "all fuel consumed");
  EXPECT_EQ(store.fuel(), 0u);
  ASSERT_TRUE(store.set_fuel(1'000'000).ok());
  auto down = inst.func("down")->typed<int32_t(int32_t)>();
  EXPECT_EQ(*down->call(1000), 0);
  EXPECT_LT(store.fuel(), 1'000'000u);
  EXPECT_GT(store.fuel(), 900'000u);
  // A store without fuel refuses set_fuel.
  Store plain(engine);
  EXPECT_FALSE(plain.set_fuel(10).ok());
}

TEST(ApiLimits, InterruptFromAnotherThread) {
  Engine engine;
  auto m = Module::compile_text(engine, kLoops);
  ASSERT_TRUE(m.ok());
  StoreLimits limits;
  limits.interruptible = true;
  Store store(engine, limits);
  Instance inst = instantiate(store, *m);
  InterruptHandle handle = store.interrupt_handle();
  std::thread t([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    handle.interrupt();
  });
  auto r = inst.func("forever")->call({});
  t.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), TrapReason::Interrupted);
  // The same store runs the next call.
  EXPECT_EQ(*inst.func("down")->typed<int32_t(int32_t)>()->call(10), 0);
}

TEST(ApiLimits, TimeoutPerCall) {
  Engine engine;
  auto m = Module::compile_text(engine, kLoops);
  ASSERT_TRUE(m.ok());
  StoreLimits limits;
  limits.timeout = std::chrono::milliseconds(100);
  Store store(engine, limits);
  Instance inst = instantiate(store, *m);
  auto start = std::chrono::steady_clock::now();
  auto r = inst.func("forever")->call({});
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), TrapReason::Interrupted);
  EXPECT_GE(took, std::chrono::milliseconds(90));
  EXPECT_LT(took, std::chrono::seconds(10));
  // Short calls are not affected by the previous timeout.
  for (int i = 0; i < 100; ++i) EXPECT_EQ(*inst.func("down")->typed<int32_t(int32_t)>()->call(10), 0);
}

TEST(ApiLimits, MemoryCapMakesGrowFail) {
  Engine engine;
  auto m = Module::compile_text(engine, kLoops);
  ASSERT_TRUE(m.ok());
  StoreLimits limits;
  limits.max_memory_bytes = 4 * 65536;
  Store store(engine, limits);
  Instance inst = instantiate(store, *m);
  auto grow = inst.func("grow")->typed<int32_t(int32_t)>();
  EXPECT_EQ(*grow->call(3), 1);
  EXPECT_EQ(*grow->call(1), -1);
  EXPECT_EQ(inst.memory("mem")->pages(), 4u);
  // A module declaring more than the cap does not instantiate.
  auto big = Module::compile_text(engine, "(module (memory 8))");
  ASSERT_TRUE(big.ok());
  auto fail = Instance::create(store, *big, {});
  ASSERT_FALSE(fail.ok());
  EXPECT_FALSE(fail.error().error.message.empty());
}

TEST(ApiLimits, StackExhaustionAndHighAddressesTrap) {
  Config config;
  config.max_call_depth = 5000;
  Engine engine(config);
  auto m = Module::compile_text(engine, kLoops);
  ASSERT_TRUE(m.ok());
  Store store(engine);
  Instance inst = instantiate(store, *m);
  auto r = inst.func("recurse")->call({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), TrapReason::CallStackExhausted);
  EXPECT_EQ(r.error().message(), "call stack exhausted");
  auto high = inst.func("read_high")->call({});
  ASSERT_FALSE(high.ok());
  EXPECT_EQ(high.error().reason(), TrapReason::MemoryOutOfBounds);
  EXPECT_EQ(*inst.func("down")->typed<int32_t(int32_t)>()->call(100), 0);
}

}  // namespace

// skiff::SharedMemory (skiff/threads.h): one shared memory imported by stores on
// different threads; atomics from every thread add up, memory.atomic.wait in one
// store is woken by memory.atomic.notify in another, and growth is seen by all.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "skiff/skiff.hpp"
#include "skiff/threads.h"

namespace {

using namespace skiff;

const char* kWat = R"((module
  (import "env" "memory" (memory 1 4 shared))
  (func (export "add") (param i32)
    (loop $l
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "wait") (param i32) (result i32)
    (memory.atomic.wait32 (i32.const 8) (local.get 0) (i64.const -1)))
  (func (export "notify") (result i32)
    (i32.atomic.store (i32.const 8) (i32.const 1))
    (memory.atomic.notify (i32.const 8) (i32.const 1)))
  (func (export "notify_only") (result i32) (memory.atomic.notify (i32.const 8) (i32.const 1)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load_last") (result i32)
    (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))))
)";

MemoryType shared_type() {
  MemoryType t;
  t.limits.min = 1;
  t.limits.max = 4;
  t.shared = true;
  return t;
}

TEST(ApiSharedMemory, CreateNeedsSharedAndMax) {
  Engine engine;
  MemoryType t = shared_type();
  t.shared = false;
  EXPECT_FALSE(SharedMemory::create(engine, t).ok());
  t = shared_type();
  t.limits.max.reset();
  EXPECT_FALSE(SharedMemory::create(engine, t).ok());
  auto m = SharedMemory::create(engine, shared_type());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->pages(), 1u);
  EXPECT_TRUE(m->type().shared);
}

TEST(ApiSharedMemory, StoresOnFourThreadsShareAtomics) {
  Engine engine;
  auto m = Module::compile_text(engine, kWat);
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto mem = SharedMemory::create(engine, shared_type());
  ASSERT_TRUE(mem.ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.define_shared_memory("env", "memory", *mem).ok());
  constexpr int kThreads = 4, kAdds = 50'000;
  std::vector<std::thread> ts;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    ts.emplace_back([&] {
      Store store(engine);  // one store per thread
      auto inst = linker.instantiate(store, *m);
      if (!inst.ok() || !inst->func("add")->call({Val::i32(kAdds)}).ok()) ++failures;
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(failures.load(), 0);
  uint32_t total;
  std::memcpy(&total, mem->data(), 4);
  EXPECT_EQ(total, uint32_t(kThreads * kAdds));
}

TEST(ApiSharedMemory, NotifyInOneStoreWakesWaitInAnother) {
  Engine engine;
  auto m = Module::compile_text(engine, kWat);
  ASSERT_TRUE(m.ok());
  auto mem = SharedMemory::create(engine, shared_type());
  ASSERT_TRUE(mem.ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.define_shared_memory("env", "memory", *mem).ok());
  std::atomic<int32_t> wait_result{-1};
  std::thread waiter([&] {
    Store store(engine);
    auto inst = linker.instantiate(store, *m);
    if (!inst.ok()) return;
    auto r = inst->func("wait")->call({Val::i32(0)});
    if (r.ok()) wait_result = (*r)[0].as_i32();
  });
  Store store(engine);
  auto inst = linker.instantiate(store, *m);
  ASSERT_TRUE(inst.ok());
  // The word stays 0: notify (without a store) until the parked waiter is woken.
  int32_t woken = 0;
  while (woken == 0) {
    auto r = inst->func("notify_only")->call({});
    ASSERT_TRUE(r.ok());
    woken = (*r)[0].as_i32();
    std::this_thread::yield();
  }
  waiter.join();
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(wait_result.load(), 0);  // "ok": woken by the other store's notify
}

TEST(ApiSharedMemory, GrowthIsSeenByEveryStoreAndDataNeverMoves) {
  Engine engine;
  auto m = Module::compile_text(engine, kWat);
  ASSERT_TRUE(m.ok());
  auto mem = SharedMemory::create(engine, shared_type());
  ASSERT_TRUE(mem.ok());
  uint8_t* before = mem->data();
  Linker linker(engine);
  ASSERT_TRUE(linker.define_shared_memory("env", "memory", *mem).ok());
  Store a(engine), b(engine);
  auto ia = linker.instantiate(a, *m);
  auto ib = linker.instantiate(b, *m);
  ASSERT_TRUE(ia.ok() && ib.ok());
  auto g = mem->grow(2);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(*g, 1u);
  EXPECT_EQ(mem->data(), before);
  const uint32_t marker = 0xC0FFEE;
  std::memcpy(mem->data() + 3 * 65536 - 4, &marker, 4);
  std::thread t([&] {
    auto r = ib->func("load_last")->call({});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(uint32_t((*r)[0].as_i32()), marker);
  });
  t.join();
  auto sz = ia->func("size")->call({});
  ASSERT_TRUE(sz.ok());
  EXPECT_EQ((*sz)[0].as_i32(), 3);
  EXPECT_FALSE(mem->grow(2).ok());  // past the max of 4
}

}  // namespace

// One Module shared by threads: each thread instantiates it into fresh stores and
// calls it, concurrently, with correct results.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "skiff/skiff.hpp"

namespace {

using namespace skiff;

TEST(ApiThreads, EightThreadsInstantiateAndCallOneModule) {
  Engine engine;
  auto m = Module::compile_text(engine, R"((module
    (import "env" "k" (func $k (result i32)))
    (memory 1)
    (global $g (mut i32) (i32.const 0))
    (data (i32.const 0) "\05\00\00\00")
    (func (export "f") (param i32) (result i32)
      (global.set $g (i32.add (global.get $g) (local.get 0)))
      (i32.add (i32.mul (global.get $g) (i32.load (i32.const 0))) (call $k)))))");
  ASSERT_TRUE(m.ok());
  Linker linker(engine);  // shared too: its host function is made per store
  ASSERT_TRUE(linker.func("env", "k", []() { return int32_t(1000); }).ok());
  constexpr int kThreads = 8, kIters = 10'000;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIters; ++i) {
        Store store(engine);
        auto inst = linker.instantiate(store, *m);
        if (!inst.ok()) {
          ++failures;
          continue;
        }
        auto f = inst->func("f")->typed<int32_t(int32_t)>();
        int32_t x = t * kIters + i;
        auto r1 = f->call(x);
        auto r2 = f->call(1);
        // Fresh store: the global starts at 0 every time.
        if (!r1.ok() || !r2.ok() || *r1 != x * 5 + 1000 || *r2 != (x + 1) * 5 + 1000) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace

// Tier auto compiles hot code on a background thread. A process that calls exit()
// with the store alive (skiff run does, at every way out) must first stop that
// thread: exit() destroys LLVM's static objects, and a compile still running then
// aborted ("LLVM ERROR: ...") or crashed after the guest had finished.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "no_tier_override.h"
#include "skiff/skiff.hpp"

namespace {

using namespace skiff;

// Many small functions that all get hot: a batch takes LLVM some milliseconds, so
// the exit below comes while it compiles.
std::string hot_module() {
  std::string s = "(module (memory 1)\n";
  const int n = 120;
  for (int i = 0; i < n; ++i) {
    s += "(func $f" + std::to_string(i) + " (param i32) (result i32)\n"
         "  (i32.store (i32.const " + std::to_string(4 * i) + ") (i32.mul (local.get 0) (i32.const " +
         std::to_string(i + 3) + ")))\n"
         "  (i32.add (i32.load (i32.const " + std::to_string(4 * i) + ")) " +
         (i ? "(call $f" + std::to_string(i - 1) + " (local.get 0))" : "(i32.const 1)") + "))\n";
  }
  s += "(func (export \"run\") (param i32) (result i32) (call $f" + std::to_string(n - 1) +
       " (local.get 0))))\n";
  return s;
}

// Runs until a batch must be on its way, then leaves as skiff run does.
[[noreturn]] void run_hot_then_exit(bool stop_first) {
  NoTierOverride no_override;  // (a child process: never restored)
  Config cfg;
  cfg.tier = Tier::Auto;
  Engine engine(cfg);
  auto m = Module::compile_text(engine, hot_module());
  if (!m.ok()) std::exit(3);
  Store store(engine);
  auto inst = Instance::create(store, *m, {});
  if (!inst.ok()) std::exit(4);
  auto f = inst->func("run")->typed<int32_t(int32_t)>();
  if (!f.ok()) std::exit(5);
  // ~120 calls of work per run: a few hundred runs are several ticks.
  for (int i = 0; i < 400; ++i)
    if (!f->call(i).ok()) std::exit(6);
  if (!stop_first) std::exit(0);
  // As skiff run leaves: without waiting, and then without static destructors
  // when a batch is still compiling.
  if (store.stop_background_compilation(/*wait=*/false)) std::_Exit(0);
  std::exit(0);
}

TEST(ApiTierAuto, ExitWithoutWaitingForTheCompileIsClean) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // A race without the stop; with it, every run must end with status 0.
  for (int round = 0; round < 8; ++round)
    EXPECT_EXIT(run_hot_then_exit(true), testing::ExitedWithCode(0), "") << "round " << round;
}

TEST(ApiTierAuto, StopBackgroundCompilationKeepsTheStoreRunning) {
  NoTierOverride no_override;
  Config cfg;
  cfg.tier = Tier::Auto;
  Engine engine(cfg);
  auto m = Module::compile_text(engine, hot_module());
  ASSERT_TRUE(m.ok()) << m.error().message;
  Store store(engine);
  auto inst = Instance::create(store, *m, {});
  ASSERT_TRUE(inst.ok());
  auto f = inst->func("run")->typed<int32_t(int32_t)>();
  ASSERT_TRUE(f.ok());
  auto before = f->call(11);
  ASSERT_TRUE(before.ok());
  for (int i = 0; i < 400; ++i) ASSERT_TRUE(f->call(i).ok());
  (void)store.stop_background_compilation();
  EXPECT_FALSE(store.stop_background_compilation());  // waited: nothing compiles now
  // Whatever got compiled and what stays in tier 0 give the same answers.
  for (int i = 0; i < 400; ++i) ASSERT_TRUE(f->call(i).ok());
  auto after = f->call(11);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*before, *after);
}

}  // namespace

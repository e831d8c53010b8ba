// Tier 1 machine code belongs to the Module: stores made one after another (the
// store-per-request embedder) compile a module once, not once per store.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>

#include "no_tier_override.h"
#include "skiff/skiff.hpp"

namespace {

using namespace skiff;
using Clock = std::chrono::steady_clock;

// Enough functions that a compile costs milliseconds.
std::string module_text() {
  std::string s = "(module (memory 1) (global $g (mut i32) (i32.const 0))\n";
  for (int i = 0; i < 40; ++i) {
    s += "(func $f" + std::to_string(i) + " (param i32) (result i32) (local i32)\n"
         "  (loop $l (local.set 1 (i32.add (local.get 1) (i32.mul (local.get 0) (i32.const " +
         std::to_string(i + 3) + "))))\n"
         "    (i32.store (i32.const " + std::to_string(4 * i) + ") (local.get 1))\n"
         "    (br_if $l (i32.lt_u (local.get 1) (i32.const 100))))\n"
         "  (i32.add (local.get 1) " + (i ? "(call $f" + std::to_string(i - 1) + " (local.get 0))" : "(i32.const 0)") + "))\n";
  }
  s += "(func (export \"run\") (param i32) (result i32)\n"
       "  (global.set $g (i32.add (global.get $g) (i32.const 1)))\n"
       "  (i32.add (global.get $g) (call $f39 (local.get 0)))))\n";
  return s;
}

TEST(ApiTier1Share, FiftyStoresOneAfterAnotherCompileTheModuleOnce) {
  NoTierOverride no_override;
  Config cfg;
  cfg.tier = Tier::Compiler;
  Engine engine(cfg);
  auto m = Module::compile_text(engine, module_text());
  if (!m.ok()) GTEST_SKIP() << "no tier-1 compiler in this build: " << m.error().message;
  std::optional<int32_t> expected;
  double first = 0, rest = 0;
  for (int i = 0; i < 50; ++i) {
    auto t0 = Clock::now();
    Store store(engine);
    auto inst = Instance::create(store, *m, {});
    ASSERT_TRUE(inst.ok());
    auto f = inst->func("run")->typed<int32_t(int32_t)>();
    ASSERT_TRUE(f.ok());
    auto r = f->call(7);
    ASSERT_TRUE(r.ok());
    if (!expected) expected = *r;
    EXPECT_EQ(*r, *expected) << "store " << i;  // fresh global every time
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    (i == 0 ? first : rest) += s;
  }
  // Without sharing every store compiles again (rest ~ 49 x first); with it the
  // 49 later stores together cost less than a few compiles.
  EXPECT_LT(rest, first * 5) << "first store " << first * 1e3 << " ms, the 49 others " << rest * 1e3
                             << " ms";
  std::printf("first store (compile) %.2f ms, 49 later stores %.2f ms\n", first * 1e3, rest * 1e3);
}

}  // namespace

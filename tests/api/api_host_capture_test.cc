// A host function made from a lambda that captures a local by reference: every
// store the test makes to that local is seen by the later reads. g++ 12.2 at -O1
// (ipa-modref + pure-const) deleted `ticks = 0` below when func.h's wrapper took the
// lambda by value (it took the wrapper for a const function whose argument does not
// escape). This file is compiled at -O1 on purpose (tests/api/CMakeLists.txt).
#include <gtest/gtest.h>

#include "skiff/skiff.hpp"

namespace {

TEST(HostFuncCapture, LocalCapturedByReferenceSeesEveryStore) {
  int ticks = 0;
  skiff::Engine engine;
  skiff::Linker linker(engine);
  ASSERT_TRUE(linker.func("env", "tick", [&]() { ++ticks; }).ok());
  auto m = skiff::Module::compile_text(engine, R"((module
    (import "env" "tick" (func $tick))
    (func (export "run") (call $tick))))");
  ASSERT_TRUE(m.ok());
  skiff::Store store(engine);
  auto inst = linker.instantiate(store, *m);
  ASSERT_TRUE(inst.ok());
  ASSERT_TRUE(inst->func("run")->call({}).ok());
  ASSERT_EQ(ticks, 1);
  ticks = 0;
  EXPECT_EQ(ticks, 0);
  ASSERT_TRUE(inst->func("run")->call({}).ok());
  EXPECT_EQ(ticks, 1);
}

}  // namespace

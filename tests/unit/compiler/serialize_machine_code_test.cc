// Module::serialize with Config::tier 1 carries the tier-1 machine code, and
// Module::deserialize registers it (compiler/aot.h), so a store runs it without
// compiling. (That no compiler is loaded is checked across processes by ctest
// compiler/skc_roundtrip for .skc files; here: the format and the registration.)
#include <gtest/gtest.h>

#include "api/api_impl.h"
#include "compiler/aot.h"
#include "compiler/compiler_loader.h"
#include "skiff/func.h"
#include "skiff/instance.h"
#include "skiff/module.h"
#include "skiff/store.h"

namespace skiff {
namespace {

constexpr const char* kWat =
    "(module (memory 1)"
    " (func (export \"f\") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 3)))"
    " (func (export \"load\") (param i32) (result i32) (i32.load (local.get 0))))";

TEST(SerializeMachineCode, RoundTripRunsTheRegisteredCode) {
  if (!compiler::load_compiler().ok()) GTEST_SKIP() << "no tier-1 compiler here";
  for (bool guard : {true, false}) {
    Config c;
    c.tier = Tier::Compiler;
    c.guard_pages = guard;
    Engine e(c);
    auto m = Module::compile_text(e, kWat);
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto bytes = m->serialize();
    ASSERT_TRUE(bytes.ok()) << bytes.error().message;
    auto d = Module::deserialize(e, *bytes);
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto code = compiler::aot_code_for(d->impl()->cm.get());
    ASSERT_NE(code, nullptr);
    EXPECT_EQ(code->mem0_guarded, guard);
    EXPECT_FALSE(code->object.empty());
    Store s(e);
    auto i = Instance::create(s, *d, {});
    ASSERT_TRUE(i.ok());
    auto r = i->func("f")->call({Val::i64(14)});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)[0].as_i64(), 42);
    auto t = i->func("load")->call({Val::i32(70000)});
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().message(), "out of bounds memory access");
  }
}

TEST(SerializeMachineCode, Tier0EnginesWriteNone) {
  Engine e;  // tier 0
  auto m = Module::compile_text(e, kWat);
  ASSERT_TRUE(m.ok());
  auto bytes = m->serialize();
  ASSERT_TRUE(bytes.ok());
  auto d = Module::deserialize(e, *bytes);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(compiler::aot_code_for(d->impl()->cm.get()), nullptr);
}

}  // namespace
}  // namespace skiff

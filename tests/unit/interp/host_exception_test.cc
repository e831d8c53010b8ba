// A runtime host callback that throws: the interpreter's call_host (and
// rt::invoke for a direct call) turn the exception into a HostError trap, so the
// call depth, value stack and fault scope are restored and the store stays usable.
#include <stdexcept>

#include "interp_test_util.h"

namespace skiff::interp::testing {
namespace {

TEST(InterpHostException, ThrowsBecomeTrapsAndLeakNoCallDepth) {
  rt::Engine engine;
  rt::Store store{engine};
  InterpConfig cfg;
  cfg.max_call_depth = 2000;
  Interpreter interp{store, cfg};
  rt::Linker linker;
  int mode = 0;
  rt::Func* thrower = store.create_host_func(
      ir::FuncType{{}, {}},
      [&](rt::Caller&, std::span<const rt::Val>, std::span<rt::Val>) -> std::optional<rt::Trap> {
        if (mode == 0) throw std::runtime_error("boom");
        throw 7;
      },
      "thrower");
  linker.define("env", "thrower", thrower);
  auto m = text::parse_wat(R"((module
    (import "env" "thrower" (func $t))
    (func $deep (export "deep") (param i32)
      (if (i32.eqz (local.get 0)) (then (call $t))
        (else (call $deep (i32.sub (local.get 0) (i32.const 1))))))))");
  ASSERT_TRUE(m);
  auto cm = rt::CompiledModule::compile(std::move(*m));
  ASSERT_TRUE(cm);
  auto inst = linker.instantiate(store, *cm);
  ASSERT_TRUE(inst);
  rt::Func* deep = (*inst)->export_func("deep");
  // 1000 throws from 1500 frames down: a leaked depth would exhaust 2000 at once.
  for (int i = 0; i < 1000; ++i) {
    mode = i % 2;
    std::vector<rt::Val> res;
    rt::Val arg = I32(1500);
    auto t = rt::invoke(store, deep, {&arg, 1}, res);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->kind, sem::TrapKind::HostError);
    if (mode == 0) EXPECT_NE(t->message.find("boom"), std::string::npos) << t->message;
    else EXPECT_NE(t->message.find("not a std::exception"), std::string::npos) << t->message;
  }
  // Called directly (no wasm frame).
  std::vector<rt::Val> res;
  mode = 0;
  auto direct = rt::invoke(store, thrower, {}, res);
  ASSERT_TRUE(direct);
  EXPECT_NE(direct->message.find("boom"), std::string::npos);
}

}  // namespace
}  // namespace skiff::interp::testing

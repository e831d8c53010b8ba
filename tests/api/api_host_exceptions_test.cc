// Host functions that throw: every exception becomes a Host trap naming what(),
// and the store stays exactly as usable as before (call depth, value stack).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "skiff/skiff.hpp"

namespace {

using namespace skiff;

// $deep recurses n times, then calls the host function; "plain" recurses without it.
const char* kDeep = R"((module
  (import "env" "thrower" (func $thrower (param i32)))
  (func $deep (export "deep") (param i32)
    (if (i32.eqz (local.get 0))
      (then (call $thrower (i32.const 0)))
      (else (call $deep (i32.sub (local.get 0) (i32.const 1))))))
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $down (i32.sub (local.get 0) (i32.const 1))))))))";

Module compile(Engine& engine, const char* text) {
  auto m = Module::compile_text(engine, text);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().to_string());
  return *m;
}

TEST(ApiHostExceptions, StdExceptionFromUnderADeepStackIsATrapAndLeaksNothing) {
  Engine engine;
  Module m = compile(engine, kDeep);
  Store store(engine);
  Linker linker(engine);
  ASSERT_TRUE(linker.func("env", "thrower", [](int32_t) { throw std::runtime_error("disk on fire"); }).ok());
  auto inst = linker.instantiate(store, m);
  ASSERT_TRUE(inst.ok());
  auto deep = inst->func("deep")->typed<void(int32_t)>();
  ASSERT_TRUE(deep.ok());
  for (int i = 0; i < 1000; ++i) {
    auto r = deep->call(500);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), TrapReason::Host);
    EXPECT_NE(r.error().message().find("disk on fire"), std::string::npos) << r.error().message();
  }
  // A normal deep call still works: no call depth or stack leaked.
  auto down = inst->func("down")->typed<int32_t(int32_t)>();
  ASSERT_TRUE(down.ok());
  auto r = down->call(50'000);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(*r, 0);
}

TEST(ApiHostExceptions, NonStdExceptionAndRawHostFunc) {
  Engine engine;
  Module m = compile(engine, kDeep);
  Store store(engine);
  FuncType t;
  t.params.push_back(ValType(ValKind::I32));
  Func thrower = Func::create(store, t, [](Caller&, std::span<const Val>, std::span<Val>) -> std::optional<Trap> {
    throw 42;
  });
  Extern imports[] = {Extern(thrower)};
  auto inst = Instance::create(store, m, imports);
  ASSERT_TRUE(inst.ok());
  for (int i = 0; i < 300; ++i) {
    auto r = inst->func("deep")->call({Val(int32_t(200))});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), TrapReason::Host);
    EXPECT_NE(r.error().message().find("not a std::exception"), std::string::npos) << r.error().message();
  }
  // Called directly from the host (no wasm frame in between).
  auto direct = thrower.call({Val(int32_t(1))});
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().reason(), TrapReason::Host);
  auto ok = inst->func("down")->call({Val(int32_t(20'000))});
  ASSERT_TRUE(ok.ok()) << ok.error().message();
}

TEST(ApiHostExceptions, ThrownTrapKeepsItsMessage) {
  Engine engine;
  Module m = compile(engine, kDeep);
  Store store(engine);
  FuncType t;
  t.params.push_back(ValType(ValKind::I32));
  Func thrower = Func::create(store, t, [](Caller&, std::span<const Val>, std::span<Val>) -> std::optional<Trap> {
    throw Trap("raw body trap");
  });
  Extern imports[] = {Extern(thrower)};
  auto inst = Instance::create(store, m, imports);
  ASSERT_TRUE(inst.ok());
  auto r = inst->func("deep")->call({Val(int32_t(3))});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "raw body trap");
}

}  // namespace

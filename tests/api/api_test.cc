// The C++ API: compile, link host functions, call, traps, reflection, serialize.
#include <gtest/gtest.h>

#include <string>

#include "skiff/skiff.hpp"

namespace {

using skiff::Engine;
using skiff::Linker;
using skiff::Module;
using skiff::Store;
using skiff::Val;

Module compile(const Engine& e, const char* wat) {
  auto m = Module::compile_text(e, wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().to_string());
  return *m;
}

TEST(Api, TypedCallOfAnExport) {
  Engine engine;
  Module m = compile(engine, R"((module (func (export "add") (param i32 i32) (result i32)
                                  (i32.add (local.get 0) (local.get 1)))))");
  Store store(engine);
  Linker linker(engine);
  auto inst = linker.instantiate(store, m);
  ASSERT_TRUE(inst.ok()) << inst.error().error.message;
  auto add = inst->func("add")->typed<int32_t(int32_t, int32_t)>();
  ASSERT_TRUE(add.ok());
  auto r = add->call(40, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 42);
  // The wrong signature is refused.
  EXPECT_FALSE((inst->func("add")->typed<int64_t(int32_t, int32_t)>().ok()));
  // Untyped call.
  auto u = inst->func("add")->call({Val(int32_t(5)), Val(int32_t(6))});
  ASSERT_TRUE(u.ok());
  ASSERT_EQ(u->size(), 1u);
  EXPECT_EQ((*u)[0].as_i32(), 11);
  // Wrong argument kinds are a trap, not a crash.
  auto bad = inst->func("add")->call({Val(int64_t(5)), Val(int32_t(6))});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("argument 0"), std::string::npos);
}

TEST(Api, HostFunctionsWithDeducedTypesAndCallerMemory) {
  Engine engine;
  Module m = compile(engine, R"((module
    (import "env" "log" (func $log (param i32 i32)))
    (import "env" "twice" (func $twice (param i64) (result i64)))
    (import "env" "pair" (func $pair (param f64) (result f64 i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "hello, host")
    (func (export "run") (result i64)
      (call $log (i32.const 16) (i32.const 11))
      (call $twice (i64.const 21)))
    (func (export "split") (param f64) (result f64 i32) (call $pair (local.get 0)))))");
  Store store(engine);
  Linker linker(engine);
  std::string seen;
  ASSERT_TRUE(linker.func("env", "log", [&](skiff::Caller& caller, int32_t ptr, int32_t len) {
    auto mem = caller.memory();
    ASSERT_TRUE(mem.has_value());
    auto view = mem->view(uint32_t(ptr), uint32_t(len));
    ASSERT_TRUE(view.ok());
    seen.assign(reinterpret_cast<const char*>(view->data()), view->size());
  }).ok());
  ASSERT_TRUE(linker.func("env", "twice", [](int64_t x) { return x * 2; }).ok());
  ASSERT_TRUE(linker.func("env", "pair", [](double x) { return std::tuple<double, int32_t>(x / 2, int32_t(x)); }).ok());
  auto inst = linker.instantiate(store, m);
  ASSERT_TRUE(inst.ok()) << inst.error().error.message;
  auto run = inst->func("run")->typed<int64_t()>();
  ASSERT_TRUE(run.ok());
  auto r = run->call();
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(seen, "hello, host");
  auto split = inst->func("split")->typed<std::tuple<double, int32_t>(double)>();
  ASSERT_TRUE(split.ok());
  auto s = split->call(9.0);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(std::get<0>(*s), 4.5);
  EXPECT_EQ(std::get<1>(*s), 9);
}

TEST(Api, HostFunctionsTrap) {
  Engine engine;
  Module m = compile(engine, R"((module
    (import "env" "check" (func $check (param i32) (result i32)))
    (import "env" "boom" (func $boom))
    (func (export "check") (param i32) (result i32) (call $check (local.get 0)))
    (func (export "boom") (call $boom))))");
  Store store(engine);
  Linker linker(engine);
  ASSERT_TRUE(linker.func("env", "check", [](int32_t x) -> skiff::Result<int32_t, skiff::Trap> {
    if (x < 0) return skiff::Trap("negative input");
    return x + 1;
  }).ok());
  ASSERT_TRUE(linker.func("env", "boom", []() { throw skiff::Trap("thrown from the host"); }).ok());
  auto inst = linker.instantiate(store, m);
  ASSERT_TRUE(inst.ok());
  auto check = inst->func("check")->typed<int32_t(int32_t)>();
  EXPECT_EQ(*check->call(1), 2);
  auto bad = check->call(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason(), skiff::TrapReason::Host);
  EXPECT_EQ(bad.error().message(), "negative input");
  auto boom = inst->func("boom")->call({});
  ASSERT_FALSE(boom.ok());
  EXPECT_EQ(boom.error().message(), "thrown from the host");
  // The store is still usable.
  EXPECT_EQ(*check->call(41), 42);
}

TEST(Api, WasmTrapsHaveReasonAndBacktrace) {
  Engine engine;
  Module m = compile(engine, R"((module
    (func $inner (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func $outer (export "outer") (result i32) (call $inner (i32.const 0)))
    (func (export "oob") (result i32) (i32.load (i32.const -1)))
    (memory 1)))");
  Store store(engine);
  auto inst = skiff::Instance::create(store, m, {});
  ASSERT_TRUE(inst.ok());
  auto r = inst->func("outer")->call({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), skiff::TrapReason::IntDivByZero);
  EXPECT_EQ(r.error().message(), "integer divide by zero");
  ASSERT_EQ(r.error().backtrace().size(), 2u);
  EXPECT_EQ(r.error().backtrace()[0].func_name, "inner");
  EXPECT_EQ(r.error().backtrace()[1].func_name, "outer");
  auto oob = inst->func("oob")->call({});
  ASSERT_FALSE(oob.ok());
  EXPECT_EQ(oob.error().reason(), skiff::TrapReason::MemoryOutOfBounds);
}

TEST(Api, ErrorsHavePlaces) {
  Engine engine;
  const uint8_t bad[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 0x01, 0x05, 0x01, 0x60};
  auto m = Module::compile(engine, bad);
  ASSERT_FALSE(m.ok());
  EXPECT_GE(m.error().offset, 8);
  auto t = Module::compile_text(engine, "(module (func (result i32) (i32.add)))");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("type mismatch"), std::string::npos);
  auto p = Module::compile_text(engine, "(module\n  (func (bogus)))");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().line, 2u);
  // Unknown imports name the import.
  Module needs = compile(engine, R"((module (import "env" "f" (func))))");
  Store store(engine);
  Linker linker(engine);
  auto inst = linker.instantiate(store, needs);
  ASSERT_FALSE(inst.ok());
  EXPECT_NE(inst.error().error.message.find("unknown import \"env\" \"f\""), std::string::npos);
  // A host function of the wrong type is an incompatible import.
  ASSERT_TRUE(linker.func("env", "f", [](int32_t) {}).ok());
  auto inst2 = linker.instantiate(store, needs);
  ASSERT_FALSE(inst2.ok());
  EXPECT_NE(inst2.error().error.message.find("incompatible import type"), std::string::npos);
}

TEST(Api, Reflection) {
  Engine engine;
  Module m = compile(engine, R"((module $demo
    (import "env" "f" (func (param i32) (result i64)))
    (import "env" "mem" (memory 1 2))
    (import "env" "g" (global (mut f32)))
    (table (export "t") 3 funcref)
    (global (export "answer") i32 (i32.const 42))
    (func (export "f2") (param f64 externref))))");
  EXPECT_EQ(m.name(), "demo");
  auto imps = m.imports();
  ASSERT_EQ(imps.size(), 3u);
  EXPECT_EQ(imps[0].module, "env");
  EXPECT_EQ(imps[0].type.kind, skiff::ExternKind::Func);
  EXPECT_EQ(imps[0].type.func.to_string(), "(i32) -> (i64)");
  EXPECT_EQ(imps[1].type.kind, skiff::ExternKind::Memory);
  EXPECT_EQ(imps[1].type.memory.limits.min, 1u);
  EXPECT_EQ(imps[1].type.memory.limits.max, 2u);
  EXPECT_TRUE(imps[2].type.global.is_mutable);
  EXPECT_EQ(imps[2].type.global.type.kind, skiff::ValKind::F32);
  auto exps = m.exports();
  ASSERT_EQ(exps.size(), 3u);
  EXPECT_EQ(exps[0].name, "t");
  EXPECT_EQ(exps[0].type.table.limits.min, 3u);
  EXPECT_EQ(exps[0].type.table.element.kind, skiff::ValKind::FuncRef);
  EXPECT_EQ(exps[2].type.func.to_string(), "(f64, externref) -> ()");
}

TEST(Api, SerializeRoundTrip) {
  Engine engine;
  Module m = compile(engine, R"((module
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (memory 1) (data (i32.const 0) "abc")))");
  auto bytes = m.serialize();
  ASSERT_TRUE(bytes.ok());
  auto back = Module::deserialize(engine, *bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  Store store(engine);
  auto inst = skiff::Instance::create(store, *back, {});
  ASSERT_TRUE(inst.ok());
  EXPECT_EQ(*inst->func("fib")->typed<int32_t(int32_t)>()->call(20), 6765);
  // Corrupt bytes are an error, never a crash.
  std::vector<uint8_t> corrupt = *bytes;
  corrupt[corrupt.size() / 2] ^= 0x5a;
  EXPECT_FALSE(Module::deserialize(engine, corrupt).ok());
  std::vector<uint8_t> truncated(bytes->begin(), bytes->begin() + bytes->size() / 2);
  EXPECT_FALSE(Module::deserialize(engine, truncated).ok());
  EXPECT_FALSE(Module::deserialize(engine, {}).ok());
}

TEST(Api, StartFunctionTrapFailsInstantiation) {
  Engine engine;
  Module m = compile(engine, R"((module (func $s unreachable) (start $s)))");
  Store store(engine);
  auto inst = skiff::Instance::create(store, m, {});
  ASSERT_FALSE(inst.ok());
  ASSERT_TRUE(inst.error().trap.has_value());
  EXPECT_EQ(inst.error().trap->reason(), skiff::TrapReason::Unreachable);
}

}  // namespace

namespace {

// A store outliving its linker, then instantiating through a new one: the new
// linker's host functions are its own, never the old one's.
TEST(Api, AStoreOutlivesItsLinkers) {
  skiff::Engine engine;
  auto m = skiff::Module::compile_text(engine, R"((module (import "env" "k" (func $k (result i32)))
    (func (export "f") (result i32) (call $k))))");
  ASSERT_TRUE(m.ok());
  skiff::Store store(engine);
  for (int32_t round = 0; round < 50; ++round) {
    skiff::Linker linker(engine);
    ASSERT_TRUE(linker.func("env", "k", [round]() { return round; }).ok());
    auto inst = linker.instantiate(store, *m);
    ASSERT_TRUE(inst.ok());
    EXPECT_EQ(*inst->func("f")->typed<int32_t()>()->call(), round);
  }
}

}  // namespace

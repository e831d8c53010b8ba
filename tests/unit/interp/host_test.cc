// Host functions called from wasm, host functions calling back into wasm
// (re-entry), and traps / exceptions crossing the host boundary.
#include "interp_test_util.h"

namespace skiff::interp::testing {
namespace {

struct HostFixture {
  rt::Engine engine;
  rt::Store store{engine};
  Interpreter interp{store};
  rt::Linker linker;

  rt::Instance* load(const std::string& wat) {
    auto m = text::parse_wat(wat);
    EXPECT_TRUE(m) << m.error().message;
    if (!m) return nullptr;
    auto cm = rt::CompiledModule::compile(std::move(*m));
    EXPECT_TRUE(cm) << cm.error().message;
    if (!cm) return nullptr;
    auto inst = linker.instantiate(store, *cm);
    EXPECT_TRUE(inst) << inst.error().message;
    return inst ? *inst : nullptr;
  }
};

TEST(InterpHost, WasmCallsHostWithArgsAndResults) {
  HostFixture h;
  rt::Func* add3 = h.store.create_host_func(
      ir::FuncType{{ir::kI32, ir::kI64, ir::kF64}, {ir::kI64, ir::kF64}},
      [](rt::Caller&, std::span<const rt::Val> a, std::span<rt::Val> r) -> std::optional<rt::Trap> {
        r[0] = rt::Val::make_i64(uint64_t(a[0].i32) + a[1].i64);
        r[1] = rt::Val::make_f64(a[2].as_f64() * 2);
        return std::nullopt;
      },
      "add3");
  h.linker.define("env", "add3", add3);
  rt::Instance* inst = h.load(R"((module
    (import "env" "add3" (func $add3 (param i32 i64 f64) (result i64 f64)))
    (func (export "f") (result i64)
      i32.const 40 i64.const 2 f64.const 1.5 call $add3
      i64.trunc_f64_s i64.add)))");
  ASSERT_TRUE(inst);
  std::vector<rt::Val> res;
  ASSERT_FALSE(rt::invoke(h.store, inst->export_func("f"), {}, res));
  EXPECT_EQ(res[0].i64, 42u + 3u);
}

TEST(InterpHost, HostReentersWasmAndTrapsPropagate) {
  HostFixture h;
  rt::Instance* inst = nullptr;
  // The host function calls the module's "inc" export (re-entry).
  rt::Func* cb = h.store.create_host_func(
      ir::FuncType{{ir::kI32}, {ir::kI32}},
      [&](rt::Caller& c, std::span<const rt::Val> a, std::span<rt::Val> r) -> std::optional<rt::Trap> {
        std::vector<rt::Val> out;
        if (auto t = rt::invoke(*c.store, inst->export_func("inc"), {&a[0], 1}, out)) return t;
        r[0] = out[0];
        return std::nullopt;
      },
      "cb");
  h.linker.define("env", "cb", cb);
  inst = h.load(R"((module
    (import "env" "cb" (func $cb (param i32) (result i32)))
    (func (export "inc") (param i32) (result i32)
      local.get 0 i32.const 1 i32.add
      local.get 0 i32.const 100 i32.eq if unreachable end)
    (func (export "f") (param i32) (result i32) (local i32)
      local.get 0 i32.const 7 local.set 1 call $cb local.get 1 i32.add)))");
  ASSERT_TRUE(inst);
  std::vector<rt::Val> res;
  ASSERT_FALSE(rt::invoke(h.store, inst->export_func("f"), std::vector<rt::Val>{rt::Val::make_i32(5)}, res));
  EXPECT_EQ(res[0].i32, 6u + 7u);
  auto t = rt::invoke(h.store, inst->export_func("f"), std::vector<rt::Val>{rt::Val::make_i32(100)}, res);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->message, "unreachable");
  // Still usable afterwards.
  ASSERT_FALSE(rt::invoke(h.store, inst->export_func("f"), std::vector<rt::Val>{rt::Val::make_i32(1)}, res));
  EXPECT_EQ(res[0].i32, 2u + 7u);
}

TEST(InterpHost, HostTrapStopsWasm) {
  HostFixture h;
  rt::Func* fail = h.store.create_host_func(
      ir::FuncType{{}, {}},
      [](rt::Caller&, std::span<const rt::Val>, std::span<rt::Val>) -> std::optional<rt::Trap> {
        return rt::make_host_trap("host says no");
      },
      "fail");
  h.linker.define("env", "fail", fail);
  rt::Instance* inst = h.load(R"((module
    (import "env" "fail" (func $fail))
    (func (export "f") (result i32) call $fail i32.const 1)))");
  ASSERT_TRUE(inst);
  std::vector<rt::Val> res;
  auto t = rt::invoke(h.store, inst->export_func("f"), {}, res);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->message, "host says no");
  EXPECT_EQ(t->kind, sem::TrapKind::HostError);
}

TEST(InterpHost, CallIndirectChecksTypesAcrossModules) {
  HostFixture h;
  rt::Instance* a = h.load(R"((module
    (func (export "seven") (result i32) i32.const 7)
    (func (export "id") (param i32) (result i32) local.get 0)))");
  ASSERT_TRUE(a);
  h.linker.define_instance("a", *a);
  rt::Instance* b = h.load(R"((module
    (import "a" "seven" (func $seven (result i32)))
    (import "a" "id" (func $id (param i32) (result i32)))
    (type $r (func (result i32)))
    (table funcref (elem $seven $id))
    (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $r))))");
  ASSERT_TRUE(b);
  std::vector<rt::Val> res;
  ASSERT_FALSE(rt::invoke(h.store, b->export_func("call"), std::vector<rt::Val>{rt::Val::make_i32(0)}, res));
  EXPECT_EQ(res[0].i32, 7u);
  auto t = rt::invoke(h.store, b->export_func("call"), std::vector<rt::Val>{rt::Val::make_i32(1)}, res);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->message, "indirect call type mismatch");
  t = rt::invoke(h.store, b->export_func("call"), std::vector<rt::Val>{rt::Val::make_i32(2)}, res);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->message, "undefined element 2");
}

}  // namespace
}  // namespace skiff::interp::testing

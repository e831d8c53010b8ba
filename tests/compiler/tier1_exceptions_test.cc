// Tier-1 exceptions across mixed frames (internal API; built into tier1_integ_test,
// cmake/compiler.cmake): compiled -> host -> compiled, compiled -> host -> tier 0 ->
// compiled, a tier-0 handler catching a compiled throw and rethrowing it, traps never
// caught on the way, and the compiled handler chain intact after each (a later throw
// is not caught by a handler of a region already left). Both memory modes.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/tier1.h"
#include "interp/interpreter.h"
#include "runtime/compiled_module.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "text/wat_parser.h"

namespace skiff {
namespace {

// `bounce` (host) calls, by its second argument: 0 "inner" through rt::invoke
// (compiled), 1 "mid" in the interpreter (whose call to "inner" runs compiled code).
const char* kProgram = R"((module
  (import "env" "bounce" (func $bounce (param i32 i32) (result i32)))
  (tag $e (param i32))
  (tag $other)
  (func (export "inner") (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const -1)) (then (unreachable)))
    (if (local.get 0) (then (throw $e (local.get 0))))
    (i32.const 0))
  ;; run in tier 0 by the host: catches $e from compiled code and rethrows it,
  ;; lets $other pass
  (func (export "mid") (param i32) (result i32)
    (block $pass
      (block $h (result i32 exnref)
        (try_table (catch $other $pass) (catch_ref $e $h)
          (return (call 1 (local.get 0))))
        (unreachable))
      (throw_ref))
    (i32.const -3))
  (func (export "outer") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.const 1000))
    (block $h (result i32)
      (try_table (catch $e $h)
        (local.set 2 (i32.const 2000))
        (return (call $bounce (local.get 0) (local.get 1))))
      (unreachable))
    (i32.add (local.get 2)))
  ;; the region is left before the throw: not caught
  (func (export "after") (param i32 i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (drop (call $bounce (local.get 0) (i32.const 0))))
      (throw $e (local.get 1)))
    (drop) (i32.const -2))
))";

struct ExnRun {
  rt::Engine engine;
  rt::Store store{engine};
  std::unique_ptr<interp::Interpreter> interp;
  std::unique_ptr<compiler::Tier1Executor> t1;
  rt::Instance* inst = nullptr;

  explicit ExnRun(bool guard_pages) {
    interp::InterpConfig cfg;
    cfg.guard_pages = guard_pages;
    interp = std::make_unique<interp::Interpreter>(store, cfg);
    auto t = compiler::Tier1Executor::create(store, guard_pages);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    if (t.ok()) t1 = std::move(*t);
    auto m = text::parse_wat(kProgram);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
    if (!m.ok()) return;
    auto cm = rt::CompiledModule::compile(std::move(*m));
    EXPECT_TRUE(cm.ok()) << (cm.ok() ? "" : cm.error().message);
    if (!cm.ok()) return;
    rt::Linker linker;
    rt::Func* bounce = store.create_host_func(
        ir::FuncType{{ir::kI32, ir::kI32}, {ir::kI32}},
        [this](rt::Caller&, std::span<const rt::Val> a, std::span<rt::Val> r) -> std::optional<rt::Trap> {
          std::vector<rt::Val> args{rt::Val::make_i32(a[0].i32)};
          std::vector<rt::Val> out{rt::Val::zero(ir::kI32)};
          std::optional<rt::Trap> t;
          if (a[1].i32 == 1) {
            t = interp->invoke(store, inst->export_func("mid"), args, out);  // tier 0
          } else {
            t = rt::invoke(store, inst->export_func("inner"), args, out);  // compiled
          }
          if (t) return t;  // traps and exceptions go back to the caller
          r[0] = out[0];
          return std::nullopt;
        },
        "bounce");
    linker.define("env", "bounce", bounce);
    auto i = linker.instantiate(store, *cm);
    EXPECT_TRUE(i.ok()) << (i.ok() ? "" : i.error().message);
    if (i.ok()) inst = *i;
    if (t1 && inst) (void)t1->prepare(*inst);
  }

  // "ok N", "exception", or the trap message.
  std::string call(const char* name, uint32_t a, uint32_t b) {
    if (!inst) return "<no instance>";
    std::vector<rt::Val> args{rt::Val::make_i32(a), rt::Val::make_i32(b)};
    std::vector<rt::Val> out{rt::Val::zero(ir::kI32)};
    auto t = rt::invoke(store, inst->export_func(name), args, out);
    if (!t) return "ok " + std::to_string(int32_t(out[0].i32));
    if (t->kind == sem::TrapKind::UncaughtException) return t->exception ? "exception" : "exception?";
    return t->message;
  }
};

class Tier1Exceptions : public ::testing::TestWithParam<bool> {};

TEST_P(Tier1Exceptions, CrossHostAndTier0Frames) {
  ExnRun r(GetParam());
  ASSERT_TRUE(r.t1 && r.inst);
  // compiled -> host -> compiled
  EXPECT_EQ(r.call("outer", 0, 0), "ok 0");
  EXPECT_EQ(r.call("outer", 5, 0), "ok 2005");  // the handler sees local 2 = 2000
  // compiled -> host -> tier 0 (catch_ref + throw_ref) -> compiled
  const uint64_t from_tier0 = compiler::tier1_stats().calls_from_tier0.load();
  EXPECT_EQ(r.call("outer", 0, 1), "ok 0");
  EXPECT_EQ(r.call("outer", 7, 1), "ok 2007");
  EXPECT_GE(compiler::tier1_stats().calls_from_tier0.load(), from_tier0 + 2);  // mid -> inner
  // traps are not caught by either handler
  EXPECT_EQ(r.call("outer", uint32_t(-1), 0), "unreachable");
  EXPECT_EQ(r.call("outer", uint32_t(-1), 1), "unreachable");
  // the chain is intact after all of the above
  EXPECT_EQ(r.call("after", 0, 0), "exception");
}

TEST_P(Tier1Exceptions, LeftRegionDoesNotCatch) {
  ExnRun r(GetParam());
  ASSERT_TRUE(r.t1 && r.inst);
  // The region caught nothing (inner returned normally) and is left; the throw after
  // it is uncaught, also after an exception was caught through the host.
  EXPECT_EQ(r.call("outer", 3, 0), "ok 2003");
  EXPECT_EQ(r.call("after", 0, 9), "exception");
  EXPECT_EQ(r.call("after", 4, 9), "ok -2");  // caught in the region: bounce threw
}

INSTANTIATE_TEST_SUITE_P(MemoryModes, Tier1Exceptions, ::testing::Values(true, false),
                         [](const auto& i) { return i.param ? "Guarded" : "Checked"; });

}  // namespace
}  // namespace skiff

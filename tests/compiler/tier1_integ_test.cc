// Tier 0 <-> tier 1 integration: fuel consumed identically in both tiers (and in
// mixed runs where the interpreter calls compiled code), interruption of compiled
// code, and the interpreter's calls into compiled code (through a table, a tail
// call, a trap in the callee). Built only with the compiler (cmake/compiler.cmake).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "compiler/tier1.h"
#include "compiler/tier1_internal.h"
#include "interp/interpreter.h"
#include "runtime/compiled_module.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "text/wat_parser.h"
#include "tiered_store.h"

namespace skiff {
namespace {

using testing_tiers::Tier;
using testing_tiers::TieredStore;

// Mixed: the export interpreted, its callees compiled. Auto: Config::tier auto (tier
// 0 first, the module compiled in the background once hot).
enum class Mode { Tier0, Tier1, Mixed, Auto };

const char* mode_name(Mode m) {
  return m == Mode::Tier0 ? "tier 0" : m == Mode::Tier1 ? "tier 1" : m == Mode::Mixed ? "mixed" : "auto";
}

// One store running one module in one mode.
struct TierRun {
  rt::Engine engine;
  rt::Store store{engine};
  std::unique_ptr<interp::Interpreter> interp;
  std::unique_ptr<compiler::Tier1Executor> t1;
  rt::Instance* inst = nullptr;
  uint64_t host_calls = 0;

  TierRun(const std::string& wat, Mode mode, std::optional<uint64_t> fuel, bool interruptible = false,
      bool guard_pages = true) {
    store.limits.fuel = fuel.has_value();
    store.limits.interruptible = interruptible;
    if (fuel) store.set_fuel(*fuel);
    interp::InterpConfig cfg;
    cfg.guard_pages = guard_pages;
    cfg.tiering = mode == Mode::Auto;
    interp = std::make_unique<interp::Interpreter>(store, cfg);
    if (mode != Mode::Tier0) {
      auto t = compiler::Tier1Executor::create(store, guard_pages);
      EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
      if (t.ok()) t1 = std::move(*t);
      if (t1 && mode == Mode::Auto) t1->enable_auto();
    }
    auto m = text::parse_wat(wat);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
    if (!m.ok()) return;
    auto cm = rt::CompiledModule::compile(std::move(*m));
    EXPECT_TRUE(cm.ok()) << (cm.ok() ? "" : cm.error().message);
    if (!cm.ok()) return;
    rt::Linker linker;
    rt::Func* tick = store.create_host_func(
        ir::FuncType{{ir::kI32}, {ir::kI32}},
        [this](rt::Caller&, std::span<const rt::Val> a, std::span<rt::Val> r) -> std::optional<rt::Trap> {
          ++host_calls;
          r[0] = rt::Val::make_i32(a[0].i32 + 1);
          return std::nullopt;
        },
        "tick");
    linker.define("env", "tick", tick);
    auto i = linker.instantiate(store, *cm);
    EXPECT_TRUE(i.ok()) << (i.ok() ? "" : i.error().message);
    if (i.ok()) inst = *i;
    if (t1 && inst && mode != Mode::Auto) (void)t1->prepare(*inst);
    mode_ = mode;
  }

  // Calls export `name`; the export itself runs in the interpreter in Mixed mode.
  std::optional<rt::Trap> call(const char* name, std::vector<rt::Val> args, std::vector<rt::Val>& out) {
    rt::Func* f = inst->export_func(name);
    if (mode_ != Mode::Mixed) return rt::invoke(store, f, args, out);
    out.assign(f->sig->results.size(), rt::Val{});
    for (size_t k = 0; k < out.size(); ++k) out[k] = rt::Val::zero(f->sig->results[k]);
    return interp->invoke(store, f, args, out);
  }

 private:
  Mode mode_ = Mode::Tier0;
};

// What a run ended with, as the host sees it.
struct Outcome {
  std::string trap;  // message, empty when it returned
  uint64_t result = 0;
  uint64_t fuel_left = 0;
  uint64_t host_calls = 0;
  bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  return os << "{trap '" << o.trap << "', result " << o.result << ", fuel left " << o.fuel_left
            << ", host calls " << o.host_calls << "}";
}

// Calls `name` with `fuel` units in the store (one store per mode, reused: only the
// compile is expensive).
Outcome run_with(TierRun& r, uint64_t fuel, const char* name, const std::vector<rt::Val>& args) {
  Outcome o;
  if (!r.inst) {
    o.trap = "<no instance>";
    return o;
  }
  r.store.set_fuel(fuel);
  r.host_calls = 0;
  std::vector<rt::Val> out;
  auto t = r.call(name, args, out);
  if (t) o.trap = t->message;
  else if (!out.empty()) o.result = out[0].i64;
  o.fuel_left = r.store.fuel();
  o.host_calls = r.host_calls;
  return o;
}

// Loops (nested, left early by br_if/br), calls (direct, through a table, to the
// host), recursion, a trap in the middle of a block, memory traffic.
const char* kPrograms = R"((module
  (import "env" "tick" (func $tick (param i32) (result i32)))
  (type $t (func (param i32) (result i32)))
  (memory 1)
  (table 3 funcref)
  (elem (i32.const 0) $sq $tick $fib)
  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "loops") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $acc i32)
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $j (i32.const 0))
        (block $inner_done
          (loop $inner
            (br_if $inner_done (i32.ge_u (local.get $j) (local.get $i)))
            (local.set $acc (i32.add (local.get $acc)
              (call_indirect (type $t) (local.get $j) (i32.rem_u (local.get $j) (i32.const 3)))))
            (i32.store (i32.shl (i32.and (local.get $j) (i32.const 255)) (i32.const 2)) (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $outer (i32.eq (local.get $j) (i32.const 7)))
            (br $inner)))
        (br $outer)))
    (i32.add (local.get $acc) (i32.load (i32.const 8))))
  (func (export "trap_late") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (drop (call $tick (local.get $i)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    ;; divides by zero after the loop, in the middle of the function's body
    (i32.div_u (local.get $i) (i32.sub (local.get $n) (local.get $i))))
))";

struct Case {
  const char* name;
  std::vector<rt::Val> args;
};

void check_fuel_everywhere(const Case& c, bool guard_pages) {
  SCOPED_TRACE(std::string(c.name) + (guard_pages ? "" : " (bounds checks)"));
  TierRun t0(kPrograms, Mode::Tier0, 0, false, guard_pages);
  TierRun t1(kPrograms, Mode::Tier1, 0, false, guard_pages);
  TierRun mx(kPrograms, Mode::Mixed, 0, false, guard_pages);
  // The fuel a full run takes in tier 0, then budgets around every interesting point.
  const uint64_t big = 1'000'000'000;
  Outcome full = run_with(t0, big, c.name, c.args);
  ASSERT_EQ(full.trap.empty(), std::string(c.name) != "trap_late") << full;
  const uint64_t used = big - full.fuel_left;
  ASSERT_GT(used, 10u);
  std::vector<uint64_t> budgets = {0, 1, 2, 3, used - 1, used, used + 1, used + 10'000, big};
  for (uint64_t k = 1; k < 64; ++k) budgets.push_back(used * k / 64);
  for (uint64_t k = 1; k < 16; ++k) budgets.push_back(used - k * 7);
  for (uint64_t f : budgets) {
    Outcome o0 = run_with(t0, f, c.name, c.args);
    Outcome o1 = run_with(t1, f, c.name, c.args);
    Outcome om = run_with(mx, f, c.name, c.args);
    EXPECT_EQ(o0, o1) << "fuel " << f << ": tier 0 vs tier 1";
    EXPECT_EQ(o0, om) << "fuel " << f << ": tier 0 vs mixed";
  }
}

TEST(Tier1Fuel, SameFuelAndTrapPointInEveryTier) {
  for (bool guard : {true, false}) {
    check_fuel_everywhere({"fib", {rt::Val::make_i32(15)}}, guard);
    check_fuel_everywhere({"loops", {rt::Val::make_i32(40)}}, guard);
    check_fuel_everywhere({"trap_late", {rt::Val::make_i32(30)}}, guard);
  }
}

TEST(Tier1Fuel, OutOfFuelLeavesZeroAndRefillContinues) {
  TierRun r(kPrograms, Mode::Tier1, 50);
  ASSERT_NE(r.inst, nullptr);
  std::vector<rt::Val> out;
  auto t = r.call("fib", {rt::Val::make_i32(20)}, out);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->kind, sem::TrapKind::OutOfFuel);
  EXPECT_EQ(r.store.fuel(), 0u);
  r.store.set_fuel(100'000'000);
  t = r.call("fib", {rt::Val::make_i32(20)}, out);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(out[0].i32, 6765u);
}

const char* kSpin = R"((module
  (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "spin") (loop $l (br $l)))
  (func (export "spin_calls") (local $i i32)
    (loop $l (local.set $i (call $leaf (local.get $i))) (br $l)))
))";

void expect_interrupted(Mode mode, std::optional<uint64_t> fuel, const char* fn) {
  SCOPED_TRACE(std::string(mode_name(mode)) + (fuel ? " with fuel " : " ") + fn);
  TierRun r(kSpin, mode, fuel, /*interruptible=*/true);
  ASSERT_NE(r.inst, nullptr);
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    r.store.interrupt();
  });
  std::vector<rt::Val> out;
  auto t = r.call(fn, {}, out);
  stopper.join();
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->kind, sem::TrapKind::Interrupted);
  EXPECT_EQ(t->message, rt::make_trap(sem::TrapKind::Interrupted).message);
  // The request was taken: the next call runs (and is stopped again).
  EXPECT_FALSE(r.store.take_interrupt());
}

TEST(Tier1Interrupt, StopsCompiledLoops) {
  for (Mode m : {Mode::Tier1, Mode::Mixed}) {
    expect_interrupted(m, std::nullopt, "spin");
    expect_interrupted(m, std::nullopt, "spin_calls");
    expect_interrupted(m, uint64_t(1) << 62, "spin");
    expect_interrupted(m, uint64_t(1) << 62, "spin_calls");
  }
}

TEST(Tier1Interrupt, PendingRequestStopsTheNextCall) {
  TierRun r(kSpin, Mode::Tier1, std::nullopt, true);
  ASSERT_NE(r.inst, nullptr);
  r.store.interrupt();
  std::vector<rt::Val> out;
  auto t = r.call("spin", {}, out);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->kind, sem::TrapKind::Interrupted);
}

const char* kTable = R"((module
  (type $t (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $double $boom)
  (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
  (func $boom (type $t) (i32.div_u (local.get 0) (i32.const 0)))
  (func (export "via_table") (param $i i32) (param $x i32) (result i32)
    (call_indirect (type $t) (local.get $x) (local.get $i)))
  (func (export "tail_via_table") (param $i i32) (param $x i32) (result i32)
    (return_call_indirect (type $t) (local.get $x) (local.get $i)))
))";

TEST(Tier1Calls, InterpreterCallsCompiledCodeThroughATable) {
  TierRun r(kTable, Mode::Mixed, std::nullopt);
  ASSERT_NE(r.inst, nullptr);
  rt::Func* dbl = r.inst->funcs[0];
  ASSERT_NE(dbl->tier1, nullptr) << "$double should be compiled";
  const uint64_t before = compiler::tier1_stats().calls_from_tier0.load();
  std::vector<rt::Val> out;
  for (const char* fn : {"via_table", "tail_via_table"}) {
    SCOPED_TRACE(fn);
    auto t = r.call(fn, {rt::Val::make_i32(0), rt::Val::make_i32(21)}, out);
    ASSERT_FALSE(t.has_value()) << t->message;
    EXPECT_EQ(out[0].i32, 42u);
    EXPECT_EQ(dbl->code, nullptr) << "the interpreter must not have translated $double";
    // A trap in the compiled callee: the same message as tier 0, and the callee
    // above the interpreted caller in the backtrace.
    t = r.call(fn, {rt::Val::make_i32(1), rt::Val::make_i32(5)}, out);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->kind, sem::TrapKind::IntDivByZero);
    EXPECT_EQ(t->message, rt::make_trap(sem::TrapKind::IntDivByZero).message);
    ASSERT_GE(t->backtrace.size(), 1u);
    EXPECT_EQ(t->backtrace[0].func_index, 1u);  // $boom
    if (std::string(fn) == "via_table") {
      ASSERT_GE(t->backtrace.size(), 2u);
      EXPECT_EQ(t->backtrace[1].func_index, 2u);  // via_table, interpreted
    }
    // Element 2 is null: the interpreter's own trap.
    t = r.call(fn, {rt::Val::make_i32(2), rt::Val::make_i32(5)}, out);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->kind, sem::TrapKind::UninitializedElement);
  }
  EXPECT_EQ(compiler::tier1_stats().calls_from_tier0.load() - before, 4u);
}

const char* kHot = R"((module
  (func $work (param $x i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 31)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
    (local.get $x))
  (func (export "main") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (call $work (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc)))
)";

TEST(Tier1Auto, HotModuleSwitchesToCompiledCodeWithTheSameFuel) {
  // Tier 0 for reference, then tier auto: the module gets hot, compiles in the
  // background, and later calls of $work run compiled; results and fuel match.
  TierRun t0(kHot, Mode::Tier0, 0);
  TierRun au(kHot, Mode::Auto, 0);
  ASSERT_NE(t0.inst, nullptr);
  ASSERT_NE(au.inst, nullptr);
  rt::Func* work = au.inst->funcs[0];
  const uint64_t calls_before = compiler::tier1_stats().calls_from_tier0.load();
  const std::vector<rt::Val> args = {rt::Val::make_i32(3000)};
  bool switched = false;
  for (int round = 0; round < 200 && !switched; ++round) {
    Outcome a = run_with(t0, 1'000'000'000, "main", args);
    Outcome b = run_with(au, 1'000'000'000, "main", args);
    ASSERT_EQ(a, b) << "round " << round;
    switched = work->tier1 != nullptr;
    if (!switched) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(switched) << "the hot module was never compiled";
  // The interpreted `main` running when the code arrived called compiled $work.
  EXPECT_GT(compiler::tier1_stats().calls_from_tier0.load(), calls_before);
  // Now compiled: the same outcome at budgets that run out part-way.
  for (uint64_t f : {uint64_t(1'000'000'000), uint64_t(5'000'000), uint64_t(123'457), uint64_t(99)}) {
    Outcome a = run_with(t0, f, "main", args);
    Outcome b = run_with(au, f, "main", args);
    EXPECT_EQ(a, b) << "fuel " << f;
  }
}

TEST(Tier1Calls, NoHookWithoutTier1) {
  // With only the interpreter, nothing changes: the callee is translated.
  TierRun r(kTable, Mode::Tier0, std::nullopt);
  ASSERT_NE(r.inst, nullptr);
  std::vector<rt::Val> out;
  auto t = r.call("via_table", {rt::Val::make_i32(0), rt::Val::make_i32(4)}, out);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(out[0].i32, 8u);
  EXPECT_NE(r.inst->funcs[0]->code, nullptr);
  EXPECT_EQ(r.inst->funcs[0]->tier1, nullptr);
}


// ---- machine code belongs to the module (compiled once, freed with it) ----

const char* kShared = R"((module
  (memory 1)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
)";

std::shared_ptr<const rt::CompiledModule> shared_module() {
  auto m = text::parse_wat(kShared);
  EXPECT_TRUE(m.ok());
  if (!m.ok()) return nullptr;
  auto cm = rt::CompiledModule::compile(std::move(*m));
  EXPECT_TRUE(cm.ok());
  return cm.ok() ? *cm : nullptr;
}

// f's native code when it runs compiled (rt::Func::tier1 is its FuncEntry), else 0.
uintptr_t compiled_code(rt::Func* f) {
  auto* e = static_cast<rt::tier1::FuncEntry*>(f->tier1);
  return e && e->code ? reinterpret_cast<uintptr_t>(e->code) : 0;
}

// A fresh store running cm's fib(n) in tier 1 (or auto); returns the native code
// address of fib (0 when it did not run compiled).
uintptr_t run_fib_in_fresh_store(rt::Engine& engine, const std::shared_ptr<const rt::CompiledModule>& cm,
                                 bool fuel = false, bool auto_tier = false) {
  TieredStore ts(engine, auto_tier ? Tier::Auto : Tier::One,
                 fuel ? std::optional<uint64_t>(1'000'000'000) : std::nullopt);
  if (!ts.t1) return 0;
  rt::Store& store = ts.store;
  rt::Linker linker;
  auto inst = linker.instantiate(store, cm);
  EXPECT_TRUE(inst.ok());
  if (!inst.ok()) return 0;
  rt::Func* f = (*inst)->export_func("fib");
  std::vector<rt::Val> out(1);
  std::vector<rt::Val> args{rt::Val::make_i32(15)};
  auto t = rt::invoke(store, f, args, out);
  EXPECT_FALSE(t.has_value());
  EXPECT_EQ(out[0].i32, 610u);
  return compiled_code(f);
}

TEST(Tier1Sharing, FiftyStoresOneAfterAnotherCompileOnceAndTheCodeDiesWithTheModule) {
  rt::Engine engine;
  const uint64_t live0 = compiler::live_module_code();
  const uint64_t compiles0 = compiler::tier1_stats().modules.load();
  auto cm = shared_module();
  ASSERT_NE(cm, nullptr);
  uintptr_t code = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) {
    uintptr_t c = run_fib_in_fresh_store(engine, cm);
    ASSERT_NE(c, 0u) << "store " << i << " did not run compiled code";
    if (i == 0) code = c;
    EXPECT_EQ(c, code) << "store " << i << " got other machine code";
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(compiler::tier1_stats().modules.load() - compiles0, 1u);
  EXPECT_EQ(compiler::live_module_code() - live0, 1u);  // every store is gone, the module is not
  EXPECT_LT(secs, 20.0);
  // The code map names it while the module lives ...
  auto hit = compiler::CodeMap::lookup(code);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->module.get(), cm.get());
  hit.reset();
  // ... and the module's death unmaps and unregisters it.
  cm.reset();
  EXPECT_EQ(compiler::live_module_code(), live0);
  EXPECT_FALSE(compiler::CodeMap::lookup(code).has_value());
}

TEST(Tier1Sharing, OtherVariantsCompileTheirOwnCodeOnce) {
  rt::Engine engine;
  const uint64_t compiles0 = compiler::tier1_stats().modules.load();
  auto cm = shared_module();
  ASSERT_NE(cm, nullptr);
  uintptr_t plain = run_fib_in_fresh_store(engine, cm);
  uintptr_t fueled = run_fib_in_fresh_store(engine, cm, /*fuel=*/true);
  EXPECT_NE(plain, 0u);
  EXPECT_NE(fueled, 0u);
  EXPECT_NE(plain, fueled);  // fuel checks: other code
  EXPECT_EQ(run_fib_in_fresh_store(engine, cm, true), fueled);
  EXPECT_EQ(run_fib_in_fresh_store(engine, cm), plain);
  EXPECT_EQ(compiler::tier1_stats().modules.load() - compiles0, 2u);
}

TEST(Tier1Sharing, ConcurrentFirstUsesCompileOnce) {
  rt::Engine engine;
  const uint64_t live0 = compiler::live_module_code();
  const uint64_t compiles0 = compiler::tier1_stats().modules.load();
  auto cm = shared_module();
  ASSERT_NE(cm, nullptr);
  std::vector<uintptr_t> codes(6);
  std::vector<std::thread> ths;
  for (size_t i = 0; i < codes.size(); ++i)
    ths.emplace_back([&, i] { codes[i] = run_fib_in_fresh_store(engine, cm); });
  for (auto& t : ths) t.join();
  for (uintptr_t c : codes) EXPECT_EQ(c, codes[0]);
  EXPECT_NE(codes[0], 0u);
  EXPECT_EQ(compiler::tier1_stats().modules.load() - compiles0, 1u);
  cm.reset();
  EXPECT_EQ(compiler::live_module_code(), live0);
}

TEST(Tier1Sharing, AutoStoresUseCodeAnotherStoreCompiled) {
  rt::Engine engine;
  auto cm = shared_module();
  ASSERT_NE(cm, nullptr);
  uintptr_t code = run_fib_in_fresh_store(engine, cm);
  ASSERT_NE(code, 0u);
  const uint64_t compiles0 = compiler::tier1_stats().modules.load();
  // No heat needed: the first call of a fresh auto store runs the shared code.
  EXPECT_EQ(run_fib_in_fresh_store(engine, cm, false, /*auto_tier=*/true), code);
  EXPECT_EQ(compiler::tier1_stats().modules.load(), compiles0);
}

TEST(Tier1Sharing, AutoStoreDyingWhileItsCompileRunsLeavesTheCodeToTheModule) {
  // Store after store gets the module hot in auto mode and dies right away (often
  // while the background compile runs); the compile finishes into the module and a
  // later store uses it. Leaks and use-after-free show under the sanitizers.
  rt::Engine engine;
  const uint64_t live0 = compiler::live_module_code();
  auto cm = shared_module();
  ASSERT_NE(cm, nullptr);
  bool compiled = false;
  for (int i = 0; i < 200 && !compiled; ++i) {
    TieredStore ts(engine, Tier::Auto);
    ASSERT_TRUE(ts.t1);
    rt::Store& store = ts.store;
    rt::Linker linker;
    auto inst = linker.instantiate(store, cm);
    ASSERT_TRUE(inst.ok());
    rt::Func* f = (*inst)->export_func("fib");
    std::vector<rt::Val> out(1);
    std::vector<rt::Val> args{rt::Val::make_i32(22)};
    EXPECT_FALSE(rt::invoke(store, f, args, out).has_value());  // ~28k calls: hot
    EXPECT_EQ(out[0].i32, 17711u);
    compiled = compiled_code(f) != 0;
    if (!compiled) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_NE(run_fib_in_fresh_store(engine, cm, false, true), 0u);
  cm.reset();
  EXPECT_EQ(compiler::live_module_code(), live0);
}

}  // namespace
}  // namespace skiff

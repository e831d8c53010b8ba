// Tier auto (src/compiler/tier1_auto.cc): batches of hot functions and on-stack
// replacement of hot loops in frames entered once. Each case runs a function whose
// loop is long enough to get hot in tier 0, checks that the frame moved into
// compiled code (tier1_stats().osr_runs), and compares what the host sees (result,
// trap, backtrace, fuel left) with tier 0. The batches belong to the module, so a
// later store of the same module has the entry from its first loop refuel: a run
// that finished before its compile did is retried in a fresh store.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <string>
#include <vector>

#include "compiler/tier1.h"
#include "compiler/tier1_internal.h"
#include "tiered_store.h"
#include "interp/interpreter.h"
#include "runtime/compiled_module.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "text/wat_parser.h"

namespace skiff {
namespace {

using testing_tiers::Tier;
using testing_tiers::TieredStore;

const char* kLoops = R"((module
  (type $t (func (param i32) (result i32)))
  ;; Tier auto: once the loop is hot (a few refuels), each call sleeps up to 2 ms
  ;; until an OSR entry is compiled (any), so the switch happens before the loop
  ;; ends however slow the background compile is (refuels, which send the
  ;; batches, go on between the calls).
  (import "env" "wait" (func $wait))
  (table 1 funcref)
  (tag $e (param i32))
  (elem declare func $leaf)
  (func $leaf (type $t) (i32.add (local.get 0) (i32.const 7)))
  (func $div (param $a i32) (param $b i32) (result i32) (i32.div_u (local.get $a) (local.get $b)))
  (func $throw_at (param $i i32) (param $at i32)
    (if (i32.eq (local.get $i) (local.get $at)) (then (throw $e (local.get $i)))))

  ;; One long loop in a frame entered once.
  (func (export "sum") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (loop $l
      (if (i32.ge_u (local.get $i) (i32.const 8192))
        (then (if (i32.eqz (i32.and (local.get $i) (i32.const 255))) (then (call $wait)))))
      (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))
                               (i64.extend_i32_u (call $leaf (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; v128 and funcref locals across the switch, nested loops inside an if inside a
  ;; block whose results are used after them.
  (func (export "mixed") (param $n i32) (result i64)
    (local $i i32) (local $j i32) (local $v v128) (local $r funcref) (local $acc i64)
    (local.set $r (ref.func $leaf))
    (local.set $v (i32x4.splat (i32.const 1)))
    (local.set $acc
      (block (result i64)
        (if (result i64) (local.get $n)
          (then
            (loop $outer
              (if (i32.ge_u (local.get $i) (i32.const 200))
                (then (if (i32.eqz (i32.and (local.get $i) (i32.const 3))) (then (call $wait)))))
              (local.set $j (i32.const 0))
              (loop $inner
                (local.set $v (i32x4.add (local.get $v) (i32x4.splat (local.get $j))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br_if $inner (i32.lt_u (local.get $j) (i32.const 100))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
            (i64.const 5))
          (else (i64.const 9)))))
    (table.set (i32.const 0) (local.get $r))
    (i64.add
      (i64.add (local.get $acc) (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $v))))
      (i64.add (i64.extend_i32_u (call_indirect (type $t) (i32.const 3) (i32.const 0)))
               (i64.extend_i32_u (i32x4.extract_lane 0 (local.get $v))))))

  ;; Traps "integer divide by zero" in $div at iteration n - 1.
  (func (export "trapper") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (if (i32.ge_u (local.get $i) (i32.const 8192))
        (then (if (i32.eqz (i32.and (local.get $i) (i32.const 255))) (then (call $wait)))))
      (local.set $acc (i32.add (local.get $acc)
                               (call $div (local.get $i) (i32.sub (local.get $n) (i32.add (local.get $i) (i32.const 1))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; An exception thrown at iteration n - 1 leaves the looping frame and is caught by
  ;; its caller.
  (func $loopy (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (if (i32.ge_u (local.get $i) (i32.const 8192))
        (then (if (i32.eqz (i32.and (local.get $i) (i32.const 255))) (then (call $wait)))))
      (call $throw_at (local.get $i) (i32.sub (local.get $n) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.const -1))
  (func (export "catcher") (param $n i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (return (call $loopy (local.get $n))))
      (i32.const -2))
    (i32.const 1000)
    (i32.add))
)
)";

std::shared_ptr<const rt::CompiledModule> compile_wat(const char* wat) {
  auto m = text::parse_wat(wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  if (!m.ok()) return nullptr;
  auto cm = rt::CompiledModule::compile(std::move(*m));
  EXPECT_TRUE(cm.ok()) << (cm.ok() ? "" : cm.error().message);
  return cm.ok() ? *cm : nullptr;
}

struct Outcome {
  std::string trap;  // message, empty when it returned
  uint64_t result = 0;
  uint64_t fuel_left = 0;
  std::vector<uint32_t> frames;  // trap backtrace: function indices, innermost first
  int64_t top_offset = -1;       // the innermost frame's module offset
  bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  os << "{trap '" << o.trap << "', result " << o.result << ", fuel left " << o.fuel_left << ", frames";
  for (uint32_t f : o.frames) os << " " << f;
  return os << ", top offset " << o.top_offset << "}";
}

// One call of `fn` in a fresh store, tier 0 or auto; *osr: whether a frame moved
// into an OSR entry during it.
Outcome run_once(rt::Engine& engine, const std::shared_ptr<const rt::CompiledModule>& cm, bool tier_auto,
                 const char* fn, uint32_t arg, std::optional<uint64_t> fuel, bool* osr = nullptr) {
  Outcome o;
  TieredStore ts(engine, tier_auto ? Tier::Auto : Tier::Zero, fuel);
  if (tier_auto && !ts.t1) return o;
  rt::Store& store = ts.store;
  rt::Linker linker;
  const uint64_t entries0 = compiler::tier1_stats().osr_entries.load();
  rt::Func* wait = store.create_host_func(
      ir::FuncType{{}, {}},
      [tier_auto, entries0](rt::Caller&, std::span<const rt::Val>, std::span<rt::Val>) -> std::optional<rt::Trap> {
        if (tier_auto && compiler::tier1_stats().osr_entries.load() == entries0)
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return std::nullopt;
      },
      "wait");
  linker.define("env", "wait", wait);
  auto inst = linker.instantiate(store, cm);
  EXPECT_TRUE(inst.ok());
  if (!inst.ok()) return o;
  rt::Func* f = (*inst)->export_func(fn);
  std::vector<rt::Val> out(f->sig->results.size());
  std::vector<rt::Val> args{rt::Val::make_i32(arg)};
  const uint64_t runs0 = compiler::tier1_stats().osr_runs.load();
  auto t = rt::invoke(store, f, args, out);
  if (osr) *osr = compiler::tier1_stats().osr_runs.load() > runs0;
  if (t) {
    o.trap = t->message;
    for (const rt::TraceFrame& fr : t->backtrace) o.frames.push_back(fr.func_index);
    if (!t->backtrace.empty()) o.top_offset = t->backtrace[0].module_offset;
  } else if (!out.empty()) {
    o.result = f->sig->results[0].kind == ir::ValKind::I32 ? out[0].i32 : out[0].i64;
  }
  o.fuel_left = fuel ? store.fuel() : 0;
  return o;
}

// Runs `fn` in an auto store of a fresh module: its loop (held by the host's
// `wait` until the background compile made an OSR entry) moves into compiled code;
// expects tier 0's outcome.
void expect_osr_same_as_tier0(const char* fn, uint32_t arg, std::optional<uint64_t> fuel,
                              const Outcome& want) {
  rt::Engine engine;
  auto cm = compile_wat(kLoops);
  ASSERT_NE(cm, nullptr);
  bool osr = false;
  Outcome got = run_once(engine, cm, true, fn, arg, fuel, &osr);
  EXPECT_EQ(got, want) << fn;
  EXPECT_TRUE(osr) << fn << ": the running frame never moved into compiled code"
                   << " (batches " << compiler::tier1_stats().batches.load() << ", OSR entries "
                   << compiler::tier1_stats().osr_entries.load() << ")\n"
                   << compiler::tier1_fallback_summary();
}

Outcome tier0(const char* fn, uint32_t arg, std::optional<uint64_t> fuel = std::nullopt) {
  rt::Engine engine;
  auto cm = compile_wat(kLoops);
  if (!cm) return {};
  return run_once(engine, cm, false, fn, arg, fuel);
}

TEST(Tier1Osr, LongLoopInAFrameEnteredOnceRunsCompiled) {
  const uint32_t n = 3'000'000;
  uint64_t acc = 0;
  for (uint32_t i = 0; i < n; ++i) acc = acc * 31 + uint64_t(i + 7);
  Outcome want;
  want.result = acc;
  EXPECT_EQ(tier0("sum", 1000), tier0("sum", 1000));  // deterministic reference
  expect_osr_same_as_tier0("sum", n, std::nullopt, want);
}

TEST(Tier1Osr, VectorAndReferenceLocalsNestedLoopsInsideBlocks) {
  const uint32_t n = 60'000;
  Outcome want;
  const uint32_t lane = uint32_t(1 + uint64_t(n) * 4950);
  want.result = 5 + uint64_t(lane) + 10 + uint64_t(lane);
  EXPECT_EQ(tier0("mixed", 300).result, 5 + 2 * uint64_t(uint32_t(1 + 300 * 4950)) + 10);
  expect_osr_same_as_tier0("mixed", n, std::nullopt, want);
}

TEST(Tier1Osr, TrapInsideTheLoopKeepsTheBacktrace) {
  // Tier 0 traps at the same instruction with any n.
  Outcome want = tier0("trapper", 1000);
  ASSERT_EQ(want.trap, "integer divide by zero");
  ASSERT_EQ(want.frames.size(), 2u);  // $div, then the looping frame
  expect_osr_same_as_tier0("trapper", 3'000'000, std::nullopt, want);
}

TEST(Tier1Osr, ExceptionLeavesTheReplacedFrameToItsCaller) {
  Outcome want;
  want.result = uint64_t(1000 + 2'999'999);
  EXPECT_EQ(tier0("catcher", 1000).result, 1000u + 999u);
  expect_osr_same_as_tier0("catcher", 3'000'000, std::nullopt, want);
}

TEST(Tier1Osr, FuelIsTheSameInBothTiers) {
  const uint32_t n = 2'000'000;
  // Enough fuel, then a budget running out part-way through the loop.
  for (uint64_t fuel : {uint64_t(1'000'000'000), uint64_t(19'999'999)}) {
    Outcome want = tier0("sum", n, fuel);
    if (fuel < 100'000'000) {
      ASSERT_EQ(want.fuel_left, 0u);
      ASSERT_FALSE(want.trap.empty());
    } else {
      ASSERT_TRUE(want.trap.empty()) << want;
    }
    expect_osr_same_as_tier0("sum", n, fuel, want);
  }
}

// An OSR entry takes the loops heard so far: the frame asks for one in loop $a
// (spinning until an entry exists), leaves $a, and in $c (nested in $b), which
// that entry lacks, asks again and moves into compiled code, with tier 0's result.
TEST(Tier1Osr, FrameGoesOnToALoopItsEntryLacks) {
  const char* wat = R"((module
    (import "env" "ready" (func $ready (result i32)))
    (func (export "phases") (param $n i32) (result i64)
      (local $i i32) (local $j i32) (local $acc i64)
      (loop $a
        (local.set $acc (i64.add (local.get $acc) (i64.const 1)))
        (br_if $a (i32.eqz (call $ready))))
      (local.set $acc (i64.const 0))  ;; (the spin count differs between runs)
      (loop $b
        (local.set $j (i32.const 0))
        (loop $c
          (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))
                                   (i64.extend_i32_u (i32.xor (local.get $i) (local.get $j)))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $c (i32.lt_u (local.get $j) (i32.const 1000))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $b (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $acc))))";
  const uint32_t n = 3000;
  uint64_t want = 0;
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t j = 0; j < 1000; ++j) want = want * 31 + uint64_t(i ^ j);
  rt::Engine engine;
  auto cm = compile_wat(wat);
  ASSERT_NE(cm, nullptr);
  TieredStore ts(engine, Tier::Auto);
  ASSERT_TRUE(ts.t1);
  rt::Store& store = ts.store;
  const uint64_t entries0 = compiler::tier1_stats().osr_entries.load();
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  rt::Func* ready = store.create_host_func(
      ir::FuncType{{}, {ir::ValType::num(ir::ValKind::I32)}},
      [&](rt::Caller&, std::span<const rt::Val>, std::span<rt::Val> r) -> std::optional<rt::Trap> {
        const bool have = compiler::tier1_stats().osr_entries.load() > entries0;
        r[0] = rt::Val::make_i32(have || std::chrono::steady_clock::now() > give_up);
        return std::nullopt;
      },
      "ready");
  rt::Linker linker;
  linker.define("env", "ready", ready);
  auto inst = linker.instantiate(store, cm);
  ASSERT_TRUE(inst.ok());
  std::vector<rt::Val> out(1);
  std::vector<rt::Val> args{rt::Val::make_i32(n)};
  const uint64_t runs0 = compiler::tier1_stats().osr_runs.load();
  auto t = rt::invoke(store, (*inst)->export_func("phases"), args, out);
  ASSERT_FALSE(t.has_value()) << t->message;
  EXPECT_EQ(uint64_t(out[0].i64), want);
  EXPECT_GT(compiler::tier1_stats().osr_entries.load(), entries0) << "no OSR entry was compiled";
  EXPECT_GT(compiler::tier1_stats().osr_runs.load(), runs0) << "the frame never moved into compiled code";
}

// A frame that stays in tier 0 after its function's batch is installed (the loop
// is inside a try_table: no OSR entry) keeps allocating GC objects: the allocation
// must find the frame's code although Func::code was cleared (it read
// cur->code: a null dereference in struct.new once the batch was in).
TEST(Tier1Auto, TierZeroFrameAllocatesAfterItsFunctionWasCompiled) {
  const char* wat = R"((module
    (type $s (struct (field i32) (field (ref null $s))))
    (import "env" "wait" (func $wait))
    (tag $e)
    (func (export "alloc") (param $n i32) (result i32)
      (local $i i32) (local $list (ref null $s))
      (block $h
        (try_table (catch $e $h)
          (loop $l
            (if (i32.ge_u (local.get $i) (i32.const 8192))
              (then (if (i32.eqz (i32.and (local.get $i) (i32.const 63))) (then (call $wait)))))
            (local.set $list (struct.new $s (local.get $i) (local.get $list)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))
      (struct.get $s 0 (local.get $list)))))";
  rt::Engine engine;
  auto cm = compile_wat(wat);
  ASSERT_NE(cm, nullptr);
  TieredStore ts(engine, Tier::Auto);
  ASSERT_TRUE(ts.t1);
  rt::Store& store = ts.store;
  rt::Func* alloc = nullptr;
  bool installed_while_running = false;
  // Holds the loop (2 ms a call) until the batch holding `alloc` is installed.
  rt::Func* wait = store.create_host_func(
      ir::FuncType{{}, {}},
      [&](rt::Caller&, std::span<const rt::Val>, std::span<rt::Val>) -> std::optional<rt::Trap> {
        if (alloc && alloc->tier1) installed_while_running = true;
        else std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return std::nullopt;
      },
      "wait");
  rt::Linker linker;
  linker.define("env", "wait", wait);
  auto inst = linker.instantiate(store, cm);
  ASSERT_TRUE(inst.ok());
  alloc = (*inst)->export_func("alloc");
  const uint32_t n = 400'000;
  std::vector<rt::Val> out(1);
  std::vector<rt::Val> args{rt::Val::make_i32(n)};
  const uint64_t runs0 = compiler::tier1_stats().osr_runs.load();
  auto t = rt::invoke(store, alloc, args, out);
  ASSERT_FALSE(t.has_value()) << t->message;
  EXPECT_EQ(out[0].i32, n - 1);
  EXPECT_TRUE(installed_while_running) << "the batch was not installed while the frame ran";
  EXPECT_EQ(compiler::tier1_stats().osr_runs.load(), runs0) << "the frame moved into compiled code";
}

TEST(Tier1Auto, BatchesCompileOnlyHotFunctions) {
  // "sum" runs its loop (hot: $leaf and the loop's frame); "mixed" and "trapper"
  // never run, so no batch holds them. "sum", called once by the host, gets its
  // OSR entry alone: a call entry would never be used.
  rt::Engine engine;
  auto cm = compile_wat(kLoops);
  ASSERT_NE(cm, nullptr);
  const uint64_t batches0 = compiler::tier1_stats().batches.load();
  bool osr = false;
  (void)run_once(engine, cm, true, "sum", 3'000'000, {}, &osr);
  ASSERT_TRUE(osr);
  EXPECT_GT(compiler::tier1_stats().batches.load(), batches0);
  // No memory: the guarded variant; no fuel or interruption checks, O2.
  compiler::CodeCell& cell = compiler::code_cell(*cm, compiler::CodeVariant{true, false, false, 2});
  std::lock_guard<std::mutex> g(cell.batch_mu);
  ASSERT_FALSE(cell.batches.empty());
  std::vector<uint8_t> compiled(cm->module.funcs.size(), 0), osr_of(cm->module.funcs.size(), 0);
  for (const auto& b : cell.batches) {
    for (size_t i = 0; i < b->funcs.size(); ++i) compiled[i] |= b->funcs[i].compiled;
    for (const auto& o : b->osr) osr_of[o.func] = 1;
  }
  ASSERT_EQ(cm->module.num_imported_funcs, 1u);  // env.wait; indices below are of defined functions
  EXPECT_TRUE(osr_of[3]) << "sum";     // the looping frame
  EXPECT_FALSE(compiled[3]) << "sum";  // entered once
  EXPECT_FALSE(compiled[4]) << "mixed";  // never ran
  EXPECT_FALSE(compiled[5]) << "trapper";
  EXPECT_FALSE(compiled[7]) << "catcher";
}

}  // namespace
}  // namespace skiff

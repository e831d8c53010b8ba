// Guard-page faults and bounds traps in compiled code name the same frames and
// wasm offsets as tier 0 (issue 14). Instruction selection folds a load into its
// user (`add (mem), reg`, `cmp (mem), imm`, movzx, cvtss2sd, broadcasts, cmov),
// and the folded instruction's line-table row named the user's offset, not the
// load's (llvm/fault_locs.h). Each case traps in tier 0 and in tier 1 (guarded
// memory, and with explicit bounds checks) and compares the whole backtrace:
// function indices, module and function offsets. Caller chains go through
// call_indirect, which LLVM cannot inline, so the frames are exact with or
// without inlining.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "compiler/tier1.h"
#include "interp/interpreter.h"
#include "runtime/compiled_module.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "text/wat_parser.h"
#include "tiered_store.h"

namespace skiff {
namespace {

struct Run {
  rt::Engine engine;
  rt::Store store{engine};
  std::unique_ptr<interp::Interpreter> interp;
  std::unique_ptr<compiler::Tier1Executor> t1;
  rt::Instance* inst = nullptr;

  Run(const std::string& wat, bool tier1, bool guard_pages) {
    interp::InterpConfig cfg;
    cfg.guard_pages = guard_pages;
    interp = std::make_unique<interp::Interpreter>(store, cfg);
    if (tier1) {
      auto t = compiler::Tier1Executor::create(store, guard_pages);
      EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
      if (t.ok()) t1 = std::move(*t);
    }
    auto m = text::parse_wat(wat);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
    if (!m.ok()) return;
    auto cm = rt::CompiledModule::compile(std::move(*m));
    EXPECT_TRUE(cm.ok()) << (cm.ok() ? "" : cm.error().message);
    if (!cm.ok()) return;
    rt::Linker linker;
    auto i = linker.instantiate(store, *cm);
    EXPECT_TRUE(i.ok()) << (i.ok() ? "" : i.error().message);
    if (i.ok()) inst = *i;
    if (t1 && inst) {
      auto p = t1->prepare(*inst);
      EXPECT_TRUE(p.ok());
    }
  }
};

std::string describe(const std::optional<rt::Trap>& t) {
  if (!t) return "<returned>";
  std::ostringstream os;
  os << t->message;
  for (const rt::TraceFrame& f : t->backtrace) {
    os << " | func " << f.func_index;
    if (f.module_offset != rt::TraceFrame::kNoOffset) os << " @" << f.module_offset;
    else os << " @?";
    if (f.func_offset != rt::TraceFrame::kNoOffset) os << " +" << f.func_offset;
  }
  return os.str();
}

// `interpreted`: the export itself runs in tier 0 (its callees compiled).
std::string trap_of(Run& r, const char* name, const std::vector<rt::Val>& args, bool interpreted = false) {
  if (!r.inst) return "<no instance>";
  rt::Func* f = r.inst->export_func(name);
  if (!f) return "<no export>";
  std::vector<rt::Val> out(f->sig->results.size());
  for (size_t k = 0; k < out.size(); ++k) out[k] = rt::Val::zero(f->sig->results[k]);
  if (interpreted) return describe(r.interp->invoke(r.store, f, args, out));
  return describe(rt::invoke(r.store, f, args, out));
}

// Tier 0's trap (with every offset known) against tier 1's, guarded and checked.
void expect_same_trap(const std::string& wat, const char* name, const std::vector<rt::Val>& args,
                      bool interpreted = false) {
  Run t0(wat, false, true);
  const std::string want = trap_of(t0, name, args);
  ASSERT_NE(want.find("out of bounds memory access"), std::string::npos) << want;
  ASSERT_EQ(want.find("@?"), std::string::npos) << want;
  for (bool guard_pages : {true, false}) {
    SCOPED_TRACE(guard_pages ? "guard pages" : "bounds checks");
    Run t1(wat, true, guard_pages);
    ASSERT_NE(t1.t1, nullptr);
    ASSERT_NE(t1.inst, nullptr);
    // Compiled (a failed compile would silently run tier 0 and pass).
    ASSERT_NE(t1.inst->export_func(name)->tier1, nullptr) << name << " was not compiled";
    EXPECT_EQ(trap_of(t1, name, args, interpreted), want);
  }
}

std::vector<rt::Val> i32s(std::initializer_list<uint32_t> v) {
  std::vector<rt::Val> out;
  for (uint32_t x : v) out.push_back(rt::Val::make_i32(x));
  return out;
}

// One function per folding shape; each export's first parameter is the address.
const char* kFolds = R"((module
  (memory 1)
  (func (export "add") (param $p i32) (param $q i32) (result i32)
    (i32.add (local.get $q) (i32.load (local.get $p))))
  (func (export "add_offset") (param $p i32) (param $q i32) (result i32)
    (i32.mul (local.get $q) (i32.xor (local.get $q) (i32.load offset=16 (local.get $p)))))
  (func (export "store") (param $p i32) (param $q i32) (result i32)
    (i32.store (local.get $p) (i32.add (local.get $q) (i32.const 1)))
    (local.get $q))
  (func (export "store_after_load") (param $p i32) (param $q i32) (result i32)
    (i32.store offset=4 (local.get $p) (i32.load (local.get $q)))
    (local.get $q))
  (func (export "compare") (param $p i32) (param $q i32) (result i32)
    (if (result i32) (i32.lt_s (i32.load (local.get $p)) (i32.const 5))
      (then (local.get $q)) (else (i32.const 2))))
  (func (export "br_if") (param $p i32) (param $q i32) (result i32)
    (block $b (result i32)
      (drop (br_if $b (local.get $q) (i32.eqz (i32.load16_u (local.get $p)))))
      (i32.const 3)))
  (func (export "select") (param $p i32) (param $q i32) (result i32)
    (select (i32.load (local.get $p)) (local.get $q) (local.get $q)))
  (func (export "narrow_add") (param $p i32) (param $q i32) (result i32)
    (i32.add (local.get $q) (i32.load8_u (local.get $p))))
  (func (export "i64_add") (param $p i32) (param $q i32) (result i32)
    (i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get $q)) (i64.load (local.get $p)))))
  (func (export "float") (param $p i32) (param $q i32) (result i32)
    (i32.trunc_sat_f64_s (f64.add (f64.convert_i32_s (local.get $q))
                                  (f64.promote_f32 (f32.load (local.get $p))))))
  (func (export "splat") (param $p i32) (param $q i32) (result i32)
    (i32x4.extract_lane 1 (i32x4.add (i32x4.splat (local.get $q)) (v128.load32_splat (local.get $p)))))
  (func (export "atomic") (param $p i32) (param $q i32) (result i32)
    (i32.add (local.get $q) (i32.atomic.load (local.get $p))))
  (func (export "rmw") (param $p i32) (param $q i32) (result i32)
    (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (local.get $q)))
    (local.get $q))
  (func (export "rmw8") (param $p i32) (param $q i32) (result i32)
    (i32.store8 offset=3 (local.get $p) (i32.xor (i32.load8_u offset=3 (local.get $p)) (local.get $q)))
    (local.get $q))
))";

TEST(Tier1FaultOffsets, FoldedLoadInAnAdd) { expect_same_trap(kFolds, "add", i32s({65535, 7})); }
TEST(Tier1FaultOffsets, FoldedLoadWithOffset) { expect_same_trap(kFolds, "add_offset", i32s({65530, 7})); }
TEST(Tier1FaultOffsets, Store) { expect_same_trap(kFolds, "store", i32s({65534, 7})); }
TEST(Tier1FaultOffsets, StoreOfALoadedValue) {
  expect_same_trap(kFolds, "store_after_load", i32s({65534, 8}));  // the store faults
  expect_same_trap(kFolds, "store_after_load", i32s({8, 65534}));  // the load faults
}
TEST(Tier1FaultOffsets, LoadFeedingACompare) { expect_same_trap(kFolds, "compare", i32s({65533, 7})); }
TEST(Tier1FaultOffsets, LoadFeedingABranch) { expect_same_trap(kFolds, "br_if", i32s({65535, 7})); }
// A load feeding a select: x86 folds it into a cmov, which the cmov converter
// may turn into a branch with the load in one arm; the access must still run
// (and trap) whichever value is selected.
TEST(Tier1FaultOffsets, LoadFeedingASelect) {
  expect_same_trap(kFolds, "select", i32s({65535, 7}));
  expect_same_trap(kFolds, "select", i32s({65535, 0}));
}
TEST(Tier1FaultOffsets, NarrowAndWideLoads) {
  expect_same_trap(kFolds, "narrow_add", i32s({65536, 7}));
  expect_same_trap(kFolds, "i64_add", i32s({65529, 7}));
  expect_same_trap(kFolds, "float", i32s({65533, 7}));
  expect_same_trap(kFolds, "splat", i32s({65533, 7}));
  expect_same_trap(kFolds, "atomic", i32s({65536, 7}));
}

// load + op + store of the same bytes: one x86 instruction (`add reg, (mem)`)
// that faults on its read, so tier 0's load.
TEST(Tier1FaultOffsets, ReadModifyWrite) {
  expect_same_trap(kFolds, "rmw", i32s({65534, 7}));
  expect_same_trap(kFolds, "rmw8", i32s({65533, 7}));
}

// memory64 is bounds-checked in tier 1 (an explicit check and a trap block).
TEST(Tier1FaultOffsets, Memory64) {
  const char* wat = R"((module
    (memory i64 1)
    (func (export "add") (param $p i64) (param $q i32) (result i32)
      (i32.add (local.get $q) (i32.load (local.get $p))))
    (func (export "store") (param $p i64) (param $q i32) (result i32)
      (i32.store offset=8 (local.get $p) (local.get $q)) (local.get $q))
  ))";
  expect_same_trap(wat, "add", {rt::Val::make_i64(65535), rt::Val::make_i32(7)});
  expect_same_trap(wat, "store", {rt::Val::make_i64(65530), rt::Val::make_i32(7)});
}

// Three compiled frames: each caller's return address maps to its call's offset.
TEST(Tier1FaultOffsets, CallerChainOfThreeCompiledFrames) {
  const char* wat = R"((module
    (type $t (func (param i32 i32) (result i32)))
    (memory 1)
    (table 3 funcref)
    (elem (i32.const 0) $inner $middle $store)
    (func $inner (param $p i32) (param $q i32) (result i32)
      (i32.add (local.get $q) (i32.load (local.get $p))))
    (func $middle (param $p i32) (param $q i32) (result i32)
      (i32.mul (i32.const 3)
        (call_indirect (type $t) (local.get $p) (local.get $q) (i32.and (local.get $q) (i32.const 3)))))
    (func $store (param $p i32) (param $q i32) (result i32)
      (i32.store8 (local.get $p) (local.get $q)) (local.get $q))
    (func (export "outer") (param $p i32) (param $q i32) (result i32)
      (i32.sub (i32.const 1)
        (call_indirect (type $t) (local.get $p) (i32.shl (local.get $q) (i32.const 2)) (i32.const 1))))
    (func (export "outer_store") (param $p i32) (param $q i32) (result i32)
      (i32.sub (i32.const 1)
        (call_indirect (type $t) (local.get $p)
          (i32.or (i32.shl (local.get $q) (i32.const 2)) (i32.const 2)) (i32.const 1))))
  ))";
  // outer -> middle -> inner (element q' & 3 = 0): a folded load.
  expect_same_trap(wat, "outer", i32s({70000, 2}));
  // outer_store -> middle -> store (element 2): a store.
  expect_same_trap(wat, "outer_store", i32s({70000, 1}));
  // The same with the export interpreted: a tier-0 frame below the compiled ones.
  expect_same_trap(wat, "outer", i32s({70000, 2}), true);
  expect_same_trap(wat, "outer_store", i32s({70000, 1}), true);
}

// Direct calls, which LLVM inlines into the export: the folded load's offset and
// the call sites come from the line rows' inlining chains (inline_chains.h).
TEST(Tier1FaultOffsets, InlinedChainOfThreeFunctions) {
  const char* wat = R"((module
    (memory 1)
    (func $inner (param $p i32) (param $q i32) (result i32)
      (i32.add (local.get $q) (i32.load (local.get $p))))
    (func $middle (param $p i32) (param $q i32) (result i32)
      (i32.mul (i32.const 3) (call $inner (local.get $p) (local.get $q))))
    (func (export "outer") (param $p i32) (param $q i32) (result i32)
      (i32.sub (i32.const 1) (call $middle (local.get $p) (local.get $q))))
  ))";
  expect_same_trap(wat, "outer", i32s({65535, 7}));
}

// Tier auto: a tier-0 frame whose function was compiled while it ran (Func::code
// cleared; the try_table keeps it out of OSR) faults on a guard page. Its offset
// comes from the module's cached code (interp frame_code), as in plain tier 0.
TEST(Tier1FaultOffsets, TierZeroFrameFaultsAfterItsFunctionWasCompiled) {
  const char* wat = R"((module
    (import "env" "wait" (func $wait))
    (memory 1)
    (tag $e)
    (func (export "run") (param $n i32) (result i32)
      (local $i i32) (local $s i32)
      (block $h
        (try_table (catch $e $h)
          (loop $l
            (if (i32.ge_u (local.get $i) (i32.const 8192))
              (then (if (i32.eqz (i32.and (local.get $i) (i32.const 63))) (then (call $wait)))))
            (local.set $s (i32.add (local.get $s) (i32.load (i32.and (local.get $i) (i32.const 1020)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))
      (i32.add (local.get $s) (i32.load offset=8 (local.get $n))))))";
  auto m = text::parse_wat(wat);
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto cm = rt::CompiledModule::compile(std::move(*m));
  ASSERT_TRUE(cm.ok()) << cm.error().message;
  const uint32_t n = 400'000;  // past the memory: the last load faults
  std::string want, got;
  bool installed_while_running = false;
  for (bool tier_auto : {false, true}) {
    rt::Engine engine;
    testing_tiers::TieredStore ts(engine, tier_auto ? testing_tiers::Tier::Auto : testing_tiers::Tier::Zero);
    if (tier_auto) {
      ASSERT_TRUE(ts.t1);
    }
    rt::Func* run = nullptr;
    // Auto: holds the loop (2 ms a call) until the batch holding `run` is installed.
    rt::Func* wait = ts.store.create_host_func(
        ir::FuncType{{}, {}},
        [&, tier_auto](rt::Caller&, std::span<const rt::Val>, std::span<rt::Val>) -> std::optional<rt::Trap> {
          if (!tier_auto) return std::nullopt;
          if (run && run->tier1) installed_while_running = true;
          else std::this_thread::sleep_for(std::chrono::milliseconds(2));
          return std::nullopt;
        },
        "wait");
    rt::Linker linker;
    linker.define("env", "wait", wait);
    auto inst = linker.instantiate(ts.store, *cm);
    ASSERT_TRUE(inst.ok());
    run = (*inst)->export_func("run");
    std::vector<rt::Val> out(1);
    std::vector<rt::Val> args{rt::Val::make_i32(n)};
    (tier_auto ? got : want) = describe(rt::invoke(ts.store, run, args, out));
    if (tier_auto) {
      EXPECT_EQ(run->code, nullptr) << "the function's tier-0 code was not cleared";
    }
  }
  ASSERT_NE(want.find("out of bounds memory access"), std::string::npos) << want;
  ASSERT_EQ(want.find("@?"), std::string::npos) << want;
  EXPECT_TRUE(installed_while_running) << "the batch was not installed while the frame ran";
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace skiff

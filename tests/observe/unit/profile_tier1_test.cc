// The sampling profiler on compiled code (issue 16): Config::tier Compiler and
// Auto through the public API. Compiled frames are walked from the signal context
// through the code map; host functions called from compiled code are frames of
// their own, and a host function calling back into compiled code sits between the
// two compiled stretches. LLVM inlines spin into hot and cold and those into main
// (tier 1 at O2): the line table's inlining chains give back the wasm frames
// (main;hot;spin), as tier 0 shows them.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include "skiff/engine.h"
#include "skiff/func.h"
#include "skiff/instance.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/store.h"
#include "folded.h"

#include "compiler/tier1.h"  // tier1_stats(): the interpreter's calls into compiled code

namespace skiff {
namespace {

constexpr const char* kWat = R"((module
  (import "env" "pause" (func $pause))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (func $spin (param $n i32) (result i32) (local $x i32)
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (local.get $x))
  (func $hot (param i32) (result i32) (call $spin (local.get 0)))
  (func $cold (param i32) (result i32) (call $spin (local.get 0)))
  (func $main (export "main") (param $n i32) (result i32)
    (i32.add (call $hot (i32.mul (local.get $n) (i32.const 3))) (call $cold (local.get $n))))
  (func $wait (export "wait") (call $pause))
  (func $outer (export "outer") (param $n i32) (result i32) (call $reenter (local.get $n)))
))";

void profile_tier(Tier tier) {
  Config c;
  c.tier = tier;
  Engine engine(c);
  auto module = Module::compile_text(engine, kWat);
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  Store store(engine);
  Linker linker(engine);
  std::optional<Func> main_f;
  ASSERT_TRUE(linker.func("env", "pause", [] { std::this_thread::sleep_for(std::chrono::milliseconds(30)); }).ok());
  ASSERT_TRUE(linker.func("env", "reenter", [&](int32_t n) -> int32_t {
    auto r = main_f->call({Val::i32(n)});
    return r.ok() && !r->empty() ? (*r)[0].as_i32() : 0;
  }).ok());
  auto inst = linker.instantiate(store, *module);
  ASSERT_TRUE(inst.ok());
  main_f = inst->func("main");
  ASSERT_TRUE(main_f);
  // Warm up (tier auto: compiles the module in the background, then switches).
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(main_f->call({Val::i32(100'000)}).ok());
  if (tier == Tier::Auto) std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(main_f->call({Val::i32(100'000)}).ok());
  ProfileOptions o;
  o.interval = std::chrono::microseconds(250);
  ASSERT_TRUE(store.start_profiling(o).ok());
  for (int i = 0; i < 20000 && store.profile_stats().samples < 400; ++i)
    ASSERT_TRUE(main_f->call({Val::i32(1'000'000)}).ok());
  ASSERT_TRUE(inst->func("wait")->call({}).ok());
  uint64_t before = store.profile_stats().samples;
  for (int i = 0; i < 20000 && store.profile_stats().samples < before + 200; ++i)
    ASSERT_TRUE(inst->func("outer")->call({Val::i32(1'000'000)}).ok());
  ASSERT_TRUE(store.stop_profiling().ok());
  auto text = store.profile_text(ProfileFormat::Folded);
  ASSERT_TRUE(text.ok());
  auto m = test::parse_folded(*text);
  const uint64_t hot = m["main;hot;spin"], cold = m["main;cold;spin"];
  EXPECT_GT(hot + cold, 200u) << *text;
  EXPECT_GT(hot, 2 * cold) << *text;
  EXPECT_LT(hot, 5 * cold + 5) << *text;
  // The widest stack is spin under hot, called from the host.
  std::string widest;
  uint64_t best = 0;
  for (const auto& [k, v] : m)
    if (v > best) best = v, widest = k;
  EXPECT_EQ(widest, "main;hot;spin") << *text;
  // The host function called from compiled code, under its caller.
  uint64_t host = 0, reenter = 0, unknown = 0;
  for (const auto& [k, v] : m) {
    if (k.rfind("wait;", 0) == 0 && k.size() > 5) host += v;
    if (k.rfind("outer;[host];main;", 0) == 0) reenter += v;
    if (k.find("[unknown]") != std::string::npos) unknown += v;
  }
  EXPECT_GT(host, 40u) << *text;
  // compiled -> host -> compiled: the host frame between the two stretches.
  EXPECT_GT(reenter, 150u) << *text;
  EXPECT_LT(unknown * 50, store.profile_stats().samples + 50) << *text;
}

TEST(ProfileTier1, CompiledFramesNamedInCallOrder) { profile_tier(Tier::Compiler); }
TEST(ProfileTier1, TierAutoMixesInterpreterAndCompiledFrames) { profile_tier(Tier::Auto); }

// compiled -> tier 0 -> compiled: in tier auto, module C (spin) and module A (main,
// its own loop) get hot and compile; module B (mid, called 4 times per main call)
// does too little work to, so main (compiled) -> mid (interpreted) -> spin
// (compiled, the interpreter's call into tier 1).
constexpr const char* kWatC = R"((module
  (func $spin (export "spin") (param $n i32) (result i32) (local $x i32)
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (local.get $x))))";
constexpr const char* kWatB = R"((module
  (import "c" "spin" (func $spin (param i32) (result i32)))
  (func $mid (export "mid") (param i32) (result i32) (call $spin (local.get 0)))))";
constexpr const char* kWatA = R"((module
  (import "b" "mid" (func $mid (param i32) (result i32)))
  (func $own (export "own") (param $n i32) (result i32) (local $x i32)
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (local.get $x))
  (func $main (export "main") (param $n i32) (result i32)
    (i32.add (i32.add (call $mid (local.get $n)) (call $mid (local.get $n)))
             (i32.add (call $mid (local.get $n)) (call $mid (local.get $n)))))))";

TEST(ProfileTier1, CompiledInterpretedCompiledInCallOrder) {
  Config c;
  c.tier = Tier::Auto;
  Engine engine(c);
  auto mc = Module::compile_text(engine, kWatC);
  auto mb = Module::compile_text(engine, kWatB);
  auto ma = Module::compile_text(engine, kWatA);
  ASSERT_TRUE(mc.ok() && mb.ok() && ma.ok());
  Store store(engine);
  Linker linker(engine);
  auto ic = linker.instantiate(store, *mc);
  ASSERT_TRUE(ic.ok());
  ASSERT_TRUE(linker.define_instance("c", *ic).ok());
  auto ib = linker.instantiate(store, *mb);
  ASSERT_TRUE(ib.ok());
  ASSERT_TRUE(linker.define_instance("b", *ib).ok());
  auto ia = linker.instantiate(store, *ma);
  ASSERT_TRUE(ia.ok());
  // Heat for C and A (not B), then time for the background compiles.
  auto spin = ic->func("spin"), own = ia->func("own"), main_f = ia->func("main");
  ASSERT_TRUE(spin && own && main_f);
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(spin->call({Val::i32(20'000)}).ok());
      ASSERT_TRUE(own->call({Val::i32(20'000)}).ok());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const uint64_t from_tier0 = compiler::tier1_stats().calls_from_tier0.load();
  ProfileOptions o;
  o.interval = std::chrono::microseconds(250);
  ASSERT_TRUE(store.start_profiling(o).ok());
  uint64_t calls = 0;
  for (int i = 0; i < 20000 && store.profile_stats().samples < 300; ++i, ++calls)
    ASSERT_TRUE(main_f->call({Val::i32(500'000)}).ok());
  ASSERT_TRUE(store.stop_profiling().ok());
  // Every mid -> spin call went from the interpreter to compiled code.
  EXPECT_GE(compiler::tier1_stats().calls_from_tier0.load(), from_tier0 + 4 * calls);
  auto text = store.profile_text(ProfileFormat::Folded);
  ASSERT_TRUE(text.ok());
  auto m = test::parse_folded(*text);
  uint64_t total = 0;
  for (const auto& [k, v] : m) total += v;
  EXPECT_GT(m["main;mid;spin"], total * 8 / 10) << *text;
}

}  // namespace
}  // namespace skiff

// Store::start_profiling / stop_profiling / profile_text through the public API on
// a WAT module: the hot function gets most samples, a host function called from
// wasm is a frame of its own, errors for misuse.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

#include "skiff/engine.h"
#include "skiff/func.h"
#include "skiff/instance.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/store.h"
#include "folded.h"

namespace skiff {
namespace {

constexpr const char* kWat = R"((module
  (import "env" "pause" (func $pause))
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
))";

TEST(ProfileApi, SamplesNamedStacksAndHostFrames) {
  Engine engine;
  auto module = Module::compile_text(engine, kWat);
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  Store store(engine);
  Linker linker(engine);
  ASSERT_TRUE(linker.func("env", "pause", [] { std::this_thread::sleep_for(std::chrono::milliseconds(60)); }).ok());
  auto inst = linker.instantiate(store, *module);
  ASSERT_TRUE(inst.ok());
  EXPECT_FALSE(store.stop_profiling().ok());  // not running
  EXPECT_FALSE(store.profile_text(ProfileFormat::Folded).ok());
  ProfileOptions o;
  o.interval = std::chrono::microseconds(250);
  ASSERT_TRUE(store.start_profiling(o).ok());
  EXPECT_FALSE(store.start_profiling(o).ok());  // already running
  // Run until enough samples (slow builds take longer per call).
  auto main_f = inst->func("main");
  ASSERT_TRUE(main_f);
  for (int i = 0; i < 200 && store.profile_stats().samples < 400; ++i)
    ASSERT_TRUE(main_f->call({Val::i32(1'000'000)}).ok());
  ASSERT_TRUE(inst->func("wait")->call({}).ok());
  ASSERT_TRUE(store.stop_profiling().ok());
  auto text = store.profile_text(ProfileFormat::Folded);
  ASSERT_TRUE(text.ok());
  auto m = test::parse_folded(*text);
  const uint64_t hot = m["main;hot;spin"], cold = m["main;cold;spin"];
  EXPECT_GT(hot + cold, 200u) << *text;
  EXPECT_GT(hot, 2 * cold) << *text;
  EXPECT_LT(hot, 5 * cold + 5) << *text;
  // 60 ms in the host function at 250 us: ~240 samples (wall clock), named by
  // the function's own frame under its wasm caller.
  uint64_t host = 0;
  for (const auto& [k, v] : m)
    if (k.rfind("wait;", 0) == 0 && k.size() > 5) host += v;
  EXPECT_GT(host, 60u) << *text;
  ProfileStats st = store.profile_stats();
  EXPECT_EQ(st.interval.count(), 250);
  EXPECT_GE(st.samples, hot + cold + host);
  auto svg = store.profile_text(ProfileFormat::Svg);
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(svg->find("data-n=\"hot\""), std::string::npos);
  // A restart keeps the samples so far.
  ASSERT_TRUE(store.start_profiling(o).ok());
  ASSERT_TRUE(store.stop_profiling().ok());
  EXPECT_GE(store.profile_stats().samples, st.samples);
  EXPECT_FALSE(store.write_profile("/nonexistent-dir/p.svg").ok());
  ProfileOptions tiny;
  tiny.interval = std::chrono::microseconds(1);
  Store other(engine);
  EXPECT_FALSE(other.start_profiling(tiny).ok());
}

}  // namespace
}  // namespace skiff

// Instantiate + call + drop of an already compiled Module, in a fresh Store each
// time: a module without a memory, with one page, with 1 MiB of data segments
// (a memory image: mapped copy-on-write, reset with madvise), and with one page
// under Config::memory_reservation = 0; through Linker::instantiate and through
// an InstancePre; on one thread and on two threads sharing the Module, Linker and
// InstancePre. Each iteration is timed on its own, and p50/p99 (microseconds) are
// reported next to Google Benchmark's mean; with 2 threads the percentiles are
// the average of the threads'.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "skiff/skiff.hpp"

// (So that the same file measures a Skiff from before InstancePre, for comparisons.)
#if __has_include("skiff/instance_pre.h")
#define SKIFF_BENCH_PRE 1
#else
#define SKIFF_BENCH_PRE 0
#endif

namespace {

const char* kNoMemory = R"((module
  (import "env" "base" (func $base (result i32)))
  (global $g (mut i32) (i32.const 1))
  (func (export "run") (param i32) (result i32)
    (i32.add (call $base) (i32.mul (local.get 0) (global.get $g))))))";

const char* kOnePage = R"((module
  (import "env" "base" (func $base (result i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 1))
  (func (export "run") (param i32) (result i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.add (call $base) (i32.mul (i32.load (i32.const 16)) (global.get $g))))))";

std::string big_module() {
  // 1 MiB of data in one active segment; run reads its last byte.
  std::string data;
  data.reserve(4 << 20);
  for (int i = 0; i < (1 << 20); ++i) {
    char buf[5];
    std::snprintf(buf, sizeof buf, "\\%02x", (i * 7) & 0xff);
    data += buf;
  }
  return R"((module
    (import "env" "base" (func $base (result i32)))
    (memory 17)
    (data (i32.const 65536) ")" + data + R"(")
    (func (export "run") (param i32) (result i32)
      (i32.add (call $base) (i32.load8_u (i32.add (local.get 0) (i32.const 1114111)))))))";
}

enum Case { NoMemory, OnePage, Data1MiB, OnePageReservation0, kCases };

struct Fixture {
  std::unique_ptr<skiff::Engine> engine;
  std::optional<skiff::Module> module;
  std::unique_ptr<skiff::Linker> linker;
#if SKIFF_BENCH_PRE
  std::optional<skiff::InstancePre> pre;
#endif
  std::string error;
};

Fixture& fixture(Case c) {
  static Fixture fixtures[kCases];
  static std::once_flag once[kCases];
  std::call_once(once[c], [c] {
    Fixture& f = fixtures[c];
    skiff::Config config;
#if SKIFF_BENCH_PRE
    if (c == OnePageReservation0) config.memory_reservation = 0;
#endif
    f.engine = std::make_unique<skiff::Engine>(config);
    std::string wat = c == NoMemory ? kNoMemory : c == Data1MiB ? big_module() : kOnePage;
    auto m = skiff::Module::compile_text(*f.engine, wat);
    if (!m.ok()) {
      f.error = m.error().to_string();
      return;
    }
    f.module = *m;
    f.linker = std::make_unique<skiff::Linker>(*f.engine);
    (void)f.linker->func("env", "base", []() { return int32_t(1); });
#if SKIFF_BENCH_PRE
    auto pre = skiff::InstancePre::create(*f.linker, *f.module);
    if (!pre.ok()) {
      f.error = pre.error().to_string();
      return;
    }
    f.pre = *pre;
#endif
  });
  return fixtures[c];
}

void run(benchmark::State& state, Case c, bool use_pre) {
  Fixture& f = fixture(c);
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  std::vector<double> ns;
  ns.reserve(1 << 20);
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    {
      skiff::Store store(*f.engine);
#if SKIFF_BENCH_PRE
      auto inst = use_pre ? f.pre->instantiate(store) : f.linker->instantiate(store, *f.module);
#else
      if (use_pre) {
        state.SkipWithError("no InstancePre in this build");
        return;
      }
      auto inst = f.linker->instantiate(store, *f.module);
#endif
      if (!inst.ok()) {
        state.SkipWithError(inst.error().error.message.c_str());
        return;
      }
      auto fn = inst->func("run")->typed<int32_t(int32_t)>();
      auto r = fn->call(0);
      benchmark::DoNotOptimize(r);
    }
    ns.push_back(double(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0)
                            .count()));
  }
  if (ns.empty()) return;
  std::sort(ns.begin(), ns.end());
  auto pct = [&](double p) { return ns[std::min(ns.size() - 1, size_t(p * double(ns.size())))] / 1000.0; };
  state.counters["p50_us"] = benchmark::Counter(pct(0.50), benchmark::Counter::kAvgThreads);
  state.counters["p99_us"] = benchmark::Counter(pct(0.99), benchmark::Counter::kAvgThreads);
  state.counters["instances/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

#define SKIFF_CASE(name, c, pre) \
  BENCHMARK_CAPTURE(run, name, c, pre)->Unit(benchmark::kMicrosecond)->UseRealTime()->Threads(1)->Threads(2)

SKIFF_CASE(NoMemory_Linker, NoMemory, false);
SKIFF_CASE(NoMemory_InstancePre, NoMemory, true);
SKIFF_CASE(OnePage_Linker, OnePage, false);
SKIFF_CASE(OnePage_InstancePre, OnePage, true);
SKIFF_CASE(Data1MiB_Linker, Data1MiB, false);
SKIFF_CASE(Data1MiB_InstancePre, Data1MiB, true);
SKIFF_CASE(OnePage_Reservation0_InstancePre, OnePageReservation0, true);

}  // namespace

BENCHMARK_MAIN();

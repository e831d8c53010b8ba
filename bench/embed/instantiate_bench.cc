// Instantiate + call + drop per second for an already compiled Module: a small
// module, and one with a 1 MiB data segment (copied into each new memory).
// Each iteration makes a fresh Store, instantiates through a Linker holding one
// host function, calls an export and drops everything.
#include <benchmark/benchmark.h>

#include <string>

#include "skiff/skiff.hpp"

namespace {

const char* kSmall = R"((module
  (import "env" "base" (func $base (result i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 1))
  (func (export "run") (param i32) (result i32)
    (i32.add (call $base) (i32.mul (local.get 0) (global.get $g))))))";

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

void run(benchmark::State& state, const std::string& wat, bool guard_pages) {
  skiff::Config config;
  config.guard_pages = guard_pages;
  skiff::Engine engine(config);
  auto m = skiff::Module::compile_text(engine, wat);
  if (!m.ok()) {
    state.SkipWithError(m.error().to_string().c_str());
    return;
  }
  skiff::Linker linker(engine);
  if (!linker.func("env", "base", []() { return int32_t(1); }).ok()) {
    state.SkipWithError("cannot define env.base");
    return;
  }
  for (auto _ : state) {
    skiff::Store store(engine);
    auto inst = linker.instantiate(store, *m);
    if (!inst.ok()) {
      state.SkipWithError(inst.error().error.message.c_str());
      return;
    }
    auto f = inst->func("run")->typed<int32_t(int32_t)>();
    auto r = f->call(0);
    benchmark::DoNotOptimize(r);
  }
  state.counters["instances/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_SmallModule(benchmark::State& s) { run(s, kSmall, true); }
void BM_SmallModuleNoGuardPages(benchmark::State& s) { run(s, kSmall, false); }
void BM_Data1MiB(benchmark::State& s) { run(s, big_module(), true); }
void BM_Data1MiBNoGuardPages(benchmark::State& s) { run(s, big_module(), false); }

BENCHMARK(BM_SmallModule)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SmallModuleNoGuardPages)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Data1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Data1MiBNoGuardPages)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

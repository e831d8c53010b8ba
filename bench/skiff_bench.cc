// skiff-bench FILE N REPS [fuel|interrupt]: instantiates FILE (.wasm or .wat, no imports) on Skiff's
// interpreter and calls its `run(N)` export REPS times; prints "best_ms checksum"
// (the same line format as native_main.c) and, on stderr, the GC's statistics. With
// `fuel` or `interrupt` the store compiles those checks in (to measure their cost).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "binary/decoder.h"
#include "interp/interpreter.h"
#include "runtime/gc_heap.h"
#include "runtime/instantiate.h"
#include "text/wat_parser.h"

using namespace skiff;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: skiff-bench FILE [N] [REPS]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  Result<ir::Module> m = bytes.rfind(std::string("\0asm", 4), 0) == 0
                             ? binary::decode(reinterpret_cast<const uint8_t*>(bytes.data()),
                                              bytes.size())
                             : text::parse_wat(bytes);
  if (!m.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[1], m.error().message.c_str());
    return 1;
  }
  auto cm = rt::CompiledModule::compile(std::move(*m));
  if (!cm.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[1], cm.error().message.c_str());
    return 1;
  }
  rt::Engine engine;
  rt::Store store(engine);
  std::string mode = argc > 4 ? argv[4] : "";
  store.limits.fuel = mode == "fuel";
  store.limits.interruptible = mode == "interrupt";
  interp::Interpreter interp(store);
  auto inst = rt::instantiate(store, *cm, {});
  if (!inst.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[1], inst.error().message.c_str());
    return 1;
  }
  rt::Func* f = (*inst)->export_func("run");
  if (!f) {
    std::fprintf(stderr, "%s: no export \"run\"\n", argv[1]);
    return 1;
  }
  unsigned n = argc > 2 ? unsigned(std::strtoul(argv[2], nullptr, 10)) : 10;
  int reps = argc > 3 ? std::atoi(argv[3]) : 3;
  double best = 1e300;
  uint32_t sum = 0;
  for (int r = 0; r < reps; ++r) {
    std::vector<rt::Val> args{rt::Val::make_i32(n)}, res;
    store.set_fuel(uint64_t(1) << 62);
    auto t0 = std::chrono::steady_clock::now();
    if (auto t = rt::invoke(store, f, args, res)) {
      std::fprintf(stderr, "trap: %s\n", t->to_string().c_str());
      return 134;
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (ms < best) best = ms;
    sum = res[0].i32;
  }
  std::printf("%.3f %u\n", best, sum);
  rt::gc::Heap& h = store.heap();
  if (h.collections())
    std::fprintf(stderr, "gc: %zu collections, %zu live objects\n", h.collections(), h.live_objects());
  return 0;
}

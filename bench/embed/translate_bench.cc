// Translation speed: decode + validate, and translation of every function body to
// the interpreter's code, for the modules given on the command line (e.g. the
// benchmark programs). Reports MB of function-body bytes per second for each step
// and for the whole compile (decode + validate + translate), best of N rounds.
//
//   bench-translate [--rounds N] FILE.wasm...
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "interp/code_cache.h"
#include "runtime/compiled_module.h"
#include "valid/validator.h"

using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = std::atoi(argv[++i]);
    else files.push_back(argv[i]);
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: bench-translate [--rounds N] FILE.wasm...\n");
    return 2;
  }
  std::printf("%-28s %10s %8s %14s %14s %14s\n", "module", "code KiB", "funcs", "validate MB/s",
              "translate MB/s", "compile MB/s");
  double all_bytes = 0, all_best = 0;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    double best_v = 1e9, best_t = 1e9;
    size_t code_bytes = 0, funcs = 0;
    for (int r = 0; r < rounds; ++r) {
      auto t0 = Clock::now();
      auto m = skiff::binary::decode(bytes.data(), bytes.size());
      if (!m.ok()) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), m.error().to_string().c_str());
        return 1;
      }
      code_bytes = 0;
      for (const auto& f : m->funcs) code_bytes += f.body.bytes.size();
      funcs = m->funcs.size();
      if (auto s = skiff::valid::validate(*m); !s.ok()) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), s.error().to_string().c_str());
        return 1;
      }
      double v = seconds_since(t0);
      auto cm = skiff::rt::CompiledModule::from_validated(std::move(*m));
      auto t1 = Clock::now();
      if (auto s = skiff::interp::precompile(*cm, {}); !s.ok()) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), s.error().to_string().c_str());
        return 1;
      }
      double t = seconds_since(t1);
      best_v = std::min(best_v, v);
      best_t = std::min(best_t, t);
    }
    double mb = double(code_bytes) / 1e6;
    std::string name = path.substr(path.find_last_of('/') + 1);
    std::printf("%-28s %10.1f %8zu %14.1f %14.1f %14.1f\n", name.c_str(), double(code_bytes) / 1024, funcs,
                mb / best_v, mb / best_t, mb / (best_v + best_t));
    all_bytes += mb;
    all_best += best_v + best_t;
  }
  std::printf("all: %.2f MB of code, compile %.1f MB/s\n", all_bytes, all_bytes / all_best);
  return 0;
}

// Translation speed: decode + validate, and translation of every function body to
// the interpreter's code, for the modules given on the command line (e.g. the
// benchmark programs). Reports MB of function-body bytes per second for each step
// and for the whole compile (decode + validate + translate), best of N rounds.
// The decode and validate columns are that step alone (validate CPU: its CPU time
// over all threads, best round); --threads N gives both N
// threads for the function bodies (default 0: one per core for large modules,
// 1 = serial); --no-translate skips the translation; --decode-only stops after the
// decode (perf stat of both runs gives the validator's instructions alone).
//
//   bench-translate [--rounds N] [--threads N] [--no-translate] FILE.wasm...
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
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

// CPU seconds of the whole process (every thread): steadier than wall time on a
// busy machine, and with --threads N it shows what the parallel loop costs.
double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  unsigned threads = 0;
  bool translate = true;
  bool decode_only = false;  // for counting the validator's share with perf stat
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) threads = unsigned(std::atoi(argv[++i]));
    else if (std::strcmp(argv[i], "--no-translate") == 0) translate = false;
    else if (std::strcmp(argv[i], "--decode-only") == 0) decode_only = true;
    else files.push_back(argv[i]);
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: bench-translate [--rounds N] [--threads N] [--no-translate] [--decode-only] FILE.wasm...\n");
    return 2;
  }
  std::printf("%-28s %10s %8s %12s %14s %11s %14s %14s\n", "module", "code KiB", "funcs", "decode MB/s",
              "validate MB/s", "(CPU MB/s)", "translate MB/s", "compile MB/s");
  double all_bytes = 0, all_best = 0;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    double best_d = 1e9, best_v = 1e9, best_vc = 1e9, best_t = 1e9;
    size_t code_bytes = 0, funcs = 0;
    for (int r = 0; r < rounds; ++r) {
      auto t0 = Clock::now();
      auto m = skiff::binary::decode(bytes.data(), bytes.size(), threads);
      if (!m.ok()) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), m.error().to_string().c_str());
        return 1;
      }
      code_bytes = 0;
      for (const auto& f : m->funcs) code_bytes += f.body.bytes.size();
      funcs = m->funcs.size();
      double d = seconds_since(t0);
      if (decode_only) {
        best_d = std::min(best_d, d);
        continue;
      }
      auto tv = Clock::now();
      double cv = cpu_seconds();
      skiff::valid::ValidateOptions vo;
      vo.threads = threads;
      if (auto s = skiff::valid::validate(*m, vo); !s.ok()) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), s.error().to_string().c_str());
        return 1;
      }
      double v = seconds_since(tv);
      best_vc = std::min(best_vc, cpu_seconds() - cv);
      best_d = std::min(best_d, d);
      best_v = std::min(best_v, v);
      if (!translate) continue;
      auto cm = skiff::rt::CompiledModule::from_validated(std::move(*m));
      auto t1 = Clock::now();
      if (auto s = skiff::interp::precompile(*cm, {}); !s.ok()) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), s.error().to_string().c_str());
        return 1;
      }
      double t = seconds_since(t1);
      best_t = std::min(best_t, t);
    }
    double mb = double(code_bytes) / 1e6;
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (!translate) best_t = 0;
    std::printf("%-28s %10.1f %8zu %12.1f %14.1f %11.1f %14.1f %14.1f\n", name.c_str(),
                double(code_bytes) / 1024, funcs, mb / best_d, mb / best_v, mb / best_vc, translate ? mb / best_t : 0.0,
                mb / (best_d + best_v + best_t));
    all_bytes += mb;
    all_best += best_d + best_v + best_t;
  }
  std::printf("all: %.2f MB of code, compile %.1f MB/s\n", all_bytes, all_bytes / all_best);
  return 0;
}

#include "debuginfo/perf_map.h"

#include <unistd.h>

#include <cinttypes>

namespace skiff::debuginfo {

Result<PerfMap*> PerfMap::open(const std::string& path) {
  std::string p = path.empty() ? "/tmp/perf-" + std::to_string(getpid()) + ".map" : path;
  std::FILE* f = std::fopen(p.c_str(), "a");
  if (!f) return Error{"cannot open the perf map '" + p + "'"};
  return new PerfMap(f, std::move(p));
}

PerfMap::~PerfMap() {
  if (f_) std::fclose(f_);
}

void PerfMap::add(const void* start, uint64_t size, std::string_view name) {
  std::string n(name);
  for (char& c : n)
    if (c == '\n' || c == '\r') c = ' ';
  std::lock_guard<std::mutex> lock(mu_);
  std::fprintf(f_, "%" PRIxPTR " %" PRIx64 " %s\n", reinterpret_cast<uintptr_t>(start), size, n.c_str());
  std::fflush(f_);
}

}  // namespace skiff::debuginfo

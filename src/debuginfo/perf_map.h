// The hook for perf integration of compiled code (issue 16 item 3, tier 1): a
// writer of perf's JIT symbol map, /tmp/perf-PID.map, one "START SIZE name" line
// (hex START and SIZE) per code range. perf report reads it to name samples in
// anonymous executable memory. The tier-1 compiler calls add() for each function
// it emits (names from debug_names: name section, DWARF, func[N]); the interpreter
// has no native code per wasm function, so tier 0 writes nothing here.
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "support/result.h"

namespace skiff::debuginfo {

class PerfMap {
 public:
  // Opens (appends to) `path`, by default /tmp/perf-<getpid()>.map.
  static Result<PerfMap*> open(const std::string& path = {});
  ~PerfMap();
  PerfMap(const PerfMap&) = delete;
  PerfMap& operator=(const PerfMap&) = delete;
  // Records [start, start + size) as `name` (thread-safe; newlines in names become
  // spaces). Flushed at once so a running perf sees it.
  void add(const void* start, uint64_t size, std::string_view name);
  const std::string& path() const { return path_; }

 private:
  PerfMap(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  std::mutex mu_;
  std::FILE* f_;
  std::string path_;
};

}  // namespace skiff::debuginfo

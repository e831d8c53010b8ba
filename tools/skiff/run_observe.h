// skiff run's observability flags: --profile=OUT.svg|OUT.folded, --profile-interval
// DUR, --no-backtrace-details (run_observe.cc). All go through the public API
// (Store::start_profiling / write_profile, Config::backtrace_details).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "skiff/engine.h"
#include "skiff/store.h"

namespace skiff::cli {

struct ObserveFlags {
  std::string profile_out;    // empty: no profiling
  uint64_t interval_us = 1000;
};

// Consumes args[i] (and its value) when it is one of these flags: 1, or -1 with
// `err` set on a bad value; 0 when it is not one.
int parse_observe_flag(const std::vector<std::string>& args, size_t& i, ObserveFlags& f,
                       Config& config, std::string* err);
// Starts the profiler when asked (an error message, or empty).
std::string start_observing(Store& store, const ObserveFlags& f);
// Stops it and writes the profile, with a one-line summary on stderr.
void finish_observing(Store& store, const ObserveFlags& f);

}  // namespace skiff::cli

#include "run_observe.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace skiff::cli {

namespace {

// "500us", "1ms", "0.5ms", "2s", or a plain number of microseconds.
bool parse_interval(const std::string& s, uint64_t* us) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !(v > 0)) return false;
  std::string unit(end);
  double mul = unit.empty() || unit == "us" ? 1 : unit == "ms" ? 1e3 : unit == "s" ? 1e6 : -1;
  if (mul < 0 || v * mul > 60e6) return false;
  *us = uint64_t(v * mul);
  return *us >= 10;
}

}  // namespace

int parse_observe_flag(const std::vector<std::string>& args, size_t& i, ObserveFlags& f,
                       Config& config, std::string* err) {
  const std::string& a = args[i];
  auto value = [&](const char* name, std::string* out) -> bool {
    const std::string n = name;
    if (a.rfind(n + "=", 0) == 0) {
      *out = a.substr(n.size() + 1);
      return true;
    }
    if (i + 1 >= args.size()) {
      *err = n + " needs a value";
      return false;
    }
    *out = args[++i];
    return true;
  };
  if (a == "--no-backtrace-details") {
    config.backtrace_details = false;
    return 1;
  }
  if (a == "--profile" || a.rfind("--profile=", 0) == 0) {
    std::string v;
    if (!value("--profile", &v)) return -1;
    if (v == "perfmap" || v == "jitdump") {
      *err = "--profile=" + v + " needs the tier-1 compiler, which this build does not have";
      return -1;
    }
    if (v.empty()) {
      *err = "--profile wants OUT.svg or OUT.folded";
      return -1;
    }
    f.profile_out = v;
    return 1;
  }
  if (a == "--profile-interval" || a.rfind("--profile-interval=", 0) == 0) {
    std::string v;
    if (!value("--profile-interval", &v)) return -1;
    if (!parse_interval(v, &f.interval_us)) {
      *err = "bad --profile-interval '" + v + "' (e.g. 1ms, 250us; at least 10us)";
      return -1;
    }
    return 1;
  }
  return 0;
}

std::string start_observing(Store& store, const ObserveFlags& f) {
  if (f.profile_out.empty()) return {};
  ProfileOptions o;
  o.interval = std::chrono::microseconds(f.interval_us);
  Status s = store.start_profiling(o);
  return s.ok() ? std::string() : s.error().message;
}

void finish_observing(Store& store, const ObserveFlags& f) {
  if (f.profile_out.empty()) return;
  (void)store.stop_profiling();
  // The write's time (naming, folding, the SVG) is reported: issue 16 measures it.
  const auto t0 = std::chrono::steady_clock::now();
  Status s = store.write_profile(f.profile_out);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!s.ok()) {
    std::fprintf(stderr, "skiff: error: %s\n", s.error().message.c_str());
    return;
  }
  ProfileStats st = store.profile_stats();
  std::fprintf(stderr, "skiff: profile: %llu samples (%llu idle, %llu dropped) written to %s in %.1f ms\n",
               static_cast<unsigned long long>(st.samples), static_cast<unsigned long long>(st.idle),
               static_cast<unsigned long long>(st.dropped), f.profile_out.c_str(), ms);
}

}  // namespace skiff::cli

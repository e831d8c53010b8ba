// `skiff run`'s checkpoint flags (run_checkpoint.h), through include/skiff/checkpoint.h.
#include "run_checkpoint.h"

#include <chrono>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "cli_common.h"
#include "skiff/checkpoint.h"

namespace skiff::cli {

namespace {

Store* g_signal_store = nullptr;

void on_checkpoint_signal(int) {
  if (g_signal_store) request_checkpoint(*g_signal_store);
}

}  // namespace

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

int parse_checkpoint_flag(const std::vector<std::string>& args, size_t& i, CheckpointFlags& f,
                          std::string* err) {
  const std::string& a = args[i];
  std::string v;
  if (a.rfind("--checkpoint-on=", 0) == 0 || a.rfind("--checkpoint-file=", 0) == 0) {
    v = a.substr(a.find('=') + 1);
  } else if (a == "--checkpoint-on" || a == "--checkpoint-file") {
    if (i + 1 >= args.size()) {
      *err = a + " needs a value";
      return -1;
    }
    v = args[++i];
  } else {
    return 0;
  }
  if (a.rfind("--checkpoint-file", 0) == 0) {
    if (v.empty()) {
      *err = "--checkpoint-file needs a file name";
      return -1;
    }
    f.file = v;
    return 1;
  }
  f.on = true;
  if (v == "signal:USR1" || v == "signal:SIGUSR1") {
    f.on_signal = true;
    return 1;
  }
  if (v.rfind("fuel:", 0) == 0) {
    const std::string n = v.substr(5);
    char* end = nullptr;
    unsigned long long x = n.empty() || n[0] == '-' ? 0 : std::strtoull(n.c_str(), &end, 10);
    if (n.empty() || n[0] == '-' || !end || *end != '\0') {
      *err = "bad fuel amount in --checkpoint-on=" + v;
      return -1;
    }
    f.after_fuel = uint64_t(x);
    return 1;
  }
  *err = "--checkpoint-on wants fuel:N or signal:USR1, not '" + v + "'";
  return -1;
}

std::string check_checkpoint_flags(const CheckpointFlags& f, bool invoke) {
  if (!f.on && f.file.empty()) return {};
  if (!f.on) return "--checkpoint-file needs --checkpoint-on";
  if (f.file.empty()) return "--checkpoint-on needs --checkpoint-file F";
  if (invoke) return "--checkpoint-on works with a program's _start, not with --invoke";
  return {};
}

void checkpoint_limits(const CheckpointFlags& f, StoreLimits& limits) {
  if (!f.on) return;
  // fuel:N counts fuel; without --fuel the run has as good as unlimited fuel.
  if (f.after_fuel && !limits.fuel) limits.fuel = ~uint64_t(0) >> 1;
  if (!limits.fuel) limits.interruptible = true;
}

std::string arm_checkpoint_flags(const CheckpointFlags& f, Store& store) {
  if (!f.on) return {};
  CheckpointTrigger t;
  t.after_fuel = f.after_fuel;
  if (Status s = arm_checkpoint(store, t); !s.ok()) return s.error().message;
  if (f.on_signal) {
    g_signal_store = &store;
    struct sigaction sa = {};
    sa.sa_handler = on_checkpoint_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGUSR1, &sa, nullptr) != 0) return "cannot install the SIGUSR1 handler";
  }
  return {};
}

std::optional<int> finish_checkpoint(const CheckpointFlags& f, Store& store, const Instance& inst,
                                     const std::string& module_path) {
  if (!f.on || !checkpoint_stopped(store)) return std::nullopt;
  std::fflush(stdout);
  // The module's absolute path, so that `skiff resume` finds it from anywhere.
  char buf[PATH_MAX];
  const std::string abs = ::realpath(module_path.c_str(), buf) ? std::string(buf) : module_path;
  const auto t0 = std::chrono::steady_clock::now();
  auto bytes = checkpoint(store, inst, abs);
  if (!bytes.ok()) return fail(bytes.error().message);
  if (Status s = write_file(f.file, *bytes); !s.ok()) return fail(s.error().message);
  if (std::getenv("SKIFF_CHECKPOINT_TIMING"))
    std::fprintf(stderr, "skiff: checkpoint: %zu bytes, taken and written in %.1f ms\n", bytes->size(),
                 ms_since(t0));
  std::fprintf(stderr, "skiff: checkpoint written to %s\n", f.file.c_str());
  return 0;
}

}  // namespace skiff::cli

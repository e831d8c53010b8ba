// skiff replay [--any-module] LOG FILE [ARGS...]
//
// Re-runs FILE as recorded in LOG by `skiff run --record LOG`: argv, environment
// and preopens come from the log, every WASI call is answered from it (nothing on
// the host is read or changed, no --dir needed), and what the program wrote to
// stdout / stderr is written again. The exit status is the recorded run's. The
// first call that differs from the log stops the run with
// `skiff: error: replay diverged at call #N: the log has ..., the program made ...`
// and status 1, as do a truncated or corrupt log and another module (unless
// --any-module: then the calls are still compared one by one). ARGS, when given,
// must be the recorded ones.
//
// This file also holds the --record side of `skiff run` (run_record.h).
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli_common.h"
#include "run_record.h"
#include "skiff/replay.h"

namespace skiff::cli {
namespace {

std::optional<WasiRecorder> g_recorder;
std::optional<WasiReplay> g_replay;
bool g_replay_any_module = false;

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "'" : " '") + x + "'";
  return s.empty() ? "(none)" : s;
}

}  // namespace

Status record_replay_attach(Store& store, std::span<const uint8_t> module_bytes,
                            const WasiConfig& wasi, const std::string& record_path,
                            const std::string& invoke, const std::vector<std::string>& invoke_args,
                            bool deterministic) {
  if (g_replay) {
    if (!record_path.empty()) return Error{"--record cannot be used in a replay"};
    return g_replay->attach(store, module_bytes, !g_replay_any_module);
  }
  if (record_path.empty()) return {};
  WasiRunInfo info;
  info.entry = invoke;
  if (!invoke.empty()) info.entry_args = invoke_args;
  info.deterministic = deterministic;
  auto rec = WasiRecorder::start(store, module_bytes, wasi, record_path, info);
  if (!rec.ok()) return std::move(rec).error();
  g_recorder.emplace(std::move(*rec));
  return {};
}

int record_replay_exit(int code) {
  std::fflush(stdout);
  if (g_recorder) {
    if (Status s = g_recorder->finish(code); !s.ok()) return fail(s.error().message);
    if (auto e = g_recorder->error()) return fail(*e);
  }
  if (g_replay) {
    if (Status s = g_replay->finish(code); !s.ok()) return fail(s.error().message);
  }
  return code;
}

bool replay_diverged() { return g_replay && g_replay->divergence().has_value(); }

int cmd_replay(const std::vector<std::string>& args) {
  size_t i = 0;
  for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; ++i) {
    if (args[i] == "--any-module") {
      g_replay_any_module = true;
    } else if (args[i] == "--") {
      ++i;
      break;
    } else {
      std::fprintf(stderr, "skiff: error: replay: unknown option '%s' (see `skiff help replay`)\n",
                   args[i].c_str());
      return 2;
    }
  }
  if (args.size() < i + 2) {
    std::fprintf(stderr, "skiff: error: replay: usage: skiff replay [--any-module] LOG FILE [ARGS...]\n");
    return 2;
  }
  const std::string& log_path = args[i];
  const std::string& module_path = args[i + 1];
  std::vector<std::string> given(args.begin() + long(i + 2), args.end());
  auto replay = WasiReplay::open(log_path);
  if (!replay.ok()) return fail(replay.error().message);
  const WasiRunInfo& info = replay->info();
  const std::vector<std::string>& argv = replay->config().args;
  std::vector<std::string> recorded =
      info.entry.empty() ? std::vector<std::string>(argv.begin() + (argv.empty() ? 0 : 1), argv.end())
                         : info.entry_args;
  if (!given.empty() && given != recorded)
    return fail("replay: the arguments " + joined(given) + " differ from the recorded run's " +
                joined(recorded));
  g_replay.emplace(std::move(*replay));
  // The run itself is cmd_run's, with nothing of the host given to the guest.
  std::vector<std::string> run_args;
  if (info.deterministic) run_args.push_back("--deterministic");
  if (!info.entry.empty()) run_args.insert(run_args.end(), {"--invoke", info.entry});
  run_args.push_back("--");
  run_args.push_back(module_path);
  run_args.insert(run_args.end(), recorded.begin(), recorded.end());
  return cmd_run(run_args);
}

}  // namespace skiff::cli

// `skiff run --record LOG` and `skiff replay` (cmd_replay.cc): the recording or the
// replay of this process's one run, through the public API (skiff/replay.h).
// `skiff replay` sets up the replay and runs the module through cmd_run, which
// calls these three at its fixed points.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "skiff/result.h"
#include "skiff/store.h"
#include "skiff/wasi.h"

namespace skiff::cli {

// Right after Store::set_wasi: starts recording into `record_path` (when not empty)
// or attaches the pending replay of `skiff replay`.
Status record_replay_attach(Store& store, std::span<const uint8_t> module_bytes,
                            const WasiConfig& wasi, const std::string& record_path,
                            const std::string& invoke, const std::vector<std::string>& invoke_args,
                            bool deterministic);
// The process's exit status for a run that ended with `code`: finishes the log, or
// checks the replay (a divergence or log error is printed and gives 1).
int record_replay_exit(int code);
// True when the replay stopped the guest at a call that differed from the log.
bool replay_diverged();

}  // namespace skiff::cli

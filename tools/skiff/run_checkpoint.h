// `skiff run --checkpoint-on=fuel:N|signal:USR1 --checkpoint-file F`: the flags'
// parsing and what happens when the run stops for a checkpoint (run_checkpoint.cc).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "skiff/instance.h"
#include "skiff/store.h"

namespace skiff::cli {

struct CheckpointFlags {
  bool on = false;
  std::optional<uint64_t> after_fuel;  // fuel:N
  bool on_signal = false;              // signal:USR1
  std::string file;
};

// Parses args[i] (and its value) when it is a checkpoint flag: 1 taken, 0 not one,
// -1 bad (message in *err).
int parse_checkpoint_flag(const std::vector<std::string>& args, size_t& i, CheckpointFlags& f,
                          std::string* err);
// Checks the flags together; "" when fine.
std::string check_checkpoint_flags(const CheckpointFlags& f, bool invoke);
// Adjusts the store limits so the code has safepoints (and counts fuel for fuel:N).
void checkpoint_limits(const CheckpointFlags& f, StoreLimits& limits);
// Arms the store (and the SIGUSR1 handler); "" or an error message.
std::string arm_checkpoint_flags(const CheckpointFlags& f, Store& store);
// After the call trapped: when it stopped for a checkpoint, writes the file, says so
// on stderr and returns the exit status (0, or 1 when it cannot be written);
// nullopt when the trap is not a checkpoint stop.
std::optional<int> finish_checkpoint(const CheckpointFlags& f, Store& store, const Instance& inst,
                                     const std::string& module_path);

// Milliseconds since t0 (SKIFF_CHECKPOINT_TIMING=1 prints the checkpoint's and the
// restore's times on stderr, for measurements).
double ms_since(std::chrono::steady_clock::time_point t0);

}  // namespace skiff::cli

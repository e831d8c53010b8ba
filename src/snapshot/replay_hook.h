// The replaying side of record/replay: a wasi::CallHook that answers every WASI
// call from a log (record_log.h) without running it: nothing on the host is
// touched (files, clocks, sockets), except that what the guest writes to its
// stdout / stderr is written again to the host's stdout / stderr.
//
// Each call is first compared with the next logged one: the function, every scalar
// argument and the input (bytes written, path names, poll subscriptions). The
// first difference stops the guest (a trap) and divergence() names the call index,
// the logged call and the call the program made. Otherwise the call's logged
// memory writes are applied (each checked to lie inside memory 0) and its errno
// returned.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "snapshot/record_log.h"
#include "wasi/wasi_hook.h"

namespace skiff::snapshot {

class Replayer : public wasi::CallHook {
 public:
  explicit Replayer(std::unique_ptr<LogReader> log) : log_(std::move(log)) {}
  wasi::HookResult on_call(std::string_view name, const char* params, wasi::Call& c,
                           const wasi::WasiFn& run) override;
  const LogReader& log() const { return *log_; }
  // The message of the first call that differed from the log.
  const std::optional<std::string>& divergence() const { return divergence_; }
  // After the run: every logged call was made and `exit_status` is the logged one.
  Status finish(int32_t exit_status);

 private:
  // wasi-threads guests call from several threads: one call at a time (the log is
  // one sequence; a threaded run's interleaving is not reproduced on replay).
  std::mutex mu_;
  wasi::HookResult diverge(std::string message);
  std::unique_ptr<LogReader> log_;
  std::optional<std::string> divergence_;
  LogCall want_;
  std::vector<uint64_t> args_;
  std::vector<uint8_t> input_;
};

// "fd_write(1, 1024, 1, 1020) writing \"hello\\n\"": a call as messages show it.
std::string describe_call(uint32_t func, const std::vector<uint64_t>& args, InputKind kind,
                          std::span<const uint8_t> input, uint64_t input_len, uint64_t input_hash);

}  // namespace skiff::snapshot

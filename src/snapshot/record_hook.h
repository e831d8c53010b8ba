// The recording side of record/replay: a wasi::CallHook that runs every WASI call
// for real and appends it to a log (record_log.h): the function and its scalar
// arguments, its input (record_regions.h), its errno, and the guest-memory bytes
// it changed inside the function's declared output regions (a diff of those
// regions before and after the call; see record_regions.h for why this cannot miss
// a write, and SKIFF_RECORD_CHECK_WRITES=1, which checks it on every call).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "snapshot/record_log.h"
#include "snapshot/record_regions.h"
#include "wasi/wasi_hook.h"

namespace skiff::snapshot {

class Recorder : public wasi::CallHook {
 public:
  static Result<std::shared_ptr<Recorder>> create(const std::string& path, const LogHeader& h);
  wasi::HookResult on_call(std::string_view name, const char* params, wasi::Call& c,
                           const wasi::WasiFn& run) override;
  // Ends the log with the run's exit status (the log is refused by replay until then).
  Status finish(int32_t exit_status);
  uint64_t calls() const { return w_->calls(); }
  uint64_t log_bytes() const { return w_->bytes_written(); }
  // Set when recording failed (the guest was stopped with this message).
  const std::optional<std::string>& error() const { return error_; }

 private:
  // wasi-threads guests call from several threads: one call at a time (the log is
  // one sequence; a threaded run's interleaving is not reproduced on replay).
  std::mutex mu_;
  std::unique_ptr<LogWriter> w_;
  bool check_writes_ = false;
  std::optional<std::string> error_;
  std::vector<Region> regions_;
  std::vector<uint8_t> before_, input_, whole_;
  LogCall call_;
};

// The scalar arguments of a call as u64 (i32 zero-extended), by the params string.
void call_args(const char* params, const wasi::Call& c, std::vector<uint64_t>& out);

}  // namespace skiff::snapshot

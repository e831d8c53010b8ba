// Record and replay of a store's WASI calls (`skiff run --record`, `skiff replay`).
//
// A recording is a log of every WASI call the guest makes: the function, its
// scalar arguments, what it hands to the host (bytes written, path names), the
// errno and every byte of guest memory the call changed; plus the module's hash,
// the Skiff version, argv, environment and preopens. Replaying it answers each
// call from the log, so the guest runs again without touching the host's files,
// clocks or network and behaves bit for bit the same (what it writes to stdout
// and stderr is written again to the host's). The first call that differs from
// the log stops the guest with a trap, and WasiReplay::divergence() says which.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "skiff/export.h"
#include "skiff/result.h"
#include "skiff/wasi.h"

namespace skiff {

class Store;

namespace detail {
struct WasiRecorderImpl;
struct WasiReplayImpl;
}  // namespace detail

/// What a log says besides the calls.
struct WasiRunInfo {
  std::string entry;                    ///< the export called ("" = _start)
  std::vector<std::string> entry_args;  ///< its arguments as text (with an entry)
  bool deterministic = false;           ///< recorded under Config::deterministic
};

/// Records the WASI calls of one store into a log file.
class SKIFF_API WasiRecorder {
 public:
  /// Starts recording the WASI calls of `store`, whose WASI was set from `config`
  /// by Store::set_wasi (first; a later set_wasi ends the recording), into a new
  /// file at `path`.
  /// `module_bytes` are the module's bytes as loaded (their hash identifies it).
  static Result<WasiRecorder> start(Store& store, std::span<const uint8_t> module_bytes,
                                    const WasiConfig& config, const std::string& path,
                                    const WasiRunInfo& info = {});
  /// Writes the end of the log with the run's exit status (proc_exit's code, else
  /// 0, or the status the embedder gives a trap). A log without it is refused by
  /// replay as truncated.
  Status finish(int exit_status);
  /// Calls recorded and bytes written so far.
  uint64_t calls() const;
  uint64_t log_bytes() const;
  /// Set when recording failed (the guest was stopped with a trap saying so).
  std::optional<std::string> error() const;

 private:
  explicit WasiRecorder(std::shared_ptr<detail::WasiRecorderImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<detail::WasiRecorderImpl> impl_;
};

/// Plays a log back into a store.
class SKIFF_API WasiReplay {
 public:
  /// Reads and checks the whole log: a truncated or corrupt file is an Error.
  static Result<WasiReplay> open(const std::string& path);
  /// The recorded run: argv, environment, preopens (guest names only: `host` is
  /// empty, nothing is opened on replay).
  const WasiConfig& config() const;
  const WasiRunInfo& info() const;
  std::string skiff_version() const;
  int exit_status() const;  ///< the recorded run's
  uint64_t calls() const;   ///< WASI calls in the log
  /// Answers `store`'s WASI calls from the log from now on (call Store::set_wasi
  /// first: an empty WasiConfig is enough; a later set_wasi ends the replay). Refuses a module whose bytes differ from the
  /// recorded one (unless `check_module` is false: the calls are still compared one
  /// by one) and a log written by another Skiff version.
  Status attach(Store& store, std::span<const uint8_t> module_bytes, bool check_module = true);
  /// The first call that differed from the log ("replay diverged at call #N: the
  /// log has ..., the program made ..."), if any.
  std::optional<std::string> divergence() const;
  /// After the run: an Error unless every logged call was made and `exit_status`
  /// is the recorded one.
  Status finish(int exit_status);

 private:
  explicit WasiReplay(std::shared_ptr<detail::WasiReplayImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<detail::WasiReplayImpl> impl_;
};

}  // namespace skiff

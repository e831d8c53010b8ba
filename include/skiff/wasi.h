// WASI preview1 configuration for a Store (see Store::set_wasi, Linker::define_wasi).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace skiff {

/// A host directory the guest may use, under the name `guest` ("/data", ".").
/// Nothing outside it is reachable (no `..`, absolute paths or symlinks out).
struct WasiDir {
  std::string host;
  std::string guest;
  bool read_only = false;
};

/// What a guest wrote to an in-memory stdout or stderr (Store::wasi_stdout).
struct WasiOutput {
  std::string bytes;        ///< everything kept, in order
  bool overflowed = false;  ///< a write did not fit (cut short or refused with ENOSPC)
};

/// What a WASI guest is given. Nothing else of the host is visible.
struct WasiConfig {
  std::vector<std::string> args;  ///< argv, argv[0] first
  std::vector<std::string> env;   ///< "KEY=VALUE" entries
  std::vector<WasiDir> dirs;      ///< preopened directories
  /// Listening TCP sockets to open ("127.0.0.1:8080", "[::1]:8080"): the guest sees
  /// each as a descriptor after the directories and may only sock_accept on it
  /// (`skiff run --tcplisten`). An address that cannot be bound is an Error of
  /// Store::set_wasi.
  std::vector<std::string> tcp_listen;
  /// Host file descriptors behind the guest's stdin, stdout and stderr (-1: none,
  /// reads give EOF and writes are discarded). The defaults share the host's.
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  /// In-memory stdio instead of the descriptors above (no threads, no pipes).
  /// stdin_bytes: the guest's stdin reads these bytes, then end of file.
  std::optional<std::string> stdin_bytes;
  /// stdout_capacity / stderr_capacity: what the guest writes is kept in memory, at
  /// most this many bytes (read it with Store::wasi_stdout / wasi_stderr). A write
  /// that does not fit is cut short (the guest sees fewer bytes written) and marks
  /// the output overflowed; once the buffer is full, fd_write fails with ENOSPC.
  std::optional<size_t> stdout_capacity;
  std::optional<size_t> stderr_capacity;
};

}  // namespace skiff

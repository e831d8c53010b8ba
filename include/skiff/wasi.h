// WASI preview1 configuration for a Store (see Store::set_wasi, Linker::define_wasi).
#pragma once

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
};

}  // namespace skiff

// WASI preview1 (`wasi_snapshot_preview1`) for Skiff.
//
// The layer is its own stage with a small interface to the runtime: a WasiCtx holds
// what the host grants (arguments, environment, preopened directories, stdio), and
// define_wasi() adds the preview1 functions to a Linker as host functions bound to
// that context. Another platform layer could sit beside it the same way.
//
// Sandbox: the guest sees only its preopens. Every path is resolved beneath a
// preopened directory descriptor by one resolver (wasi_resolve.cc, which states the
// containment invariant): openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) on Linux
// 5.6+, else a user-space walk that follows `..` and symlinks only while they stay
// inside (SKIFF_WASI_FORCE_FALLBACK_WALK=1 forces the walk, for tests). Operations on
// a name in a directory never follow a symlink at that name. The host's stdio
// descriptions cannot be seeked or have their flags changed by the guest.
// Read-only preopens refuse every change (EPERM, as wasmtime).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "support/result.h"

namespace skiff::wasi {

struct Preopen {
  std::string host;   // directory on the host
  std::string guest;  // the name the guest sees (e.g. "/data" or ".")
  bool read_only = false;
};

// An in-memory stdio stream (WasiConfig::mem_stdio), no threads: an input stream
// gives the guest `data` from `pos` on, then EOF; an output stream appends what the
// guest writes to `data`, at most `capacity` bytes in all: a write that does not fit
// is cut short and sets `overflowed`, and once it is full a write fails with ENOSPC.
// Reading an output stream or writing an input one is EBADF.
struct MemStream {
  bool input = false;
  std::string data;
  size_t pos = 0;
  size_t capacity = 0;
  bool overflowed = false;
};

class CallHook;  // wasi_hook.h

struct WasiConfig {
  std::vector<std::string> args;  // argv[0] first
  std::vector<std::string> env;   // "KEY=VALUE"
  std::vector<Preopen> dirs;
  // Listening TCP sockets to pre-open ("127.0.0.1:8080", "[::1]:8080"): the guest
  // sees each as a descriptor after the directories and may only sock_accept on it.
  std::vector<std::string> tcp_listen;
  // Host descriptors behind the guest's fds 0, 1, 2 (not closed by the context);
  // -1 gives /dev/null.
  int stdio[3] = {0, 1, 2};
  // In-memory streams behind fds 0, 1, 2 instead of stdio[i] (when set). The guest
  // sees a character device it cannot seek or change the flags of.
  std::shared_ptr<MemStream> mem_stdio[3];
};

class WasiCtx {
 public:
  // Opens the preopened directories; an Error names the one that failed.
  static Result<std::shared_ptr<WasiCtx>> create(WasiConfig config);
  ~WasiCtx();

  // Set when the guest called proc_exit (its trap unwinds the wasm stack).
  std::optional<int32_t> exit_code;
  // When set, every WASI call goes through it (record/replay; see wasi_hook.h).
  std::shared_ptr<CallHook> hook;

  struct Fd;
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  WasiCtx() = default;
  std::unique_ptr<Impl> impl_;
};

// Defines every wasi_snapshot_preview1 function in `linker`, bound to ctx.
void define_wasi(rt::Linker& linker, rt::Store& store, std::shared_ptr<WasiCtx> ctx);

}  // namespace skiff::wasi

// Saving and restoring a WasiCtx's descriptor table for checkpoint/restore
// (issue 17; src/snapshot/checkpoint.h writes it into the file).
//
// Design note. A descriptor is saved by what the guest can name, never by host
// descriptor numbers: stdio stays the new process's own stdio; a preopen by its
// guest name (the restored context must have the same preopen at the same number);
// a file or directory the guest opened by its path relative to the preopen it lies
// under (found from /proc/self/fd, Linux), its offset, its host open mode (access,
// append) and its WASI fields (type, fdflags, rights). Restoring reopens it beneath
// that preopen with the sandboxed resolver (never creating or truncating) and seeks.
// Refused with a message: sockets, a file deleted or moved outside every preopen
// while open.
// Clocks. The guest-visible times of the monotonic clock and the two CPU-time
// clocks (WASI clock ids 1-3) are saved; restoring offsets those clocks so that they
// continue from the saved times in the new process: they never go backwards, and
// the time the program spent stopped (between checkpoint and resume) is not seen,
// as if it had been paused. The realtime clock (id 0) is not offset: it stays the
// host's wall-clock time, as a fresh run of the program would see it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "support/result.h"
#include "wasi/wasi.h"

namespace skiff::wasi {

struct SavedFd {
  enum Kind : uint8_t { Free = 0, Stdio = 1, PreopenDir = 2, File = 3 };
  Kind kind = Free;
  std::string path;      // PreopenDir: the guest name; File: path under its preopen
  uint32_t under = 0;    // File: guest fd of its preopen
  uint64_t offset = 0;   // File: current offset
  int32_t host_flags = 0;  // File: O_ACCMODE | O_APPEND | O_DIRECTORY as opened
  uint8_t type = 0;      // FileType
  uint16_t fdflags = 0;
  bool read_only = false;
  uint64_t rights = 0, inheriting = 0;
};

struct SavedWasi {
  std::vector<std::string> args, env;
  std::vector<Preopen> dirs;
  std::vector<SavedFd> fds;  // index = guest fd
  // Guest-visible ns of clocks 1-3 (index = clock id; [0], realtime, unused).
  uint64_t clock_ns[4] = {0, 0, 0, 0};
  // An in-memory stdin (WasiConfig::mem_stdio[0]) and how far the guest has read it:
  // the restoring context must have one too (the embedder gives the same bytes) and
  // continues from there. In-memory stdout/stderr start empty in the new store (what
  // was written before is in the old one), like the CLI's two runs' stdout.
  bool mem_stdin = false;
  uint64_t mem_stdin_pos = 0;
};

// The context's configuration and descriptor table; an Error names what cannot be saved.
Result<SavedWasi> save_wasi(WasiCtx& ctx);
// Makes `ctx` (created from saved.args/env/dirs) hold the saved descriptors, and
// offsets its clocks 1-3 to continue from saved.clock_ns.
Status restore_wasi_fds(WasiCtx& ctx, const SavedWasi& saved);

}  // namespace skiff::wasi

// WasiCtx internals: the descriptor table, errno values and sandboxed path
// resolution (private to src/wasi).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wasi/wasi.h"

namespace skiff::wasi {

// wasi_snapshot_preview1 errno values used here.
constexpr uint16_t
  kSuccess = 0, k2Big = 1, kAcces = 2, kAgain = 6, kBadf = 8, kExist = 20, kFault = 21,
  kInval = 28, kIo = 29, kIsdir = 31, kLoop = 32, kNametoolong = 37, kNoent = 44, kNomem = 48,
  kNospc = 51, kNosys = 52, kNotdir = 54, kNotempty = 55, kNotsup = 58, kPerm = 63,
  kRofs = 69, kSpipe = 70, kXdev = 75, kNotcapable = 76;

// A listening TCP socket on "host:port" / "[v6]:port", or -errno.
int listen_tcp(const std::string& addr);

// Host errno -> WASI errno.
uint16_t from_errno(int e);

enum class FileType : uint8_t {
  Unknown = 0, BlockDevice = 1, CharacterDevice = 2, Directory = 3, RegularFile = 4,
  SocketDgram = 5, SocketStream = 6, SymbolicLink = 7,
};

// Rights (preview1 bit numbers).
namespace right {
constexpr uint64_t kFdDatasync = 1ull << 0, kFdRead = 1ull << 1, kFdSeek = 1ull << 2,
                   kFdFdstatSetFlags = 1ull << 3, kFdSync = 1ull << 4, kFdTell = 1ull << 5,
                   kFdWrite = 1ull << 6, kFdAdvise = 1ull << 7, kFdAllocate = 1ull << 8,
                   kPathCreateDirectory = 1ull << 9, kPathCreateFile = 1ull << 10,
                   kPathLinkSource = 1ull << 11, kPathLinkTarget = 1ull << 12,
                   kPathOpen = 1ull << 13, kFdReaddir = 1ull << 14, kPathReadlink = 1ull << 15,
                   kPathRenameSource = 1ull << 16, kPathRenameTarget = 1ull << 17,
                   kPathFilestatGet = 1ull << 18, kPathFilestatSetSize = 1ull << 19,
                   kPathFilestatSetTimes = 1ull << 20, kFdFilestatGet = 1ull << 21,
                   kFdFilestatSetSize = 1ull << 22, kFdFilestatSetTimes = 1ull << 23,
                   kPathSymlink = 1ull << 24, kPathRemoveDirectory = 1ull << 25,
                   kPathUnlinkFile = 1ull << 26, kPollFdReadwrite = 1ull << 27,
                   kSockShutdown = 1ull << 28, kSockAccept = 1ull << 29;
constexpr uint64_t kAll = (1ull << 30) - 1;
// Everything that changes the file system.
constexpr uint64_t kWrites = kFdDatasync | kFdWrite | kFdAllocate | kPathCreateDirectory |
                             kPathCreateFile | kPathLinkSource | kPathLinkTarget |
                             kPathRenameSource | kPathRenameTarget | kPathFilestatSetSize |
                             kPathFilestatSetTimes | kFdFilestatSetSize |
                             kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory |
                             kPathUnlinkFile | kFdSync;
}  // namespace right

struct WasiCtx::Fd {
  int host = -1;
  FileType type = FileType::Unknown;
  bool preopen = false;
  std::string guest_name;  // preopens: the name the guest sees
  bool read_only = false;  // under a read-only preopen
  uint16_t flags = 0;      // fdflags (APPEND = 1)
  uint64_t rights = right::kAll;
  uint64_t inheriting = right::kAll;
  bool owned = true;  // closed by the context (not stdio)
};

struct WasiCtx::Impl {
  WasiConfig config;
  std::vector<Fd> fds;  // index = guest fd; host == -1 = free

  Fd* get(uint32_t fd, uint64_t need = 0, uint16_t* err = nullptr);
  uint32_t add(Fd f);

  // Opens `path` beneath directory fd `dir` (sandboxed), with host open flags.
  // Returns the host fd or -errno (WASI).
  int open_beneath(const Fd& dir, const std::string& path, int flags, int mode, bool follow);
  // The parent directory (opened O_PATH beneath `dir`) and the last component of
  // path, for operations that take a name in a directory (mkdir, unlink, rename...).
  // Returns the parent's host fd (caller closes) or -errno.
  int parent_beneath(const Fd& dir, const std::string& path, std::string* leaf);
};

}  // namespace skiff::wasi

// WasiCtx internals: the descriptor table, errno values and sandboxed path
// resolution (private to src/wasi; the resolver and its containment invariant are
// in wasi_resolve.cc).
#pragma once

#include <unistd.h>

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "wasi/wasi.h"

namespace skiff::wasi {

// wasi_snapshot_preview1 errno values used here.
constexpr uint16_t
  kSuccess = 0, k2Big = 1, kAcces = 2, kAgain = 6, kBadf = 8, kExist = 20, kFault = 21,
  kBusy = 10, kFbig = 22, kInval = 28, kIo = 29, kIsdir = 31, kLoop = 32, kMfile = 33,
  kMlink = 34, kNametoolong = 37, kNfile = 41, kNoent = 44, kNomem = 48, kNospc = 51,
  kNosys = 52, kNotdir = 54, kNotempty = 55, kNotsock = 57, kNotsup = 58, kNxio = 60,
  kOverflow = 61, kPerm = 63, kRange = 68, kRofs = 69, kSpipe = 70, kTxtbsy = 74, kXdev = 75,
  kNotcapable = 76;

// A listening TCP socket on "host:port" / "[v6]:port", or -errno.
int listen_tcp(const std::string& addr);

// Host errno -> WASI errno.
uint16_t from_errno(int e);

// A guest path's first check, before any parsing: a NUL byte anywhere is EINVAL,
// more than 4095 bytes ENAMETOOLONG. kSuccess otherwise.
uint16_t check_guest_path(std::string_view path);

// SKIFF_WASI_FORCE_FALLBACK_WALK=1 (tests): resolve with the user-space walk even
// where openat2 exists.
bool force_fallback_walk_from_env();

// A path split for an operation on a name in a directory (mkdirat, unlinkat, ...).
struct Leaf {
  int parent = -1;        // O_PATH directory beneath the preopen (closed by ~Leaf)
  std::string name;       // one plain component: not "", ".", "..", no '/', no NUL
  bool trailing_slash = false;
  // The last component was "." (1) or ".." (2): `parent` is then the directory the
  // whole path names and `name` is empty; no operation may use `name`.
  uint8_t dot = 0;
  Leaf() = default;
  Leaf(const Leaf&) = delete;
  Leaf& operator=(const Leaf&) = delete;
  ~Leaf() {
    if (parent >= 0) ::close(parent);
  }
};

// What a leaf is, without following it. A symlink is classified by where it leads,
// resolved beneath the preopen: Outside when that resolution is refused (the caller
// answers ENOTCAPABLE), SymlinkToDir, or Symlink (anything else, dangling, a loop).
enum class LeafKind { Missing, Dir, Symlink, SymlinkToDir, Outside, Other };

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
constexpr uint64_t kSockets = kSockShutdown | kSockAccept;
// Rights that make no sense on a directory descriptor (dropped when one is opened).
constexpr uint64_t kNotForDirs = kFdSeek | kFdTell | kFdRead | kFdWrite | kFdAllocate |
                                 kFdFilestatSetSize | kSockets;
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
  uint16_t flags = 0;      // fdflags as opened / set (APPEND 1, DSYNC 2, NONBLOCK 4, RSYNC 8, SYNC 16)
  // Fds 0-2 as given by the host: their open file descriptions are shared with the
  // host, so the guest may not seek them or change their flags.
  bool host_stdio = false;
  uint64_t rights = right::kAll;
  uint64_t inheriting = right::kAll;
  bool owned = true;  // closed by the context (not stdio)
  // An in-memory stdio stream (WasiConfig::mem_stdio): reads and writes use it;
  // `host` is then an owned /dev/null for every other operation.
  std::shared_ptr<MemStream> mem;
};

struct WasiCtx::Impl {
  WasiConfig config;
  std::vector<Fd> fds;  // index = guest fd; host == -1 = free
  // The threads of a wasi-threads program share one context. Every WASI call holds
  // this lock while it runs (define_wasi): exclusively when it changes the table or
  // an entry (open, close, renumber, set flags/rights, accept, proc_exit, and any
  // read or write of an in-memory stdio stream), shared otherwise, so calls on
  // different fds run in parallel and no entry moves or changes under a reader.
  // poll_oneoff and sock_accept take it themselves and let it go while they block.
  // A blocking fd_read / sock_recv (pipe, terminal, socket) keeps the shared lock
  // while it waits: an open or close in another thread waits for it to return.
  std::shared_mutex table_mu;
  bool force_fallback_walk = false;  // never use openat2 (tests of the walk)
  // Added to the host's reading of WASI clocks 1-3 (monotonic, process and thread
  // CPU time): a context restored from a checkpoint continues the guest-visible
  // times where the checkpoint left them (wasi_checkpoint.h). Index = clock id;
  // the realtime clock (0) is never offset.
  int64_t clock_offset[4] = {0, 0, 0, 0};
  // The guest-visible time of clock `id` (0-3) in ns: the host's plus the offset.
  uint64_t guest_clock_ns(uint32_t id, uint64_t host_ns) const {
    return id < 4 ? uint64_t(int64_t(host_ns) + clock_offset[id]) : host_ns;
  }

  Fd* get(uint32_t fd, uint64_t need = 0, uint16_t* err = nullptr);
  uint32_t add(Fd f);

  // Opens `path` beneath directory fd `dir` (sandboxed), with host open flags;
  // `follow`: a symlink at the last component is followed (beneath `dir` too).
  // Returns the host fd or -errno (WASI).
  int open_beneath(const Fd& dir, std::string_view path, int flags, int mode, bool follow);
  // The parent directory (opened O_PATH beneath `dir`) and the last component of
  // path, for operations that take a name in a directory (mkdir, unlink, rename...).
  // kSuccess or a WASI errno.
  uint16_t resolve_leaf(const Fd& dir, std::string_view path, Leaf* out);
  // Classifies l's leaf (l from resolve_leaf(dir, path)).
  LeafKind leaf_kind(const Fd& dir, std::string_view path, const Leaf& l);
};

}  // namespace skiff::wasi

// path_*: open, stat, directories, links, renames. Every path goes through the
// resolver in wasi_resolve.cc (open_beneath for whole paths, resolve_leaf for a name
// in a directory); leaf syscalls here never follow a symlink at the leaf. Error
// values follow wasmtime's preview1 on Linux, including trailing slashes and names
// ending in "." / "..".
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/wasi_host.h"

namespace skiff::wasi {

FileType file_type(mode_t m);
bool put_filestat(Call& c, uint64_t at, const struct stat& st);
uint16_t check_fstflags(uint32_t fl);
void times_of(uint64_t atim, uint64_t mtim, uint32_t fl, timespec out[2]);

namespace {

// preview1 oflags / fdflags / lookupflags bits.
constexpr uint32_t kOCreat = 1, kODirectory = 2, kOExcl = 4, kOTrunc = 8;
constexpr uint32_t kFdAppend = 1, kFdDsync = 2, kFdNonblock = 4, kFdRsync = 8, kFdSync = 16;
constexpr uint32_t kSymlinkFollow = 1;

// The directory fd (with `need` rights) and the path of a path_* call; the path has
// passed check_guest_path (no NUL, not too long) before anything parses it.
struct PathArg {
  WasiCtx::Fd* dir = nullptr;
  std::string path;
  uint16_t err = kSuccess;
};

PathArg path_arg(Call& c, uint32_t fd_arg, uint32_t ptr_arg, uint64_t need) {
  PathArg a;
  WasiCtx::Fd* d = c.ctx.impl().get(c.u32(fd_arg), 0, &a.err);
  if (!d) return a;
  if (d->type != FileType::Directory) {
    a.err = kNotdir;
    return a;
  }
  if ((d->rights & need) != need) {
    // Changes under a read-only preopen: EPERM ("not permitted"), as wasmtime.
    a.err = d->read_only && (need & right::kWrites) ? kPerm : kNotcapable;
    return a;
  }
  if (!c.str(c.u32(ptr_arg), c.u32(ptr_arg + 1), &a.path)) {
    a.err = kFault;
    return a;
  }
  if ((a.err = check_guest_path(a.path)) != kSuccess) return a;
  a.dir = d;
  return a;
}

uint16_t sys(int r) { return r == 0 ? kSuccess : from_errno(errno); }

// The kind of object a name with a trailing slash reaches. Whatever the call, a
// missing one is ENOENT and one outside the sandbox ENOTCAPABLE: those come back in
// *err (kSuccess otherwise).
LeafKind slash_leaf(Call& c, const PathArg& a, const Leaf& l, uint16_t* err) {
  LeafKind k = c.ctx.impl().leaf_kind(*a.dir, a.path, l);
  *err = k == LeafKind::Missing ? kNoent : k == LeafKind::Outside ? kNotcapable : kSuccess;
  return k;
}

// Sets the times of the object open as O_PATH descriptor h (through /proc, which
// reaches the object itself: no path is looked up again).
uint16_t set_times_fd(int h, const timespec times[2]) {
  std::string proc = "/proc/self/fd/" + std::to_string(h);
  int r = utimensat(AT_FDCWD, proc.c_str(), times, 0);
  int e = errno;
  ::close(h);
  if (r == 0) return kSuccess;
  return e == ENOENT ? kNotsup : from_errno(e);  // ENOENT: no /proc
}

uint32_t path_open(Call& c) {
  PathArg a = path_arg(c, 0, 2, right::kPathOpen);
  if (!a.dir) return a.err;
  uint32_t oflags = c.u32(4), fdflags = c.u32(7);
  uint64_t base = c.u64(5), inh = c.u64(6);
  bool follow = c.u32(1) & kSymlinkFollow;
  if (oflags & ~0xFu || fdflags & ~0x1Fu) return kInval;
  const bool dir_only = oflags & kODirectory;
  if (dir_only && (oflags & (kOCreat | kOExcl | kOTrunc))) return kInval;
  // Write access as wasmtime asks the host for it: fd_write, create, truncate (and
  // append). A directory opened with fd_write rights is EISDIR, as in wasmtime
  // (its test p1_path_open_preopen) and node.
  bool want_write = (base & right::kFdWrite) || (oflags & (kOCreat | kOTrunc)) ||
                    (fdflags & kFdAppend);
  if (want_write && a.dir->read_only) return kPerm;  // as wasmtime
  if ((oflags & kOCreat) && !(a.dir->rights & right::kPathCreateFile)) return kNotcapable;
  if ((oflags & kOTrunc) && !(a.dir->rights & right::kPathFilestatSetSize)) return kNotcapable;
  // New rights are at most what the directory may hand down.
  base &= a.dir->inheriting;
  inh &= a.dir->inheriting;
  bool want_read = base & (right::kFdRead | right::kFdReaddir);
  int flags = want_write ? (want_read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (dir_only) flags |= O_DIRECTORY;
  if (oflags & kOCreat) flags |= O_CREAT;
  if (oflags & kOExcl) flags |= O_EXCL;
  if (oflags & kOTrunc) flags |= O_TRUNC;
  if (fdflags & kFdAppend) flags |= O_APPEND;
  if (fdflags & kFdNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdDsync) flags |= O_DSYNC;
  if (fdflags & (kFdRsync | kFdSync)) flags |= O_SYNC;
  int h = c.ctx.impl().open_beneath(*a.dir, a.path, flags | O_NOCTTY, 0666, follow);
  if (h < 0) return uint32_t(-h);
  WasiCtx::Fd f;
  f.host = h;
  struct stat st;
  f.type = fstat(h, &st) == 0 ? file_type(st.st_mode) : FileType::Unknown;
  f.read_only = a.dir->read_only;
  f.rights = base;
  f.inheriting = inh;
  f.flags = uint16_t(fdflags);
  if (f.type == FileType::Directory) {
    f.rights &= ~right::kNotForDirs;
    f.flags = uint16_t(fdflags & (kFdDsync | kFdRsync | kFdSync));
  }
  uint32_t fd = c.ctx.impl().add(f);
  return c.put<uint32_t>(c.u32(8), fd) ? kSuccess : kFault;
}

uint32_t path_filestat_set_times(Call& c) {
  uint32_t fl = c.u32(6);
  if (uint16_t e = check_fstflags(fl)) return e;
  PathArg a = path_arg(c, 0, 2, right::kPathFilestatSetTimes);
  if (!a.dir) return a.err;
  timespec times[2];
  times_of(c.u64(4), c.u64(5), fl, times);
  auto& im = c.ctx.impl();
  Leaf l;
  if (uint16_t e = im.resolve_leaf(*a.dir, a.path, &l)) return e;
  if ((c.u32(1) & kSymlinkFollow) || l.dot || l.trailing_slash) {
    // Follow the leaf beneath the preopen (a trailing slash follows as on Linux),
    // then act on the object reached.
    int flags = O_PATH | ((l.dot || l.trailing_slash) ? O_DIRECTORY : 0);
    int h = im.open_beneath(*a.dir, a.path, flags, 0, true);
    if (h < 0) return uint32_t(-h);
    return set_times_fd(h, times);
  }
  return sys(utimensat(l.parent, l.name.c_str(), times, AT_SYMLINK_NOFOLLOW));
}

uint32_t path_readlink(Call& c) {
  PathArg a = path_arg(c, 0, 1, right::kPathReadlink);
  if (!a.dir) return a.err;
  uint64_t buf = c.u32(3), len = c.u32(4);
  if (!c.ok(buf, len)) return kFault;
  auto& im = c.ctx.impl();
  Leaf l;
  if (uint16_t e = im.resolve_leaf(*a.dir, a.path, &l)) return e;
  if (l.dot) return kInval;
  if (l.trailing_slash) {
    uint16_t e;
    LeafKind k = slash_leaf(c, a, l, &e);
    if (e) return e;
    return k == LeafKind::Dir || k == LeafKind::SymlinkToDir ? kInval : kNotdir;
  }
  char target[4096];
  ssize_t n = readlinkat(l.parent, l.name.c_str(), target, sizeof target);
  if (n < 0) return from_errno(errno);
  uint64_t used = std::min<uint64_t>(uint64_t(n), len);  // truncated like wasmtime
  std::memcpy(c.mem() + buf, target, used);
  return c.put<uint32_t>(c.u32(5), uint32_t(used)) ? kSuccess : kFault;
}

uint32_t path_symlink(Call& c) {
  std::string target;
  if (!c.str(c.u32(0), c.u32(1), &target)) return kFault;
  PathArg a = path_arg(c, 2, 3, right::kPathSymlink);
  if (!a.dir) return a.err;
  if (uint16_t e = check_guest_path(target)) return e;
  if (target.empty()) return kNoent;
  // An absolute target could only ever point outside the sandbox. (Relative ones may
  // contain "..": they are only ever followed by the resolver, which contains them.)
  if (target[0] == '/') return kNotcapable;
  auto& im = c.ctx.impl();
  Leaf l;
  if (uint16_t e = im.resolve_leaf(*a.dir, a.path, &l)) return e;
  if (l.dot) return kExist;
  if (l.trailing_slash && im.leaf_kind(*a.dir, a.path, l) == LeafKind::Missing) return kNoent;
  return sys(symlinkat(target.c_str(), l.parent, l.name.c_str()));
}

// path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len)
uint32_t path_link(Call& c) {
  PathArg from = path_arg(c, 0, 2, right::kPathLinkSource);
  if (!from.dir) return from.err;
  PathArg to = path_arg(c, 4, 5, right::kPathLinkTarget);
  if (!to.dir) return to.err;
  // Linking what a symlink points to is refused, as wasmtime does (EINVAL).
  if (c.u32(1) & kSymlinkFollow) return kInval;
  auto& im = c.ctx.impl();
  Leaf fl, tl;
  if (uint16_t e = im.resolve_leaf(*from.dir, from.path, &fl)) return e;
  if (fl.dot) return kPerm;  // a directory
  if (fl.trailing_slash) {
    uint16_t e;
    LeafKind k = slash_leaf(c, from, fl, &e);
    if (e) return e;
    return k == LeafKind::Dir || k == LeafKind::SymlinkToDir ? kPerm : kNotdir;
  }
  if (uint16_t e = im.resolve_leaf(*to.dir, to.path, &tl)) return e;
  if (tl.dot) return kExist;
  if (tl.trailing_slash && im.leaf_kind(*to.dir, to.path, tl) == LeafKind::Missing) return kNoent;
  return sys(linkat(fl.parent, fl.name.c_str(), tl.parent, tl.name.c_str(), 0));
}

// path_rename(fd, old_path, old_len, new_fd, new_path, new_len)
uint32_t path_rename(Call& c) {
  PathArg from = path_arg(c, 0, 1, right::kPathRenameSource);
  if (!from.dir) return from.err;
  PathArg to = path_arg(c, 3, 4, right::kPathRenameTarget);
  if (!to.dir) return to.err;
  auto& im = c.ctx.impl();
  Leaf fl, tl;
  if (uint16_t e = im.resolve_leaf(*from.dir, from.path, &fl)) return e;
  if (uint16_t e = im.resolve_leaf(*to.dir, to.path, &tl)) return e;
  if (fl.dot || tl.dot) return kBusy;
  if (fl.trailing_slash || tl.trailing_slash) {
    // A trailing slash on either name says the source is a directory.
    uint16_t e;
    if (slash_leaf(c, from, fl, &e) != LeafKind::Dir) return e ? e : kNotdir;
    LeafKind t = im.leaf_kind(*to.dir, to.path, tl);
    if (t == LeafKind::Outside) return kNotcapable;
    if (t != LeafKind::Missing && t != LeafKind::Dir) return kNotdir;
  }
  return sys(renameat(fl.parent, fl.name.c_str(), tl.parent, tl.name.c_str()));
}

}  // namespace

void add_path_defs(std::vector<WasiDef>& out) {
  // path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting,
  //           fdflags, fd_out)
  out.push_back({"path_open", "iiiiiIIii", path_open});
  out.push_back({"path_filestat_get", "iiiii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 2, right::kPathFilestatGet);
                   if (!a.dir) return a.err;
                   bool follow = c.u32(1) & kSymlinkFollow;
                   int h = c.ctx.impl().open_beneath(*a.dir, a.path, O_PATH, 0, follow);
                   if (h < 0) return uint32_t(-h);
                   struct stat st;
                   int r = fstat(h, &st);
                   int e = errno;
                   ::close(h);
                   if (r != 0) return from_errno(e);
                   return put_filestat(c, c.u32(4), st) ? kSuccess : kFault;
                 }});
  out.push_back({"path_filestat_set_times", "iiiiIIi", path_filestat_set_times});
  out.push_back({"path_create_directory", "iii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 1, right::kPathCreateDirectory);
                   if (!a.dir) return a.err;
                   Leaf l;
                   if (uint16_t e = c.ctx.impl().resolve_leaf(*a.dir, a.path, &l)) return e;
                   if (l.dot) return kExist;
                   return sys(mkdirat(l.parent, l.name.c_str(), 0777));
                 }});
  out.push_back({"path_remove_directory", "iii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 1, right::kPathRemoveDirectory);
                   if (!a.dir) return a.err;
                   Leaf l;
                   if (uint16_t e = c.ctx.impl().resolve_leaf(*a.dir, a.path, &l)) return e;
                   if (l.dot) return l.dot == 1 ? kInval : kNotempty;
                   return sys(unlinkat(l.parent, l.name.c_str(), AT_REMOVEDIR));
                 }});
  out.push_back({"path_unlink_file", "iii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 1, right::kPathUnlinkFile);
                   if (!a.dir) return a.err;
                   auto& im = c.ctx.impl();
                   Leaf l;
                   if (uint16_t e = im.resolve_leaf(*a.dir, a.path, &l)) return e;
                   if (l.dot) return kIsdir;
                   if (l.trailing_slash) {
                     uint16_t e;
                     if (slash_leaf(c, a, l, &e) != LeafKind::Dir) return e ? e : kNotdir;
                   }
                   return sys(unlinkat(l.parent, l.name.c_str(), 0));
                 }});
  out.push_back({"path_readlink", "iiiiii", path_readlink});
  out.push_back({"path_symlink", "iiiii", path_symlink});
  out.push_back({"path_link", "iiiiiii", path_link});
  out.push_back({"path_rename", "iiiiii", path_rename});
}

}  // namespace skiff::wasi
